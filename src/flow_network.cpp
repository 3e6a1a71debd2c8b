// Minimum-cost flow with supplies, lower bounds, unlimited arcs and negative
// costs, solved by the network simplex, or reduced to non-negative costs and
// solved by shortest augmenting paths from each node with excess.
#include <algorithm>
#include <limits>
#include <stdexcept>

#include "aidmatch/detail/int128.hpp"
#include "aidmatch/solvers/detail/augmenting_path.hpp"
#include "aidmatch/solvers/detail/network_simplex.hpp"
#include "aidmatch/solvers/min_cost_flow.hpp"

namespace aidmatch::solvers {

namespace {

using aidmatch::detail::Int128;
using detail::AugmentingPathSolver;
using detail::NetworkSimplex;

constexpr Int128 kMagnitudeLimit = Int128{1} << 62;

void validate(const FlowNetwork& network) {
  const std::size_t arcs = network.tail.size();
  if (static_cast<std::int64_t>(network.nodes) +
          static_cast<std::int64_t>(arcs) > kMaxFlowElements) {
    throw std::invalid_argument(
        "the network has " + std::to_string(network.nodes) + " nodes and " +
        std::to_string(arcs) + " arcs; the solvers accept at most " +
        std::to_string(kMaxFlowElements) +
        " nodes and arcs together; split the problem");
  }
  if (network.nodes < 0 ||
      network.supply.size() != static_cast<std::size_t>(network.nodes)) {
    throw std::invalid_argument(
        "supply has " + std::to_string(network.supply.size()) +
        " entries; expected one per node (" + std::to_string(network.nodes) +
        ")");
  }
  if (network.head.size() != arcs || network.lower.size() != arcs ||
      network.upper.size() != arcs || network.cost.size() != arcs) {
    throw std::invalid_argument(
        "tail, head, lower, upper and cost must have one entry per arc");
  }
  const Int128 cost_limit = kMagnitudeLimit / (Int128{network.nodes} + 2);
  for (std::size_t a = 0; a < arcs; ++a) {
    // Built only for a message, because most networks have no error.
    const auto name = [a] { return "arc " + std::to_string(a); };
    if (network.tail[a] < 0 || network.tail[a] >= network.nodes ||
        network.head[a] < 0 || network.head[a] >= network.nodes) {
      throw std::invalid_argument(
          name() + (network.nodes == 0
                        ? " names a node, but the network has none; give "
                          "one supply per node"
                        : " names a node outside 0.." +
                              std::to_string(network.nodes - 1)));
    }
    if (network.upper[a] < network.lower[a]) {
      throw std::invalid_argument(
          name() + " has upper bound " + std::to_string(network.upper[a]) +
          " below its lower bound " + std::to_string(network.lower[a]));
    }
    const Int128 magnitude =
        network.cost[a] < 0 ? -Int128{network.cost[a]} : Int128{network.cost[a]};
    if (magnitude >= cost_limit) {
      throw std::invalid_argument(
          name() + " has cost " + std::to_string(network.cost[a]) +
          ", which could overflow path lengths; keep |cost| * (nodes + 2) "
          "below 2^62");
    }
  }
}

// True when the arcs without an upper bound contain a cycle of negative
// cost (Bellman-Ford from a virtual root joined to every node).
bool has_unlimited_negative_cycle(const FlowNetwork& network) {
  std::vector<Int128> dist(static_cast<std::size_t>(network.nodes), 0);
  for (std::int32_t round = 0; round <= network.nodes; ++round) {
    bool changed = false;
    for (std::size_t a = 0; a < network.tail.size(); ++a) {
      if (network.upper[a] != FlowNetwork::kUnlimited) continue;
      const Int128 candidate = dist[network.tail[a]] + network.cost[a];
      if (candidate < dist[network.head[a]]) {
        dist[network.head[a]] = candidate;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

// The bound that replaces "unlimited" for the augmenting paths: no optimal
// flow of a problem without unlimited negative cycles needs more on one arc
// than all supplies and finite ranges together. Both methods call it for
// its magnitude check.
std::int64_t finite_bound(const FlowNetwork& network) {
  Int128 bound = 1;
  for (std::int64_t s : network.supply) bound += s < 0 ? -Int128{s} : Int128{s};
  for (std::size_t a = 0; a < network.tail.size(); ++a) {
    const Int128 low = network.lower[a];
    bound += low < 0 ? -low : low;
    if (network.upper[a] != FlowNetwork::kUnlimited) {
      bound += Int128{network.upper[a]} - low;
    }
  }
  if (bound >= kMagnitudeLimit) {
    throw std::invalid_argument(
        "the supplies and arc bounds add up to 2^62 or more, which the "
        "solver cannot represent exactly");
  }
  return static_cast<std::int64_t>(bound);
}

// Totals flow times cost exactly; a total beyond int64 gives kCostOverflow.
void set_total_cost(const FlowNetwork& network, FlowSolution& solution) {
  Int128 total = 0;
  for (std::size_t a = 0; a < solution.flow.size(); ++a) {
    total += Int128{solution.flow[a]} * network.cost[a];
  }
  if (total > std::numeric_limits<std::int64_t>::max() ||
      total < std::numeric_limits<std::int64_t>::min()) {
    solution.status = FlowStatus::kCostOverflow;
    return;
  }
  solution.cost = static_cast<std::int64_t>(total);
}

}  // namespace

std::int32_t FlowNetwork::add_node(std::int64_t node_supply) {
  supply.push_back(node_supply);
  return nodes++;
}

std::int32_t FlowNetwork::add_arc(std::int32_t from, std::int32_t to,
                                  std::int64_t low, std::int64_t high,
                                  std::int64_t arc_cost) {
  tail.push_back(from);
  head.push_back(to);
  lower.push_back(low);
  upper.push_back(high);
  cost.push_back(arc_cost);
  return static_cast<std::int32_t>(tail.size() - 1);
}

namespace {

FlowSolution solve_by_augmenting_paths(const FlowNetwork& network,
                                       bool unbounded, std::int64_t bound) {
  FlowSolution solution;
  const std::int32_t n = network.nodes;
  const std::size_t arcs = network.tail.size();

  // Shift lower bounds into the supplies, and start negative-cost arcs
  // saturated, so that each arc becomes a residual arc of non-negative
  // cost and capacity `range`.
  std::vector<Int128> supply(network.supply.begin(), network.supply.end());
  std::vector<std::int64_t> range(arcs);
  std::vector<char> reversed(arcs, 0);
  for (std::size_t a = 0; a < arcs; ++a) {
    const std::int64_t low = network.lower[a];
    range[a] = network.upper[a] == FlowNetwork::kUnlimited
                   ? bound
                   : network.upper[a] - low;
    Int128 sent = low;
    if (network.cost[a] < 0) {
      reversed[a] = 1;
      sent += range[a];
    }
    supply[network.tail[a]] -= sent;
    supply[network.head[a]] += sent;
  }

  // Every residual cost is now non-negative, so zero potentials satisfy
  // the solver's invariant. Each node's excess goes to the deficits along
  // shortest paths.
  AugmentingPathSolver solver(n);
  for (std::size_t a = 0; a < arcs; ++a) {
    if (reversed[a]) {
      solver.add_arc(network.head[a], network.tail[a], range[a],
                     -network.cost[a]);
    } else {
      solver.add_arc(network.tail[a], network.head[a], range[a],
                     network.cost[a]);
    }
  }
  solver.finalize();
  Int128 balance = 0;
  for (std::int32_t v = 0; v < n; ++v) {
    balance += supply[v];
    if (supply[v] >= kMagnitudeLimit || -supply[v] >= kMagnitudeLimit) {
      throw std::invalid_argument("node " + std::to_string(v) +
                                  " has a supply beyond 2^62 after the "
                                  "lower bounds are applied");
    }
    solver.add_excess(v, static_cast<std::int64_t>(supply[v]));
  }
  if (balance != 0) {
    solution.status = FlowStatus::kInfeasible;
    return solution;
  }
  solver.spread_all_excess();
  for (std::int32_t v = 0; v < n; ++v) {
    if (!solver.discharge(v)) {
      solution.status = FlowStatus::kInfeasible;
      return solution;
    }
  }
  if (unbounded) {
    solution.status = FlowStatus::kUnbounded;
    return solution;
  }

  // Map the residual flows back.
  solution.flow.resize(arcs);
  for (std::size_t a = 0; a < arcs; ++a) {
    const std::int64_t carried = solver.flow(static_cast<std::int32_t>(2 * a));
    const std::int64_t shifted = reversed[a] ? range[a] - carried : carried;
    solution.flow[a] = network.lower[a] + shifted;
  }
  set_total_cost(network, solution);
  return solution;
}

// Solves with the network simplex after shifting the lower bounds into the
// supplies. The simplex takes unlimited arcs and negative costs as they
// are, and it stops on a cycle of negative cost and unlimited capacity.
// Then a second run with zero costs decides feasibility, because an
// infeasible network is kInfeasible even when such a cycle exists.
FlowSolution solve_by_network_simplex(const FlowNetwork& network) {
  FlowSolution solution;
  const std::int32_t n = network.nodes;
  const std::size_t arcs = network.tail.size();
  std::vector<Int128> shifted(network.supply.begin(), network.supply.end());
  // One buffer is first the capacity input of the solver, then the flows.
  std::vector<std::int64_t> values(arcs);
  for (std::size_t a = 0; a < arcs; ++a) {
    const std::int64_t low = network.lower[a];
    values[a] = network.upper[a] == FlowNetwork::kUnlimited
                    ? NetworkSimplex::kUnlimited
                    : network.upper[a] - low;
    shifted[network.tail[a]] -= low;
    shifted[network.head[a]] += low;
  }
  Int128 balance = 0;
  std::vector<std::int64_t> supply(static_cast<std::size_t>(n));
  for (std::int32_t v = 0; v < n; ++v) {
    balance += shifted[v];
    if (shifted[v] >= kMagnitudeLimit || -shifted[v] >= kMagnitudeLimit) {
      throw std::invalid_argument("node " + std::to_string(v) +
                                  " has a supply beyond 2^62 after the "
                                  "lower bounds are applied");
    }
    supply[v] = static_cast<std::int64_t>(shifted[v]);
  }
  std::vector<Int128>().swap(shifted);
  if (balance != 0) {
    solution.status = FlowStatus::kInfeasible;
    return solution;
  }

  NetworkSimplex::Status status = NetworkSimplex::Status::kOptimal;
  {
    NetworkSimplex simplex(n, supply, network.tail, network.head, values,
                           network.cost);
    status = simplex.solve();
    if (status == NetworkSimplex::Status::kOptimal) simplex.flows(values);
  }
  if (status == NetworkSimplex::Status::kUnbounded) {
    const std::vector<std::int64_t> zero_costs(arcs, 0);
    NetworkSimplex feasibility(n, supply, network.tail, network.head, values,
                               zero_costs);
    status = feasibility.solve() == NetworkSimplex::Status::kInfeasible
                 ? NetworkSimplex::Status::kInfeasible
                 : NetworkSimplex::Status::kUnbounded;
  }
  if (status == NetworkSimplex::Status::kInfeasible) {
    solution.status = FlowStatus::kInfeasible;
    return solution;
  }
  if (status == NetworkSimplex::Status::kUnbounded) {
    solution.status = FlowStatus::kUnbounded;
    return solution;
  }
  for (std::size_t a = 0; a < arcs; ++a) values[a] += network.lower[a];
  solution.flow = std::move(values);
  set_total_cost(network, solution);
  return solution;
}

}  // namespace

FlowSolution solve_min_cost_flow(const FlowNetwork& network,
                                 const FlowOptions& options) {
  validate(network);
  const std::int64_t bound = finite_bound(network);
  if (options.method == FlowMethod::kAugmentingPath) {
    return solve_by_augmenting_paths(
        network, has_unlimited_negative_cycle(network), bound);
  }
  return solve_by_network_simplex(network);
}

}  // namespace aidmatch::solvers
