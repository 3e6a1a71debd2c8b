// Dispatch: candidates, rules and scores into a capacitated matching.
#include "aidmatch/dispatch/dispatch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "aidmatch/solvers/min_cost_flow.hpp"

#include "aidmatch/detail/int128.hpp"

namespace aidmatch {

std::string_view to_string(UnassignedReason reason) {
  switch (reason) {
    case UnassignedReason::kNone: return "";
    case UnassignedReason::kNoCandidate: return "no_candidate";
    case UnassignedReason::kNoEligible: return "no_eligible_provider";
    case UnassignedReason::kCapacityExhausted: return "capacity_exhausted";
    case UnassignedReason::kNoPolicy: return "no_policy";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string exclusion_summary(const Policy& policy, const Assignment& a) {
  std::ostringstream text;
  if (a.candidates == 1) {
    text << "the only candidate is excluded:";
  } else {
    text << "all " << a.candidates << " candidates are excluded:";
  }
  bool first = true;
  for (std::size_t e = 0; e < a.excluded.size(); ++e) {
    if (a.excluded[e] == 0) continue;
    text << (first ? " " : ", ") << policy.rules()[e].id << " "
         << a.excluded[e];
    first = false;
  }
  return text.str();
}

std::string no_candidate_text(const Dataset& data, const Matter& m) {
  const Region& region = data.regions.region(m.serving);
  return "no pool member or valid pairing admits a provider for " +
         std::string(to_string(m.kind)) + " in " + region.code + " " +
         region.name + " on " + m.date.to_string();
}

// A pair of one matter and one eligible provider.
struct EligiblePair {
  Admission admission;
  ScoreBreakdown score;
};

// The facts, eligible pairs and choice of each matter of a batch.
struct MatterState {
  std::optional<MatterFacts> facts;
  std::vector<EligiblePair> pairs;  // in ascending provider index
  std::int32_t group = -1;          // case group index, or -1
  std::int64_t chosen_pair = -1;    // index into pairs, or -1
  // The first rule that excluded the recipient's chosen provider, or -1.
  int chosen_rule = -1;
  bool chosen_admitted = false;
};

// Everything the batches of one dispatch share.
struct Shared {
  const Dataset& data;
  const DispatchOptions& options;
  DispatchResult& result;
  std::vector<std::int32_t> capacity;  // remaining, by provider
  // Providers already serving each case group, across batches.
  std::set<std::pair<std::string, ProviderIndex>> group_taken;
};

bool group_allows(const Shared& shared, const Matter& matter,
                  ProviderIndex provider, bool distinct) {
  return !distinct || matter.case_group.empty() ||
         shared.group_taken.count({matter.case_group, provider}) == 0;
}

void solve_optimise(Shared& shared, const Policy& policy,
                    const std::vector<MatterIndex>& batch,
                    std::vector<MatterState>& states,
                    const std::vector<std::size_t>& open);

// Serves the matters of one policy's batch.
void dispatch_batch(Shared& shared, const Policy& policy,
                    std::int32_t policy_index,
                    const std::vector<MatterIndex>& batch) {
  const Dataset& data = shared.data;
  const Logger& log = shared.options.logger;
  DispatchResult& result = shared.result;
  const PolicyConstraints& constraints = policy.constraints();
  const bool distinct = constraints.distinct_defenders_per_case_group;

  // Step 1: candidates, hard rules and scores.
  const auto score_start = Clock::now();
  const CandidateIndex index(data);
  std::vector<MatterState> states(batch.size());
  std::map<std::string, std::int32_t> group_index;
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const Matter& matter = data.matters[batch[k]];
    Assignment& a = result.assignments[batch[k]];
    MatterState& state = states[k];
    a.excluded.assign(policy.rules().size(), 0);
    a.policy = policy_index;
    state.facts.emplace(policy.facts(data, matter));
    a.late = state.facts->late();
    if (matter.notified) a.deadline = *matter.notified + policy.deadline_days();
    if (distinct && !matter.case_group.empty()) {
      state.group = group_index
                        .try_emplace(matter.case_group,
                                     static_cast<std::int32_t>(group_index.size()))
                        .first->second;
    }
    for (const Admission& admission : index.admissions(matter)) {
      ++a.candidates;
      const bool chosen = admission.provider == matter.chosen;
      state.chosen_admitted = state.chosen_admitted || chosen;
      const int failed = policy.first_failed_rule(data, *state.facts, admission);
      if (failed >= 0) {
        ++a.excluded[static_cast<std::size_t>(failed)];
        if (chosen) state.chosen_rule = failed;
        continue;
      }
      ++a.eligible;
      state.pairs.push_back(
          {admission, policy.score(data, *state.facts, admission)});
    }
    result.stats.candidate_pairs += a.candidates;
    result.stats.eligible_pairs += a.eligible;
  }
  result.stats.score_seconds += seconds_since(score_start);
  log.info("policy " + policy.name() + " " + policy.version() + ": scored " +
           std::to_string(result.stats.eligible_pairs) +
           " eligible pairs for " + std::to_string(batch.size()) + " matters");

  // Case groups numbered in the order of their names, not of the input
  // rows, so that the grouped network and its solution do not depend on
  // the order of the matters file.
  if (!group_index.empty()) {
    std::vector<std::int32_t> renumbered(group_index.size());
    std::int32_t next = 0;
    for (const auto& [name, index] : group_index) renumbered[index] = next++;
    for (MatterState& state : states) {
      if (state.group >= 0) state.group = renumbered[state.group];
    }
  }

  // Matters in id order, the order of every later step.
  std::vector<std::size_t> by_id(batch.size());
  for (std::size_t k = 0; k < batch.size(); ++k) by_id[k] = k;
  std::sort(by_id.begin(), by_id.end(), [&](std::size_t x, std::size_t y) {
    return data.matters[batch[x]].id < data.matters[batch[y]].id;
  });

  // Step 2: the recipient's own choice, when that provider is eligible and
  // has room.
  for (std::size_t k : by_id) {
    const Matter& matter = data.matters[batch[k]];
    if (matter.chosen == kNoProvider) continue;
    Assignment& a = result.assignments[batch[k]];
    MatterState& state = states[k];
    const std::string& chosen_id = data.providers[matter.chosen].id;
    if (!constraints.honour_recipient_choice) {
      a.choice_note = "the policy does not honour recipients' choices";
      continue;
    }
    if (!state.chosen_admitted) {
      a.choice_note = "the chosen provider " + chosen_id +
                      " is not admitted by any pool or valid pairing";
      continue;
    }
    if (state.chosen_rule >= 0) {
      a.choice_note = "the chosen provider " + chosen_id +
                      " is excluded by rule " +
                      policy.rules()[static_cast<std::size_t>(state.chosen_rule)].id;
      continue;
    }
    if (shared.capacity[matter.chosen] <= 0) {
      a.choice_note = "the chosen provider " + chosen_id + " is at capacity";
      continue;
    }
    if (!group_allows(shared, matter, matter.chosen, distinct)) {
      a.choice_note = "the chosen provider " + chosen_id +
                      " already serves a co-defendant of this case";
      continue;
    }
    for (std::size_t p = 0; p < state.pairs.size(); ++p) {
      if (state.pairs[p].admission.provider != matter.chosen) continue;
      state.chosen_pair = static_cast<std::int64_t>(p);
      a.chosen_by_recipient = true;
      --shared.capacity[matter.chosen];
      if (distinct && !matter.case_group.empty()) {
        shared.group_taken.insert({matter.case_group, matter.chosen});
      }
      break;
    }
  }

  // Step 3: selection among the remaining matters.
  const SelectionMethod method =
      shared.options.selection.value_or(policy.selection_method());
  result.selection[policy_index] = method;
  std::vector<std::size_t> open;
  for (std::size_t k : by_id) {
    if (states[k].chosen_pair < 0) open.push_back(k);
  }
  const auto solve_start = Clock::now();
  if (method == SelectionMethod::kOptimise) {
    solve_optimise(shared, policy, batch, states, open);
  } else {
    // Late matters first, then by date, then by id.
    std::stable_sort(open.begin(), open.end(), [&](std::size_t x, std::size_t y) {
      const Assignment& ax = result.assignments[batch[x]];
      const Assignment& ay = result.assignments[batch[y]];
      if (ax.late != ay.late) return ax.late;
      return data.matters[batch[x]].date < data.matters[batch[y]].date;
    });
    std::vector<SelectionMatter> selection;
    for (std::size_t k : open) {
      const Matter& matter = data.matters[batch[k]];
      SelectionMatter entry{batch[k], matter.assigning_region, states[k].group, {}};
      for (const EligiblePair& pair : states[k].pairs) {
        if (group_allows(shared, matter, pair.admission.provider, distinct)) {
          entry.candidates.push_back(pair.admission.provider);
        }
      }
      selection.push_back(std::move(entry));
    }
    SelectionState local;
    SelectionState& state =
        shared.options.state != nullptr ? *shared.options.state : local;
    std::vector<ProviderIndex> picks;
    if (method == SelectionMethod::kRotation) {
      picks = select_by_rotation(data, selection, shared.capacity,
                                 policy.rotation_scope() == RotationScope::kFirm,
                                 state);
    } else {
      const std::uint64_t seed = shared.options.seed.value_or(
          policy.seed().value_or(0x5eed0000ULL + state.draws));
      ++state.draws;
      result.seeds[policy_index] = seed;
      picks = select_by_draw(data, selection, shared.capacity, seed);
    }
    for (std::size_t i = 0; i < open.size(); ++i) {
      if (picks[i] == kNoProvider) continue;
      MatterState& state_k = states[open[i]];
      for (std::size_t p = 0; p < state_k.pairs.size(); ++p) {
        if (state_k.pairs[p].admission.provider == picks[i]) {
          state_k.chosen_pair = static_cast<std::int64_t>(p);
          break;
        }
      }
      const Matter& matter = data.matters[batch[open[i]]];
      if (distinct && !matter.case_group.empty()) {
        shared.group_taken.insert({matter.case_group, picks[i]});
      }
    }
  }
  result.stats.solve_seconds += seconds_since(solve_start);

  // Step 4: read back assignments, subsidies and reasons.
  for (std::size_t k = 0; k < batch.size(); ++k) {
    const Matter& matter = data.matters[batch[k]];
    Assignment& a = result.assignments[batch[k]];
    const MatterState& state = states[k];
    if (state.chosen_pair < 0) {
      if (a.candidates == 0) {
        a.reason = UnassignedReason::kNoCandidate;
        a.reason_text = no_candidate_text(data, matter);
      } else if (a.eligible == 0) {
        a.reason = UnassignedReason::kNoEligible;
        a.reason_text = exclusion_summary(policy, a);
      } else {
        a.reason = UnassignedReason::kCapacityExhausted;
        a.reason_text =
            (a.eligible == 1 ? std::string("the only eligible provider is")
                             : "all " + std::to_string(a.eligible) +
                                   " eligible providers are") +
            " at capacity with matters that have no other provider or a "
            "higher score";
        if (distinct && !matter.case_group.empty()) {
          a.reason_text += ", or serving a co-defendant of this case";
        }
      }
      continue;
    }
    const EligiblePair& pair = state.pairs[static_cast<std::size_t>(state.chosen_pair)];
    const Provider& provider = data.providers[pair.admission.provider];
    a.provider = pair.admission.provider;
    a.mode = pair.admission.mode;
    a.pairing = pair.admission.pairing;
    a.score = pair.score;
    a.distance_km = data.regions.distance_km(provider.home, matter.serving);
    a.cross_county = provider.home != matter.serving;
    a.cross_city = data.regions.city_of(provider.home) !=
                   data.regions.city_of(matter.serving);
    a.subsidy = policy.subsidy(data, *state.facts, pair.admission);
    result.subsidy_by_payer[a.subsidy.payer] += a.subsidy.amount;
    result.total_score += a.score.total;
    ++result.assigned_count;
  }
}

// The score-maximising selection: one exact capacitated matching over the
// open matters of a batch.
void solve_optimise(Shared& shared, const Policy& policy,
                    const std::vector<MatterIndex>& batch,
                    std::vector<MatterState>& states,
                    const std::vector<std::size_t>& open) {
  const Dataset& data = shared.data;
  const bool distinct = policy.constraints().distinct_defenders_per_case_group;
  const bool late_first = policy.constraints().late_matters_first;
  const auto rows = static_cast<std::int32_t>(open.size());

  // Allowed pairs: eligible, and not a provider that already serves a
  // co-defendant from the recipient-choice step or an earlier batch.
  std::vector<std::vector<std::int64_t>> allowed(open.size());
  std::vector<std::int32_t> column_of_provider(data.providers.size(), -1);
  std::vector<ProviderIndex> providers;
  for (std::size_t r = 0; r < open.size(); ++r) {
    const Matter& matter = data.matters[batch[open[r]]];
    const MatterState& state = states[open[r]];
    for (std::size_t p = 0; p < state.pairs.size(); ++p) {
      const ProviderIndex provider = state.pairs[p].admission.provider;
      if (!group_allows(shared, matter, provider, distinct)) continue;
      allowed[r].push_back(static_cast<std::int64_t>(p));
      if (column_of_provider[provider] < 0) {
        column_of_provider[provider] = 0;
        providers.push_back(provider);
      }
    }
  }
  // Columns ordered by provider id, so that a lower id gets a larger
  // tie-break value.
  std::sort(providers.begin(), providers.end(),
            [&](ProviderIndex x, ProviderIndex y) {
              return data.providers.rank(x) < data.providers.rank(y);
            });
  const auto columns = static_cast<std::int32_t>(providers.size());
  std::int64_t total_capacity = 0;
  for (std::int32_t c = 0; c < columns; ++c) {
    column_of_provider[providers[c]] = c;
    total_capacity += std::max(shared.capacity[providers[c]], 0);
  }

  // Integer weights: the rounded score scaled above the largest possible
  // sum of tie-break values, plus the provider's tie-break value, plus a
  // bonus for late matters above any total score difference.
  using aidmatch::detail::Int128;
  const std::int64_t tie_span = std::max<std::int64_t>(columns - 1, 0);
  const Int128 scale =
      static_cast<Int128>(std::min<std::int64_t>(rows, total_capacity)) *
          tie_span + 1;
  const Int128 node_count = static_cast<Int128>(rows) + columns + 2;
  const Int128 limit = (static_cast<Int128>(1) << 60) / node_count;
  auto too_wide = [&](double score) {
    char message[320];
    std::snprintf(message, sizeof message,
                  "a score of %.6g at resolution %.6g with %d providers and "
                  "%d matters exceeds the exact integer range of the "
                  "solver; raise the policy's score_resolution, "
                  "lower its weights or dispatch a smaller batch",
                  score, policy.score_resolution(), columns, rows);
    return std::overflow_error(message);
  };
  solvers::CapacitatedMatchingProblem problem;
  problem.rows = rows;
  problem.columns = columns;
  problem.row_start.push_back(0);
  std::vector<std::int64_t> pair_of_arc;
  Int128 lowest = 0;
  Int128 highest = 0;
  for (std::size_t r = 0; r < open.size(); ++r) {
    const MatterState& state = states[open[r]];
    std::vector<std::int64_t>& arcs = allowed[r];
    std::sort(arcs.begin(), arcs.end(), [&](std::int64_t x, std::int64_t y) {
      return column_of_provider[state.pairs[x].admission.provider] <
             column_of_provider[state.pairs[y].admission.provider];
    });
    for (std::int64_t p : arcs) {
      const EligiblePair& pair = state.pairs[static_cast<std::size_t>(p)];
      const std::int32_t column = column_of_provider[pair.admission.provider];
      const double units =
          std::round(pair.score.total / policy.score_resolution());
      if (!std::isfinite(units) || std::fabs(units) > 4e18) {
        throw too_wide(pair.score.total);
      }
      const Int128 weight = static_cast<Int128>(units) * scale +
                            (columns - 1 - column);
      if (weight >= limit || weight <= -limit) throw too_wide(pair.score.total);
      lowest = pair_of_arc.empty() ? weight : std::min(lowest, weight);
      highest = pair_of_arc.empty() ? weight : std::max(highest, weight);
      problem.arc_column.push_back(column);
      problem.arc_weight.push_back(static_cast<std::int64_t>(weight));
      pair_of_arc.push_back(p);
    }
    problem.row_start.push_back(static_cast<std::int64_t>(pair_of_arc.size()));
  }
  if (late_first) {
    // Any matching's total weight varies by less than rows * (highest -
    // lowest) + 1, so one more late matter served outweighs every such
    // difference.
    const Int128 bonus = static_cast<Int128>(rows) * (highest - lowest) + 1;
    for (std::size_t r = 0; r < open.size(); ++r) {
      if (!shared.result.assignments[batch[open[r]]].late) continue;
      for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
           ++a) {
        const Int128 weight = problem.arc_weight[a] + bonus;
        if (weight >= limit) {
          throw too_wide(states[open[r]].pairs[pair_of_arc[a]].score.total);
        }
        problem.arc_weight[a] = static_cast<std::int64_t>(weight);
      }
    }
  }
  problem.capacity.reserve(providers.size());
  for (ProviderIndex p : providers) {
    problem.capacity.push_back(std::max(shared.capacity[p], 0));
  }
  if (distinct) {
    problem.row_group.reserve(open.size());
    for (std::size_t k : open) problem.row_group.push_back(states[k].group);
  }

  const solvers::CapacitatedMatchingResult matching =
      solvers::solve_capacitated_matching(problem,
                                          shared.options.matching_method);
  shared.result.stats.solver_phases += matching.phases;
  shared.options.logger.info("solved the matching: " +
                             std::to_string(matching.matched) + " of " +
                             std::to_string(rows) + " matters served");
  for (std::size_t r = 0; r < open.size(); ++r) {
    const std::int64_t arc = matching.arc_of_row[r];
    if (arc < 0) continue;
    MatterState& state = states[open[r]];
    state.chosen_pair = pair_of_arc[static_cast<std::size_t>(arc)];
    const ProviderIndex provider =
        state.pairs[static_cast<std::size_t>(state.chosen_pair)].admission.provider;
    --shared.capacity[provider];
    const Matter& matter = data.matters[batch[open[r]]];
    if (distinct && !matter.case_group.empty()) {
      shared.group_taken.insert({matter.case_group, provider});
    }
  }
}

DispatchResult run(const Dataset& data,
                   const std::vector<const Policy*>& policies,
                   const std::vector<std::int32_t>& policy_of_matter,
                   const DispatchOptions& options) {
  DispatchResult result;
  result.assignments.resize(data.matters.size());
  Shared shared{data, options, result, {}, {}};
  shared.capacity.reserve(data.providers.size());
  for (const Provider& p : data.providers.all()) {
    shared.capacity.push_back(p.capacity);
  }
  std::vector<std::vector<MatterIndex>> batches(policies.size());
  for (std::size_t i = 0; i < data.matters.size(); ++i) {
    Assignment& a = result.assignments[i];
    a.matter = static_cast<MatterIndex>(i);
    a.agency = data.matters[i].assigning;
    const std::int32_t p = policy_of_matter[i];
    if (p < 0) {
      a.reason = UnassignedReason::kNoPolicy;
      a.reason_text = "no policy is in force on " +
                      data.matters[i].date.to_string() +
                      "; add a policy whose effective dates cover it";
      continue;
    }
    batches[static_cast<std::size_t>(p)].push_back(static_cast<MatterIndex>(i));
  }
  for (std::size_t p = 0; p < policies.size(); ++p) {
    if (batches[p].empty()) continue;
    dispatch_batch(shared, *policies[p], static_cast<std::int32_t>(p),
                   batches[p]);
  }
  return result;
}

}  // namespace

DispatchResult dispatch(const Dataset& data, const PolicySet& policies,
                        const DispatchOptions& options) {
  std::vector<const Policy*> list;
  for (const Policy& policy : policies.policies()) list.push_back(&policy);
  std::vector<std::int32_t> policy_of_matter(data.matters.size(), -1);
  for (std::size_t i = 0; i < data.matters.size(); ++i) {
    const Policy* policy = policies.in_force(data.matters[i].date);
    if (policy == nullptr) continue;
    policy_of_matter[i] = static_cast<std::int32_t>(policy - list.front());
  }
  return run(data, list, policy_of_matter, options);
}

DispatchResult dispatch(const Dataset& data, const Policy& policy,
                        const DispatchOptions& options) {
  for (const Matter& matter : data.matters) {
    if (!policy.effective().contains(matter.date)) {
      options.logger.warning("matter " + matter.id + " is dated " +
                             matter.date.to_string() + ", outside the policy " +
                             policy.name() + "'s effective dates");
    }
  }
  return run(data, {&policy},
             std::vector<std::int32_t>(data.matters.size(), 0), options);
}

}  // namespace aidmatch
