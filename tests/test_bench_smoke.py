"""``make bench`` runs to the end: the benchmark on tiny plans, every section included.

Timings are never asserted (they are the benchmark's to report); what is asserted is
that every size and section runs, that no section fails, and that each goal's line
is printed, so that the benchmark cannot rot unnoticed between runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench() -> Iterator[object]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench

        yield bench
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_bench_runs_to_the_end_on_tiny_sizes(
    bench: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every size and section runs, each timed once as the 100k size is, and the final
    table lists every goal with a verdict."""
    assert bench.main(["--once", "3", "30"]) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "FAILED" not in out
    for label in ("example", "3", "30"):
        assert any(line.split()[:1] == [label] for line in lines), label
    assert lines[1].startswith("at the start: load average ")
    assert any(line.startswith("at the end: load average ") for line in lines)
    # The example's load and its parts: the fixed cost of one load, in milliseconds.
    header = lines.index("N read parse structure validate sum load")
    example = lines[header + 1].split()
    assert example[0] == "example"
    assert all(float(ms) > 0 for ms in example[1:])
    assert any(line.startswith("30 indicators, kpiplan export --format xlsx") for line in lines)
    # Load's floor in pure Python: a row for each size, each part a ratio.
    header = lines.index("N objects slots parse visit objects floor load")
    assert [line.split()[0] for line in lines[header + 1 : header + 4]] == ["example", "3", "30"]
    assert all(cell.endswith("x") for cell in lines[header + 1].split()[3:])
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("goal limit")) :]
    for goal in (
        "load vs json.loads <= 3x",
        "load's floor in pure Python vs json.loads -",
        "export vs json.dumps <= 2x",
        "loaded plan's peak memory vs its file <= 5x",
        "example's load (fixed cost), CPU <= 0.7 ms",
        "growth 3 -> 30, load <= 11x",
        "growth 3 -> 30, export <= 11x",
        "growth 3 -> 30, evaluate <= 11x",
        "evaluation vs load <= 1x",
        "workbook vs raw openpyxl at 30 <= 1.3x",
        "workbook of 30 end to end, CPU <= 600 s",
        "workbook of 30 end to end, peak RSS -",
        "pdf report vs plain reportlab at 30 <= 1.5x",
        "many plans (3 x 3), --jobs 2 over --jobs 1 -",
    ):
        row = next((line for line in table if line.startswith(goal)), None)
        assert row is not None, goal
        assert row.removeprefix(goal).split()[0] in ("met", "MISSED", "-") or goal.endswith(" -"), (
            row
        )


def test_a_failing_section_is_a_missed_row_and_the_others_run(
    bench: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """A section that raises prints FAILED and becomes a MISSED row; the run goes on."""

    def broken() -> list[object]:
        raise RuntimeError("the exporter is missing")

    goals = bench.section("xlsx", broken)  # type: ignore[attr-defined]
    assert [(goal.what, goal.verdict) for goal in goals] == [("xlsx", "MISSED")]
    assert "xlsx: FAILED: RuntimeError: the exporter is missing" in capsys.readouterr().out


def test_growth_is_from_the_cost_per_indicator(bench: object) -> None:
    """Ten times the indicators in ten times the time is 10x growth; the floor's own
    growth (json.loads here 100x, a disturbed run) does not change kpiplan's figure."""
    small = {"n": 10, "label": "10", "load": 0.01, "json_loads": 0.001}
    large = {"n": 100, "label": "100", "load": 0.1, "json_loads": 0.1}
    goals = list(bench.growth_goals([small, large]))  # type: ignore[attr-defined]
    assert [(goal.what, goal.result, goal.verdict) for goal in goals] == [
        ("growth 10 -> 100, load", "10.0x", "met")
    ]
    large["load"] = 0.12
    (goal,) = bench.growth_goals([small, large])  # type: ignore[attr-defined]
    assert (goal.result, goal.verdict) == ("12.0x", "MISSED")


def test_turns_spend_a_budget_within_bounds() -> None:
    """Best of N: many turns for microseconds, at least three, two for runs over 5 s."""
    from timing import FEWEST_TURNS, LONG_TURNS, MOST_TURNS, turns

    assert turns(0.0001) == MOST_TURNS
    assert turns(0.1) == 30
    assert turns(2.0) == FEWEST_TURNS
    assert turns(60.0) == LONG_TURNS
    assert turns(0.0) == MOST_TURNS


def test_one_repeat_is_timed_once(bench: object) -> None:
    """A size timed once (100k) still has a time: the old crash took min() of nothing."""
    from timing import alternately, best

    assert best(lambda: None, 1) >= 0
    assert best(lambda: None, 0) >= 0
    assert len(alternately(lambda: None, lambda: None, repeats=1)) == 2


def test_synthetic_plans_use_the_newer_parts(bench: object) -> None:
    """The benchmark's plans have series, revisions, value history and a grading rule."""
    from generate import synthetic_plan

    import kpiplan as kp

    plan = synthetic_plan(300)
    indicators = [indicator for _, indicator in plan.indicators()]
    assert any(indicator.series for indicator in indicators)
    assert any(indicator.revisions for indicator in indicators)
    assert any(actual.history for indicator in indicators for actual in indicator.actuals)
    assert plan.grading is not None
    assert kp.loads(kp.dumps(plan)) == plan


def test_a_child_s_peak_memory_is_its_own(bench: object) -> None:
    # Linux gives a forked child the peak RSS of its parent (kept across exec): the
    # 100k workbook's peak was reported as the benchmark's own 3.2 GiB.
    ballast = bytearray(400 * 2**20)
    ballast[:: 2**12] = b"\x01" * len(ballast[:: 2**12])  # touch every page
    usage = bench.child_usage([sys.executable, "-c", "x = bytearray(50 * 2**20)"])  # type: ignore[attr-defined]
    assert usage.returncode == 0
    assert 50 * 2**20 < usage.peak_rss < 200 * 2**20
    assert usage.user + usage.system > 0
    del ballast


def test_the_floor_makes_the_plan_s_own_objects(bench: object) -> None:
    """The floor times making the very objects a load makes: the bare plan is equal to
    the loaded one, object for object and slot for slot."""
    import attrs
    from floor import bare_objects
    from generate import synthetic_plan

    plan = synthetic_plan(30)
    make, count, slots = bare_objects(plan)
    made, tuples = make()  # type: ignore[misc]
    assert made[0] == plan
    assert made[0] is not plan
    assert count == len(made)
    assert all(attrs.has(type(obj)) for obj in made)
    assert slots == sum(len(attrs.fields(type(obj))) for obj in made)
    assert tuples
    assert all(type(items) is tuple for items in tuples)
    # Each of the plan's objects is made once: none left out, none shared made twice.
    distinct: dict[int, object] = {}

    def collect(node: object) -> None:
        if attrs.has(type(node)):
            if id(node) not in distinct:
                distinct[id(node)] = node
                for field in attrs.fields(type(node)):
                    collect(getattr(node, field.name))
        elif isinstance(node, (tuple, list, frozenset)):
            for item in node:
                collect(item)
        elif isinstance(node, Mapping):
            for item in node.values():
                collect(item)

    collect(plan)
    assert count == len(distinct)


def test_visiting_reads_every_parsed_value_once() -> None:
    from floor import visit_values

    assert visit_values({"a": [1, 2], "b": {"c": None}}) == 6
    assert visit_values([]) == 1


def test_growth_prints_the_floor_s_growth_beside_load_s(
    bench: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """The floor's own growth is a witness printed beside load's, not a goal."""
    floor = {"parse": 0.001, "visit": 0.001, "objects": 0.002}
    small = {"n": 10, "label": "10", "load": 0.01, "json_loads": 0.001, "floor": floor}
    large = {"n": 100, "label": "100", "load": 0.1, "json_loads": 0.01}
    large["floor"] = {part: 13 * seconds for part, seconds in floor.items()}
    goals = list(bench.growth_goals([small, large]))  # type: ignore[attr-defined]
    assert [goal.what for goal in goals] == ["growth 10 -> 100, load"]
    assert "json.loads grew 10.0x, load's floor 13.0x" in capsys.readouterr().out
