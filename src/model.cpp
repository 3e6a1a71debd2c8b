// Region graph, provider table and pools.
#include <algorithm>
#include <boost/graph/topological_sort.hpp>
#include <cmath>
#include <iterator>
#include <numbers>
#include <stdexcept>

#include "aidmatch/core/error.hpp"
#include "aidmatch/model/dataset.hpp"

namespace aidmatch {

// ---------------------------------------------------------------------------
// Regions

bool is_region_code(std::string_view text) {
  return text.size() == 6 &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

RegionIndex RegionGraph::add_region(Region region) {
  if (finalized_) throw std::logic_error("RegionGraph is already finalized");
  if (!is_region_code(region.code)) {
    throw InputError("region code \"" + region.code +
                     "\" is invalid; expected 6 digits (GB/T 2260)");
  }
  const auto index = static_cast<RegionIndex>(regions_.size());
  if (!by_code_.emplace(region.code, index).second) {
    throw InputError("region code " + region.code + " (" + region.name +
                     ") is listed twice; each code may appear once");
  }
  regions_.push_back(std::move(region));
  boost::add_vertex(graph_);
  return index;
}

void RegionGraph::add_tag(RegionIndex region, RegionTag tag) {
  regions_.at(static_cast<std::size_t>(region)).tags.push_back(std::move(tag));
}

void RegionGraph::finalize() {
  const std::size_t n = regions_.size();
  parent_.assign(n, kNoRegion);
  std::size_t roots = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Region& r = regions_[i];
    if (r.parent_code.empty()) {
      ++roots;
      continue;
    }
    const auto parent = find(r.parent_code);
    if (!parent) {
      throw InputError("region " + r.code + " (" + r.name +
                       ") has parent_code " + r.parent_code +
                       ", which is not a listed region; add the parent or "
                       "correct the code");
    }
    parent_[i] = *parent;
    EdgeProps props;
    boost::add_edge(static_cast<std::size_t>(*parent), i, props, graph_);
  }
  if (n > 0 && roots != 1) {
    throw InputError("the region hierarchy has " + std::to_string(roots) +
                     " roots (regions with an empty parent_code); exactly one "
                     "root, the province, is expected");
  }

  // A cycle of parents would make every ancestor walk loop forever.
  try {
    std::vector<std::size_t> order;
    boost::topological_sort(graph_, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    // Walks up from each region in turn and marks the regions of the current
    // walk, so a walk that meets its own mark has found the cycle. Regions
    // marked by an earlier walk end a walk, which keeps the search linear.
    std::vector<std::size_t> walk_of(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      if (walk_of[i] != 0) continue;
      for (RegionIndex r = static_cast<RegionIndex>(i); r != kNoRegion;
           r = parent_[r]) {
        const auto at = static_cast<std::size_t>(r);
        if (walk_of[at] == i + 1) {
          throw InputError("region " + regions_[at].code +
                           " is on a cycle of parent codes; the hierarchy "
                           "must be a tree");
        }
        if (walk_of[at] != 0) break;
        walk_of[at] = i + 1;
      }
    }
    throw InputError("the region hierarchy contains a cycle");
  }

  // Levels must follow the hierarchy: the root is the province, a city
  // sits under the province, and a county-level division under a city or
  // directly under the province (a county-level city the province governs).
  for (std::size_t i = 0; i < n; ++i) {
    const Region& r = regions_[i];
    const bool root = parent_[i] == kNoRegion;
    const RegionLevel parent_level =
        root ? RegionLevel::kProvince : regions_[parent_[i]].level;
    bool valid = false;
    if (r.level == RegionLevel::kProvince) {
      valid = root;
    } else if (r.level == RegionLevel::kCity) {
      valid = !root && parent_level == RegionLevel::kProvince;
    } else {
      valid = !root && (parent_level == RegionLevel::kCity ||
                        parent_level == RegionLevel::kProvince);
    }
    if (!valid) {
      throw InputError(
          "region " + r.code + " (" + r.name + ") has level " +
          std::string(to_string(r.level)) +
          (root ? std::string(" and no parent")
                : " under " + regions_[parent_[i]].code + " of level " +
                      std::string(to_string(parent_level))) +
          "; the root must be the province, cities lie under the province "
          "and county-level divisions under a city or the province");
    }
  }

  city_.assign(n, kNoRegion);
  for (std::size_t i = 0; i < n; ++i) {
    for (RegionIndex r = static_cast<RegionIndex>(i); r != kNoRegion;
         r = parent_[r]) {
      if (regions_[r].level == RegionLevel::kCity) {
        city_[i] = r;
        break;
      }
    }
  }

  distances_.resize(0, 0);
  if (n > kDenseDistanceRegions) {
    finalized_ = true;
    return;
  }
  distances_.resize(static_cast<Eigen::Index>(n),
                    static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      distances_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          i == j ? 0.0
                 : great_circle_km(regions_[i].lat, regions_[i].lon,
                                   regions_[j].lat, regions_[j].lon);
    }
  }
  finalized_ = true;
}

void RegionGraph::require_finalized() const {
  if (!finalized_) {
    throw std::logic_error("RegionGraph::finalize() has not been called");
  }
}

void RegionGraph::add_pairing_edge(RegionIndex sender, RegionIndex receiver,
                                   RegionPairingEdge edge) {
  require_finalized();
  EdgeProps props;
  props.is_pairing = true;
  props.pairing = edge;
  boost::add_edge(static_cast<std::size_t>(sender),
                  static_cast<std::size_t>(receiver), props, graph_);
}

std::optional<RegionIndex> RegionGraph::find(std::string_view code) const {
  const auto it = by_code_.find(std::string(code));
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

RegionIndex RegionGraph::at(std::string_view code) const {
  const auto index = find(code);
  if (!index) {
    throw NotFoundError("region code " + message_excerpt(code) +
                        " is not listed");
  }
  return *index;
}

RegionIndex RegionGraph::parent(RegionIndex index) const {
  require_finalized();
  return parent_.at(static_cast<std::size_t>(index));
}

RegionIndex RegionGraph::city_of(RegionIndex index) const {
  require_finalized();
  return city_.at(static_cast<std::size_t>(index));
}

bool RegionGraph::covers(RegionIndex ancestor, RegionIndex region) const {
  require_finalized();
  for (RegionIndex r = region; r != kNoRegion; r = parent_[r]) {
    if (r == ancestor) return true;
  }
  return false;
}

std::vector<RegionIndex> RegionGraph::self_and_ancestors(
    RegionIndex index) const {
  require_finalized();
  std::vector<RegionIndex> out;
  for (RegionIndex r = index; r != kNoRegion; r = parent_[r]) out.push_back(r);
  return out;
}

bool RegionGraph::has_tag(RegionIndex index, std::string_view tag,
                          Date date) const {
  const auto& tags = regions_.at(static_cast<std::size_t>(index)).tags;
  return std::any_of(tags.begin(), tags.end(), [&](const RegionTag& t) {
    return t.name == tag && t.valid.contains(date);
  });
}

std::vector<std::pair<RegionIndex, RegionPairingEdge>>
RegionGraph::pairings_into(RegionIndex receiver, Date date) const {
  require_finalized();
  std::vector<std::pair<RegionIndex, RegionPairingEdge>> out;
  const auto [begin, end] =
      boost::in_edges(static_cast<std::size_t>(receiver), graph_);
  for (auto it = begin; it != end; ++it) {
    const EdgeProps& props = graph_[*it];
    if (props.is_pairing && props.pairing.valid.contains(date)) {
      out.emplace_back(static_cast<RegionIndex>(boost::source(*it, graph_)),
                       props.pairing);
    }
  }
  return out;
}

std::size_t RegionGraph::county_count() const {
  return static_cast<std::size_t>(
      std::count_if(regions_.begin(), regions_.end(),
                    [](const Region& r) { return is_county_level(r.level); }));
}

std::size_t RegionGraph::city_count() const {
  return static_cast<std::size_t>(
      std::count_if(regions_.begin(), regions_.end(), [](const Region& r) {
        return r.level == RegionLevel::kCity;
      }));
}

// ---------------------------------------------------------------------------
// Providers

bool Provider::speaks(std::string_view language) const {
  return std::find(languages.begin(), languages.end(), language) !=
         languages.end();
}

bool Provider::has_specialty(std::string_view specialty) const {
  return std::find(specialties.begin(), specialties.end(), specialty) !=
         specialties.end();
}

ProviderIndex ProviderTable::add(Provider provider) {
  const auto index = static_cast<ProviderIndex>(providers_.size());
  if (!by_id_.emplace(provider.id, index).second) {
    throw InputError("provider id \"" + provider.id +
                     "\" is listed twice; provider ids must be unique");
  }
  providers_.push_back(std::move(provider));
  return index;
}

void ProviderTable::link(const RegionGraph& regions) {
  members_.clear();
  by_home_.assign(regions.size(), {});
  for (std::size_t i = 0; i < providers_.size(); ++i) {
    Provider& p = providers_[i];
    const auto home = regions.find(p.home_region);
    if (!home) {
      throw InputError("provider " + p.id + ": home_region \"" +
                       p.home_region + "\" is not a listed region code");
    }
    p.home = *home;
    p.firm = kNoProvider;
    if (!p.firm_id.empty()) {
      const auto firm = find(p.firm_id);
      if (!firm || providers_[*firm].kind != ProviderKind::kFirm) {
        throw InputError("provider " + p.id + ": firm_id \"" + p.firm_id +
                         "\" does not name a provider of kind firm");
      }
      p.firm = *firm;
      members_[*firm].push_back(static_cast<ProviderIndex>(i));
    }
    if (p.is_individual()) {
      by_home_[static_cast<std::size_t>(p.home)].push_back(
          static_cast<ProviderIndex>(i));
    }
  }

  std::vector<ProviderIndex> order(providers_.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = static_cast<ProviderIndex>(i);
  }
  std::sort(order.begin(), order.end(), [&](ProviderIndex a, ProviderIndex b) {
    return providers_[a].id < providers_[b].id;
  });
  rank_.assign(providers_.size(), 0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    rank_[static_cast<std::size_t>(order[r])] = static_cast<std::int32_t>(r);
  }
}

std::optional<ProviderIndex> ProviderTable::find(std::string_view id) const {
  const auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

ProviderIndex ProviderTable::at(std::string_view id) const {
  const auto index = find(id);
  if (!index) {
    throw NotFoundError("provider id \"" + message_excerpt(id) +
                        "\" is not listed");
  }
  return *index;
}

const std::vector<ProviderIndex>& ProviderTable::members(
    ProviderIndex firm) const {
  static const std::vector<ProviderIndex> kNone;
  const auto it = members_.find(firm);
  return it == members_.end() ? kNone : it->second;
}

std::vector<ProviderIndex> ProviderTable::individuals_in(
    const RegionGraph& regions, RegionIndex region) const {
  std::vector<ProviderIndex> out;
  for (std::size_t r = 0; r < by_home_.size(); ++r) {
    if (!by_home_[r].empty() &&
        regions.covers(region, static_cast<RegionIndex>(r))) {
      out.insert(out.end(), by_home_[r].begin(), by_home_[r].end());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------
// Pools

void Pool::join(ProviderIndex provider, std::vector<RegionIndex> served_regions,
                KindSet service_types) {
  if (contains(provider)) {
    throw std::invalid_argument("provider index " + std::to_string(provider) +
                                " is already a member of this pool");
  }
  if (served_regions.empty() || service_types.empty()) {
    throw std::invalid_argument(
        "a pool member needs at least one served region and one service "
        "type");
  }
  std::uint32_t position = 0;
  for (RegionIndex region : served_regions) {
    for (int k = 0; k < kMatterKindCount; ++k) {
      const auto kind = static_cast<MatterKind>(k);
      if (service_types.contains(kind)) {
        rows_.insert(Coverage{provider, region, kind, position,
                              MembershipStatus::kActive});
      }
    }
    ++position;
  }
  ++version_;
}

void Pool::set_status(ProviderIndex provider, MembershipStatus status) {
  auto& index = rows_.get<ByProvider>();
  auto [begin, end] = index.equal_range(boost::make_tuple(provider));
  if (begin == end) {
    throw NotFoundError("provider index " + std::to_string(provider) +
                        " is not a member of this pool");
  }
  for (auto it = begin; it != end; ++it) {
    index.modify(it, [status](Coverage& row) { row.status = status; });
  }
  ++version_;
}

void Pool::suspend(ProviderIndex provider) {
  set_status(provider, MembershipStatus::kSuspended);
}

void Pool::resume(ProviderIndex provider) {
  set_status(provider, MembershipStatus::kActive);
}

void Pool::leave(ProviderIndex provider) {
  auto& index = rows_.get<ByProvider>();
  auto [begin, end] = index.equal_range(boost::make_tuple(provider));
  if (begin == end) {
    throw NotFoundError("provider index " + std::to_string(provider) +
                        " is not a member of this pool");
  }
  index.erase(begin, end);
  ++version_;
}

bool Pool::contains(ProviderIndex provider) const {
  const auto& index = rows_.get<ByProvider>();
  return index.find(boost::make_tuple(provider)) != index.end();
}

std::size_t Pool::member_count() const {
  std::size_t count = 0;
  ProviderIndex last = kNoProvider;
  for (const Coverage& row : rows_.get<ByProvider>()) {
    if (row.provider != last) ++count;
    last = row.provider;
  }
  return count;
}

std::vector<PoolMembership> Pool::members() const {
  // Rows come ordered by (provider, region, kind); collect each provider's
  // regions with their join position, then restore the join order.
  std::vector<PoolMembership> out;
  std::vector<std::pair<std::uint32_t, RegionIndex>> regions;
  auto finish = [&]() {
    std::sort(regions.begin(), regions.end());
    regions.erase(std::unique(regions.begin(), regions.end()), regions.end());
    for (const auto& entry : regions) {
      out.back().served_regions.push_back(entry.second);
    }
    regions.clear();
  };
  for (const Coverage& row : rows_.get<ByProvider>()) {
    if (out.empty() || out.back().provider != row.provider) {
      if (!out.empty()) finish();
      out.push_back(PoolMembership{row.provider, {}, KindSet{}, row.status});
    }
    out.back().service_types.insert(row.kind);
    regions.emplace_back(row.position, row.region);
  }
  if (!out.empty()) finish();
  return out;
}

std::optional<PoolMembership> Pool::membership(ProviderIndex provider) const {
  for (PoolMembership& m : members()) {
    if (m.provider == provider) return m;
  }
  return std::nullopt;
}

void Pool::append_candidates(RegionIndex served_region, MatterKind kind,
                             std::vector<ProviderIndex>& out) const {
  const auto& index = rows_.get<ByRegionKind>();
  auto [begin, end] = index.equal_range(boost::make_tuple(served_region, kind));
  for (auto it = begin; it != end; ++it) {
    if (it->status == MembershipStatus::kActive) out.push_back(it->provider);
  }
}

// ---------------------------------------------------------------------------
// Dataset

const Pool* Dataset::pool_of(RegionIndex owner) const {
  for (const Pool& pool : pools) {
    if (pool.owner() == owner) return &pool;
  }
  return nullptr;
}

Pool* Dataset::pool_of(RegionIndex owner) {
  for (Pool& pool : pools) {
    if (pool.owner() == owner) return &pool;
  }
  return nullptr;
}

}  // namespace aidmatch
