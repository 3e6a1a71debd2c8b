// Fuzzes io::parse_dimacs_min, and solves each small problem it accepts
// with solvers::solve_min_cost_flow by both methods.
//
// Input: the DIMACS text. Documented errors: InputError from the parser,
// std::invalid_argument from the solver (magnitudes that could overflow),
// std::overflow_error from FlowMethod::kAugmentingPath. Anything else is a
// finding. So is a solution that breaks an arc bound or flow conservation,
// or a cost that does not match the flow. Two methods that disagree on the
// status or the optimal cost are a finding too, because the header of
// solve_min_cost_flow states that they agree.
#include <optional>
#include <string_view>
#include <vector>

#include "aidmatch/aidmatch.hpp"
#include "aidmatch/detail/int128.hpp"
#include "harness.hpp"

using namespace aidmatch;
using aidmatch::detail::Int128;

namespace {

// Problems up to this size are solved; larger ones are only parsed.
constexpr std::int64_t kMaxSolvedNodes = 200;
constexpr std::int64_t kMaxSolvedArcs = 2000;

solvers::FlowNetwork to_network(const io::DimacsMinCostFlow& problem) {
  solvers::FlowNetwork network;
  network.nodes = problem.nodes;
  network.supply = problem.supply;
  for (const io::DimacsArc& arc : problem.arcs) {
    network.add_arc(arc.tail, arc.head, arc.lower, arc.upper, arc.cost);
  }
  return network;
}

void check_solution(const solvers::FlowNetwork& network,
                    const solvers::FlowSolution& solution) {
  if (solution.status != solvers::FlowStatus::kOptimal &&
      solution.status != solvers::FlowStatus::kCostOverflow) {
    return;
  }
  if (solution.flow.size() != network.tail.size()) {
    fuzz::fail("an optimal solution has no flow for some arc");
  }
  std::vector<Int128> net_outflow(static_cast<std::size_t>(network.nodes), 0);
  Int128 cost = 0;
  for (std::size_t a = 0; a < network.tail.size(); ++a) {
    const std::int64_t flow = solution.flow[a];
    if (flow < network.lower[a] || flow > network.upper[a]) {
      fuzz::fail("an arc's flow is outside its bounds");
    }
    net_outflow[static_cast<std::size_t>(network.tail[a])] += flow;
    net_outflow[static_cast<std::size_t>(network.head[a])] -= flow;
    cost += Int128{flow} * network.cost[a];
  }
  for (std::size_t v = 0; v < net_outflow.size(); ++v) {
    if (net_outflow[v] != network.supply[v]) {
      fuzz::fail("flow conservation is violated at a node");
    }
  }
  if (solution.status == solvers::FlowStatus::kOptimal &&
      cost != solution.cost) {
    fuzz::fail("the reported cost differs from the flow's cost");
  }
}

// Solves the network by `method`, or returns nullopt when the solver throws
// one of its documented errors.
std::optional<solvers::FlowSolution> solve(
    const solvers::FlowNetwork& network, solvers::FlowMethod method) {
  try {
    return solvers::solve_min_cost_flow(network, {method});
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  } catch (const std::overflow_error&) {
    if (method != solvers::FlowMethod::kAugmentingPath) throw;
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  io::DimacsMinCostFlow problem;
  try {
    problem = io::parse_dimacs_min(text, "fuzz.min");
  } catch (const InputError&) {
    return 0;
  }
  if (problem.nodes > kMaxSolvedNodes ||
      static_cast<std::int64_t>(problem.arcs.size()) > kMaxSolvedArcs) {
    return 0;
  }
  const solvers::FlowNetwork network = to_network(problem);
  const auto simplex = solve(network, solvers::FlowMethod::kNetworkSimplex);
  const auto paths = solve(network, solvers::FlowMethod::kAugmentingPath);
  if (simplex) check_solution(network, *simplex);
  if (paths) check_solution(network, *paths);
  if (simplex && paths) {
    if (simplex->status != paths->status) {
      fuzz::fail("the two methods return different statuses");
    }
    if (simplex->status == solvers::FlowStatus::kOptimal &&
        simplex->cost != paths->cost) {
      fuzz::fail("the two methods return different optimal costs");
    }
  }
  return 0;
}
