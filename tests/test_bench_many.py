"""The many-plans benchmark runs end to end at a tiny size (timings are never asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_many  # noqa: E402


def test_tiny_run_reports_rate_and_speed_up() -> None:
    """Three plans of twelve indicators: both job counts write the same CSV, figures shown."""
    lines = bench_many.run(count=3, indicators=12)
    assert lines[0].startswith("many plans: 3 plans of 12 indicators")
    assert any(line.startswith("  --jobs 1: ") and "plans/s" in line for line in lines)
    assert any(line.startswith("  --jobs 2: ") and "plans/s" in line for line in lines)
    assert any(line.startswith("  speed-up of --jobs 2 over --jobs 1: ") for line in lines)
    assert any("ms a plan" in line for line in lines)
    assert lines[-1].startswith("  at the end: load average ")
