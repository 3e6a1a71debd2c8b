// DIMACS minimum-cost flow parser.
#include <algorithm>
#include <array>
#include <cstring>
#include <charconv>
#include <limits>
#include <string>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/dimacs.hpp"

namespace aidmatch::io {

namespace {

// The fields of one line, separated by spaces or tabs. Only the first
// kStored are kept; `count` counts them all, so that a line with too many
// fields is still reported with its true count.
struct Fields {
  static constexpr std::size_t kStored = 7;
  std::array<std::string_view, kStored> field;
  std::size_t count = 0;

  std::string_view operator[](std::size_t i) const { return field[i]; }
  std::size_t size() const { return count; }
  bool empty() const { return count == 0; }
};

Fields fields_of(std::string_view line) {
  Fields fields;
  const char* p = line.data();
  const char* const end = p + line.size();
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    const char* start = p;
    while (p < end && *p != ' ' && *p != '\t') ++p;
    if (p > start) {
      if (fields.count < Fields::kStored) {
        fields.field[fields.count] =
            std::string_view(start, static_cast<std::size_t>(p - start));
      }
      ++fields.count;
    }
  }
  return fields;
}

class DimacsReader {
 public:
  DimacsReader(std::string_view name, DimacsHandler& handler,
               const DimacsOptions& options)
      : name_(name), handler_(handler), options_(options) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(name_ + ":" + std::to_string(line_) + ": " + problem);
  }

  std::int64_t integer(std::string_view field, const char* what) const {
    std::int64_t value = 0;
    const auto [end, error] =
        std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc() || end != field.data() + field.size()) {
      fail(std::string(what) + " \"" + message_excerpt(field) +
           "\" is not a 64-bit integer");
    }
    return value;
  }

  std::int32_t node(std::string_view field, const char* what) const {
    const std::int64_t id = integer(field, what);
    if (id < 1 || id > nodes_) {
      fail(std::string(what) + " " + message_excerpt(field) +
           " is outside 1.." + std::to_string(nodes_));
    }
    return static_cast<std::int32_t>(id - 1);
  }

  void expect_fields(const Fields& fields,
                     std::size_t count, const char* form) const {
    if (fields.size() != count) {
      fail("expected \"" + std::string(form) + "\", found " +
           std::to_string(fields.size()) + " fields");
    }
  }

  void problem_line(const Fields& fields) {
    if (seen_problem_) fail("a second problem line");
    expect_fields(fields, 4, "p min NODES ARCS");
    if (fields[1] != "min") {
      fail("problem type \"" + message_excerpt(fields[1]) +
           "\" is not supported; expected min");
    }
    const std::int64_t nodes = integer(fields[2], "node count");
    const std::int64_t arcs = integer(fields[3], "arc count");
    if (nodes < 0 || nodes > std::numeric_limits<std::int32_t>::max() - 2) {
      fail("node count " + std::to_string(nodes) + " is outside 0..2^31-3");
    }
    if (arcs < 0 || arcs > std::numeric_limits<std::int32_t>::max()) {
      fail("arc count " + std::to_string(arcs) + " is outside 0..2^31-1");
    }
    // Both terms are below 2^32 after clamping, so the sum cannot overflow.
    const std::int64_t allowance =
        std::clamp<std::int64_t>(options_.isolated_node_allowance, 0,
                                 std::numeric_limits<std::int32_t>::max());
    const std::int64_t describable =
        static_cast<std::int64_t>(std::min<std::size_t>(
            text_size_, std::numeric_limits<std::int32_t>::max())) +
        allowance;
    if (nodes > describable) {
      fail("the problem line declares " + std::to_string(nodes) +
           " nodes, more than one per byte of this " +
           std::to_string(text_size_) + "-byte text plus " +
           std::to_string(allowance) +
           " isolated nodes; correct the node count, or raise the allowance "
           "(DimacsOptions::isolated_node_allowance, aidmatch-mcf "
           "--isolated-nodes) for a network with many nodes that no line "
           "mentions");
    }
    nodes_ = static_cast<std::int32_t>(nodes);
    listed_.assign(static_cast<std::size_t>(nodes), 0);
    declared_arcs_ = arcs;
    seen_problem_ = true;
    handler_.on_problem(nodes_, arcs);
  }

  void node_line(const Fields& fields) {
    require_problem();
    expect_fields(fields, 3, "n ID SUPPLY");
    const std::int32_t id = node(fields[1], "node id");
    if (listed_[id]) fail("node " + message_excerpt(fields[1]) + " is listed twice");
    listed_[id] = 1;
    handler_.on_supply(id, integer(fields[2], "supply"));
  }

  void arc_line(const Fields& fields) {
    require_problem();
    expect_fields(fields, 6, "a TAIL HEAD LOW CAP COST");
    if (arcs_read_ >= declared_arcs_) {
      fail("more arcs than the " + std::to_string(declared_arcs_) +
           " the problem line declares");
    }
    DimacsArc arc;
    arc.tail = node(fields[1], "tail");
    arc.head = node(fields[2], "head");
    arc.lower = integer(fields[3], "lower bound");
    arc.upper = integer(fields[4], "capacity");
    arc.cost = integer(fields[5], "cost");
    if (arc.upper < arc.lower) {
      fail("capacity " + std::to_string(arc.upper) +
           " is below the lower bound " + std::to_string(arc.lower));
    }
    ++arcs_read_;
    handler_.on_arc(arc);
  }

  // The common arc line "a T H L U C" with single spaces and plain
  // decimal numbers, parsed in one pass. Returns false for anything else,
  // which then takes the general path and its error messages.
  bool fast_arc_line(std::string_view line) {
    if (!seen_problem_ || arcs_read_ >= declared_arcs_ || line.size() < 3 ||
        line[0] != 'a' || line[1] != ' ') {
      return false;
    }
    const char* p = line.data() + 2;
    const char* const end = line.data() + line.size();
    std::int64_t value[5];
    for (int k = 0; k < 5; ++k) {
      const auto [next, error] = std::from_chars(p, end, value[k]);
      if (error != std::errc() || next == p) return false;
      p = next;
      if (k < 4) {
        if (p == end || *p != ' ') return false;
        ++p;
      }
    }
    if (p != end) return false;

    if (value[0] < 1 || value[0] > nodes_ || value[1] < 1 ||
        value[1] > nodes_ || value[3] < value[2]) {
      return false;
    }
    DimacsArc arc;
    arc.tail = static_cast<std::int32_t>(value[0] - 1);
    arc.head = static_cast<std::int32_t>(value[1] - 1);
    arc.lower = value[2];
    arc.upper = value[3];
    arc.cost = value[4];
    ++arcs_read_;
    handler_.on_arc(arc);
    return true;
  }

  void read(std::string_view text) {
    text_size_ = text.size();
    // A UTF-8 byte order mark, as some editors write, is skipped.
    std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (start < text.size()) {
      ++line_;
      const void* newline =
          std::memchr(text.data() + start, '\n', text.size() - start);
      const std::size_t end =
          newline == nullptr
              ? text.size()
              : static_cast<std::size_t>(static_cast<const char*>(newline) -
                                         text.data());
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      start = end + 1;
      if (fast_arc_line(line)) continue;
      const auto fields = fields_of(line);
      if (fields.empty() || fields[0] == "c") continue;
      if (fields[0] == "p") {
        problem_line(fields);
      } else if (fields[0] == "n") {
        node_line(fields);
      } else if (fields[0] == "a") {
        arc_line(fields);
      } else {
        fail("unknown line type \"" + message_excerpt(fields[0]) +
             "\"; expected c, p, n or a");
      }
    }
    if (!seen_problem_) {
      throw InputError(name_ + ": no problem line \"p min NODES ARCS\"");
    }
    if (arcs_read_ != declared_arcs_) {
      throw InputError(name_ + ": the problem line declares " +
                       std::to_string(declared_arcs_) + " arcs but " +
                       std::to_string(arcs_read_) + " are listed");
    }
  }

 private:
  void require_problem() const {
    if (!seen_problem_) fail("a node or arc line before the problem line");
  }

  std::string name_;
  std::size_t text_size_ = 0;
  std::size_t line_ = 0;
  bool seen_problem_ = false;
  std::int64_t declared_arcs_ = 0;
  std::int32_t nodes_ = 0;
  std::int64_t arcs_read_ = 0;
  std::vector<char> listed_;
  DimacsHandler& handler_;
  DimacsOptions options_;
};

// Collects the problem into a DimacsMinCostFlow.
class Collector final : public DimacsHandler {
 public:
  void on_problem(std::int32_t nodes, std::int64_t arcs) override {
    result.nodes = nodes;
    result.supply.assign(static_cast<std::size_t>(nodes), 0);
    // Reserve only what a file of modest size could hold; a false arc
    // count must not allocate gigabytes up front.
    result.arcs.reserve(
        static_cast<std::size_t>(std::min<std::int64_t>(arcs, 1 << 20)));
  }
  void on_supply(std::int32_t node, std::int64_t supply) override {
    result.supply[static_cast<std::size_t>(node)] = supply;
  }
  void on_arc(const DimacsArc& arc) override { result.arcs.push_back(arc); }

  DimacsMinCostFlow result;
};

}  // namespace

DimacsMinCostFlow parse_dimacs_min(std::string_view text,
                                   std::string_view name,
                                   const DimacsOptions& options) {
  Collector collector;
  DimacsReader(name, collector, options).read(text);
  return std::move(collector.result);
}

void read_dimacs_min(std::string_view text, std::string_view name,
                     DimacsHandler& handler, const DimacsOptions& options) {
  DimacsReader(name, handler, options).read(text);
}

}  // namespace aidmatch::io
