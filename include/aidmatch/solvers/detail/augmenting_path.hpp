// Successive shortest augmenting paths from one excess node at a time, the
// engine behind solve_min_cost_flow and the default capacitated matching.
//
// Method: the Hungarian method generalised to transshipment (Ahuja,
// Magnanti and Orlin, "Network Flows", 1993, section 9.7, with the
// single-source variant that Jonker and Volgenant use for assignment).
// Each augmentation runs Dijkstra on reduced costs from one node with
// excess and stops at the first node with a deficit, so on assignment-like
// networks it explores only a small neighbourhood. Potentials change only
// on the nodes that search settled: pi[v] += dist[v] - dist[t].
//
// Invariant: every arc with residual capacity has a non-negative reduced
// cost, cost + pi[tail] - pi[head] >= 0. The caller establishes it (all
// residual costs non-negative and pi = 0 will do) and every augmentation
// keeps it, so the final flow is optimal for the supplies it met.
//
// Numbers: int64 capacities and costs with max|cost| * nodes < 2^62, which
// bounds every path length. Potentials fall by the sum of the path
// lengths; discharge() throws std::overflow_error before that sum passes
// 2^62.
#pragma once

#include <cstdint>
#include <vector>

namespace aidmatch::solvers::detail {

class AugmentingPathSolver {
 public:
  explicit AugmentingPathSolver(std::int32_t nodes);

  // Adds a node with zero excess and zero potential; returns its index.
  std::int32_t add_node();
  // Adds an arc with residual capacity `capacity` and its reverse with 0;
  // returns the forward arc's index (reverse = index ^ 1). Arcs added after
  // finalize() take part at once, after each node's first arcs; the caller
  // keeps the invariant for them (set_potential and push help).
  std::int32_t add_arc(std::int32_t tail, std::int32_t head,
                       std::int64_t capacity, std::int64_t cost);
  // Builds the adjacency arrays in O(nodes + arcs). Arcs leave each node in
  // the order added. Call it once before the first search; calling it again
  // folds the arcs added since into the arrays.
  void finalize();

  std::int32_t node_count() const { return nodes_; }
  std::int64_t residual(std::int32_t arc) const { return residual_[arc]; }
  std::int64_t cost(std::int32_t arc) const { return cost_[arc]; }
  std::int32_t head(std::int32_t arc) const { return head_[arc]; }
  std::int32_t tail(std::int32_t arc) const { return tail_[arc]; }
  void set_potential(std::int32_t node, std::int64_t value) {
    pi_[node] = value;
  }
  // Moves `amount` along residual arc `arc`, from its tail's excess to its
  // head's. The caller keeps the invariant.
  void push(std::int32_t arc, std::int64_t amount);

  void add_excess(std::int32_t node, std::int64_t amount) {
    excess_[node] += amount;
  }
  std::int64_t excess(std::int32_t node) const { return excess_[node]; }
  std::int64_t flow(std::int32_t arc) const { return residual_[arc ^ 1]; }
  std::int64_t potential(std::int32_t node) const { return pi_[node]; }

  // Removes an arc and its reverse from the residual network. Flow on it
  // returns as excess at its tail and a deficit at its head; removing arcs
  // keeps the invariant.
  void remove_arc(std::int32_t arc);

  // Moves excess from `node` along arcs of zero reduced cost to their heads
  // in one breadth-first pass, which keeps the invariant and spreads a
  // large source over its neighbours before the searches start.
  void spread_excess(std::int32_t node);
  // Runs the same pass from every node with excess together. A stamp per
  // node marks it visited, so each node is scanned at most once.
  void spread_all_excess();

  // Sends the excess of `node` to nodes with deficits along shortest paths.
  // Returns false when some excess cannot reach any deficit; the rest
  // stays at `node`.
  bool discharge(std::int32_t node);

  std::int64_t augmentations() const { return augmentations_; }
  // Arcs whose flow changed in augmentations since the last clear, with
  // repeats, so that a caller can update its view of the flow locally.
  const std::vector<std::int32_t>& changed_arcs() const { return changed_; }
  void clear_changed_arcs() { changed_.clear(); }

 private:
  void spread_from(const std::vector<std::int32_t>& sources);
  std::int32_t search(std::int32_t source);
  void augment(std::int32_t source, std::int32_t target);
  std::int64_t reduced(std::int32_t arc) const {
    return cost_[arc] + pi_[tail_[arc]] - pi_[head_[arc]];
  }

  std::int32_t nodes_;
  std::vector<std::int32_t> tail_;
  std::vector<std::int32_t> head_;
  std::vector<std::int64_t> residual_;
  std::vector<std::int64_t> cost_;
  std::vector<std::int32_t> first_out_;
  std::vector<std::int32_t> out_arcs_;
  // Arcs added after finalize(), per node; empty until the first one.
  std::vector<std::vector<std::int32_t>> late_out_;
  bool finalized_ = false;
  std::vector<std::int64_t> excess_;
  std::vector<std::int64_t> pi_;
  // Search state, reset only on the nodes a search touched.
  std::vector<std::int64_t> dist_;
  std::vector<std::int32_t> parent_arc_;
  std::vector<char> settled_;
  std::vector<std::int32_t> touched_;
  std::vector<std::int32_t> settled_order_;
  std::vector<std::pair<std::int64_t, std::int32_t>> heap_;
  std::int64_t augmentations_ = 0;
  std::vector<std::int32_t> changed_;
  std::int64_t drift_ = 0;  // sum of augmenting path lengths so far
  // spread_excess state, kept between calls.
  std::vector<std::uint32_t> spread_stamp_;
  std::uint32_t spread_pass_ = 0;
  std::vector<std::int32_t> spread_queue_;
};

}  // namespace aidmatch::solvers::detail
