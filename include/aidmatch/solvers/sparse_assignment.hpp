// Exact linear sum assignment over the allowed pairs only, for matrices
// whose rows each list a few candidate columns (matters and their eligible
// providers): no dense matrix is built.
//
// Problem: as for solve_linear_sum_assignment, a complete assignment of the
// smaller side (every row when rows <= columns, every column otherwise) of
// minimum or maximum total cost, but only the listed (row, column) pairs are
// allowed; the others are forbidden.
//
// Method: the capacitated matching of min_cost_flow.hpp with every capacity
// 1 and weight = -cost (or cost when maximising), by shortest augmenting
// paths after a Dinic cardinality pass. A complete assignment has maximum
// cardinality, so the lexicographic optimum of the matching is the optimal
// assignment whenever one exists. Time O(m sqrt(n)) for the cardinality pass
// plus one Dijkstra search per row, each usually local; memory O(n + m).
//
// Numbers: int64 costs with max|cost| * (rows + columns + 2) < 2^61; the
// total is exact. Ties: deterministic for a given input, with no promise
// about which optimum.
#pragma once

#include <cstdint>
#include <vector>

#include "aidmatch/solvers/linear_sum_assignment.hpp"

namespace aidmatch::solvers {

struct SparseAssignmentResult {
  AssignmentStatus status = AssignmentStatus::kOptimal;
  // The assigned column of each row, or -1 (always -1 when infeasible).
  std::vector<std::int64_t> column_of_row;
  std::int64_t total_cost = 0;  // valid when the status is kOptimal
};

// Pairs of row r are arc_column[row_start[r] .. row_start[r + 1]) with costs
// arc_cost at the same positions. Throws std::invalid_argument for
// inconsistent sizes, a column out of range or a cost beyond the limit.
SparseAssignmentResult solve_sparse_assignment(
    std::int32_t rows, std::int32_t columns,
    const std::vector<std::int64_t>& row_start,
    const std::vector<std::int32_t>& arc_column,
    const std::vector<std::int64_t>& arc_cost,
    AssignmentObjective objective = AssignmentObjective::kMinimize);

}  // namespace aidmatch::solvers
