#!/usr/bin/env python3
"""Benchmark aidmatch-mcf against LEMON and OR-tools on min-cost flow files.

For each DIMACS "p min" instance the script runs, interleaved and --repeats
times each:

* aidmatch-mcf (build/examples), timed as a whole process, file reading
  included;
* lemon-mcf (build/bench), LEMON's NetworkSimplex, also timed as a whole
  process;
* OR-tools' SimpleMinCostFlow in a Python subprocess of this script, which
  times reading the file into arrays and the solve separately.

Every run goes through GNU time (/usr/bin/time -v) for its peak resident set
size, so each solver's memory is its own process's. The script checks that all
solvers report the same optimal cost, and the known optimum where there is one,
and prints a Markdown table with the medians to standard output. Progress goes
to standard error.

Run it with the Python of the project's virtual environment, which has
ortools: .venv/bin/python scripts/bench_mcf.py --repeats 3

Exit status: 0 when all finished runs report the same solution (timeouts
included), 1 when solutions differ or a solver fails, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

REPO = Path(__file__).resolve().parent.parent
GNU_TIME = Path("/usr/bin/time")
SOLVERS = ("aidmatch", "lemon", "ortools")
SOLVER_TITLES = {"aidmatch": "aidmatch", "lemon": "LEMON", "ortools": "OR-tools"}
NETGEN_FILES = ("netgen_8_08a.min", "netgen_8_10a.min", "netgen_8_13a.min")
# (matters, providers) of the capacitated assignment instances. --quick keeps
# only the first.
CAPACITATED_SIZES = ((20_000, 2_000), (100_000, 10_000))
INSTANCE_SEED = 1

# Goals of aidmatch-mcf against its peers.
LEMON_SPEEDUP_GOAL = 1.5


class SetupError(Exception):
    """A missing binary, package or data file, with the fix in the message."""


class InputError(Exception):
    """A malformed DIMACS file read by the OR-tools worker."""


# --------------------------------------------------------------------------
# OR-tools worker: runs in its own process so that its peak RSS is its own.


@dataclass
class DimacsProblem:
    """A "p min" problem with 0-based node ids, as numpy arrays."""

    nodes: int
    supply: numpy.ndarray
    tail: numpy.ndarray
    head: numpy.ndarray
    lower: numpy.ndarray
    upper: numpy.ndarray
    cost: numpy.ndarray


def read_dimacs_arrays(path: Path) -> DimacsProblem:
    """Read a DIMACS "p min" file into numpy arrays.

    Accepts the same files as aidmatch-mcf and lemon-mcf and raises
    InputError, with the line number where it can tell it, on the rest.
    """
    import numpy as np

    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None

    nodes = None
    declared_arcs = 0
    supply_lines: dict[int, int] = {}
    # Arc lines without their leading "a", parsed together below because a
    # per-line parse in Python is several times slower.
    arc_fields: list[bytes] = []
    for number, line in enumerate(lines, start=1):
        if line[:2] == b"a " and nodes is not None:
            arc_fields.append(line[2:])
            continue
        fields = line.split()
        if not fields or fields[0] == b"c":
            continue
        kind = fields[0]
        where = f"{path}:{number}"
        if kind == b"p":
            if nodes is not None:
                raise InputError(f"{where}: a second problem line")
            if len(fields) != 4 or fields[1] != b"min":
                raise InputError(f'{where}: expected "p min NODES ARCS"')
            nodes = parse_count(fields[2], "node count", where)
            declared_arcs = parse_count(fields[3], "arc count", where)
        elif kind in (b"n", b"a"):
            if nodes is None:
                raise InputError(f"{where}: a node or arc line before the problem line")
            if kind == b"a":
                arc_fields.append(b" ".join(fields[1:]))
                continue
            if len(fields) != 3:
                raise InputError(f'{where}: expected "n ID SUPPLY"')
            node_id = parse_integer(fields[1], "node id", where)
            if not 1 <= node_id <= nodes:
                raise InputError(f"{where}: node id {node_id} is outside 1..{nodes}")
            if node_id in supply_lines:
                raise InputError(f"{where}: node {node_id} is listed twice")
            supply_lines[node_id] = parse_integer(fields[2], "supply", where)
        else:
            raise InputError(
                f'{where}: unknown line type "{kind.decode(errors="replace")}" '
                "(expected c, p, n or a)"
            )
    if nodes is None:
        raise InputError(f'{path}: no problem line "p min NODES ARCS"')
    if len(arc_fields) != declared_arcs:
        raise InputError(
            f"{path}: the problem line declares {declared_arcs} arcs but "
            f"{len(arc_fields)} are listed"
        )

    values = parse_arc_values(arc_fields, lines, path)
    tail = values[:, 0] - 1
    head = values[:, 1] - 1
    lower = values[:, 2].copy()
    upper = values[:, 3].copy()
    cost = values[:, 4].copy()
    for name, ends in (("tail", tail), ("head", head)):
        bad = np.flatnonzero((ends < 0) | (ends >= nodes))
        if bad.size:
            raise InputError(
                f"{path}:{arc_line_number(lines, int(bad[0]))}: {name} "
                f"{int(ends[bad[0]]) + 1} is outside 1..{nodes}"
            )
    bad = np.flatnonzero(upper < lower)
    if bad.size:
        raise InputError(
            f"{path}:{arc_line_number(lines, int(bad[0]))}: capacity "
            f"{int(upper[bad[0]])} is below the lower bound {int(lower[bad[0]])}"
        )

    supply = np.zeros(nodes, dtype=np.int64)
    for node_id, value in supply_lines.items():
        supply[node_id - 1] = value
    return DimacsProblem(
        nodes, supply, tail.astype(np.int32), head.astype(np.int32), lower, upper, cost
    )


def parse_integer(text: bytes, field_name: str, where: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(
            f'{where}: {field_name} "{text.decode(errors="replace")}" is not an integer'
        ) from None
    if not -(2**63) <= value < 2**63:
        raise InputError(f"{where}: {field_name} {value} does not fit in 64 bits")
    return value


def parse_count(text: bytes, field_name: str, where: str) -> int:
    value = parse_integer(text, field_name, where)
    if not 0 <= value < 2**31:
        raise InputError(f"{where}: {field_name} {value} is outside 0..2^31-1")
    return value


def parse_arc_values(
    arc_fields: list[bytes], lines: list[bytes], path: Path
) -> numpy.ndarray:
    """Parse "TAIL HEAD LOW CAP COST" of every arc into an (arcs, 5) array."""
    import numpy as np

    for index, fields in enumerate(arc_fields):
        if len(fields.split()) != 5:
            raise InputError(
                f"{path}:{arc_line_number(lines, index)}: expected "
                '"a TAIL HEAD LOW CAP COST"'
            )
    text = b" ".join(arc_fields)
    if re.search(rb"[0-9]{19}", text):
        # numpy clamps values beyond 64 bits, so parse exactly in Python,
        # which raises OverflowError when numpy.array gets such a value.
        try:
            values = np.array([int(token) for token in text.split()], dtype=np.int64)
        except (ValueError, OverflowError):
            raise InputError(
                f"{path}: an arc line has a value that does not fit in "
                "64 bits or is not an integer"
            ) from None
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                values = np.fromstring(text, dtype=np.int64, sep=" ")
            except (ValueError, DeprecationWarning):
                values = None
        if values is None or values.size != 5 * len(arc_fields):
            index = first_non_integer_arc(arc_fields)
            raise InputError(
                f"{path}:{arc_line_number(lines, index)}: an arc value is not an "
                "integer"
            )
    return values.reshape(len(arc_fields), 5)


def first_non_integer_arc(arc_fields: list[bytes]) -> int:
    for index, fields in enumerate(arc_fields):
        for token in fields.split():
            try:
                int(token)
            except ValueError:
                return index
    return 0


def arc_line_number(lines: list[bytes], arc_index: int) -> int:
    """Return the 1-based line number of the arc with 0-based index arc_index."""
    seen = -1
    for number, line in enumerate(lines, start=1):
        fields = line.split(maxsplit=1)
        if fields and fields[0] == b"a":
            seen += 1
            if seen == arc_index:
                return number
    return len(lines)


def solve_with_ortools(problem: DimacsProblem) -> str:
    """Solve with SimpleMinCostFlow and return the cost or "INFEASIBLE".

    SimpleMinCostFlow has no lower bounds, so an arc with lower bound L is
    given L units of flow up front. Its capacity and its tail's supply drop
    by L, its head's supply rises by L, and L times its cost is added.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    supply = problem.supply.copy()
    capacity = problem.upper
    offset = 0
    shifted = np.flatnonzero(problem.lower)
    if shifted.size:
        lower = problem.lower
        capacity = problem.upper - lower
        np.subtract.at(supply, problem.tail[shifted], lower[shifted])
        np.add.at(supply, problem.head[shifted], lower[shifted])
        offset = sum(int(lower[a]) * int(problem.cost[a]) for a in shifted.tolist())

    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        problem.tail, problem.head, capacity, problem.cost
    )
    solver.set_nodes_supplies(np.arange(problem.nodes, dtype=np.int32), supply)
    status = solver.solve()
    if status == solver.OPTIMAL:
        return str(solver.optimal_cost() + offset)
    if status in (solver.INFEASIBLE, solver.UNBALANCED):
        return "INFEASIBLE"
    raise InputError(f"SimpleMinCostFlow returned status {status!r}")


def read_status_kb(name: str) -> int | None:
    """Return a kB field of /proc/self/status, such as VmRSS or VmHWM."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{name}:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS, which Linux supports since 4.0.

    The reset also lowers the ru_maxrss that GNU time reports at exit, so
    the caller must report the peak from before the reset itself.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def run_ortools_worker(path: Path) -> int:
    """Read and solve one file and print the solution and times as JSON.

    It also reports the RSS after the imports and the peak RSS from the end of
    reading to the end of the solve. The harness uses them to tell the memory
    of OR-tools apart from that of Python and of the reader.
    """
    import numpy  # noqa: F401 (imported here so that import_rss_kb includes it)
    from ortools.graph.python import min_cost_flow  # noqa: F401

    import_rss_kb = read_status_kb("VmRSS")
    try:
        start = time.perf_counter()
        problem = read_dimacs_arrays(path)
        read_done = time.perf_counter()
        read_peak_rss_kb = read_status_kb("VmHWM")
        solve_peak_known = reset_peak_rss()
        solution = solve_with_ortools(problem)
        solve_done = time.perf_counter()
    except InputError as error:
        print(f"bench_mcf: OR-tools worker: {error}", file=sys.stderr)
        return 1
    solve_peak_rss_kb = read_status_kb("VmHWM") if solve_peak_known else None
    print(
        json.dumps(
            {
                "solution": solution,
                "read_seconds": read_done - start,
                "solve_seconds": solve_done - read_done,
                "import_rss_kb": import_rss_kb,
                "read_peak_rss_kb": read_peak_rss_kb,
                "solve_peak_rss_kb": solve_peak_rss_kb,
            }
        )
    )
    return 0


# --------------------------------------------------------------------------
# Harness.


@dataclass
class Instance:
    name: str
    path: Path
    # Known optimal cost or "INFEASIBLE" from a trusted table, or None.
    known_solution: str | None = None
    nodes: int = 0
    arcs: int = 0


@dataclass
class Run:
    """One timed process run."""

    outcome: str  # "ok", "timeout" or "error"
    seconds: float
    peak_rss_kb: int | None = None
    solution: str | None = None
    stdout: str = ""
    message: str = ""
    # Set for the OR-tools worker only, measured inside it.
    read_seconds: float | None = None
    solve_seconds: float | None = None
    import_rss_kb: int | None = None
    solve_peak_rss_kb: int | None = None


@dataclass
class SolverResult:
    runs: list[Run] = field(default_factory=list)

    def finished(self) -> list[Run]:
        return [run for run in self.runs if run.outcome == "ok"]

    def timed_out(self) -> bool:
        return any(run.outcome == "timeout" for run in self.runs)

    def failed(self) -> bool:
        return any(run.outcome == "error" for run in self.runs)

    def median(self, attribute: str = "seconds") -> float | None:
        values = [getattr(run, attribute) for run in self.finished()]
        return statistics.median(values) if values else None

    def peak_rss_kb(self) -> int | None:
        values = [run.peak_rss_kb for run in self.runs if run.peak_rss_kb]
        return max(values) if values else None

    def solve_rss_kb(self) -> int | None:
        """Return the peak RSS of the OR-tools solve phase less the RSS of
        Python, numpy and ortools after import, the largest over the runs.

        It counts the arrays passed to OR-tools and OR-tools' own memory.
        """
        values = [
            run.solve_peak_rss_kb - run.import_rss_kb
            for run in self.finished()
            if run.solve_peak_rss_kb and run.import_rss_kb
        ]
        return max(values) if values else None

    def solutions(self) -> set[str]:
        return {run.solution for run in self.finished() if run.solution is not None}


def peak_rss_of_children_kb(pid: int) -> int | None:
    """Return the largest VmHWM of the child processes of pid, if readable.

    Used on a timeout, when GNU time is killed before it can report.
    """
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    peaks = []
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            peaks.append(int(match.group(1)))
    return max(peaks) if peaks else None


def run_timed(command: list[str], timeout: float) -> Run:
    """Run command under GNU time, killing its process group after timeout s."""
    with tempfile.NamedTemporaryFile(prefix="bench_mcf_time_", suffix=".txt") as report:
        full_command = [str(GNU_TIME), "-v", "-o", report.name, *command]
        start = time.perf_counter()
        # A new session, so that a timeout kills the solver under GNU time too.
        process = subprocess.Popen(
            full_command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            peak = peak_rss_of_children_kb(process.pid)
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Run("timeout", timeout, peak_rss_kb=peak)
        seconds = time.perf_counter() - start
        time_report = Path(report.name).read_text()

    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_report)
    peak = int(match.group(1)) if match else None
    if process.returncode != 0:
        detail = (stderr.strip() or time_report.strip()).splitlines()
        message = detail[-1] if detail else f"exit status {process.returncode}"
        return Run("error", seconds, peak_rss_kb=peak, message=message)
    return Run("ok", seconds, peak_rss_kb=peak, stdout=stdout)


def parse_solution_line(stdout: str) -> str | None:
    """Return COST or INFEASIBLE from the DIMACS solution line "s ...", if any."""
    for line in stdout.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "s":
            return fields[1]
    return None


def solver_command(solver: str, path: Path, build_dir: Path) -> list[str]:
    if solver == "aidmatch":
        return [str(build_dir / "examples" / "aidmatch-mcf"), str(path)]
    if solver == "lemon":
        return [str(build_dir / "bench" / "lemon-mcf"), str(path)]
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--ortools-worker",
        str(path),
    ]


def run_solver(solver: str, instance: Instance, args: argparse.Namespace) -> Run:
    command = solver_command(solver, instance.path, args.build_dir)
    run = run_timed(command, args.timeout)
    if run.outcome != "ok":
        return run

    output = run.stdout
    if solver != "ortools":
        run.solution = parse_solution_line(output)
        if run.solution is None:
            run.outcome = "error"
            run.message = f'no solution line "s ..." in the output: {output[:200]!r}'
        return run

    try:
        report = json.loads(output)
    except json.JSONDecodeError:
        run.outcome = "error"
        run.message = f"the OR-tools worker printed no JSON: {output[:200]!r}"
        return run
    run.solution = report["solution"]
    run.read_seconds = report["read_seconds"]
    run.solve_seconds = report["solve_seconds"]
    run.import_rss_kb = report["import_rss_kb"]
    # The worker resets the peak after reading, so GNU time reports only the
    # peak of the solve phase. The process peak is the larger of the two.
    read_peak = report["read_peak_rss_kb"]
    if read_peak and (run.peak_rss_kb is None or read_peak > run.peak_rss_kb):
        run.peak_rss_kb = read_peak
    run.solve_peak_rss_kb = report["solve_peak_rss_kb"]
    return run


def describe_run(run: Run) -> str:
    if run.outcome == "timeout":
        return f"timed out after {run.seconds:g} s"
    if run.outcome == "error":
        return f"failed: {run.message}"
    text = f"{run.seconds:.3f} s"
    if run.solve_seconds is not None:
        text += f" (read {run.read_seconds:.3f} s, solve {run.solve_seconds:.3f} s)"
    if run.peak_rss_kb:
        text += f", {run.peak_rss_kb / 1024:.1f} MB"
    return f"{text}, s {run.solution}"


def benchmark(instance: Instance, args: argparse.Namespace) -> dict[str, SolverResult]:
    """Run each solver args.repeats times, interleaved, skipping after a timeout."""
    results = {solver: SolverResult() for solver in SOLVERS}
    for repeat in range(1, args.repeats + 1):
        for solver in SOLVERS:
            result = results[solver]
            if result.timed_out() or result.failed():
                continue
            run = run_solver(solver, instance, args)
            result.runs.append(run)
            log(
                f"[{instance.name}] {SOLVER_TITLES[solver]} run {repeat}/"
                f"{args.repeats}: {describe_run(run)}"
            )
    return results


# --------------------------------------------------------------------------
# Instances.


def read_known_solutions(directory: Path) -> dict[str, str]:
    """Read optima.tsv (file, status, optimum) next to the netgen files, if any."""
    table = directory / "optima.tsv"
    solutions: dict[str, str] = {}
    if not table.is_file():
        return solutions
    for line in table.read_text().splitlines()[1:]:
        columns = line.split("\t")
        if len(columns) < 2:
            continue
        if columns[1] == "INFEASIBLE":
            solutions[columns[0]] = "INFEASIBLE"
        elif columns[1] == "OPTIMAL" and len(columns) > 2 and columns[2]:
            solutions[columns[0]] = columns[2]
    return solutions


def read_problem_size(path: Path) -> tuple[int, int]:
    """Return (nodes, arcs) from the first "p min NODES ARCS" line of path."""
    with path.open("rb") as file:
        for line in file:
            fields = line.split()
            if len(fields) == 4 and fields[0] == b"p":
                try:
                    return int(fields[2]), int(fields[3])
                except ValueError:
                    break
    raise SetupError(f'{path}: no valid problem line "p min NODES ARCS"')


def make_capacitated(matters: int, providers: int, data_dir: Path) -> Path:
    """Return the instance file, writing it with make_capacitated_instance.py
    when it is missing."""
    path = data_dir / f"capacitated_{matters}x{providers}_seed{INSTANCE_SEED}.min"
    if path.is_file():
        return path
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".min.partial")
    command = [
        sys.executable,
        str(REPO / "scripts" / "make_capacitated_instance.py"),
        f"--matters={matters}",
        f"--providers={providers}",
        f"--seed={INSTANCE_SEED}",
        f"--out={partial}",
    ]
    log(f"writing {path}")
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        partial.unlink(missing_ok=True)
        raise SetupError(f"cannot write {path}: {completed.stderr.strip()}")
    partial.replace(path)
    return path


def collect_instances(
    args: argparse.Namespace,
    capacitated_sizes: tuple[tuple[int, int], ...] | None = None,
    netgen_files: tuple[str, ...] = NETGEN_FILES,
) -> list[Instance]:
    """Return the capacitated instances, written when missing, then the netgen
    files, with their sizes read.

    capacitated_sizes is a tuple of (matters, providers) pairs. The default is
    CAPACITATED_SIZES, or only its first pair with --quick. Raises SetupError
    when a netgen file is missing.
    """
    if capacitated_sizes is None:
        capacitated_sizes = CAPACITATED_SIZES[:1] if args.quick else CAPACITATED_SIZES
    instances = []
    for matters, providers in capacitated_sizes:
        path = make_capacitated(matters, providers, args.data_dir)
        instances.append(Instance(f"capacitated {matters:,} x {providers:,}", path))
    known = read_known_solutions(args.netgen_dir)
    for name in netgen_files:
        path = args.netgen_dir / name
        if not path.is_file():
            raise SetupError(
                f"{path} not found. Pass the folder of the netgen files "
                "with --netgen-dir"
            )
        instances.append(Instance(name.removesuffix(".min"), path, known.get(name)))
    for instance in instances:
        instance.nodes, instance.arcs = read_problem_size(instance.path)
    return instances


# --------------------------------------------------------------------------
# Report.


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds >= 100:
        return f"{seconds:.0f}"
    if seconds >= 10:
        return f"{seconds:.1f}"
    if seconds >= 1:
        return f"{seconds:.2f}"
    return f"{seconds:.3g}"


def time_cell(result: SolverResult, timeout: float, attribute: str = "seconds") -> str:
    if result.timed_out():
        return f"timeout (> {timeout:g})"
    if result.failed():
        return "error"
    return format_seconds(result.median(attribute))


def megabytes(kilobytes: int | None) -> str:
    return "n/a" if kilobytes is None else f"{kilobytes / 1024:.1f}"


def rss_cell(result: SolverResult) -> str:
    text = megabytes(result.peak_rss_kb())
    # After a timeout the peak is the one at the moment of the kill.
    return f">= {text}" if result.timed_out() and text != "n/a" else text


def speed_ratio(
    peer: SolverResult, ours: SolverResult, timeout: float, attribute: str
) -> tuple[str, float | None, str]:
    """Return (cell text, ratio or bound, bound kind "", "<" or ">") of peer/ours.

    A timed-out side counts as taking the timeout, which bounds the ratio.
    """
    peer_seconds = timeout if peer.timed_out() else peer.median(attribute)
    our_seconds = timeout if ours.timed_out() else ours.median(attribute="seconds")
    if peer_seconds is None or our_seconds is None or peer.failed() or ours.failed():
        return "n/a", None, ""
    if peer.timed_out() and ours.timed_out():
        return "n/a (both timed out)", None, ""
    ratio = peer_seconds / our_seconds
    if ours.timed_out():
        return f"< {ratio:.3g}", ratio, "<"
    if peer.timed_out():
        return f"> {ratio:.3g}", ratio, ">"
    return f"{ratio:.2f}", ratio, ""


def speed_goal(ratio: float | None, bound: str, goal: float, strict: bool) -> str:
    if ratio is None:
        return "n/a"
    if bound == "<":
        met = False if ratio <= goal else None
    else:
        met = ratio > goal if strict else ratio >= goal
        if bound == ">" and not met:
            met = None
    return {True: "yes", False: "no", None: "unknown"}[met]


def memory_goal(
    ours: SolverResult, peer: SolverResult, peer_peak_kb: int | None
) -> str:
    """Return whether the peak RSS of aidmatch is at most peer_peak_kb.

    A peak taken when a run was killed is only a lower bound of the real one.
    """
    our_peak = ours.peak_rss_kb()
    if our_peak is None or peer_peak_kb is None:
        return "n/a"
    if our_peak > peer_peak_kb and not peer.timed_out():
        return "no"
    if ours.timed_out() or peer.timed_out():
        return "unknown"
    return "yes"


def solution_cell(
    instance: Instance, results: dict[str, SolverResult]
) -> tuple[str, bool]:
    """Return (the agreed solution or a mismatch note, whether all agree)."""
    solutions: dict[str, set[str]] = {
        solver: results[solver].solutions() for solver in SOLVERS
    }
    distinct = set().union(*solutions.values())
    if instance.known_solution is not None:
        distinct.add(instance.known_solution)
    if len(distinct) == 1:
        return next(iter(distinct)), True
    if not distinct:
        return "n/a", True
    parts = [
        f"{SOLVER_TITLES[solver]} {'/'.join(sorted(values))}"
        for solver, values in solutions.items()
        if values
    ]
    if instance.known_solution is not None:
        parts.append(f"known {instance.known_solution}")
    return "MISMATCH: " + ", ".join(parts), False


def markdown_table(
    rows: list[tuple[Instance, dict[str, SolverResult]]], timeout: float
) -> tuple[str, bool]:
    header = [
        "instance",
        "nodes",
        "arcs",
        "optimal cost",
        "aidmatch s",
        "LEMON s",
        "OR-tools solve s",
        "OR-tools total s",
        "LEMON / aidmatch",
        "OR-tools / aidmatch",
        "aidmatch MB",
        "LEMON MB",
        "OR-tools MB",
        "OR-tools solve MB",
        f">= {LEMON_SPEEDUP_GOAL}x LEMON",
        "faster than OR-tools",
        "RSS <= LEMON",
        "RSS <= OR-tools",
    ]
    align = ["---"] + ["---:"] * 13 + [":---:"] * 4
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    all_agree = True
    for instance, results in rows:
        ours = results["aidmatch"]
        lemon = results["lemon"]
        ortools = results["ortools"]
        solution, agree = solution_cell(instance, results)
        all_agree = all_agree and agree
        lemon_text, lemon_ratio, lemon_bound = speed_ratio(
            lemon, ours, timeout, "seconds"
        )
        ortools_text, ortools_ratio, ortools_bound = speed_ratio(
            ortools, ours, timeout, "solve_seconds"
        )
        cells = [
            instance.name,
            f"{instance.nodes:,}",
            f"{instance.arcs:,}",
            solution,
            time_cell(ours, timeout),
            time_cell(lemon, timeout),
            time_cell(ortools, timeout, "solve_seconds"),
            format_total_seconds(ortools, timeout),
            lemon_text,
            ortools_text,
            rss_cell(ours),
            rss_cell(lemon),
            rss_cell(ortools),
            megabytes(ortools.solve_rss_kb()),
            speed_goal(lemon_ratio, lemon_bound, LEMON_SPEEDUP_GOAL, strict=False),
            speed_goal(ortools_ratio, ortools_bound, 1.0, strict=True),
            memory_goal(ours, lemon, lemon.peak_rss_kb()),
            memory_goal(ours, ortools, ortools.peak_rss_kb()),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines), all_agree


def format_total_seconds(result: SolverResult, timeout: float) -> str:
    if result.timed_out() or result.failed():
        return time_cell(result, timeout)
    totals = [run.read_seconds + run.solve_seconds for run in result.finished()]
    return format_seconds(statistics.median(totals)) if totals else "n/a"


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def installed_version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def lemon_version() -> str:
    try:
        text = Path("/usr/include/lemon/config.h").read_text()
    except OSError:
        return "unknown"
    match = re.search(r'LEMON_VERSION "([^"]+)"', text)
    return match.group(1) if match else "unknown"


def describe_build(build_dir: Path, built_at_start: float) -> str:
    """Describe the aidmatch-mcf binary: its build time and the source commit.

    built_at_start is the binary's modification time when the benchmark began.
    """
    binary = build_dir / "examples" / "aidmatch-mcf"
    try:
        modified = binary.stat().st_mtime
    except OSError:
        return f"{binary} (WARNING: missing at the end of the benchmark)"
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(modified))
    if modified != built_at_start:
        built += " (WARNING: rebuilt during the benchmark, so rows mix two builds)"
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"{binary}, built {built}"
    state = " with uncommitted changes" if changes else ""
    return f"{binary}, built {built}, work tree at commit {commit}{state}"


def print_report(
    rows: list[tuple[Instance, dict[str, SolverResult]]],
    args: argparse.Namespace,
    load_before: tuple[float, float, float],
    built_at_start: float,
) -> bool:
    table, all_agree = markdown_table(rows, args.timeout)
    load_after = os.getloadavg()
    command = " ".join(shlex.quote(part) for part in [sys.executable, *sys.argv])
    print(f"Command: `{command}`\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu_model()}), Python "
        f"{platform.python_version()}, ortools {installed_version('ortools')}, "
        f"LEMON {lemon_version()}. Load average (1 min) {load_before[0]:.2f} "
        f"before, {load_after[0]:.2f} after.\n"
    )
    print(f"aidmatch-mcf: {describe_build(args.build_dir, built_at_start)}\n")
    print(
        f"Medians of {args.repeats} runs per solver, run interleaved, with a "
        f"timeout of {args.timeout:g} s per run.\n"
    )
    print(table)
    print()
    print_notes(rows)
    return all_agree


def print_notes(rows: list[tuple[Instance, dict[str, SolverResult]]]) -> None:
    import_sizes = [
        run.import_rss_kb
        for _, results in rows
        for run in results["ortools"].finished()
        if run.import_rss_kb
    ]
    print(
        "- aidmatch and LEMON: wall time of the whole process, file reading included."
    )
    print(
        "- OR-tools solve: loading the arrays into SimpleMinCostFlow and "
        "solve(). OR-tools total adds reading the file into numpy arrays in "
        "Python. "
        "OR-tools / aidmatch uses the solve time, which favours OR-tools."
    )
    python_size = (
        f"{max(import_sizes) / 1024:.1f} MB" if import_sizes else "an unknown size"
    )
    print(
        "- MB: peak resident set size of each process, from GNU time and, for "
        "OR-tools, from VmHWM at the end of reading. The OR-tools process "
        "includes the Python interpreter, numpy and ortools "
        f"({python_size} after import) and the Python reader's temporary lists."
    )
    print(
        "- OR-tools solve MB: peak RSS from the end of reading to the end of the "
        "solve, less the RSS after import: the arrays passed to OR-tools and "
        "OR-tools' own memory, an estimate. RSS <= OR-tools compares whole "
        "process peaks, which favours aidmatch because the OR-tools process "
        "carries Python. OR-tools solve MB shows the solver's share alone."
    )
    print(
        "- A timed-out run counts as taking the timeout in the ratios, and its "
        "MB is the peak at the moment it was killed."
    )


# --------------------------------------------------------------------------
# Command line.


def log(message: str) -> None:
    print(f"bench_mcf: {message}", file=sys.stderr, flush=True)


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark aidmatch-mcf against LEMON's NetworkSimplex and "
        "OR-tools' SimpleMinCostFlow and print a Markdown table."
    )
    parser.add_argument(
        "--repeats",
        type=positive_int,
        default=3,
        help="runs per solver and instance, of which the table shows the median "
        "(default: 3)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the 100,000 x 10,000 capacitated instance",
    )
    parser.add_argument(
        "--timeout",
        type=positive_number,
        default=300.0,
        help="seconds after which a run is killed and reported as "
        "a timeout (default: 300)",
    )
    parser.add_argument(
        "--build-dir",
        type=Path,
        default=REPO / "build",
        help="CMake build folder with examples/aidmatch-mcf and "
        "bench/lemon-mcf (default: %(default)s)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder for the generated capacitated instances "
        "(default: BUILD_DIR/bench-data)",
    )
    parser.add_argument(
        "--netgen-dir",
        type=Path,
        default=REPO.parent / "shared" / "data" / "dimacs-mcf",
        help="folder with the netgen_8_*.min files and optionally "
        "optima.tsv (default: %(default)s)",
    )
    parser.add_argument(
        "--ortools-worker", type=Path, metavar="FILE", help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.data_dir is None:
        args.data_dir = args.build_dir / "bench-data"
    return args


def check_setup(args: argparse.Namespace) -> None:
    if not GNU_TIME.is_file():
        raise SetupError(
            f"{GNU_TIME} not found. Install GNU time: apt-get install -y time"
        )
    for binary, target in (
        (args.build_dir / "examples" / "aidmatch-mcf", "aidmatch-mcf"),
        (args.build_dir / "bench" / "lemon-mcf", "lemon-mcf"),
    ):
        if not os.access(binary, os.X_OK):
            raise SetupError(
                f"{binary} not found. Build it with: cd {args.build_dir} "
                f"&& ninja {target} (lemon-mcf needs "
                "-DAIDMATCH_BUILD_BENCHMARKS=ON)"
            )
    if importlib.util.find_spec("ortools") is None:
        raise SetupError(
            f"ortools is not installed for {sys.executable}. Run "
            "the script with .venv/bin/python after "
            ".venv/bin/pip install -r requirements.txt"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.ortools_worker is not None:
        return run_ortools_worker(args.ortools_worker)

    try:
        check_setup(args)
        instances = collect_instances(args)
    except SetupError as error:
        log(f"error: {error}")
        return 2

    load_before = os.getloadavg()
    built_at_start = (args.build_dir / "examples" / "aidmatch-mcf").stat().st_mtime
    rows = []
    for instance in instances:
        log(
            f"[{instance.name}] {instance.path}: {instance.nodes:,} nodes, "
            f"{instance.arcs:,} arcs"
        )
        rows.append((instance, benchmark(instance, args)))

    all_agree = print_report(rows, args, load_before, built_at_start)
    failures = [
        f"{instance.name}: {SOLVER_TITLES[solver]}: {run.message}"
        for instance, results in rows
        for solver in SOLVERS
        for run in results[solver].runs
        if run.outcome == "error"
    ]
    for failure in failures:
        log(f"error: {failure}")
    if not all_agree:
        log(
            "error: the reported optimal costs differ from each other or from the "
            "known optimum (MISMATCH in the table)"
        )
    return 0 if all_agree and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
