// Single-source successive shortest augmenting paths.
#include "aidmatch/solvers/detail/augmenting_path.hpp"

#include "aidmatch/solvers/detail/adjacency.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

namespace aidmatch::solvers::detail {

namespace {

constexpr std::int64_t kInfinity = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kDriftLimit = std::int64_t{1} << 62;

}  // namespace

AugmentingPathSolver::AugmentingPathSolver(std::int32_t nodes)
    : nodes_(nodes),
      excess_(static_cast<std::size_t>(nodes), 0),
      pi_(static_cast<std::size_t>(nodes), 0),
      dist_(static_cast<std::size_t>(nodes), kInfinity),
      parent_arc_(static_cast<std::size_t>(nodes), -1),
      settled_(static_cast<std::size_t>(nodes), 0) {}

std::int32_t AugmentingPathSolver::add_arc(std::int32_t tail,
                                           std::int32_t head,
                                           std::int64_t capacity,
                                           std::int64_t cost) {
  const auto id = static_cast<std::int32_t>(tail_.size());
  tail_.push_back(tail);
  head_.push_back(head);
  residual_.push_back(capacity);
  cost_.push_back(cost);
  tail_.push_back(head);
  head_.push_back(tail);
  residual_.push_back(0);
  cost_.push_back(-cost);
  if (finalized_) {
    // Arcs after finalize() join the adjacency through the late lists, so
    // that one added row costs O(its arcs), not a rebuild.
    if (late_out_.empty()) late_out_.resize(static_cast<std::size_t>(nodes_));
    late_out_[static_cast<std::size_t>(tail)].push_back(id);
    late_out_[static_cast<std::size_t>(head)].push_back(id + 1);
  }
  return id;
}

std::int32_t AugmentingPathSolver::add_node() {
  if (!late_out_.empty()) late_out_.emplace_back();
  // A node added after finalize() has no arcs in the arrays: an empty range.
  if (finalized_) first_out_.push_back(first_out_.back());
  excess_.push_back(0);
  pi_.push_back(0);
  dist_.push_back(kInfinity);
  parent_arc_.push_back(-1);
  settled_.push_back(0);
  if (!spread_stamp_.empty()) spread_stamp_.push_back(0);
  return nodes_++;
}

void AugmentingPathSolver::push(std::int32_t arc, std::int64_t amount) {
  residual_[arc] -= amount;
  residual_[arc ^ 1] += amount;
  excess_[tail_[arc]] -= amount;
  excess_[head_[arc]] += amount;
  changed_.push_back(arc);
}

void AugmentingPathSolver::finalize() {
  build_adjacency(nodes_, tail_, first_out_, out_arcs_);
  late_out_.clear();
  finalized_ = true;
}

void AugmentingPathSolver::remove_arc(std::int32_t arc) {
  const std::int32_t forward = arc & ~1;
  const std::int64_t carried = residual_[forward ^ 1];
  residual_[forward] = 0;
  residual_[forward ^ 1] = 0;
  excess_[tail_[forward]] += carried;
  excess_[head_[forward]] -= carried;
}

void AugmentingPathSolver::spread_excess(std::int32_t node) {
  spread_from({node});
}

void AugmentingPathSolver::spread_all_excess() {
  std::vector<std::int32_t> sources;
  for (std::int32_t v = 0; v < nodes_; ++v) {
    if (excess_[v] > 0) sources.push_back(v);
  }
  spread_from(sources);
}

void AugmentingPathSolver::spread_from(const std::vector<std::int32_t>& sources) {
  // A node counts as visited when its stamp equals this pass's number, so
  // that a pass costs only the nodes it reaches, not a clear of all nodes.
  if (spread_stamp_.empty()) {
    spread_stamp_.assign(static_cast<std::size_t>(nodes_), 0);
  }
  if (++spread_pass_ == 0) {  // wrapped around: clear the stamps once
    std::fill(spread_stamp_.begin(), spread_stamp_.end(), 0);
    spread_pass_ = 1;
  }
  const std::uint32_t mark = spread_pass_;
  std::vector<std::int32_t>& queue = spread_queue_;
  queue = sources;
  for (std::int32_t v : sources) spread_stamp_[v] = mark;
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const std::int32_t u = queue[next];
    auto spread_along = [&](std::int32_t a) {
      const std::int32_t v = head_[a];
      if (residual_[a] == 0 || spread_stamp_[v] == mark || reduced(a) != 0) {
        return;
      }
      const std::int64_t amount = std::min(excess_[u], residual_[a]);
      residual_[a] -= amount;
      residual_[a ^ 1] += amount;
      excess_[u] -= amount;
      excess_[v] += amount;
      spread_stamp_[v] = mark;
      if (excess_[v] > 0) queue.push_back(v);
    };
    for (std::int32_t i = first_out_[u]; i < first_out_[u + 1] && excess_[u] > 0;
         ++i) {
      spread_along(out_arcs_[i]);
    }
    if (!late_out_.empty()) {
      for (std::int32_t a : late_out_[u]) {
        if (excess_[u] == 0) break;
        spread_along(a);
      }
    }
  }
}

// Dijkstra from `source` on reduced costs until a node with a deficit is
// settled. Returns that node, or -1 when none is reachable.
std::int32_t AugmentingPathSolver::search(std::int32_t source) {
  for (std::int32_t v : touched_) {
    dist_[v] = kInfinity;
    settled_[v] = 0;
    parent_arc_[v] = -1;
  }
  touched_.clear();
  settled_order_.clear();
  heap_.clear();

  dist_[source] = 0;
  touched_.push_back(source);
  heap_.emplace_back(0, source);
  const auto later = std::greater<>();
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const auto [d, u] = heap_.back();
    heap_.pop_back();
    if (settled_[u] || d != dist_[u]) continue;
    settled_[u] = 1;
    settled_order_.push_back(u);
    if (excess_[u] < 0) return u;
    // Relaxes one arc and returns true when it reaches a deficit at
    // distance d. Reduced costs are non-negative, so no other path is
    // shorter and the search settles that deficit at once.
    auto relax = [&](std::int32_t a) {
      if (residual_[a] == 0) return false;
      const std::int32_t v = head_[a];
      if (settled_[v]) return false;
      const std::int64_t candidate = d + reduced(a);
      if (candidate >= dist_[v]) return false;
      if (dist_[v] == kInfinity) touched_.push_back(v);
      dist_[v] = candidate;
      parent_arc_[v] = a;
      if (candidate == d && excess_[v] < 0) {
        settled_[v] = 1;
        settled_order_.push_back(v);
        return true;
      }
      heap_.emplace_back(candidate, v);
      std::push_heap(heap_.begin(), heap_.end(), later);
      return false;
    };
    for (std::int32_t i = first_out_[u]; i < first_out_[u + 1]; ++i) {
      if (relax(out_arcs_[i])) return head_[out_arcs_[i]];
    }
    if (!late_out_.empty()) {
      for (std::int32_t a : late_out_[u]) {
        if (relax(a)) return head_[a];
      }
    }
  }
  return -1;
}

// Pushes as much as the path, the source's excess and the target's deficit
// allow, then lowers the potentials of the settled nodes.
void AugmentingPathSolver::augment(std::int32_t source, std::int32_t target) {
  std::int64_t amount = std::min(excess_[source], -excess_[target]);
  for (std::int32_t v = target; v != source; v = tail_[parent_arc_[v]]) {
    amount = std::min(amount, residual_[parent_arc_[v]]);
  }
  for (std::int32_t v = target; v != source; v = tail_[parent_arc_[v]]) {
    residual_[parent_arc_[v]] -= amount;
    residual_[parent_arc_[v] ^ 1] += amount;
    changed_.push_back(parent_arc_[v]);
  }
  excess_[source] -= amount;
  excess_[target] += amount;

  // Potentials only ever decrease, by at most the path length each time;
  // stop before they could leave the int64 range.
  const std::int64_t target_dist = dist_[target];
  drift_ += target_dist;
  if (drift_ > kDriftLimit) {
    throw std::overflow_error(
        "node potentials moved by more than 2^62 in total; scale the costs "
        "down");
  }
  for (std::int32_t v : settled_order_) pi_[v] += dist_[v] - target_dist;
  ++augmentations_;
}

bool AugmentingPathSolver::discharge(std::int32_t node) {
  while (excess_[node] > 0) {
    const std::int32_t target = search(node);
    if (target < 0) return false;
    augment(node, target);
  }
  return true;
}

}  // namespace aidmatch::solvers::detail
