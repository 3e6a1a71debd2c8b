// Dinic's maximum flow.
#include "aidmatch/solvers/detail/max_flow.hpp"

#include <algorithm>
#include <limits>

#include "aidmatch/solvers/detail/adjacency.hpp"

namespace aidmatch::solvers::detail {

std::int64_t max_flow(std::int32_t nodes, const std::vector<std::int32_t>& tail,
                      const std::vector<std::int32_t>& head,
                      const std::vector<std::int64_t>& capacity,
                      std::int32_t source, std::int32_t sink,
                      std::vector<std::int64_t>* flow) {
  // Residual arcs in pairs: 2a is arc a, 2a + 1 its reverse.
  const std::size_t arcs = tail.size();
  std::vector<std::int32_t> residual_tail(2 * arcs);
  std::vector<std::int32_t> residual_head(2 * arcs);
  std::vector<std::int64_t> residual(2 * arcs, 0);
  for (std::size_t a = 0; a < arcs; ++a) {
    residual_tail[2 * a] = tail[a];
    residual_head[2 * a] = head[a];
    residual[2 * a] = capacity[a];
    residual_tail[2 * a + 1] = head[a];
    residual_head[2 * a + 1] = tail[a];
  }
  std::vector<std::int32_t> first;
  std::vector<std::int32_t> out;
  build_adjacency(nodes, residual_tail, first, out);

  std::int64_t total = 0;
  std::vector<std::int32_t> level(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> current(static_cast<std::size_t>(nodes));
  std::vector<std::int32_t> queue;
  std::vector<std::int32_t> path;
  while (source != sink) {
    std::fill(level.begin(), level.end(), -1);
    queue.assign(1, source);
    level[source] = 0;
    for (std::size_t i = 0; i < queue.size() && level[sink] < 0; ++i) {
      const std::int32_t u = queue[i];
      for (std::int32_t k = first[u]; k < first[u + 1]; ++k) {
        const std::int32_t a = out[k];
        if (residual[a] > 0 && level[residual_head[a]] < 0) {
          level[residual_head[a]] = level[u] + 1;
          queue.push_back(residual_head[a]);
        }
      }
    }
    if (level[sink] < 0) break;

    // Blocking flow: advance along level-increasing arcs, retreat from dead
    // ends, and augment by the path's bottleneck at the sink.
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
        if (residual[a] > 0 && level[residual_head[a]] == level[u] + 1) {
          path.push_back(a);
          u = residual_head[a];
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      if (u == source) break;
      level[u] = -1;  // dead end for the rest of the phase
      u = residual_tail[path.back()];
      path.pop_back();
      ++current[u];
    }
  }
  if (flow != nullptr) {
    flow->resize(arcs);
    for (std::size_t a = 0; a < arcs; ++a) (*flow)[a] = residual[2 * a + 1];
  }
  return total;
}

}  // namespace aidmatch::solvers::detail
