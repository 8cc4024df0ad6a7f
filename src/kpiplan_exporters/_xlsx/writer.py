"""Writing the workbook with openpyxl in write-only (streaming) mode.

Imported only when the ``xlsx`` exporter runs, so that listing exporters never
imports openpyxl. Every sheet is streamed row by row; merged cells, comments,
charts, conditional formatting and tables are attached before a sheet is closed;
the very hidden sheet carries the whole plan for the reader.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

import attrs

from kpiplan import (
    NotFoundError,
    Plan,
    dumps,
    evaluate,
)
from kpiplan.cycle import handout
from kpiplan_exporters._xlsx.archive import FixedZipFile
from kpiplan_exporters._xlsx.layout import (
    CHUNK_CHARS,
    DATA_SHEET,
    DIGESTS_KEY,
    FORMAT_VERSION,
    MARKER,
    Language,
    text_safe,
)

if TYPE_CHECKING:
    from kpiplan import ExportJob

from kpiplan_exporters._xlsx.activity_sheets import activities, issues
from kpiplan_exporters._xlsx.book import Book, Sheet
from kpiplan_exporters._xlsx.budget_sheet import budgets
from kpiplan_exporters._xlsx.chart_sheet import charts
from kpiplan_exporters._xlsx.data_sheet import data
from kpiplan_exporters._xlsx.indicator_sheet import Layout, indicators
from kpiplan_exporters._xlsx.summary_sheet import summary

__all__ = ["write_workbook"]

# ----------------------------------------------------------------------------- hidden


def _hidden(book: Book, plan: Plan, layout: Layout) -> None:
    sheet = Sheet(book.workbook.create_sheet(DATA_SHEET), hidden=True)
    sheet.sheet_state = "veryHidden"
    text = dumps(plan)
    digests = json.dumps(
        {visible.title: visible.digests for visible in book.sheets},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    meta = {
        "format": FORMAT_VERSION,
        "language": book.language,
        "sheet": book.labels["indicators"],
        "first_row": layout.first_row,
        "kinds": list(layout.kinds),
    }
    # Sliced as written, not as a list of chunks: a second copy of a 100,000-indicator
    # plan's JSON would be hundreds of megabytes.
    starts = range(0, len(text), CHUNK_CHARS)
    s = book.styles
    sheet.append([s.cell(MARKER), s.cell(FORMAT_VERSION)])
    sheet.append([s.cell("layout"), s.cell(json.dumps(meta, ensure_ascii=False))])
    sheet.append([s.cell("sha256"), s.cell(hashlib.sha256(text.encode("utf-8")).hexdigest())])
    sheet.append([s.cell("chunks"), s.cell(len(starts))])
    for start in starts:
        sheet.append([s.cell("plan"), s.cell(text[start : start + CHUNK_CHARS])])
    # After the plan: a reader of workbooks without them still finds the plan.
    for start in range(0, len(digests), CHUNK_CHARS):
        sheet.append([s.cell(DIGESTS_KEY), s.cell(digests[start : start + CHUNK_CHARS])])


# ----------------------------------------------------------------------------- workbook


def _stamp(plan: Plan) -> datetime:
    """The document date: the plan's actuals date, else the first day of its period."""
    day = plan.actuals_as_of or plan.period.first.start
    return datetime(day.year, day.month, day.day)


def write_workbook(
    job: ExportJob,
    stream: BinaryIO,
    *,
    language: Language,
    max_charts: int,
    division: str | None = None,
) -> None:
    """Write the plan as a workbook to ``stream``, the same bytes every time.

    Args:
        job: The plan and its evaluation.
        stream: A binary stream (seekable or not).
        language: ``ja`` or ``en`` labels.
        max_charts: Most indicators that get a chart.
        division: Write only this 担当課's indicators, as the plan
            ``kpiplan.cycle.handout(plan, division)`` that the workbook carries.

    Raises:
        NotFoundError: No indicator of the plan is ``division``'s.
    """
    from openpyxl.writer.excel import ExcelWriter

    plan = job.plan
    evaluation = job.evaluation
    if division is not None:
        divisions = sorted({d for _, indicator in plan.indicators() for d in indicator.divisions})
        if division not in divisions:
            raise NotFoundError("division (担当課)", division, divisions)
        plan = handout(plan, division)
        evaluation = evaluate(plan, as_of=evaluation.as_of, method=evaluation.method)
    book = Book(language, plan.title)
    summary(book, plan, evaluation)
    cells: dict[str, str] | None = {} if plan.handout is not None else None
    layout = indicators(book, plan, evaluation, cells)
    if plan.handout is not None and cells is not None:
        # The returned workbook carries where each value sits, so `kpiplan collect`
        # names the cell of a conflicting value.
        plan = attrs.evolve(plan, handout=attrs.evolve(plan.handout, cells=cells))
    budgets(book, plan)
    activities(book, plan)
    issues(book, plan)
    data(book, plan, evaluation)
    charts(book, plan, max_charts)
    _hidden(book, plan, layout)
    properties = book.workbook.properties
    properties.created = properties.modified = _stamp(plan)
    properties.creator = "kpiplan"
    properties.lastModifiedBy = None
    properties.title = text_safe(plan.title)[:255]
    properties.subject = text_safe(plan.organization)[:255]
    with FixedZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book.workbook, archive).write_data()
