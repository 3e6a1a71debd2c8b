// Dense rectangular linear sum assignment: validation, the Jonker-Volgenant
// initialisation phases, shortest augmenting paths and result extraction.
//
// Notation: the solver works on an n x m matrix with n <= m (the input, or
// the transpose of a tall input), x[i] is the column of row i, y[j] the row
// of column j (-1 when free), v[j] the dual of column j. The dual of an
// assigned row is implicit: u(i) = c(i, x[i]) - v[x[i]].
//
// Invariants between phases: every assigned row i has reduced costs
// c(i, j) - u(i) - v(j) >= 0 for all j, with equality at j = x[i]; v never
// increases; a free column keeps its initial dual (its column minimum for a
// square matrix, 0 for a wide one), and an assigned column never becomes
// free again.
//
// Integer range: let K = max|c|. A free column f exists while any row is
// free, so u(i) <= c(i, f) - v(f) <= 2K for an assigned row, hence
// v(j) = c(i, j) - u(i) >= -3K for an assigned column, and v <= K always.
// So c(i, j) - v(j) lies in [-2K, 4K], path lengths and levels in
// [-2K, 4K], the offsets of scan_row() in [-6K, 6K], and every value the
// phases compute in [-8K, 10K]. With K <= 2^59 that is below 2^63 in
// magnitude, and with K <= 2^27 below 2^31 (the int32 copy).
#include "aidmatch/solvers/linear_sum_assignment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "aidmatch/detail/int128.hpp"

namespace aidmatch::solvers {

namespace {

using Index = std::int32_t;

constexpr std::int64_t kMaxDimension = std::numeric_limits<Index>::max();

// A value above every reachable path length: +inf for double, and for
// integers the type's maximum, which the range bound above keeps out of
// reach.
template <typename Value>
constexpr Value kUnreached = std::numeric_limits<Value>::has_infinity
                                 ? std::numeric_limits<Value>::infinity()
                                 : std::numeric_limits<Value>::max();

// Marks a column whose path length is final. It is below every reachable
// path length, so `length < d[j]` is false for such a column.
template <typename Value>
constexpr Value kFinal = std::numeric_limits<Value>::has_infinity
                             ? -std::numeric_limits<Value>::infinity()
                             : std::numeric_limits<Value>::lowest();

std::string format_cost(double cost) {
  std::ostringstream out;
  out.precision(17);
  out << cost;
  return out.str();
}

std::string format_cost(std::int64_t cost) { return std::to_string(cost); }

[[noreturn]] void reject_entry(std::int64_t row, std::int64_t column,
                               const std::string& cost,
                               const std::string& reason) {
  throw std::invalid_argument("linear_sum_assignment: cost " + cost +
                              " at row " + std::to_string(row) +
                              ", column " + std::to_string(column) + " " +
                              reason);
}

void check_shape(std::size_t size, std::int64_t rows, std::int64_t columns) {
  if (rows < 0 || columns < 0 || rows > kMaxDimension ||
      columns > kMaxDimension) {
    throw std::invalid_argument(
        "linear_sum_assignment: rows (" + std::to_string(rows) +
        ") and columns (" + std::to_string(columns) +
        ") must be between 0 and " + std::to_string(kMaxDimension));
  }
  const auto expected = static_cast<std::uint64_t>(rows) *
                        static_cast<std::uint64_t>(columns);
  if (size != expected) {
    throw std::invalid_argument(
        "linear_sum_assignment: costs has " + std::to_string(size) +
        " entries; expected rows * columns = " + std::to_string(expected));
  }
}

// Rejects NaN, the infinity that is not the forbidden marker, and finite
// magnitudes above kMaxDoubleCostMagnitude.
void validate_entries(std::span<const double> costs, std::int64_t columns,
                      AssignmentObjective objective) {
  const bool maximize = objective == AssignmentObjective::kMaximize;
  for (std::size_t k = 0; k < costs.size(); ++k) {
    const double c = costs[k];
    if (std::abs(c) <= kMaxDoubleCostMagnitude) continue;
    const auto row = static_cast<std::int64_t>(k) / columns;
    const auto column = static_cast<std::int64_t>(k) % columns;
    if (std::isnan(c)) reject_entry(row, column, "NaN", "is not a number");
    if (std::isinf(c)) {
      if ((c > 0) == maximize) {
        reject_entry(row, column, format_cost(c),
                     maximize ? "is invalid when maximising; -inf marks a "
                                "forbidden pair"
                              : "is invalid when minimising; +inf marks a "
                                "forbidden pair");
      }
      continue;
    }
    reject_entry(row, column, format_cost(c),
                 "exceeds the largest accepted magnitude 2^1019");
  }
}

// Rejects magnitudes above kMaxIntegerCostMagnitude.
void validate_entries(std::span<const std::int64_t> costs,
                      std::int64_t columns, AssignmentObjective) {
  for (std::size_t k = 0; k < costs.size(); ++k) {
    const std::int64_t c = costs[k];
    if (c >= -kMaxIntegerCostMagnitude && c <= kMaxIntegerCostMagnitude) {
      continue;
    }
    reject_entry(static_cast<std::int64_t>(k) / columns,
                 static_cast<std::int64_t>(k) % columns, format_cost(c),
                 "exceeds the largest accepted magnitude 2^59 = " +
                     std::to_string(kMaxIntegerCostMagnitude));
  }
}

// Copies a rows x columns matrix as Out, negated when `negate`, and
// transposed when rows > columns so that the copy has no more rows than
// columns. Returns false when an entry's magnitude exceeds `limit`, with
// the entry copied anyway. A transpose works in square tiles, so that
// both matrices are read and written a cache line at a time.
template <typename Out, typename In>
bool copy_oriented(std::span<const In> costs, std::int64_t rows,
                   std::int64_t columns, bool negate, In limit,
                   std::vector<Out>& out) {
  out.resize(costs.size());
  bool in_range = true;
  // An entry out of range is not negated, since the most negative integer
  // has no negation; the caller rejects the matrix.
  const auto convert = [&](In value) {
    if (!(value >= -limit && value <= limit)) {
      in_range = false;
      return Out{};
    }
    return static_cast<Out>(negate ? -value : value);
  };
  if (rows <= columns) {
    for (std::size_t k = 0; k < costs.size(); ++k) out[k] = convert(costs[k]);
    return in_range;
  }
  constexpr std::int64_t kTile = 32;
  for (std::int64_t r0 = 0; r0 < rows; r0 += kTile) {
    const std::int64_t r1 = std::min(rows, r0 + kTile);
    for (std::int64_t c0 = 0; c0 < columns; c0 += kTile) {
      const std::int64_t c1 = std::min(columns, c0 + kTile);
      for (std::int64_t r = r0; r < r1; ++r) {
        for (std::int64_t c = c0; c < c1; ++c) {
          out[c * rows + r] = convert(costs[r * columns + c]);
        }
      }
    }
  }
  return in_range;
}

// The shortest augmenting path solver on an n x m row-major matrix with
// n <= m. kNegate reads every cost negated, which turns maximisation into
// minimisation without a copy.
template <typename Value, bool kNegate>
class JonkerVolgenant {
 public:
  JonkerVolgenant(const Value* costs, Index rows, Index columns)
      : costs_(costs),
        n_(rows),
        m_(columns),
        x_(static_cast<std::size_t>(rows), -1),
        y_(static_cast<std::size_t>(columns), -1),
        v_(static_cast<std::size_t>(columns), Value{0}),
        d_(static_cast<std::size_t>(columns)),
        pred_(static_cast<std::size_t>(columns)) {
    level_.reserve(static_cast<std::size_t>(columns));
    ready_.reserve(static_cast<std::size_t>(columns));
    ready_length_.reserve(static_cast<std::size_t>(columns));
  }

  // Runs every phase. Returns false when no complete assignment exists.
  bool solve() {
    if (n_ == m_) {
      if (!reduce_columns()) return false;
      transfer_reductions();
    } else {
      for (Index i = 0; i < n_; ++i) free_rows_.push_back(i);
    }
    for (int pass = 0; pass < 2 && !free_rows_.empty(); ++pass) {
      reduce_augmenting_rows();
    }
    for (const Index row : free_rows_) {
      if (!augment(row)) return false;
    }
    return true;
  }

  // The column of each row after a successful solve().
  const std::vector<Index>& column_of_row() const { return x_; }

 private:
  const Value* row_costs(Index i) const {
    return costs_ + static_cast<std::size_t>(i) * static_cast<std::size_t>(m_);
  }

  static Value read(const Value* row, Index j) {
    return kNegate ? -row[j] : row[j];
  }

  bool reduce_columns();
  void transfer_reductions();
  void reduce_augmenting_rows();
  Index reduce_row(Index row, bool& chain);
  bool augment(Index free_row);
  Value collect_minimum_level();
  Index scan_row(Index row, Value offset, Value level);
  void update_duals(Value level);
  void flip_path(Index free_row, Index sink);

  const Value* costs_;
  Index n_;
  Index m_;
  std::vector<Index> x_;
  std::vector<Index> y_;
  std::vector<Value> v_;
  // Tentative path lengths of one search, set to kFinal once a column's
  // length is final.
  std::vector<Value> d_;
  std::vector<Index> pred_;
  std::vector<Index> free_rows_;
  // Columns whose path length equals the current minimum, in the order they
  // are found. Those from level_head_ on are not scanned yet.
  std::vector<Index> level_;
  std::size_t level_head_ = 0;
  // Scanned columns of one search and their final path lengths.
  std::vector<Index> ready_;
  std::vector<Value> ready_length_;
  // Rows that received exactly one column in reduce_columns().
  std::vector<Index> single_rows_;
};

// Column reduction: v(j) is the minimum of column j, and each column goes
// to the row of its minimum (lowest row index) unless a lower-indexed column
// took that row first. Returns false when a column has no allowed pair.
template <typename Value, bool kNegate>
bool JonkerVolgenant<Value, kNegate>::reduce_columns() {
  std::vector<Index> min_row(static_cast<std::size_t>(m_), -1);
  std::fill(v_.begin(), v_.end(), kUnreached<Value>);
  for (Index i = 0; i < n_; ++i) {
    const Value* row = row_costs(i);
    for (Index j = 0; j < m_; ++j) {
      const Value c = read(row, j);
      if (c < v_[j]) {
        v_[j] = c;
        min_row[j] = i;
      }
    }
  }
  std::vector<Index> matches(static_cast<std::size_t>(n_), 0);
  for (Index j = 0; j < m_; ++j) {
    const Index i = min_row[j];
    if (i < 0) return false;
    if (matches[i]++ == 0) {
      x_[i] = j;
      y_[j] = i;
    }
  }
  for (Index i = 0; i < n_; ++i) {
    if (matches[i] == 0) free_rows_.push_back(i);
    if (matches[i] == 1) single_rows_.push_back(i);
  }
  return true;
}

// Reduction transfer: a row that got exactly one column j1 moves its slack
// to u(i) = min over j != j1 of c(i, j) - v(j) by lowering v(j1) by that
// amount, which makes j1 dearer for the rows still free.
template <typename Value, bool kNegate>
void JonkerVolgenant<Value, kNegate>::transfer_reductions() {
  for (const Index i : single_rows_) {
    const Index assigned = x_[i];
    const Value* row = row_costs(i);
    Value slack = kUnreached<Value>;
    for (Index j = 0; j < m_; ++j) {
      if (j == assigned) continue;
      slack = std::min(slack, read(row, j) - v_[j]);
    }
    if (slack != kUnreached<Value>) v_[assigned] -= slack;
  }
}

// Augmenting row reduction: each free row takes the column of its smallest
// reduced cost, lowering that column's dual so that the row's dual becomes
// its second smallest reduced cost. A displaced row is reduced next in the
// same chain when the dual moved, and waits for the next pass otherwise.
// A pass makes at most 4n row reductions, so it takes O(n m) time. Rows
// still free after it are assigned by augment(). The cap 4n was the fastest
// of 1n, 2n, 4n, 16n and 1000n on a uniform random 4000 x 4000 matrix.
template <typename Value, bool kNegate>
void JonkerVolgenant<Value, kNegate>::reduce_augmenting_rows() {
  std::vector<Index> pending;
  pending.swap(free_rows_);
  std::int64_t budget = 4 * static_cast<std::int64_t>(n_);
  for (std::size_t k = 0; k < pending.size(); ++k) {
    Index row = pending[k];
    while (row >= 0) {
      if (budget-- <= 0) {
        free_rows_.push_back(row);
        break;
      }
      bool chain = false;
      const Index displaced = reduce_row(row, chain);
      if (displaced >= 0 && !chain) free_rows_.push_back(displaced);
      row = chain ? displaced : -1;
    }
  }
}

// Assigns `row` to the column of its smallest reduced cost and returns the
// row displaced from that column, or -1. Sets `chain` when the displaced row
// should be reduced at once. A row with no allowed column stays free.
template <typename Value, bool kNegate>
Index JonkerVolgenant<Value, kNegate>::reduce_row(Index row, bool& chain) {
  const Value* costs = row_costs(row);
  Value first = kUnreached<Value>;
  Value second = kUnreached<Value>;
  Index first_column = -1;
  Index second_column = -1;
  // The lowest-indexed free column whose reduced cost equals `first`.
  Index free_column = -1;
  for (Index j = 0; j < m_; ++j) {
    const Value h = read(costs, j) - v_[j];
    if (h < second) {
      if (h < first) {
        second = first;
        second_column = first_column;
        first = h;
        first_column = j;
        free_column = y_[j] < 0 ? j : -1;
        continue;
      }
      second = h;
      second_column = j;
    }
    if (h == first && free_column < 0 && y_[j] < 0) free_column = j;
  }
  if (first == kUnreached<Value>) {
    free_rows_.push_back(row);
    return -1;
  }
  Index column = first_column;
  if (first == second && free_column >= 0) column = free_column;
  Index displaced = y_[column];
  if (first < second) {
    // With a single allowed column the dual cannot move, and chaining the
    // displaced row would hand the column back and forth.
    if (second != kUnreached<Value>) {
      v_[column] -= second - first;
      chain = true;
    }
  } else if (displaced >= 0) {
    column = second_column;
    displaced = y_[column];
  }
  if (displaced >= 0) x_[displaced] = -1;
  x_[row] = column;
  y_[column] = row;
  return displaced;
}

// Finds a shortest augmenting path from `free_row` to a free column on the
// reduced costs, updates the duals of the scanned columns and flips the
// path. Returns false when no free column is reachable through allowed
// pairs.
template <typename Value, bool kNegate>
bool JonkerVolgenant<Value, kNegate>::augment(Index free_row) {
  const Value* costs = row_costs(free_row);
  for (Index j = 0; j < m_; ++j) {
    d_[j] = read(costs, j) - v_[j];
    pred_[j] = free_row;
  }
  ready_.clear();
  ready_length_.clear();
  level_.clear();
  level_head_ = 0;
  Value level = 0;
  Index sink = -1;
  while (sink < 0) {
    if (level_head_ == level_.size()) {
      level = collect_minimum_level();
      if (level == kUnreached<Value>) return false;
      for (const Index j : level_) {
        if (y_[j] < 0) {
          sink = j;
          break;
        }
      }
      continue;
    }
    const Index column = level_[level_head_++];
    const Index row = y_[column];
    ready_.push_back(column);
    ready_length_.push_back(level);
    // offset = u(row) - level, so that c(row, j) - v(j) - offset is the path
    // length through `row` to column j.
    const Value offset = read(row_costs(row), column) - v_[column] - level;
    sink = scan_row(row, offset, level);
  }
  update_duals(level);
  flip_path(free_row, sink);
  return true;
}

// Starts a new level: finds the smallest tentative path length among the
// columns not yet final, and moves every column at that length, in
// ascending index order, into level_ with its length marked final. Returns
// kUnreached when no allowed column is left.
template <typename Value, bool kNegate>
Value JonkerVolgenant<Value, kNegate>::collect_minimum_level() {
  level_.clear();
  level_head_ = 0;
  Value best = kUnreached<Value>;
  for (Index j = 0; j < m_; ++j) {
    const Value length = d_[j];
    if (length <= best && length != kFinal<Value>) {
      if (length < best) {
        best = length;
        level_.clear();
      }
      level_.push_back(j);
    }
  }
  if (best == kUnreached<Value>) return best;
  for (const Index j : level_) d_[j] = kFinal<Value>;
  return best;
}

// Relaxes every non-final column through `row`. A column that reaches the
// current level joins it, and the first free one found ends the search:
// its index is returned, or -1 when none is found.
template <typename Value, bool kNegate>
Index JonkerVolgenant<Value, kNegate>::scan_row(Index row, Value offset,
                                                Value level) {
  // Local copies of the array pointers let the compiler keep them in
  // registers across the stores to d and pred.
  const Value* costs = row_costs(row);
  const Value* v = v_.data();
  Value* d = d_.data();
  Index* pred = pred_.data();
  const Index* y = y_.data();
  const Index m = m_;
  for (Index j = 0; j < m; ++j) {
    const Value length = read(costs, j) - v[j] - offset;
    if (length < d[j]) {
      pred[j] = row;
      if (length == level) {
        if (y[j] < 0) return j;
        d[j] = kFinal<Value>;
        level_.push_back(j);
      } else {
        d[j] = length;
      }
    }
  }
  return -1;
}

// Lowers v(j) of every scanned column by (level - its path length), which
// keeps every reduced cost of the assigned rows non-negative and makes the
// path's reduced costs zero.
template <typename Value, bool kNegate>
void JonkerVolgenant<Value, kNegate>::update_duals(Value level) {
  for (std::size_t k = 0; k < ready_.size(); ++k) {
    v_[ready_[k]] += ready_length_[k] - level;
  }
}

// Assigns the path's columns to their predecessor rows, ending at
// free_row.
template <typename Value, bool kNegate>
void JonkerVolgenant<Value, kNegate>::flip_path(Index free_row, Index sink) {
  Index column = sink;
  while (true) {
    const Index row = pred_[column];
    y_[column] = row;
    std::swap(column, x_[row]);
    if (row == free_row) break;
  }
}

// Solves an n x m problem with n <= m and returns the column of each row,
// or an empty vector when it is infeasible.
template <typename Value, bool kNegate>
std::vector<Index> solve_wide(const Value* costs, Index rows, Index columns) {
  JonkerVolgenant<Value, kNegate> solver(costs, rows, columns);
  if (!solver.solve()) return {};
  return solver.column_of_row();
}

// Solves a validated matrix: in place when rows <= columns, negating as it
// reads when maximising, or on a negated transposed copy otherwise. Returns
// the column of each row of the solved orientation (each input column when
// rows > columns), or an empty vector when it is infeasible.
template <typename Cost>
std::vector<Index> solve_oriented(std::span<const Cost> costs,
                                  std::int64_t rows, std::int64_t columns,
                                  bool maximize) {
  const auto n = static_cast<Index>(std::min(rows, columns));
  const auto m = static_cast<Index>(std::max(rows, columns));
  if (rows <= columns) {
    return maximize ? solve_wide<Cost, true>(costs.data(), n, m)
                    : solve_wide<Cost, false>(costs.data(), n, m);
  }
  std::vector<Cost> transposed;
  copy_oriented(costs, rows, columns, maximize, kUnreached<Cost>,
                transposed);
  return solve_wide<Cost, false>(transposed.data(), n, m);
}

std::vector<Index> assign(std::span<const double> costs, std::int64_t rows,
                          std::int64_t columns, AssignmentObjective objective) {
  validate_entries(costs, columns, objective);
  return solve_oriented(costs, rows, columns,
                        objective == AssignmentObjective::kMaximize);
}

// Integer costs up to 2^27 in magnitude keep every dual and path length
// within 10 * 2^27 < 2^31, so they are solved on an int32 copy. The copy
// halves the memory that each row scan reads, and the scans dominate the
// run time: on uniform 0..999 costs at n = 4000 this was about 15% faster
// overall than solving the int64 matrix in place, copy included.
constexpr std::int64_t kMaxNarrowCostMagnitude = std::int64_t{1} << 27;

std::vector<Index> assign(std::span<const std::int64_t> costs,
                          std::int64_t rows, std::int64_t columns,
                          AssignmentObjective objective) {
  const bool maximize = objective == AssignmentObjective::kMaximize;
  std::vector<std::int32_t> narrow;
  if (copy_oriented(costs, rows, columns, maximize, kMaxNarrowCostMagnitude,
                    narrow)) {
    return solve_wide<std::int32_t, false>(
        narrow.data(), static_cast<Index>(std::min(rows, columns)),
        static_cast<Index>(std::max(rows, columns)));
  }
  narrow = {};
  validate_entries(costs, columns, objective);
  return solve_oriented(costs, rows, columns, maximize);
}

// Fills the result's pairs in ascending input row order from the column of
// each row of the solved orientation.
template <typename Cost>
void extract_pairs(const std::vector<Index>& column_of_row, std::int64_t rows,
                   std::int64_t columns,
                   LinearSumAssignmentResult<Cost>& result) {
  const auto n = static_cast<Index>(std::min(rows, columns));
  result.row_indices.reserve(static_cast<std::size_t>(n));
  result.column_indices.reserve(static_cast<std::size_t>(n));
  if (rows <= columns) {
    for (Index r = 0; r < n; ++r) {
      result.row_indices.push_back(r);
      result.column_indices.push_back(column_of_row[r]);
    }
    return;
  }
  // The solver's rows are the input columns. Inverting the map lists the
  // input rows in ascending order.
  std::vector<Index> column_of_input_row(static_cast<std::size_t>(rows), -1);
  for (Index c = 0; c < n; ++c) column_of_input_row[column_of_row[c]] = c;
  for (Index r = 0; r < rows; ++r) {
    if (column_of_input_row[r] < 0) continue;
    result.row_indices.push_back(r);
    result.column_indices.push_back(column_of_input_row[r]);
  }
}

double sum_costs(std::span<const double> costs, std::int64_t columns,
                 const LinearSumAssignmentResult<double>& result,
                 AssignmentStatus& status) {
  double total = 0;
  for (std::size_t k = 0; k < result.row_indices.size(); ++k) {
    total += costs[static_cast<std::size_t>(result.row_indices[k] * columns +
                                            result.column_indices[k])];
  }
  status = AssignmentStatus::kOptimal;
  return total;
}

std::int64_t sum_costs(std::span<const std::int64_t> costs,
                       std::int64_t columns,
                       const LinearSumAssignmentResult<std::int64_t>& result,
                       AssignmentStatus& status) {
  aidmatch::detail::Int128 total = 0;
  for (std::size_t k = 0; k < result.row_indices.size(); ++k) {
    total += costs[static_cast<std::size_t>(result.row_indices[k] * columns +
                                            result.column_indices[k])];
  }
  if (total > std::numeric_limits<std::int64_t>::max() ||
      total < std::numeric_limits<std::int64_t>::min()) {
    status = AssignmentStatus::kCostOverflow;
    return 0;
  }
  status = AssignmentStatus::kOptimal;
  return static_cast<std::int64_t>(total);
}

}  // namespace

std::string to_string(AssignmentStatus status) {
  switch (status) {
    case AssignmentStatus::kOptimal: return "optimal";
    case AssignmentStatus::kInfeasible: return "infeasible";
    case AssignmentStatus::kCostOverflow: return "cost overflow";
  }
  return "unknown";
}

template <typename Cost>
LinearSumAssignmentResult<Cost> solve_linear_sum_assignment(
    std::span<const Cost> costs, std::int64_t rows, std::int64_t columns,
    AssignmentObjective objective) {
  check_shape(costs.size(), rows, columns);
  LinearSumAssignmentResult<Cost> result;
  if (rows == 0 || columns == 0) return result;
  const std::vector<Index> column_of_row =
      assign(costs, rows, columns, objective);
  if (column_of_row.empty()) {
    result.status = AssignmentStatus::kInfeasible;
    return result;
  }
  extract_pairs(column_of_row, rows, columns, result);
  result.total_cost = sum_costs(costs, columns, result, result.status);
  return result;
}

template LinearSumAssignmentResult<double>
solve_linear_sum_assignment<double>(std::span<const double>, std::int64_t,
                                    std::int64_t, AssignmentObjective);
template LinearSumAssignmentResult<std::int64_t>
solve_linear_sum_assignment<std::int64_t>(std::span<const std::int64_t>,
                                          std::int64_t, std::int64_t,
                                          AssignmentObjective);

LinearSumAssignmentResult<std::int64_t> solve_linear_sum_assignment(
    std::span<const std::int32_t> costs, std::int64_t rows,
    std::int64_t columns, AssignmentObjective objective) {
  const std::vector<std::int64_t> widened(costs.begin(), costs.end());
  return solve_linear_sum_assignment<std::int64_t>(widened, rows, columns,
                                                   objective);
}

}  // namespace aidmatch::solvers
