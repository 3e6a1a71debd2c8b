#!/usr/bin/env python3
"""Run every aidmatch benchmark with its peers and write docs/benchmarks.md.

Sections, each of which --skip leaves out:

  dense   aidmatch.linear_sum_assignment against SciPy, lap, lapjv and OR-tools
          on dense random matrices, through scripts/bench_assignment.py.
  mcf     build/examples/aidmatch-mcf against LEMON's NetworkSimplex
          (build/bench/lemon-mcf) and OR-tools' SimpleMinCostFlow on DIMACS
          files, as whole processes with their peak memory, through
          scripts/bench_mcf.py.
  gbench  every Google Benchmark case of build/bench/aidmatch_bench.

The report records the machine and the command line, shows every table with
medians and ratios peer time / aidmatch time, and marks each performance goal
of the solver requirements as met or not met with its figure. The report is
generated: change this script, never the output file.

Run it with the Python of the project's virtual environment, which has the
peers installed:

  .venv/bin/python scripts/bench_report.py
  .venv/bin/python scripts/bench_report.py --quick --out /tmp/bench_quick.md

Progress goes to standard error. The exit status is 0 when all runs finished
and the solvers agree on every optimum. It is 1 when solvers disagree or a run
fails, and the report is still written with a list of the errors. It is 2 on a
setup error, when nothing is run and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.machinery
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
# The sibling scripts bench_assignment.py and bench_mcf.py are imported as
# modules. bench_assignment imports aidmatch, so it is imported only when the
# dense section runs.
sys.path.insert(0, str(SCRIPTS))

import bench_mcf  # noqa: E402

REPO = SCRIPTS.parent
BUILD_DIR = REPO / "build"
DEFAULT_OUT = REPO / "docs" / "benchmarks.md"
SECTIONS = ("dense", "mcf", "gbench")
GBENCH_BINARY = BUILD_DIR / "bench" / "aidmatch_bench"

# Sizes and repeats of a full run and of a --quick run.
DENSE_SIZES = (1000, 2000, 4000)
QUICK_DENSE_SIZES = (100, 200)
DENSE_SEED = 1
CAPACITATED_SIZES = bench_mcf.CAPACITATED_SIZES
QUICK_CAPACITATED_SIZES = ((2_000, 200),)
QUICK_NETGEN_FILES = ("netgen_8_08a.min",)
DEFAULT_REPEATS = {"dense": 5, "mcf": 3, "gbench": 3}
MCF_TIMEOUT_SECONDS = 300.0
QUICK_MCF_TIMEOUT_SECONDS = 60.0
# --quick runs only the Google Benchmark cases whose numeric arguments are all
# at most this, plus the goal cases below, each for a minimum of
# QUICK_GBENCH_MIN_TIME seconds.
QUICK_GBENCH_MAX_ARGUMENT = 2000
QUICK_GBENCH_MIN_TIME = 0.01

# Goals of the solver requirements.
SCIPY_SPEEDUP_GOAL = 2.0
OTHER_DENSE_PEERS = ("lap", "lapjv", "OR-tools")
LEMON_SPEEDUP_GOAL = bench_mcf.LEMON_SPEEDUP_GOAL
RESOLVE_SPEEDUP_GOAL = 20.0
# The re-solve goal compares these two Google Benchmark families at these
# numeric arguments (rows, columns), whether the arguments are named or not.
RESOLVE_FAMILY = "BM_Matching_ResolveAfterRefusal"
SCRATCH_FAMILY = "BM_Matching/AugmentingPath"
RESOLVE_ARGUMENTS = [20000, 2000]
SCORING_PREFIX = "BM_Score"
DISPATCH_PREFIX = "BM_Dispatch"
# The dispatch of the scoring benchmarks' batch, which reports the time of
# its solve alone as the counter solve_seconds.
SCORING_BATCH_CASE = "BM_Dispatch_ScoringBatch"

TIME_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


class SetupError(Exception):
    """A missing program, package or data file, with the fix in the message."""


def log(message: str) -> None:
    print(f"bench_report: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Plan of a run.


@dataclass(frozen=True)
class Plan:
    """Sections, sizes and repeats of one run."""

    quick: bool
    sections: tuple[str, ...]
    dense_sizes: tuple[int, ...]
    dense_repeats: int
    capacitated_sizes: tuple[tuple[int, int], ...]
    netgen_files: tuple[str, ...]
    mcf_repeats: int
    mcf_timeout: float
    gbench_repetitions: int
    # Minimum seconds per repetition, or None for Google Benchmark's default.
    gbench_min_time: float | None


def make_plan(args: argparse.Namespace) -> Plan:
    sections = tuple(name for name in SECTIONS if name not in (args.skip or []))
    if args.quick:
        plan = Plan(
            quick=True,
            sections=sections,
            dense_sizes=QUICK_DENSE_SIZES,
            dense_repeats=1,
            capacitated_sizes=QUICK_CAPACITATED_SIZES,
            netgen_files=QUICK_NETGEN_FILES,
            mcf_repeats=1,
            mcf_timeout=QUICK_MCF_TIMEOUT_SECONDS,
            gbench_repetitions=1,
            gbench_min_time=QUICK_GBENCH_MIN_TIME,
        )
    else:
        plan = Plan(
            quick=False,
            sections=sections,
            dense_sizes=DENSE_SIZES,
            dense_repeats=DEFAULT_REPEATS["dense"],
            capacitated_sizes=CAPACITATED_SIZES,
            netgen_files=bench_mcf.NETGEN_FILES,
            mcf_repeats=DEFAULT_REPEATS["mcf"],
            mcf_timeout=MCF_TIMEOUT_SECONDS,
            gbench_repetitions=DEFAULT_REPEATS["gbench"],
            gbench_min_time=None,
        )
    if args.repeats is not None:
        plan = replace(
            plan,
            dense_repeats=args.repeats,
            mcf_repeats=args.repeats,
            gbench_repetitions=args.repeats,
        )
    return plan


# --------------------------------------------------------------------------
# Machine and build.


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def physical_core_count() -> int | None:
    """Count the distinct (physical id, core id) pairs of /proc/cpuinfo."""
    cores = set()
    for block in (read_text(Path("/proc/cpuinfo")) or "").split("\n\n"):
        package = re.search(r"^physical id\s*:\s*(\d+)", block, re.MULTILINE)
        core = re.search(r"^core id\s*:\s*(\d+)", block, re.MULTILINE)
        if package and core:
            cores.add((package.group(1), core.group(1)))
    return len(cores) or None


def cpu_description() -> str:
    model = bench_mcf.cpu_model()
    logical = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0))
    physical = physical_core_count()
    text = f"{model}, {physical or 'unknown'} cores, {logical} logical CPUs"
    if usable != logical:
        text += f", {usable} usable by this process"
    return text


def memory_description() -> str:
    meminfo = read_text(Path("/proc/meminfo")) or ""
    match = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
    if not match:
        return "unknown"
    return f"{int(match.group(1)) / 1024**2:.1f} GiB"


def os_description() -> str:
    release = read_text(Path("/etc/os-release")) or ""
    match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', release, re.MULTILINE)
    name = match.group(1) if match else platform.system()
    return f"{name}, kernel {platform.release()} {platform.machine()}"


def read_cmake_cache(build_dir: Path) -> dict[str, str]:
    """Return the NAME:TYPE=VALUE entries of CMakeCache.txt as {NAME: VALUE}."""
    entries = {}
    for line in (read_text(build_dir / "CMakeCache.txt") or "").splitlines():
        match = re.match(r"^([A-Za-z_][\w.-]*):[A-Z]+=(.*)$", line)
        if match:
            entries[match.group(1)] = match.group(2)
    return entries


def first_output_line(command: list[str]) -> str | None:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return None
    lines = completed.stdout.strip().splitlines()
    return lines[0] if completed.returncode == 0 and lines else None


def compiler_description(cache: dict[str, str]) -> str:
    compiler = cache.get("CMAKE_CXX_COMPILER")
    if compiler:
        version = first_output_line([compiler, "--version"]) or "version unknown"
        build_type = cache.get("CMAKE_BUILD_TYPE") or "none"
        flags = " ".join(
            value
            for value in (
                cache.get("CMAKE_CXX_FLAGS", ""),
                cache.get(f"CMAKE_CXX_FLAGS_{build_type.upper()}", ""),
            )
            if value
        )
        return (
            f"{version} ({compiler}), CMake build type {build_type}, flags "
            f"`{flags or 'none'}`, from build/CMakeCache.txt"
        )
    version = first_output_line(["c++", "--version"]) or "unknown"
    return f"{version} (`c++ --version`; build/CMakeCache.txt not found)"


def package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def google_benchmark_version(cache: dict[str, str]) -> str:
    folder = cache.get("benchmark_DIR")
    if not folder:
        return "unknown"
    text = read_text(Path(folder) / "benchmarkConfigVersion.cmake") or ""
    match = re.search(r'set\(PACKAGE_VERSION "([^"]+)"\)', text)
    return match.group(1) if match else "unknown"


def packages_description(cache: dict[str, str]) -> str:
    packages = [
        ("numpy", "numpy"),
        ("SciPy", "scipy"),
        ("lap", "lap"),
        ("lapjv", "lapjv"),
        ("OR-tools", "ortools"),
    ]
    parts = [f"{title} {package_version(name)}" for title, name in packages]
    parts.append(f"LEMON {bench_mcf.lemon_version()}")
    parts.append(f"Google Benchmark {google_benchmark_version(cache)}")
    return ", ".join(parts)


def git_state() -> str:
    def git(*arguments: str) -> str | None:
        try:
            completed = subprocess.run(
                ["git", "-C", str(REPO), *arguments],
                capture_output=True,
                text=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        return completed.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "not a git work tree"
    changes = git("status", "--porcelain", "--untracked-files=no")
    return f"commit {commit}" + (" with uncommitted changes" if changes else "")


def python_module_path() -> Path | None:
    """Return the compiled extension of the installed aidmatch package."""
    spec = importlib.util.find_spec("aidmatch")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        matches = sorted(folder.glob(f"*{suffix}"))
        if matches:
            return matches[0]
    return None


@dataclass(frozen=True)
class Artifact:
    """A built program that a section runs, and the folders of its sources."""

    title: str
    path: Path | None
    source_folders: tuple[str, ...]


LIBRARY_SOURCES = ("src", "include")


def artifacts_for(sections: tuple[str, ...]) -> list[Artifact]:
    artifacts = []
    if "dense" in sections:
        artifacts.append(
            Artifact(
                "aidmatch Python module",
                python_module_path(),
                (*LIBRARY_SOURCES, "bindings", "python"),
            )
        )
    if "mcf" in sections:
        artifacts += [
            Artifact(
                "aidmatch-mcf",
                BUILD_DIR / "examples" / "aidmatch-mcf",
                (*LIBRARY_SOURCES, "examples"),
            ),
            Artifact(
                "lemon-mcf",
                BUILD_DIR / "bench" / "lemon-mcf",
                (*LIBRARY_SOURCES, "bench"),
            ),
        ]
    if "gbench" in sections:
        artifacts.append(
            Artifact("aidmatch_bench", GBENCH_BINARY, (*LIBRARY_SOURCES, "bench"))
        )
    return artifacts


def modification_time(path: Path | None) -> float | None:
    if path is None:
        return None
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def newest_source(folders: tuple[str, ...]) -> tuple[Path, float] | None:
    """Return the most recently modified file in the given folders of the
    repository, or the top CMakeLists.txt, with its modification time."""
    newest: tuple[Path, float] | None = None
    files = [REPO / "CMakeLists.txt"]
    for name in folders:
        for folder, _, names in os.walk(REPO / name):
            files.extend(Path(folder) / file_name for file_name in names)
    for path in files:
        modified = modification_time(path)
        if modified is not None and (newest is None or modified > newest[1]):
            newest = (path, modified)
    return newest


def format_timestamp(seconds: float) -> str:
    return (
        datetime.datetime.fromtimestamp(seconds)
        .astimezone()
        .strftime("%Y-%m-%d %H:%M:%S %Z")
    )


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def describe_artifacts(
    artifacts: list[Artifact], built_at_start: dict[str, float | None]
) -> list[str]:
    """Describe each program's build time, with a warning when the program is
    older than one of its source files or was rebuilt during the run."""
    lines = []
    for artifact in artifacts:
        title, path = artifact.title, artifact.path
        modified = modification_time(path)
        if path is None or modified is None:
            lines.append(f"{title}: not found")
            continue
        source = newest_source(artifact.source_folders)
        text = f"{title}: `{display_path(path)}`, built {format_timestamp(modified)}"
        if modified != built_at_start.get(title):
            text += " (WARNING: rebuilt during the run, so its figures mix two builds)"
        elif source is not None and source[1] > modified:
            text += (
                f" (WARNING: older than `{display_path(source[0])}`, modified "
                f"{format_timestamp(source[1])}, so it may not match the work tree)"
            )
        lines.append(text)
    return lines


def format_load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in load)


# --------------------------------------------------------------------------
# Formatting.


def format_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio:.3g}" if ratio < 100 else f"{ratio:.0f}"


def count_text(count: int, noun: str) -> str:
    """Return "once", "1 repetition" or "N repetitions"-style text."""
    if noun == "time":
        return "once" if count == 1 else f"{count} times"
    return f"{count} {noun}" + ("" if count == 1 else "s")


def format_duration(seconds: float | None) -> str:
    """Format seconds with a unit from ns to s and three significant digits."""
    if seconds is None:
        return "n/a"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def markdown_table(
    header: list[str], align: list[str], rows: list[list[str]]
) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


@dataclass
class Goal:
    """A performance goal, whether it was met, and the measured figure."""

    text: str
    met: bool | None  # None when the goal was not measured
    figure: str


def goal_marker(met: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "**not measured**"}[met]


# --------------------------------------------------------------------------
# Dense linear sum assignment.


@dataclass
class DenseRow:
    label: str
    n: int
    medians: dict[str, float]  # solver name -> median seconds; empty on error
    error: str | None = None


@dataclass
class DenseResult:
    peers: list[str]
    missing: dict[str, str]  # peer name -> import error
    rows: list[DenseRow] = field(default_factory=list)


def import_bench_assignment() -> Any:
    try:
        import bench_assignment
    except ImportError as error:
        raise SetupError(
            f"cannot import aidmatch or numpy with {sys.executable}: {error}. Run the "
            "script with .venv/bin/python after .venv/bin/pip install "
            "--no-build-isolation ."
        ) from None
    return bench_assignment


def run_dense(plan: Plan) -> DenseResult:
    import numpy as np

    dense = import_bench_assignment()
    peers, missing = dense.make_peers()
    for name, reason in missing.items():
        log(f"dense: {name} is left out: {reason}")
    result = DenseResult(list(peers), missing)
    rng = np.random.default_rng(DENSE_SEED)
    for n in plan.dense_sizes:
        for label, cost in dense.make_matrices(rng, n).items():
            log(f"dense: {label}, n = {n}, {plan.dense_repeats} repeats")
            try:
                medians = dense.benchmark(cost, peers, plan.dense_repeats)
            except RuntimeError as error:
                log(f"dense: error: {label}, n = {n}: {error}")
                result.rows.append(DenseRow(label, n, {}, str(error)))
                continue
            result.rows.append(DenseRow(label, n, medians))
    return result


def fastest_other(row: DenseRow) -> tuple[str, float] | None:
    """Return (name, seconds) of the fastest of lap, lapjv and OR-tools."""
    times = [
        (row.medians[name], name) for name in OTHER_DENSE_PEERS if name in row.medians
    ]
    if not times:
        return None
    seconds, name = min(times)
    return name, seconds


def render_dense(result: DenseResult, plan: Plan) -> tuple[list[str], list[str]]:
    """Return the section's lines and the errors to report."""
    import bench_assignment

    names = ["aidmatch", *result.peers]
    header = ["matrix", "n", *names]
    header += [f"{name} / aidmatch" for name in result.peers]
    header.append("fastest other / aidmatch")
    rows, errors = [], []
    for row in result.rows:
        if row.error is not None:
            errors.append(f"dense {row.label}, n = {row.n}: {row.error}")
            rows.append([row.label, str(row.n), "error"] + ["n/a"] * (len(header) - 3))
            continue
        ours = row.medians["aidmatch"]
        cells = [row.label, str(row.n)]
        cells += [format_duration(row.medians[name]) for name in names]
        cells += [format_ratio(row.medians[name] / ours) for name in result.peers]
        fastest = fastest_other(row)
        cells.append(
            "n/a"
            if fastest is None
            else f"{format_ratio(fastest[1] / ours)} ({fastest[0]})"
        )
        rows.append(cells)

    scale = f"{bench_assignment.ORTOOLS_SCALE:.0e}".replace("e+0", "e")
    lines = [
        "## Dense linear sum assignment",
        "",
        f"Square matrices of uniform random costs, doubles in [0, 1) and int64 in "
        f"0..999, seed {DENSE_SEED}, the same matrices as "
        "`scripts/bench_assignment.py`. All solvers run in one Python process, "
        f"interleaved, {count_text(plan.dense_repeats, 'time')} each, and the "
        "table shows median wall times. Every solver's total is checked against "
        "aidmatch's before timing.",
        "",
        "Peers: SciPy `linear_sum_assignment`; lap `lapjv` on a float64 copy; "
        "lapjv `lapjv(cost, force_doubles=True)` on the same float64 copy; "
        "OR-tools `SimpleLinearSumAssignment` with the n^2 arcs added inside "
        f"the timed part and float costs scaled by {scale} and rounded. The "
        "column fastest other / aidmatch uses the fastest of lap, lapjv and "
        "OR-tools.",
        "",
        *markdown_table(header, ["---", "---:"] + ["---:"] * (len(header) - 2), rows),
    ]
    for name, reason in result.missing.items():
        first_line = reason.strip().splitlines()[0] if reason.strip() else "unknown"
        lines += ["", f"{name} is not measured: importing it failed with: {first_line}"]
    return lines, errors


def dense_goals(result: DenseResult, plan: Plan) -> list[Goal]:
    sizes = ", ".join(str(n) for n in DENSE_SIZES)
    scipy_text = (
        f"Dense n = {sizes}, float and integer costs: at least "
        f"{SCIPY_SPEEDUP_GOAL:g}x faster than SciPy at every size"
    )
    other_text = (
        f"Dense n = {sizes}, float and integer costs: faster than the fastest "
        "of lap, lapjv and OR-tools"
    )
    measured = f"at n = {', '.join(str(n) for n in plan.dense_sizes)}"
    rows = [row for row in result.rows if row.error is None]
    if len(rows) != len(result.rows) or not rows:
        figure = f"{measured}, a solver failed or disagreed (see the errors)"
        return [Goal(scipy_text, False, figure), Goal(other_text, False, figure)]

    if "SciPy" in result.peers:
        scipy_goal = Goal(scipy_text, *scipy_verdict(rows, measured))
    else:
        scipy_goal = Goal(scipy_text, None, "SciPy is not installed")
    if any(name in result.peers for name in OTHER_DENSE_PEERS):
        other_goal = Goal(other_text, *other_peers_verdict(rows, measured))
        absent = [name for name in OTHER_DENSE_PEERS if name not in result.peers]
        if absent:
            other_goal.figure += f"; {', '.join(absent)} not measured"
    else:
        other_goal = Goal(
            other_text, None, "none of lap, lapjv and OR-tools is installed"
        )
    return [scipy_goal, other_goal]


def row_name(row: DenseRow) -> str:
    return f"{row.label} n = {row.n}"


def scipy_verdict(rows: list[DenseRow], measured: str) -> tuple[bool, str]:
    """Return whether SciPy / aidmatch reaches the goal on every row, and the
    figure."""
    ratios = [row.medians["SciPy"] / row.medians["aidmatch"] for row in rows]
    slow = [
        f"{row_name(row)}: {format_ratio(ratio)}"
        for ratio, row in zip(ratios, rows)
        if ratio < SCIPY_SPEEDUP_GOAL
    ]
    figure = (
        f"{measured}, SciPy / aidmatch from {format_ratio(min(ratios))} to "
        f"{format_ratio(max(ratios))}"
    )
    if slow:
        figure += f"; below {SCIPY_SPEEDUP_GOAL:g} at " + ", ".join(slow)
    return not slow, figure


def other_peers_verdict(rows: list[DenseRow], measured: str) -> tuple[bool, str]:
    """Return whether aidmatch beats the fastest of lap, lapjv and OR-tools on
    every row, and the figure."""
    entries = []  # (fastest other / aidmatch, peer name, row)
    for row in rows:
        name, seconds = fastest_other(row)
        entries.append((seconds / row.medians["aidmatch"], name, row))
    slow = [
        f"{row_name(row)}: {format_ratio(ratio)} ({name})"
        for ratio, name, row in entries
        if ratio <= 1.0
    ]
    lowest_ratio, lowest_name, lowest_row = min(entries, key=lambda entry: entry[0])
    highest_ratio = max(entry[0] for entry in entries)
    figure = (
        f"{measured}, fastest other / aidmatch from {format_ratio(lowest_ratio)} "
        f"({lowest_name}, {row_name(lowest_row)}) to {format_ratio(highest_ratio)}"
    )
    if slow:
        figure += "; not faster at " + ", ".join(slow)
    return not slow, figure


# --------------------------------------------------------------------------
# Minimum-cost flow.


@dataclass
class McfSetup:
    args: argparse.Namespace  # the settings bench_mcf's functions expect
    instances: list[Any]  # bench_mcf.Instance
    absent_netgen: list[str]


# (bench_mcf.Instance, {solver: bench_mcf.SolverResult}) per instance.
McfRows = list[tuple[Any, dict[str, Any]]]


def prepare_mcf(plan: Plan) -> McfSetup:
    args = bench_mcf.parse_args(
        ["--repeats", str(plan.mcf_repeats), "--timeout", str(plan.mcf_timeout)]
    )
    try:
        bench_mcf.check_setup(args)
    except bench_mcf.SetupError as error:
        raise SetupError(str(error)) from None
    present = tuple(
        name for name in plan.netgen_files if (args.netgen_dir / name).is_file()
    )
    absent = [name for name in plan.netgen_files if name not in present]
    for name in absent:
        log(f"mcf: {args.netgen_dir / name} not found, so it is left out")
    try:
        instances = bench_mcf.collect_instances(args, plan.capacitated_sizes, present)
    except bench_mcf.SetupError as error:
        raise SetupError(str(error)) from None
    return McfSetup(args, instances, absent)


def run_mcf(setup: McfSetup) -> McfRows:
    rows = []
    for instance in setup.instances:
        log(f"mcf: {instance.name}: {instance.nodes:,} nodes, {instance.arcs:,} arcs")
        rows.append((instance, bench_mcf.benchmark(instance, setup.args)))
    return rows


def is_capacitated(instance: Any) -> bool:
    return instance.name.startswith("capacitated")


def mcf_errors(rows: McfRows) -> list[str]:
    errors = []
    for instance, results in rows:
        _, agree = bench_mcf.solution_cell(instance, results)
        if not agree:
            errors.append(f"mcf {instance.name}: the solvers disagree on the optimum")
        for solver in bench_mcf.SOLVERS:
            for run in results[solver].runs:
                if run.outcome == "error":
                    title = bench_mcf.SOLVER_TITLES[solver]
                    errors.append(f"mcf {instance.name}: {title} failed: {run.message}")
    return errors


def render_mcf(rows: McfRows, setup: McfSetup, plan: Plan) -> list[str]:
    timeout = setup.args.timeout
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
    ]
    table_rows = []
    for instance, results in rows:
        ours, lemon, ortools = (results[name] for name in bench_mcf.SOLVERS)
        solution, _ = bench_mcf.solution_cell(instance, results)
        lemon_ratio, _, _ = bench_mcf.speed_ratio(lemon, ours, timeout, "seconds")
        ortools_ratio, _, _ = bench_mcf.speed_ratio(
            ortools, ours, timeout, "solve_seconds"
        )
        table_rows.append(
            [
                instance.name,
                f"{instance.nodes:,}",
                f"{instance.arcs:,}",
                solution,
                bench_mcf.time_cell(ours, timeout),
                bench_mcf.time_cell(lemon, timeout),
                bench_mcf.time_cell(ortools, timeout, "solve_seconds"),
                bench_mcf.format_total_seconds(ortools, timeout),
                lemon_ratio,
                ortools_ratio,
                bench_mcf.rss_cell(ours),
                bench_mcf.rss_cell(lemon),
                bench_mcf.rss_cell(ortools),
            ]
        )
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = [
        "## Minimum-cost flow from DIMACS files",
        "",
        "aidmatch is `build/examples/aidmatch-mcf` and LEMON is "
        f"`build/bench/lemon-mcf`, LEMON {bench_mcf.lemon_version()}'s "
        "`NetworkSimplex`, both timed as whole processes including reading the "
        "file. OR-tools is `SimpleMinCostFlow` in a Python process: OR-tools solve "
        "times loading the arrays and the solve, OR-tools total adds reading the "
        "file into numpy arrays, and OR-tools / aidmatch uses the solve time, "
        "which favours OR-tools. MB is the peak resident set size from GNU time. "
        "The OR-tools process includes the Python interpreter, numpy and ortools.",
        "",
        "The capacitated instances come from `scripts/make_capacitated_instance.py` "
        f"with seed {bench_mcf.INSTANCE_SEED}: matters x providers, 30 random "
        "eligible providers per matter, costs 0..999, each provider taking "
        f"ceil(matters / providers) + 2. Each solver runs "
        f"{count_text(setup.args.repeats, 'time')}, interleaved, with a timeout "
        f"of {timeout:g} s per run, and the "
        "table shows medians. A timed-out run counts as taking the timeout.",
        "",
        *markdown_table(header, align, table_rows),
    ]
    if setup.absent_netgen:
        lines += [
            "",
            f"Not found in `{setup.args.netgen_dir}`, so left out: "
            + ", ".join(setup.absent_netgen),
        ]
    return lines


def mcf_goals(rows: McfRows, setup: McfSetup) -> list[Goal]:
    timeout = setup.args.timeout
    sizes = " and ".join(f"{m:,} x {p:,}" for m, p in CAPACITATED_SIZES)
    prefix = f"Capacitated {sizes}"
    texts = {
        "lemon": f"{prefix}: at least {LEMON_SPEEDUP_GOAL:g}x faster than LEMON, whole "
        "process including file reading",
        "ortools": f"{prefix}: faster than OR-tools (its solve time)",
        "optimum": f"{prefix}: all solvers reach the same optimal cost",
        "memory_lemon": f"{prefix}: peak memory no more than LEMON's",
        "memory_ortools": f"{prefix}: peak memory no more than OR-tools' (whole "
        "Python process)",
    }
    capacitated = [
        (instance, results) for instance, results in rows if is_capacitated(instance)
    ]
    if not capacitated:
        return [
            Goal(text, None, "no capacitated instance was run")
            for text in texts.values()
        ]

    verdicts: dict[str, list[bool]] = {key: [] for key in texts}
    figures: dict[str, list[str]] = {key: [] for key in texts}
    for instance, results in capacitated:
        ours, lemon, ortools = (results[name] for name in bench_mcf.SOLVERS)
        size = instance.name.removeprefix("capacitated ")
        solution, agree = bench_mcf.solution_cell(instance, results)
        verdicts["optimum"].append(agree and not ours.failed())
        figures["optimum"].append(f"{solution} at {size}")

        for key, peer, attribute, goal, strict in (
            ("lemon", lemon, "seconds", LEMON_SPEEDUP_GOAL, False),
            ("ortools", ortools, "solve_seconds", 1.0, True),
        ):
            text, ratio, bound = bench_mcf.speed_ratio(peer, ours, timeout, attribute)
            met = bench_mcf.speed_goal(ratio, bound, goal, strict) == "yes"
            verdicts[key].append(met and agree)
            figures[key].append(f"{text} at {size}")

        for key, peer in (("memory_lemon", lemon), ("memory_ortools", ortools)):
            met = bench_mcf.memory_goal(ours, peer, peer.peak_rss_kb()) == "yes"
            verdicts[key].append(met)
            figures[key].append(
                f"{bench_mcf.rss_cell(ours)} MB against {bench_mcf.rss_cell(peer)} MB "
                f"at {size}"
            )

    labels = {
        "lemon": "LEMON / aidmatch ",
        "ortools": "OR-tools solve / aidmatch ",
        "optimum": "optimal cost ",
        "memory_lemon": "aidmatch ",
        "memory_ortools": "aidmatch ",
    }
    return [
        Goal(texts[key], all(verdicts[key]), labels[key] + ", ".join(figures[key]))
        for key in texts
    ]


# --------------------------------------------------------------------------
# Google Benchmark.


@dataclass
class GbenchCase:
    name: str
    seconds: list[float] = field(default_factory=list)  # one per repetition
    error: str | None = None
    # The solve_seconds counter of dispatch cases, one per repetition.
    solve_seconds: list[float] = field(default_factory=list)

    def median_solve(self) -> float | None:
        if self.error is not None or not self.solve_seconds:
            return None
        return statistics.median(self.solve_seconds)

    def median(self) -> float | None:
        if self.error is not None or not self.seconds:
            return None
        return statistics.median(self.seconds)


@dataclass
class GbenchResult:
    command: str  # for the report, with the temporary output file left out
    cases: dict[str, GbenchCase]
    error: str | None = None


def list_gbench_cases(binary: Path) -> list[str]:
    if not os.access(binary, os.X_OK):
        raise SetupError(
            f"{binary} not found. Build it with: bash scripts/build.sh "
            "(it configures with -DAIDMATCH_BUILD_BENCHMARKS=ON)"
        )
    completed = subprocess.run(
        [str(binary), "--benchmark_list_tests=true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SetupError(
            f"{binary} --benchmark_list_tests failed with exit status "
            f"{completed.returncode}: {completed.stderr.strip()[-300:]}"
        )
    return completed.stdout.split()


def numeric_arguments(name: str, family: str) -> list[int]:
    """Return the numeric arguments of a case name after its family name.

    Arguments are "/VALUE" or, for named arguments, "/NAME:VALUE".
    """
    parts = name.removeprefix(family).split("/")[1:]
    values = [part.rpartition(":")[2] for part in parts]
    return [int(value) for value in values if value.isdigit()]


def is_case_of(name: str, family: str) -> bool:
    """Return whether name is a case of family with RESOLVE_ARGUMENTS first.

    Later arguments, such as threads:1, are ignored.
    """
    count = len(RESOLVE_ARGUMENTS)
    return (
        name.startswith(family + "/")
        and numeric_arguments(name, family)[:count] == RESOLVE_ARGUMENTS
    )


def is_goal_case(name: str) -> bool:
    return is_case_of(name, RESOLVE_FAMILY) or is_case_of(name, SCRATCH_FAMILY)


def find_goal_case(names: Any, family: str) -> str | None:
    return next((name for name in names if is_case_of(name, family)), None)


def is_quick_case(name: str) -> bool:
    if is_goal_case(name):
        return True
    arguments = numeric_arguments(name, name.partition("/")[0])
    return all(argument <= QUICK_GBENCH_MAX_ARGUMENT for argument in arguments)


def exact_name_filter(names: list[str]) -> str:
    """Return a --benchmark_filter regex that matches exactly these names."""

    def escape(name: str) -> str:
        return re.sub(r"([.\[\]{}()\\*+?^$|])", r"\\\1", name)

    return "^(" + "|".join(escape(name) for name in names) + ")$"


def gbench_command(plan: Plan, listed: list[str]) -> tuple[list[str], str]:
    """Return the command without its output options, and its description."""
    command = [
        str(GBENCH_BINARY),
        f"--benchmark_repetitions={plan.gbench_repetitions}",
        "--benchmark_color=false",
    ]
    report_command = [display_path(GBENCH_BINARY), *command[1:]]
    if plan.quick:
        selected = [name for name in listed if is_quick_case(name)]
        command.append(f"--benchmark_filter={exact_name_filter(selected)}")
        report_command.append(f"--benchmark_filter='^(...{len(selected)} cases...)$'")
    if plan.gbench_min_time is not None:
        option = f"--benchmark_min_time={plan.gbench_min_time:g}"
        command.append(option)
        report_command.append(option)
    report_command += ["--benchmark_out=FILE", "--benchmark_out_format=json"]
    return command, " ".join(report_command)


def parse_gbench_report(report: dict[str, Any]) -> dict[str, GbenchCase]:
    """Collect the per-repetition wall times of a --benchmark_out JSON report.

    Aggregate entries (mean, median, ...) are ignored, so the median is taken
    here also when there is a single repetition.
    """
    cases: dict[str, GbenchCase] = {}
    for entry in report.get("benchmarks", []):
        if entry.get("run_type", "iteration") != "iteration":
            continue
        name = entry.get("run_name") or entry["name"]
        case = cases.setdefault(name, GbenchCase(name))
        if entry.get("error_occurred"):
            case.error = entry.get("error_message") or "error"
            continue
        unit = TIME_UNIT_SECONDS[entry.get("time_unit", "ns")]
        case.seconds.append(float(entry["real_time"]) * unit)
        if "solve_seconds" in entry:
            case.solve_seconds.append(float(entry["solve_seconds"]))
    return cases


def run_gbench(plan: Plan, listed: list[str]) -> GbenchResult:
    command, report_command = gbench_command(plan, listed)
    with tempfile.TemporaryDirectory(prefix="bench_report_") as folder:
        out = Path(folder) / "gbench.json"
        full_command = [
            *command,
            f"--benchmark_out={out}",
            "--benchmark_out_format=json",
        ]
        log(f"gbench: {shlex.join(full_command)}")
        # The console table goes to standard error as progress.
        completed = subprocess.run(full_command, stdout=sys.stderr, check=False)
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            report, read_error = {}, f"no JSON report: {error}"
        else:
            read_error = None
    cases = parse_gbench_report(report)
    error = None
    if completed.returncode != 0:
        error = (
            f"{display_path(GBENCH_BINARY)} exited with status {completed.returncode}"
        )
    elif read_error is not None:
        error = read_error
    return GbenchResult(report_command, cases, error)


def gbench_errors(result: GbenchResult) -> list[str]:
    errors = [f"gbench: {result.error}"] if result.error else []
    errors += [
        f"gbench {case.name}: {case.error}"
        for case in result.cases.values()
        if case.error is not None
    ]
    return errors


def dispatch_case_for(score_name: str, cases: dict[str, GbenchCase]) -> str | None:
    """Return the BM_Dispatch case that matches a BM_Score case.

    BM_Score_X/ARGS pairs with BM_Dispatch_X/ARGS, or else with the first
    BM_Dispatch case with the same arguments.
    """
    renamed = DISPATCH_PREFIX + score_name.removeprefix(SCORING_PREFIX)
    if renamed in cases:
        return renamed
    if SCORING_BATCH_CASE in cases:
        return SCORING_BATCH_CASE
    arguments = score_name.partition("/")[2]
    for name in cases:
        if name.startswith(DISPATCH_PREFIX) and name.partition("/")[2] == arguments:
            return name
    return None


def scoring_cases(result: GbenchResult) -> list[str]:
    return [name for name in result.cases if name.startswith(SCORING_PREFIX)]


def resolve_medians(result: GbenchResult) -> tuple[float | None, float | None]:
    """Return the median seconds of the re-solve case and the scratch case."""
    medians = []
    for family in (RESOLVE_FAMILY, SCRATCH_FAMILY):
        name = find_goal_case(result.cases, family)
        medians.append(result.cases[name].median() if name else None)
    return medians[0], medians[1]


def render_gbench(result: GbenchResult, plan: Plan) -> list[str]:
    lines = [
        "## Google Benchmark suites",
        "",
        f"`{result.command}`: wall time per iteration, median of "
        f"{count_text(plan.gbench_repetitions, 'repetition')}.",
    ]
    if plan.quick:
        lines += [
            "",
            "--quick runs only the cases whose numeric arguments are all at most "
            f"{QUICK_GBENCH_MAX_ARGUMENT:,}, and the re-solve pair.",
        ]
    if result.error:
        lines += ["", f"The run failed: {result.error}."]

    resolve_seconds, scratch_seconds = resolve_medians(result)
    ratio = None
    if resolve_seconds and scratch_seconds is not None:
        ratio = scratch_seconds / resolve_seconds
    lines += [
        "",
        "### Re-solve after a refusal",
        "",
        f"`{RESOLVE_FAMILY}` re-solves a 20,000 x 2,000 capacitated matching "
        f"after one refusal, and `{SCRATCH_FAMILY}` solves the same instance from "
        "scratch.",
        "",
        *markdown_table(
            ["re-solve", "from scratch", "from scratch / re-solve"],
            ["---:", "---:", "---:"],
            [
                [
                    format_duration(resolve_seconds),
                    format_duration(scratch_seconds),
                    format_ratio(ratio),
                ]
            ],
        ),
    ]

    scoring = scoring_cases(result)
    if scoring:
        lines += ["", *render_scoring(result, scoring)]

    rows = []
    for case in result.cases.values():
        time_text = (
            f"error: {case.error}" if case.error else format_duration(case.median())
        )
        rows.append([f"`{case.name}`", time_text, str(len(case.seconds))])
    lines += [
        "",
        "### All cases",
        "",
        *markdown_table(
            ["case", "median", "repetitions"], ["---", "---:", "---:"], rows
        ),
    ]
    return lines


def scoring_pairs(
    result: GbenchResult, scoring: list[str]
) -> list[tuple[str, str | None, float | None, float | None]]:
    """Return (scoring case, dispatch case, scoring s, solve s).

    The solve time is the dispatch case's solve_seconds counter when it has
    one, else the dispatch time less the scoring time, an upper bound.
    """
    pairs = []
    for name in scoring:
        dispatch_name = dispatch_case_for(name, result.cases)
        score_seconds = result.cases[name].median()
        rest = None
        if dispatch_name is not None and score_seconds is not None:
            dispatch = result.cases[dispatch_name]
            dispatch_seconds = dispatch.median()
            if dispatch.median_solve() is not None:
                rest = dispatch.median_solve()
            elif dispatch_seconds is not None:
                rest = dispatch_seconds - score_seconds
        pairs.append((name, dispatch_name, score_seconds, rest))
    return pairs


def render_scoring(result: GbenchResult, scoring: list[str]) -> list[str]:
    rows = []
    for name, dispatch_name, score_seconds, rest in scoring_pairs(result, scoring):
        dispatch = result.cases[dispatch_name] if dispatch_name else None
        ratio = None
        if rest is not None and score_seconds:
            ratio = rest / score_seconds
        rows.append(
            [
                f"`{name}`",
                format_duration(score_seconds),
                f"`{dispatch_name}`" if dispatch_name else "none found",
                format_duration(dispatch.median() if dispatch else None),
                format_duration(rest),
                format_ratio(ratio),
            ]
        )
    return [
        "### Policy scoring",
        "",
        "Each scoring case is paired with the dispatch of the same batch, "
        f"`{SCORING_BATCH_CASE}`, whose counter `solve_seconds` times the exact "
        "matching alone (the dispatch's own clock around the solver). Without "
        "that counter, the solve is estimated as the dispatch time less the "
        "scoring time, an upper bound.",
        "",
        *markdown_table(
            [
                "scoring case",
                "scoring",
                "dispatch case",
                "dispatch",
                "solve",
                "solve / scoring",
            ],
            ["---", "---:", "---", "---:", "---:", "---:"],
            rows,
        ),
    ]


def gbench_goals(result: GbenchResult) -> list[Goal]:
    resolve_seconds, scratch_seconds = resolve_medians(result)
    text = (
        "Re-solve after one refusal on 20,000 x 2,000: at least "
        f"{RESOLVE_SPEEDUP_GOAL:g}x faster than solving from scratch"
    )
    if not resolve_seconds or scratch_seconds is None:
        missing = [
            family
            for family, seconds in (
                (RESOLVE_FAMILY, resolve_seconds),
                (SCRATCH_FAMILY, scratch_seconds),
            )
            if not seconds
        ]
        arguments = "/".join(map(str, RESOLVE_ARGUMENTS))
        figure = "no time for " + " and ".join(
            f"`{name}/{arguments}`" for name in missing
        )
        goals = [Goal(text, False, figure)]
    else:
        ratio = scratch_seconds / resolve_seconds
        figure = (
            f"{format_duration(resolve_seconds)} against "
            f"{format_duration(scratch_seconds)} from scratch, {format_ratio(ratio)}x"
        )
        goals = [Goal(text, ratio >= RESOLVE_SPEEDUP_GOAL, figure)]

    scoring = scoring_cases(result)
    if scoring:
        figures, verdicts = [], []
        # The naive evaluator is the comparison, not a candidate for the goal.
        compiled = [name for name in scoring if "Naive" not in name]
        for name, dispatch_name, score_seconds, rest in scoring_pairs(
            result, compiled or scoring
        ):
            if rest is None:
                verdicts.append(False)
                figures.append(f"`{name}` has no dispatch time to compare with")
                continue
            verdicts.append(score_seconds < rest)
            figures.append(
                f"`{name}` {format_duration(score_seconds)} against "
                f"{format_duration(rest)} for the solve in `{dispatch_name}`"
            )
        goals.append(
            Goal(
                "Policy scoring takes less time than solving",
                all(verdicts),
                "; ".join(figures),
            )
        )
    return goals


# --------------------------------------------------------------------------
# Report.


@dataclass
class SectionTiming:
    seconds: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


@dataclass
class RunRecord:
    """Everything the report shows about the run itself."""

    command: str
    started: float
    load_before: tuple[float, float, float]
    artifacts: list[Artifact]
    built_at_start: dict[str, float | None]
    timings: dict[str, SectionTiming] = field(default_factory=dict)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    finished: float = 0.0


def render_machine(record: RunRecord) -> list[str]:
    cache = read_cmake_cache(BUILD_DIR)
    lines = [
        "## Machine and command",
        "",
        f"- Command: `{record.command}`",
        f"- Date: {format_timestamp(record.started)}, run time "
        f"{record.finished - record.started:.0f} s",
        f"- CPU: {cpu_description()}",
        f"- Memory: {memory_description()}",
        f"- OS: {os_description()}",
        f"- Compiler: {compiler_description(cache)}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"(`{sys.executable}`)",
        f"- Peers: {packages_description(cache)}",
        f"- aidmatch: version {package_version('aidmatch')}, work tree at "
        f"{git_state()}",
    ]
    lines += [
        f"- {text}"
        for text in describe_artifacts(record.artifacts, record.built_at_start)
    ]
    lines.append(
        f"- Load average (1, 5, 15 min): {format_load(record.load_before)} before, "
        f"{format_load(record.load_after)} after"
    )
    lines += [
        f"- Section {name}: {timing.seconds:.0f} s, load average "
        f"{format_load(timing.load_before)} before, {format_load(timing.load_after)} "
        "after"
        for name, timing in record.timings.items()
    ]
    cpus = len(os.sched_getaffinity(0))
    if record.load_before[0] >= 0.5:
        lines += [
            "",
            f"The 1-minute load average was {record.load_before[0]:.2f} on {cpus} "
            "CPUs before the run, so other work shared the machine and absolute "
            "times may be inflated.",
        ]
    return lines


def render_goals(goals: list[Goal], errors: list[str], plan: Plan) -> list[str]:
    lines = ["## Goals", ""]
    if plan.quick:
        lines += [
            "This is a --quick run: sizes are reduced and each solver runs once, "
            "so each mark describes the sizes in its figure, not the goal sizes.",
            "",
        ]
    lines += [
        f"- {goal.text}: {goal_marker(goal.met)}, {goal.figure}." for goal in goals
    ]
    if errors:
        lines += ["", "Errors in this run:", ""]
        lines += [f"- {error}" for error in errors]
    return lines


def render_report(
    record: RunRecord,
    plan: Plan,
    sections: dict[str, list[str]],
    goals: list[Goal],
    errors: list[str],
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `scripts/bench_report.py`: rerun it rather than edit this "
        "file. Peers run interleaved with aidmatch on the same inputs, the script "
        "checks that all solvers reach the same optimum, and times are medians. A "
        "ratio is peer time / aidmatch time, so above 1 means aidmatch is faster.",
        "",
        *render_machine(record),
        "",
        *render_goals(goals, errors, plan),
    ]
    for name in SECTIONS:
        if name in sections:
            lines += ["", *sections[name]]
        else:
            lines += ["", f"Section {name} was skipped with --skip {name}."]
    return "\n".join(lines) + "\n"


SKIPPED_GOAL_TEXTS = {
    "dense": "Dense linear sum assignment against SciPy, lap, lapjv and OR-tools",
    "mcf": "Capacitated minimum-cost flow against LEMON and OR-tools",
    "gbench": "Re-solve after one refusal on 20,000 x 2,000, and policy scoring",
}


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


# --------------------------------------------------------------------------
# Command line.


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run the dense assignment, min-cost flow and Google Benchmark "
        "comparisons and write the Markdown report."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and one repeat, for trying the script and smoke tests "
        f"(dense n = {', '.join(map(str, QUICK_DENSE_SIZES))}, capacitated "
        f"{QUICK_CAPACITATED_SIZES[0][0]:,} x {QUICK_CAPACITATED_SIZES[0][1]:,})",
    )
    parser.add_argument(
        "--repeats",
        type=bench_mcf.positive_int,
        metavar="N",
        help="runs per solver and input in every section (default: dense "
        f"{DEFAULT_REPEATS['dense']}, mcf {DEFAULT_REPEATS['mcf']}, gbench "
        f"{DEFAULT_REPEATS['gbench']} repetitions; 1 with --quick)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        choices=SECTIONS,
        help="leave a section out; repeat the option to skip several",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="Markdown file to write (default: docs/benchmarks.md)",
    )
    return parser.parse_args(argv)


def prepare(plan: Plan) -> tuple[McfSetup | None, list[str]]:
    """Check every section's programs and packages before anything runs, and
    write missing instance files. Raises SetupError."""
    if "dense" in plan.sections:
        import_bench_assignment()
    mcf_setup = prepare_mcf(plan) if "mcf" in plan.sections else None
    listed = list_gbench_cases(GBENCH_BINARY) if "gbench" in plan.sections else []
    return mcf_setup, listed


def timed_section(record: RunRecord, name: str, run: Any) -> Any:
    log(f"{name}: starting")
    load_before, start = os.getloadavg(), time.perf_counter()
    value = run()
    record.timings[name] = SectionTiming(
        time.perf_counter() - start, load_before, os.getloadavg()
    )
    log(f"{name}: finished in {record.timings[name].seconds:.0f} s")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = make_plan(args)
    artifacts = artifacts_for(plan.sections)
    record = RunRecord(
        command=shlex.join(
            sys.orig_argv if argv is None else ["scripts/bench_report.py", *argv]
        ),
        started=time.time(),
        load_before=os.getloadavg(),
        artifacts=artifacts,
        built_at_start={
            artifact.title: modification_time(artifact.path) for artifact in artifacts
        },
    )
    try:
        mcf_setup, listed = prepare(plan)
    except SetupError as error:
        log(f"error: {error}")
        return 2

    sections: dict[str, list[str]] = {}
    goals: list[Goal] = []
    errors: list[str] = []
    for name in SECTIONS:
        if name not in plan.sections:
            goals.append(Goal(SKIPPED_GOAL_TEXTS[name], None, f"--skip {name}"))
        elif name == "dense":
            dense = timed_section(record, name, lambda: run_dense(plan))
            sections[name], dense_errors = render_dense(dense, plan)
            errors += dense_errors
            goals += dense_goals(dense, plan)
        elif name == "mcf":
            rows = timed_section(record, name, lambda: run_mcf(mcf_setup))
            sections[name] = render_mcf(rows, mcf_setup, plan)
            errors += mcf_errors(rows)
            goals += mcf_goals(rows, mcf_setup)
        else:
            gbench = timed_section(record, name, lambda: run_gbench(plan, listed))
            sections[name] = render_gbench(gbench, plan)
            errors += gbench_errors(gbench)
            goals += gbench_goals(gbench)

    record.load_after = os.getloadavg()
    record.finished = time.time()
    write_atomically(args.out, render_report(record, plan, sections, goals, errors))
    log(f"wrote {args.out}")
    for error in errors:
        log(f"error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
