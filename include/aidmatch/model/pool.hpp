// Resource pools (资源库): the provincial pool and one pool per city, each
// listing providers with the service types they offer and the regions they
// serve.
#pragma once

#include <boost/multi_index/composite_key.hpp>
#include <boost/multi_index/member.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aidmatch/model/enums.hpp"
#include "aidmatch/model/provider.hpp"
#include "aidmatch/model/region_graph.hpp"

namespace aidmatch {

enum class MembershipStatus : std::uint8_t { kActive, kSuspended };

// One provider's membership as the pool publishes it.
struct PoolMembership {
  ProviderIndex provider = kNoProvider;
  std::vector<RegionIndex> served_regions;  // in the order they were given
  KindSet service_types;
  MembershipStatus status = MembershipStatus::kActive;
};

// A pool owned by the province or by one city.
//
// Members join with the regions they serve and the matter kinds they take.
// A city or the province as a served region covers every region below it.
// Members can be suspended, resumed or leave, and every change increments
// version(). publish() returns an immutable snapshot that carries the
// version it was taken at, so readers can keep it while the pool changes. A Pool is not synchronised: one
// writer at a time, and readers use snapshots.
class Pool {
 public:
  // `owner` is the province (for the provincial pool) or a city.
  explicit Pool(RegionIndex owner) : owner_(owner) {}

  RegionIndex owner() const { return owner_; }
  std::uint64_t version() const { return version_; }

  // Adds a member. Throws std::invalid_argument when the provider is
  // already a member, or when the served regions or kinds are empty.
  void join(ProviderIndex provider, std::vector<RegionIndex> served_regions,
            KindSet service_types);
  // Suspended members stay listed but are not candidates. Both throw
  // NotFoundError for a provider that is not a member.
  void suspend(ProviderIndex provider);
  void resume(ProviderIndex provider);
  // Removes a member; throws NotFoundError if it is not a member.
  void leave(ProviderIndex provider);

  std::shared_ptr<const Pool> publish() const {
    return std::make_shared<const Pool>(*this);
  }

  bool contains(ProviderIndex provider) const;
  std::size_t member_count() const;
  // Members in ascending provider index.
  std::vector<PoolMembership> members() const;
  std::optional<PoolMembership> membership(ProviderIndex provider) const;

  // Appends to `out` the active members that list exactly `served_region`
  // for `kind`. To get every member covering a county, query the county,
  // its city and the province.
  void append_candidates(RegionIndex served_region, MatterKind kind,
                         std::vector<ProviderIndex>& out) const;

 private:
  // One row per (provider, served region, kind) so that each of the three
  // lookups is an ordered index.
  struct Coverage {
    ProviderIndex provider;
    RegionIndex region;
    MatterKind kind;
    std::uint32_t position;  // order of the region in the join request
    MembershipStatus status;
  };
  struct ByProvider {};
  struct ByRegionKind {};
  struct ByKind {};
  using Rows = boost::multi_index_container<
      Coverage,
      boost::multi_index::indexed_by<
          boost::multi_index::ordered_unique<
              boost::multi_index::tag<ByProvider>,
              boost::multi_index::composite_key<
                  Coverage,
                  boost::multi_index::member<Coverage, ProviderIndex,
                                             &Coverage::provider>,
                  boost::multi_index::member<Coverage, RegionIndex,
                                             &Coverage::region>,
                  boost::multi_index::member<Coverage, MatterKind,
                                             &Coverage::kind>>>,
          boost::multi_index::ordered_non_unique<
              boost::multi_index::tag<ByRegionKind>,
              boost::multi_index::composite_key<
                  Coverage,
                  boost::multi_index::member<Coverage, RegionIndex,
                                             &Coverage::region>,
                  boost::multi_index::member<Coverage, MatterKind,
                                             &Coverage::kind>,
                  boost::multi_index::member<Coverage, ProviderIndex,
                                             &Coverage::provider>>>,
          boost::multi_index::ordered_non_unique<
              boost::multi_index::tag<ByKind>,
              boost::multi_index::member<Coverage, MatterKind,
                                         &Coverage::kind>>>>;

  void set_status(ProviderIndex provider, MembershipStatus status);

  RegionIndex owner_;
  std::uint64_t version_ = 0;
  Rows rows_;
};

}  // namespace aidmatch
