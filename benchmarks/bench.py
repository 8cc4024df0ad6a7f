"""kpiplan's speed against the json module, for plans of 1,000 to 100,000 indicators.

Run ``make bench`` (or ``python benchmarks/bench.py [--core] [N ...]``; ``--core`` leaves
out the xlsx and pdf sections). For each size it prints:

- load: ``kpiplan.load`` (parse, build the model, validate) of a canonical JSON file,
  as a ratio to ``json.loads`` of the same file's bytes. Goal: <= 4x.
- export: the ``json`` exporter writing the plan, as a ratio to ``json.dumps`` of
  the same data with the same formatting. Goal: <= 2x. ``kpiplan.export`` to a
  file (atomic write, fsync) is shown beside it.
- peak memory of load and export (tracemalloc, in a separate untimed pass), and
  the process's peak RSS.
- growth from 10k to 100k indicators. Goal: 10x indicators <= 11x time.
- evaluation time as a ratio to load time (goal: <= 1);
- the xlsx section (``bench_xlsx.py``: 10k and 100k indicators against raw openpyxl
  write-only, goal <= 1.5x) and the pdf section (``bench_pdf.py``: 1k indicators
  against plain reportlab, goal <= 1.5x, and pages per second).

Each time is the best of a few repeats. Figures go into docs/performance.md.
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

SIZES = (1_000, 10_000, 100_000)
LOAD_GOAL = 4.0
EXPORT_GOAL = 2.0
GROWTH_GOAL = 11.0


def best(func: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` timings of ``func()``, in seconds."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak(func: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``func()`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def repeats_for(n: int) -> int:
    return 5 if n <= 1_000 else 3 if n <= 10_000 else 1


def mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


#: Evaluation is skipped at a size when one run at the size before took longer than
#: this (seconds): a tenfold plan would take minutes if evaluation grows badly.
EVALUATE_BUDGET = 10.0


def measure(n: int, folder: Path, evaluate_previous: float | None) -> dict[str, Any]:
    """Every figure for a plan of ``n`` indicators."""
    plan = synthetic_plan(n)
    path = folder / f"plan-{n}.json"
    kpiplan.dump(plan, path)
    raw = path.read_bytes()
    data = json.loads(raw)
    repeats = repeats_for(n)
    # The plan part only: the evaluation the exporter adds by default is timed apart.
    exporter = make_exporter("json", {"evaluation": False})
    # Pretty canonical JSON is about 1 KB per indicator: 100k is over the default 64 MiB.
    limits = kpiplan.Limits(max_bytes=4 * len(raw))

    def write_json() -> bytes:
        stream = io.BytesIO()
        exporter.write(ExportJob(plan), stream)
        return stream.getvalue()

    def dumps_json() -> bytes:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    assert write_json() == dumps_json() == raw, "the exporter must write the canonical file"
    out = folder / f"out-{n}.json"
    figures: dict[str, Any] = {
        "n": n,
        "bytes": len(raw),
        "json_loads": best(lambda: json.loads(path.read_bytes()), repeats),
        "load": best(lambda: kpiplan.load(path, limits=limits), repeats),
        "json_dumps": best(dumps_json, repeats),
        "export_write": best(write_json, repeats),
        "export_file": best(lambda: export(plan, "json", out, evaluation=False), repeats),
        "load_peak": peak(lambda: kpiplan.load(path, limits=limits)),
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
            again = best(lambda: evaluate(plan), repeats - 1) if once < EVALUATE_BUDGET else once
            figures["evaluate"] = min(once, again)
    return figures


#: The sizes of the xlsx and pdf sections when none are given on the command line:
#: the workbook for 10k and 100k indicators, the PDF report for 1k (a 500-page report).
SECTION_SIZES = {"bench_xlsx": (10_000, 100_000), "bench_pdf": (1_000,)}


def extra_sections(sizes: tuple[int, ...] | None) -> list[str]:
    """The xlsx and pdf sections (their own default sizes unless sizes are given)."""
    lines: list[str] = []
    for name, default in SECTION_SIZES.items():
        try:
            module = __import__(name)
            lines += module.run(synthetic_plan, sizes or default)
        except Exception as exc:  # one broken section must not hide the others
            lines.append(f"{name}: FAILED: {type(exc).__name__}: {str(exc)[:300]}")
    return lines


def main(argv: list[str]) -> int:
    # --core: only load, export and evaluation (the xlsx and pdf sections take long).
    core = "--core" in argv
    given = tuple(int(a.replace("_", "").replace(",", "")) for a in argv if a != "--core")
    sizes = given or SIZES
    print(
        f"kpiplan {kpiplan.__version__} · Python {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs · {time.strftime('%Y-%m-%d')}"
    )
    results = []
    header = (
        f"{'N':>8} {'file':>10} {'json.loads':>10} {'load':>8} {'ratio':>6} "
        f"{'json.dumps':>10} {'export':>8} {'ratio':>6} {'to file':>8} "
        f"{'load peak':>11} {'export peak':>11}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as temporary:
        previous: float | None = None
        for n in sizes:
            f = measure(n, Path(temporary), previous)
            previous = f.get("evaluate")
            results.append(f)
            print(
                f"{n:>8,} {mib(f['bytes']):>10} {f['json_loads']:>9.3f}s {f['load']:>7.3f}s "
                f"{f['load'] / f['json_loads']:>5.1f}x {f['json_dumps']:>9.3f}s "
                f"{f['export_write']:>7.3f}s {f['export_write'] / f['json_dumps']:>5.1f}x "
                f"{f['export_file']:>7.3f}s {mib(f['load_peak']):>11} "
                f"{mib(f['export_peak']):>11}",
                flush=True,
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak RSS of this run: {mib(rss)}")

    worst_load = max(f["load"] / f["json_loads"] for f in results)
    worst_export = max(f["export_write"] / f["json_dumps"] for f in results)
    print(
        f"load:   worst {worst_load:.1f}x json.loads (goal <= {LOAD_GOAL:g}x): "
        + ("met" if worst_load <= LOAD_GOAL else "MISSED")
    )
    print(
        f"export: worst {worst_export:.1f}x json.dumps (goal <= {EXPORT_GOAL:g}x): "
        + ("met" if worst_export <= EXPORT_GOAL else "MISSED")
    )
    by_n = {f["n"]: f for f in results}
    if 10_000 in by_n and 100_000 in by_n:
        small, large = by_n[10_000], by_n[100_000]
        for key, label in (("load", "load"), ("export_write", "export"), ("evaluate", "evaluate")):
            if key in small and key in large:
                growth = large[key] / small[key]
                verdict = "met" if growth <= GROWTH_GOAL else "MISSED"
                print(
                    f"growth 10k -> 100k, {label}: {growth:.1f}x "
                    f"(goal <= {GROWTH_GOAL:g}x): {verdict}"
                )
    for f in results:
        if "evaluate" in f:
            print(
                f"evaluate {f['n']:>8,}: {f['evaluate']:.3f}s = "
                f"{f['evaluate'] / f['load']:.2f}x load"
            )
        elif "evaluate_skipped" in f:
            print(f"evaluate {f['n']:>8,}: {f['evaluate_skipped']}")
        else:
            print(f"evaluate {f['n']:>8,}: this kpiplan has no kpiplan.evaluate, skipped")
    # Each section prints its lines as it measures them.
    if not core:
        extra_sections(given or None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
