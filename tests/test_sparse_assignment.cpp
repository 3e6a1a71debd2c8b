// Sparse assignment: OR-Library sparse instances with known optima, and the
// dense solver with +inf for missing pairs as a reference on random ones.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch::solvers {
namespace {

struct SparseMatrix {
  std::int32_t rows = 0;
  std::int32_t columns = 0;
  std::vector<std::int64_t> row_start{0};
  std::vector<std::int32_t> arc_column;
  std::vector<std::int64_t> arc_cost;
};

// Builds CSR arrays from (row, column, cost) triples.
SparseMatrix from_triples(std::int32_t rows, std::int32_t columns,
                          std::vector<std::array<std::int64_t, 3>> triples) {
  std::sort(triples.begin(), triples.end());
  SparseMatrix m;
  m.rows = rows;
  m.columns = columns;
  std::size_t k = 0;
  for (std::int32_t r = 0; r < rows; ++r) {
    for (; k < triples.size() && triples[k][0] == r; ++k) {
      m.arc_column.push_back(static_cast<std::int32_t>(triples[k][1]));
      m.arc_cost.push_back(triples[k][2]);
    }
    m.row_start.push_back(static_cast<std::int64_t>(m.arc_column.size()));
  }
  return m;
}

SparseAssignmentResult solve(const SparseMatrix& m,
                             AssignmentObjective objective =
                                 AssignmentObjective::kMinimize) {
  return solve_sparse_assignment(m.rows, m.columns, m.row_start, m.arc_column,
                                 m.arc_cost, objective);
}

TEST(SparseAssignment, OrLibraryKnownOptima) {
  const std::filesystem::path folder =
      testing::source_path("../shared/data/orlib-assign");
  std::ifstream optima(folder / "optima.tsv");
  if (!optima) GTEST_SKIP() << "no shared OR-Library instances beside the checkout";
  std::string file, format;
  std::int64_t n = 0, optimum = 0;
  std::string header;
  std::getline(optima, header);
  int checked = 0;
  while (optima >> file >> n >> format >> optimum) {
    if (format != "sparse") continue;
    SCOPED_TRACE(file);
    std::ifstream in(folder / file);
    std::int64_t size = 0;
    in >> size;
    ASSERT_EQ(size, n);
    std::vector<std::array<std::int64_t, 3>> triples;
    std::int64_t i = 0, j = 0, c = 0;
    while (in >> i >> j >> c) triples.push_back({i - 1, j - 1, c});
    const SparseMatrix m = from_triples(static_cast<std::int32_t>(n),
                                        static_cast<std::int32_t>(n), triples);
    const SparseAssignmentResult result = solve(m);
    ASSERT_EQ(result.status, AssignmentStatus::kOptimal);
    EXPECT_EQ(result.total_cost, optimum);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(SparseAssignment, AgreesWithDenseSolverOnRandomMatrices) {
  std::mt19937_64 rng(31);
  const double inf = std::numeric_limits<double>::infinity();
  int infeasible = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int rows = 1 + trial % 9;
    const int columns = 1 + (trial / 9) % 9;
    std::bernoulli_distribution allowed(0.45);
    std::uniform_int_distribution<std::int64_t> cost(-50, 50);
    std::vector<std::array<std::int64_t, 3>> triples;
    std::vector<double> dense(static_cast<std::size_t>(rows * columns), inf);
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < columns; ++c) {
        if (!allowed(rng)) continue;
        const std::int64_t value = cost(rng);
        triples.push_back({r, c, value});
        dense[static_cast<std::size_t>(r * columns + c)] = static_cast<double>(value);
      }
    }
    const SparseMatrix m = from_triples(rows, columns, triples);
    for (AssignmentObjective objective :
         {AssignmentObjective::kMinimize, AssignmentObjective::kMaximize}) {
      std::vector<double> matrix = dense;
      if (objective == AssignmentObjective::kMaximize) {
        for (double& v : matrix) if (std::isinf(v)) v = -inf;
      }
      const auto reference = solve_linear_sum_assignment<double>(
          matrix, rows, columns, objective);
      const SparseAssignmentResult result = solve(m, objective);
      ASSERT_EQ(result.status, reference.status) << "trial " << trial;
      if (reference.status != AssignmentStatus::kOptimal) {
        ++infeasible;
        continue;
      }
      EXPECT_EQ(static_cast<double>(result.total_cost), reference.total_cost)
          << "trial " << trial;
      // The reported columns are distinct, allowed and sum to the total.
      std::map<std::int64_t, int> used;
      std::int64_t total = 0;
      for (int r = 0; r < rows; ++r) {
        const std::int64_t c = result.column_of_row[r];
        if (c < 0) continue;
        EXPECT_EQ(++used[c], 1);
        const double value = dense[static_cast<std::size_t>(r * columns + c)];
        ASSERT_FALSE(std::isinf(value));
        total += static_cast<std::int64_t>(value);
      }
      EXPECT_EQ(static_cast<std::int64_t>(used.size()), std::min(rows, columns));
      EXPECT_EQ(total, result.total_cost);
    }
  }
  EXPECT_GT(infeasible, 20);
}

TEST(SparseAssignment, VeryUnbalancedSides) {
  // 100 rows, 1,000 columns, 10 candidates each: every row is assigned.
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::int64_t> column(0, 999);
  std::uniform_int_distribution<std::int64_t> cost(0, 999);
  std::vector<std::array<std::int64_t, 3>> triples;
  for (int r = 0; r < 100; ++r) {
    std::vector<std::int64_t> picked;
    while (picked.size() < 10) {
      const std::int64_t c = column(rng);
      if (std::find(picked.begin(), picked.end(), c) == picked.end()) {
        picked.push_back(c);
        triples.push_back({r, c, cost(rng)});
      }
    }
  }
  const SparseMatrix wide = from_triples(100, 1000, triples);
  const SparseAssignmentResult result = solve(wide);
  ASSERT_EQ(result.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(std::count(result.column_of_row.begin(), result.column_of_row.end(), -1), 0);
  // The transposed problem, 1,000 rows and 100 columns, has the same optimum.
  std::vector<std::array<std::int64_t, 3>> transposed;
  for (const auto& t : triples) transposed.push_back({t[1], t[0], t[2]});
  const SparseAssignmentResult tall = solve(from_triples(1000, 100, transposed));
  ASSERT_EQ(tall.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(tall.total_cost, result.total_cost);
}

TEST(SparseAssignment, RowWithoutPairsIsInfeasible) {
  const SparseMatrix m = from_triples(2, 2, {{0, 0, 1}, {0, 1, 2}});
  const SparseAssignmentResult result = solve(m);
  EXPECT_EQ(result.status, AssignmentStatus::kInfeasible);
  EXPECT_EQ(result.column_of_row, (std::vector<std::int64_t>{-1, -1}));
}

}  // namespace
}  // namespace aidmatch::solvers
