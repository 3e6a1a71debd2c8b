// The dense linear sum assignment solver against brute force, the
// OR-Library dense instances, and its error messages.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/solvers/linear_sum_assignment.hpp"

namespace aidmatch::solvers {
namespace {

using Int128 = detail::Int128;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kLimit = kMaxIntegerCostMagnitude;

// Decimal text of a 128-bit integer, for messages and comparisons.
std::string text(Int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string digits;
  while (value != 0) {
    const int digit = static_cast<int>(value % 10);
    digits.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
    value /= 10;
  }
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

template <typename Cost>
struct Matrix {
  std::int64_t rows = 0;
  std::int64_t columns = 0;
  std::vector<Cost> costs;

  Cost at(std::int64_t r, std::int64_t c) const {
    return costs[static_cast<std::size_t>(r * columns + c)];
  }
};

template <typename Cost>
Matrix<Cost> transposed(const Matrix<Cost>& m) {
  Matrix<Cost> t{m.columns, m.rows, std::vector<Cost>(m.costs.size())};
  for (std::int64_t r = 0; r < m.rows; ++r) {
    for (std::int64_t c = 0; c < m.columns; ++c) {
      t.costs[static_cast<std::size_t>(c * m.rows + r)] = m.at(r, c);
    }
  }
  return t;
}

template <typename Cost>
Matrix<Cost> negated(const Matrix<Cost>& m) {
  Matrix<Cost> out = m;
  for (Cost& c : out.costs) c = -c;
  return out;
}

AssignmentObjective opposite(AssignmentObjective objective) {
  return objective == AssignmentObjective::kMinimize
             ? AssignmentObjective::kMaximize
             : AssignmentObjective::kMinimize;
}

// Whether a cost marks a forbidden pair under the objective: +inf when
// minimising, -inf when maximising. Integers have no forbidden value.
template <typename Cost>
bool forbidden(Cost cost, AssignmentObjective objective) {
  if constexpr (std::is_floating_point_v<Cost>) {
    return objective == AssignmentObjective::kMinimize ? cost == kInf
                                                       : cost == -kInf;
  } else {
    return false;
  }
}

// Enumerates every assignment of the shorter side into the longer one and
// returns the best total, or nothing when every assignment uses a forbidden
// pair. Totals are exact: integer costs are summed in 128 bits, and the
// double costs of these tests are integers below 2^53.
template <typename Cost>
std::optional<Int128> brute_force(const Matrix<Cost>& m,
                                  AssignmentObjective objective) {
  const bool tall = m.rows > m.columns;
  const std::int64_t shorter = tall ? m.columns : m.rows;
  const std::int64_t longer = tall ? m.rows : m.columns;
  const bool maximize = objective == AssignmentObjective::kMaximize;
  std::vector<char> used(static_cast<std::size_t>(longer), 0);
  std::optional<Int128> best;
  std::function<void(std::int64_t, Int128)> visit = [&](std::int64_t k,
                                                        Int128 total) {
    if (k == shorter) {
      if (!best || (maximize ? total > *best : total < *best)) best = total;
      return;
    }
    for (std::int64_t other = 0; other < longer; ++other) {
      if (used[other]) continue;
      const Cost cost = tall ? m.at(other, k) : m.at(k, other);
      if (forbidden(cost, objective)) continue;
      used[other] = 1;
      visit(k + 1, total + static_cast<Int128>(cost));
      used[other] = 0;
    }
  };
  visit(0, 0);
  return best;
}

template <typename Cost>
LinearSumAssignmentResult<Cost> solve(const Matrix<Cost>& m,
                                      AssignmentObjective objective) {
  return solve_linear_sum_assignment<Cost>(m.costs, m.rows, m.columns,
                                           objective);
}

// Checks that the result is a complete assignment of allowed pairs, with
// sorted rows, distinct columns and the total of its pairs.
template <typename Cost>
void expect_valid(const Matrix<Cost>& m, AssignmentObjective objective,
                  const LinearSumAssignmentResult<Cost>& result) {
  const std::size_t size =
      static_cast<std::size_t>(std::min(m.rows, m.columns));
  ASSERT_EQ(result.row_indices.size(), size);
  ASSERT_EQ(result.column_indices.size(), size);
  std::vector<char> column_used(static_cast<std::size_t>(m.columns), 0);
  Int128 total = 0;
  for (std::size_t k = 0; k < size; ++k) {
    const std::int64_t r = result.row_indices[k];
    const std::int64_t c = result.column_indices[k];
    ASSERT_GE(r, 0);
    ASSERT_LT(r, m.rows);
    ASSERT_GE(c, 0);
    ASSERT_LT(c, m.columns);
    if (k > 0) {
      ASSERT_LT(result.row_indices[k - 1], r);
    }
    ASSERT_FALSE(column_used[c]) << "column " << c << " is used twice";
    column_used[c] = 1;
    ASSERT_FALSE(forbidden(m.at(r, c), objective))
        << "forbidden pair (" << r << ", " << c << ")";
    total += static_cast<Int128>(m.at(r, c));
  }
  EXPECT_EQ(result.total_cost, static_cast<Cost>(total));
}

// Solves m, its transpose and its negation with the opposite objective,
// and compares each with brute force.
template <typename Cost>
void check_against_brute_force(const Matrix<Cost>& m,
                               AssignmentObjective objective) {
  const std::optional<Int128> best = brute_force(m, objective);
  const auto check = [&](const Matrix<Cost>& problem,
                         AssignmentObjective sense, Int128 sign) {
    const LinearSumAssignmentResult<Cost> result = solve(problem, sense);
    if (!best) {
      EXPECT_EQ(result.status, AssignmentStatus::kInfeasible);
      EXPECT_TRUE(result.row_indices.empty());
      EXPECT_TRUE(result.column_indices.empty());
      return;
    }
    ASSERT_EQ(result.status, AssignmentStatus::kOptimal);
    expect_valid(problem, sense, result);
    EXPECT_EQ(text(static_cast<Int128>(result.total_cost)),
              text(sign * *best));
  };
  {
    SCOPED_TRACE("as given");
    check(m, objective, 1);
  }
  {
    SCOPED_TRACE("transposed");
    check(transposed(m), objective, 1);
  }
  {
    SCOPED_TRACE("negated");
    check(negated(m), opposite(objective), -1);
  }
}

// How random test costs are drawn.
enum class Draw {
  kTies,         // 0..3, many equal costs
  kSigned,       // -50..50
  kNearLimit,    // +-kLimit and values next to them, plus 0
  kForbidden,    // 0..9 with two pairs in five forbidden
};

template <typename Cost>
Matrix<Cost> random_matrix(std::mt19937_64& rng, std::int64_t rows,
                           std::int64_t columns, Draw draw,
                           AssignmentObjective objective) {
  Matrix<Cost> m{rows, columns,
                 std::vector<Cost>(static_cast<std::size_t>(rows * columns))};
  std::uniform_int_distribution<std::int64_t> ties(0, 3);
  std::uniform_int_distribution<std::int64_t> signed_costs(-50, 50);
  std::uniform_int_distribution<std::int64_t> small(0, 9);
  std::uniform_int_distribution<int> pick(0, 4);
  const std::int64_t near_limit[] = {-kLimit, -kLimit + 1, 0, kLimit - 1,
                                     kLimit};
  // Double costs near the integer limit stay exact below 2^53.
  const std::int64_t near_limit_double[] = {-(std::int64_t{1} << 50), -1, 0,
                                            1, std::int64_t{1} << 50};
  for (Cost& c : m.costs) {
    switch (draw) {
      case Draw::kTies: c = static_cast<Cost>(ties(rng)); break;
      case Draw::kSigned: c = static_cast<Cost>(signed_costs(rng)); break;
      case Draw::kNearLimit:
        c = static_cast<Cost>(std::is_floating_point_v<Cost>
                                  ? near_limit_double[pick(rng)]
                                  : near_limit[pick(rng)]);
        break;
      case Draw::kForbidden:
        c = static_cast<Cost>(small(rng));
        if constexpr (std::is_floating_point_v<Cost>) {
          if (pick(rng) < 2) {
            c = objective == AssignmentObjective::kMinimize ? kInf : -kInf;
          }
        }
        break;
    }
  }
  return m;
}

template <typename Cost>
class LinearSumAssignmentTyped : public ::testing::Test {};

using CostTypes = ::testing::Types<double, std::int64_t>;
TYPED_TEST_SUITE(LinearSumAssignmentTyped, CostTypes);

TYPED_TEST(LinearSumAssignmentTyped, MatchesBruteForce) {
  std::mt19937_64 rng(20240611);
  const Draw draws[] = {Draw::kTies, Draw::kSigned, Draw::kNearLimit,
                        Draw::kForbidden};
  const AssignmentObjective objectives[] = {AssignmentObjective::kMinimize,
                                            AssignmentObjective::kMaximize};
  int cases = 0;
  int infeasible = 0;
  for (std::int64_t rows = 1; rows <= 7; ++rows) {
    for (std::int64_t columns = 1; columns <= 7; ++columns) {
      // The enumeration grows as 7! at 7 x 7; fewer repeats there.
      const int repeats = std::max(rows, columns) >= 6 ? 2 : 6;
      for (const Draw draw : draws) {
        for (const AssignmentObjective objective : objectives) {
          for (int k = 0; k < repeats; ++k) {
            const Matrix<TypeParam> m =
                random_matrix<TypeParam>(rng, rows, columns, draw, objective);
            SCOPED_TRACE(::testing::Message()
                         << rows << " x " << columns << ", draw "
                         << static_cast<int>(draw) << ", objective "
                         << static_cast<int>(objective) << ", repeat " << k);
            check_against_brute_force(m, objective);
            if (!brute_force(m, objective)) ++infeasible;
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_GT(cases, 1000);
  if constexpr (std::is_floating_point_v<TypeParam>) {
    // The forbidden draws must cover infeasible matrices too.
    EXPECT_GT(infeasible, 10);
  }
}

TYPED_TEST(LinearSumAssignmentTyped, EmptyMatrices) {
  for (const auto& [rows, columns] :
       {std::pair<std::int64_t, std::int64_t>{0, 0}, {0, 3}, {3, 0}}) {
    const auto result = solve_linear_sum_assignment<TypeParam>(
        std::span<const TypeParam>(), rows, columns);
    EXPECT_EQ(result.status, AssignmentStatus::kOptimal);
    EXPECT_TRUE(result.row_indices.empty());
    EXPECT_TRUE(result.column_indices.empty());
    EXPECT_EQ(result.total_cost, TypeParam{0});
  }
}

TYPED_TEST(LinearSumAssignmentTyped, EqualCostsGiveLowestIndices) {
  for (const auto& [rows, columns] :
       {std::pair<std::int64_t, std::int64_t>{4, 4}, {2, 5}, {5, 2}}) {
    const std::vector<TypeParam> zeros(static_cast<std::size_t>(rows * columns),
                                       TypeParam{0});
    const auto result =
        solve_linear_sum_assignment<TypeParam>(zeros, rows, columns);
    const std::int64_t size = std::min(rows, columns);
    std::vector<std::int64_t> expected(static_cast<std::size_t>(size));
    for (std::int64_t k = 0; k < size; ++k) expected[k] = k;
    EXPECT_EQ(result.row_indices, expected);
    EXPECT_EQ(result.column_indices, expected);
  }
}

TEST(LinearSumAssignment, SmallExample) {
  const std::vector<double> costs = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto result = solve_linear_sum_assignment<double>(costs, 3, 3);
  EXPECT_EQ(result.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(result.row_indices, (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(result.column_indices, (std::vector<std::int64_t>{1, 0, 2}));
  EXPECT_EQ(result.total_cost, 5.0);
}

TEST(LinearSumAssignment, Int32CostsAreWidened) {
  const std::vector<std::int32_t> costs = {
      std::numeric_limits<std::int32_t>::max(), 0, 0,
      std::numeric_limits<std::int32_t>::min()};
  const auto result = solve_linear_sum_assignment(
      costs, 2, 2, AssignmentObjective::kMaximize);
  EXPECT_EQ(result.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(result.column_indices, (std::vector<std::int64_t>{1, 0}));
  EXPECT_EQ(result.total_cost, 0);
}

TEST(LinearSumAssignment, IntegerTotalOverflowIsStatus) {
  const std::int64_t n = 16;
  const std::vector<std::int64_t> high(n * n, kLimit);
  const auto over = solve_linear_sum_assignment<std::int64_t>(high, n, n);
  EXPECT_EQ(over.status, AssignmentStatus::kCostOverflow);
  EXPECT_EQ(over.row_indices.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(over.total_cost, 0);
  EXPECT_EQ(to_string(over.status), "cost overflow");

  // 16 * -2^59 = -2^63 is the smallest int64 and still fits.
  const std::vector<std::int64_t> low(n * n, -kLimit);
  const auto fits = solve_linear_sum_assignment<std::int64_t>(low, n, n);
  EXPECT_EQ(fits.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(fits.total_cost, std::numeric_limits<std::int64_t>::min());
}

TEST(LinearSumAssignment, InfeasiblePatterns) {
  // A row with no allowed pair, a column of a square matrix with none, and
  // two rows that can only use the same column.
  const std::vector<std::vector<double>> square = {
      {kInf, kInf, 1, 2},
      {1, kInf, 2, kInf},
      {1, kInf, 2, kInf},
  };
  for (const std::vector<double>& costs : square) {
    const auto result = solve_linear_sum_assignment<double>(costs, 2, 2);
    EXPECT_EQ(result.status, AssignmentStatus::kInfeasible);
    EXPECT_EQ(to_string(result.status), "infeasible");
  }
  const std::vector<double> two_rows_one_column = {1, kInf, kInf, 2, kInf,
                                                   kInf};
  EXPECT_EQ(solve_linear_sum_assignment<double>(two_rows_one_column, 2, 3)
                .status,
            AssignmentStatus::kInfeasible);
  // A tall matrix may leave a row without allowed pairs unassigned.
  const std::vector<double> tall = {kInf, kInf, 1, 2, 3, 1};
  const auto result = solve_linear_sum_assignment<double>(tall, 3, 2);
  EXPECT_EQ(result.status, AssignmentStatus::kOptimal);
  EXPECT_EQ(result.row_indices, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(result.total_cost, 2.0);
}

TEST(LinearSumAssignment, LargeRandomMatchesTransposeAndNegation) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> cost(0, 99);
  for (const auto& [rows, columns] :
       {std::pair<std::int64_t, std::int64_t>{60, 60}, {40, 90}, {90, 40}}) {
    Matrix<std::int64_t> m{rows, columns, {}};
    for (std::int64_t k = 0; k < rows * columns; ++k) {
      m.costs.push_back(cost(rng));
    }
    const auto direct = solve(m, AssignmentObjective::kMinimize);
    const auto flipped = solve(transposed(m), AssignmentObjective::kMinimize);
    const auto negative = solve(negated(m), AssignmentObjective::kMaximize);
    expect_valid(m, AssignmentObjective::kMinimize, direct);
    EXPECT_EQ(direct.total_cost, flipped.total_cost);
    EXPECT_EQ(direct.total_cost, -negative.total_cost);

    // Costs above 2^27 take the int64 path instead of the int32 copy.
    // Scaling every cost keeps the optimal assignments.
    const std::int64_t scale = std::int64_t{1} << 40;
    Matrix<std::int64_t> scaled = m;
    for (std::int64_t& c : scaled.costs) c *= scale;
    const auto wide = solve(scaled, AssignmentObjective::kMinimize);
    expect_valid(scaled, AssignmentObjective::kMinimize, wide);
    EXPECT_EQ(wide.total_cost, direct.total_cost * scale);
    const auto wide_max = solve(scaled, AssignmentObjective::kMaximize);
    const auto narrow_max = solve(m, AssignmentObjective::kMaximize);
    EXPECT_EQ(wide_max.total_cost, narrow_max.total_cost * scale);
  }
}

TEST(LinearSumAssignment, LargeForbiddenMatchesTransposeAndNegation) {
  std::mt19937_64 rng(8);
  std::uniform_int_distribution<int> cost(0, 99);
  for (const auto& [rows, columns] :
       {std::pair<std::int64_t, std::int64_t>{70, 70}, {50, 120}, {120, 50}}) {
    Matrix<double> m{rows, columns, {}};
    for (std::int64_t k = 0; k < rows * columns; ++k) {
      const int c = cost(rng);
      m.costs.push_back(c < 60 ? kInf : c);
    }
    const auto direct = solve(m, AssignmentObjective::kMinimize);
    const auto flipped = solve(transposed(m), AssignmentObjective::kMinimize);
    const auto negative = solve(negated(m), AssignmentObjective::kMaximize);
    ASSERT_EQ(direct.status, AssignmentStatus::kOptimal);
    expect_valid(m, AssignmentObjective::kMinimize, direct);
    EXPECT_EQ(direct.total_cost, flipped.total_cost);
    EXPECT_EQ(direct.total_cost, -negative.total_cost);
  }
}

// Reads whitespace-separated integers: n, then the n * n costs row by row.
std::optional<Matrix<std::int64_t>> read_orlib_dense(
    const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::int64_t n = 0;
  in >> n;
  Matrix<std::int64_t> m{n, n, std::vector<std::int64_t>(n * n)};
  for (std::int64_t& c : m.costs) in >> c;
  if (!in) return std::nullopt;
  return m;
}

TEST(LinearSumAssignment, OrLibraryDenseOptima) {
  const std::filesystem::path folder =
      std::filesystem::path(AIDMATCH_SOURCE_DIR) / ".." / "shared" / "data" /
      "orlib-assign";
  std::ifstream optima(folder / "optima.tsv");
  if (!optima) GTEST_SKIP() << "no OR-Library data in " << folder;
  std::string line;
  std::getline(optima, line);  // header: file, n, format, optimum
  int checked = 0;
  while (std::getline(optima, line)) {
    std::istringstream fields(line);
    std::string file, format;
    std::int64_t n = 0, optimum = 0;
    fields >> file >> n >> format >> optimum;
    if (format != "dense") continue;
    SCOPED_TRACE(file);
    const auto m = read_orlib_dense(folder / file);
    ASSERT_TRUE(m.has_value()) << "cannot read " << folder / file;
    ASSERT_EQ(m->rows, n);
    const auto integer = solve(*m, AssignmentObjective::kMinimize);
    ASSERT_EQ(integer.status, AssignmentStatus::kOptimal);
    expect_valid(*m, AssignmentObjective::kMinimize, integer);
    EXPECT_EQ(integer.total_cost, optimum);

    const std::vector<double> as_double(m->costs.begin(), m->costs.end());
    const auto floating = solve_linear_sum_assignment<double>(as_double, n, n);
    ASSERT_EQ(floating.status, AssignmentStatus::kOptimal);
    EXPECT_EQ(floating.total_cost, static_cast<double>(optimum));
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

// Returns the message of the std::invalid_argument that `solve` throws.
template <typename Cost>
std::string error_message(const std::vector<Cost>& costs, std::int64_t rows,
                          std::int64_t columns,
                          AssignmentObjective objective =
                              AssignmentObjective::kMinimize) {
  try {
    solve_linear_sum_assignment<Cost>(costs, rows, columns, objective);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no exception";
}

TEST(LinearSumAssignmentErrors, Shape) {
  const std::vector<double> six(6, 1.0);
  EXPECT_EQ(error_message(six, -1, 3),
            "linear_sum_assignment: rows (-1) and columns (3) must be "
            "between 0 and 2147483647");
  EXPECT_EQ(error_message(six, 1, std::int64_t{1} << 31),
            "linear_sum_assignment: rows (1) and columns (2147483648) must "
            "be between 0 and 2147483647");
  EXPECT_EQ(error_message(six, 2, 2),
            "linear_sum_assignment: costs has 6 entries; expected rows * "
            "columns = 4");
}

TEST(LinearSumAssignmentErrors, DoubleEntries) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(error_message<double>({0, 1, nan, 3, 4, 5}, 2, 3),
            "linear_sum_assignment: cost NaN at row 0, column 2 is not a "
            "number");
  EXPECT_EQ(error_message<double>({0, 1, 2, -kInf}, 2, 2),
            "linear_sum_assignment: cost -inf at row 1, column 1 is invalid "
            "when minimising; +inf marks a forbidden pair");
  EXPECT_EQ(error_message<double>({kInf, 1, 2, 3}, 2, 2,
                                  AssignmentObjective::kMaximize),
            "linear_sum_assignment: cost inf at row 0, column 0 is invalid "
            "when maximising; -inf marks a forbidden pair");
  EXPECT_EQ(error_message<double>({0, 1, 1e308, 3}, 2, 2),
            "linear_sum_assignment: cost 1e+308 at row 1, column 0 exceeds "
            "the largest accepted magnitude 2^1019");
  // The limit itself and the forbidden infinity are accepted.
  EXPECT_EQ(error_message<double>({kMaxDoubleCostMagnitude, kInf, 0, 1}, 2, 2),
            "no exception");
}

TEST(LinearSumAssignmentErrors, IntegerEntries) {
  EXPECT_EQ(error_message<std::int64_t>({0, kLimit + 1}, 1, 2),
            "linear_sum_assignment: cost 576460752303423489 at row 0, column "
            "1 exceeds the largest accepted magnitude 2^59 = "
            "576460752303423488");
  EXPECT_EQ(error_message<std::int64_t>(
                {0, 1, std::numeric_limits<std::int64_t>::min(), 2}, 2, 2,
                AssignmentObjective::kMaximize),
            "linear_sum_assignment: cost -9223372036854775808 at row 1, "
            "column 0 exceeds the largest accepted magnitude 2^59 = "
            "576460752303423488");
  EXPECT_EQ(error_message<std::int64_t>({-kLimit, kLimit}, 1, 2),
            "no exception");
}

}  // namespace
}  // namespace aidmatch::solvers
