// Fuzzes io::Table::parse and io::load_regions, followed by
// RegionGraph::finalize as io::load_dataset runs it, on a regions file.
//
// Input: a selector byte, then the file. Selector '0' (any even value)
// reads the file as CSV, '1' (any odd value) as JSON. The documented error
// is InputError; any other exception, a crash or a sanitizer report is a
// finding. So is a finalized graph whose queries disagree: more or less
// than one root, an ancestor chain that misses it, a city_of() that is not
// a city, or a distance that is negative or not finite.
#include <cmath>

#include "aidmatch/aidmatch.hpp"
#include "harness.hpp"

using namespace aidmatch;

namespace {

void check_queries(const RegionGraph& regions) {
  const auto count = static_cast<RegionIndex>(regions.size());
  RegionIndex root = kNoRegion;
  int roots = 0;
  for (RegionIndex i = 0; i < count; ++i) {
    if (regions.parent(i) == kNoRegion) {
      root = i;
      ++roots;
    }
  }
  if (roots != 1) fuzz::fail("a finalized region graph has not one root");
  for (RegionIndex i = 0; i < count; ++i) {
    const auto chain = regions.self_and_ancestors(i);
    if (chain.empty() || chain.front() != i || chain.back() != root) {
      fuzz::fail("an ancestor chain does not run from the region to the root");
    }
    if (!regions.covers(root, i)) fuzz::fail("the root does not cover a region");
    const RegionIndex city = regions.city_of(i);
    if (city != kNoRegion && regions.region(city).level != RegionLevel::kCity) {
      fuzz::fail("city_of returned a region that is not a city");
    }
    const double distance = regions.distance_km(i, root);
    if (!std::isfinite(distance) || distance < 0.0) {
      fuzz::fail("a distance is negative or not finite");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const bool json = fuzz::selector(data[0], 2) == 1;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  try {
    const io::Table table =
        io::Table::parse(json ? "regions.json" : "regions.csv", text);
    RegionGraph regions;
    io::load_regions(table, regions);
    regions.finalize();
    check_queries(regions);
  } catch (const InputError&) {
  }
  return 0;
}
