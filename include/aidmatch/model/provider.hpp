// Service providers: law firms, lawyers (each in a firm) and legal-aid
// volunteers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/enums.hpp"
#include "aidmatch/model/region_graph.hpp"

namespace aidmatch {

using ProviderIndex = std::int32_t;
inline constexpr ProviderIndex kNoProvider = -1;

struct Provider {
  std::string id;
  ProviderKind kind = ProviderKind::kLawyer;
  std::string name;
  std::string firm_id;  // lawyers only: the firm the lawyer practises in
  std::string home_region;
  Gender gender = Gender::kUnspecified;
  double practice_years = 0.0;
  double criminal_defence_years = 0.0;
  std::vector<std::string> specialties;  // e.g. "criminal", "labour"
  std::vector<std::string> languages;    // languages and dialects spoken
  bool minors_familiar = false;  // familiar with minors' needs (roster tag)
  VolunteerType volunteer_type = VolunteerType::kNone;
  std::int32_t capacity = 0;      // new matters this provider can take now
  std::int32_t current_load = 0;  // matters already open
  double rating = 0.0;            // quality rating in [0, 5]
  // A judicial office held before practising, and the day it ended.
  FormerOffice former_office = FormerOffice::kNone;
  std::optional<Date> left_office;

  // Filled in by ProviderTable::link().
  RegionIndex home = kNoRegion;
  ProviderIndex firm = kNoProvider;

  bool is_individual() const { return kind != ProviderKind::kFirm; }
  bool speaks(std::string_view language) const;
  bool has_specialty(std::string_view specialty) const;
};

// Providers in input order with an index by id, and each provider's rank in
// ascending id order, which breaks ties between equal assignments.
class ProviderTable {
 public:
  // Adds a provider; throws InputError on a duplicate id.
  ProviderIndex add(Provider provider);
  // Resolves home regions and firms, and ranks providers by id. Throws
  // InputError for an unknown region or firm, or a firm id that names a
  // provider that is not a firm.
  void link(const RegionGraph& regions);

  std::size_t size() const { return providers_.size(); }
  const Provider& operator[](ProviderIndex index) const {
    return providers_[static_cast<std::size_t>(index)];
  }
  Provider& mutable_at(ProviderIndex index) {
    return providers_.at(static_cast<std::size_t>(index));
  }
  const std::vector<Provider>& all() const { return providers_; }
  std::optional<ProviderIndex> find(std::string_view id) const;
  // Throws NotFoundError naming the id.
  ProviderIndex at(std::string_view id) const;
  // Rank of a provider in ascending id order, from 0.
  std::int32_t rank(ProviderIndex index) const {
    return rank_[static_cast<std::size_t>(index)];
  }
  // Lawyers of a firm, in input order.
  const std::vector<ProviderIndex>& members(ProviderIndex firm) const;
  // Individuals (lawyers and volunteers) whose home region is within
  // `region`, in input order.
  std::vector<ProviderIndex> individuals_in(const RegionGraph& regions,
                                            RegionIndex region) const;

 private:
  std::vector<Provider> providers_;
  std::unordered_map<std::string, ProviderIndex> by_id_;
  std::vector<std::int32_t> rank_;
  std::unordered_map<ProviderIndex, std::vector<ProviderIndex>> members_;
  std::vector<std::vector<ProviderIndex>> by_home_;
};

}  // namespace aidmatch
