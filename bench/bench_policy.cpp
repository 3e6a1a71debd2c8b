// Policy evaluation alone: eligibility and scores of every admitted
// candidate of 10,000 synthetic matters against 5,000 providers, with the
// compiled policy and with the naive evaluator that walks the JSON per
// pair. Candidate generation runs before the timed loop, and both
// evaluators' eligible counts and total scores are compared outside it.
#include <benchmark/benchmark.h>

#include <cmath>
#include <stdexcept>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/rules/naive_evaluator.hpp"

namespace {

// The generator's default seed, 10,000 matters, and 4,600 lawyers with
// 400 volunteers: 5,000 individual providers, plus their firms.
struct ScoringInput {
  aidmatch::Dataset data;
  std::vector<std::vector<aidmatch::Admission>> admissions;
  std::int64_t pairs = 0;
};

const ScoringInput& scoring_input() {
  static const ScoringInput input = [] {
    using aidmatch::io::Table;
    aidmatch::io::DatasetTables tables = aidmatch::io::default_tables();
    aidmatch::synth::SyntheticOptions options;
    options.matters = 10000;
    options.lawyers = 4600;
    options.volunteers = 400;
    const aidmatch::synth::SyntheticTables batch =
        aidmatch::synth::generate(aidmatch::io::default_regions(), options);
    tables.providers = Table::parse("providers.csv", batch.providers);
    tables.pools = Table::parse("pools.csv", batch.pools);
    tables.pairings[1] = Table::parse("pairings.csv", batch.pairings);
    tables.matters = Table::parse("matters.csv", batch.matters);
    ScoringInput built{aidmatch::io::load_dataset(tables), {}, 0};
    const aidmatch::CandidateIndex index(built.data);
    for (const aidmatch::Matter& matter : built.data.matters) {
      built.admissions.push_back(index.admissions(matter));
      built.pairs += static_cast<std::int64_t>(built.admissions.back().size());
    }
    return built;
  }();
  return input;
}

aidmatch::Policy default_policy() {
  return aidmatch::parse_policy(
      aidmatch::io::embedded_file("policy/default.json"), "default.json");
}

struct ScoringTotals {
  std::int64_t eligible = 0;
  double score = 0.0;
};

ScoringTotals score_compiled(const ScoringInput& input,
                             const aidmatch::Policy& policy) {
  ScoringTotals totals;
  for (std::size_t m = 0; m < input.admissions.size(); ++m) {
    const aidmatch::MatterFacts facts =
        policy.facts(input.data, input.data.matters[m]);
    for (const aidmatch::Admission& admission : input.admissions[m]) {
      if (policy.first_failed_rule(input.data, facts, admission) >= 0) continue;
      ++totals.eligible;
      totals.score += policy.score(input.data, facts, admission).total;
    }
  }
  return totals;
}

ScoringTotals score_naive(const ScoringInput& input,
                          const aidmatch::NaiveEvaluator& naive) {
  ScoringTotals totals;
  for (std::size_t m = 0; m < input.admissions.size(); ++m) {
    const aidmatch::Matter& matter = input.data.matters[m];
    for (const aidmatch::Admission& admission : input.admissions[m]) {
      if (naive.first_failed_rule(input.data, matter, admission) >= 0) continue;
      ++totals.eligible;
      totals.score += naive.score(input.data, matter, admission).total;
    }
  }
  return totals;
}

// Throws unless the two evaluators agree on the whole input.
void check_agreement(const ScoringInput& input, const aidmatch::Policy& policy) {
  const ScoringTotals compiled = score_compiled(input, policy);
  const ScoringTotals naive =
      score_naive(input, aidmatch::NaiveEvaluator(policy));
  if (compiled.eligible != naive.eligible ||
      std::fabs(compiled.score - naive.score) > 1e-6 * std::fabs(naive.score)) {
    throw std::logic_error("the compiled and naive evaluators disagree");
  }
}

void BM_Score_DefaultPolicy(benchmark::State& state) {
  const ScoringInput& input = scoring_input();
  const aidmatch::Policy policy = default_policy();
  check_agreement(input, policy);
  ScoringTotals totals;
  for (auto _ : state) {
    totals = score_compiled(input, policy);
    benchmark::DoNotOptimize(totals);
  }
  state.SetItemsProcessed(state.iterations() * input.pairs);
  state.counters["pairs"] = static_cast<double>(input.pairs);
  state.counters["eligible"] = static_cast<double>(totals.eligible);
}
BENCHMARK(BM_Score_DefaultPolicy)->Unit(benchmark::kMillisecond);

void BM_Score_NaivePolicy(benchmark::State& state) {
  const ScoringInput& input = scoring_input();
  const aidmatch::Policy policy = default_policy();
  const aidmatch::NaiveEvaluator naive(policy);
  ScoringTotals totals;
  for (auto _ : state) {
    totals = score_naive(input, naive);
    benchmark::DoNotOptimize(totals);
  }
  state.SetItemsProcessed(state.iterations() * input.pairs);
  state.counters["pairs"] = static_cast<double>(input.pairs);
  state.counters["eligible"] = static_cast<double>(totals.eligible);
}
BENCHMARK(BM_Score_NaivePolicy)->Unit(benchmark::kMillisecond);

// The whole dispatch of the same batch. Its counters give the time of the
// scoring phase and of the exact solve alone, from the dispatch's own
// clocks, and scripts/bench_report.py compares solve_seconds with the
// scoring benchmarks above.
void BM_Dispatch_ScoringBatch(benchmark::State& state) {
  const ScoringInput& input = scoring_input();
  const aidmatch::Policy policy = default_policy();
  aidmatch::DispatchStats stats;
  for (auto _ : state) {
    const aidmatch::DispatchResult result = aidmatch::dispatch(input.data, policy);
    stats = result.stats;
    benchmark::DoNotOptimize(result.assigned_count);
  }
  state.counters["score_seconds"] = stats.score_seconds;
  state.counters["solve_seconds"] = stats.solve_seconds;
  state.counters["eligible"] = static_cast<double>(stats.eligible_pairs);
}
BENCHMARK(BM_Dispatch_ScoringBatch)->Unit(benchmark::kMillisecond);

}  // namespace
