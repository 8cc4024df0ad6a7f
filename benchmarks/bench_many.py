"""Many plans at once: every prefecture and municipality's plan read, evaluated, one CSV.

Run by ``make bench`` (or ``python benchmarks/bench_many.py [--plans N]
[--indicators N]``). It writes ``--plans`` synthetic plans (default 1,788: the 47
prefectures and 1,741 municipalities) of ``--indicators`` indicators each (default
300, a municipality's plan) as canonical JSON files into a temporary folder, then
times ``kpiplan export FOLDER --format csv -o all.csv`` with ``--jobs 1`` and
``--jobs 2``, and prints plans per second and the speed-up of two jobs over one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import synthetic_plan  # noqa: E402
from timing import Goal, load_average  # noqa: E402

import kpiplan  # noqa: E402
from kpiplan.cli import main as kpiplan_main  # noqa: E402

GOVERNMENTS = 1_788
"""47 prefectures and 1,741 municipalities (市区町村, with Tokyo's 23 wards)."""
INDICATORS = 300
"""About the size of a municipality's plan."""


def write_plans(folder: Path, count: int, indicators: int) -> None:
    """``count`` plans of ``indicators`` indicators, each with its own seed."""
    for number in range(count):
        kpiplan.dump(synthetic_plan(indicators, seed=number), folder / f"plan{number:04d}.json")


def timed_export(folder: Path, jobs: int) -> tuple[float, float, Path]:
    """Wall and CPU seconds (this process and its workers) to export the folder as one
    CSV with ``jobs`` workers, and the CSV."""
    target = folder.parent / f"all-{jobs}.csv"
    before = os.times()
    start = time.perf_counter()
    code = kpiplan_main(
        ["export", str(folder), "--format", "csv", "-o", str(target), "--jobs", str(jobs), "-q"]
    )
    elapsed = time.perf_counter() - start
    after = os.times()
    if code != 0:
        raise RuntimeError(f"kpiplan export exited with {code}")
    # The pool's workers have been joined, so their time is in the children's fields.
    cpu = sum(after[:4]) - sum(before[:4])
    return elapsed, cpu, target


def run(count: int = GOVERNMENTS, indicators: int = INDICATORS) -> list[str]:
    """Measure and return the report's lines (each also printed as it is measured)."""
    lines: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    measure(count, indicators, say)
    return lines


def measure(
    count: int = GOVERNMENTS, indicators: int = INDICATORS, say: Callable[[str], None] = print
) -> list[Goal]:
    """Measure, saying each line as it is measured; the speed-up as a reported figure.

    Wall time, unlike the rest of the benchmark: the point is two processes on two
    cores, so other jobs on the machine slow it (the load average is printed).
    """
    say(f"many plans: {count:,} plans of {indicators} indicators, {load_average()}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "plans"
        folder.mkdir()
        start = time.perf_counter()
        write_plans(folder, count, indicators)
        say(f"  generated in {time.perf_counter() - start:.1f}s")
        # Imports and pint's registry once, untimed, so neither run pays for them.
        kpiplan.evaluate(kpiplan.load(folder / "plan0000.json"))
        times = {}
        cpus = {}
        written = {}
        for jobs in (1, 2):
            times[jobs], cpus[jobs], written[jobs] = timed_export(folder, jobs)
            size = written[jobs].stat().st_size
            say(
                f"  --jobs {jobs}: {times[jobs]:.1f}s, {count / times[jobs]:.1f} plans/s, "
                f"CPU {cpus[jobs]:.1f}s ({1000 * cpus[jobs] / count:.0f} ms a plan), "
                f"CSV {size / 2**20:.1f} MiB"
            )
        if written[1].read_bytes() != written[2].read_bytes():
            raise RuntimeError("--jobs 1 and --jobs 2 wrote different files")
        speed_up = times[1] / times[2]
        say(f"  speed-up of --jobs 2 over --jobs 1: {speed_up:.2f}x")
        say(f"  at the end: {load_average()} (other work on the machine slows both)")
    return [
        Goal(
            f"many plans ({count:,} x {indicators}), --jobs 2 over --jobs 1",
            "",
            f"{speed_up:.2f}x, {count / times[2]:.1f} plans/s",
            None,
        )
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=GOVERNMENTS, help="how many plans")
    parser.add_argument("--indicators", type=int, default=INDICATORS, help="indicators each")
    args = parser.parse_args(argv)
    run(args.plans, args.indicators)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
