// Outgoing-arc lists in compressed sparse row form, shared by the flow
// solvers.
#pragma once

#include <cstdint>
#include <vector>

namespace aidmatch::solvers::detail {

// Fills first_out (nodes + 1 offsets) and out_arcs so that the arcs leaving
// node v are out_arcs[first_out[v] .. first_out[v + 1]), in index order.
// `tail` gives each arc's tail node, all in 0 .. nodes - 1.
inline void build_adjacency(std::int32_t nodes,
                            const std::vector<std::int32_t>& tail,
                            std::vector<std::int32_t>& first_out,
                            std::vector<std::int32_t>& out_arcs) {
  first_out.assign(static_cast<std::size_t>(nodes) + 1, 0);
  for (std::int32_t t : tail) ++first_out[static_cast<std::size_t>(t) + 1];
  for (std::size_t v = 0; v < static_cast<std::size_t>(nodes); ++v) {
    first_out[v + 1] += first_out[v];
  }

  out_arcs.resize(tail.size());
  std::vector<std::int32_t> fill(first_out.begin(), first_out.end() - 1);
  for (std::size_t a = 0; a < tail.size(); ++a) {
    out_arcs[static_cast<std::size_t>(fill[tail[a]]++)] =
        static_cast<std::int32_t>(a);
  }
}

}  // namespace aidmatch::solvers::detail
