"""The PDF report against plain reportlab building the same tables, and pages per second.

The baseline is what a hand-written script would do with reportlab alone: for every
indicator a heading and a table of years × 目標/実績/達成率/評価 in Paragraph cells
(CID font, CJK wrapping, rates and grades from ``kpiplan.evaluate``),
built into one document. kpiplan's report builds the same tables and
more (units, 見込み marks, ※ notes, merged statements, rates and grades, header,
page numbers, bookmarks); it is timed without charts for the ratio, then whole.

Times are CPU time of this process, the three taking turns, best of three up to 1k
indicators (timing.py).

Run: ``python benchmarks/bench_pdf.py [N ...]`` (default 1000).
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable, Sequence

from timing import Goal, alternately

import kpiplan as kp
from kpiplan import ExportJob
from kpiplan_exporters.pdf import PdfExporter

__all__ = ["plain_reportlab", "run"]


def plain_reportlab(plan: kp.Plan) -> bytes:
    """The indicators' tables built with reportlab alone, as a baseline.

    Args:
        plan: The plan.

    Returns:
        The PDF bytes.
    """
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from kpiplan import evaluate

    if "HeiseiKakuGo-W5" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    cell = ParagraphStyle("c", fontName="HeiseiKakuGo-W5", fontSize=8, leading=10.5,
                          wordWrap="CJK")  # fmt: skip
    head = ParagraphStyle("h", parent=cell, fontSize=10, leading=14)
    years = plan.period.years
    width = (A4[0] - 36 * mm - 22 * mm) / len(years)
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "grey")])
    story = []
    evaluation = evaluate(plan)
    for _, indicator in plan.indicators():
        result = evaluation.result(indicator.id)
        rates = [Paragraph("達成率", cell)] + [
            Paragraph(f"{y.rate_rounded}%" if y.rate_rounded is not None else "－", cell)
            for y in result.years
        ]
        grades = [Paragraph("評価", cell)] + [Paragraph(y.grade, cell) for y in result.years]
        story.append(Paragraph(escape(f"{indicator.code} {indicator.name}"), head))
        targets, actuals = [Paragraph("目標", cell)], [Paragraph("実績", cell)]
        for fy in years:
            target = indicator.target_for(fy)
            actual = indicator.actual_for(fy)
            shown = "－"
            if target is not None:
                shown = str(target.value or target.stage or target.statement)
            targets.append(Paragraph(escape(shown), cell))
            shown = "－"
            if actual is not None:
                shown = str(actual.value or actual.stage or actual.text or "－")
            actuals.append(Paragraph(escape(shown), cell))
        header = [Paragraph("", cell)] + [Paragraph(str(fy), cell) for fy in years]
        table = Table(
            [header, targets, actuals, rates, grades], colWidths=[22 * mm] + [width] * len(years)
        )
        table.setStyle(style)
        story.append(table)
    stream = io.BytesIO()
    SimpleDocTemplate(stream, pagesize=A4, invariant=1).build(story)
    return stream.getvalue()


def _report(plan: kp.Plan, *, charts: bool = True) -> bytes:
    stream = io.BytesIO()
    PdfExporter(charts=charts).write(ExportJob(plan), stream)
    return stream.getvalue()


def _pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


#: The ratio set as a goal before issue #16.
GOAL = 1.5


def run(
    make_plan: Callable[[int], kp.Plan], sizes: Sequence[int], *, once: bool = False
) -> list[Goal]:
    """Time the report against plain reportlab for each size, and print the results.

    Args:
        make_plan: Builds a plan of ``n`` indicators.
        sizes: The numbers of indicators to time.
        once: Time each once (a quick check that the benchmark runs).

    Returns:
        The goal at each size (its lines already printed).
    """
    goals = []
    _report(make_plan(3))  # fonts registered and modules imported before timing
    for n in sizes:
        plan = make_plan(n)
        out: dict[str, bytes] = {}

        def keep(
            name: str, make: Callable[[], bytes], out: dict[str, bytes] = out
        ) -> Callable[[], None]:
            return lambda: out.__setitem__(name, make())

        base, tables, full = alternately(
            keep("base", functools.partial(plain_reportlab, plan)),
            keep("tables", functools.partial(_report, plan, charts=False)),
            keep("full", functools.partial(_report, plan)),
            repeats=1 if once or n > 1000 else 3,
        )
        pages = _pages(out["full"])
        print(
            f"pdf n={n}: report without charts {tables:.2f} s ({_pages(out['tables'])} pages) "
            f"vs plain reportlab tables {base:.2f} s ({_pages(out['base'])} pages): "
            f"{tables / base:.2f}x\n"
            f"pdf n={n}: whole report with charts {full:.2f} s, {pages} pages, "
            f"{pages / full:.1f} pages/s ({full / base:.2f}x plain reportlab)",
            flush=True,
        )
        ratio = tables / base
        goals.append(
            Goal(f"pdf report vs plain reportlab at {n:,}", f"<= {GOAL}x", f"{ratio:.2f}x",
                 ratio <= GOAL)
        )  # fmt: skip
    return goals


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    from generate import synthetic_plan

    run(synthetic_plan, [int(arg) for arg in sys.argv[1:]] or [1000])
