"""Rows written as text are the bytes openpyxl writes for the same cells.

The exporter writes its sheets' rows as XML text (``_xlsx/row_xml.py``) unless
openpyxl serialises through lxml; then the rows go through openpyxl as cells.
Both ways must give the same workbook, byte for byte: the plans' workbooks, and
sheets of any values a plan could put in a cell (odd texts, long texts, numbers
of every kind, dates, formula-like texts, comments, every look).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan import ExportJob
from kpiplan_exporters._xlsx import book as book_module
from kpiplan_exporters._xlsx import row_xml
from kpiplan_exporters._xlsx.archive import FixedZipFile
from kpiplan_exporters._xlsx.book import Book
from kpiplan_exporters.xlsx import XlsxExporter

from .strategies import plans

ROOT = Path(__file__).resolve().parent.parent


def _both(monkeypatch: pytest.MonkeyPatch, make: object) -> tuple[bytes, bytes]:
    """What ``make()`` gives with rows as text, then with rows through openpyxl."""
    assert callable(make)
    if not row_xml.RAW_ROWS:
        pytest.skip("openpyxl serialises through lxml here: rows go through openpyxl only")
    as_text = make()
    with monkeypatch.context() as patch:
        patch.setattr(book_module, "RAW_ROWS", False)
        through_openpyxl = make()
    return as_text, through_openpyxl


def _workbook(job: ExportJob, exporter: XlsxExporter) -> bytes:
    stream = io.BytesIO()
    exporter.write(job, stream)
    return stream.getvalue()


@pytest.mark.parametrize("example", ["digital_tokushima.toml", "kanagawa_health.toml"])
@pytest.mark.parametrize(
    "exporter",
    [XlsxExporter(), XlsxExporter(language="en"), XlsxExporter(max_charts=0)],
    ids=["ja", "en", "no-charts"],
)
def test_example_workbooks_are_openpyxl_bytes(
    monkeypatch: pytest.MonkeyPatch, example: str, exporter: XlsxExporter
) -> None:
    job = ExportJob(kp.load(ROOT / "examples" / example))
    as_text, through_openpyxl = _both(monkeypatch, lambda: _workbook(job, exporter))
    assert as_text == through_openpyxl


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans())
def test_plan_workbooks_are_openpyxl_bytes(plan: kp.Plan) -> None:
    job = ExportJob(plan)
    with pytest.MonkeyPatch.context() as monkeypatch:
        as_text, through_openpyxl = _both(monkeypatch, lambda: _workbook(job, XlsxExporter()))
    assert as_text == through_openpyxl


#: Texts that each take another branch of openpyxl's cell writing.
_ODD_TEXTS = [
    "",
    " ",
    " leading",
    "trailing\n",
    "a & b < c > d",
    "=SUM(A1)",
    "=",
    "#N/A",
    "#DIV/0!",
    "+1",
    "x" * 32_800,
    "全角　スペース　",
    "\U0001f600 outside the BMP",
]

_values = st.one_of(
    st.none(),
    st.sampled_from(_ODD_TEXTS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: abs(d) < Decimal("1e300")
    ),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
)

_looks = st.fixed_dictionaries(
    {},
    optional={
        "fmt": st.sampled_from(["#,##0", '#,##0.0"件"', 'yyyy"/"m"/"d', '0.0"%"']),
        "font": st.sampled_from(["bold", "dim", "estimate"]),
        "fill": st.sampled_from(["D9E1F2", "FFF2CC"]),
        "align": st.sampled_from(["wrap", "center", "right"]),
        "border": st.booleans(),
        "unlocked": st.booleans(),
    },
)


def _styled(
    value: object, look: dict[str, object], comment: str | None
) -> tuple[str, object, object, object]:
    if isinstance(value, date):
        # The exporter gives a date its date format (openpyxl would pick one when
        # the cell is made, a step earlier than the row is written through openpyxl).
        look = {**look, "fmt": 'yyyy"/"m"/"d'}
    return ("styled", value, look, comment)


#: A cell: a plain value, or a styled one (with a comment, sometimes).
_cells = st.one_of(
    _values.map(lambda value: ("plain", value, None, None)),
    st.builds(_styled, _values, _looks, st.one_of(st.none(), st.text(max_size=10))),
)


def _sheet_bytes(rows: list[list[tuple[str, object, object, object]]]) -> bytes:
    """A workbook of one sheet holding ``rows``, as the exporter saves it."""
    from openpyxl.comments import Comment
    from openpyxl.writer.excel import ExcelWriter

    book = Book("ja", "title")
    sheet = book.sheet("data")
    sheet.set_widths([10, 20, 5])
    for row in rows:
        cells: list[object] = []
        for kind, value, look, comment in row:
            if kind == "plain":
                cells.append(value)
                continue
            assert isinstance(look, dict)
            cell = book.styles.cell(value, **look)
            if comment is not None:
                cell.comment = Comment(comment, "kpiplan")
            cells.append(cell)
        sheet.append(cells, spans={1: 2})
    properties = book.workbook.properties
    properties.created = properties.modified = datetime(2023, 3, 31)
    stream = io.BytesIO()
    with FixedZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book.workbook, archive).write_data()
    return stream.getvalue()


def _outcome(rows: list[list[tuple[str, object, object, object]]]) -> bytes | str:
    try:
        return _sheet_bytes(rows)
    except ValueError as exc:  # openpyxl refuses a value: the same refusal both ways
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(_cells, max_size=6), max_size=6))
def test_any_cells_are_openpyxl_bytes(rows: list[list[tuple[str, object, object, object]]]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        as_text, through_openpyxl = _both(monkeypatch, lambda: _outcome(rows))
    assert as_text == through_openpyxl


def test_refused_text_is_refused_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """A character XML forbids is openpyxl's error, whichever way the row is written."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    rows: list[list[tuple[str, object, object, object]]] = [[("plain", "bell\x07", None, None)]]
    if not row_xml.RAW_ROWS:
        pytest.skip("openpyxl serialises through lxml here: rows go through openpyxl only")
    for raw in (True, False):
        monkeypatch.setattr(book_module, "RAW_ROWS", raw)
        with pytest.raises(IllegalCharacterError):
            _sheet_bytes(rows)


@given(
    cells=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=10**6)
        ),
        max_size=40,
    )
)
def test_cell_lists_are_openpyxl_text(cells: list[tuple[int, int]]) -> None:
    """The input cells' list (data validations) is the text openpyxl writes for it."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange

    refs = " ".join(f"{get_column_letter(column)}{row}" for column, row in cells)
    made = row_xml.cell_list(cells)
    assert str(made) == str(MultiCellRange(refs))
    assert bool(made) == bool(MultiCellRange(refs))
