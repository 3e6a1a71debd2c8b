// Google Benchmark suites for solve_min_cost_flow: the network simplex
// against the augmenting path method on capacitated assignment networks and
// on random transshipment networks. Before timing, the two methods must
// agree on the optimal cost.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <stdexcept>

#include "aidmatch/solvers/min_cost_flow.hpp"

namespace {

namespace solvers = aidmatch::solvers;

// A linear congruential generator, so that every run builds the same
// network.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next(std::uint64_t bound) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return (state_ >> 33) % bound;
  }

 private:
  std::uint64_t state_;
};

// The network that scripts/make_capacitated_instance.py writes: a source
// with one unit per matter, 30 eligible providers per matter at costs
// 0..999, and providers of capacity ceil(matters / providers) + 2 before
// the sink.
solvers::FlowNetwork assignment_network(std::int32_t matters,
                                        std::int32_t providers) {
  Lcg random(7);
  solvers::FlowNetwork network;
  const std::int32_t source = network.add_node(matters);
  const std::int32_t first_matter = network.nodes;
  for (std::int32_t m = 0; m < matters; ++m) network.add_node();
  const std::int32_t first_provider = network.nodes;
  for (std::int32_t p = 0; p < providers; ++p) network.add_node();
  const std::int32_t sink = network.add_node(-matters);
  for (std::int32_t m = 0; m < matters; ++m) {
    network.add_arc(source, first_matter + m, 0, 1, 0);
    for (int k = 0; k < 30; ++k) {
      const auto p = static_cast<std::int32_t>(random.next(providers));
      network.add_arc(first_matter + m, first_provider + p, 0, 1,
                      static_cast<std::int64_t>(random.next(1000)));
    }
  }
  const std::int64_t capacity = (matters + providers - 1) / providers + 2;
  for (std::int32_t p = 0; p < providers; ++p) {
    network.add_arc(first_provider + p, sink, 0, capacity, 0);
  }
  return network;
}

// A random transshipment network with 8 arcs per node, costs 1..10000 and
// capacities 1..1000, a tenth of the nodes supplying and a tenth
// demanding. A ring of expensive unlimited arcs keeps it feasible.
solvers::FlowNetwork transshipment_network(std::int32_t nodes) {
  Lcg random(11);
  solvers::FlowNetwork network;
  for (std::int32_t v = 0; v < nodes; ++v) network.add_node();
  for (std::int32_t v = 0; v < nodes / 10; ++v) {
    const auto amount = static_cast<std::int64_t>(1 + random.next(500));
    network.supply[static_cast<std::size_t>(v)] += amount;
    network.supply[static_cast<std::size_t>(nodes - 1 - v)] -= amount;
  }
  for (std::int32_t a = 0; a < 8 * nodes; ++a) {
    network.add_arc(static_cast<std::int32_t>(random.next(nodes)),
                    static_cast<std::int32_t>(random.next(nodes)), 0,
                    static_cast<std::int64_t>(1 + random.next(1000)),
                    static_cast<std::int64_t>(1 + random.next(10000)));
  }
  for (std::int32_t v = 0; v < nodes; ++v) {
    network.add_arc(v, (v + 1) % nodes, 0, solvers::FlowNetwork::kUnlimited,
                    100000);
  }
  return network;
}

// range(1) picks the method, in the order of solvers::FlowMethod.
void run(benchmark::State& state, const solvers::FlowNetwork& network) {
  solvers::FlowOptions options;
  options.method = static_cast<solvers::FlowMethod>(state.range(1));
  solvers::FlowOptions other;
  other.method = options.method == solvers::FlowMethod::kNetworkSimplex
                     ? solvers::FlowMethod::kAugmentingPath
                     : solvers::FlowMethod::kNetworkSimplex;
  const solvers::FlowSolution reference =
      solvers::solve_min_cost_flow(network, other);
  const solvers::FlowSolution checked =
      solvers::solve_min_cost_flow(network, options);
  if (checked.status != solvers::FlowStatus::kOptimal ||
      reference.status != solvers::FlowStatus::kOptimal ||
      checked.cost != reference.cost) {
    throw std::logic_error("the two flow methods disagree");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(solvers::solve_min_cost_flow(network, options));
  }
  state.counters["arcs"] = static_cast<double>(network.tail.size());
}

// range(0) matters, with a tenth as many providers.
void BM_MinCostFlow_Assignment(benchmark::State& state) {
  const auto matters = static_cast<std::int32_t>(state.range(0));
  run(state, assignment_network(matters, matters / 10));
}
BENCHMARK(BM_MinCostFlow_Assignment)
    ->ArgsProduct({{2000, 20000}, {0, 1}})
    ->ArgNames({"matters", "method"})
    ->Unit(benchmark::kMillisecond);

// range(0) nodes.
void BM_MinCostFlow_Transshipment(benchmark::State& state) {
  run(state, transshipment_network(static_cast<std::int32_t>(state.range(0))));
}
BENCHMARK(BM_MinCostFlow_Transshipment)
    ->ArgsProduct({{1000, 4000}, {0, 1}})
    ->ArgNames({"nodes", "method"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
