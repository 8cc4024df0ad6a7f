"""The xlsx exporter against raw openpyxl write-only mode writing the same cell grid.

The baseline is the least any openpyxl program could do for the same workbook:
every value of every sheet kpiplan wrote, at the same place, appended as plain
values to write-only sheets, with no styles, merges, comments, charts or tables.
To get exactly kpiplan's grid, kpiplan's own output is read back first (untimed)
and its rows saved with marshal; the timed baseline loads them row by row (about a
microsecond a row) and appends them.

Times are CPU time of this process (``time.process_time``), the export and the
baseline taking turns, best of two at 10k (timing.py): on a shared machine wall time
measured the other jobs (4.5x in a run whose CPU time said 2.4x). The exporter is
timed with the evaluation already computed (``job.evaluation``), which
``benchmarks/bench.py`` reports on its own; bench.py also runs the largest workbook
end to end in a child process for its CPU time and peak memory. Peak memory is Python's
(tracemalloc) during the export, in a separate untimed pass, up to 10k indicators.

Run: ``python benchmarks/bench_xlsx.py [N ...]`` (default 1000 10000).
"""

from __future__ import annotations

import functools
import io
import marshal
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from timing import Goal, alternately, peak

import kpiplan as kp
from kpiplan import ExportJob
from kpiplan_exporters.xlsx import XlsxExporter

__all__ = ["run"]

#: The ratio the issue sets as a goal.
GOAL = 1.3

#: Above this many indicators the export is not run again under tracemalloc for its
#: peak: tracing every allocation of 8 million cells took longer than the rest of the
#: section (over 52 CPU-minutes at 100k); ``/usr/bin/time -v`` gives the peak RSS.
TRACED_UP_TO = 10_000


def _export(job: ExportJob) -> bytes:
    stream = io.BytesIO()
    XlsxExporter().write(job, stream)
    return stream.getvalue()


def _grid(data: bytes, folder: Path) -> tuple[list[tuple[str, Path]], int]:
    """Save every sheet's rows of ``data`` (values only) to files; sheets and cell count."""
    import datetime

    import openpyxl
    from openpyxl.utils.datetime import to_excel

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = []
    cells = 0
    for index, sheet in enumerate(book.worksheets):
        path = folder / f"sheet{index}.marshal"
        with path.open("wb") as stream:
            for row in sheet.iter_rows(values_only=True):
                # marshal takes no dates (the 実績基準日 cell): the serial number the
                # file stores for them is the same work for the baseline to write.
                plain = tuple(
                    to_excel(v) if isinstance(v, datetime.date | datetime.time) else v for v in row
                )
                marshal.dump(plain, stream)
                cells += sum(value is not None for value in row)
        sheets.append((sheet.title, path))
    book.close()
    return sheets, cells


def _raw_openpyxl(sheets: list[tuple[str, Path]]) -> bytes:
    """Write the saved grid with openpyxl write-only mode, plain values, no styles."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, path in sheets:
        sheet = book.create_sheet(title)
        with path.open("rb") as stream:
            while True:
                try:
                    row = marshal.load(stream)
                except EOFError:
                    break
                sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run(
    make_plan: Callable[[int], kp.Plan], sizes: Sequence[int], *, once: bool = False
) -> list[Goal]:
    """Time the xlsx export of plans of each size against the raw openpyxl baseline.

    Args:
        make_plan: Builds a plan of ``n`` indicators.
        sizes: The numbers of indicators to try.
        once: Time each once (a quick check that the benchmark runs).

    Returns:
        The goal at each size (its line already printed).
    """
    print(f"xlsx export vs raw openpyxl write-only, same cell grid (goal <= {GOAL}x)", flush=True)
    goals = []
    for n in sizes:
        plan = make_plan(n)
        job = ExportJob(plan)
        _ = job.evaluation  # computed once, outside the timing
        data = _export(job)
        repeats = 1 if once or n > 10_000 else 2
        with tempfile.TemporaryDirectory() as folder:
            sheets, cells = _grid(data, Path(folder))
            exported, baseline = alternately(
                functools.partial(_export, job),
                functools.partial(_raw_openpyxl, sheets),
                repeats=repeats,
            )
        if n <= TRACED_UP_TO:
            memory = f"peak memory {peak(functools.partial(_export, job)) / 2**20:,.1f} MiB"
        else:
            memory = "peak memory not traced (the end-to-end run gives the peak RSS)"
        line = (
            f"  {n:>7,} indicators: {cells:>10,} cells, {len(data) / 2**20:6.1f} MiB; "
            f"kpiplan {exported:7.2f} s, raw openpyxl {baseline:7.2f} s "
            f"= {exported / baseline:4.2f}x; {memory}"
        )
        print(line, flush=True)
        ratio = exported / baseline
        goals.append(
            Goal(
                f"workbook vs raw openpyxl at {n:,}", f"<= {GOAL}x", f"{ratio:.2f}x", ratio <= GOAL
            )
        )
    return goals


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))

    def make_plan(n: int) -> kp.Plan:
        from generate import synthetic_plan

        plan: kp.Plan = synthetic_plan(n)
        return plan

    arguments = [int(arg.replace(",", "").replace("_", "")) for arg in sys.argv[1:]]
    run(make_plan, arguments or (1_000, 10_000))
