"""kpiplan against its floors, every goal of issue #16 measured in one run.

Run ``make bench`` (or ``python benchmarks/bench.py [--core] [--once] [N ...]``;
``--core`` leaves out the workbook, pdf and many-plans sections, ``--once`` times
everything once). It prints, in this order:

- the machine's load average, so that a reader knows how quiet the run was;
- for the example plan (examples/digital_tokushima.toml, as canonical JSON) and
  plans of 300 to 100,000 indicators: ``kpiplan.load`` as a ratio to ``json.loads``
  of the same bytes (goal <= 3x), the ``json`` exporter as a ratio to ``json.dumps``
  of the same data (goal <= 2x), ``kpiplan.export`` to a file, and peak memory of
  load and export (tracemalloc), the load's against the file (goal <= 5x);
- load's parts (read, parse, structure, validate) at each size: the example's are
  the fixed cost of one load;
- load's floor in pure Python up to 10k indicators (floor.py): what parsing with
  exact decimals, reading every parsed value once and making the plan's objects
  bare cost against ``json.loads``, before any check;
- growth from each size to the one ten times larger, from the CPU time per
  indicator (goal: 10x the indicators in <= 11x the time), with ``json.loads``'s
  own growth beside it as a witness of how steady the run was;
- evaluation as a ratio to load (goal <= 1x), the two timed in turns;
- the workbook against raw openpyxl write-only at 10k indicators (goal <= 1.3x),
  and the 100k workbook end to end (``kpiplan export … --format xlsx`` in a child
  process: its CPU time, goal within ten minutes, and its peak memory);
- the pdf report against plain reportlab at 1k indicators (goal <= 1.5x);
- many plans at once (bench_many.py: 1,788 plans of 300 indicators to one CSV);
- the load average again, and a table of every goal, met or MISSED.

Times are CPU seconds, best of N taken in turns (see timing.py). The process exits
with 1 when a section fails (tests/test_bench_smoke.py runs it on tiny sizes).
"""

from __future__ import annotations

import gc
import io
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import PARTS as FLOOR_PARTS  # noqa: E402
from floor import floor_parts  # noqa: E402
from generate import synthetic_plan  # noqa: E402
from timing import Goal, best, in_turns, load_average, peak, turns  # noqa: E402

import kpiplan  # noqa: E402
from kpiplan import ExportJob, export, make_exporter  # noqa: E402

SIZES = (300, 1_000, 10_000, 100_000)
EXAMPLE = HERE.parent / "examples" / "digital_tokushima.toml"
LOAD_GOAL = 3.0
EXPORT_GOAL = 2.0
GROWTH_GOAL = 11.0
EVALUATE_GOAL = 1.0
MEMORY_GOAL = 5.0
#: The 100k workbook end to end, in CPU seconds ("within ten minutes on this machine").
WORKBOOK_GOAL = 600.0
#: Half the example's load time on main before round 3 (1.4 ms, 2026-11-30, quiet).
EXAMPLE_GOAL = 0.0007

#: ``--once``: time everything once, for a quick check that the benchmark runs;
#: its figures are not steady enough to report.
ONCE = False

#: Load's floor is measured up to this size: above it the load goal is met, and the
#: floor's parsed tree and recipe would add about half a GiB to the run's peak.
FLOOR_UP_TO = 10_000

#: Evaluation is skipped at a size when one run at the size before took longer than
#: this (seconds): a tenfold plan would take minutes if evaluation grows badly.
EVALUATE_BUDGET = 10.0


def mib(size: float) -> str:
    return f"{size / 2**20:,.1f} MiB"


PARTS = ("read", "parse", "structure", "validate")


def _parse_as_load_does(text: str) -> object:
    """Parse ``text`` as kpiplan's load does on a valid file: exact decimals, and the
    duplicate-key check made by counting the keys each object kept against the
    colons of the text (kpiplan/_files.py; the exact pair-by-pair parse runs only
    when that count leaves a doubt, which a valid benchmark plan never does)."""
    keys = 0

    def count_keys(obj: dict[str, Any]) -> dict[str, Any]:
        nonlocal keys
        keys += len(obj)
        return obj

    data = json.loads(text, parse_float=Decimal, object_hook=count_keys)
    if text.count(":") != keys and text.count('":') != keys:
        raise ValueError("the key count leaves a doubt: load would parse this text twice")
    return data


def load_parts(path: Path, repeats: int) -> dict[str, float]:
    """The least CPU time of each part of ``kpiplan.load(path)``, from public calls.

    read: the file's bytes, decoded; parse: ``json.loads`` with exact decimals and
    the duplicate-key check as load makes it, the collector paused as load pauses
    it; validate: ``kpiplan.validate`` of the loaded plan (the checks across
    objects); structure: what ``kpiplan.loads`` of the text takes beyond parse and
    validate (the model, the grading rule, the limits), from the least time of each
    (the least of differences would take one run's noise for the structure's time).
    """
    import time as clock

    def once() -> list[float]:
        marks = [clock.process_time()]
        text = path.read_bytes().decode("utf-8")
        marks.append(clock.process_time())
        gc.disable()
        try:
            _parse_as_load_does(text)
        finally:
            gc.enable()
        marks.append(clock.process_time())
        plan = kpiplan.loads(text, source=str(path))
        marks.append(clock.process_time())
        kpiplan.validate(plan)
        marks.append(clock.process_time())
        return [b - a for a, b in itertools.pairwise(marks)]

    least = once()
    for _ in range(max(1, repeats) - 1):
        least = [min(a, b) for a, b in zip(least, once(), strict=True)]
    read, parse, loads, validate = least
    return dict(zip(PARTS, (read, parse, loads - parse - validate, validate), strict=True))


def load_floor(path: Path) -> dict[str, Any]:
    """Load's floor in pure Python (floor.py), each part timed in turns with ``json.loads``."""
    parts = floor_parts(path, kpiplan.load(path))
    json_loads, *times = in_turns(
        lambda: json.loads(path.read_bytes()), parts.parse, parts.visit, parts.objects, once=ONCE
    )
    return {
        "floor": dict(zip(FLOOR_PARTS, times, strict=True)),
        "floor_json_loads": json_loads,
        "floor_objects": parts.count,
        "floor_slots": parts.slots,
    }


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
    json_loads, load = in_turns(
        lambda: json.loads(path.read_bytes()), lambda: kpiplan.load(path), once=ONCE
    )
    json_dumps, export_write = in_turns(dumps_json, write_json, once=ONCE)
    repeats = 1 if ONCE else turns(load)
    figures: dict[str, Any] = {
        "n": n,
        "path": path,
        "bytes": len(raw),
        "json_loads": json_loads,
        "load": load,
        "json_dumps": json_dumps,
        "export_write": export_write,
        "export_file": best(lambda: export(plan, "json", out, evaluation=False), repeats),
        "load_peak": peak(lambda: kpiplan.load(path)),
        "export_peak": peak(write_json),
    }
    try:
        figures["parts"] = load_parts(path, repeats)
    except Exception as exc:  # the parts must not stop the run
        figures["parts_error"] = f"{type(exc).__name__}: {exc}"
    if n <= FLOOR_UP_TO:
        figures |= load_floor(path)
    if evaluate_previous is not None and evaluate_previous > EVALUATE_BUDGET:
        figures["evaluate_skipped"] = (
            f"skipped: the size before took {evaluate_previous:.1f}s for one run"
        )
    else:
        # Taking turns with a load of the same plan: on a shared machine the ratio of
        # two timings made minutes apart measures the machine, not kpiplan.
        beside, evaluated = in_turns(
            lambda: kpiplan.load(path), lambda: kpiplan.evaluate(plan), once=ONCE
        )
        figures["evaluate"] = evaluated
        figures["load_beside_evaluate"] = min(load, beside)
    return figures


def print_row(label: str, f: dict[str, Any]) -> None:
    print(
        f"{label:>8} {mib(f['bytes']):>10} {f['json_loads']:>9.4f}s {f['load']:>8.4f}s "
        f"{f['load'] / f['json_loads']:>5.1f}x {1e6 * f['load'] / f['n']:>7.1f} "
        f"{f['json_dumps']:>9.4f}s {f['export_write']:>8.4f}s "
        f"{f['export_write'] / f['json_dumps']:>5.1f}x {f['export_file']:>8.4f}s "
        f"{mib(f['load_peak']):>11} {f['load_peak'] / f['bytes']:>4.1f}x "
        f"{mib(f['export_peak']):>11}",
        flush=True,
    )


def print_parts(results: list[dict[str, Any]]) -> None:
    """Load's parts at each size; the example's are the fixed cost of one load."""
    print("\nload's parts, CPU ms (best of N): read = bytes + UTF-8, parse = JSON with")
    print("Decimal and the duplicate-key check as load makes it, structure = the rest of")
    print("kpiplan.loads (the model, grading rule, limits), validate = kpiplan.validate")
    print(f"{'N':>8} " + " ".join(f"{part:>10}" for part in PARTS) + f" {'sum':>10} {'load':>10}")
    for f in results:
        if "parts" not in f:
            print(f"{f['label']:>8} not measured: {f.get('parts_error', '')}")
            continue
        parts = f["parts"]
        cells = " ".join(f"{1000 * parts[part]:>10.3f}" for part in PARTS)
        print(
            f"{f['label']:>8} {cells} {1000 * sum(parts.values()):>10.3f} {1000 * f['load']:>10.3f}"
        )


def floor_ratio(f: dict[str, Any]) -> float:
    """Load's floor as a ratio to ``json.loads`` timed beside it."""
    return float(sum(f["floor"].values()) / f["floor_json_loads"])


def print_floor(results: list[dict[str, Any]]) -> None:
    """Load's floor in pure Python at each size it was measured, against ``json.loads``."""
    print("\nload's floor in pure Python, as ratios to json.loads timed in turns with it:")
    print("parse = the bytes parsed with exact decimals (no duplicate-key check), visit =")
    print("every parsed value read once, objects = the plan's model objects and tuples made")
    print("again bare (every slot set from a value at hand: no key read, no check)")
    print(
        f"{'N':>8} {'objects':>9} {'slots':>10} "
        + " ".join(f"{part:>8}" for part in FLOOR_PARTS)
        + f" {'floor':>8} {'load':>8}"
    )
    for f in results:
        if "floor" not in f:
            continue
        ratios = (f["floor"][part] / f["floor_json_loads"] for part in FLOOR_PARTS)
        cells = " ".join(f"{ratio:>7.2f}x" for ratio in ratios)
        print(
            f"{f['label']:>8} {f['floor_objects']:>9,} {f['floor_slots']:>10,} {cells} "
            f"{floor_ratio(f):>7.2f}x {f['load'] / f['json_loads']:>7.2f}x"
        )


def growth_goals(results: list[dict[str, Any]]) -> Iterator[Goal]:
    """Growth from each size to the size ten times larger, printed and as goals.

    Computed from the CPU time per indicator at each size (each the best of N), so a
    size is compared with the next by kpiplan's own work; ``json.loads``'s growth is
    printed beside it, a witness of the run: far over 10x, the floor itself was
    disturbed (or the machine was short of memory) and so may kpiplan's time be. Where
    both sizes have load's floor (floor.py), its growth is printed too: the growth of
    making the same objects with no check, which no loader of the model can beat.
    """
    by_n = {f["n"]: f for f in results if f["label"] != "example"}
    print("\ngrowth: 10x the indicators, from CPU µs per indicator")
    for n in sorted(by_n):
        if 10 * n not in by_n:
            continue
        small, large = by_n[n], by_n[10 * n]
        witness = 10 * (large["json_loads"] / large["n"]) / (small["json_loads"] / small["n"])
        for key, label in (("load", "load"), ("export_write", "export"), ("evaluate", "evaluate")):
            if key not in small or key not in large:
                continue
            before, after = 1e6 * small[key] / n, 1e6 * large[key] / (10 * n)
            growth = 10 * after / before
            what = f"growth {n:,} -> {10 * n:,}, {label}"
            witnesses = f"; json.loads grew {witness:.1f}x" if key == "load" else ""
            if key == "load" and "floor" in small and "floor" in large:
                floor = sum(large["floor"].values()) / sum(small["floor"].values())
                witnesses += f", load's floor {floor:.1f}x"
            print(
                f"{what}: {before:.1f} -> {after:.1f} µs an indicator = {growth:.1f}x time "
                f"(goal <= {GROWTH_GOAL:g}x): {verdict(growth <= GROWTH_GOAL)}{witnesses}"
            )
            yield Goal(what, f"<= {GROWTH_GOAL:g}x", f"{growth:.1f}x", growth <= GROWTH_GOAL)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def worst(
    results: list[dict[str, Any]],
    ratio: Callable[[dict[str, Any]], float],
    pick: Callable[..., dict[str, Any]] = max,
) -> str:
    """The highest ratio (or the one ``pick`` picks) over the sizes and where it is,
    with every size's."""
    top = pick(results, key=ratio)
    each = ", ".join(f"{f['label']} {ratio(f):.2f}x" for f in results)
    return f"{ratio(top):.2f}x at {top['label']} ({each})"


def core_goals(results: list[dict[str, Any]]) -> list[Goal]:
    """load, export, memory, fixed cost, growth and evaluation over every size."""

    def load(f: dict[str, Any]) -> float:
        return float(f["load"] / f["json_loads"])

    def dumps(f: dict[str, Any]) -> float:
        return float(f["export_write"] / f["json_dumps"])

    def memory(f: dict[str, Any]) -> float:
        return float(f["load_peak"] / f["bytes"])

    goals = [
        Goal("load vs json.loads", f"<= {LOAD_GOAL:g}x", worst(results, load),
             max(map(load, results)) <= LOAD_GOAL),
        # Its least: the floor is a bound, the size where it is lowest the one it binds least.
        Goal("load's floor in pure Python vs json.loads", "",
             worst([f for f in results if "floor" in f], floor_ratio, min), None),
        Goal("export vs json.dumps", f"<= {EXPORT_GOAL:g}x", worst(results, dumps),
             max(map(dumps, results)) <= EXPORT_GOAL),
        Goal("loaded plan's peak memory vs its file", f"<= {MEMORY_GOAL:g}x",
             worst(results, memory), max(map(memory, results)) <= MEMORY_GOAL),
    ]  # fmt: skip
    example = next(f for f in results if f["label"] == "example")
    goals.append(
        Goal(
            "example's load (fixed cost), CPU",
            f"<= {1000 * EXAMPLE_GOAL:g} ms",
            f"{1000 * example['load']:.2f} ms",
            example["load"] <= EXAMPLE_GOAL,
        )
    )
    goals += growth_goals(results)
    print()
    evaluated = [f for f in results if "evaluate" in f]
    for f in results:
        if "evaluate" in f:
            ratio = f["evaluate"] / f["load_beside_evaluate"]
            print(
                f"evaluate {f['label']:>8}: {f['evaluate']:.4f}s = {ratio:.2f}x load "
                f"(goal <= {EVALUATE_GOAL:g}x): {verdict(ratio <= EVALUATE_GOAL)}"
            )
        else:
            print(f"evaluate {f['label']:>8}: {f['evaluate_skipped']}")
    if evaluated:

        def evaluation(f: dict[str, Any]) -> float:
            return float(f["evaluate"] / f["load_beside_evaluate"])

        goals.append(
            Goal("evaluation vs load", f"<= {EVALUATE_GOAL:g}x", worst(evaluated, evaluation),
                 max(map(evaluation, evaluated)) <= EVALUATE_GOAL)
        )  # fmt: skip
    return goals


def core(sizes: tuple[int, ...], folder: Path) -> tuple[list[Goal], dict[int, Path]]:
    """The example and every size: the table, load's parts, growth and evaluation."""
    print(
        f"\n{'N':>8} {'file':>10} {'json.loads':>10} {'load':>9} {'ratio':>6} {'µs/ind':>7} "
        f"{'json.dumps':>10} {'export':>9} {'ratio':>6} {'to file':>9} "
        f"{'load peak':>11} {'/file':>5} {'export peak':>11}"
    )
    results = []
    # Imports, pint's registry and the grading presets once, untimed, so that the
    # first row timed does not pay for them (--once would show it 30x slower).
    warm = folder / "warm.json"
    kpiplan.dump(synthetic_plan(3), warm)
    kpiplan.evaluate(kpiplan.load(warm))
    export(kpiplan.load(warm), "json", folder / "warm-out.json")
    example = kpiplan.load(EXAMPLE)
    kpiplan.evaluate(example)
    count = sum(1 for _ in example.indicators())
    f = measure(count, folder, None, plan=example) | {"label": "example"}
    del example
    results.append(f)
    print_row("example", f)
    previous: float | None = None
    for n in sizes:
        f = measure(n, folder, previous) | {"label": f"{n:,}"}
        previous = f.get("evaluate")
        results.append(f)
        print_row(f"{n:,}", f)
    print_parts(results)
    print_floor(results)
    files = {f["n"]: f["path"] for f in results if f["label"] != "example"}
    return core_goals(results), files


#: The sizes of the sections when none are given on the command line: the workbook's
#: ratio at 10k indicators, the 100k workbook end to end, the PDF report for 1k (a
#: 500-page report), and 1,788 plans of 300 indicators.
XLSX_SIZES = (10_000,)
WORKBOOK_END_TO_END = 100_000
PDF_SIZES = (1_000,)


def section(name: str, run: Callable[[], list[Goal]]) -> list[Goal]:
    """Run one section; a failure prints its error and becomes a MISSED row."""
    print(f"\n{name} · {load_average()}", flush=True)
    try:
        return run()
    except Exception as exc:  # one broken section must not hide the others
        print(f"{name}: FAILED: {type(exc).__name__}: {str(exc)[:300]}", flush=True)
        return [Goal(name, "runs", f"FAILED: {type(exc).__name__}", False)]


class ChildUsage(NamedTuple):
    """What one command used, as its parent's ``wait4`` saw it."""

    returncode: int
    user: float
    """CPU seconds in user mode."""
    system: float
    """CPU seconds in the kernel."""
    peak_rss: int
    """Peak resident memory, bytes."""


#: Runs its arguments as a command and prints the command's exit code and resource
#: use. Linux gives a forked child the peak RSS of the process it was forked from
#: (kept across exec): a command started straight from this benchmark, 3 GiB by the
#: 100k rows, reported 3,211.5 MiB for any export. Started from this small launcher,
#: the command's peak is its own.
_LAUNCHER = (
    "import json, os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_utime,"
    " usage.ru_stime, usage.ru_maxrss * 1024]))\n"  # ru_maxrss is in KiB on Linux
)


def child_usage(command: list[str]) -> ChildUsage:
    """Run ``command`` and return its exit code, CPU time and its own peak RSS.

    Only the command's use counts: not this process's memory, not other children's.
    """
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], capture_output=True, text=True, check=True
    )
    code, user, system, peak_rss = json.loads(launched.stdout)
    return ChildUsage(code, user, system, peak_rss)


def workbook_end_to_end(path: Path, n: int) -> list[Goal]:
    """``kpiplan export PATH --format xlsx`` in a child process: its CPU and peak memory.

    The child's own resource use (``os.wait4``) is what is reported, so neither
    this process's memory nor other children's counts.
    """
    out = path.with_suffix(".xlsx")
    command = [sys.executable, "-m", "kpiplan", "export", str(path), "--format", "xlsx"]
    start = time.perf_counter()
    usage = child_usage([*command, "-o", str(out)])
    wall = time.perf_counter() - start
    if usage.returncode != 0:
        raise RuntimeError(f"kpiplan export exited with {usage.returncode}")
    cpu = usage.user + usage.system
    rss = usage.peak_rss
    print(
        f"  {n:,} indicators, kpiplan export --format xlsx (load, evaluate, write): "
        f"CPU {cpu:.1f} s ({usage.user:.1f} user, {usage.system:.1f} system), "
        f"wall {wall:.1f} s, peak RSS {mib(rss)}; file {mib(path.stat().st_size)} -> "
        f"workbook {mib(out.stat().st_size)}",
        flush=True,
    )
    return [
        Goal(f"workbook of {n:,} end to end, CPU", f"<= {WORKBOOK_GOAL:g} s", f"{cpu:.1f} s",
             cpu <= WORKBOOK_GOAL),
        Goal(f"workbook of {n:,} end to end, peak RSS", "", mib(rss), None),
    ]  # fmt: skip


def sections(given: tuple[int, ...], files: dict[int, Path], folder: Path) -> list[Goal]:
    """The workbook, pdf and many-plans sections (their own sizes unless sizes are given)."""
    import bench_many
    import bench_pdf
    import bench_xlsx

    goals = section("xlsx", lambda: bench_xlsx.run(synthetic_plan, given or XLSX_SIZES, once=ONCE))
    largest = max(given) if given else WORKBOOK_END_TO_END

    def end_to_end() -> list[Goal]:
        path = files.get(largest)
        if path is None:
            path = folder / f"plan-{largest}.json"
            kpiplan.dump(synthetic_plan(largest), path)
        return workbook_end_to_end(path, largest)

    goals += section("workbook end to end", end_to_end)
    goals += section("pdf", lambda: bench_pdf.run(synthetic_plan, given or PDF_SIZES, once=ONCE))
    count, indicators = (
        (3, min(given)) if given else (bench_many.GOVERNMENTS, bench_many.INDICATORS)
    )
    goals += section("many plans", lambda: bench_many.measure(count, indicators))
    return goals


def print_table(goals: list[Goal]) -> None:
    """The final table: every goal, its limit, the figure measured and the verdict."""
    what = max(len(goal.what) for goal in goals)
    limit = max(len(goal.limit) for goal in goals)
    print(f"\n{'goal':<{what}}  {'limit':<{limit}}  verdict  measured")
    for goal in goals:
        print(f"{goal.what:<{what}}  {goal.limit:<{limit}}  {goal.verdict:<7}  {goal.result}")


def main(argv: list[str]) -> int:
    """Run the benchmark; 1 when a section failed, else 0.

    Args:
        argv: ``--core`` (leave out the workbook, pdf and many-plans sections),
            ``--once`` (time each thing once) and sizes; no sizes: :data:`SIZES`
            and the sections' own.
    """
    global ONCE
    core_only = "--core" in argv
    ONCE = "--once" in argv
    given = tuple(
        int(a.replace("_", "").replace(",", "")) for a in argv if a not in ("--core", "--once")
    )
    start_wall, start_cpu = time.perf_counter(), os.times()
    print(
        f"kpiplan {kpiplan.__version__} · Python {platform.python_version()} · "
        f"{platform.machine()} · {os.cpu_count()} CPUs · {time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"at the start: {load_average()}")
    print("times are CPU seconds of this process, best of N taken in turns")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        goals, files = core(given or SIZES, folder)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"peak RSS of this process so far: {mib(rss)}")
        if not core_only:
            goals += sections(given, files, folder)
    end = os.times()
    cpu = sum(end[:4]) - sum(start_cpu[:4])
    print(f"\nat the end: {load_average()}")
    print(
        f"the run took {time.perf_counter() - start_wall:.0f} s of wall time, "
        f"{cpu:.0f} s of CPU (this process and its children)"
    )
    print_table(goals)
    return 1 if any(goal.result.startswith("FAILED") for goal in goals) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
