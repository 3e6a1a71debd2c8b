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

// Limits of the reader.
//
// A node that some line mentions takes at least one byte of the text, so a
// node count above the text's size declares nodes that no line mentions:
// isolated nodes with supply 0. The reader accepts up to
// `isolated_node_allowance` nodes beyond one per byte of the text, so that
// the memory it allocates from the problem line stays proportional to the
// file (9 bytes per node) plus a fixed amount. A negative allowance counts
// as 0.
struct DimacsOptions {
  std::int64_t isolated_node_allowance = std::int64_t{1} << 20;
};

// Parses a "p min" problem. Throws InputError naming `name` and the line.
// The errors are a missing or repeated problem line, an unknown line type,
// a field that is not an integer, a node count beyond the text's size plus
// the allowance of `options`, a node id out of range, a node listed twice,
// and an arc count that differs from the problem line.
DimacsMinCostFlow parse_dimacs_min(std::string_view text, std::string_view name,
                                   const DimacsOptions& options = {});

// Receives a "p min" problem as it is read, so that a caller can build its
// own structure without holding a second copy of the arcs. on_problem comes
// first and once; on_supply and on_arc follow in file order, with 0-based
// node ids already checked against the node count.
class DimacsHandler {
 public:
  virtual ~DimacsHandler() = default;
  virtual void on_problem(std::int32_t nodes, std::int64_t arcs) = 0;
  virtual void on_supply(std::int32_t node, std::int64_t supply) = 0;
  virtual void on_arc(const DimacsArc& arc) = 0;
};

// Reads like parse_dimacs_min and throws the same errors, passing each
// record to `handler`. After an error the handler may have seen part of
// the file.
void read_dimacs_min(std::string_view text, std::string_view name,
                     DimacsHandler& handler, const DimacsOptions& options = {});

}  // namespace aidmatch::io
