"""Tests of scripts/bench_report.py: a --quick smoke run of the whole script,
and its report logic on made-up results."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "bench_report.py"
BUILD_PROGRAMS = [
    REPO / "build" / "examples" / "aidmatch-mcf",
    REPO / "build" / "bench" / "lemon-mcf",
    REPO / "build" / "bench" / "aidmatch_bench",
]

# The script's own folder contains bench_mcf.py and bench_assignment.py, which
# bench_report imports by name.
sys.path.insert(0, str(SCRIPT.parent))
import bench_report  # noqa: E402

SECTION_HEADINGS = [
    "## Machine and command",
    "## Goals",
    "## Dense linear sum assignment",
    "## Minimum-cost flow from DIMACS files",
    "## Google Benchmark suites",
    "### Re-solve after a refusal",
    "### All cases",
]
MACHINE_ITEMS = [
    "- Command: ",
    "- Date: ",
    "- CPU: ",
    "- Memory: ",
    "- OS: ",
    "- Compiler: ",
    "- Python: ",
    "- Peers: ",
    "- Load average (1, 5, 15 min): ",
]
# A phrase that identifies each goal's line in the Goals section.
GOAL_PHRASES = [
    "at least 2x faster than SciPy at every size",
    "faster than the fastest of lap, lapjv and OR-tools",
    "at least 1.5x faster than LEMON",
    "faster than OR-tools (its solve time)",
    "all solvers reach the same optimal cost",
    "peak memory no more than LEMON's",
    "peak memory no more than OR-tools'",
    "at least 20x faster than solving from scratch",
]
SCORING_GOAL = "Policy scoring takes less time than solving"


def goal_lines(report):
    """Return the bullet lines of the Goals section."""
    section = report.split("## Goals\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ")]


def goal_line(report, phrase):
    matches = [line for line in goal_lines(report) if phrase in line]
    assert len(matches) == 1, f"{phrase!r} in {goal_lines(report)}"
    return matches[0]


def has_marker(line):
    return line.count("**met**") + line.count("**not met**") == 1


# Smoke run


def missing_requirements():
    missing = [str(path) for path in BUILD_PROGRAMS if not os.access(path, os.X_OK)]
    if not Path("/usr/bin/time").is_file():
        missing.append("/usr/bin/time")
    if importlib.util.find_spec("ortools") is None:
        missing.append("the ortools package")
    return missing


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    """Run the script with --quick once and return (exit status, report)."""
    missing = missing_requirements()
    if missing:
        pytest.skip("missing " + ", ".join(missing) + "; run scripts/build.sh")
    out = tmp_path_factory.mktemp("bench_report") / "benchmarks.md"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = out.read_text(encoding="utf-8") if out.is_file() else ""
    return completed, report


def test_quick_run_succeeds(quick_report):
    completed, report = quick_report
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert report.startswith("# Benchmarks\n")


@pytest.mark.parametrize("heading", SECTION_HEADINGS)
def test_quick_report_has_section(quick_report, heading):
    _, report = quick_report
    assert f"\n{heading}\n" in report


@pytest.mark.parametrize("item", MACHINE_ITEMS)
def test_quick_report_records_machine(quick_report, item):
    _, report = quick_report
    assert f"\n{item}" in report


@pytest.mark.parametrize("phrase", GOAL_PHRASES)
def test_quick_report_marks_goal(quick_report, phrase):
    _, report = quick_report
    assert has_marker(goal_line(report, phrase))


def test_quick_report_marks_scoring_when_present(quick_report):
    _, report = quick_report
    if "\n### Policy scoring\n" not in report:
        assert SCORING_GOAL not in report
        return
    assert has_marker(goal_line(report, SCORING_GOAL))


def test_quick_report_goal_count(quick_report):
    _, report = quick_report
    expected = len(GOAL_PHRASES) + ("\n### Policy scoring\n" in report)
    assert len(goal_lines(report)) == expected


# Report logic on made-up results


def gbench_entry(name, real_time, time_unit="ms", run_type="iteration"):
    return {
        "name": name,
        "run_name": name,
        "run_type": run_type,
        "real_time": real_time,
        "time_unit": time_unit,
    }


def test_gbench_parse_takes_median_of_repetitions():
    report = {
        "benchmarks": [
            gbench_entry("BM_A", 3.0),
            gbench_entry("BM_A", 1.0),
            gbench_entry("BM_A", 2.0),
            gbench_entry("BM_A", 99.0, run_type="aggregate"),
            gbench_entry("BM_B", 500.0, time_unit="us"),
        ]
    }
    cases = bench_report.parse_gbench_report(report)
    assert list(cases) == ["BM_A", "BM_B"]
    assert cases["BM_A"].median() == pytest.approx(2e-3)
    assert cases["BM_B"].median() == pytest.approx(5e-4)


def test_gbench_parse_keeps_error():
    entry = gbench_entry("BM_A", 1.0)
    entry.update(error_occurred=True, error_message="optimum differs")
    cases = bench_report.parse_gbench_report({"benchmarks": [entry]})
    assert cases["BM_A"].median() is None
    assert cases["BM_A"].error == "optimum differs"


@pytest.mark.parametrize(
    "name, quick",
    [
        ("BM_Load_DefaultData", True),
        ("BM_Matching/AugmentingPath/2000/200", True),
        ("BM_Matching/NetworkSimplex/20000/2000", False),
        ("BM_Dispatch_SyntheticBatch/matters:1000/method:0", True),
        ("BM_Dispatch_SyntheticBatch/matters:16000/method:0", False),
        ("BM_Matching_ResolveAfterRefusal/20000/2000", True),
        ("BM_Matching_ResolveAfterRefusal/rows:20000/columns:2000", True),
        ("BM_Matching/AugmentingPath/20000/2000", True),
    ],
)
def test_quick_case_selection(name, quick):
    assert bench_report.is_quick_case(name) is quick


def make_gbench_result(times_ms):
    cases = {
        name: bench_report.GbenchCase(name, [milliseconds / 1000])
        for name, milliseconds in times_ms.items()
    }
    return bench_report.GbenchResult("aidmatch_bench", cases)


RESOLVE_TIMES_MS = {
    "BM_Matching_ResolveAfterRefusal/20000/2000": 8.0,
    "BM_Matching/AugmentingPath/20000/2000": 200.0,
}


def test_resolve_goal_met_at_25x():
    goals = bench_report.gbench_goals(make_gbench_result(RESOLVE_TIMES_MS))
    assert [goal.met for goal in goals] == [True]
    assert "25x" in goals[0].figure


def test_resolve_goal_not_met_when_case_missing():
    times = {"BM_Matching/AugmentingPath/20000/2000": 200.0}
    goals = bench_report.gbench_goals(make_gbench_result(times))
    assert goals[0].met is False
    assert "BM_Matching_ResolveAfterRefusal" in goals[0].figure


@pytest.mark.parametrize("score_ms, met", [(50.0, True), (150.0, False)])
def test_scoring_goal_against_dispatch_less_scoring(score_ms, met):
    times = dict(RESOLVE_TIMES_MS)
    times["BM_Dispatch_DefaultData"] = 200.0
    times["BM_Score_DefaultData"] = score_ms
    result = make_gbench_result(times)
    goals = bench_report.gbench_goals(result)
    assert [goal.text for goal in goals][1:] == [SCORING_GOAL]
    assert goals[1].met is met
    assert "BM_Dispatch_DefaultData" in goals[1].figure


def test_scoring_section_only_with_score_case():
    plan = bench_report.make_plan(bench_report.parse_args(["--quick"]))
    without = make_gbench_result(RESOLVE_TIMES_MS)
    assert "### Policy scoring" not in bench_report.render_gbench(without, plan)
    times = dict(RESOLVE_TIMES_MS, BM_Score_DefaultData=1.0)
    with_score = bench_report.render_gbench(make_gbench_result(times), plan)
    assert "### Policy scoring" in with_score


def test_disagreement_exits_with_1(tmp_path, monkeypatch):
    import bench_assignment

    def disagree(cost, peers, repeats):
        raise RuntimeError("SciPy: total 5 differs from the optimum 4")

    monkeypatch.setattr(bench_assignment, "benchmark", disagree)
    out = tmp_path / "report.md"
    status = bench_report.main(
        ["--quick", "--skip", "mcf", "--skip", "gbench", "--out", str(out)]
    )
    assert status == 1
    report = out.read_text(encoding="utf-8")
    assert "SciPy: total 5 differs from the optimum 4" in report
    assert has_marker(goal_line(report, "at least 2x faster than SciPy"))


def test_setup_error_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(bench_report, "GBENCH_BINARY", tmp_path / "no_such_program")
    out = tmp_path / "report.md"
    status = bench_report.main(
        ["--quick", "--skip", "dense", "--skip", "mcf", "--out", str(out)]
    )
    assert status == 2
    assert not out.exists()


def test_skipped_section_goal_not_measured(tmp_path):
    out = tmp_path / "report.md"
    status = bench_report.main(
        ["--quick", "--skip", "dense", "--skip", "mcf", "--skip", "gbench"]
        + ["--out", str(out)]
    )
    assert status == 0
    lines = goal_lines(out.read_text(encoding="utf-8"))
    assert len(lines) == 3
    assert all("**not measured**, --skip" in line for line in lines)
