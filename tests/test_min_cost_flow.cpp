// The general minimum-cost flow: DIMACS instances with known optima,
// LEMON's network simplex as a peer on random networks, and the edge cases
// other solvers have got wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <map>
#include <random>
#include <sstream>

#include "aidmatch/aidmatch.hpp"
#include "test_support.hpp"

namespace aidmatch::solvers {
namespace {

using testing::DimacsCase;
using testing::dimacs_cases;

FlowNetwork network_from(const io::DimacsMinCostFlow& problem) {
  FlowNetwork network;
  for (std::int64_t supply : problem.supply) network.add_node(supply);
  for (const io::DimacsArc& arc : problem.arcs) {
    network.add_arc(arc.tail, arc.head, arc.lower, arc.upper, arc.cost);
  }
  return network;
}

// Checks bounds and flow conservation of a solution, and that its cost is
// the sum of flow times cost.
void expect_feasible(const FlowNetwork& network, const FlowSolution& solution) {
  ASSERT_EQ(solution.flow.size(), network.tail.size());
  std::vector<std::int64_t> net(static_cast<std::size_t>(network.nodes), 0);
  std::int64_t cost = 0;
  for (std::size_t a = 0; a < network.tail.size(); ++a) {
    EXPECT_GE(solution.flow[a], network.lower[a]) << "arc " << a;
    EXPECT_LE(solution.flow[a], network.upper[a]) << "arc " << a;
    net[network.tail[a]] += solution.flow[a];
    net[network.head[a]] -= solution.flow[a];
    cost += solution.flow[a] * network.cost[a];
  }
  for (std::int32_t v = 0; v < network.nodes; ++v) {
    EXPECT_EQ(net[v], network.supply[v]) << "node " << v;
  }
  EXPECT_EQ(cost, solution.cost);
}

TEST(MinCostFlowDimacs, KnownOptima) {
  const auto cases = dimacs_cases();
  if (cases.empty()) GTEST_SKIP() << "no shared DIMACS instances beside the checkout";
  ASSERT_EQ(cases.size(), 12u);
  for (const DimacsCase& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path = testing::source_path("../shared/data/dimacs-mcf/" + c.file);
    const FlowNetwork network =
        network_from(io::parse_dimacs_min(io::read_text_file(path), path));
    const FlowSolution solution = solve_min_cost_flow(network);
    if (c.status == "INFEASIBLE") {
      EXPECT_EQ(solution.status, FlowStatus::kInfeasible);
      continue;
    }
    ASSERT_EQ(solution.status, FlowStatus::kOptimal);
    EXPECT_EQ(solution.cost, std::stoll(c.optimum));
    expect_feasible(network, solution);
  }
}

// LEMON's network simplex on the same network, as an independent peer.
std::pair<FlowStatus, std::int64_t> lemon_optimum(const FlowNetwork& network) {
  using Graph = lemon::SmartDigraph;
  Graph graph;
  std::vector<Graph::Node> nodes;
  for (std::int32_t v = 0; v < network.nodes; ++v) nodes.push_back(graph.addNode());
  Graph::ArcMap<std::int64_t> lower(graph), upper(graph), cost(graph);
  Graph::NodeMap<std::int64_t> supply(graph);
  for (std::int32_t v = 0; v < network.nodes; ++v) supply[nodes[v]] = network.supply[v];
  for (std::size_t a = 0; a < network.tail.size(); ++a) {
    const Graph::Arc arc = graph.addArc(nodes[network.tail[a]], nodes[network.head[a]]);
    lower[arc] = network.lower[a];
    upper[arc] = network.upper[a];
    cost[arc] = network.cost[a];
  }
  lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(graph);
  simplex.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply);
  switch (simplex.run()) {
    case lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>::OPTIMAL:
      return {FlowStatus::kOptimal, simplex.totalCost<std::int64_t>()};
    case lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>::INFEASIBLE:
      return {FlowStatus::kInfeasible, 0};
    default:
      return {FlowStatus::kUnbounded, 0};
  }
}

TEST(MinCostFlow, AgreesWithLemonOnRandomNetworks) {
  std::mt19937_64 rng(2024);
  std::uniform_int_distribution<int> supply(-6, 6);
  std::uniform_int_distribution<std::int64_t> cost(-20, 40);
  std::uniform_int_distribution<std::int64_t> lower(-2, 2);
  std::uniform_int_distribution<std::int64_t> width(0, 8);
  int infeasible = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 2 + trial % 9;
    std::uniform_int_distribution<int> node(0, n - 1);
    FlowNetwork network;
    std::int64_t balance = 0;
    for (int v = 0; v < n - 1; ++v) {
      const int s = supply(rng);
      network.add_node(s);
      balance += s;
    }
    network.add_node(-balance);
    for (int a = 0; a < 3 * n; ++a) {
      const int u = node(rng);
      const int v = node(rng);
      if (u == v) continue;
      const std::int64_t low = trial % 3 == 0 ? lower(rng) : 0;
      network.add_arc(u, v, low, low + width(rng), cost(rng));
    }
    const FlowSolution ours = solve_min_cost_flow(network);
    const auto [status, optimum] = lemon_optimum(network);
    ASSERT_EQ(ours.status, status) << "trial " << trial;
    if (status == FlowStatus::kInfeasible) {
      ++infeasible;
      continue;
    }
    EXPECT_EQ(ours.cost, optimum) << "trial " << trial;
    expect_feasible(network, ours);
  }
  // The generator must exercise both outcomes.
  EXPECT_GT(infeasible, 10);
  EXPECT_LT(infeasible, 190);
}

TEST(MinCostFlow, NegativeCycleOfUnlimitedArcsIsUnbounded) {
  FlowNetwork network;
  for (int v = 0; v < 3; ++v) network.add_node(0);
  network.add_arc(0, 1, 0, FlowNetwork::kUnlimited, 1);
  network.add_arc(1, 2, 0, FlowNetwork::kUnlimited, 1);
  network.add_arc(2, 0, 0, FlowNetwork::kUnlimited, -5);
  EXPECT_EQ(solve_min_cost_flow(network).status, FlowStatus::kUnbounded);
}

TEST(MinCostFlow, NegativeCycleWithFiniteArcIsBounded) {
  // The same cycle with one capacity of 5: the optimum sends 5 around it,
  // costing 5 * (1 + 1 - 5) = -15.
  FlowNetwork network;
  for (int v = 0; v < 3; ++v) network.add_node(0);
  network.add_arc(0, 1, 0, FlowNetwork::kUnlimited, 1);
  network.add_arc(1, 2, 0, 5, 1);
  network.add_arc(2, 0, 0, FlowNetwork::kUnlimited, -5);
  const FlowSolution solution = solve_min_cost_flow(network);
  ASSERT_EQ(solution.status, FlowStatus::kOptimal);
  EXPECT_EQ(solution.cost, -15);
  expect_feasible(network, solution);
}

TEST(MinCostFlow, UnlimitedArcIsNotUnbounded) {
  // A supply of 7 over an unlimited arc of positive cost: 7 * 3 = 21.
  FlowNetwork network;
  network.add_node(7);
  network.add_node(-7);
  network.add_arc(0, 1, 0, FlowNetwork::kUnlimited, 3);
  const FlowSolution solution = solve_min_cost_flow(network);
  ASSERT_EQ(solution.status, FlowStatus::kOptimal);
  EXPECT_EQ(solution.cost, 21);
  EXPECT_EQ(solution.flow[0], 7);
}

TEST(MinCostFlow, UnbalancedSuppliesAreInfeasible) {
  FlowNetwork network;
  network.add_node(5);
  network.add_node(-4);
  network.add_arc(0, 1, 0, 10, 1);
  EXPECT_EQ(solve_min_cost_flow(network).status, FlowStatus::kInfeasible);
}

TEST(MinCostFlow, LowerBoundAboveCapacityIsMisuse) {
  FlowNetwork network;
  network.add_node(0);
  network.add_node(0);
  network.add_arc(0, 1, 3, 2, 1);
  try {
    solve_min_cost_flow(network);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "arc 0 has upper bound 2 below its lower bound 3");
  }
}

TEST(MinCostFlow, HugeCostIsRejected) {
  FlowNetwork network;
  network.add_node(1);
  network.add_node(-1);
  network.add_arc(0, 1, 0, 1, std::int64_t{1} << 61);
  EXPECT_THROW(solve_min_cost_flow(network), std::invalid_argument);
}

TEST(MinCostFlow, TotalBeyondInt64IsReported) {
  // 17 units at cost 2^59 each total 17 * 2^59 > 2^63.
  FlowNetwork network;
  network.add_node(17);
  network.add_node(-17);
  network.add_arc(0, 1, 0, 17, std::int64_t{1} << 59);
  EXPECT_EQ(solve_min_cost_flow(network).status, FlowStatus::kCostOverflow);
}

TEST(MinCostFlow, NetworkBeyondSizeLimitIsRejected) {
  FlowNetwork network;
  network.nodes = static_cast<std::int32_t>(kMaxFlowElements + 1);
  try {
    solve_min_cost_flow(network);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "the network has 1073741821 nodes and 0 arcs; the solvers "
                 "accept at most 1073741820 nodes and arcs together; split "
                 "the problem");
  }
}

TEST(MinCostFlow, MatchingBeyondSizeLimitIsRejected) {
  CapacitatedMatchingProblem problem;
  problem.rows = 1 << 29;
  problem.columns = 1;
  try {
    solve_capacitated_matching(problem);
    ADD_FAILURE() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "the matching has 536870912 rows, 1 columns and 0 arcs; its "
                 "network would exceed 1073741820 nodes and arcs; split the "
                 "batch");
  }
}

std::string dimacs_error(const std::string& text) {
  try {
    io::parse_dimacs_min(text, "t.min");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

TEST(Dimacs, ErrorsNameTheLine) {
  EXPECT_EQ(dimacs_error("c x\na 1 2 0 1 1\n"),
            "t.min:2: a node or arc line before the problem line");
  EXPECT_EQ(dimacs_error("p max 2 1\n"),
            "t.min:1: problem type \"max\" is not supported; expected min");
  EXPECT_EQ(dimacs_error("p min 2 1\na 1 3 0 1 1\n"),
            "t.min:2: head 3 is outside 1..2");
  EXPECT_EQ(dimacs_error("p min 2 1\na 1 2 0 x 1\n"),
            "t.min:2: capacity \"x\" is not a 64-bit integer");
  EXPECT_EQ(dimacs_error("p min 2 1\na 1 2 0 1\n"),
            "t.min:2: expected \"a TAIL HEAD LOW CAP COST\", found 5 fields");
  EXPECT_EQ(dimacs_error("p min 2 2\na 1 2 0 1 1\n"),
            "t.min: the problem line declares 2 arcs but 1 are listed");
  EXPECT_EQ(dimacs_error("p min 2 0\nn 1 1\nn 1 2\n"),
            "t.min:3: node 1 is listed twice");
  EXPECT_EQ(dimacs_error("p min 2 0\nx 1\n"),
            "t.min:2: unknown line type \"x\"; expected c, p, n or a");
  EXPECT_EQ(dimacs_error("c only comments\n"),
            "t.min: no problem line \"p min NODES ARCS\"");
  EXPECT_EQ(dimacs_error("p min 2 1\na 1 2 5 1 1\n"),
            "t.min:2: capacity 1 is below the lower bound 5");
  EXPECT_EQ(dimacs_error("p min 2 0\np min 2 0\n"), "t.min:2: a second problem line");
  EXPECT_EQ(dimacs_error("p min 2 1\na 1 2 0 1 1 9 9 9 9 9 9\n"),
            "t.min:2: expected \"a TAIL HEAD LOW CAP COST\", found 12 fields");
}

// Records what the reader passes on, in order.
class RecordingHandler final : public io::DimacsHandler {
 public:
  void on_problem(std::int32_t nodes, std::int64_t arcs) override {
    log += "p " + std::to_string(nodes) + " " + std::to_string(arcs) + ";";
  }
  void on_supply(std::int32_t node, std::int64_t supply) override {
    log += "n " + std::to_string(node) + " " + std::to_string(supply) + ";";
  }
  void on_arc(const io::DimacsArc& arc) override {
    log += "a " + std::to_string(arc.tail) + " " + std::to_string(arc.head) +
           " " + std::to_string(arc.lower) + " " + std::to_string(arc.upper) +
           " " + std::to_string(arc.cost) + ";";
  }
  std::string log;
};

TEST(Dimacs, HandlerSeesRecordsInFileOrder) {
  RecordingHandler handler;
  io::read_dimacs_min("p min 3 2\na 1 2 0 4 7\nn 3 -4\na\t2 3 -1 4 -2\n",
                      "t.min", handler);
  EXPECT_EQ(handler.log, "p 3 2;a 0 1 0 4 7;n 2 -4;a 1 2 -1 4 -2;");
}

TEST(Dimacs, ParsesSuppliesAndArcs) {
  const auto problem =
      io::parse_dimacs_min("c test\r\np min 3 2\nn 1 4\nn 3 -4\n"
                           "a 1 2 0 4 7\na 2 3 -1 4 -2\n",
                           "t.min");
  EXPECT_EQ(problem.nodes, 3);
  EXPECT_EQ(problem.supply, (std::vector<std::int64_t>{4, 0, -4}));
  ASSERT_EQ(problem.arcs.size(), 2u);
  EXPECT_EQ(problem.arcs[1].tail, 1);
  EXPECT_EQ(problem.arcs[1].lower, -1);
  EXPECT_EQ(problem.arcs[1].cost, -2);
}

}  // namespace
}  // namespace aidmatch::solvers
