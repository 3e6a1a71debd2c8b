// Candidate generation: the providers that a pool or a pairing admits to a
// matter, before any policy rule is applied. Policy (policy.hpp) decides
// which of them are eligible and scores them.
#pragma once

#include <cstdint>
#include <vector>

#include "aidmatch/model/dataset.hpp"

namespace aidmatch {

// The route by which a provider became a candidate for a matter.
struct Admission {
  ProviderIndex provider = kNoProvider;
  DispatchMode mode = DispatchMode::kPool;
  // The pairing that admits the provider, or -1. Set even when a pool also
  // admits the provider, because the pairing term rewards it.
  std::int32_t pairing = -1;
};

// Candidate generation over the pool indexes and the pairings, with the
// per-pairing provider lists computed once. Construction takes
// O(pairings x regions) time; the index keeps a reference to `data`, which
// must outlive it.
class CandidateIndex {
 public:
  explicit CandidateIndex(const Dataset& data);

  // Providers admitted to `matter` by a pool or a valid pairing, each once,
  // in ascending provider index. A firm admits its lawyers. The mode is the
  // first that applies of: pool, project (agreement or project pairing),
  // volunteer action, off-site cooperation, other. Takes time linear in the
  // pool entries and pairing members that cover the matter's region, plus
  // a sort of the admissions found.
  std::vector<Admission> admissions(const Matter& matter) const;

 private:
  const Dataset& data_;
  // Individuals each pairing admits.
  std::vector<std::vector<ProviderIndex>> pairing_providers_;
  // Pairings whose served region covers each region.
  std::vector<std::vector<std::int32_t>> pairings_serving_;
};

}  // namespace aidmatch
