// Primal network simplex for minimum-cost flow with node supplies, the
// default engine behind solve_min_cost_flow.
//
// Method: the primal network simplex on a spanning-tree basis (Ahuja,
// Magnanti and Orlin, "Network Flows", 1993, chapter 11). An extra root
// joins every node by an artificial arc that carries the node's supply at
// cost M = floor((n - 1) * C / 2) + 1, for n nodes and C = max|cost|. A
// cycle through the root uses two artificial arcs and so costs more than
// any simple path of real arcs saves, which means that no optimum of a
// feasible problem keeps flow on an artificial arc. Pricing is block
// search (Grigoriadis, 1986): the arcs are scanned cyclically in blocks,
// and the arc of most negative reduced cost in the first block that has
// one enters the tree. The block size adapts to the cost of a pivot. The
// leaving arc is the last blocking arc of the cycle, traversed from its
// apex in the direction of the flow, which keeps the tree strongly
// feasible, so degenerate pivots cannot cycle.
//
// Representation: for each node the tree stores its parent, the arc to it
// and the residual capacities of that arc, its subtree size, the preorder
// thread and its inverse, the last node of its subtree in preorder, and its
// potential. A pivot visits the two tree paths to the apex and the moved
// subtree. Arcs are stored as arrays of tails, heads, costs, capacities and
// bound states, in an order where consecutive positions hold arcs about n
// input positions apart, so that a pricing block spans many tails.
//
// Notation: pi[v] is the potential of node v, and the reduced cost of an
// arc is cost + pi[tail] - pi[head].
//
// Invariants: every tree arc has reduced cost 0. Every tree arc can carry
// more flow towards the root (strong feasibility). Every other arc carries
// 0 or its capacity. solve() stops when no arc at 0 has a negative reduced
// cost and no arc at its capacity a positive one, which certifies that the
// flow is optimal.
//
// Complexity: a pivot prices one or more blocks and updates the tree in
// O(n) at worst. No polynomial bound on the number of pivots is known for
// this pivot rule. On the capacitated assignment and NETGEN networks of
// the benchmarks there were about 3 to 5 pivots per node. Memory: 17 bytes per
// arc with int32 capacities and costs, 25 with int64, and about 45 bytes
// per node.
//
// Numbers: capacities, flows and costs are stored as int32 when the sum of
// |supply| and finite capacities stays below 2^31 - 1 and every |cost|
// below 2^31, and as int64 otherwise. Potentials and reduced costs are
// int64, and all arithmetic is exact. |cost| * (n + 2) < 2^62 bounds every
// potential by M + (n - 1) * C < 1.5 * 2^62 and every reduced cost by
// 2 * M + (n - 1) * C < 2^63. The sum of |supply| and finite capacities
// must stay below 2^63 - 1, which bounds the flow of every arc in every
// basis. An unlimited capacity stays infinite, and solve() returns
// kUnbounded when flow could grow without limit on a cycle of negative
// cost.
//
// Ties: the solver is deterministic. Among arcs of equal reduced cost in a
// block the first one scanned enters, and the leaving rule above picks one
// blocking arc, so the same input gives the same flow and potentials.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

namespace aidmatch::solvers::detail {

struct NetworkSimplexOptions {
  // Arcs priced per block; 0 adapts the size to the cost of a pivot.
  std::int32_t block_size = 0;
  // Checks every invariant of the basis after each pivot, in O(n + m) per
  // pivot, and throws std::logic_error on a violation. For tests.
  bool verify_each_pivot = false;
};

class NetworkSimplex {
 public:
  // A capacity that means "no limit".
  static constexpr std::int64_t kUnlimited =
      std::numeric_limits<std::int64_t>::max();

  enum class Status {
    kOptimal,     // every supply is met at minimum cost
    kInfeasible,  // no flow meets every supply within the capacities
    kUnbounded,   // a cycle of negative cost has unlimited capacity
  };

  // Copies the network: nodes 0 .. nodes - 1 with the given supplies
  // (> 0 sends, < 0 receives), and arc a from tail[a] to head[a] with flow
  // in [0, capacity[a]] at cost[a] per unit. Loops and parallel arcs are
  // allowed. Throws std::invalid_argument for inconsistent sizes, a node
  // out of range, a negative capacity, a cost with
  // |cost| * (nodes + 2) >= 2^62, or supplies and finite capacities whose
  // absolute values add up to 2^63 - 1 or more.
  NetworkSimplex(std::int32_t nodes, std::span<const std::int64_t> supply,
                 std::span<const std::int32_t> tail,
                 std::span<const std::int32_t> head,
                 std::span<const std::int64_t> capacity,
                 std::span<const std::int64_t> cost,
                 NetworkSimplexOptions options = {});
  ~NetworkSimplex();
  NetworkSimplex(const NetworkSimplex&) = delete;
  NetworkSimplex& operator=(const NetworkSimplex&) = delete;

  // Runs the simplex. Supplies that do not sum to zero give kInfeasible
  // at once. Throws std::logic_error when called a second time.
  Status solve();

  // The flow on arc `arc` (an input index) after solve(), 0 before it.
  // When solve() returned kUnbounded, the flow of the last basis, which
  // meets no optimality condition. Throws std::out_of_range for a bad
  // index.
  std::int64_t flow(std::int32_t arc) const;
  // Writes flow(a) for every arc a; `out` must have one entry per arc.
  void flows(std::span<std::int64_t> out) const;
  // The potential of `node` after solve() returned kOptimal: every arc
  // with flow below its capacity has a reduced cost >= 0, and every arc
  // with positive flow a reduced cost <= 0. Throws std::out_of_range for a
  // bad node.
  std::int64_t potential(std::int32_t node) const;
  std::vector<std::int64_t> potentials() const;
  std::int64_t pivots() const;

  // The solver for one choice of number types, in network_simplex.cpp.
  class Core;

 private:
  enum class State { kNotSolved, kUnbalanced, kSolved };

  std::unique_ptr<Core> core_;
  std::int32_t nodes_ = 0;
  std::int32_t arcs_ = 0;
  bool balanced_ = true;
  State state_ = State::kNotSolved;
};

}  // namespace aidmatch::solvers::detail
