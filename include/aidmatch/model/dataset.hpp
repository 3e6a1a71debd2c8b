// Everything one dispatch reads: regions, providers, pools, pairings and the
// batch of matters.
#pragma once

#include <vector>

#include "aidmatch/model/matter.hpp"
#include "aidmatch/model/pairing.hpp"
#include "aidmatch/model/pool.hpp"
#include "aidmatch/model/provider.hpp"
#include "aidmatch/model/region_graph.hpp"

namespace aidmatch {

struct Dataset {
  RegionGraph regions;
  ProviderTable providers;
  std::vector<Pool> pools;
  std::vector<Pairing> pairings;
  std::vector<Matter> matters;

  // The pool owned by `owner`, or nullptr.
  const Pool* pool_of(RegionIndex owner) const;
  Pool* pool_of(RegionIndex owner);
};

}  // namespace aidmatch
