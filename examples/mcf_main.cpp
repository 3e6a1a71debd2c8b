// aidmatch-mcf: solves a DIMACS minimum-cost flow file ("p min") and prints
// the DIMACS solution line "s COST", or "s INFEASIBLE" or "s UNBOUNDED".
// With --flows it also prints "f TAIL HEAD FLOW" for every arc with flow.
//
// Exit status: 0 when the file was solved (also when it is infeasible),
// 1 on a malformed or unreadable file, 2 on a usage error.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <new>

#include "aidmatch/aidmatch.hpp"

namespace {

// Fills a FlowNetwork straight from the reader, so that the arcs are held
// once while the file is read.
class NetworkBuilder final : public aidmatch::io::DimacsHandler {
 public:
  NetworkBuilder(aidmatch::solvers::FlowNetwork& network, std::size_t bytes)
      : network_(network), bytes_(bytes) {}

  void on_problem(std::int32_t nodes, std::int64_t arcs) override {
    network_.nodes = nodes;
    network_.supply.assign(static_cast<std::size_t>(nodes), 0);
    // An arc line takes at least 12 bytes ("a 1 1 0 0 0" and a newline), so
    // a false arc count reserves no more than the file could hold.
    const auto reserved = static_cast<std::size_t>(
        std::min<std::int64_t>(arcs, static_cast<std::int64_t>(bytes_ / 12)));
    network_.tail.reserve(reserved);
    network_.head.reserve(reserved);
    network_.lower.reserve(reserved);
    network_.upper.reserve(reserved);
    network_.cost.reserve(reserved);
  }
  void on_supply(std::int32_t node, std::int64_t supply) override {
    network_.supply[static_cast<std::size_t>(node)] = supply;
  }
  void on_arc(const aidmatch::io::DimacsArc& arc) override {
    network_.add_arc(arc.tail, arc.head, arc.lower, arc.upper, arc.cost);
  }

 private:
  aidmatch::solvers::FlowNetwork& network_;
  std::size_t bytes_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Solve a DIMACS minimum-cost flow problem.", "aidmatch-mcf"};
  std::string path;
  bool print_flows = false;
  aidmatch::io::DimacsOptions read_options;
  app.add_option("FILE", path, "DIMACS file with a \"p min\" problem")
      ->required();
  app.add_flag("--flows", print_flows,
               "Also print \"f TAIL HEAD FLOW\" for each arc with flow");
  app.add_option("--isolated-nodes", read_options.isolated_node_allowance,
                 "Nodes the problem line may declare beyond one per byte of "
                 "the file, for networks with many nodes that no line "
                 "mentions")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{0},
                         std::int64_t{std::numeric_limits<std::int32_t>::max()}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "aidmatch-mcf: usage error: " << e.what()
              << "\nRun with --help for the options.\n";
    return 2;
  }

  try {
    const auto start = std::chrono::steady_clock::now();
    aidmatch::solvers::FlowNetwork network;
    {
      const std::string text = aidmatch::io::read_text_file(path);
      NetworkBuilder builder(network, text.size());
      aidmatch::io::read_dimacs_min(text, path, builder, read_options);
    }
    const auto solve_start = std::chrono::steady_clock::now();
    const aidmatch::solvers::FlowSolution solution =
        aidmatch::solvers::solve_min_cost_flow(network);
    const auto end = std::chrono::steady_clock::now();
    const double read_seconds =
        std::chrono::duration<double>(solve_start - start).count();
    const double solve_seconds =
        std::chrono::duration<double>(end - solve_start).count();

    switch (solution.status) {
      case aidmatch::solvers::FlowStatus::kOptimal:
        std::cout << "s " << solution.cost << "\n";
        break;
      case aidmatch::solvers::FlowStatus::kInfeasible:
        std::cout << "s INFEASIBLE\n";
        break;
      case aidmatch::solvers::FlowStatus::kUnbounded:
        std::cout << "s UNBOUNDED\n";
        break;
      default:
        std::cerr << "aidmatch-mcf: " << path << ": the optimal cost does not "
                  << "fit in a 64-bit integer\n";
        return 1;
    }
    if (print_flows && solution.status == aidmatch::solvers::FlowStatus::kOptimal) {
      for (std::size_t a = 0; a < network.tail.size(); ++a) {
        if (solution.flow[a] == 0) continue;
        std::cout << "f " << network.tail[a] + 1 << " " << network.head[a] + 1
                  << " " << solution.flow[a] << "\n";
      }
    }
    char timing[64];
    std::snprintf(timing, sizeof timing, "read %.3f s, solved %.3f s",
                  read_seconds, solve_seconds);
    std::cerr << "aidmatch-mcf: " << network.nodes << " nodes, "
              << network.tail.size() << " arcs, "
              << aidmatch::solvers::to_string(solution.status) << "; "
              << timing << "\n";
  } catch (const aidmatch::InputError& e) {
    std::cerr << "aidmatch-mcf: invalid input: " << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << "aidmatch-mcf: invalid input: " << path << ": " << e.what()
              << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "aidmatch-mcf: error: " << path << ": out of memory; the "
              << "network needs more memory than this process may use\n";
    return 1;
  }
  return 0;
}
