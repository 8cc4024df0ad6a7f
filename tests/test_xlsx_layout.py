"""The workbook prints and reads as filed: rows fit their text, every page has a header,
charts start at 0 and fit a page, 見込み and 作成中 show, totals and rates are plain numbers.
"""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import kpiplan as kp
from kpiplan._export import export
from kpiplan_exporters._xlsx.layout import text_width
from tests.xlsx_support import indicator_cell

# A landscape A4 page is 595 points high; no margins at all leave that much.
_PAGE_POINTS = 595


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory, example_plan: kp.Plan) -> Path:
    return export(example_plan, "xlsx", tmp_path_factory.mktemp("layout") / "plan.xlsx")


@pytest.fixture(scope="module")
def book(path: Path) -> Any:
    return openpyxl.load_workbook(path)


def _visible(book: Any) -> list[Any]:
    return [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]


def _wide(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class TestRowHeights:
    def test_text_width_counts_east_asian_characters_twice(self) -> None:
        """Wide, full-width and ambiguous (※) characters take two units, others one."""
        assert text_width("ＡＢ件") == 6
        assert text_width("※a1") == 4
        assert text_width("R4.3.31") == 7

    def test_wrapped_text_fits_its_row(self, book: Any) -> None:
        """Every wrapped text cell's row is high enough for its lines (a 10-point line
        takes 12 points at least), counting full-width characters as two units."""
        checked = 0
        for sheet in _visible(book):
            vertical = {
                (r, c)
                for rng in sheet.merged_cells.ranges
                if rng.min_row != rng.max_row
                for r in range(rng.min_row, rng.max_row + 1)
                for c in range(rng.min_col, rng.max_col + 1)
            }
            spans = {
                (rng.min_row, rng.min_col): rng.max_col - rng.min_col + 1
                for rng in sheet.merged_cells.ranges
                if rng.min_row == rng.max_row
            }
            for row in sheet.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                        continue
                    if (cell.row, cell.column) in vertical:
                        continue
                    columns = range(
                        cell.column, cell.column + spans.get((cell.row, cell.column), 1)
                    )
                    width = sum(
                        sheet.column_dimensions[get_column_letter(c)].width or 9 for c in columns
                    )
                    lines = sum(
                        max(1, math.ceil(_wide(part) / (width * 1.45)))
                        for part in cell.value.split("\n")
                    )
                    height = sheet.row_dimensions[cell.row].height or 15
                    assert height >= 12 * lines, (sheet.title, cell.coordinate, cell.value)
                    checked += 1
        assert checked > 100

    def test_long_activity_text_gets_a_taller_row(self, book: Any) -> None:
        """An 取組 detail longer than its column is given more than one line (a bug fixed:
        it ran on over the empty cells to its right and was cut off when printed)."""
        sheet = book["取組"]
        width = sheet.column_dimensions["D"].width
        long_rows = [
            cell.row
            for cell in sheet["D"][1:]
            if isinstance(cell.value, str) and _wide(cell.value) > 2 * width
        ]
        assert long_rows
        for row in long_rows:
            assert (sheet.row_dimensions[row].height or 15) >= 30


class TestPrinting:
    def test_every_sheet_has_a_header_and_footer(self, book: Any, example_plan: kp.Plan) -> None:
        """docs/excel.md says every printed sheet has the plan's title and page numbers."""
        sheets = _visible(book)
        assert len(sheets) == 7
        for sheet in sheets:
            assert example_plan.title in sheet.oddHeader.center.text, sheet.title
            assert "&P" in sheet.oddFooter.center.text, sheet.title
            assert sheet.page_setup.orientation == "landscape"

    def test_charts_stay_on_one_page(self, book: Any) -> None:
        """Page breaks fall between charts, and a page's rows fit a landscape A4 page."""
        sheet = book["グラフ"]
        breaks = [brk.id for brk in sheet.row_breaks.brk]
        assert breaks
        height = sheet.sheet_format.defaultRowHeight
        edges = [0, *breaks]
        assert all((b - a) * height <= _PAGE_POINTS for a, b in itertools.pairwise(edges))
        for chart in sheet._charts:
            first = chart.anchor._from.row  # 0-based: the chart's top row
            rows = math.ceil(chart.height / 2.54 * 72 / height)
            assert not any(first < brk < first + rows for brk in breaks)


class TestCharts:
    def test_value_axes_start_at_zero(self, book: Any) -> None:
        """No chart starts its value axis above 0 (the KGI's started at 80%)."""
        charts = book["グラフ"]._charts
        assert charts
        for chart in charts:
            assert chart.y_axis.scaling.min == 0
            assert chart.y_axis.delete is False

    def test_estimates_and_pending_are_visible(self, book: Any) -> None:
        """見込み is a series of its own with a pattern; its year and 作成中 are labelled."""
        sheet = book["グラフ"]
        kgi = sheet._charts[0]
        titles = [s.tx.strRef.f for s in kgi.series]
        heads = [sheet[ref.split("!")[1].replace("$", "")].value for ref in titles]
        assert heads == ["実績", "見込み"]
        assert kgi.series[1].graphicalProperties.pattFill is not None
        assert kgi.series[0].graphicalProperties.pattFill is None
        labels = [cell.value for cell in sheet["A"] if isinstance(cell.value, str)]
        assert "R3 見込み" in labels
        assert "R3 作成中" in labels
        pending = next(c for c in sheet["A"] if c.value == "R3 作成中")
        assert sheet.cell(row=pending.row, column=3).value == "作成中"


class TestPlainNumbers:
    def test_no_formulas(self, book: Any) -> None:
        """No cell is a formula: readers without a formula engine get every number."""
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                assert all(cell.data_type != "f" for cell in row), sheet.title

    def test_one_rate_scale(self, book: Any) -> None:
        """A rate is the same number (percent) on 概要, 指標 and データ."""
        on_indicators = indicator_cell(book["指標"], "KGI", "達成率", "R3").value
        data = book["データ"]
        heads = [c.value for c in data[1]]
        rate_column = heads.index("達成率（%）")
        on_data = next(
            row[rate_column].value
            for row in data.iter_rows(min_row=2)
            if row[0].value == "KGI" and row[3].value == 2021
        )
        summary = book["概要"]
        on_summary = next(
            row[5].value for row in summary.iter_rows() if row[1].value == "R3" and row[5].value
        )
        assert on_indicators == on_data == on_summary == pytest.approx(105.6)

    def test_one_boolean_form(self, book: Any) -> None:
        """データ's flags are booleans (TRUE/FALSE), never 0/1."""
        data = book["データ"]
        heads = [c.value for c in data[1]]
        for name in ("見込みで評価", "作成中"):
            column = heads.index(name)
            values = {type(row[column].value) for row in data.iter_rows(min_row=2)}
            assert values == {bool}

    def test_budget_columns_read_as_numbers(self, path: Path) -> None:
        """Opened for values only (as pandas does), a budget total is its number."""
        sheet = openpyxl.load_workbook(path, data_only=True)["予算"]
        totals = [row[1].value for row in sheet.iter_rows() if row[0].value == "合計"]
        assert totals == [95027, 210487]


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
class TestLibreOffice:
    def test_prints_every_sheet_with_its_header(
        self, path: Path, tmp_path: Path, example_plan: kp.Plan
    ) -> None:
        """LibreOffice prints every sheet with the plan's title at the top of each page."""
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        text = subprocess.run(
            [pdftotext, "-layout", str(tmp_path / "plan.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages = text.split("\f")[:-1]
        assert len(pages) > 7
        for page in pages:
            # The page header (a chart's axis labels can run into the footer's text).
            assert example_plan.title in page.split("\n", 1)[0]
