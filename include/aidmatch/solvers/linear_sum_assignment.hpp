// Exact linear sum assignment on a dense rectangular cost matrix.
//
// Problem: given an R x C cost matrix c, stored row-major, choose a set of
// (row, column) pairs, no two sharing a row or a column, that contains
// min(R, C) pairs (every row is assigned when R <= C, every column when
// R > C) and has the minimum (or maximum) total cost. This is the problem
// that scipy.optimize.linear_sum_assignment solves.
//
// Method: shortest augmenting paths after Jonker and Volgenant, "A shortest
// augmenting path algorithm for dense and sparse linear assignment
// problems", Computing 38 (1987) 325-340. A square matrix starts with their
// initialisation phases: column reduction, reduction transfer, then two
// passes of augmenting row reduction. Every row still unassigned then gets
// a Dijkstra-like search for a shortest augmenting path on the reduced
// costs c(i, j) - u(i) - v(j), with dense arrays, after which the column
// duals v of the scanned columns are updated. A wide matrix (R < C) skips
// the column phases and starts from v = 0, so that v stays zero on every
// free column and each partial assignment is optimal for its rows (Crouse,
// "On implementing 2D rectangular assignment algorithms", IEEE Transactions
// on Aerospace and Electronic Systems 52 (2016) 1679-1696). A tall matrix
// (R > C) is solved as its transpose, which is copied once.
//
// Complexity: with m = min(R, C) and M = max(R, C), O(m^2 M) time in the
// worst case (m searches, each scanning at most m rows at O(M) per row);
// far less on typical inputs. Memory O(M) beyond the matrix, plus at most
// one copy of it: transposed when R > C, and int32 for integer matrices
// whose entries are at most 2^27 in magnitude, which halves the memory that
// each scan reads.
// NOTE: when the initialisation leaves most rows free and every search is
// long, as with c(i, j) = i * j, this solver can be slower than SciPy: at
// n = 1500 it took 2.4 s against SciPy 1.17's 1.6 s on a 2-core AMD EPYC
// virtual machine. On uniform random matrices with n = 1000 to 4000 it was
// 4 to 8 times faster than SciPy there (scripts/bench_assignment.py).
//
// Numbers: Cost is double or std::int64_t; the std::int32_t overload widens
// to std::int64_t.
// - double: +inf marks a forbidden pair when minimising and -inf when
//   maximising. NaN, the other infinity, and finite magnitudes above
//   kMaxDoubleCostMagnitude (2^1019, about 1.1e307) are rejected, because
//   the dual arithmetic handles values up to 10 times the largest
//   magnitude. Duals accumulate rounding error, so the result is optimal up
//   to that rounding, as with any floating-point solver.
// - std::int64_t: every pair is allowed. Magnitudes above
//   kMaxIntegerCostMagnitude (2^59) are rejected. Every dual and path
//   length stays within 10 times the largest magnitude whatever the size
//   (the bound is derived in the source), so the arithmetic cannot
//   overflow. The total is summed in 128 bits and reported as
//   kCostOverflow when it does not fit in std::int64_t.
// Maximisation negates the costs as they are read or copied, and the limits
// above make the negation exact.
//
// Infeasibility: when the forbidden pairs leave no complete assignment (for
// example a row, or a column of a square matrix, with no allowed pair), the
// status is kInfeasible and the result contains no pairs.
//
// Ties: the result depends only on the matrix and the objective. Among
// columns at the same reduced cost or path length, the lowest column index
// is taken first, and a search ends at a free column before it scans an
// assigned one. Which optimum is returned can still change between
// versions of this library.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace aidmatch::solvers {

enum class AssignmentStatus {
  kOptimal,       // an optimal complete assignment was found
  kInfeasible,    // the forbidden pairs leave no complete assignment
  kCostOverflow,  // optimal, but the integer total does not fit in int64
};

std::string to_string(AssignmentStatus status);

enum class AssignmentObjective { kMinimize, kMaximize };

// The largest accepted |cost| for std::int64_t costs.
inline constexpr std::int64_t kMaxIntegerCostMagnitude = std::int64_t{1}
                                                         << 59;
// The largest accepted finite |cost| for double costs: 2^1019.
inline constexpr double kMaxDoubleCostMagnitude = 0x1p1019;

template <typename Cost>
struct LinearSumAssignmentResult {
  AssignmentStatus status = AssignmentStatus::kOptimal;
  // The assigned pairs: row_indices[k] is matched with column_indices[k].
  // row_indices is strictly increasing. Both are empty when the status is
  // kInfeasible.
  std::vector<std::int64_t> row_indices;
  std::vector<std::int64_t> column_indices;
  // The sum of the input costs of the assigned pairs (not negated when
  // maximising). Valid when the status is kOptimal, zero otherwise.
  Cost total_cost = 0;
};

// Solves the assignment problem on the rows x columns matrix `costs`,
// stored row-major. An empty matrix (rows or columns zero) gives an empty
// optimal result. Throws std::invalid_argument when rows or columns is
// negative or above 2^31 - 1, when costs.size() != rows * columns, and for
// a rejected entry (see Numbers above; the message names its row and
// column).
template <typename Cost>
LinearSumAssignmentResult<Cost> solve_linear_sum_assignment(
    std::span<const Cost> costs, std::int64_t rows, std::int64_t columns,
    AssignmentObjective objective = AssignmentObjective::kMinimize);

extern template LinearSumAssignmentResult<double>
solve_linear_sum_assignment<double>(std::span<const double>, std::int64_t,
                                    std::int64_t, AssignmentObjective);
extern template LinearSumAssignmentResult<std::int64_t>
solve_linear_sum_assignment<std::int64_t>(std::span<const std::int64_t>,
                                          std::int64_t, std::int64_t,
                                          AssignmentObjective);

// Widens the costs to std::int64_t and solves as above.
LinearSumAssignmentResult<std::int64_t> solve_linear_sum_assignment(
    std::span<const std::int32_t> costs, std::int64_t rows,
    std::int64_t columns,
    AssignmentObjective objective = AssignmentObjective::kMinimize);

}  // namespace aidmatch::solvers
