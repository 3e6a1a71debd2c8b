// Capacitated matching by network simplex (LEMON) or by the primal-dual
// reference method.
#include <algorithm>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <limits>
#include <map>
#include <stdexcept>

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/solvers/detail/adjacency.hpp"
#include "aidmatch/solvers/detail/augmenting_path.hpp"
#include "aidmatch/solvers/detail/max_flow.hpp"
#include "aidmatch/solvers/min_cost_flow.hpp"

namespace aidmatch::solvers {

namespace {

// Weights are shifted to max - weight, which doubles their range, so the
// limit keeps that range times the node count below 2^62.
constexpr std::int64_t kCostLimit = std::int64_t{1} << 61;

void validate(const CapacitatedMatchingProblem& problem) {
  const std::int32_t rows = problem.rows;
  const std::int32_t columns = problem.columns;
  if (rows < 0 || columns < 0) {
    throw std::invalid_argument("rows (" + std::to_string(rows) +
                                ") and columns (" + std::to_string(columns) +
                                ") must be non-negative");
  }
  // The flow network has a node per row and column, an arc per row, pair
  // and column, and a node and an arc per (column, group) at most.
  const std::int64_t elements =
      2 * (static_cast<std::int64_t>(rows) + columns) + 2 +
      2 * static_cast<std::int64_t>(problem.arc_column.size());
  if (elements > kMaxFlowElements) {
    throw std::invalid_argument(
        "the matching has " + std::to_string(rows) + " rows, " +
        std::to_string(columns) + " columns and " +
        std::to_string(problem.arc_column.size()) +
        " arcs; its network would exceed " + std::to_string(kMaxFlowElements) +
        " nodes and arcs; split the batch");
  }
  if (problem.row_start.size() != static_cast<std::size_t>(rows) + 1) {
    throw std::invalid_argument(
        "row_start has " + std::to_string(problem.row_start.size()) +
        " entries; expected rows + 1 = " + std::to_string(rows + 1));
  }
  const std::size_t arcs = problem.arc_column.size();
  if (problem.arc_weight.size() != arcs) {
    throw std::invalid_argument(
        "arc_weight has " + std::to_string(problem.arc_weight.size()) +
        " entries but arc_column has " + std::to_string(arcs));
  }
  if (problem.row_start.front() != 0 ||
      problem.row_start.back() != static_cast<std::int64_t>(arcs)) {
    throw std::invalid_argument(
        "row_start must begin at 0 and end at the arc count " +
        std::to_string(arcs));
  }
  for (std::int32_t r = 0; r < rows; ++r) {
    if (problem.row_start[r + 1] < problem.row_start[r]) {
      throw std::invalid_argument("row_start decreases at row " +
                                  std::to_string(r));
    }
  }
  if (problem.capacity.size() != static_cast<std::size_t>(columns)) {
    throw std::invalid_argument(
        "capacity has " + std::to_string(problem.capacity.size()) +
        " entries; expected one per column (" + std::to_string(columns) + ")");
  }
  if (!problem.row_group.empty() &&
      problem.row_group.size() != static_cast<std::size_t>(rows)) {
    throw std::invalid_argument(
        "row_group has " + std::to_string(problem.row_group.size()) +
        " entries; expected none or one per row (" + std::to_string(rows) +
        ")");
  }
  for (std::size_t r = 0; r < problem.row_group.size(); ++r) {
    if (problem.row_group[r] < -1) {
      throw std::invalid_argument("row " + std::to_string(r) + " has group " +
                                  std::to_string(problem.row_group[r]) +
                                  "; expected -1 for none or a group >= 0");
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    if (problem.capacity[c] < 0) {
      throw std::invalid_argument("column " + std::to_string(c) +
                                  " has capacity " +
                                  std::to_string(problem.capacity[c]) +
                                  "; capacities must be non-negative");
    }
  }
  const aidmatch::detail::Int128 node_count =
      static_cast<aidmatch::detail::Int128>(rows) + columns + 2;
  for (std::size_t a = 0; a < arcs; ++a) {
    if (problem.arc_column[a] < 0 || problem.arc_column[a] >= columns) {
      throw std::invalid_argument("arc " + std::to_string(a) + " has column " +
                                  std::to_string(problem.arc_column[a]) +
                                  "; expected 0.." +
                                  std::to_string(columns - 1));
    }
    const std::int64_t w = problem.arc_weight[a];
    if (w <= -kCostLimit || w >= kCostLimit ||
        static_cast<aidmatch::detail::Int128>(w < 0 ? -w : w) * node_count >=
            kCostLimit) {
      throw std::invalid_argument(
          "arc " + std::to_string(a) + " has weight " + std::to_string(w) +
          ", which could overflow path lengths over " +
          std::to_string(static_cast<std::int64_t>(node_count)) +
          " nodes; keep max|weight| * (rows + columns + 2) below 2^61");
    }
  }
}

// The row of each arc, from the CSR row starts.
std::vector<std::int32_t> arc_rows(const CapacitatedMatchingProblem& problem) {
  std::vector<std::int32_t> rows(problem.arc_column.size());
  for (std::int32_t r = 0; r < problem.rows; ++r) {
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      rows[static_cast<std::size_t>(a)] = r;
    }
  }
  return rows;
}

// Fills the result from the arcs that carry flow.
template <typename CarriesFlow>
CapacitatedMatchingResult read_matching(
    const CapacitatedMatchingProblem& problem, CarriesFlow carries_flow) {
  CapacitatedMatchingResult result;
  result.arc_of_row.assign(static_cast<std::size_t>(problem.rows), -1);
  const std::vector<std::int32_t> rows = arc_rows(problem);
  aidmatch::detail::Int128 total = 0;
  for (std::size_t a = 0; a < problem.arc_column.size(); ++a) {
    if (!carries_flow(a)) continue;
    result.arc_of_row[static_cast<std::size_t>(rows[a])] =
        static_cast<std::int64_t>(a);
    ++result.matched;
    total += problem.arc_weight[a];
  }
  if (total > std::numeric_limits<std::int64_t>::max() ||
      total < std::numeric_limits<std::int64_t>::min()) {
    throw std::overflow_error("the total weight of the matching overflows "
                              "int64");
  }
  result.total_weight = static_cast<std::int64_t>(total);
  return result;
}

CapacitatedMatchingResult solve_primal_dual(
    const CapacitatedMatchingProblem& problem) {
  // Nodes: source, rows, columns, sink. A row-column arc costs the negated
  // weight, so a minimum-cost maximum flow is a maximum matching of maximum
  // weight.
  const std::int32_t rows = problem.rows;
  const std::int32_t columns = problem.columns;
  const MinCostFlow::NodeId source = 0;
  const MinCostFlow::NodeId sink = rows + columns + 1;
  MinCostFlow network(rows + columns + 2);
  for (std::int32_t r = 0; r < rows; ++r) network.add_arc(source, 1 + r, 1, 0);
  const MinCostFlow::ArcId first_pair_arc = network.arc_count();
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      network.add_arc(1 + r, 1 + rows + problem.arc_column[a], 1,
                      -problem.arc_weight[a]);
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    network.add_arc(1 + rows + c, sink, problem.capacity[c], 0);
  }
  const MaxFlowMinCostResult flow = network.solve_max_flow(source, sink);
  if (flow.status == FlowStatus::kNegativeCycle) {
    throw std::logic_error("a bipartite network cannot have a cycle");
  }
  CapacitatedMatchingResult result =
      read_matching(problem, [&](std::size_t a) {
        return network.flow(first_pair_arc + static_cast<std::int32_t>(a)) > 0;
      });
  result.phases = flow.phases;
  return result;
}

// Two exact steps, so that no big-M weight is needed for the lexicographic
// objective: the maximum flow value F, then a minimum-cost flow of exactly
// F units, which is the maximum weight among maximum matchings.
CapacitatedMatchingResult solve_lemon(
    const CapacitatedMatchingProblem& problem) {
  using Graph = lemon::SmartDigraph;
  const std::int32_t rows = problem.rows;
  const std::int32_t columns = problem.columns;
  Graph graph;
  graph.reserveNode(rows + columns + 2);
  graph.reserveArc(static_cast<int>(problem.arc_column.size()) + rows +
                   columns);
  std::vector<Graph::Node> nodes;
  nodes.reserve(static_cast<std::size_t>(rows + columns + 2));
  for (std::int32_t v = 0; v < rows + columns + 2; ++v) {
    nodes.push_back(graph.addNode());
  }
  const Graph::Node source = nodes.front();
  const Graph::Node sink = nodes.back();
  Graph::ArcMap<std::int64_t> capacity(graph);
  Graph::ArcMap<std::int64_t> cost(graph);
  auto add = [&](Graph::Node tail, Graph::Node head, std::int64_t cap,
                 std::int64_t arc_cost) {
    const Graph::Arc arc = graph.addArc(tail, head);
    capacity[arc] = cap;
    cost[arc] = arc_cost;
    return arc;
  };
  // Every unit of the fixed flow value crosses one row-column arc, so
  // shifting those costs by the largest weight keeps the optimum and makes
  // every cost non-negative, which the simplex pivots on far better.
  std::int64_t max_weight = 0;
  if (!problem.arc_weight.empty()) {
    max_weight = *std::max_element(problem.arc_weight.begin(),
                                   problem.arc_weight.end());
  }
  std::vector<Graph::Arc> pair_arcs;
  pair_arcs.reserve(problem.arc_column.size());
  for (std::int32_t r = 0; r < rows; ++r) {
    add(source, nodes[1 + r], 1, 0);
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      pair_arcs.push_back(add(nodes[1 + r],
                              nodes[1 + rows + problem.arc_column[a]], 1,
                              max_weight - problem.arc_weight[a]));
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    add(nodes[1 + rows + c], sink, problem.capacity[c], 0);
  }

  lemon::Preflow<Graph, Graph::ArcMap<std::int64_t>> max_flow(graph, capacity,
                                                              source, sink);
  max_flow.runMinCut();
  const std::int64_t flow_value = max_flow.flowValue();

  lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(graph);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, flow_value);
  const auto status = simplex.run();
  if (status != lemon::NetworkSimplex<Graph, std::int64_t,
                                      std::int64_t>::OPTIMAL) {
    throw std::logic_error(
        "network simplex did not find an optimum for a flow value that "
        "preflow reached");
  }
  return read_matching(problem, [&](std::size_t a) {
    return simplex.flow(pair_arcs[a]) > 0;
  });
}

// The size of a maximum capacitated matching, by Dinic's blocking flows on
// source -> rows -> columns -> sink: O(m sqrt(n)) on such unit networks.
std::int64_t max_matching_size(const CapacitatedMatchingProblem& problem) {
  const std::int32_t rows = problem.rows;
  const std::int32_t columns = problem.columns;
  const std::int32_t nodes = rows + columns + 2;
  const std::int32_t source = rows + columns;
  const std::int32_t sink = source + 1;
  std::vector<std::int32_t> tail;
  std::vector<std::int32_t> head;
  std::vector<std::int64_t> capacity;
  auto add = [&](std::int32_t u, std::int32_t v, std::int64_t cap) {
    tail.push_back(u);
    head.push_back(v);
    capacity.push_back(cap);
  };
  for (std::int32_t r = 0; r < rows; ++r) {
    add(source, r, 1);
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      add(r, rows + problem.arc_column[a], 1);
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    add(rows + c, sink, problem.capacity[c]);
  }
  return detail::max_flow(nodes, tail, head, capacity, source, sink);
}

// The network is source -> rows -> columns -> sink; with row groups, a
// grouped row reaches a column only through the node of its (column,
// group) pair, whose capacity is 1. Dinic's algorithm gives the
// largest matched count F, and a minimum-cost flow of exactly F units, with
// each row-column arc costing (max weight - weight), gives the largest
// weight among matchings of F rows.
CapacitatedMatchingResult solve_by_flow(const CapacitatedMatchingProblem& problem,
                                        MatchingMethod method) {
  const std::int32_t rows = problem.rows;
  const std::int32_t columns = problem.columns;
  const std::int32_t source = rows + columns;
  const std::int32_t sink = source + 1;
  std::int64_t max_weight = 0;
  if (!problem.arc_weight.empty()) {
    max_weight = *std::max_element(problem.arc_weight.begin(),
                                   problem.arc_weight.end());
  }
  FlowNetwork network;
  network.nodes = rows + columns + 2;
  auto add = [&](std::int32_t u, std::int32_t v, std::int64_t cap,
                 std::int64_t cost) {
    return network.add_arc(u, v, 0, cap, cost);
  };
  for (std::int32_t r = 0; r < rows; ++r) add(source, r, 1, 0);
  // Nodes for (column, group) pairs, numbered in order of first use.
  std::map<std::pair<std::int32_t, std::int32_t>, std::int32_t> group_node;
  std::vector<std::int32_t> pair_arc(problem.arc_column.size());
  for (std::int32_t r = 0; r < rows; ++r) {
    const std::int32_t group =
        problem.row_group.empty() ? -1 : problem.row_group[r];
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      const std::int32_t column = problem.arc_column[a];
      std::int32_t target = rows + column;
      if (group >= 0) {
        const auto [it, inserted] =
            group_node.try_emplace({column, group}, network.nodes);
        if (inserted) ++network.nodes;
        target = it->second;
      }
      pair_arc[a] = add(r, target, 1, max_weight - problem.arc_weight[a]);
    }
  }
  for (const auto& [key, node] : group_node) add(node, rows + key.first, 1, 0);
  for (std::int32_t c = 0; c < columns; ++c) {
    add(rows + c, sink, problem.capacity[c], 0);
  }
  const std::int64_t matched = detail::max_flow(
      network.nodes, network.tail, network.head, network.upper, source, sink);
  network.supply.assign(static_cast<std::size_t>(network.nodes), 0);
  network.supply[source] = matched;
  network.supply[sink] = -matched;

  FlowOptions options;
  options.method = method == MatchingMethod::kAugmentingPath
                       ? FlowMethod::kAugmentingPath
                       : FlowMethod::kNetworkSimplex;
  const FlowSolution solution = solve_min_cost_flow(network, options);
  if (solution.status != FlowStatus::kOptimal) {
    throw std::logic_error("a flow value that Dinic's algorithm reached gave "
                           "status " + to_string(solution.status));
  }
  return read_matching(problem, [&](std::size_t a) {
    return solution.flow[pair_arc[a]] > 0;
  });
}

}  // namespace

CapacitatedMatchingResult solve_capacitated_matching(
    const CapacitatedMatchingProblem& problem, MatchingMethod method) {
  validate(problem);
  const bool grouped =
      std::any_of(problem.row_group.begin(), problem.row_group.end(),
                  [](std::int32_t group) { return group >= 0; });
  if (grouped) return solve_by_flow(problem, method);
  switch (method) {
    case MatchingMethod::kNetworkSimplex:
      return solve_by_flow(problem, method);
    case MatchingMethod::kLemonNetworkSimplex:
      return solve_lemon(problem);
    case MatchingMethod::kPrimalDual:
      return solve_primal_dual(problem);
    case MatchingMethod::kAugmentingPath:
      return IncrementalMatching(problem).result();
  }
  throw std::invalid_argument("unknown matching method");
}

// Two exact steps on the network source -> rows -> columns -> sink. First
// the maximum number of matched rows F, by Dinic's algorithm. Then F units at
// minimum cost, with each row-column arc costing (max weight - weight) >= 0:
// every unit crosses exactly one such arc, so the minimum cost is the
// maximum weight among matchings of F rows. Forbidden arcs and withdrawn
// rows get capacity 0.
IncrementalMatching::IncrementalMatching(CapacitatedMatchingProblem problem)
    : problem_(std::move(problem)),
      forbidden_(problem_.arc_column.size(), 0),
      withdrawn_(static_cast<std::size_t>(problem_.rows), 0) {
  validate(problem_);
  if (std::any_of(problem_.row_group.begin(), problem_.row_group.end(),
                  [](std::int32_t group) { return group >= 0; })) {
    throw std::invalid_argument(
        "IncrementalMatching does not take row groups; solve grouped "
        "problems with solve_capacitated_matching");
  }
  arc_row_ = arc_rows(problem_);
  solve_from_scratch();
}

IncrementalMatching::~IncrementalMatching() = default;

bool IncrementalMatching::allowed(std::int64_t arc) const {
  return !forbidden_[arc] && !withdrawn_[arc_row_[arc]];
}

void IncrementalMatching::solve_from_scratch() {
  const std::int32_t rows = problem_.rows;
  const std::int32_t columns = problem_.columns;
  column_base_ = rows;
  source_ = rows + columns;
  sink_ = source_ + 1;
  max_weight_ = 0;
  if (!problem_.arc_weight.empty()) {
    max_weight_ = *std::max_element(problem_.arc_weight.begin(),
                                    problem_.arc_weight.end());
  }

  // The cardinality pass counts only the allowed arcs.
  CapacitatedMatchingProblem allowed_arcs = problem_;
  allowed_arcs.arc_column.clear();
  allowed_arcs.arc_weight.clear();
  allowed_arcs.row_start.assign(1, 0);
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int64_t a = problem_.row_start[r]; a < problem_.row_start[r + 1];
         ++a) {
      if (!allowed(a)) continue;
      allowed_arcs.arc_column.push_back(problem_.arc_column[a]);
      allowed_arcs.arc_weight.push_back(problem_.arc_weight[a]);
    }
    allowed_arcs.row_start.push_back(
        static_cast<std::int64_t>(allowed_arcs.arc_column.size()));
  }
  const std::int64_t matched = max_matching_size(allowed_arcs);

  // Rows are nodes 0 .. rows - 1 and columns follow. The source arcs come
  // first, so that spreading the source's excess fills rows in order.
  solver_ = std::make_unique<detail::AugmentingPathSolver>(rows + columns + 2);
  row_node_.resize(static_cast<std::size_t>(rows));
  source_arc_.resize(static_cast<std::size_t>(rows));
  pair_arc_.resize(problem_.arc_column.size());
  pair_of_solver_arc_.clear();
  for (std::int32_t r = 0; r < rows; ++r) {
    row_node_[r] = r;
    source_arc_[r] = solver_->add_arc(source_, r, withdrawn_[r] ? 0 : 1, 0);
    pair_of_solver_arc_.push_back(-1);
  }
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int64_t a = problem_.row_start[r]; a < problem_.row_start[r + 1];
         ++a) {
      add_pair_arc(a);
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    solver_->add_arc(rows + c, sink_, problem_.capacity[c], 0);
    pair_of_solver_arc_.push_back(-1);
  }
  solver_->finalize();
  solver_->add_excess(source_, matched);
  solver_->add_excess(sink_, -matched);
  solver_->spread_excess(source_);
  for (std::int32_t v = 0; v < rows + columns + 2; ++v) {
    if (!solver_->discharge(v)) {
      throw std::logic_error("a flow value that augmenting paths reached "
                             "became infeasible");
    }
  }
  read_result();
}

void IncrementalMatching::add_pair_arc(std::int64_t arc) {
  const std::int32_t id = solver_->add_arc(
      row_node_[arc_row_[arc]], column_base_ + problem_.arc_column[arc],
      allowed(arc) ? 1 : 0, max_weight_ - problem_.arc_weight[arc]);
  pair_arc_[arc] = id;
  pair_of_solver_arc_.push_back(arc);
}

void IncrementalMatching::read_result() {
  result_ = read_matching(problem_, [&](std::size_t a) {
    return solver_->flow(pair_arc_[a]) > 0;
  });
  result_.phases = solver_->augmentations();
  solver_->clear_changed_arcs();
}

void IncrementalMatching::update_row(std::int32_t row) {
  std::int64_t& chosen = result_.arc_of_row[row];
  if (chosen >= 0) {
    --result_.matched;
    result_.total_weight -= problem_.arc_weight[chosen];
    chosen = -1;
  }
  for (std::int64_t a = problem_.row_start[row]; a < problem_.row_start[row + 1];
       ++a) {
    if (solver_->flow(pair_arc_[a]) > 0) {
      chosen = a;
      ++result_.matched;
      result_.total_weight += problem_.arc_weight[a];
      break;
    }
  }
}

void IncrementalMatching::update_changed_rows() {
  for (std::int32_t changed : solver_->changed_arcs()) {
    const std::int64_t arc = pair_of_solver_arc_[changed / 2];
    if (arc >= 0) update_row(arc_row_[arc]);
  }
  solver_->clear_changed_arcs();
  result_.phases = solver_->augmentations();
}

// The row has one unit of excess and some column a deficit of one. When no
// residual path joins them, the matched count falls by one: the unit goes
// back to the source, whose supply shrinks, and the sink returns one unit to
// the column. Both moves are shortest augmenting paths, so the invariant
// is kept and the flow is optimal for the smaller count.
bool IncrementalMatching::repair_from(std::int32_t node) {
  if (solver_->discharge(node)) return true;
  solver_->add_excess(source_, -1);
  if (!solver_->discharge(node)) {
    throw std::logic_error("a unit of flow found no way back to the source");
  }
  solver_->add_excess(sink_, 1);
  if (!solver_->discharge(sink_)) {
    throw std::logic_error("the sink found no column to return a unit to");
  }
  return false;
}

bool IncrementalMatching::forbid_arc(std::int64_t arc) {
  if (arc < 0 || arc >= static_cast<std::int64_t>(forbidden_.size())) {
    throw std::out_of_range("arc " + std::to_string(arc) + " is outside 0.." +
                            std::to_string(forbidden_.size()) + " - 1");
  }
  if (forbidden_[arc]) return true;
  forbidden_[arc] = 1;
  const std::int32_t id = pair_arc_[arc];
  const bool carried = solver_->flow(id) > 0;
  solver_->remove_arc(id);
  if (!carried) return true;

  // The row now has excess and the column a deficit. One search from the
  // row finds the cheapest repair, possibly through other rows. Their
  // choices are then re-read from the arcs that the repair changed.
  const std::int32_t row = arc_row_[arc];
  const bool count_kept = repair_from(row_node_[row]);
  update_row(row);
  update_changed_rows();
  return count_kept;
}

bool IncrementalMatching::withdraw_row(std::int32_t row) {
  if (row < 0 || row >= problem_.rows) {
    throw std::out_of_range("row " + std::to_string(row) + " is outside 0.." +
                            std::to_string(problem_.rows) + " - 1");
  }
  if (withdrawn_[row]) return true;
  withdrawn_[row] = 1;
  const bool matched = result_.arc_of_row[row] >= 0;
  // Removing the row's arcs leaves, when it was matched, one unit of excess
  // at the source and a deficit at its column.
  solver_->remove_arc(source_arc_[row]);
  for (std::int64_t a = problem_.row_start[row]; a < problem_.row_start[row + 1];
       ++a) {
    solver_->remove_arc(pair_arc_[a]);
  }
  bool count_kept = true;
  if (matched) {
    if (!solver_->discharge(source_)) {
      solver_->add_excess(source_, -1);
      solver_->add_excess(sink_, 1);
      if (!solver_->discharge(sink_)) {
        throw std::logic_error("the sink found no column to return a unit to");
      }
      count_kept = false;
    }
  }
  update_row(row);
  update_changed_rows();
  return count_kept;
}

std::int32_t IncrementalMatching::add_row(
    const std::vector<std::int32_t>& columns,
    const std::vector<std::int64_t>& weights) {
  if (columns.size() != weights.size()) {
    throw std::invalid_argument(
        "the new row has " + std::to_string(columns.size()) +
        " columns but " + std::to_string(weights.size()) + " weights");
  }
  const aidmatch::detail::Int128 node_count =
      static_cast<aidmatch::detail::Int128>(solver_->node_count()) + 1;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] < 0 || columns[i] >= problem_.columns) {
      throw std::invalid_argument(
          "the new row's arc " + std::to_string(i) + " has column " +
          std::to_string(columns[i]) + "; expected 0.." +
          std::to_string(problem_.columns - 1));
    }
    const std::int64_t w = weights[i];
    const aidmatch::detail::Int128 spread =
        static_cast<aidmatch::detail::Int128>(max_weight_) - w;
    const aidmatch::detail::Int128 magnitude = spread < 0 ? -spread : spread;
    if (w <= -kCostLimit || w >= kCostLimit ||
        magnitude * node_count >= kCostLimit * 2) {
      throw std::invalid_argument(
          "the new row's arc " + std::to_string(i) + " has weight " +
          std::to_string(w) +
          ", which could overflow path lengths; keep max|weight| * (rows + "
          "columns + 2) below 2^61");
    }
  }

  const std::int32_t row = problem_.rows++;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    problem_.arc_column.push_back(columns[i]);
    problem_.arc_weight.push_back(weights[i]);
    forbidden_.push_back(0);
    arc_row_.push_back(row);
    pair_arc_.push_back(-1);
  }
  problem_.row_start.push_back(
      static_cast<std::int64_t>(problem_.arc_column.size()));
  withdrawn_.push_back(0);
  if (!problem_.row_group.empty()) problem_.row_group.push_back(-1);
  result_.arc_of_row.push_back(-1);

  const std::int32_t node = solver_->add_node();
  row_node_.push_back(node);
  const std::int32_t source_arc = solver_->add_arc(source_, node, 1, 0);
  source_arc_.push_back(source_arc);
  pair_of_solver_arc_.push_back(-1);
  // The row's potential must leave every arc out of it with a non-negative
  // reduced cost: pi[row] >= pi[column] - cost for each of its arcs.
  bool has_arcs = false;
  std::int64_t lowest = 0;
  for (std::int64_t a = problem_.row_start[row]; a < problem_.row_start[row + 1];
       ++a) {
    add_pair_arc(a);
    const std::int32_t id = pair_arc_[a];
    const std::int64_t bound =
        solver_->potential(solver_->head(id)) - solver_->cost(id);
    lowest = has_arcs ? std::max(lowest, bound) : bound;
    has_arcs = true;
  }

  // Ask for one more matched row; give the unit back if no path serves it.
  const std::int64_t source_potential = solver_->potential(source_);
  solver_->add_excess(source_, 1);
  solver_->add_excess(sink_, -1);
  bool grew = false;
  if (!has_arcs || lowest <= source_potential) {
    // The source arc keeps a non-negative reduced cost.
    solver_->set_potential(node, source_potential);
    grew = has_arcs && solver_->discharge(source_);
    if (!grew) {
      solver_->add_excess(source_, -1);
      solver_->add_excess(sink_, 1);
    }
  } else {
    // The source arc would have a negative reduced cost, so it starts
    // saturated: the row carries the unit, and its reverse arc is cheap.
    solver_->set_potential(node, lowest);
    solver_->push(source_arc, 1);
    grew = solver_->discharge(node);
    if (!grew) {
      // Serving the row costs another row its place: send the unit on to
      // the source, whose supply returns to the old count.
      solver_->add_excess(sink_, 1);
      solver_->add_excess(source_, -1);
      if (!solver_->discharge(node)) {
        throw std::logic_error("a unit of flow found no way back to the source");
      }
    }
  }
  update_row(row);
  update_changed_rows();
  return row;
}

}  // namespace aidmatch::solvers
