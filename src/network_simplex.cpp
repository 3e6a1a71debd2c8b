// Primal network simplex with a strongly feasible spanning-tree basis.
#include "aidmatch/solvers/detail/network_simplex.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "aidmatch/detail/int128.hpp"

namespace aidmatch::solvers::detail {

using aidmatch::detail::Int128;

class NetworkSimplex::Core {
 public:
  virtual ~Core() = default;
  virtual Status solve() = 0;
  virtual std::int64_t flow(std::int32_t arc) const = 0;
  virtual void flows(std::span<std::int64_t> out) const = 0;
  virtual std::int64_t potential(std::int32_t node) const = 0;
  virtual std::int64_t pivots() const = 0;
};

namespace {

constexpr Int128 kMagnitudeLimit = Int128{1} << 62;

// The order in which arcs are stored and priced. The input arcs fill a
// table of `stride` columns column by column, and positions run through the
// table row by row. With the average out-degree as the stride, consecutive
// positions hold arcs about one node count apart in the input, so a pricing
// block of input sorted by tail contains arcs of many tails instead of all
// arcs of a few. On the capacitated assignment instances of
// scripts/make_capacitated_instance.py this more than halves the pivots.
class ArcOrder {
 public:
  ArcOrder(std::int32_t arcs, std::int32_t nodes)
      : stride_(std::max<std::int32_t>(3, arcs / std::max(nodes, 1))),
        rows_((arcs + stride_ - 1) / stride_),
        full_columns_(arcs - (rows_ - 1) * stride_),
        full_arcs_(full_columns_ * rows_) {}

  // The position of input arc `arc`. Columns 0 .. full_columns_ - 1 have
  // rows_ entries, the others one fewer.
  std::int32_t position(std::int32_t arc) const {
    std::int32_t column = 0;
    std::int32_t row = 0;
    if (arc < full_arcs_) {
      column = arc / rows_;
      row = arc % rows_;
    } else {
      const std::int32_t rest = arc - full_arcs_;
      column = full_columns_ + rest / (rows_ - 1);
      row = rest % (rows_ - 1);
    }
    return row * stride_ + column;
  }

  // Calls visit(arc, position(arc)) for every arc. It walks a band of
  // kBand columns row by row, so that the arcs read come from kBand
  // sequential runs and the positions written are contiguous.
  template <typename Visit>
  void for_each_position(Visit visit) const {
    constexpr std::int32_t kBand = 16;
    for (std::int32_t band = 0; band < stride_; band += kBand) {
      const std::int32_t band_end = std::min(band + kBand, stride_);
      for (std::int32_t row = 0; row < rows_; ++row) {
        for (std::int32_t column = band; column < band_end; ++column) {
          if (column < full_columns_) {
            visit(column * rows_ + row, row * stride_ + column);
          } else if (row + 1 < rows_) {
            visit(full_arcs_ + (column - full_columns_) * (rows_ - 1) + row,
                  row * stride_ + column);
          }
        }
      }
    }
  }

 private:
  std::int32_t stride_;
  std::int32_t rows_;
  std::int32_t full_columns_;
  std::int32_t full_arcs_;
};

// The block size follows the cost of a pivot: every kBlockWindow pivots it
// becomes kBlockFactor * (kBlockBase + the mean number of tree nodes that a
// pivot visited). Cheap pivots then price short blocks, and pivots that
// move large subtrees price longer blocks for a better entering arc. The
// constants were chosen by measurement on capacitated assignment, NETGEN,
// dense transportation and random transshipment networks. A fixed block of
// sqrt(arcs), the usual choice, took 1.6 and 3.2 times as long on the
// capacitated assignment networks with 20,000 and 100,000 matters, and 1.3
// times as long on NETGEN 8_13a.
// NOTE: on a unit assignment network of 5,000 rows with 50 arcs each, a
// fixed block of 800 solved in half the time of this rule, and LEMON
// 1.3.1's NetworkSimplex in two thirds of it. Early pivots there are cheap
// but choose poorly from short blocks.
constexpr std::int64_t kBlockWindow = 1024;
constexpr double kBlockFactor = 4.0;
constexpr double kBlockBase = 40.0;
constexpr std::int32_t kMinBlock = 10;

// The network simplex on one choice of number types. Flow is the type of
// capacities and flows and Cost the type of arc costs. Potentials and
// reduced costs are int64.
template <typename Flow, typename Cost>
class SimplexCore final : public NetworkSimplex::Core {
 public:
  static constexpr Flow kInfinity = std::numeric_limits<Flow>::max();

  SimplexCore(std::int32_t nodes, std::span<const std::int64_t> supply,
              std::span<const std::int32_t> tail,
              std::span<const std::int32_t> head,
              std::span<const std::int64_t> capacity,
              std::span<const std::int64_t> cost, std::int64_t max_cost,
              NetworkSimplexOptions options);

  NetworkSimplex::Status solve() override;
  std::int64_t flow(std::int32_t arc) const override {
    return capacity_[order_.position(arc)];
  }
  void flows(std::span<std::int64_t> out) const override {
    order_.for_each_position(
        [&](std::int32_t a, std::int32_t p) { out[a] = capacity_[p]; });
  }
  std::int64_t potential(std::int32_t node) const override {
    return pi_[static_cast<std::size_t>(node)];
  }
  std::int64_t pivots() const override { return pivots_; }

 private:
  // The tree fields that the search for the join and the leaving arc read,
  // together in one cache line.
  struct TreeNode {
    std::int32_t parent;
    std::int32_t size;  // nodes in the subtree
    // Residual capacities of the arc to the parent, towards the parent and
    // away from it. An unlimited arc keeps kInfinity in the direction that
    // raises its flow.
    Flow up;
    Flow down;
  };

  bool find_entering(std::int32_t& arc, std::int64_t& violation);
  bool pivot(std::int32_t arc, std::int64_t violation);
  void update_tree(std::int32_t entering, std::int32_t inner,
                   std::int32_t outer, std::int32_t leaving_child,
                   std::int32_t join, Flow entering_flow, std::int64_t shift);
  void resize_block();
  void link(std::int32_t from, std::int32_t to) {
    thread_[from] = to;
    rev_thread_[to] = from;
  }
  Flow tree_flow(std::int32_t node) const {
    return pred_up_[node] ? nodes_data_[node].down : nodes_data_[node].up;
  }
  void store_flows();
  void verify() const;

  std::int32_t nodes_;  // real nodes; the root is node nodes_
  std::int32_t arcs_;
  ArcOrder order_;
  // Arcs by position (see ArcOrder). An arc of zero capacity is stored as a
  // loop of cost 0 at its tail, whose reduced cost is always 0.
  std::vector<std::int32_t> tail_;
  std::vector<std::int32_t> head_;
  std::vector<Cost> cost_;
  // The capacity of each arc, and after solve() its flow.
  std::vector<Flow> capacity_;
  // -1 when a non-tree arc is at its capacity, 0 at zero flow or in the
  // tree, so that (rc ^ sign) - sign is the reduced cost rc seen from the
  // bound the arc sits at.
  std::vector<std::int8_t> upper_;

  // The spanning tree, rooted at node nodes_. Node v joins its parent by
  // arc pred_arc_[v]; an index >= arcs_ names the artificial arc of v.
  std::vector<TreeNode> nodes_data_;
  std::vector<std::int32_t> pred_arc_;
  std::vector<char> pred_up_;  // the arc to the parent leaves the node
  std::vector<std::int32_t> thread_;      // preorder successor, cyclic
  std::vector<std::int32_t> rev_thread_;  // preorder predecessor
  std::vector<std::int32_t> last_;        // last subtree node in preorder
  std::vector<std::int64_t> pi_;

  std::int32_t block_size_ = 0;
  bool adaptive_block_ = true;
  bool verify_each_pivot_ = false;
  std::int64_t tree_work_ = 0;  // tree nodes visited in the current window
  std::int64_t window_pivots_ = 0;
  std::int32_t next_arc_ = 0;
  std::int64_t pivots_ = 0;
  std::vector<std::int64_t> supply_;  // kept only for verify()

  // Scratch for one pivot: the reversed tree path and its old segments.
  std::vector<std::int32_t> path_;
  std::vector<std::int32_t> segment_;
};

template <typename Flow, typename Cost>
SimplexCore<Flow, Cost>::SimplexCore(std::int32_t nodes,
                                     std::span<const std::int64_t> supply,
                                     std::span<const std::int32_t> tail,
                                     std::span<const std::int32_t> head,
                                     std::span<const std::int64_t> capacity,
                                     std::span<const std::int64_t> cost,
                                     std::int64_t max_cost,
                                     NetworkSimplexOptions options)
    : nodes_(nodes),
      arcs_(static_cast<std::int32_t>(tail.size())),
      order_(arcs_, nodes),
      verify_each_pivot_(options.verify_each_pivot) {
  const std::size_t n = static_cast<std::size_t>(nodes);
  const std::size_t m = static_cast<std::size_t>(arcs_);
  tail_.resize(m);
  head_.resize(m);
  cost_.resize(m);
  capacity_.resize(m);
  upper_.assign(m, 0);
  order_.for_each_position([&](std::int32_t a, std::int32_t p) {
    tail_[p] = tail[a];
    if (capacity[a] == 0) {
      head_[p] = tail[a];
      cost_[p] = 0;
      capacity_[p] = 0;
      return;
    }
    head_[p] = head[a];
    cost_[p] = static_cast<Cost>(cost[a]);
    capacity_[p] = capacity[a] == NetworkSimplex::kUnlimited
                       ? kInfinity
                       : static_cast<Flow>(capacity[a]);
  });

  // The initial tree: every node hangs from the root by its artificial arc,
  // which points to the root when the supply is >= 0 and away from it
  // otherwise, so every arc of zero flow points to the root (a strongly
  // feasible tree). An artificial arc costs more than half of any simple
  // path, so no optimum of a feasible problem uses one.
  const std::int64_t artificial_cost =
      static_cast<std::int64_t>(
          (Int128{nodes > 0 ? nodes - 1 : 0} * max_cost) / 2) +
      1;
  const std::size_t all = n + 1;
  nodes_data_.resize(all);
  pred_arc_.resize(all);
  pred_up_.resize(all);
  thread_.resize(all);
  rev_thread_.resize(all);
  last_.resize(all);
  pi_.resize(all);
  for (std::size_t v = 0; v < all; ++v) {
    thread_[v] = static_cast<std::int32_t>(v + 1 == all ? 0 : v + 1);
    rev_thread_[v] = static_cast<std::int32_t>(v == 0 ? all - 1 : v - 1);
    last_[v] = static_cast<std::int32_t>(v);
  }
  for (std::size_t v = 0; v < n; ++v) {
    TreeNode& node = nodes_data_[v];
    node.parent = nodes;
    node.size = 1;
    pred_arc_[v] = arcs_ + static_cast<std::int32_t>(v);
    const std::int64_t b = supply[v];
    if (b >= 0) {
      pred_up_[v] = 1;
      node.up = kInfinity;
      node.down = static_cast<Flow>(b);
      pi_[v] = -artificial_cost;
    } else {
      pred_up_[v] = 0;
      node.up = static_cast<Flow>(-b);
      node.down = kInfinity;
      pi_[v] = artificial_cost;
    }
  }
  nodes_data_[n] = TreeNode{-1, nodes + 1, 0, 0};
  pred_arc_[n] = -1;
  last_[n] = nodes > 0 ? nodes - 1 : nodes;
  pi_[n] = 0;

  // Until the first window ends, the block size assumes that a pivot
  // visits kBlockBase tree nodes.
  adaptive_block_ = options.block_size <= 0;
  block_size_ = adaptive_block_
                    ? static_cast<std::int32_t>(2 * kBlockFactor * kBlockBase)
                    : options.block_size;
  block_size_ = std::min(block_size_, std::max(arcs_, 1));
  if (verify_each_pivot_) supply_.assign(supply.begin(), supply.end());
}

// Block search (Grigoriadis 1986): scans the arcs cyclically from where the
// last search stopped, one block at a time, and returns the arc of most
// negative reduced cost (seen from its bound) in the first block that has
// one.
template <typename Flow, typename Cost>
bool SimplexCore<Flow, Cost>::find_entering(std::int32_t& arc,
                                            std::int64_t& violation) {
  std::int64_t best = 0;
  std::int32_t best_arc = -1;
  std::int32_t a = next_arc_;
  std::int32_t block_left = block_size_;
  const std::int32_t* tail = tail_.data();
  const std::int32_t* head = head_.data();
  const Cost* cost = cost_.data();
  const std::int8_t* upper = upper_.data();
  const std::int64_t* pi = pi_.data();
  for (std::int32_t left = arcs_; left > 0;) {
    const std::int32_t stop = a + std::min({arcs_ - a, block_left, left});
    left -= stop - a;
    block_left -= stop - a;
    for (; a < stop; ++a) {
      const std::int64_t rc =
          static_cast<std::int64_t>(cost[a]) + pi[tail[a]] - pi[head[a]];
      const std::int64_t sign = upper[a];
      const std::int64_t seen = (rc ^ sign) - sign;
      if (seen < best) {
        best = seen;
        best_arc = a;
      }
    }
    if (a == arcs_) a = 0;
    if (block_left == 0) {
      if (best_arc >= 0) break;
      block_left = block_size_;
    }
  }
  next_arc_ = a;
  arc = best_arc;
  violation = best;
  return best_arc >= 0;
}

// Pivots on the entering arc. Flow goes round the cycle that the arc closes
// with the tree, from `first` across the arc to `second` and back through
// the tree. The leaving arc is the last blocking arc met when the cycle is
// traversed in the direction of the flow from its apex, the join of both
// tree paths. This rule keeps the tree strongly feasible (Ahuja, Magnanti
// and Orlin, chapter 11). Returns false when no arc blocks, so the cycle
// has unlimited capacity.
template <typename Flow, typename Cost>
bool SimplexCore<Flow, Cost>::pivot(std::int32_t arc, std::int64_t violation) {
  const std::int32_t tail = tail_[arc];
  const std::int32_t head = head_[arc];
  const bool at_upper = upper_[arc] != 0;
  const std::int32_t first = at_upper ? head : tail;
  const std::int32_t second = at_upper ? tail : head;
  TreeNode* const tree = nodes_data_.data();

  // Climb from both ends to the join. An ancestor has a larger subtree than
  // any of its descendants, so climbing from the smaller subtree never
  // passes the join, and each side is climbed from its end upwards. Flow
  // runs down the path from the join to `first` and up the path from
  // `second` to the join. Ties go to the arc met last from the join: on the
  // first path the one nearest `first`, then the entering arc, then on the
  // second path the one nearest the join.
  std::int32_t x = first;
  std::int32_t y = second;
  Flow first_delta = kInfinity;
  std::int32_t first_leaving = -1;
  Flow second_delta = kInfinity;
  std::int32_t second_leaving = -1;
  std::int64_t steps = 0;
  while (x != y) {
    ++steps;
    const TreeNode& nx = tree[x];
    const TreeNode& ny = tree[y];
    if (nx.size < ny.size) {
      if (nx.down < first_delta) {
        first_delta = nx.down;
        first_leaving = x;
      }
      x = nx.parent;
    } else {
      if (ny.up <= second_delta) {
        second_delta = ny.up;
        second_leaving = y;
      }
      y = ny.parent;
    }
  }
  const std::int32_t join = x;
  tree_work_ += steps;

  Flow delta = first_delta;
  std::int32_t leaving = first_leaving;
  bool leaving_first = first_leaving >= 0;
  if (capacity_[arc] <= delta) {
    delta = capacity_[arc];
    leaving = -1;
    leaving_first = false;
  }
  if (second_leaving >= 0 && second_delta <= delta) {
    delta = second_delta;
    leaving = second_leaving;
    leaving_first = false;
  }
  if (delta == kInfinity) return false;

  if (delta > 0) {
    for (x = first; x != join; x = tree[x].parent) {
      if (tree[x].down != kInfinity) tree[x].down -= delta;
      if (tree[x].up != kInfinity) tree[x].up += delta;
    }
    for (x = second; x != join; x = tree[x].parent) {
      if (tree[x].up != kInfinity) tree[x].up -= delta;
      if (tree[x].down != kInfinity) tree[x].down += delta;
    }
  }
  if (leaving < 0) {
    // The entering arc itself blocks: it moves to its other bound.
    upper_[arc] = at_upper ? 0 : -1;
  } else {
    // The leaving arc ends at the bound its residual reached.
    const std::int32_t leaving_arc = pred_arc_[leaving];
    if (leaving_arc < arcs_) {
      const bool up = pred_up_[leaving] != 0;
      upper_[leaving_arc] = leaving_first != up ? -1 : 0;
    }
    upper_[arc] = 0;
    const Flow entering_flow = at_upper ? capacity_[arc] - delta : delta;
    const std::int32_t inner = leaving_first ? first : second;
    const std::int32_t outer = leaving_first ? second : first;
    const std::int64_t reduced = at_upper ? -violation : violation;
    const std::int64_t shift = inner == head ? reduced : -reduced;
    update_tree(arc, inner, outer, leaving, join, entering_flow, shift);
  }
  ++pivots_;
  if (adaptive_block_ && ++window_pivots_ == kBlockWindow) resize_block();
  return true;
}

// Replaces the tree arc above `leaving_child` by the entering arc. The
// subtree S of leaving_child is cut out of the thread, re-rooted at `inner`
// by reversing the path inner = x0, x1, .., xk = leaving_child, and
// spliced in after `outer` as its first child. In the new preorder each xi
// is followed by its old subtree without the branch of x(i-1), then by
// x(i+1), so every path node gets the last node of S as its last node.
template <typename Flow, typename Cost>
void SimplexCore<Flow, Cost>::update_tree(
    std::int32_t entering, std::int32_t inner, std::int32_t outer,
    std::int32_t leaving_child, std::int32_t join, Flow entering_flow,
    std::int64_t shift) {
  TreeNode* const tree = nodes_data_.data();
  path_.clear();
  for (std::int32_t x = inner;; x = tree[x].parent) {
    path_.push_back(x);
    if (x == leaving_child) break;
  }
  const std::size_t k = path_.size() - 1;
  const std::int32_t moved = tree[leaving_child].size;
  tree_work_ += static_cast<std::int64_t>(k) + moved;

  // Cut S out of the thread and out of its old ancestors.
  const std::int32_t old_parent = tree[leaving_child].parent;
  const std::int32_t old_last = last_[leaving_child];
  const std::int32_t before = rev_thread_[leaving_child];
  link(before, thread_[old_last]);
  for (std::int32_t a = old_parent; a >= 0 && last_[a] == old_last;
       a = tree[a].parent) {
    last_[a] = before;
  }
  for (std::int32_t a = old_parent; a != join; a = tree[a].parent) {
    tree[a].size -= moved;
  }

  // The old subtree of xi without the branch of x(i-1) is two thread
  // segments: from thread[xi] to the node before x(i-1), and from the node
  // after that branch to last[xi]. Either may be empty. All are read before
  // the relinking changes them.
  segment_.resize(4 * (k + 1));
  for (std::size_t i = 1; i <= k; ++i) {
    const std::int32_t x = path_[i];
    const std::int32_t child = path_[i - 1];
    segment_[4 * i] = thread_[x];
    segment_[4 * i + 1] = rev_thread_[child];
    segment_[4 * i + 2] = thread_[last_[child]];
    segment_[4 * i + 3] = last_[child] != last_[x] ? last_[x] : -1;
  }
  std::int32_t end = last_[inner];
  for (std::size_t i = 1; i <= k; ++i) {
    const std::int32_t x = path_[i];
    link(end, x);
    end = x;
    if (segment_[4 * i] != path_[i - 1]) end = segment_[4 * i + 1];
    if (segment_[4 * i + 3] >= 0) {
      link(end, segment_[4 * i + 2]);
      end = segment_[4 * i + 3];
    }
  }
  const std::int32_t new_last = end;

  // Reverse the path: x(i-1) becomes the parent of xi through the arc that
  // joined them, and the residuals swap directions.
  for (std::size_t i = k; i >= 1; --i) {
    const std::int32_t x = path_[i];
    const std::int32_t child = path_[i - 1];
    tree[x] = TreeNode{child, moved - tree[child].size, tree[child].down,
                       tree[child].up};
    pred_arc_[x] = pred_arc_[child];
    pred_up_[x] = pred_up_[child] ? 0 : 1;
    last_[x] = new_last;
  }
  const Flow capacity = capacity_[entering];
  const Flow spare =
      capacity == kInfinity ? kInfinity : capacity - entering_flow;
  if (inner == tail_[entering]) {
    tree[inner] = TreeNode{outer, moved, spare, entering_flow};
    pred_up_[inner] = 1;
  } else {
    tree[inner] = TreeNode{outer, moved, entering_flow, spare};
    pred_up_[inner] = 0;
  }
  pred_arc_[inner] = entering;
  last_[inner] = new_last;

  // Splice S in after `outer`.
  const std::int32_t next = thread_[outer];
  link(outer, inner);
  link(new_last, next);
  if (last_[outer] == outer) {
    for (std::int32_t a = outer; a >= 0 && last_[a] == outer;
         a = tree[a].parent) {
      last_[a] = new_last;
    }
  }
  for (std::int32_t a = outer; a != join; a = tree[a].parent) {
    tree[a].size += moved;
  }

  // The entering arc gets reduced cost 0 when S shifts by its old one.
  std::int32_t x = inner;
  for (std::int32_t i = 0; i < moved; ++i) {
    pi_[x] += shift;
    x = thread_[x];
  }
}

template <typename Flow, typename Cost>
void SimplexCore<Flow, Cost>::resize_block() {
  const double mean = static_cast<double>(tree_work_) /
                      static_cast<double>(window_pivots_);
  const double size = kBlockFactor * (kBlockBase + mean);
  block_size_ = static_cast<std::int32_t>(
      std::clamp<double>(size, kMinBlock, std::max(arcs_, 1)));
  tree_work_ = 0;
  window_pivots_ = 0;
}

template <typename Flow, typename Cost>
NetworkSimplex::Status SimplexCore<Flow, Cost>::solve() {
  if (verify_each_pivot_) verify();
  std::int32_t arc = -1;
  std::int64_t violation = 0;
  NetworkSimplex::Status status = NetworkSimplex::Status::kOptimal;
  while (find_entering(arc, violation)) {
    if (!pivot(arc, violation)) {
      status = NetworkSimplex::Status::kUnbounded;
      break;
    }
    if (verify_each_pivot_) verify();
  }
  if (status == NetworkSimplex::Status::kOptimal) {
    for (std::int32_t v = 0; v < nodes_; ++v) {
      if (pred_arc_[v] >= arcs_ && tree_flow(v) > 0) {
        status = NetworkSimplex::Status::kInfeasible;
        break;
      }
    }
  }
  store_flows();
  return status;
}

// Overwrites the capacities with the flows: the capacity at an upper bound,
// 0 at a lower bound, and the tree flow read from the residuals.
template <typename Flow, typename Cost>
void SimplexCore<Flow, Cost>::store_flows() {
  for (std::int32_t a = 0; a < arcs_; ++a) {
    if (upper_[a] == 0) capacity_[a] = 0;
  }
  for (std::int32_t v = 0; v < nodes_; ++v) {
    const std::int32_t a = pred_arc_[v];
    if (a < arcs_) capacity_[a] = tree_flow(v);
  }
}

// Checks every invariant of the basis in O(nodes + arcs) and throws
// std::logic_error on the first one that fails.
template <typename Flow, typename Cost>
void SimplexCore<Flow, Cost>::verify() const {
  const auto require = [this](bool holds, const char* what) {
    if (!holds) {
      throw std::logic_error("network simplex basis invalid after pivot " +
                             std::to_string(pivots_) + ": " + what);
    }
  };
  const std::int32_t root = nodes_;
  const std::size_t all = static_cast<std::size_t>(nodes_) + 1;

  // The thread is one cycle through all nodes, in preorder.
  std::vector<std::int32_t> order;
  std::vector<std::int32_t> rank(all, -1);
  std::int32_t x = root;
  do {
    require(rank[x] < 0, "the thread visits a node twice");
    rank[x] = static_cast<std::int32_t>(order.size());
    order.push_back(x);
    require(rev_thread_[thread_[x]] == x, "rev_thread is not the inverse");
    x = thread_[x];
  } while (x != root);
  require(order.size() == all, "the thread misses nodes");
  require(nodes_data_[root].parent < 0, "the root has a parent");

  // Each subtree is the contiguous run of size nodes from its root, and
  // each node's parent comes before it within that run.
  std::vector<std::int32_t> counted(all, 1);
  for (std::size_t i = all - 1; i >= 1; --i) {
    const std::int32_t v = order[i];
    const std::int32_t parent = nodes_data_[v].parent;
    require(parent >= 0 && rank[parent] < static_cast<std::int32_t>(i),
            "a parent follows its child in the thread");
    counted[parent] += counted[v];
  }
  for (std::size_t v = 0; v < all; ++v) {
    require(counted[v] == nodes_data_[v].size, "a subtree size is wrong");
    require(order[rank[v] + counted[v] - 1] == last_[v],
            "a last node is wrong");
  }

  // Tree arcs have reduced cost 0, residuals that add up to the capacity,
  // and positive capacity towards the root (strong feasibility). The flow
  // meets every supply.
  std::vector<Int128> net(all, 0);
  std::vector<char> in_tree(static_cast<std::size_t>(arcs_), 0);
  for (std::int32_t v = 0; v < nodes_; ++v) {
    const TreeNode& node = nodes_data_[v];
    const Flow carried = tree_flow(v);
    require(carried >= 0 && node.up > 0, "a tree residual is not positive");
    const std::int32_t a = pred_arc_[v];
    const bool up = pred_up_[v] != 0;
    const std::int32_t from = up ? v : node.parent;
    const std::int32_t to = up ? node.parent : v;
    net[from] += carried;
    net[to] -= carried;
    if (a >= arcs_) {
      require(a == arcs_ + v && node.parent == root,
              "an artificial arc is misplaced");
      continue;
    }
    in_tree[a] = 1;
    require(tail_[a] == from && head_[a] == to, "a tree arc has wrong ends");
    require(upper_[a] == 0, "a tree arc is marked at its capacity");
    if (capacity_[a] == kInfinity) {
      require((up ? node.up : node.down) == kInfinity,
              "an unlimited tree arc lost its infinite residual");
    } else {
      require(Int128{node.up} + node.down == capacity_[a],
              "tree residuals do not add up to the capacity");
    }
    require(static_cast<std::int64_t>(cost_[a]) + pi_[from] - pi_[to] == 0,
            "a tree arc has a nonzero reduced cost");
  }
  for (std::int32_t a = 0; a < arcs_; ++a) {
    if (in_tree[a] || upper_[a] == 0) continue;
    require(capacity_[a] != kInfinity, "an unlimited arc is at its bound");
    net[tail_[a]] += capacity_[a];
    net[head_[a]] -= capacity_[a];
  }
  for (std::int32_t v = 0; v < nodes_; ++v) {
    require(net[v] == supply_[v], "the flow does not meet a supply");
  }
}

}  // namespace

NetworkSimplex::NetworkSimplex(std::int32_t nodes,
                               std::span<const std::int64_t> supply,
                               std::span<const std::int32_t> tail,
                               std::span<const std::int32_t> head,
                               std::span<const std::int64_t> capacity,
                               std::span<const std::int64_t> cost,
                               NetworkSimplexOptions options) {
  if (nodes < 0 || supply.size() != static_cast<std::size_t>(nodes)) {
    throw std::invalid_argument(
        "supply has " + std::to_string(supply.size()) +
        " entries; expected one per node (" + std::to_string(nodes) + ")");
  }
  const std::size_t arcs = tail.size();
  if (head.size() != arcs || capacity.size() != arcs || cost.size() != arcs) {
    throw std::invalid_argument(
        "tail, head, capacity and cost must have one entry per arc");
  }
  if (arcs >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw std::invalid_argument("the network has 2^31 - 1 arcs or more");
  }
  // |cost| must stay below cost_limit = ceil(2^62 / (nodes + 2)).
  const std::int64_t cost_limit = static_cast<std::int64_t>(
      (kMagnitudeLimit + nodes + 1) / (Int128{nodes} + 2));
  Int128 total = 0;
  Int128 balance = 0;
  for (std::int64_t b : supply) {
    total += b < 0 ? -Int128{b} : Int128{b};
    balance += b;
  }
  std::int64_t max_cost = 0;
  for (std::size_t a = 0; a < arcs; ++a) {
    if (tail[a] < 0 || tail[a] >= nodes || head[a] < 0 || head[a] >= nodes) {
      throw std::invalid_argument("arc " + std::to_string(a) +
                                  " names a node outside 0.." +
                                  std::to_string(nodes - 1));
    }
    if (capacity[a] < 0) {
      throw std::invalid_argument("arc " + std::to_string(a) +
                                  " has negative capacity " +
                                  std::to_string(capacity[a]));
    }
    if (cost[a] >= cost_limit || cost[a] <= -cost_limit) {
      throw std::invalid_argument(
          "arc " + std::to_string(a) + " has cost " + std::to_string(cost[a]) +
          ", which could overflow the potentials; keep |cost| * (nodes + 2) "
          "below 2^62");
    }
    max_cost = std::max(max_cost, cost[a] < 0 ? -cost[a] : cost[a]);
    if (capacity[a] != kUnlimited) total += capacity[a];
  }
  if (total >= kUnlimited) {
    throw std::invalid_argument(
        "the supplies and finite capacities add up to 2^63 - 1 or more");
  }

  // Every flow of a basis is at most `total`, below the largest Flow value
  // that stands for an unlimited capacity.
  const bool narrow_flow = total < std::numeric_limits<std::int32_t>::max();
  const bool narrow_cost = max_cost <= std::numeric_limits<std::int32_t>::max();
  if (narrow_flow && narrow_cost) {
    core_ = std::make_unique<SimplexCore<std::int32_t, std::int32_t>>(
        nodes, supply, tail, head, capacity, cost, max_cost, options);
  } else if (narrow_flow) {
    core_ = std::make_unique<SimplexCore<std::int32_t, std::int64_t>>(
        nodes, supply, tail, head, capacity, cost, max_cost, options);
  } else if (narrow_cost) {
    core_ = std::make_unique<SimplexCore<std::int64_t, std::int32_t>>(
        nodes, supply, tail, head, capacity, cost, max_cost, options);
  } else {
    core_ = std::make_unique<SimplexCore<std::int64_t, std::int64_t>>(
        nodes, supply, tail, head, capacity, cost, max_cost, options);
  }
  nodes_ = nodes;
  arcs_ = static_cast<std::int32_t>(arcs);
  balanced_ = balance == 0;
}

NetworkSimplex::~NetworkSimplex() = default;

NetworkSimplex::Status NetworkSimplex::solve() {
  if (state_ != State::kNotSolved) {
    throw std::logic_error("NetworkSimplex::solve may be called only once");
  }
  if (!balanced_) {
    state_ = State::kUnbalanced;
    return Status::kInfeasible;
  }
  state_ = State::kSolved;
  return core_->solve();
}

std::int64_t NetworkSimplex::flow(std::int32_t arc) const {
  if (arc < 0 || arc >= arcs_) {
    throw std::out_of_range("arc " + std::to_string(arc) + " is outside 0.." +
                            std::to_string(arcs_ - 1));
  }
  return state_ == State::kSolved ? core_->flow(arc) : 0;
}

void NetworkSimplex::flows(std::span<std::int64_t> out) const {
  if (out.size() != static_cast<std::size_t>(arcs_)) {
    throw std::invalid_argument("flows() needs one entry per arc");
  }
  if (state_ == State::kSolved) {
    core_->flows(out);
  } else {
    std::fill(out.begin(), out.end(), 0);
  }
}

std::int64_t NetworkSimplex::potential(std::int32_t node) const {
  if (node < 0 || node >= nodes_) {
    throw std::out_of_range("node " + std::to_string(node) +
                            " is outside 0.." + std::to_string(nodes_ - 1));
  }
  return core_->potential(node);
}

std::vector<std::int64_t> NetworkSimplex::potentials() const {
  std::vector<std::int64_t> result(static_cast<std::size_t>(nodes_));
  for (std::int32_t v = 0; v < nodes_; ++v) result[v] = core_->potential(v);
  return result;
}

std::int64_t NetworkSimplex::pivots() const { return core_->pivots(); }

}  // namespace aidmatch::solvers::detail
