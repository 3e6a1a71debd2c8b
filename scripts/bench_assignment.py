#!/usr/bin/env python3
"""Compare aidmatch.linear_sum_assignment with SciPy, lap, lapjv and OR-tools.

Every solver gets the same square matrices of uniform random costs
(doubles in [0, 1) and int64 integers in 0..999) in one process. Each
repeat runs every solver once, in turn, and the table reports the median
wall time per solver and the ratio aidmatch time / peer time (below 1 means
aidmatch is faster). The optimal totals are checked to agree.

Peers:
  scipy     scipy.optimize.linear_sum_assignment on the matrix.
  lap       lap.lapjv on a float64 copy made before timing.
  lapjv     lapjv.lapjv (the PyPI package lapjv) with force_doubles=True on
            the same float64 copy. Without force_doubles it casts the
            costs to float32.
  ortools   ortools.graph.python.linear_sum_assignment: the timed part adds
            the n^2 arcs (arrays built before timing) and solves. OR-tools
            takes integer costs, so float matrices are scaled by 1e6 and
            rounded. Its total on the original costs must then be within
            n * 1e-6 of the optimum.

A peer that cannot be imported is reported as n/a.

The functions make_peers, make_matrices and benchmark are also used by
scripts/bench_report.py.

Usage: .venv/bin/python scripts/bench_assignment.py [--sizes 1000 2000 4000]
           [--repeats 5] [--seed 1]
"""

import argparse
import importlib.metadata
import platform
import statistics
import sys
import time

import numpy as np

import aidmatch

ORTOOLS_SCALE = 1e6


def cpu_model():
    """Return the processor model name from /proc/cpuinfo, if present."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def aidmatch_solver(cost):
    rows, cols = aidmatch.linear_sum_assignment(cost)
    return lambda: aidmatch.linear_sum_assignment(cost), rows, cols


def make_peers():
    """Return {name: prepare(cost) -> (run, rows, cols)} for the peers that
    import, and {name: reason} for those that do not."""
    peers, missing = {}, {}
    try:
        from scipy.optimize import linear_sum_assignment as scipy_lsa

        def scipy_solver(cost):
            rows, cols = scipy_lsa(cost)
            return lambda: scipy_lsa(cost), rows, cols

        peers["SciPy"] = scipy_solver
    except ImportError as error:
        missing["SciPy"] = str(error)
    try:
        import lap

        def lap_solver(cost):
            as_float = np.ascontiguousarray(cost, dtype=np.float64)
            _, x, _ = lap.lapjv(as_float)
            return (lambda: lap.lapjv(as_float), np.arange(len(x)),
                    np.asarray(x))

        peers["lap"] = lap_solver
    except ImportError as error:
        missing["lap"] = str(error)
    try:
        from lapjv import lapjv as lapjv_lsa

        def lapjv_solver(cost):
            as_float = np.ascontiguousarray(cost, dtype=np.float64)
            column_of_row, _, _ = lapjv_lsa(as_float, force_doubles=True)
            return (lambda: lapjv_lsa(as_float, force_doubles=True),
                    np.arange(len(column_of_row)), np.asarray(column_of_row))

        peers["lapjv"] = lapjv_solver
    except ImportError as error:
        missing["lapjv"] = str(error)
    try:
        from ortools.graph.python import linear_sum_assignment as ortools_lsa

        def ortools_solver(cost):
            n = cost.shape[0]
            tails = np.repeat(np.arange(n, dtype=np.int64), n)
            heads = np.tile(np.arange(n, dtype=np.int64), n)
            if np.issubdtype(cost.dtype, np.floating):
                weights = np.rint(cost * ORTOOLS_SCALE).astype(np.int64)
            else:
                weights = cost.astype(np.int64)
            weights = weights.ravel()

            def run():
                solver = ortools_lsa.SimpleLinearSumAssignment()
                solver.add_arcs_with_cost(tails, heads, weights)
                status = solver.solve()
                if status != solver.OPTIMAL:
                    raise RuntimeError(f"OR-tools status {status}")
                return solver

            solver = run()
            cols = np.array([solver.right_mate(i) for i in range(n)])
            return run, np.arange(n), cols

        peers["OR-tools"] = ortools_solver
    except ImportError as error:
        missing["OR-tools"] = str(error)
    return peers, missing


def make_matrices(rng, n):
    """Return {label: n x n cost matrix}: uniform doubles in [0, 1) and
    uniform int64 integers in 0..999, drawn in that order from rng."""
    return {
        "float [0, 1)": rng.random((n, n)),
        "int64 0..999": rng.integers(0, 1000, size=(n, n), dtype=np.int64),
    }


def check_total(name, cost, rows, cols, optimum):
    """Raise if the assignment is not a permutation with the optimal
    total, up to OR-tools' rounding for float costs."""
    n = cost.shape[0]
    if sorted(cols.tolist()) != list(range(n)):
        raise RuntimeError(f"{name}: the result is not a permutation")
    total = cost[rows, cols].sum()
    if np.issubdtype(cost.dtype, np.integer):
        tolerance = 0
    elif name == "OR-tools":
        tolerance = n / ORTOOLS_SCALE
    else:
        tolerance = 1e-9 * max(1.0, abs(optimum))
    if abs(total - optimum) > tolerance:
        raise RuntimeError(f"{name}: total {total} differs from the "
                           f"optimum {optimum}")


def benchmark(cost, peers, repeats):
    """Return {solver name: median seconds} after checking every total."""
    solvers = {"aidmatch": aidmatch_solver(cost)}
    for name, prepare in peers.items():
        solvers[name] = prepare(cost)
    _, rows, cols = solvers["aidmatch"]
    optimum = cost[rows, cols].sum()
    for name, (_, rows, cols) in solvers.items():
        check_total(name, cost, rows, cols, optimum)
    times = {name: [] for name in solvers}
    for _ in range(repeats):
        for name, (run, _, _) in solvers.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[1000, 2000, 4000],
                        help="matrix sizes n (n x n), default 1000 2000 4000")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed runs per solver and matrix, default 5")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the random matrices, default 1")
    args = parser.parse_args()

    peers, missing = make_peers()
    names = ["aidmatch", *peers]
    print(f"Machine: {cpu_model()}, {platform.machine()}, "
          f"Python {platform.python_version()}")
    print("Versions: " + ", ".join(
        f"{package} {version(package)}"
        for package in ("aidmatch", "numpy", "scipy", "lap", "lapjv",
                        "ortools")))
    for name, reason in missing.items():
        print(f"Skipped {name}: {reason}", file=sys.stderr)
    print(f"Median of {args.repeats} runs, seconds; ratio = aidmatch time "
          "/ peer time.\n")
    header = ["matrix", "n", *(f"{name} (s)" for name in names),
              *(f"aidmatch/{name}" for name in peers)]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|")
    rng = np.random.default_rng(args.seed)
    for n in args.sizes:
        for label, cost in make_matrices(rng, n).items():
            medians = benchmark(cost, peers, args.repeats)
            cells = [label, str(n)]
            cells += [f"{medians[name]:.4f}" for name in names]
            cells += [f"{medians['aidmatch'] / medians[name]:.2f}"
                      for name in peers]
            print("| " + " | ".join(cells) + " |", flush=True)
    for name in missing:
        print(f"\n{name}: n/a (not importable)")


if __name__ == "__main__":
    main()
