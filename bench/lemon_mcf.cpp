// lemon-mcf: solves a DIMACS minimum-cost flow file ("p min") with LEMON's
// NetworkSimplex (default pivot rule, block search in LEMON 1.3.1) and
// prints "s COST", "s INFEASIBLE" or "s UNBOUNDED", like aidmatch-mcf. It is
// the LEMON peer in scripts/bench_mcf.py, which times the whole process.
//
// The reader takes the format that aidmatch-mcf reads: "c" comments, one
// "p min NODES ARCS" line, then "n ID SUPPLY" and "a TAIL HEAD LOW CAP COST"
// lines with 1-based node ids and 64-bit integers. It rejects an arc whose
// capacity is below its lower bound (LEMON's own readDimacsMin would make that
// arc uncapacitated instead).
//
// Exit status: 0 when the file was solved (also when it is infeasible),
// 1 on an unreadable or malformed file, 2 on a usage error.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using Graph = lemon::SmartDigraph;
using Simplex = lemon::NetworkSimplex<Graph, long long, long long>;

// A "p min" problem as read from the file, with 0-based node ids.
struct Problem {
  int nodes = 0;
  std::vector<long long> supply;
  std::vector<int> tail;
  std::vector<int> head;
  std::vector<long long> lower;
  std::vector<long long> upper;
  std::vector<long long> cost;
  bool has_lower = false;
};

// An unreadable or malformed file. The message starts with the file name.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw InputError(path + ": cannot open: " + std::strerror(errno));
  }
  std::string text;
  char buffer[1 << 16];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    text.append(buffer, count);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) throw InputError(path + ": read failed");
  return text;
}

// Reads one DIMACS "p min" file line by line, splitting each line into
// fields separated by spaces or tabs.
class DimacsReader {
 public:
  DimacsReader(std::string_view text, std::string name)
      : text_(text), name_(std::move(name)) {}

  Problem read() {
    std::size_t start = 0;
    while (start < text_.size()) {
      std::size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) end = text_.size();
      line_ = text_.substr(start, end - start);
      if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
      start = end + 1;
      ++line_number_;
      position_ = 0;
      parse_line();
    }
    if (!seen_problem_) {
      throw InputError(name_ + ": no problem line \"p min NODES ARCS\"");
    }
    if (static_cast<long long>(problem_.tail.size()) != declared_arcs_) {
      throw InputError(name_ + ": the problem line declares " +
                       std::to_string(declared_arcs_) + " arcs but " +
                       std::to_string(problem_.tail.size()) + " are listed");
    }
    return std::move(problem_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(name_ + ":" + std::to_string(line_number_) + ": " +
                     message);
  }

  // Returns the next field of the current line, or an empty view at its end.
  std::string_view next_field() {
    while (position_ < line_.size() &&
           (line_[position_] == ' ' || line_[position_] == '\t')) {
      ++position_;
    }
    const std::size_t start = position_;
    while (position_ < line_.size() && line_[position_] != ' ' &&
           line_[position_] != '\t') {
      ++position_;
    }
    return line_.substr(start, position_ - start);
  }

  long long integer(const char* field_name, const char* form) {
    const std::string_view field = next_field();
    if (field.empty()) {
      fail(std::string("missing ") + field_name + " in \"" + form + "\"");
    }
    long long value = 0;
    const auto [end, error] =
        std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc() || end != field.data() + field.size()) {
      fail(std::string(field_name) + " \"" + std::string(field) +
           "\" is not a 64-bit integer");
    }
    return value;
  }

  int node(const char* field_name, const char* form) {
    const long long id = integer(field_name, form);
    if (id < 1 || id > problem_.nodes) {
      fail(std::string(field_name) + " " + std::to_string(id) +
           " is outside 1.." +
           std::to_string(problem_.nodes));
    }
    return static_cast<int>(id - 1);
  }

  void expect_end(const char* form) {
    if (!next_field().empty()) {
      fail(std::string("extra fields after \"") + form + "\"");
    }
  }

  void require_problem() const {
    if (!seen_problem_) fail("a node or arc line before the problem line");
  }

  void parse_line() {
    const std::string_view kind = next_field();
    if (kind.empty() || kind == "c") return;
    if (kind == "p") {
      parse_problem();
    } else if (kind == "n") {
      parse_node();
    } else if (kind == "a") {
      parse_arc();
    } else {
      fail("unknown line type \"" + std::string(kind) +
           "\" (expected c, p, n or a)");
    }
  }

  void parse_problem() {
    static constexpr const char* kForm = "p min NODES ARCS";
    if (seen_problem_) fail("a second problem line");
    const std::string_view type = next_field();
    if (type != "min") {
      fail("problem type \"" + std::string(type) +
           "\" is not supported (expected min)");
    }
    const long long nodes = integer("node count", kForm);
    const long long arcs = integer("arc count", kForm);
    expect_end(kForm);

    // SmartDigraph numbers nodes and arcs with int.
    const long long max_count = std::numeric_limits<int>::max();
    if (nodes < 0 || nodes > max_count || arcs < 0 || arcs > max_count) {
      fail("node count " + std::to_string(nodes) + " or arc count " +
           std::to_string(arcs) + " is outside 0.." +
           std::to_string(max_count));
    }
    problem_.nodes = static_cast<int>(nodes);
    problem_.supply.assign(static_cast<std::size_t>(nodes), 0);
    listed_.assign(static_cast<std::size_t>(nodes), false);
    declared_arcs_ = arcs;

    // The shortest arc line, "a 1 1 0 0 0", has 12 bytes with its newline,
    // so a false arc count in a small file cannot reserve much memory.
    const auto reserved = static_cast<std::size_t>(
        std::min<long long>(arcs, static_cast<long long>(text_.size() / 12)));
    problem_.tail.reserve(reserved);
    problem_.head.reserve(reserved);
    problem_.lower.reserve(reserved);
    problem_.upper.reserve(reserved);
    problem_.cost.reserve(reserved);
    seen_problem_ = true;
  }

  void parse_node() {
    static constexpr const char* kForm = "n ID SUPPLY";
    require_problem();
    const int id = node("node id", kForm);
    const long long supply = integer("supply", kForm);
    expect_end(kForm);
    if (listed_[id]) {
      fail("node " + std::to_string(id + 1) + " is listed twice");
    }
    listed_[id] = true;
    problem_.supply[id] = supply;
  }

  void parse_arc() {
    static constexpr const char* kForm = "a TAIL HEAD LOW CAP COST";
    require_problem();
    if (static_cast<long long>(problem_.tail.size()) >= declared_arcs_) {
      fail("more arcs than the " + std::to_string(declared_arcs_) +
           " that the problem line declares");
    }
    const int tail = node("tail", kForm);
    const int head = node("head", kForm);
    const long long lower = integer("lower bound", kForm);
    const long long upper = integer("capacity", kForm);
    const long long cost = integer("cost", kForm);
    expect_end(kForm);
    if (upper < lower) {
      fail("capacity " + std::to_string(upper) + " is below the lower bound " +
           std::to_string(lower));
    }
    problem_.tail.push_back(tail);
    problem_.head.push_back(head);
    problem_.lower.push_back(lower);
    problem_.upper.push_back(upper);
    problem_.cost.push_back(cost);
    if (lower != 0) problem_.has_lower = true;
  }

  std::string_view text_;
  std::string name_;
  std::string_view line_;
  std::size_t line_number_ = 0;
  std::size_t position_ = 0;
  bool seen_problem_ = false;
  long long declared_arcs_ = 0;
  std::vector<bool> listed_;
  Problem problem_;
};

// A LEMON read map over a vector indexed by SmartDigraph item ids, which run
// from 0 in the order the items were added. NetworkSimplex copies each map
// when it is set, so the vectors can be freed before run().
template <typename Item>
class VectorReadMap {
 public:
  using Key = Item;
  using Value = long long;

  explicit VectorReadMap(const std::vector<long long>& values)
      : values_(values) {}
  Value operator[](const Key& item) const { return values_[Graph::id(item)]; }

 private:
  const std::vector<long long>& values_;
};

template <typename T>
void release(std::vector<T>& values) {
  std::vector<T>().swap(values);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

int solve(const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  Problem problem;
  {
    const std::string text = read_file(path);
    problem = DimacsReader(text, path).read();
  }
  const double read_seconds = seconds_since(start);

  Graph graph;
  graph.reserveNode(problem.nodes);
  graph.reserveArc(static_cast<int>(problem.tail.size()));
  std::vector<Graph::Node> nodes;
  nodes.reserve(static_cast<std::size_t>(problem.nodes));
  for (int i = 0; i < problem.nodes; ++i) nodes.push_back(graph.addNode());
  for (std::size_t a = 0; a < problem.tail.size(); ++a) {
    graph.addArc(nodes[problem.tail[a]], nodes[problem.head[a]]);
  }
  release(nodes);
  release(problem.tail);
  release(problem.head);

  Simplex simplex(graph);
  if (problem.has_lower) {
    simplex.lowerMap(VectorReadMap<Graph::Arc>(problem.lower));
  }
  simplex.upperMap(VectorReadMap<Graph::Arc>(problem.upper));
  simplex.costMap(VectorReadMap<Graph::Arc>(problem.cost));
  simplex.supplyMap(VectorReadMap<Graph::Node>(problem.supply));
  release(problem.lower);
  release(problem.upper);
  release(problem.cost);
  release(problem.supply);

  const auto solve_start = std::chrono::steady_clock::now();
  const Simplex::ProblemType status = simplex.run();
  const double solve_seconds = seconds_since(solve_start);

  const char* status_name = "OPTIMAL";
  switch (status) {
    case Simplex::OPTIMAL:
      std::cout << "s " << simplex.totalCost() << "\n";
      break;
    case Simplex::INFEASIBLE:
      status_name = "INFEASIBLE";
      std::cout << "s INFEASIBLE\n";
      break;
    case Simplex::UNBOUNDED:
      status_name = "UNBOUNDED";
      std::cout << "s UNBOUNDED\n";
      break;
  }
  std::cerr << "lemon-mcf: " << graph.nodeNum() << " nodes, "
            << graph.arcNum() << " arcs, " << status_name << ", read "
            << read_seconds << " s, network simplex " << solve_seconds
            << " s, total " << seconds_since(start) << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: lemon-mcf FILE\n"
      "Solve the DIMACS \"p min\" problem in FILE with LEMON's "
      "NetworkSimplex.\n";
  if (argc == 2 && (std::string_view(argv[1]) == "-h" ||
                    std::string_view(argv[1]) == "--help")) {
    std::cout << usage;
    return 0;
  }
  if (argc != 2) {
    std::cerr << "lemon-mcf: expected one FILE argument, got " << argc - 1
              << "\n"
              << usage;
    return 2;
  }
  try {
    return solve(argv[1]);
  } catch (const InputError& e) {
    std::cerr << "lemon-mcf: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "lemon-mcf: " << argv[1] << ": out of memory\n";
    return 1;
  }
}
