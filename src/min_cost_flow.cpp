// Primal-dual minimum-cost maximum flow and capacitated matching.
#include "aidmatch/solvers/min_cost_flow.hpp"

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/solvers/detail/adjacency.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>

namespace aidmatch::solvers {

using Int128 = aidmatch::detail::Int128;

namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kCostLimit = std::int64_t{1} << 62;

}  // namespace

std::string to_string(FlowStatus status) {
  switch (status) {
    case FlowStatus::kOptimal: return "optimal";
    case FlowStatus::kNegativeCycle: return "negative cycle";
    case FlowStatus::kCostOverflow: return "cost overflow";
    case FlowStatus::kInfeasible: return "infeasible";
    case FlowStatus::kUnbounded: return "unbounded";
  }
  return "unknown";
}

MinCostFlow::MinCostFlow(NodeId node_count) : node_count_(node_count) {
  if (node_count < 0) {
    throw std::invalid_argument("node count " + std::to_string(node_count) +
                                " is negative");
  }
}

MinCostFlow::ArcId MinCostFlow::add_arc(NodeId tail, NodeId head,
                                        std::int64_t capacity,
                                        std::int64_t cost) {
  if (tail < 0 || tail >= node_count_ || head < 0 || head >= node_count_) {
    throw std::out_of_range("arc (" + std::to_string(tail) + ", " +
                            std::to_string(head) +
                            ") names a node outside 0.." +
                            std::to_string(node_count_ - 1));
  }
  if (capacity < 0) {
    throw std::invalid_argument("arc (" + std::to_string(tail) + ", " +
                                std::to_string(head) + ") has capacity " +
                                std::to_string(capacity) +
                                "; capacities must be non-negative");
  }
  if (cost <= -kCostLimit || cost >= kCostLimit) {
    throw std::invalid_argument("arc cost " + std::to_string(cost) +
                                " is outside (-2^62, 2^62)");
  }
  const auto id = static_cast<ArcId>(head_.size() / 2);
  tail_.push_back(tail);
  head_.push_back(head);
  residual_.push_back(capacity);
  cost_.push_back(cost);
  tail_.push_back(head);
  head_.push_back(tail);
  residual_.push_back(0);
  cost_.push_back(-cost);
  capacity_.push_back(capacity);
  return id;
}

std::int64_t MinCostFlow::flow(ArcId arc) const {
  return residual_.at(2 * static_cast<std::size_t>(arc) + 1);
}

void MinCostFlow::build_adjacency() {
  detail::build_adjacency(node_count_, tail_, first_out_, out_arcs_);
}

std::int64_t MinCostFlow::reduced(std::int32_t a) const {
  return cost_[a] + pi_[tail_[a]] - pi_[head_[a]];
}

// Bellman-Ford with a FIFO queue from the source over arcs with residual
// capacity, so that every reachable residual arc has a non-negative reduced
// cost. Nodes the source cannot reach keep potential 0 and never carry flow.
// Returns false when a negative cycle is reachable.
bool MinCostFlow::initial_potentials(NodeId source) {
  const auto n = static_cast<std::size_t>(node_count_);
  std::vector<std::int64_t> dist(n, kInfinity);
  std::vector<std::int32_t> relaxations(n, 0);
  std::vector<char> queued(n, 0);
  std::deque<NodeId> queue{source};
  dist[static_cast<std::size_t>(source)] = 0;
  queued[static_cast<std::size_t>(source)] = 1;
  while (!queue.empty()) {
    const NodeId u = queue.front();
    queue.pop_front();
    queued[u] = 0;
    for (std::int32_t i = first_out_[u]; i < first_out_[u + 1]; ++i) {
      const std::int32_t a = out_arcs_[i];
      if (residual_[a] == 0) continue;
      const NodeId v = head_[a];
      if (dist[u] + cost_[a] < dist[v]) {
        dist[v] = dist[u] + cost_[a];
        if (++relaxations[v] > node_count_) return false;
        if (!queued[v]) {
          queued[v] = 1;
          queue.push_back(v);
        }
      }
    }
  }
  pi_.assign(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    if (dist[v] != kInfinity) pi_[v] = dist[v];
  }
  return true;
}

// Dijkstra on reduced costs from the source, stopped once the sink is
// settled. Potentials of settled nodes grow by their distance, the others by
// the sink's, which keeps every residual reduced cost non-negative and makes
// the arcs of shortest paths to the sink exactly those of reduced cost 0.
// Returns false when the sink is unreachable.
bool MinCostFlow::shortest_paths(NodeId source, NodeId sink) {
  const auto n = static_cast<std::size_t>(node_count_);
  dist_.assign(n, kInfinity);
  std::vector<char>& settled = settled_;
  settled.assign(n, 0);
  using Entry = std::pair<std::int64_t, NodeId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  dist_[source] = 0;
  heap.emplace(0, source);
  std::vector<NodeId> settled_order;
  while (!heap.empty()) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (settled[u] || d != dist_[u]) continue;
    settled[u] = 1;
    settled_order.push_back(u);
    if (u == sink) break;
    for (std::int32_t i = first_out_[u]; i < first_out_[u + 1]; ++i) {
      const std::int32_t a = out_arcs_[i];
      if (residual_[a] == 0) continue;
      const NodeId v = head_[a];
      const std::int64_t candidate = d + reduced(a);
      if (candidate < dist_[v]) {
        dist_[v] = candidate;
        heap.emplace(candidate, v);
      }
    }
  }
  if (!settled[sink]) return false;
  const std::int64_t sink_dist = dist_[sink];
  for (std::size_t v = 0; v < n; ++v) {
    pi_[v] += settled[v] ? dist_[v] : sink_dist;
  }
  return true;
}

// Sends a blocking flow through residual arcs of zero reduced cost, using
// BFS levels so that zero-cost cycles cannot trap the search. Only nodes
// that the last Dijkstra settled can lie on a shortest path to the sink.
std::int64_t MinCostFlow::blocking_flow(NodeId source, NodeId sink) {
  const auto n = static_cast<std::size_t>(node_count_);
  std::int64_t total = 0;
  while (true) {
    level_.assign(n, -1);
    std::deque<NodeId> queue{source};
    level_[source] = 0;
    while (!queue.empty()) {
      const NodeId u = queue.front();
      queue.pop_front();
      for (std::int32_t i = first_out_[u]; i < first_out_[u + 1]; ++i) {
        const std::int32_t a = out_arcs_[i];
        const NodeId v = head_[a];
        if (residual_[a] > 0 && level_[v] < 0 && settled_[v] &&
            reduced(a) == 0) {
          level_[v] = level_[u] + 1;
          queue.push_back(v);
        }
      }
    }
    if (level_[sink] < 0) return total;

    current_.assign(first_out_.begin(), first_out_.end() - 1);
    // Iterative depth-first search along level-increasing admissible arcs.
    std::vector<std::int32_t> path;
    NodeId u = source;
    while (true) {
      if (u == sink) {
        std::int64_t push = kInfinity;
        for (std::int32_t a : path) push = std::min(push, residual_[a]);
        for (std::int32_t a : path) {
          residual_[a] -= push;
          residual_[a ^ 1] += push;
        }
        total += push;
        path.clear();
        u = source;
        continue;
      }
      bool advanced = false;
      for (std::int32_t& i = current_[u]; i < first_out_[u + 1]; ++i) {
        const std::int32_t a = out_arcs_[i];
        const NodeId v = head_[a];
        if (residual_[a] > 0 && level_[v] == level_[u] + 1 &&
            reduced(a) == 0) {
          path.push_back(a);
          u = v;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      if (u == source) break;
      // Dead end: retreat and skip the arc that led here.
      level_[u] = -1;
      const std::int32_t back = path.back();
      path.pop_back();
      u = tail_[back];
      ++current_[u];
    }
  }
}

MaxFlowMinCostResult MinCostFlow::solve_max_flow(NodeId source, NodeId sink) {
  if (solved_) throw std::logic_error("MinCostFlow::solve_max_flow was called twice");
  if (source < 0 || source >= node_count_ || sink < 0 || sink >= node_count_ ||
      source == sink) {
    throw std::out_of_range("source " + std::to_string(source) + " and sink " +
                            std::to_string(sink) +
                            " must be distinct nodes of the network");
  }
  std::int64_t max_cost = 0;
  for (std::int64_t c : cost_) max_cost = std::max(max_cost, c < 0 ? -c : c);
  if (static_cast<Int128>(max_cost) * node_count_ >= kCostLimit) {
    throw std::invalid_argument(
        "arc costs up to " + std::to_string(max_cost) + " on " +
        std::to_string(node_count_) +
        " nodes could overflow path lengths; keep max|cost| * nodes below "
        "2^62");
  }
  solved_ = true;
  build_adjacency();

  MaxFlowMinCostResult result;
  if (!initial_potentials(source)) {
    result.status = FlowStatus::kNegativeCycle;
    return result;
  }
  while (shortest_paths(source, sink)) {
    ++result.phases;
    const std::int64_t pushed = blocking_flow(source, sink);
    if (pushed == 0) break;
    result.flow += pushed;
  }

  Int128 total = 0;
  for (std::size_t a = 0; a < capacity_.size(); ++a) {
    total += static_cast<Int128>(residual_[2 * a + 1]) * cost_[2 * a];
  }
  if (total > std::numeric_limits<std::int64_t>::max() ||
      total < std::numeric_limits<std::int64_t>::min()) {
    result.status = FlowStatus::kCostOverflow;
  } else {
    result.cost = static_cast<std::int64_t>(total);
  }
  return result;
}

}  // namespace aidmatch::solvers
