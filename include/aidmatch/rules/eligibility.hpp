// The first version of the rules: candidate generation through pools and
// pairings, hard eligibility rules, and weighted score terms.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aidmatch/model/dataset.hpp"
#include "aidmatch/rules/policy.hpp"

namespace aidmatch {

// The hard rule that excludes an admitted candidate, checked in this order;
// kNone means eligible.
enum class Exclusion : std::uint8_t {
  kNone,
  kNoCapacity,           // no_capacity: capacity 0
  kCriminalNeedsLawyer,  // criminal_needs_lawyer: criminal case, not a lawyer
  kUniversityScope,      // university_scope: kind outside a university
                         // volunteer's permitted service
  kLifeOrDeathExperience,  // life_or_death_experience: too little criminal
                           // defence (or practice) experience
  kMinorFamiliarity,     // minor_familiarity: not familiar with minors
  kConflictOfInterest,   // conflict_of_interest: provider or firm conflicted
};
inline constexpr std::size_t kExclusionCount = 7;

std::string_view to_string(Exclusion exclusion);

// The route by which a provider became a candidate for a matter.
struct Admission {
  ProviderIndex provider = kNoProvider;
  DispatchMode mode = DispatchMode::kPool;
  // The pairing that admits the provider, or -1. Set even when a pool also
  // admits the provider, because the pairing term rewards it.
  std::int32_t pairing = -1;
};

struct ScoreBreakdown {
  std::array<double, kScoreTermCount> terms{};  // unweighted
  double total = 0.0;                           // sum of weight * term
};

// Candidate generation over the pool indexes and the pairings, with the
// per-pairing provider lists computed once.
class CandidateIndex {
 public:
  explicit CandidateIndex(const Dataset& data);

  // Providers admitted to `matter` by a pool or a valid pairing, each once,
  // in ascending provider index. A firm admits its lawyers. The mode is the
  // first that applies of: pool, project (agreement or project pairing),
  // volunteer action, off-site cooperation, other.
  std::vector<Admission> admissions(const Matter& matter) const;

 private:
  const Dataset& data_;
  // Individuals each pairing admits.
  std::vector<std::vector<ProviderIndex>> pairing_providers_;
  // Pairings whose served region covers each region.
  std::vector<std::vector<std::int32_t>> pairings_serving_;
};

// The first hard rule that `provider` fails for `matter`, or kNone.
Exclusion check_eligibility(const Dataset& data, const Policy& policy,
                            const Matter& matter, ProviderIndex provider);

// Scores an eligible pair. The pairing term is 1 when `admission` names a
// pairing.
ScoreBreakdown score_pair(const Dataset& data, const Policy& policy,
                          const Matter& matter, const Admission& admission);

}  // namespace aidmatch
