// Administrative regions, their dated tags, and the region graph: the
// hierarchy (province, city, county level), pairing edges between regions and
// great-circle travel distances between region seats.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/enums.hpp"

namespace aidmatch {

using RegionIndex = std::int32_t;
inline constexpr RegionIndex kNoRegion = -1;

// A tag such as "mountain", "island" or "resource_short", in force over a
// closed date range. A region may carry the same tag over several ranges.
struct RegionTag {
  std::string name;
  DateRange valid;
};

// One administrative division, keyed by its 6-digit GB/T 2260 code.
struct Region {
  std::string code;
  std::string name;
  RegionLevel level = RegionLevel::kCounty;
  std::string parent_code;  // empty for the root (the province)
  double lat = 0.0;         // degrees; the seat of government
  double lon = 0.0;
  std::vector<RegionTag> tags;
};

// A pairing edge between two regions, directed from the region that sends
// help to the region that receives it.
struct RegionPairingEdge {
  PairingKind kind = PairingKind::kMountainSea;
  DateRange valid;
  std::int32_t pairing = -1;  // index into the data set's pairings
};

// Great-circle distance in kilometres between two points given in degrees
// (haversine, mean Earth radius 6371.0088 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

// Regions with their hierarchy, pairing edges and distances.
//
// Vertices are regions in insertion order, so a RegionIndex is a vertex
// descriptor. Build with add_region() and add_tag(), then call finalize(),
// which checks the hierarchy and stores the distances; queries
// before finalize() throw std::logic_error. Reads are safe from several
// threads once finalized.
class RegionGraph {
 public:
  // Adds a region; throws InputError on a duplicate or malformed code.
  RegionIndex add_region(Region region);
  // Adds a dated tag to a region already added.
  void add_tag(RegionIndex region, RegionTag tag);
  // Links each region to its parent, checks that every parent exists, that
  // the hierarchy has no cycle and that exactly one root exists, and fills
  // the distance matrix when there are at most kDenseDistanceRegions
  // regions. Throws InputError naming the region at fault.
  void finalize();
  // Adds a pairing edge from `sender` to `receiver`.
  void add_pairing_edge(RegionIndex sender, RegionIndex receiver,
                        RegionPairingEdge edge);

  std::size_t size() const { return regions_.size(); }
  const Region& region(RegionIndex index) const { return regions_.at(index); }
  const std::vector<Region>& regions() const { return regions_; }
  std::optional<RegionIndex> find(std::string_view code) const;
  // Throws NotFoundError naming the code.
  RegionIndex at(std::string_view code) const;

  RegionIndex parent(RegionIndex index) const;
  // The prefecture-level city that contains a region: the region itself for
  // a city, kNoRegion for the province.
  RegionIndex city_of(RegionIndex index) const;
  // True when `ancestor` is `region` or one of its ancestors.
  bool covers(RegionIndex ancestor, RegionIndex region) const;
  // The region and its ancestors, nearest first.
  std::vector<RegionIndex> self_and_ancestors(RegionIndex index) const;

  bool has_tag(RegionIndex index, std::string_view tag, Date date) const;

  // Region count up to which finalize() stores the distances between all
  // pairs of seats, 32 MB at the limit. Above it, distance_km() computes
  // each distance when asked, so memory stays linear in the region count.
  // Both ways give the same values.
  static constexpr std::size_t kDenseDistanceRegions = 2048;

  // Great-circle distance in kilometres between the seats of two regions
  // (great_circle_km), 0 for a region and itself.
  double distance_km(RegionIndex a, RegionIndex b) const {
    if (distances_.size() != 0) return distances_(a, b);
    if (a == b) return 0.0;
    const Region& from = regions_[static_cast<std::size_t>(a)];
    const Region& to = regions_[static_cast<std::size_t>(b)];
    return great_circle_km(from.lat, from.lon, to.lat, to.lon);
  }

  // Pairing edges that send help into `receiver` and are valid on `date`,
  // as (sender, edge) pairs.
  std::vector<std::pair<RegionIndex, RegionPairingEdge>> pairings_into(
      RegionIndex receiver, Date date) const;

  std::size_t county_count() const;
  std::size_t city_count() const;

 private:
  struct VertexProps {};
  struct EdgeProps {
    bool is_pairing = false;  // false: parent-to-child hierarchy edge
    RegionPairingEdge pairing;
  };
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS,
                                      boost::bidirectionalS, VertexProps,
                                      EdgeProps>;

  void require_finalized() const;

  std::vector<Region> regions_;
  std::vector<RegionIndex> parent_;
  std::vector<RegionIndex> city_;
  std::unordered_map<std::string, RegionIndex> by_code_;
  Graph graph_;
  Eigen::MatrixXd distances_;
  bool finalized_ = false;
};

// True for exactly six ASCII digits.
bool is_region_code(std::string_view text);

}  // namespace aidmatch
