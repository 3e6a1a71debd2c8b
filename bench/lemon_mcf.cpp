// lemon-mcf: solves a DIMACS minimum-cost flow file ("p min") with LEMON's
// NetworkSimplex (default pivot rule, block search in LEMON 1.3.1) and
// prints "s COST", "s INFEASIBLE" or "s UNBOUNDED", like aidmatch-mcf. It is
// the LEMON peer in scripts/bench_mcf.py, which times the whole process.
//
// It reads the file with aidmatch's DIMACS reader, so both programs spend
// the same time reading and reject the same malformed files. LEMON's own
// readDimacsMin would make an arc whose capacity is below its lower bound
// uncapacitated instead of rejecting it.
//
// Exit status: 0 when the file was solved (also when it is infeasible),
// 1 on an unreadable or malformed file, 2 on a usage error.
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include "aidmatch/core/error.hpp"
#include "aidmatch/io/dimacs.hpp"
#include "aidmatch/io/table.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
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

// Collects the problem from aidmatch's DIMACS reader, the same reader that
// aidmatch-mcf uses, so that the two programs differ only in the solver.
class Collector final : public aidmatch::io::DimacsHandler {
 public:
  explicit Collector(Problem& problem) : problem_(problem) {}

  void on_problem(std::int32_t nodes, std::int64_t arcs) override {
    problem_.nodes = nodes;
    problem_.supply.assign(static_cast<std::size_t>(nodes), 0);
    const auto reserved = static_cast<std::size_t>(std::min<std::int64_t>(
        arcs, std::int64_t{1} << 24));
    problem_.tail.reserve(reserved);
    problem_.head.reserve(reserved);
    problem_.lower.reserve(reserved);
    problem_.upper.reserve(reserved);
    problem_.cost.reserve(reserved);
  }
  void on_supply(std::int32_t node, std::int64_t supply) override {
    problem_.supply[static_cast<std::size_t>(node)] = supply;
  }
  void on_arc(const aidmatch::io::DimacsArc& arc) override {
    problem_.tail.push_back(arc.tail);
    problem_.head.push_back(arc.head);
    problem_.lower.push_back(arc.lower);
    problem_.upper.push_back(arc.upper);
    problem_.cost.push_back(arc.cost);
    if (arc.lower != 0) problem_.has_lower = true;
  }

 private:
  Problem& problem_;
};

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
    const std::string text = aidmatch::io::read_text_file(path);
    Collector collector(problem);
    aidmatch::io::read_dimacs_min(text, path, collector);
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
  } catch (const aidmatch::InputError& e) {
    std::cerr << "lemon-mcf: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "lemon-mcf: " << argv[1] << ": out of memory\n";
    return 1;
  }
}
