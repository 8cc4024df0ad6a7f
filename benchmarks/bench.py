"""kpiplan's speed against the json module, for the example plan and plans of 300 to
100,000 indicators.

Run ``make bench`` (or ``python benchmarks/bench.py [--core] [--once] [N ...]``;
``--core`` leaves out the xlsx and pdf sections, ``--once`` times everything once).
For the example plan (examples/digital_tokushima.toml, as canonical JSON) and each
size it prints:

- load: ``kpiplan.load`` (parse, build the model, validate) of a canonical JSON file,
  as a ratio to ``json.loads`` of the same file's bytes, timed alternately. Goal: <= 3x.
- export: the ``json`` exporter writing the plan, as a ratio to ``json.dumps`` of
  the same data with the same formatting. Goal: <= 2x. ``kpiplan.export`` to a
  file (atomic write, fsync) is shown beside it.
- peak memory of load and export (tracemalloc, in a separate untimed pass), the
  load's as a ratio to the file's size (goal: <= 5x), and the process's peak RSS.
- growth from each size to the size ten times larger. Goal: 10x indicators <= 11x time.
- evaluation time as a ratio to load time (goal: <= 1), the two timed in turns;
- the xlsx section (``bench_xlsx.py``: 10k and 100k indicators against raw openpyxl
  write-only, goal <= 1.3x) and the pdf section (``bench_pdf.py``: 1k indicators
  against plain reportlab, goal <= 1.5x, and pages per second).

Each time is the best of a few repeats. Figures go into docs/performance.md. The
process exits with 1 when a section fails (tests/test_bench_smoke.py runs it on tiny
sizes).
"""

from __future__ import annotations

import gc
import io
import json
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import synthetic_plan  # noqa: E402

import kpiplan  # noqa: E402
from kpiplan import ExportJob, export, make_exporter  # noqa: E402

SIZES = (300, 1_000, 10_000, 100_000)
EXAMPLE = HERE.parent / "examples" / "digital_tokushima.toml"
LOAD_GOAL = 3.0
EXPORT_GOAL = 2.0
GROWTH_GOAL = 11.0
EVALUATE_GOAL = 1.0
MEMORY_GOAL = 5.0


def best(func: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` (at least one) timings of ``func()``, in seconds."""
    return min(alternately(func, repeats=repeats))


def alternately(*funcs: Callable[[], object], repeats: int) -> list[float]:
    """The shortest of ``repeats`` (at least one) timings of each of ``funcs``.

    The functions take turns, so that a busy spell of a shared machine slows each of
    them alike instead of only the one that happened to run in it.
    """
    times = [float("inf")] * len(funcs)
    for _ in range(max(1, repeats)):
        for index, func in enumerate(funcs):
            gc.collect()
            start = time.perf_counter()
            func()
            times[index] = min(times[index], time.perf_counter() - start)
    return times


def peak(func: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``func()`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


#: ``--once``: time everything once (as the 100k size is), for a quick check that
#: the benchmark runs; its figures are not steady enough to report.
ONCE = False


def repeats_for(n: int) -> int:
    if ONCE:
        return 1
    # Small plans take microseconds: many repeats make their best time a steady one.
    return 200 if n < 100 else 20 if n <= 300 else 5 if n <= 1_000 else 3 if n <= 10_000 else 1


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


#: Evaluation is skipped at a size when one run at the size before took longer than
#: this (seconds): a tenfold plan would take minutes if evaluation grows badly.
EVALUATE_BUDGET = 10.0


def measure(
    n: int, folder: Path, evaluate_previous: float | None, plan: kpiplan.Plan | None = None
) -> dict[str, Any]:
    """Every figure for a plan of ``n`` indicators (the synthetic one unless given)."""
    if plan is None:
        plan = synthetic_plan(n)
    path = folder / f"plan-{n}.json"
    kpiplan.dump(plan, path)
    raw = path.read_bytes()
    data = json.loads(raw)
    repeats = repeats_for(n)
    # The plan part only: the evaluation the exporter adds by default is timed apart.
    exporter = make_exporter("json", {"evaluation": False})

    def write_json() -> bytes:
        stream = io.BytesIO()
        exporter.write(ExportJob(plan), stream)
        return stream.getvalue()

    def dumps_json() -> bytes:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    assert write_json() == dumps_json() == raw, "the exporter must write the canonical file"
    out = folder / f"out-{n}.json"
    # The default limits: the benchmark's largest plan must read without --limit.
    json_loads, load = alternately(
        lambda: json.loads(path.read_bytes()), lambda: kpiplan.load(path), repeats=repeats
    )
    json_dumps, export_write = alternately(dumps_json, write_json, repeats=repeats)
    figures: dict[str, Any] = {
        "n": n,
        "bytes": len(raw),
        "json_loads": json_loads,
        "load": load,
        "json_dumps": json_dumps,
        "export_write": export_write,
        "export_file": best(lambda: export(plan, "json", out, evaluation=False), repeats),
        "load_peak": peak(lambda: kpiplan.load(path)),
        "export_peak": peak(write_json),
    }
    # Versions before the evaluation had no kpiplan.evaluate; the lookup imports it.
    if hasattr(kpiplan, "evaluate"):
        evaluate = kpiplan.evaluate

        if evaluate_previous is not None and evaluate_previous > EVALUATE_BUDGET:
            figures["evaluate_skipped"] = (
                f"skipped: the size before took {evaluate_previous:.1f}s for one run"
            )
        else:
            once = best(lambda: evaluate(plan), 1)
            figures["evaluate"] = once
            # A slow evaluation is timed once; the others as often as the load, taking
            # turns with a load of the same plan: on a shared machine the ratio of two
            # timings made minutes apart measures the machine's load, not kpiplan.
            if once < EVALUATE_BUDGET and repeats > 1:
                beside, evaluated = alternately(
                    lambda: kpiplan.load(path), lambda: evaluate(plan), repeats=repeats - 1
                )
                figures["evaluate"] = min(once, evaluated)
                figures["load_beside_evaluate"] = min(load, beside)
    return figures


#: The sizes of the xlsx and pdf sections when none are given on the command line:
#: the workbook for 10k and 100k indicators, the PDF report for 1k (a 500-page report).
SECTION_SIZES = {"bench_xlsx": (10_000, 100_000), "bench_pdf": (1_000,)}


def extra_sections(sizes: tuple[int, ...] | None) -> list[str]:
    """The xlsx and pdf sections (their own default sizes unless sizes are given).

    A section that fails prints its error and the others still run; its line
    starts with the section's name and ``FAILED``.
    """
    lines: list[str] = []
    for name, default in SECTION_SIZES.items():
        try:
            module = __import__(name)
            lines += module.run(synthetic_plan, sizes or default)
        except Exception as exc:  # one broken section must not hide the others
            line = f"{name}: FAILED: {type(exc).__name__}: {str(exc)[:300]}"
            print(line, flush=True)
            lines.append(line)
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def print_row(label: str, f: dict[str, Any]) -> None:
    print(
        f"{label:>8} {mib(f['bytes']):>10} {f['json_loads']:>9.4f}s {f['load']:>7.4f}s "
        f"{f['load'] / f['json_loads']:>5.1f}x {f['json_dumps']:>9.4f}s "
        f"{f['export_write']:>7.4f}s {f['export_write'] / f['json_dumps']:>5.1f}x "
        f"{f['export_file']:>7.3f}s {mib(f['load_peak']):>11} "
        f"{f['load_peak'] / f['bytes']:>4.1f}x {mib(f['export_peak']):>11}",
        flush=True,
    )


def summary(results: list[dict[str, Any]]) -> None:
    """The goals, met or missed, over every size measured."""
    worst_load = max(f["load"] / f["json_loads"] for f in results)
    worst_export = max(f["export_write"] / f["json_dumps"] for f in results)
    worst_memory = max(f["load_peak"] / f["bytes"] for f in results)
    print(
        f"load:   worst {worst_load:.1f}x json.loads (goal <= {LOAD_GOAL:g}x): "
        + verdict(worst_load <= LOAD_GOAL)
    )
    print(
        f"export: worst {worst_export:.1f}x json.dumps (goal <= {EXPORT_GOAL:g}x): "
        + verdict(worst_export <= EXPORT_GOAL)
    )
    print(
        f"memory: worst load peak {worst_memory:.1f}x the file (goal <= {MEMORY_GOAL:g}x): "
        + verdict(worst_memory <= MEMORY_GOAL)
    )
    by_n = {f["n"]: f for f in results if f["label"] != "example"}
    for n in sorted(by_n):
        if 10 * n not in by_n:
            continue
        small, large = by_n[n], by_n[10 * n]
        for key, label in (("load", "load"), ("export_write", "export"), ("evaluate", "evaluate")):
            if key in small and key in large:
                growth = large[key] / small[key]
                print(
                    f"growth {n:,} -> {10 * n:,}, {label}: {growth:.1f}x "
                    f"(goal <= {GROWTH_GOAL:g}x): {verdict(growth <= GROWTH_GOAL)}"
                )
    for f in results:
        if "evaluate" in f:
            ratio = f["evaluate"] / f.get("load_beside_evaluate", f["load"])
            print(
                f"evaluate {f['label']:>8}: {f['evaluate']:.4f}s = {ratio:.2f}x load "
                f"(goal <= {EVALUATE_GOAL:g}x): {verdict(ratio <= EVALUATE_GOAL)}"
            )
        elif "evaluate_skipped" in f:
            print(f"evaluate {f['label']:>8}: {f['evaluate_skipped']}")
        else:
            print(f"evaluate {f['label']:>8}: this kpiplan has no kpiplan.evaluate, skipped")


def main(argv: list[str]) -> int:
    """Run the benchmark; 1 when a section failed, else 0.

    Args:
        argv: ``--core`` (leave out the xlsx and pdf sections), ``--once`` (time
            each thing once) and sizes; no sizes: :data:`SIZES` and the sections' own.
    """
    global ONCE
    core = "--core" in argv
    ONCE = "--once" in argv
    given = tuple(
        int(a.replace("_", "").replace(",", "")) for a in argv if a not in ("--core", "--once")
    )
    sizes = given or SIZES
    print(
        f"kpiplan {kpiplan.__version__} · Python {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs · {time.strftime('%Y-%m-%d')}"
    )
    results = []
    print(
        f"{'N':>8} {'file':>10} {'json.loads':>10} {'load':>8} {'ratio':>6} "
        f"{'json.dumps':>10} {'export':>8} {'ratio':>6} {'to file':>8} "
        f"{'load peak':>11} {'/file':>5} {'export peak':>11}"
    )
    with tempfile.TemporaryDirectory() as temporary:
        example = kpiplan.load(EXAMPLE)
        count = sum(1 for _ in example.indicators())
        f = measure(count, Path(temporary), None, plan=example) | {"label": "example"}
        results.append(f)
        print_row("example", f)
        previous: float | None = None
        for n in sizes:
            f = measure(n, Path(temporary), previous) | {"label": f"{n:,}"}
            previous = f.get("evaluate")
            results.append(f)
            print_row(f"{n:,}", f)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak RSS of this run: {mib(rss)}")
    summary(results)
    # Each section prints its lines as it measures them.
    if not core:
        failed = [line for line in extra_sections(given or None) if "FAILED" in line]
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
