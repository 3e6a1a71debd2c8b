// Google Benchmark suites for the dispatch path: loading, scoring and the
// capacitated matching on the embedded default batch and on synthetic
// batches of growing size. The optimum is checked outside the timed loop.
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "aidmatch/aidmatch.hpp"

namespace {

aidmatch::Policy default_policy() {
  return aidmatch::parse_policy(
      aidmatch::io::embedded_file("policy/default.json"), "default.json");
}

void BM_Load_DefaultData(benchmark::State& state) {
  for (auto _ : state) {
    aidmatch::Dataset data =
        aidmatch::io::load_dataset(aidmatch::io::default_tables());
    benchmark::DoNotOptimize(data);
  }
}
BENCHMARK(BM_Load_DefaultData)->Unit(benchmark::kMillisecond);

void BM_Dispatch_DefaultData(benchmark::State& state) {
  const aidmatch::Dataset data =
      aidmatch::io::load_dataset(aidmatch::io::default_tables());
  const aidmatch::Policy policy = default_policy();
  std::int64_t assigned = 0;
  for (auto _ : state) {
    const aidmatch::DispatchResult result = aidmatch::dispatch(data, policy);
    assigned = result.assigned_count;
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(data.matters.size()));
  state.counters["assigned"] = static_cast<double>(assigned);
}
BENCHMARK(BM_Dispatch_DefaultData)->Unit(benchmark::kMillisecond);

// A synthetic batch over the Zhejiang regions with `matters` matters and
// three quarters as many lawyers.
aidmatch::Dataset synthetic_batch(std::int32_t matters) {
  using aidmatch::io::Table;
  aidmatch::io::DatasetTables tables = aidmatch::io::default_tables();
  const aidmatch::RegionGraph regions = aidmatch::io::default_regions();
  aidmatch::synth::SyntheticOptions options;
  options.matters = matters;
  options.lawyers = matters * 3 / 4;
  options.volunteers = matters / 13;
  const aidmatch::synth::SyntheticTables batch =
      aidmatch::synth::generate(regions, options);
  tables.providers = Table::parse("providers.csv", batch.providers);
  tables.pools = Table::parse("pools.csv", batch.pools);
  tables.pairings[1] = Table::parse("pairings.csv", batch.pairings);
  tables.matters = Table::parse("matters.csv", batch.matters);
  return aidmatch::io::load_dataset(tables);
}

// range(0) matters; range(1) picks the matching method, in the order of
// aidmatch::solvers::MatchingMethod.
void BM_Dispatch_SyntheticBatch(benchmark::State& state) {
  const aidmatch::Dataset data =
      synthetic_batch(static_cast<std::int32_t>(state.range(0)));
  const aidmatch::Policy policy = default_policy();
  aidmatch::DispatchOptions options;
  options.matching_method =
      static_cast<aidmatch::solvers::MatchingMethod>(state.range(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(aidmatch::dispatch(data, policy, options));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dispatch_SyntheticBatch)
    ->ArgsProduct({{1000, 4000, 16000}, {0, 1, 3}})
    ->ArgNames({"matters", "method"})
    ->Unit(benchmark::kMillisecond);

// The two matching methods on the same random sparse instance: rows with
// 30 candidate columns each, integer weights 0..999.
aidmatch::solvers::CapacitatedMatchingProblem random_matching(
    std::int32_t rows, std::int32_t columns) {
  aidmatch::solvers::CapacitatedMatchingProblem problem;
  problem.rows = rows;
  problem.columns = columns;
  problem.row_start.push_back(0);
  std::uint64_t state = 42;
  auto next = [&state]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (std::int32_t r = 0; r < rows; ++r) {
    for (int k = 0; k < 30; ++k) {
      problem.arc_column.push_back(static_cast<std::int32_t>(next() % columns));
      problem.arc_weight.push_back(static_cast<std::int64_t>(next() % 1000));
    }
    problem.row_start.push_back(
        static_cast<std::int64_t>(problem.arc_column.size()));
  }
  const std::int32_t capacity = (rows + columns - 1) / columns + 2;
  problem.capacity.assign(static_cast<std::size_t>(columns), capacity);
  return problem;
}

void BM_Matching(benchmark::State& state,
                 aidmatch::solvers::MatchingMethod method) {
  const auto problem = random_matching(static_cast<std::int32_t>(state.range(0)),
                                       static_cast<std::int32_t>(state.range(1)));
  const auto reference = aidmatch::solvers::solve_capacitated_matching(
      problem, aidmatch::solvers::MatchingMethod::kNetworkSimplex);
  for (auto _ : state) {
    const auto result =
        aidmatch::solvers::solve_capacitated_matching(problem, method);
    state.PauseTiming();
    if (result.total_weight != reference.total_weight) {
      throw std::logic_error("the two matching methods disagree");
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
// Re-solve after one provider refuses one of its matters, against the
// solve from scratch in BM_Matching/AugmentingPath on the same instance.
void BM_Matching_ResolveAfterRefusal(benchmark::State& state) {
  const auto problem = random_matching(static_cast<std::int32_t>(state.range(0)),
                                       static_cast<std::int32_t>(state.range(1)));
  std::int64_t refusal = 0;
  for (auto _ : state) {
    state.PauseTiming();
    aidmatch::solvers::IncrementalMatching matching(problem);
    const auto& arcs = matching.result().arc_of_row;
    refusal = (refusal + 7919) % problem.rows;
    while (arcs[refusal] < 0) refusal = (refusal + 1) % problem.rows;
    const std::int64_t arc = arcs[refusal];
    state.ResumeTiming();
    benchmark::DoNotOptimize(matching.forbid_arc(arc));
  }
}
BENCHMARK(BM_Matching_ResolveAfterRefusal)
    ->Args({20000, 2000})
    ->Unit(benchmark::kMicrosecond);

// Re-solve after a matched matter is withdrawn.
void BM_Matching_ResolveAfterWithdrawal(benchmark::State& state) {
  const auto problem = random_matching(static_cast<std::int32_t>(state.range(0)),
                                       static_cast<std::int32_t>(state.range(1)));
  std::int32_t row = 0;
  for (auto _ : state) {
    state.PauseTiming();
    aidmatch::solvers::IncrementalMatching matching(problem);
    const auto& arcs = matching.result().arc_of_row;
    row = (row + 7919) % problem.rows;
    while (arcs[row] < 0) row = (row + 1) % problem.rows;
    state.ResumeTiming();
    benchmark::DoNotOptimize(matching.withdraw_row(row));
  }
}
BENCHMARK(BM_Matching_ResolveAfterWithdrawal)
    ->Args({20000, 2000})
    ->Unit(benchmark::kMicrosecond);

// Re-solve after a new matter with 30 candidates arrives. The arrival
// also rebuilds the solver's adjacency arrays, in O(nodes + arcs).
void BM_Matching_ResolveAfterArrival(benchmark::State& state) {
  const auto problem = random_matching(static_cast<std::int32_t>(state.range(0)),
                                       static_cast<std::int32_t>(state.range(1)));
  std::uint64_t seed = 1;
  for (auto _ : state) {
    state.PauseTiming();
    aidmatch::solvers::IncrementalMatching matching(problem);
    std::vector<std::int32_t> columns;
    std::vector<std::int64_t> weights;
    for (int k = 0; k < 30; ++k) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      columns.push_back(static_cast<std::int32_t>((seed >> 33) % problem.columns));
      weights.push_back(static_cast<std::int64_t>((seed >> 17) % 1000));
    }
    state.ResumeTiming();
    benchmark::DoNotOptimize(matching.add_row(columns, weights));
  }
}
BENCHMARK(BM_Matching_ResolveAfterArrival)
    ->Args({20000, 2000})
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(BM_Matching, AugmentingPath,
                  aidmatch::solvers::MatchingMethod::kAugmentingPath)
    ->Args({2000, 200})
    ->Args({20000, 2000})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matching, NetworkSimplex,
                  aidmatch::solvers::MatchingMethod::kNetworkSimplex)
    ->Args({2000, 200})
    ->Args({20000, 2000})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matching, Lemon,
                  aidmatch::solvers::MatchingMethod::kLemonNetworkSimplex)
    ->Args({2000, 200})
    ->Args({20000, 2000})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Matching, PrimalDual,
                  aidmatch::solvers::MatchingMethod::kPrimalDual)
    ->Args({2000, 200})
    ->Unit(benchmark::kMillisecond);

}  // namespace
