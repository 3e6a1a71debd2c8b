"""Cross-checks of the exact solvers against OR-tools and lap on random inputs.

Each test compares optimal values only: when several optima exist, the
solvers may choose different ones.
"""

from __future__ import annotations

import numpy as np
import pytest

import aidmatch

pywrapgraph = pytest.importorskip("ortools.graph.python.min_cost_flow")
linear_sum_assignment_module = pytest.importorskip(
    "ortools.graph.python.linear_sum_assignment"
)
lap = pytest.importorskip("lap")


def ortools_min_cost_flow(supply, tail, head, upper, cost):
    flow = pywrapgraph.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tail.astype(np.int32), head.astype(np.int32), upper, cost
    )
    flow.set_nodes_supplies(np.arange(len(supply), dtype=np.int32), supply)
    status = flow.solve()
    if status == flow.OPTIMAL:
        return "optimal", flow.optimal_cost()
    return "infeasible", None


def random_network(rng, nodes, arcs, negative):
    tail = rng.integers(0, nodes, arcs)
    head = rng.integers(0, nodes, arcs)
    upper = rng.integers(0, 6, arcs)
    low = -20 if negative else 0
    cost = rng.integers(low, 21, arcs)
    supply = np.zeros(nodes, dtype=np.int64)
    for _ in range(nodes // 2):
        a, b = rng.integers(0, nodes, 2)
        amount = int(rng.integers(0, 4))
        supply[a] += amount
        supply[b] -= amount
    return supply, tail, head, upper, cost


@pytest.mark.parametrize("negative", [False, True])
def test_min_cost_flow_matches_ortools(negative):
    rng = np.random.default_rng(11 if negative else 12)
    feasible = 0
    for trial in range(150):
        nodes = int(rng.integers(2, 30))
        arcs = int(rng.integers(1, 5 * nodes))
        supply, tail, head, upper, cost = random_network(rng, nodes, arcs, negative)
        expected_status, expected_cost = ortools_min_cost_flow(
            supply, tail, head, upper, cost
        )
        for method in ("network_simplex", "augmenting_path"):
            status, total, flow = aidmatch.min_cost_flow(
                supply, tail, head, upper, cost, method=method
            )
            assert status == expected_status, (trial, method)
            if status != "optimal":
                continue
            assert total == expected_cost, (trial, method)
            assert int(np.dot(flow, cost)) == total
            assert np.all(flow >= 0)
            assert np.all(flow <= upper)
            balance = np.zeros(nodes, dtype=np.int64)
            np.add.at(balance, tail, flow)
            np.subtract.at(balance, head, flow)
            assert np.array_equal(balance, supply), (trial, method)
        feasible += expected_status == "optimal"
    assert feasible > 30


def test_capacitated_matching_matches_ortools_max_flow_min_cost():
    rng = np.random.default_rng(5)
    for trial in range(60):
        rows = int(rng.integers(1, 80))
        columns = int(rng.integers(1, 15))
        degree = rng.integers(0, min(columns, 6) + 1, rows)
        row_start = np.concatenate([[0], np.cumsum(degree)]).astype(np.int64)
        arc_column = np.concatenate(
            [rng.choice(columns, int(d), replace=False) for d in degree]
            or [np.zeros(0, dtype=np.int64)]
        ).astype(np.int64)
        arc_weight = rng.integers(-50, 1000, len(arc_column))
        capacity = rng.integers(0, 5, columns)

        # OR-tools: source 0, rows 1..R, columns R+1..R+C, sink R+C+1.
        flow = pywrapgraph.SimpleMinCostFlow()
        source, sink = 0, rows + columns + 1
        arc_rows = np.repeat(np.arange(rows), degree)
        tails = np.concatenate([np.zeros(rows), 1 + arc_rows, 1 + rows + np.arange(columns)])
        heads = np.concatenate(
            [1 + np.arange(rows), 1 + rows + arc_column, np.full(columns, sink)]
        )
        caps = np.concatenate([np.ones(rows), np.ones(len(arc_column)), capacity])
        costs = np.concatenate([np.zeros(rows), -arc_weight, np.zeros(columns)])
        flow.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32),
            caps.astype(np.int64), costs.astype(np.int64),
        )
        # Max-flow-with-min-cost still reads the supplies: the source offers
        # every row and the sink takes them all, as far as the arcs allow.
        flow.set_node_supply(source, rows)
        flow.set_node_supply(sink, -rows)
        assert flow.solve_max_flow_with_min_cost() == flow.OPTIMAL
        expected_matched = flow.maximum_flow()
        expected_weight = -flow.optimal_cost()

        for method in ("network_simplex", "augmenting_path", "primal_dual"):
            arc_of_row, matched, weight = aidmatch.capacitated_matching(
                row_start, arc_column, arc_weight, capacity, method=method
            )
            assert matched == expected_matched, (trial, method)
            assert weight == expected_weight, (trial, method)
            chosen = arc_of_row[arc_of_row >= 0]
            assert len(chosen) == matched
            assert int(arc_weight[chosen].sum()) == weight
            load = np.bincount(arc_column[chosen], minlength=columns)
            assert np.all(load <= capacity)


def test_linear_sum_assignment_matches_ortools_and_lap():
    rng = np.random.default_rng(3)
    for n in list(range(1, 12)) + [40, 120]:
        cost = rng.integers(0, 1000, (n, n))
        rows, cols = aidmatch.linear_sum_assignment(cost)
        total = int(cost[rows, cols].sum())

        solver = linear_sum_assignment_module.SimpleLinearSumAssignment()
        solver.add_arcs_with_cost(
            np.repeat(np.arange(n), n).astype(np.int32),
            np.tile(np.arange(n), n).astype(np.int32),
            cost.ravel().astype(np.int64),
        )
        assert solver.solve() == solver.OPTIMAL
        assert total == solver.optimal_cost(), n

        lap_total, _, _ = lap.lapjv(cost.astype(float))
        assert total == int(round(lap_total)), n


def test_flow_errors_name_the_problem():
    with pytest.raises(ValueError, match="unknown method \"simplex\""):
        aidmatch.min_cost_flow([0], [0], [0], [1], [1], method="simplex")
    with pytest.raises(ValueError, match="arc 0 names a node outside 0..1"):
        aidmatch.min_cost_flow([1, -1], [0], [2], [1], [1])
    with pytest.raises(ValueError, match="tail must be one-dimensional"):
        aidmatch.min_cost_flow([0], [[0]], [0], [1], [1])
    status, total, flow = aidmatch.min_cost_flow([1, -1], [0], [1], [0], [1])
    assert (status, total, flow) == ("infeasible", None, None)
    status, total, _ = aidmatch.min_cost_flow(
        [0, 0], [0, 1], [1, 0], [aidmatch.UNLIMITED, aidmatch.UNLIMITED], [-1, 0]
    )
    assert status == "unbounded"
