// The DIMACS minimum-cost flow format ("p min"), as used by the DIMACS
// implementation challenge, LEMON and NETGEN.
//
//   c comment
//   p min NODES ARCS
//   n ID SUPPLY               (nodes not listed have supply 0)
//   a TAIL HEAD LOW CAP COST
//
// Nodes are numbered from 1 in the file and from 0 in the result.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace aidmatch::io {

struct DimacsArc {
  std::int32_t tail = 0;
  std::int32_t head = 0;
  std::int64_t lower = 0;
  std::int64_t upper = 0;
  std::int64_t cost = 0;
};

struct DimacsMinCostFlow {
  std::int32_t nodes = 0;
  std::vector<std::int64_t> supply;
  std::vector<DimacsArc> arcs;
};

// Parses a "p min" problem. Throws InputError naming `name` and the line.
// The errors are a missing or repeated problem line, an unknown line type,
// a field that is not an integer, a node id out of range, a node listed
// twice, and an arc count that differs from the problem line.
DimacsMinCostFlow parse_dimacs_min(std::string_view text, std::string_view name);

}  // namespace aidmatch::io
