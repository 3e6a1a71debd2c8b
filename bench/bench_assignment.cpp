// Google Benchmark suites for the dense linear sum assignment solver on
// square matrices of uniform random costs: doubles in [0, 1) and integers
// in 0..999. Before timing, each result is checked outside the timed loop:
// it must be a permutation whose total is the sum of its costs and equals
// the optimum of the transposed matrix, solved separately.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "aidmatch/solvers/linear_sum_assignment.hpp"

namespace {

namespace solvers = aidmatch::solvers;

template <typename Cost>
std::vector<Cost> uniform_matrix(std::int64_t n) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(n));
  std::vector<Cost> costs(static_cast<std::size_t>(n * n));
  if constexpr (std::is_floating_point_v<Cost>) {
    std::uniform_real_distribution<double> cost(0.0, 1.0);
    for (Cost& c : costs) c = cost(rng);
  } else {
    std::uniform_int_distribution<std::int64_t> cost(0, 999);
    for (Cost& c : costs) c = cost(rng);
  }
  return costs;
}

template <typename Cost>
std::vector<Cost> transpose(const std::vector<Cost>& costs, std::int64_t n) {
  std::vector<Cost> out(costs.size());
  for (std::int64_t r = 0; r < n; ++r) {
    for (std::int64_t c = 0; c < n; ++c) out[c * n + r] = costs[r * n + c];
  }
  return out;
}

// Returns an empty string when `result` is an optimal assignment of the
// n x n matrix, or what is wrong with it.
template <typename Cost>
std::string check_optimum(
    const std::vector<Cost>& costs, std::int64_t n,
    const solvers::LinearSumAssignmentResult<Cost>& result) {
  if (result.status != solvers::AssignmentStatus::kOptimal) {
    return "status " + solvers::to_string(result.status);
  }
  if (result.column_indices.size() != static_cast<std::size_t>(n)) {
    return "not every row is assigned";
  }
  std::vector<char> used(static_cast<std::size_t>(n), 0);
  Cost total = 0;
  for (std::int64_t r = 0; r < n; ++r) {
    const std::int64_t c = result.column_indices[r];
    if (result.row_indices[r] != r || c < 0 || c >= n || used[c]) {
      return "not a permutation";
    }
    used[c] = 1;
    total += costs[r * n + c];
  }
  if (total != result.total_cost) return "total is not the sum of the pairs";
  const auto transposed = solvers::solve_linear_sum_assignment<Cost>(
      transpose(costs, n), n, n);
  // Double totals of the two orientations are summed in different orders.
  const double tolerance =
      std::is_floating_point_v<Cost> ? 1e-9 * static_cast<double>(n) : 0.0;
  if (std::abs(static_cast<double>(transposed.total_cost) -
               static_cast<double>(result.total_cost)) > tolerance) {
    return "total differs from the transposed problem's optimum";
  }
  return "";
}

template <typename Cost>
void run_dense(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const std::vector<Cost> costs = uniform_matrix<Cost>(n);
  const auto first = solvers::solve_linear_sum_assignment<Cost>(costs, n, n);
  const std::string problem = check_optimum(costs, n, first);
  if (!problem.empty()) {
    state.SkipWithError(problem.c_str());
    return;
  }
  for (auto _ : state) {
    auto result = solvers::solve_linear_sum_assignment<Cost>(costs, n, n);
    benchmark::DoNotOptimize(result);
  }
  state.counters["total"] = static_cast<double>(first.total_cost);
}

void BM_LinearSumAssignment_DenseFloat(benchmark::State& state) {
  run_dense<double>(state);
}
BENCHMARK(BM_LinearSumAssignment_DenseFloat)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Unit(benchmark::kMillisecond);

void BM_LinearSumAssignment_DenseInteger(benchmark::State& state) {
  run_dense<std::int64_t>(state);
}
BENCHMARK(BM_LinearSumAssignment_DenseInteger)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
