// DIMACS minimum-cost flow parser.
#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/dimacs.hpp"

namespace aidmatch::io {

namespace {

// Splits a line into fields separated by spaces or tabs.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

class DimacsReader {
 public:
  explicit DimacsReader(std::string_view name) : name_(name) {}

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(name_ + ":" + std::to_string(line_) + ": " + problem);
  }

  std::int64_t integer(std::string_view field, const char* what) const {
    std::int64_t value = 0;
    const auto [end, error] =
        std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc() || end != field.data() + field.size()) {
      fail(std::string(what) + " \"" + std::string(field) +
           "\" is not a 64-bit integer");
    }
    return value;
  }

  std::int32_t node(std::string_view field, const char* what) const {
    const std::int64_t id = integer(field, what);
    if (id < 1 || id > result_.nodes) {
      fail(std::string(what) + " " + std::string(field) +
           " is outside 1.." + std::to_string(result_.nodes));
    }
    return static_cast<std::int32_t>(id - 1);
  }

  void expect_fields(const std::vector<std::string_view>& fields,
                     std::size_t count, const char* form) const {
    if (fields.size() != count) {
      fail("expected \"" + std::string(form) + "\", found " +
           std::to_string(fields.size()) + " fields");
    }
  }

  void problem_line(const std::vector<std::string_view>& fields) {
    if (seen_problem_) fail("a second problem line");
    expect_fields(fields, 4, "p min NODES ARCS");
    if (fields[1] != "min") {
      fail("problem type \"" + std::string(fields[1]) +
           "\" is not supported; expected min");
    }
    const std::int64_t nodes = integer(fields[2], "node count");
    const std::int64_t arcs = integer(fields[3], "arc count");
    if (nodes < 0 || nodes > std::numeric_limits<std::int32_t>::max() - 2 ||
        arcs < 0 || arcs > std::numeric_limits<std::int32_t>::max()) {
      fail("node count " + std::to_string(nodes) + " or arc count " +
           std::to_string(arcs) + " is outside 0..2^31-3");
    }
    result_.nodes = static_cast<std::int32_t>(nodes);
    result_.supply.assign(static_cast<std::size_t>(nodes), 0);
    listed_.assign(static_cast<std::size_t>(nodes), 0);
    declared_arcs_ = arcs;
    // Reserve only what a file of this size could hold.
    result_.arcs.reserve(static_cast<std::size_t>(std::min<std::int64_t>(arcs, 1 << 20)));
    seen_problem_ = true;
  }

  void node_line(const std::vector<std::string_view>& fields) {
    require_problem();
    expect_fields(fields, 3, "n ID SUPPLY");
    const std::int32_t id = node(fields[1], "node id");
    if (listed_[id]) fail("node " + std::string(fields[1]) + " is listed twice");
    listed_[id] = 1;
    result_.supply[id] = integer(fields[2], "supply");
  }

  void arc_line(const std::vector<std::string_view>& fields) {
    require_problem();
    expect_fields(fields, 6, "a TAIL HEAD LOW CAP COST");
    if (static_cast<std::int64_t>(result_.arcs.size()) >= declared_arcs_) {
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
    result_.arcs.push_back(arc);
  }

  DimacsMinCostFlow read(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      ++line_;
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      start = end + 1;
      const auto fields = fields_of(line);
      if (fields.empty() || fields[0] == "c") continue;
      if (fields[0] == "p") {
        problem_line(fields);
      } else if (fields[0] == "n") {
        node_line(fields);
      } else if (fields[0] == "a") {
        arc_line(fields);
      } else {
        fail("unknown line type \"" + std::string(fields[0]) +
             "\"; expected c, p, n or a");
      }
    }
    if (!seen_problem_) {
      throw InputError(name_ + ": no problem line \"p min NODES ARCS\"");
    }
    if (static_cast<std::int64_t>(result_.arcs.size()) != declared_arcs_) {
      throw InputError(name_ + ": the problem line declares " +
                       std::to_string(declared_arcs_) + " arcs but " +
                       std::to_string(result_.arcs.size()) + " are listed");
    }
    return std::move(result_);
  }

 private:
  void require_problem() const {
    if (!seen_problem_) fail("a node or arc line before the problem line");
  }

  std::string name_;
  std::size_t line_ = 0;
  bool seen_problem_ = false;
  std::int64_t declared_arcs_ = 0;
  std::vector<char> listed_;
  DimacsMinCostFlow result_;
};

}  // namespace

DimacsMinCostFlow parse_dimacs_min(std::string_view text,
                                   std::string_view name) {
  return DimacsReader(name).read(text);
}

}  // namespace aidmatch::io
