// Minimum-cost maximum flow by the primal-dual method, and the capacitated
// matching built on it.
//
// Method: successive shortest paths with node potentials (Edmonds and Karp,
// 1972; Ahuja, Magnanti and Orlin, "Network Flows", 1993, section 9.7). Each
// phase runs Dijkstra on reduced costs from the source until the sink is
// settled, and updates the potentials. It then sends a blocking flow through
// the arcs of zero reduced cost (a Dinic-style level graph), so one phase
// uses every shortest path of the same length.
//
// Notation: pi[v] is the potential of node v. The reduced cost of an arc
// (u, v) is cost + pi[u] - pi[v], which stays non-negative on every residual
// arc between phases.
//
// Complexity: O(F * m log n) in the worst case for a maximum flow value F,
// with n nodes and m arcs; far fewer phases than F in practice, because each
// phase saturates every shortest path. Memory O(n + m).
//
// Numbers: integer capacities and costs (int64). Costs must satisfy
// max|cost| * n < 2^62 so that no path length overflows; larger costs are
// rejected with std::invalid_argument. The total cost is accumulated in
// 128 bits and reported as a status when it does not fit in int64.
//
// Ties: the solver is deterministic. Among optimal flows it returns the one
// its arc order leads to: arcs are scanned in the order they were added.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aidmatch::solvers {

namespace detail {
class AugmentingPathSolver;
}  // namespace detail

enum class FlowStatus {
  kOptimal,        // an optimal flow was found
  kNegativeCycle,  // the residual network of the zero flow has a negative
                   // cycle; minimum cost is not defined by this method
  kCostOverflow,   // optimal, but the total cost does not fit in int64
  kInfeasible,     // no flow meets every supply within the arc bounds
  kUnbounded,      // a cycle of negative cost has unlimited capacity
};

std::string to_string(FlowStatus status);

struct MaxFlowMinCostResult {
  FlowStatus status = FlowStatus::kOptimal;
  std::int64_t flow = 0;
  std::int64_t cost = 0;  // valid when status is kOptimal
  std::int64_t phases = 0;
};

class MinCostFlow {
 public:
  using NodeId = std::int32_t;
  using ArcId = std::int32_t;

  // Creates a network with nodes 0 .. node_count - 1 and no arcs.
  explicit MinCostFlow(NodeId node_count);

  // Adds an arc and returns its id (ids are consecutive from 0). Throws
  // std::out_of_range for a node outside the network and
  // std::invalid_argument for a negative capacity.
  ArcId add_arc(NodeId tail, NodeId head, std::int64_t capacity,
                std::int64_t cost);

  // Sends the maximum flow from `source` to `sink` at minimum cost. Arc
  // costs may be negative as long as no cycle of negative cost can carry
  // flow. May be called once.
  MaxFlowMinCostResult solve_max_flow(NodeId source, NodeId sink);

  std::int64_t flow(ArcId arc) const;
  // The node potential after solving; with it, every residual arc has a
  // non-negative reduced cost (the optimality certificate).
  std::int64_t potential(NodeId node) const { return pi_.at(node); }
  NodeId node_count() const { return node_count_; }
  ArcId arc_count() const { return static_cast<ArcId>(head_.size() / 2); }

 private:
  bool initial_potentials(NodeId source);
  bool shortest_paths(NodeId source, NodeId sink);
  std::int64_t blocking_flow(NodeId source, NodeId sink);
  std::int64_t reduced(std::int32_t residual_arc) const;
  void build_adjacency();

  NodeId node_count_;
  // Residual arcs in pairs: 2a is arc a, 2a + 1 its reverse.
  std::vector<NodeId> head_;
  std::vector<std::int64_t> residual_;
  std::vector<std::int64_t> cost_;
  std::vector<std::int64_t> capacity_;
  std::vector<NodeId> tail_;
  // Residual arcs leaving each node, in CSR form.
  std::vector<std::int32_t> first_out_;
  std::vector<std::int32_t> out_arcs_;
  std::vector<std::int64_t> pi_;
  std::vector<std::int64_t> dist_;
  std::vector<std::int32_t> level_;
  std::vector<std::int32_t> current_;
  std::vector<char> settled_;
  bool solved_ = false;
};

// The largest networks the flow solvers and the capacitated matching
// accept. Node and arc indices are int32, and the residual network doubles
// the arcs, so nodes + arcs stays within 2^30; larger inputs are rejected
// with std::invalid_argument before anything is allocated for them.
inline constexpr std::int64_t kMaxFlowElements = (std::int64_t{1} << 30) - 4;

// A minimum-cost flow problem with node supplies and arc bounds, in the
// DIMACS "min" sense: every node's net outflow equals its supply exactly.
struct FlowNetwork {
  // An upper bound that means "no limit".
  static constexpr std::int64_t kUnlimited = INT64_MAX;

  std::int32_t nodes = 0;
  std::vector<std::int64_t> supply;  // one per node; > 0 sends, < 0 receives
  std::vector<std::int32_t> tail;
  std::vector<std::int32_t> head;
  std::vector<std::int64_t> lower;  // may be negative
  std::vector<std::int64_t> upper;  // >= lower, or kUnlimited
  std::vector<std::int64_t> cost;   // may be negative

  // Adds a node with the given supply and returns its index.
  std::int32_t add_node(std::int64_t node_supply = 0);
  // Adds an arc and returns its index.
  std::int32_t add_arc(std::int32_t from, std::int32_t to, std::int64_t low,
                       std::int64_t high, std::int64_t arc_cost);
};

struct FlowSolution {
  FlowStatus status = FlowStatus::kOptimal;
  std::int64_t cost = 0;           // valid when status is kOptimal
  std::vector<std::int64_t> flow;  // one per arc when status is kOptimal
};

// The method behind solve_min_cost_flow. Both are exact and give the same
// status and optimal cost; they may choose different optima when several
// exist.
enum class FlowMethod {
  // The primal network simplex (solvers/detail/network_simplex.hpp) after
  // the lower bounds are shifted into the supplies. It takes negative costs
  // and unlimited arcs as they are. The default. On the capacitated
  // assignment networks of scripts/make_capacitated_instance.py (20,000 and
  // 100,000 matters) and on NETGEN 8_13a, build/examples/aidmatch-mcf
  // solved 1.2 to 3 times faster than LEMON 1.3.1's NetworkSimplex in
  // build/bench/lemon-mcf, on a 2-core AMD EPYC virtual machine.
  kNetworkSimplex,
  // Shortest augmenting paths after three reductions. Lower bounds are
  // shifted into the supplies. Unlimited arcs get a finite bound once no
  // negative cycle of unlimited arcs exists, because such a cycle makes the
  // problem kUnbounded. Arcs of negative cost start saturated, so that
  // every residual cost is non-negative. Then the excess of each node goes
  // to the deficits along shortest augmenting paths (solvers/detail/
  // augmenting_path.hpp).
  // NOTE: on transshipment networks such as NETGEN's this is 3 to 40 times
  // slower than LEMON's network simplex (docs/benchmarks.md).
  kAugmentingPath,
};

struct FlowOptions {
  FlowMethod method = FlowMethod::kNetworkSimplex;
};

// Solves a FlowNetwork exactly by options.method. Supplies that do not sum
// to zero, or that no flow within the bounds meets, give kInfeasible, even
// with a negative cycle of unlimited arcs. Such a cycle in a feasible
// network gives kUnbounded.
// Throws std::invalid_argument for inconsistent sizes, a node out of range,
// an upper bound below the lower bound, or magnitudes that could overflow
// (each |cost| * (nodes + 2) must stay below 2^62, and the sum of |supply|
// and finite bounds below 2^62). kAugmentingPath throws std::overflow_error
// if its potentials would leave the int64 range.
FlowSolution solve_min_cost_flow(const FlowNetwork& network,
                                 const FlowOptions& options = {});

// Capacitated bipartite matching: rows (matters) take at most one column
// each, column j takes at most capacity[j] rows, and only the listed
// (row, column) arcs are allowed. The objective is lexicographic: first the
// number of matched rows, then the total weight, both maximised. Rows may
// stay unmatched; this is not a complete assignment of either side.
struct CapacitatedMatchingProblem {
  std::int32_t rows = 0;
  std::int32_t columns = 0;
  // Arcs of row r are arc_column[row_start[r] .. row_start[r + 1]).
  std::vector<std::int64_t> row_start;
  std::vector<std::int32_t> arc_column;
  std::vector<std::int64_t> arc_weight;
  std::vector<std::int32_t> capacity;  // one per column, >= 0
  // Optional group of each row, or -1 for none; empty means no groups.
  // Rows of one group never share a column, as co-defendants never share
  // a defender. Groups make the network general: each (column, group) pair
  // gets a node of capacity 1 between the rows and the column.
  std::vector<std::int32_t> row_group;
};

// The method behind solve_capacitated_matching. Both are exact and give the
// same matched count and total weight; they may choose different optima
// when several exist.
enum class MatchingMethod {
  // Shortest augmenting paths from one row at a time (the engine in
  // solvers/detail/augmenting_path.hpp), after a Dinic maximum-cardinality
  // pass. On random sparse instances with integer weights it is about as
  // fast as kNetworkSimplex. On large dispatch batches, whose weights have
  // many near ties, it is several times slower (docs/benchmarks.md).
  kAugmentingPath,
  // Dinic's maximum flow for the matched count, then the network simplex of
  // solvers/detail/network_simplex.hpp on a flow of that value, with costs
  // shifted to (max weight - weight) >= 0. The dispatch default.
  kNetworkSimplex,
  // MinCostFlow above: slow on large batches, kept as the reference method.
  kPrimalDual,
  // LEMON 1.3's NetworkSimplex (block search pivots) after LEMON's Preflow,
  // with the same shifted costs: the peer that tests and benchmarks compare
  // against. Row groups are solved as kNetworkSimplex.
  kLemonNetworkSimplex,
};

struct CapacitatedMatchingResult {
  // The arc chosen for each row (an index into arc_column), or -1.
  std::vector<std::int64_t> arc_of_row;
  std::int64_t matched = 0;
  std::int64_t total_weight = 0;
  std::int64_t phases = 0;
};

// Solves the problem exactly: first the maximum number of matched rows,
// (with row groups: by Dinic's maximum flow, then a minimum-cost flow of that
// value with solve_min_cost_flow, which kAugmentingPath selects as
// FlowMethod::kAugmentingPath and the other methods as the network simplex),
// then the maximum total weight among matchings of that size. The result is
// the same on every run; callers that need a particular optimum among equal
// ones fold a tie-break into the weights. Throws std::invalid_argument for
// inconsistent sizes, a column index out of range, a negative capacity, or
// weights whose magnitude could overflow
// (max|weight| * (rows + columns + 2) >= 2^61).
CapacitatedMatchingResult solve_capacitated_matching(
    const CapacitatedMatchingProblem& problem,
    MatchingMethod method = MatchingMethod::kAugmentingPath);

// A capacitated matching kept optimal under changes: a provider refuses a
// matter (forbid_arc), a matter is withdrawn (withdraw_row) or a new one
// arrives (add_row). It solves like MatchingMethod::kAugmentingPath and
// keeps the flow and the node potentials. Each change is repaired with one
// or two shortest augmenting path searches instead of a new solve. The
// repair keeps every residual reduced cost non-negative, so the matching is
// again optimal for the lexicographic objective (matched count, then
// weight). A change costs O(m log n) in the worst case and usually
// touches a small neighbourhood of the changed row.
//
// Row and arc indices stay valid: a withdrawn row keeps its index and stays
// unmatched, and an added row takes the next index, its arcs the next arc
// indices. The weight shift chosen at construction stays fixed, so an added
// arc may weigh more than every earlier one.
class IncrementalMatching {
 public:
  // Validates and solves; throws as solve_capacitated_matching does.
  explicit IncrementalMatching(CapacitatedMatchingProblem problem);
  ~IncrementalMatching();
  IncrementalMatching(const IncrementalMatching&) = delete;
  IncrementalMatching& operator=(const IncrementalMatching&) = delete;

  const CapacitatedMatchingResult& result() const { return result_; }
  // The problem as changed so far; forbidden arcs and withdrawn rows are
  // still listed.
  const CapacitatedMatchingProblem& problem() const { return problem_; }
  bool withdrawn(std::int32_t row) const { return withdrawn_.at(row) != 0; }

  // Forbids arc `arc` (an index into arc_column) and re-optimises. Returns
  // true when the matched count is unchanged, false when it fell by one
  // because no other row or column could take the freed place. Forbidding
  // an arc twice, or an arc that carries no flow, changes nothing. Throws
  // std::out_of_range for a bad index.
  bool forbid_arc(std::int64_t arc);

  // Withdraws row `row` (its matter is cancelled) and re-optimises; another
  // row may take its place. Returns true when the matched count is
  // unchanged, false when it fell by one. Throws std::out_of_range for a
  // bad index.
  bool withdraw_row(std::int32_t row);

  // Adds a row whose allowed columns and weights are given pairwise,
  // re-optimises, and returns the row's index. The new row may displace a
  // matched row of lower weight. Throws std::invalid_argument for sizes
  // that differ, a column out of range, or a weight that could overflow
  // path lengths.
  std::int32_t add_row(const std::vector<std::int32_t>& columns,
                       const std::vector<std::int64_t>& weights);

 private:
  void solve_from_scratch();
  bool allowed(std::int64_t arc) const;
  void add_pair_arc(std::int64_t arc);
  bool repair_from(std::int32_t node);
  void read_result();
  // Re-reads the chosen arc of one row and updates the totals.
  void update_row(std::int32_t row);
  // Re-reads the rows whose arcs the last repair changed.
  void update_changed_rows();

  CapacitatedMatchingProblem problem_;
  std::vector<std::int32_t> arc_row_;  // the row of each arc
  std::vector<char> forbidden_;
  std::vector<char> withdrawn_;
  std::unique_ptr<detail::AugmentingPathSolver> solver_;
  // Solver nodes and arcs: rows added later get nodes after the sink.
  std::vector<std::int32_t> row_node_;
  std::vector<std::int32_t> source_arc_;          // per row
  std::vector<std::int32_t> pair_arc_;            // per problem arc
  std::vector<std::int64_t> pair_of_solver_arc_;  // per solver arc pair
  std::int32_t column_base_ = 0;
  std::int32_t source_ = 0;
  std::int32_t sink_ = 0;
  std::int64_t max_weight_ = 0;
  CapacitatedMatchingResult result_;
};

}  // namespace aidmatch::solvers
