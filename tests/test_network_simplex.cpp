// The network simplex: cross-checks against the augmenting path method and
// brute force, DIMACS instances with known optima, its basis invariants
// after every pivot, the optimality certificate of its potentials, ties,
// degenerate networks and both widths of its number types.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/io/dimacs.hpp"
#include "aidmatch/io/table.hpp"
#include "aidmatch/solvers/detail/network_simplex.hpp"
#include "aidmatch/solvers/min_cost_flow.hpp"
#include "test_support.hpp"

namespace aidmatch::solvers {
namespace {

using testing::DimacsCase;
using testing::dimacs_cases;

using aidmatch::detail::Int128;
using detail::NetworkSimplex;
using detail::NetworkSimplexOptions;

constexpr FlowOptions kSimplex{FlowMethod::kNetworkSimplex};
constexpr FlowOptions kAugmenting{FlowMethod::kAugmentingPath};

// Checks bounds and flow conservation of an optimal solution, and that its
// cost is the sum of flow times cost.
void expect_feasible(const FlowNetwork& network, const FlowSolution& solution) {
  ASSERT_EQ(solution.flow.size(), network.tail.size());
  std::vector<Int128> net(static_cast<std::size_t>(network.nodes), 0);
  Int128 cost = 0;
  for (std::size_t a = 0; a < network.tail.size(); ++a) {
    EXPECT_GE(solution.flow[a], network.lower[a]) << "arc " << a;
    EXPECT_LE(solution.flow[a], network.upper[a]) << "arc " << a;
    net[network.tail[a]] += solution.flow[a];
    net[network.head[a]] -= solution.flow[a];
    cost += Int128{solution.flow[a]} * network.cost[a];
  }
  for (std::int32_t v = 0; v < network.nodes; ++v) {
    EXPECT_TRUE(net[v] == network.supply[v]) << "node " << v;
  }
  EXPECT_TRUE(cost == solution.cost) << "reported cost " << solution.cost;
}

// A random network with n nodes: supplies that sum to zero, arcs between
// random nodes (self loops and parallel arcs included), lower bounds that
// may be negative, negative costs, and some unlimited arcs.
FlowNetwork random_network(std::mt19937_64& rng, int n, int arcs,
                           bool lower_bounds, bool unlimited) {
  std::uniform_int_distribution<int> supply(-4, 4);
  std::uniform_int_distribution<std::int64_t> cost(-10, 30);
  std::uniform_int_distribution<std::int64_t> lower(-2, 2);
  std::uniform_int_distribution<std::int64_t> width(0, 8);
  std::uniform_int_distribution<int> node(0, n - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  FlowNetwork network;
  std::int64_t balance = 0;
  for (int v = 0; v < n - 1; ++v) {
    const int s = percent(rng) < 30 ? 0 : supply(rng);
    network.add_node(s);
    balance += s;
  }
  network.add_node(-balance);
  for (int a = 0; a < arcs; ++a) {
    const int u = node(rng);
    const int v = node(rng);
    const std::int64_t low = lower_bounds ? lower(rng) : 0;
    const std::int64_t high = unlimited && percent(rng) < 25
                                  ? FlowNetwork::kUnlimited
                                  : low + width(rng);
    network.add_arc(u, v, low, high, cost(rng));
  }
  return network;
}

TEST(NetworkSimplexFlow, AgreesWithAugmentingPaths) {
  std::mt19937_64 rng(7);
  int optimal = 0;
  int infeasible = 0;
  int unbounded = 0;
  for (int trial = 0; trial < 600; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const int n = 2 + trial % 11;
    const FlowNetwork network = random_network(
        rng, n, 2 * n + trial % (3 * n), trial % 2 == 0, trial % 3 != 0);
    const FlowSolution simplex = solve_min_cost_flow(network, kSimplex);
    const FlowSolution augmenting = solve_min_cost_flow(network, kAugmenting);
    ASSERT_EQ(to_string(simplex.status), to_string(augmenting.status));
    if (simplex.status == FlowStatus::kInfeasible) {
      ++infeasible;
    } else if (simplex.status == FlowStatus::kUnbounded) {
      ++unbounded;
    } else {
      ++optimal;
      ASSERT_EQ(simplex.status, FlowStatus::kOptimal);
      EXPECT_EQ(simplex.cost, augmenting.cost);
      expect_feasible(network, simplex);
    }
  }
  // The generator must exercise every outcome.
  EXPECT_GT(optimal, 150);
  EXPECT_GT(infeasible, 100);
  EXPECT_GT(unbounded, 30);
}

// The minimum cost over every integer flow within the bounds, by
// enumeration, or nothing when no flow meets the supplies.
std::optional<std::int64_t> brute_force_optimum(const FlowNetwork& network) {
  const std::size_t arcs = network.tail.size();
  std::vector<std::int64_t> flow(network.lower.begin(), network.lower.end());
  std::optional<std::int64_t> best;
  while (true) {
    std::vector<std::int64_t> net(static_cast<std::size_t>(network.nodes), 0);
    std::int64_t cost = 0;
    for (std::size_t a = 0; a < arcs; ++a) {
      net[network.tail[a]] += flow[a];
      net[network.head[a]] -= flow[a];
      cost += flow[a] * network.cost[a];
    }
    if (net == network.supply && (!best || cost < *best)) best = cost;
    std::size_t a = 0;
    while (a < arcs && flow[a] == network.upper[a]) {
      flow[a] = network.lower[a];
      ++a;
    }
    if (a == arcs) break;
    ++flow[a];
  }
  return best;
}

TEST(NetworkSimplexFlow, MatchesBruteForce) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> supply(-3, 3);
  std::uniform_int_distribution<std::int64_t> cost(-5, 9);
  std::uniform_int_distribution<std::int64_t> lower(-1, 1);
  std::uniform_int_distribution<std::int64_t> width(0, 3);
  int feasible = 0;
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const int n = 2 + trial % 3;
    std::uniform_int_distribution<int> node(0, n - 1);
    FlowNetwork network;
    std::int64_t balance = 0;
    for (int v = 0; v < n - 1; ++v) {
      const int s = supply(rng);
      network.add_node(s);
      balance += s;
    }
    network.add_node(-balance);
    for (int a = 0; a < 5; ++a) {
      const std::int64_t low = trial % 2 == 0 ? lower(rng) : 0;
      network.add_arc(node(rng), node(rng), low, low + width(rng), cost(rng));
    }
    const std::optional<std::int64_t> expected = brute_force_optimum(network);
    const FlowSolution solution = solve_min_cost_flow(network, kSimplex);
    if (!expected) {
      EXPECT_EQ(solution.status, FlowStatus::kInfeasible);
      continue;
    }
    ++feasible;
    ASSERT_EQ(solution.status, FlowStatus::kOptimal);
    EXPECT_EQ(solution.cost, *expected);
    expect_feasible(network, solution);
  }
  EXPECT_GT(feasible, 50);
}

FlowNetwork network_from(const io::DimacsMinCostFlow& problem) {
  FlowNetwork network;
  for (std::int64_t supply : problem.supply) network.add_node(supply);
  for (const io::DimacsArc& arc : problem.arcs) {
    network.add_arc(arc.tail, arc.head, arc.lower, arc.upper, arc.cost);
  }
  return network;
}

TEST(NetworkSimplexFlow, DimacsKnownOptima) {
  const auto cases = dimacs_cases();
  if (cases.empty()) GTEST_SKIP() << "no shared DIMACS instances beside the checkout";
  ASSERT_EQ(cases.size(), 12u);
  for (const DimacsCase& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string path =
        testing::source_path("../shared/data/dimacs-mcf/" + c.file);
    const FlowNetwork network =
        network_from(io::parse_dimacs_min(io::read_text_file(path), path));
    const FlowSolution solution = solve_min_cost_flow(network, kSimplex);
    if (c.status == "INFEASIBLE") {
      EXPECT_EQ(solution.status, FlowStatus::kInfeasible);
      continue;
    }
    ASSERT_EQ(solution.status, FlowStatus::kOptimal);
    EXPECT_EQ(solution.cost, std::stoll(c.optimum));
    expect_feasible(network, solution);
  }
}

// An engine problem: arcs with capacities from 0, no lower bounds.
struct EngineProblem {
  std::int32_t nodes = 0;
  std::vector<std::int64_t> supply;
  std::vector<std::int32_t> tail;
  std::vector<std::int32_t> head;
  std::vector<std::int64_t> capacity;
  std::vector<std::int64_t> cost;

  void add_arc(std::int32_t from, std::int32_t to, std::int64_t cap,
               std::int64_t arc_cost) {
    tail.push_back(from);
    head.push_back(to);
    capacity.push_back(cap);
    cost.push_back(arc_cost);
  }
  NetworkSimplex engine(NetworkSimplexOptions options = {}) const {
    return NetworkSimplex(nodes, supply, tail, head, capacity, cost, options);
  }
};

EngineProblem random_engine_problem(std::mt19937_64& rng, int n, int arcs) {
  std::uniform_int_distribution<int> supply(-5, 5);
  std::uniform_int_distribution<std::int64_t> cost(-8, 25);
  std::uniform_int_distribution<std::int64_t> capacity(0, 9);
  std::uniform_int_distribution<int> node(0, n - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  EngineProblem problem;
  problem.nodes = n;
  std::int64_t balance = 0;
  for (int v = 0; v < n - 1; ++v) {
    problem.supply.push_back(supply(rng));
    balance += problem.supply.back();
  }
  problem.supply.push_back(-balance);
  for (int a = 0; a < arcs; ++a) {
    const std::int64_t cap = percent(rng) < 15 ? NetworkSimplex::kUnlimited
                                               : capacity(rng);
    problem.add_arc(node(rng), node(rng), cap, cost(rng));
  }
  return problem;
}

// Checks an optimal engine result: bounds, conservation, and the
// complementary slackness conditions that the potentials certify.
void expect_certified(const EngineProblem& problem,
                      const NetworkSimplex& engine) {
  std::vector<std::int64_t> flows(problem.tail.size());
  engine.flows(flows);
  std::vector<std::int64_t> net(static_cast<std::size_t>(problem.nodes), 0);
  for (std::size_t a = 0; a < problem.tail.size(); ++a) {
    const auto arc = static_cast<std::int32_t>(a);
    EXPECT_EQ(engine.flow(arc), flows[a]) << "arc " << a;
    EXPECT_GE(flows[a], 0) << "arc " << a;
    EXPECT_LE(flows[a], problem.capacity[a]) << "arc " << a;
    net[problem.tail[a]] += flows[a];
    net[problem.head[a]] -= flows[a];
    const std::int64_t reduced = problem.cost[a] +
                                 engine.potential(problem.tail[a]) -
                                 engine.potential(problem.head[a]);
    if (flows[a] < problem.capacity[a]) {
      EXPECT_GE(reduced, 0) << "arc " << a << " could carry more";
    }
    if (flows[a] > 0) {
      EXPECT_LE(reduced, 0) << "arc " << a << " could carry less";
    }
  }
  EXPECT_EQ(net, problem.supply);
  EXPECT_EQ(engine.potentials().size(), problem.supply.size());
}

TEST(NetworkSimplexEngine, BasisInvariantsHoldAfterEveryPivot) {
  std::mt19937_64 rng(3);
  int optimal = 0;
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const int n = 1 + trial % 15;
    const EngineProblem problem = random_engine_problem(rng, n, 3 * n);
    NetworkSimplexOptions options;
    options.verify_each_pivot = true;
    options.block_size = 1 + trial % 7;
    NetworkSimplex engine = problem.engine(options);
    const NetworkSimplex::Status status = engine.solve();
    if (status != NetworkSimplex::Status::kOptimal) continue;
    ++optimal;
    expect_certified(problem, engine);
  }
  EXPECT_GT(optimal, 50);
}

TEST(NetworkSimplexEngine, PotentialsCertifyOptimality) {
  std::mt19937_64 rng(5);
  int optimal = 0;
  for (int trial = 0; trial < 200; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const EngineProblem problem = random_engine_problem(rng, 30, 150);
    NetworkSimplex engine = problem.engine();
    if (engine.solve() != NetworkSimplex::Status::kOptimal) continue;
    ++optimal;
    EXPECT_GT(engine.pivots(), 0);
    expect_certified(problem, engine);
  }
  EXPECT_GT(optimal, 20);
}

// Scaling the supplies and capacities by k and the costs by c scales the
// optimum by k * c, so the wide number types must reproduce the narrow
// result exactly.
TEST(NetworkSimplexEngine, WideNumbersMatchScaledNarrowOnes) {
  std::mt19937_64 rng(9);
  const std::int64_t k = std::int64_t{1} << 30;
  const std::int64_t c = std::int64_t{1} << 29;
  int optimal = 0;
  for (int trial = 0; trial < 100; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const EngineProblem base = random_engine_problem(rng, 8, 24);
    NetworkSimplex narrow = base.engine();
    const NetworkSimplex::Status status = narrow.solve();
    Int128 base_cost = 0;
    for (std::size_t a = 0; a < base.tail.size(); ++a) {
      base_cost += Int128{narrow.flow(static_cast<std::int32_t>(a))} * base.cost[a];
    }
    for (int scaled = 1; scaled < 4; ++scaled) {
      EngineProblem wide = base;
      const std::int64_t flow_scale = scaled & 1 ? k : 1;
      const std::int64_t cost_scale = scaled & 2 ? c : 1;
      for (std::int64_t& s : wide.supply) s *= flow_scale;
      for (std::int64_t& cap : wide.capacity) {
        if (cap != NetworkSimplex::kUnlimited) cap *= flow_scale;
      }
      for (std::int64_t& cost : wide.cost) cost *= cost_scale;
      NetworkSimplex engine = wide.engine();
      ASSERT_EQ(engine.solve(), status) << "scaling " << scaled;
      if (status != NetworkSimplex::Status::kOptimal) continue;
      Int128 total = 0;
      for (std::size_t a = 0; a < wide.tail.size(); ++a) {
        total += Int128{engine.flow(static_cast<std::int32_t>(a))} * wide.cost[a];
      }
      EXPECT_TRUE(total == base_cost * flow_scale * cost_scale)
          << "scaling " << scaled;
      expect_certified(wide, engine);
    }
    if (status == NetworkSimplex::Status::kOptimal) ++optimal;
  }
  EXPECT_GT(optimal, 20);
}

TEST(NetworkSimplexEngine, UnbalancedSuppliesAreInfeasible) {
  EngineProblem problem;
  problem.nodes = 2;
  problem.supply = {3, -2};
  problem.add_arc(0, 1, 5, 1);
  NetworkSimplex engine = problem.engine();
  EXPECT_EQ(engine.solve(), NetworkSimplex::Status::kInfeasible);
  EXPECT_EQ(engine.flow(0), 0);
  EXPECT_THROW(engine.solve(), std::logic_error);
}

TEST(NetworkSimplexEngine, NegativeUnlimitedLoopIsUnbounded) {
  EngineProblem problem;
  problem.nodes = 2;
  problem.supply = {0, 0};
  problem.add_arc(0, 1, 4, 1);
  problem.add_arc(1, 1, NetworkSimplex::kUnlimited, -1);
  EXPECT_EQ(problem.engine().solve(), NetworkSimplex::Status::kUnbounded);
}

TEST(NetworkSimplexEngine, RejectsMisuse) {
  EngineProblem problem;
  problem.nodes = 2;
  problem.supply = {1, -1};
  problem.add_arc(0, 1, 1, 1);
  NetworkSimplex engine = problem.engine();
  ASSERT_EQ(engine.solve(), NetworkSimplex::Status::kOptimal);
  EXPECT_THROW(engine.solve(), std::logic_error);
  EXPECT_THROW(engine.flow(1), std::out_of_range);
  EXPECT_THROW(engine.potential(2), std::out_of_range);
  std::vector<std::int64_t> too_short;
  EXPECT_THROW(engine.flows(too_short), std::invalid_argument);

  EngineProblem negative = problem;
  negative.capacity[0] = -1;
  EXPECT_THROW(negative.engine(), std::invalid_argument);
  EngineProblem outside = problem;
  outside.head[0] = 2;
  EXPECT_THROW(outside.engine(), std::invalid_argument);
  EngineProblem huge = problem;
  huge.cost[0] = std::int64_t{1} << 60;
  EXPECT_THROW(huge.engine(), std::invalid_argument);
}

// Two sources and two sinks joined by four arcs of equal cost have many
// optimal flows. The same input must give the same one every time, also
// through a copy of the network.
TEST(NetworkSimplexFlow, TiesResolveTheSameWayEveryRun) {
  FlowNetwork network;
  network.add_node(5);
  network.add_node(5);
  network.add_node(-5);
  network.add_node(-5);
  for (std::int32_t s = 0; s < 2; ++s) {
    for (std::int32_t t = 2; t < 4; ++t) network.add_arc(s, t, 0, 5, 7);
  }
  network.add_arc(0, 1, 0, FlowNetwork::kUnlimited, 0);
  network.add_arc(1, 0, 0, FlowNetwork::kUnlimited, 0);
  const FlowSolution first = solve_min_cost_flow(network, kSimplex);
  ASSERT_EQ(first.status, FlowStatus::kOptimal);
  EXPECT_EQ(first.cost, 70);
  expect_feasible(network, first);
  for (int run = 0; run < 5; ++run) {
    const FlowNetwork copy = network;
    const FlowSolution again = solve_min_cost_flow(copy, kSimplex);
    EXPECT_EQ(again.flow, first.flow) << "run " << run;
  }
}

TEST(NetworkSimplexFlow, ZeroCostArcsAndZeroSupplies) {
  // Every arc costs 0: any feasible flow is optimal.
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 50; ++trial) {
    FlowNetwork network = random_network(rng, 12, 40, trial % 2 == 0, true);
    for (std::int64_t& cost : network.cost) cost = 0;
    const FlowSolution simplex = solve_min_cost_flow(network, kSimplex);
    const FlowSolution augmenting = solve_min_cost_flow(network, kAugmenting);
    ASSERT_EQ(simplex.status, augmenting.status) << "trial " << trial;
    if (simplex.status != FlowStatus::kOptimal) continue;
    EXPECT_EQ(simplex.cost, 0);
    expect_feasible(network, simplex);
  }

  // No supplies, no lower bounds and no negative cycle: the zero flow.
  FlowNetwork idle;
  for (int v = 0; v < 4; ++v) idle.add_node(0);
  idle.add_arc(0, 1, 0, 3, 2);
  idle.add_arc(1, 2, 0, FlowNetwork::kUnlimited, -1);
  idle.add_arc(2, 0, 0, 3, 0);
  const FlowSolution solution = solve_min_cost_flow(idle, kSimplex);
  ASSERT_EQ(solution.status, FlowStatus::kOptimal);
  EXPECT_EQ(solution.cost, 0);
  EXPECT_EQ(solution.flow, (std::vector<std::int64_t>{0, 0, 0}));
}

TEST(NetworkSimplexFlow, IsolatedNodesLoopsAndParallelArcs) {
  FlowNetwork network;
  network.add_node(4);   // 0
  network.add_node(0);   // 1, isolated
  network.add_node(-4);  // 2
  network.add_node(0);   // 3, only a loop
  network.add_arc(0, 2, 0, 3, 5);   // parallel arcs: the cheaper fills first
  network.add_arc(0, 2, 0, 3, 2);
  network.add_arc(0, 2, 0, 0, -9);  // zero capacity
  network.add_arc(0, 0, 0, 2, -3);  // negative loop: saturated
  network.add_arc(3, 3, 0, 9, 4);   // positive loop: empty
  network.add_arc(2, 2, 1, 1, 6);   // loop with a lower bound
  const FlowSolution solution = solve_min_cost_flow(network, kSimplex);
  ASSERT_EQ(solution.status, FlowStatus::kOptimal);
  EXPECT_EQ(solution.flow, (std::vector<std::int64_t>{1, 3, 0, 2, 0, 1}));
  EXPECT_EQ(solution.cost, 5 + 6 - 6 + 6);
  expect_feasible(network, solution);

  network.add_arc(1, 1, 0, FlowNetwork::kUnlimited, -1);
  EXPECT_EQ(solve_min_cost_flow(network, kSimplex).status,
            FlowStatus::kUnbounded);
}

TEST(NetworkSimplexFlow, NetworksWithoutArcs) {
  const FlowSolution empty = solve_min_cost_flow(FlowNetwork{}, kSimplex);
  ASSERT_EQ(empty.status, FlowStatus::kOptimal);
  EXPECT_EQ(empty.cost, 0);
  EXPECT_TRUE(empty.flow.empty());

  FlowNetwork idle;
  idle.add_node(0);
  idle.add_node(0);
  EXPECT_EQ(solve_min_cost_flow(idle, kSimplex).status, FlowStatus::kOptimal);

  FlowNetwork apart;
  apart.add_node(3);
  apart.add_node(-3);
  EXPECT_EQ(solve_min_cost_flow(apart, kSimplex).status,
            FlowStatus::kInfeasible);
}

TEST(NetworkSimplexFlow, InfeasibleBeatsUnbounded) {
  // A negative cycle of unlimited arcs, but node 3's demand is unreachable.
  FlowNetwork network;
  network.add_node(2);
  network.add_node(0);
  network.add_node(0);
  network.add_node(-2);
  network.add_arc(0, 1, 0, FlowNetwork::kUnlimited, 1);
  network.add_arc(1, 2, 0, FlowNetwork::kUnlimited, 1);
  network.add_arc(2, 0, 0, FlowNetwork::kUnlimited, -5);
  EXPECT_EQ(solve_min_cost_flow(network, kSimplex).status,
            FlowStatus::kInfeasible);
  EXPECT_EQ(solve_min_cost_flow(network, kAugmenting).status,
            FlowStatus::kInfeasible);
  network.add_arc(2, 3, 0, 2, 0);
  EXPECT_EQ(solve_min_cost_flow(network, kSimplex).status,
            FlowStatus::kUnbounded);
}

TEST(NetworkSimplexFlow, CostBeyondInt64IsReported) {
  FlowNetwork network;
  network.add_node(17);
  network.add_node(-17);
  network.add_arc(0, 1, 0, 17, std::int64_t{1} << 59);
  const FlowSolution solution = solve_min_cost_flow(network, kSimplex);
  EXPECT_EQ(solution.status, FlowStatus::kCostOverflow);
}

TEST(NetworkSimplexFlow, LargeCapacitatedAssignment) {
  // A capacitated assignment like scripts/make_capacitated_instance.py
  // writes: a source, matters, providers and a sink.
  std::mt19937_64 rng(17);
  const int matters = 600;
  const int providers = 60;
  std::uniform_int_distribution<int> provider(0, providers - 1);
  std::uniform_int_distribution<std::int64_t> cost(0, 999);
  FlowNetwork network;
  const std::int32_t source = network.add_node(matters);
  for (int m = 0; m < matters; ++m) network.add_node(0);
  for (int p = 0; p < providers; ++p) network.add_node(0);
  const std::int32_t sink = network.add_node(-matters);
  for (int m = 0; m < matters; ++m) {
    network.add_arc(source, 1 + m, 0, 1, 0);
    for (int k = 0; k < 8; ++k) {
      network.add_arc(1 + m, 1 + matters + provider(rng), 0, 1, cost(rng));
    }
  }
  for (int p = 0; p < providers; ++p) {
    network.add_arc(1 + matters + p, sink, 0, matters / providers + 2, 0);
  }
  const FlowSolution simplex = solve_min_cost_flow(network, kSimplex);
  const FlowSolution augmenting = solve_min_cost_flow(network, kAugmenting);
  ASSERT_EQ(simplex.status, FlowStatus::kOptimal);
  ASSERT_EQ(augmenting.status, FlowStatus::kOptimal);
  EXPECT_EQ(simplex.cost, augmenting.cost);
  expect_feasible(network, simplex);
}

}  // namespace
}  // namespace aidmatch::solvers
