// Capacitated matching by network simplex (LEMON) or by the primal-dual
// reference method.
#include <algorithm>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <limits>
#include <stdexcept>

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/solvers/detail/adjacency.hpp"
#include "aidmatch/solvers/detail/augmenting_path.hpp"
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
CapacitatedMatchingResult solve_network_simplex(
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
  std::vector<Graph::Arc> pair_arcs;
  pair_arcs.reserve(problem.arc_column.size());
  for (std::int32_t r = 0; r < rows; ++r) {
    add(source, nodes[1 + r], 1, 0);
    for (std::int64_t a = problem.row_start[r]; a < problem.row_start[r + 1];
         ++a) {
      pair_arcs.push_back(add(nodes[1 + r],
                              nodes[1 + rows + problem.arc_column[a]], 1,
                              -problem.arc_weight[a]));
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
  // Residual arcs in pairs (a, a ^ 1), adjacency in CSR form.
  std::vector<std::int32_t> head;
  std::vector<std::int64_t> residual;
  std::vector<std::int32_t> tail;
  auto add = [&](std::int32_t u, std::int32_t v, std::int64_t capacity) {
    tail.push_back(u);
    head.push_back(v);
    residual.push_back(capacity);
    tail.push_back(v);
    head.push_back(u);
    residual.push_back(0);
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
  std::vector<std::int32_t> first;
  std::vector<std::int32_t> out;
  detail::build_adjacency(nodes, tail, first, out);

  std::int64_t total = 0;
  std::vector<std::int32_t> level(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> current(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> path;
  while (true) {
    // Levels by breadth-first search over residual arcs.
    std::fill(level.begin(), level.end(), -1);
    std::vector<std::int32_t> queue{source};
    level[source] = 0;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const std::int32_t u = queue[i];
      for (std::int32_t k = first[u]; k < first[u + 1]; ++k) {
        const std::int32_t a = out[k];
        if (residual[a] > 0 && level[head[a]] < 0) {
          level[head[a]] = level[u] + 1;
          queue.push_back(head[a]);
        }
      }
    }
    if (level[sink] < 0) return total;

    // Blocking flow by depth-first search with current-arc pointers.
    std::copy(first.begin(), first.end() - 1, current.begin());
    std::int32_t u = source;
    path.clear();
    while (true) {
      if (u == sink) {
        std::int64_t push = std::numeric_limits<std::int64_t>::max();
        for (std::int32_t a : path) push = std::min(push, residual[a]);
        for (std::int32_t a : path) {
          residual[a] -= push;
          residual[a ^ 1] += push;
        }
        total += push;
        path.clear();
        u = source;
        continue;
      }
      bool advanced = false;
      for (std::int32_t& k = current[u]; k < first[u + 1]; ++k) {
        const std::int32_t a = out[k];
        if (residual[a] > 0 && level[head[a]] == level[u] + 1) {
          path.push_back(a);
          u = head[a];
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      if (u == source) break;
      level[u] = -1;  // dead end
      u = tail[path.back()];
      path.pop_back();
      ++current[u];
    }
  }
}

}  // namespace

CapacitatedMatchingResult solve_capacitated_matching(
    const CapacitatedMatchingProblem& problem, MatchingMethod method) {
  validate(problem);
  switch (method) {
    case MatchingMethod::kNetworkSimplex:
      return solve_network_simplex(problem);
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
// maximum weight among matchings of F rows. Forbidden arcs get capacity 0.
IncrementalMatching::IncrementalMatching(CapacitatedMatchingProblem problem)
    : problem_(std::move(problem)),
      forbidden_(problem_.arc_column.size(), 0) {
  validate(problem_);
  arc_row_ = arc_rows(problem_);
  solve_from_scratch();
}

IncrementalMatching::~IncrementalMatching() = default;

void IncrementalMatching::solve_from_scratch() {
  const std::int32_t rows = problem_.rows;
  const std::int32_t columns = problem_.columns;
  const std::int32_t source = rows + columns;
  const std::int32_t sink = source + 1;
  std::int64_t max_weight = 0;
  if (!problem_.arc_weight.empty()) {
    max_weight = *std::max_element(problem_.arc_weight.begin(),
                                   problem_.arc_weight.end());
  }

  // The cardinality pass counts only the allowed arcs.
  CapacitatedMatchingProblem allowed = problem_;
  allowed.arc_column.clear();
  allowed.arc_weight.clear();
  allowed.row_start.assign(1, 0);
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int64_t a = problem_.row_start[r]; a < problem_.row_start[r + 1];
         ++a) {
      if (forbidden_[a]) continue;
      allowed.arc_column.push_back(problem_.arc_column[a]);
      allowed.arc_weight.push_back(problem_.arc_weight[a]);
    }
    allowed.row_start.push_back(
        static_cast<std::int64_t>(allowed.arc_column.size()));
  }
  const std::int64_t matched = max_matching_size(allowed);

  // The source arcs come first, so that spreading the source's excess fills
  // rows in order. Row-column arc a then has id 2 * (rows + a).
  solver_ = std::make_unique<detail::AugmentingPathSolver>(rows + columns + 2);
  for (std::int32_t r = 0; r < rows; ++r) solver_->add_arc(source, r, 1, 0);
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int64_t a = problem_.row_start[r]; a < problem_.row_start[r + 1];
         ++a) {
      solver_->add_arc(r, rows + problem_.arc_column[a], forbidden_[a] ? 0 : 1,
                       max_weight - problem_.arc_weight[a]);
    }
  }
  for (std::int32_t c = 0; c < columns; ++c) {
    solver_->add_arc(rows + c, sink, problem_.capacity[c], 0);
  }
  solver_->finalize();
  solver_->add_excess(source, matched);
  solver_->add_excess(sink, -matched);
  solver_->spread_excess(source);
  for (std::int32_t v = 0; v < rows + columns + 2; ++v) {
    if (!solver_->discharge(v)) {
      throw std::logic_error("a flow value that augmenting paths reached "
                             "became infeasible");
    }
  }
  read_result();
}

void IncrementalMatching::read_result() {
  const std::int32_t rows = problem_.rows;
  result_ = read_matching(problem_, [&](std::size_t a) {
    return solver_->flow(static_cast<std::int32_t>(2 * (rows + a))) > 0;
  });
  result_.phases = solver_->augmentations();
  solver_->clear_changed_arcs();
}

void IncrementalMatching::update_row(std::int32_t row) {
  const std::int32_t rows = problem_.rows;
  std::int64_t& chosen = result_.arc_of_row[row];
  if (chosen >= 0) {
    --result_.matched;
    result_.total_weight -= problem_.arc_weight[chosen];
    chosen = -1;
  }
  for (std::int64_t a = problem_.row_start[row]; a < problem_.row_start[row + 1];
       ++a) {
    if (solver_->flow(static_cast<std::int32_t>(2 * (rows + a))) > 0) {
      chosen = a;
      ++result_.matched;
      result_.total_weight += problem_.arc_weight[a];
      break;
    }
  }
}

bool IncrementalMatching::forbid_arc(std::int64_t arc) {
  if (arc < 0 || arc >= static_cast<std::int64_t>(forbidden_.size())) {
    throw std::out_of_range("arc " + std::to_string(arc) + " is outside 0.." +
                            std::to_string(forbidden_.size()) + " - 1");
  }
  if (forbidden_[arc]) return true;
  forbidden_[arc] = 1;
  const std::int32_t rows = problem_.rows;
  const auto id = static_cast<std::int32_t>(2 * (rows + arc));
  const bool carried = solver_->flow(id) > 0;
  solver_->remove_arc(id);
  if (!carried) return true;

  // The row now has excess and the column a deficit. One search from the
  // row finds the cheapest repair, possibly through other rows. Their
  // choices are then re-read from the arcs that the repair changed.
  const std::int32_t row = arc_row_[arc];
  if (!solver_->discharge(row)) {
    solve_from_scratch();
    return false;
  }
  update_row(row);
  const auto first_pair = static_cast<std::int32_t>(2 * rows);
  const auto end_pair =
      static_cast<std::int64_t>(2 * (rows + problem_.arc_column.size()));
  for (std::int32_t changed : solver_->changed_arcs()) {
    const std::int32_t forward = changed & ~1;
    if (forward >= first_pair && forward < end_pair) {
      update_row(arc_row_[(forward - first_pair) / 2]);
    }
  }
  solver_->clear_changed_arcs();
  result_.phases = solver_->augmentations();
  return true;
}

}  // namespace aidmatch::solvers
