// A seeded generator of synthetic providers, pools, pairings and matters
// over real regions. Every value it writes is synthetic; the assumptions are
// listed in data/synthetic/README.md. The output depends only on the options
// and the regions, not on the platform or the standard library.
#pragma once

#include <cstdint>
#include <string>

#include "aidmatch/core/date.hpp"
#include "aidmatch/model/region_graph.hpp"

namespace aidmatch::synth {

struct SyntheticOptions {
  std::uint64_t seed = 20240301;
  std::int32_t lawyers = 3000;
  std::int32_t volunteers = 300;
  std::int32_t matters = 4000;
  // Matter dates are drawn uniformly from this closed range.
  Date first_date = Date::from_ymd(2025, 5, 12);
  Date last_date = Date::from_ymd(2025, 6, 13);
};

// CSV text in the formats of docs/data-format.md.
struct SyntheticTables {
  std::string providers;
  std::string pools;
  std::string pairings;
  std::string matters;
};

// Generates the tables. `regions` must be finalized and carry the
// "resource_short" tags, which steer where help is sent. Throws
// std::invalid_argument for negative counts or an empty date range.
SyntheticTables generate(const RegionGraph& regions,
                         const SyntheticOptions& options);

}  // namespace aidmatch::synth
