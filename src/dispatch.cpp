// Dispatch: candidates, rules and scores into a capacitated matching.
#include "aidmatch/dispatch/dispatch.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
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
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Eligible pairs of every matter in row-major (CSR) order.
struct EligiblePairs {
  std::vector<std::int64_t> row_start{0};
  std::vector<Admission> admission;
  std::vector<ScoreBreakdown> score;
};

std::string exclusion_summary(const Assignment& a) {
  std::ostringstream text;
  if (a.candidates == 1) {
    text << "the only candidate is excluded:";
  } else {
    text << "all " << a.candidates << " candidates are excluded:";
  }
  bool first = true;
  for (std::size_t e = 1; e < kExclusionCount; ++e) {
    if (a.excluded[e] == 0) continue;
    text << (first ? " " : ", ") << to_string(static_cast<Exclusion>(e)) << " "
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

// Builds the integer weights: the rounded score scaled above the largest
// possible sum of tie-break ranks, plus the provider's tie-break value.
std::vector<std::int64_t> integer_weights(
    const EligiblePairs& pairs, const Policy& policy,
    const std::vector<std::int32_t>& column_of_arc,
    const std::vector<std::int32_t>& tie_value, std::int64_t max_matched,
    std::int32_t columns, std::int32_t rows) {
  const std::int64_t tie_span = std::max<std::int64_t>(columns - 1, 0);
  const aidmatch::detail::Int128 scale = static_cast<aidmatch::detail::Int128>(max_matched) * tie_span + 1;
  const aidmatch::detail::Int128 node_count = static_cast<aidmatch::detail::Int128>(rows) + columns + 2;
  const aidmatch::detail::Int128 limit = (static_cast<aidmatch::detail::Int128>(1) << 62) / node_count;

  std::vector<std::int64_t> weights(pairs.score.size());
  for (std::size_t a = 0; a < pairs.score.size(); ++a) {
    const double units = std::round(pairs.score[a].total / policy.score_resolution);
    const aidmatch::detail::Int128 weight =
        static_cast<aidmatch::detail::Int128>(units) * scale + tie_value[column_of_arc[a]];
    if (!std::isfinite(units) || std::fabs(units) > 4e18 || weight >= limit ||
        weight <= -limit) {
      char message[320];
      std::snprintf(message, sizeof message,
                    "a score of %.6g at resolution %.6g with %d providers and "
                    "%d matters exceeds the exact integer range of the "
                    "solver; raise the policy's scales.score_resolution, "
                    "lower its weights or dispatch a smaller batch",
                    pairs.score[a].total, policy.score_resolution, columns,
                    rows);
      throw std::overflow_error(message);
    }
    weights[a] = static_cast<std::int64_t>(weight);
  }
  return weights;
}

}  // namespace

DispatchResult dispatch(const Dataset& data, const Policy& policy,
                        const DispatchOptions& options) {
  const Logger& log = options.logger;
  DispatchResult result;
  const auto rows = static_cast<std::int32_t>(data.matters.size());
  result.assignments.resize(data.matters.size());

  // Candidates, hard rules and scores.
  const auto score_start = Clock::now();
  const CandidateIndex index(data);
  EligiblePairs pairs;
  for (std::int32_t i = 0; i < rows; ++i) {
    const Matter& matter = data.matters[i];
    Assignment& a = result.assignments[i];
    a.matter = i;
    a.agency = matter.assigning;
    if (!policy.effective.contains(matter.date)) {
      log.warning("matter " + matter.id + " is dated " +
                  matter.date.to_string() + ", outside the policy " +
                  policy.name + "'s effective dates");
    }
    for (const Admission& admission : index.admissions(matter)) {
      ++a.candidates;
      const Exclusion exclusion =
          check_eligibility(data, policy, matter, admission.provider);
      if (exclusion != Exclusion::kNone) {
        ++a.excluded[static_cast<std::size_t>(exclusion)];
        continue;
      }
      ++a.eligible;
      pairs.admission.push_back(admission);
      pairs.score.push_back(score_pair(data, policy, matter, admission));
    }
    pairs.row_start.push_back(static_cast<std::int64_t>(pairs.admission.size()));
    result.stats.candidate_pairs += a.candidates;
  }
  result.stats.eligible_pairs = static_cast<std::int64_t>(pairs.admission.size());
  result.stats.score_seconds = seconds_since(score_start);
  log.info("scored " + std::to_string(result.stats.eligible_pairs) +
           " eligible pairs of " + std::to_string(result.stats.candidate_pairs) +
           " candidate pairs for " + std::to_string(rows) + " matters");

  // Columns: providers with at least one eligible pair, ordered by id so
  // that a lower id gets a larger tie-break value.
  std::vector<std::int32_t> column_of_provider(data.providers.size(), -1);
  std::vector<ProviderIndex> providers;
  for (const Admission& admission : pairs.admission) {
    if (column_of_provider[admission.provider] < 0) {
      column_of_provider[admission.provider] = 0;
      providers.push_back(admission.provider);
    }
  }
  std::sort(providers.begin(), providers.end(),
            [&](ProviderIndex x, ProviderIndex y) {
              return data.providers.rank(x) < data.providers.rank(y);
            });
  const auto columns = static_cast<std::int32_t>(providers.size());
  std::vector<std::int32_t> tie_value(providers.size());
  std::int64_t total_capacity = 0;
  for (std::int32_t c = 0; c < columns; ++c) {
    column_of_provider[providers[c]] = c;
    tie_value[c] = columns - 1 - c;
    total_capacity += data.providers[providers[c]].capacity;
  }

  std::vector<std::int32_t> arc_column;
  arc_column.reserve(pairs.admission.size());
  for (const Admission& admission : pairs.admission) {
    arc_column.push_back(column_of_provider[admission.provider]);
  }
  const std::vector<std::int64_t> weights = integer_weights(
      pairs, policy, arc_column, tie_value,
      std::min<std::int64_t>(rows, total_capacity), columns, rows);

  // The solver gets rows in matter-id order and each row's arcs in column
  // (provider-id) order, so that the assignment does not depend on the
  // order of the input rows.
  std::vector<std::int32_t> row_order(static_cast<std::size_t>(rows));
  for (std::int32_t i = 0; i < rows; ++i) row_order[i] = i;
  std::sort(row_order.begin(), row_order.end(),
            [&](std::int32_t x, std::int32_t y) {
              return data.matters[x].id < data.matters[y].id;
            });
  solvers::CapacitatedMatchingProblem problem;
  problem.rows = rows;
  problem.columns = columns;
  problem.row_start.push_back(0);
  std::vector<std::int64_t> pair_of_arc;
  pair_of_arc.reserve(pairs.admission.size());
  for (std::int32_t i : row_order) {
    const std::size_t first = pair_of_arc.size();
    for (std::int64_t a = pairs.row_start[i]; a < pairs.row_start[i + 1]; ++a) {
      pair_of_arc.push_back(a);
    }
    std::sort(pair_of_arc.begin() + static_cast<std::ptrdiff_t>(first),
              pair_of_arc.end(), [&](std::int64_t x, std::int64_t y) {
                return arc_column[x] < arc_column[y];
              });
    problem.row_start.push_back(static_cast<std::int64_t>(pair_of_arc.size()));
  }
  for (std::int64_t a : pair_of_arc) {
    problem.arc_column.push_back(arc_column[a]);
    problem.arc_weight.push_back(weights[a]);
  }
  problem.capacity.reserve(providers.size());
  for (ProviderIndex p : providers) {
    problem.capacity.push_back(data.providers[p].capacity);
  }

  const auto solve_start = Clock::now();
  const solvers::CapacitatedMatchingResult matching =
      solvers::solve_capacitated_matching(problem, options.matching_method);
  result.stats.solve_seconds = seconds_since(solve_start);
  result.stats.solver_phases = matching.phases;
  log.info("solved the matching: " + std::to_string(matching.matched) +
           " of " + std::to_string(rows) + " matters served");
  std::vector<std::int64_t> chosen_pair(static_cast<std::size_t>(rows), -1);
  for (std::int32_t k = 0; k < rows; ++k) {
    if (matching.arc_of_row[k] >= 0) {
      chosen_pair[row_order[k]] = pair_of_arc[matching.arc_of_row[k]];
    }
  }

  // Read back assignments and reasons.
  for (std::int32_t i = 0; i < rows; ++i) {
    const Matter& matter = data.matters[i];
    Assignment& a = result.assignments[i];
    const std::int64_t arc = chosen_pair[i];
    if (arc < 0) {
      if (a.candidates == 0) {
        a.reason = UnassignedReason::kNoCandidate;
        a.reason_text = no_candidate_text(data, matter);
      } else if (a.eligible == 0) {
        a.reason = UnassignedReason::kNoEligible;
        a.reason_text = exclusion_summary(a);
      } else {
        a.reason = UnassignedReason::kCapacityExhausted;
        a.reason_text =
            (a.eligible == 1 ? std::string("the only eligible provider is")
                             : "all " + std::to_string(a.eligible) +
                                   " eligible providers are") +
            " at capacity with matters that have no other provider or a "
            "higher score";
      }
      continue;
    }
    const Admission& admission = pairs.admission[arc];
    const Provider& provider = data.providers[admission.provider];
    a.provider = admission.provider;
    a.mode = admission.mode;
    a.pairing = admission.pairing;
    a.score = pairs.score[arc];
    a.distance_km = data.regions.distance_km(provider.home, matter.serving);
    a.cross_county = provider.home != matter.serving;
    a.cross_city = data.regions.city_of(provider.home) !=
                   data.regions.city_of(matter.serving);
    result.total_score += a.score.total;
    ++result.assigned_count;
  }
  return result;
}

}  // namespace aidmatch
