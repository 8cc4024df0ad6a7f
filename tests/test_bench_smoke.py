"""``make bench`` runs to the end: the benchmark on tiny plans, every section included.

Timings are never asserted (they are the benchmark's to report); what is asserted is
that every size and section runs, that no section fails, and that each goal's line
is printed, so that the benchmark cannot rot unnoticed between runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
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
    """Every size and section runs, each timed once as the 100k size is (it crashed)."""
    assert bench.main(["--once", "3", "30"]) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "FAILED" not in out
    for label in ("example", "3", "30"):
        assert any(line.split()[:1] == [label] for line in out.splitlines()), label
    for start in ("load:", "export:", "memory:", "growth 3 -> 30, load:", "evaluate 30:"):
        assert any(" ".join(line.split()).startswith(start) for line in out.splitlines()), start
    assert "xlsx export vs raw openpyxl" in out
    assert "30 indicators:" in out


def test_one_repeat_is_timed_once(bench: object) -> None:
    """A size timed once (100k) still has a time: the old crash took min() of nothing."""
    assert bench.best(lambda: None, 1) >= 0  # type: ignore[attr-defined]
    assert bench.best(lambda: None, 0) >= 0  # type: ignore[attr-defined]
    assert len(bench.alternately(lambda: None, lambda: None, repeats=1)) == 2  # type: ignore[attr-defined]


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
