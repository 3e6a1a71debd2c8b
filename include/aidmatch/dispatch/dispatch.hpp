// One dispatch of a batch of matters: candidates from pools and pairings,
// hard rules, scores, and an exact capacitated assignment.
//
// Each matter is dispatched under the policy in force on its date. Matters
// of one policy are dispatched together, policies in order of their first
// effective day, each batch taking the capacity the earlier ones left.
//
// Under the selection method "optimise" the objective has four levels, in
// order. First the number of matters served. Second, when the policy's
// constraint late_matters_first is on, the number of late matters served.
// Third the total score, with scores rounded to the policy's
// score_resolution. Last the smallest sum of the chosen providers' ranks
// in ascending id order, so that ties go to lower provider ids. Rotation and random draw serve the
// matters one at a time, late ones first, then by date and id.
//
// Before any selection, a matter whose recipient chose an eligible
// provider with capacity gets that provider (constraint
// honour_recipient_choice). With distinct_defenders_per_case_group,
// matters that share a case_group never share a provider.
//
// The result is deterministic: the same data, policies, options and state
// give the same assignment.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aidmatch/core/log.hpp"
#include "aidmatch/dispatch/selection.hpp"
#include "aidmatch/model/dataset.hpp"
#include "aidmatch/rules/eligibility.hpp"
#include "aidmatch/rules/policy.hpp"
#include "aidmatch/solvers/min_cost_flow.hpp"

namespace aidmatch {

// The cause of an unassigned matter.
enum class UnassignedReason : std::uint8_t {
  kNone,               // assigned
  kNoCandidate,        // no_candidate: no pool or pairing covers it
  kNoEligible,         // no_eligible_provider: every candidate was excluded
  kCapacityExhausted,  // capacity_exhausted: eligible providers are full
  kNoPolicy,           // no_policy: no policy is in force on its date
};

std::string_view to_string(UnassignedReason reason);

// The outcome for one matter, with the terms that produced it.
struct Assignment {
  MatterIndex matter = -1;
  ProviderIndex provider = kNoProvider;  // kNoProvider when unassigned
  DispatchMode mode = DispatchMode::kPool;
  std::int32_t pairing = -1;  // the admitting pairing, or -1
  // The agency that assigned the matter, which supervises and pays.
  RegionIndex agency = kNoRegion;
  ScoreBreakdown score;
  double distance_km = 0.0;
  bool cross_county = false;  // provider's home county != serving county
  bool cross_city = false;    // provider's home city != serving city
  std::int32_t candidates = 0;  // admitted by a pool or pairing
  std::int32_t eligible = 0;    // admitted and passing every hard rule
  UnassignedReason reason = UnassignedReason::kNone;
  std::string reason_text;  // empty when assigned
  // Candidates excluded by each rule, indexed as Policy::rules(). Each
  // excluded candidate counts under the first rule it fails.
  std::vector<std::int32_t> excluded;
  // The index of the policy in force (into PolicySet::policies()), or -1.
  std::int32_t policy = -1;
  // The assignment deadline and whether the matter is past it.
  std::optional<Date> deadline;
  bool late = false;
  // Set when the matter went to the provider its recipient chose.
  bool chosen_by_recipient = false;
  // The reason a recipient's choice was not honoured, or empty.
  std::string choice_note;
  // The subsidy for the assignment and who pays it.
  SubsidyDecision subsidy;

  bool assigned() const { return provider != kNoProvider; }
};

struct DispatchStats {
  std::int64_t candidate_pairs = 0;  // admitted (matter, provider) pairs
  std::int64_t eligible_pairs = 0;
  // Phases of the primal-dual method; 0 with network simplex, which does
  // not count them.
  std::int64_t solver_phases = 0;
  double score_seconds = 0.0;
  double solve_seconds = 0.0;
};

struct DispatchResult {
  std::vector<Assignment> assignments;  // one per matter, in input order
  DispatchStats stats;
  double total_score = 0.0;  // sum of the assigned matters' scores
  std::int64_t assigned_count = 0;
  // The selection method used for each policy's batch, and the seed of
  // each random draw, by policy index.
  std::map<std::int32_t, SelectionMethod> selection;
  std::map<std::int32_t, std::uint64_t> seeds;
  // Subsidy totals by payer.
  std::map<std::string, double> subsidy_by_payer;
};

struct DispatchOptions {
  Logger logger;
  // The exact method for the matching. The network simplex is the
  // default: docs/benchmarks.md compares the methods on dispatch batches.
  solvers::MatchingMethod matching_method =
      solvers::MatchingMethod::kNetworkSimplex;
  // Overrides every policy's selection method when set.
  std::optional<SelectionMethod> selection;
  // The seed of a random draw; without it, the policy's seed, and without
  // that a seed derived from the state's draw counter.
  std::optional<std::uint64_t> seed;
  // Rotation cursors and the draw counter, read and advanced by rotation
  // and draw. Without a state they start afresh on every call.
  SelectionState* state = nullptr;
};

// Dispatches every matter of `data` under `policy`. Throws
// std::overflow_error when the score range is too wide for the exact
// integer objective; a coarser policy score_resolution fixes that.
DispatchResult dispatch(const Dataset& data, const PolicySet& policies,
                        const DispatchOptions& options = {});

// Dispatches every matter under one policy. A matter dated outside the
// policy's effective range is still dispatched under it, with a warning in
// the log.
DispatchResult dispatch(const Dataset& data, const Policy& policy,
                        const DispatchOptions& options = {});

}  // namespace aidmatch
