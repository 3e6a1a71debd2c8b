// Sparse complete assignment through the capacitated matching.
#include "aidmatch/solvers/sparse_assignment.hpp"

#include <algorithm>
#include <stdexcept>

#include "aidmatch/solvers/min_cost_flow.hpp"

namespace aidmatch::solvers {

SparseAssignmentResult solve_sparse_assignment(
    std::int32_t rows, std::int32_t columns,
    const std::vector<std::int64_t>& row_start,
    const std::vector<std::int32_t>& arc_column,
    const std::vector<std::int64_t>& arc_cost, AssignmentObjective objective) {
  CapacitatedMatchingProblem problem;
  problem.rows = rows;
  problem.columns = columns;
  problem.row_start = row_start;
  problem.arc_column = arc_column;
  problem.capacity.assign(static_cast<std::size_t>(std::max(columns, 0)), 1);
  problem.arc_weight.reserve(arc_cost.size());
  for (std::int64_t cost : arc_cost) {
    if (cost == INT64_MIN) {
      throw std::invalid_argument("cost INT64_MIN cannot be negated");
    }
    problem.arc_weight.push_back(
        objective == AssignmentObjective::kMinimize ? -cost : cost);
  }
  const CapacitatedMatchingResult matching =
      solve_capacitated_matching(problem, MatchingMethod::kAugmentingPath);

  SparseAssignmentResult result;
  result.column_of_row.assign(static_cast<std::size_t>(std::max(rows, 0)), -1);
  if (matching.matched < std::min<std::int64_t>(rows, columns)) {
    result.status = AssignmentStatus::kInfeasible;
    return result;
  }
  for (std::int32_t r = 0; r < rows; ++r) {
    const std::int64_t arc = matching.arc_of_row[r];
    if (arc >= 0) result.column_of_row[r] = arc_column[arc];
  }
  result.total_cost = objective == AssignmentObjective::kMinimize
                          ? -matching.total_weight
                          : matching.total_weight;
  return result;
}

}  // namespace aidmatch::solvers
