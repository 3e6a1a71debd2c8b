// Maximum flow value by Dinic's blocking flows, the first step of the
// lexicographic matchings: the largest number of matters that can be
// served at all.
//
// Method: Dinic (1970). Each phase builds breadth-first levels from the
// source over residual arcs, then sends a blocking flow along arcs that go
// one level up, found by depth-first search with a current-arc pointer per
// node. O(n^2 m) in general; O(m sqrt(n)) on unit-capacity bipartite
// networks, which matchings mostly are.
#pragma once

#include <cstdint>
#include <vector>

namespace aidmatch::solvers::detail {

// Arcs are (tail[a], head[a]) with capacity[a] >= 0, nodes 0 .. nodes - 1.
// Returns the value of a maximum flow from `source` to `sink`, and when
// `flow` is not null, one maximum flow per arc. Deterministic: arcs are
// tried in index order.
std::int64_t max_flow(std::int32_t nodes, const std::vector<std::int32_t>& tail,
                      const std::vector<std::int32_t>& head,
                      const std::vector<std::int64_t>& capacity,
                      std::int32_t source, std::int32_t sink,
                      std::vector<std::int64_t>* flow = nullptr);

}  // namespace aidmatch::solvers::detail
