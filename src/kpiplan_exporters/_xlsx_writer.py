"""Writing the workbook with openpyxl in write-only (streaming) mode.

Imported only when the ``xlsx`` exporter runs, so that listing exporters never
imports openpyxl. Every sheet is streamed row by row; merged cells, comments,
charts, conditional formatting and tables are attached before a sheet is closed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs

from kpiplan._files import dumps
from kpiplan._fiscal import FiscalYear, format_date
from kpiplan._model import Actual, ActualStatus, Assessment, Indicator, Plan
from kpiplan_exporters._xlsx_layout import (
    CHUNK_CHARS,
    COLUMNS,
    DATA_SHEET,
    FORMAT_VERSION,
    FORMULA_STARTS,
    LABELS,
    MARKER,
    NO_VALUE,
    Language,
    accumulation_label,
    actual_cell,
    decimal_places,
    direction_label,
    number_format,
    status_cell,
    target_cell,
    text_safe,
)
from kpiplan_exporters._xlsx_zip import FixedZipFile

if TYPE_CHECKING:
    from kpiplan._attainment import Evaluation
    from kpiplan._export import ExportJob

__all__ = ["write_workbook"]

_FONT_NAME = "游ゴシック"
_GRADE_FILLS = {"S": "8DB4E2", "A": "C6EFCE", "B": "FFEB9C", "C": "F8CBAD", "D": "FFC7CE"}
_HEADER_FILL = "D9E1F2"
_ESTIMATE_FILL = "FFF2CC"
_PENDING_FILL = "EDEDED"
_TARGET_FILL = "F7F9FC"

#: Every key of a cell's look: (number format, font, fill, alignment, border, quote).
_StyleKey = tuple[str | None, str | None, str | None, str | None, bool, bool]


@functools.cache
def _cell_class() -> Any:
    """openpyxl's Cell with a constant repr.

    A streamed sheet first tries each appended item as a plain value, and builds
    the error message for a cell from its repr before using it as a cell; a
    constant repr saves that work for every styled cell.
    """
    from openpyxl.cell import Cell

    class StyledCell(Cell):  # type: ignore[misc]
        __slots__ = ()

        def __repr__(self) -> str:
            return "<StyledCell>"

    return StyledCell


class _Styles:
    """Cell styles built once per look and copied onto each new cell.

    Setting font, fill and alignment cell by cell makes openpyxl look each one up
    in the workbook's style tables; copying a finished style array is much cheaper,
    which matters for 100,000 indicators.
    """

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._arrays: dict[_StyleKey, Any] = {}

    def _array(self, key: _StyleKey) -> Any:
        array = self._arrays.get(key)
        if array is None:
            array = self._build(key)
            self._arrays[key] = array
        return array

    def _build(self, key: _StyleKey) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        fmt, font, fill, align, border, quote = key
        cell = WriteOnlyCell(self._sheet)
        fonts = {
            None: Font(name=_FONT_NAME, size=10),
            "bold": Font(name=_FONT_NAME, size=10, bold=True),
            "title": Font(name=_FONT_NAME, size=14, bold=True),
            "heading": Font(name=_FONT_NAME, size=11, bold=True, color="1F3864"),
            "dim": Font(name=_FONT_NAME, size=8, color="808080"),
            "estimate": Font(name=_FONT_NAME, size=10, italic=True, color="9C5700"),
            "pending": Font(name=_FONT_NAME, size=10, italic=True, color="595959"),
        }
        cell.font = fonts[font]
        if fill is not None:
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        if align == "wrap":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif align == "center":
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif align == "right":
            cell.alignment = Alignment(horizontal="right", vertical="center")
        elif border:
            cell.alignment = Alignment(vertical="top")
        if border:
            side = Side(style="thin", color="A6A6A6")
            cell.border = Border(left=side, right=side, top=side, bottom=side)
        if fmt is not None:
            cell.number_format = fmt
        if quote:
            cell.quotePrefix = True
        return cell._style

    def cell(
        self,
        value: object,
        *,
        fmt: str | None = None,
        font: str | None = None,
        fill: str | None = None,
        align: str | None = None,
        border: bool = False,
    ) -> Any:
        """A write-only cell holding ``value`` with the look asked for.

        Text is always text: a string starting with = + - @ is stored as a string
        (openpyxl would make ``=…`` a formula) and marked with a quote prefix, so
        Excel keeps it text when the cell is edited too.
        """
        from openpyxl.styles.cell_style import StyleArray

        quote = isinstance(value, str) and value.startswith(FORMULA_STARTS)
        cell = _cell_class()(
            self._sheet,
            1,
            1,
            style_array=StyleArray(self._array((fmt, font, fill, align, border, quote))),
        )
        if isinstance(value, Decimal):
            # Whole numbers as int: Excel shows them exactly and openpyxl writes
            # them faster; others through the Decimal (at most 15 digits, exact).
            cell.value = int(value) if value == value.to_integral_value() else value
        else:
            cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    def formula(self, formula: str, *, fmt: str | None = None, font: str | None = None) -> Any:
        """A cell holding a formula the exporter wrote itself (never plan text)."""
        from openpyxl.styles.cell_style import StyleArray

        cell = _cell_class()(
            self._sheet,
            1,
            1,
            style_array=StyleArray(self._array((fmt, font, None, None, True, False))),
        )
        cell.value = formula
        return cell


class _Book:
    """The workbook being written, its language and its styles."""

    def __init__(self, language: Language) -> None:
        from openpyxl import Workbook

        self.workbook: Any = Workbook(write_only=True)
        self.language: Language = language
        self.labels = LABELS[language]
        self._styles: _Styles | None = None

    def sheet(
        self, key: str, freeze: str | None = None, *, skip: frozenset[int] = frozenset()
    ) -> Any:
        """A new streamed sheet, named by its label in the workbook's language.

        Panes are frozen here: a streamed sheet writes its view before its first row.
        """
        sheet = _Sheet(self.workbook.create_sheet(self.labels[key]), skip=skip)
        sheet.freeze_panes = freeze
        if self._styles is None:
            self._styles = _Styles(sheet._sheet)
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.HeaderFooter.oddFooter.center.text = "&P / &N"
        sheet.HeaderFooter.oddFooter.center.size = 9
        return sheet

    @property
    def styles(self) -> _Styles:
        """The shared cell styles (made with the first sheet)."""
        assert self._styles is not None
        return self._styles


def _header_text(text: str) -> str:
    """Plan text for a page header: ``&`` starts a header code, so it is doubled."""
    return text_safe(text).replace("&", "&&")[:200]


def _widths(sheet: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    if isinstance(sheet, _Sheet):
        sheet.set_widths(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _text_width(text: str) -> int:
    """Width of text in Excel column units: Japanese (wide) characters count two."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in text)


class _Sheet:
    """A streamed sheet that gives rows with wrapped text the height they need.

    Neither Excel nor LibreOffice fits row heights when opening a file, so a row
    whose text wraps onto more lines would be cut off; the height is estimated
    from the text and the column widths as each row is appended.
    """

    def __init__(self, sheet: Any, *, skip: frozenset[int] = frozenset()) -> None:
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "_skip", skip)
        object.__setattr__(self, "_widths", ())
        object.__setattr__(self, "_row", 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._sheet, name, value)

    def set_widths(self, widths: Sequence[float]) -> None:
        """Remember the column widths the heights are estimated with."""
        object.__setattr__(self, "_widths", tuple(widths))

    def _width(self, index: int) -> float:
        return self._widths[index] if index < len(self._widths) else 9.0

    def append(self, cells: Sequence[Any]) -> None:
        """Append a row, first setting its height if its text needs several lines."""
        from openpyxl.cell import Cell

        row = self._row + 1
        object.__setattr__(self, "_row", row)
        lines = 1
        if len(cells) > 1:
            for index, cell in enumerate(cells):
                value = cell.value if isinstance(cell, Cell) else cell
                if not isinstance(value, str) or index in self._skip:
                    continue
                width = self._width(index)
                # Text runs on over empty cells to its right (merged, or blank).
                for following in range(index + 1, len(cells)):
                    after = cells[following]
                    if (after.value if isinstance(after, Cell) else after) is not None:
                        break
                    width += self._width(following)
                # Our 10-point text fits about 1.25 characters per width unit.
                per_line = max(int((width - 1) * 1.25), 2)
                needed = sum(-(-_text_width(part) // per_line) or 1 for part in value.split("\n"))
                lines = max(lines, needed)
        if lines > 1:
            self._sheet.row_dimensions[row].height = min(409.0, 14.0 * lines)
        self._sheet.append(cells)


def _year_text(year: FiscalYear, language: Language) -> str:
    return year.japanese() if language == "ja" else year.western()


def _date_text(value: date, language: Language) -> str:
    if language == "ja":
        return f"{format_date(value, 'short')}（{format_date(value, 'japanese')}）"
    return value.isoformat()


def _number_cell(book: _Book, value: Decimal, unit: str | None, **look: Any) -> Any:
    return book.styles.cell(value, fmt=number_format(unit, decimal_places(value)), **look)


# ----------------------------------------------------------------------------- 概要


def _summary(book: _Book, plan: Plan, evaluation: Evaluation) -> None:
    ja = book.language == "ja"
    sheet = book.sheet("summary")
    _widths(sheet, (22, 60, 14, 14, 14, 12, 12, 12, 12, 12, 12, 14))
    sheet.HeaderFooter.oddHeader.center.text = _header_text(plan.title)
    s = book.styles

    def pair(label: str, value: object) -> list[Any]:
        shown = value if not isinstance(value, str) else text_safe(value)
        return [
            s.cell(label, font="bold", fill=_HEADER_FILL, border=True),
            s.cell(shown, align="wrap", border=True),
        ]

    sheet.append([s.cell(text_safe(plan.title), font="title")])
    sheet.append([])
    period = plan.period
    sheet.append(pair("組織" if ja else "Organization", plan.organization))
    sheet.append(
        pair(
            "計画期間" if ja else "Period",
            f"{_year_text(period.first, book.language)}～{_year_text(period.last, book.language)}"
            f"（{period.first}–{period.last}）",
        )
    )
    if plan.positioning is not None:
        sheet.append(pair("目指すべき社会" if ja else "Society", plan.positioning.society))
        sheet.append(pair("基本目標（分野）" if ja else "Basic goal", plan.positioning.goal))
        sheet.append(pair("重点戦略" if ja else "Key strategy", plan.positioning.strategy))
    if plan.actuals_as_of is not None:
        sheet.append(
            pair(
                "実績の時点" if ja else "Actuals as of",
                _date_text(plan.actuals_as_of, book.language),
            )
        )
    sheet.append(
        pair("評価の年度" if ja else "Evaluated at", _year_text(evaluation.as_of, book.language))
    )
    for flag in plan.categories:
        applies = (
            ("該当あり" if flag.applies else "該当なし")
            if ja
            else ("applies" if flag.applies else "does not apply")
        )
        sheet.append(pair(("案件種別 " if ja else "Category ") + text_safe(flag.name), applies))
    for note in plan.footnotes:
        sheet.append(pair("※", note))

    sheet.append([])
    sheet.append([s.cell("KGIの状況" if ja else "KGI status", font="heading")])
    heads: tuple[str, ...] = (
        ("指標", "年度", "目標", "実績", "状態", "達成率", "評価")
        if ja
        else ("Indicator", "Year", "Target", "Actual", "Status", "Attainment", "Grade")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
    )
    for kgi in plan.kgis:
        result = evaluation.result(kgi.id).current
        year = evaluation.as_of if result is None else result.fiscal_year
        target, _ = target_cell(kgi, year)
        actual = kgi.actual_for(year)
        shown = actual_cell(actual)
        sheet.append(
            [
                s.cell(text_safe(kgi.name), align="wrap", border=True),
                s.cell(str(year), border=True, align="center"),
                _value_cell(book, target, kgi.unit),
                _value_cell(
                    book, shown, kgi.unit, estimate=actual is not None and actual.is_estimate
                ),
                s.cell(status_cell(actual, book.language), border=True),
                _rate_cell(book, None if result is None else result.rate_rounded),
                _grade_cell(
                    book,
                    None if result is None else result.grade,
                    provisional=bool(result is not None and result.provisional),
                ),
            ]
        )

    sheet.append([])
    sheet.append([s.cell("CSF別の評価" if ja else "Grades by CSF", font="heading")])
    grades = ("S", "A", "B", "C", "D", "－")
    heads = (
        ("CSF", "タイトル", *grades, "評価数", "作成中", "見込み", "A以上の割合")
        if ja
        else ("CSF", "Title", *grades, "Graded", "Pending", "Provisional", "Share A or better")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
    )
    titles = {csf.code: csf.title for csf in plan.csfs}
    for rollup in evaluation.rollups:
        scope = "計画全体" if ja and rollup.scope == "plan" else rollup.scope
        title = titles.get(rollup.scope, rollup.title)
        sheet.append(
            [
                s.cell(text_safe(scope), border=True, font="bold"),
                s.cell(text_safe(title), align="wrap", border=True),
                *(s.cell(rollup.counts.get(g, 0), border=True, align="center") for g in grades),
                s.cell(rollup.evaluated, border=True, align="center"),
                s.cell(rollup.pending, border=True, align="center"),
                s.cell(rollup.provisional, border=True, align="center"),
                _rate_cell(book, rollup.share_a),
            ]
        )

    sheet.append([])
    sheet.append([s.cell("CSFと施策" if ja else "CSFs and measures", font="heading")])
    heads = (
        ("CSF / 施策", "内容", "期限", "目標", "指標")
        if ja
        else ("CSF / measure", "Description", "Deadline", "Target", "Indicators")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
    )
    for csf in plan.csfs:
        sheet.append([s.cell(text_safe(f"{csf.code} {csf.title}"), font="bold", border=True)])
        for measure in csf.measures:
            sheet.append(
                [
                    s.cell(text_safe(measure.title), align="wrap", border=True),
                    s.cell(text_safe(measure.description or ""), align="wrap", border=True),
                    s.cell(
                        None if measure.deadline is None else str(measure.deadline), border=True
                    ),
                    s.cell(
                        None
                        if measure.target_statement is None
                        else text_safe(measure.target_statement),
                        align="wrap",
                        border=True,
                    ),
                    s.cell(
                        text_safe("、".join(measure.indicators)) or None, align="wrap", border=True
                    ),
                ]
            )
    sheet.append([])
    sheet.append(
        [
            s.cell("記入方法" if ja else "How to edit", font="bold", align="wrap"),
            s.cell(
                "「指標」シートの目標・実績・状態の欄を記入して kpiplan.load で読み込むと計画に"
                "反映されます。状態は 確定・見込み（R5.3.31）・作成中・未報告 のいずれかです。"
                "行や列は削除しないでください。"
                if ja
                else "Type targets, actuals and their status on the Indicators sheet; "
                "kpiplan.load reads them back into the plan. A status is confirmed, "
                "estimate (2023-03-31), in progress or not reported. Do not delete rows "
                "or columns.",
                align="wrap",
            ),
        ]
    )
    sheet.print_title_rows = "1:1"


def _value_cell(
    book: _Book,
    value: object,
    unit: str | None,
    *,
    estimate: bool = False,
    fill: str | None = None,
) -> Any:
    look: dict[str, Any] = {"border": True, "fill": fill if value is not None else None}
    if estimate:
        look.update(font="estimate", fill=_ESTIMATE_FILL)
    if isinstance(value, Decimal):
        return _number_cell(book, value, unit, **look)
    return book.styles.cell(value, align="wrap", **look)


def _rate_cell(book: _Book, percent: Decimal | None) -> Any:
    if percent is None:
        return book.styles.cell(None, border=True)
    return book.styles.cell(percent / 100, fmt="0.0%", border=True, align="right")


def _grade_cell(book: _Book, grade: str | None, *, provisional: bool) -> Any:
    font = "estimate" if provisional else "bold"
    return book.styles.cell(grade, font=font, border=True, align="center")


# ----------------------------------------------------------------------------- 指標


@attrs.frozen
class _Layout:
    """Where the 指標 sheet put things, for the hidden sheet."""

    first_row: int
    """The first row of the first indicator block."""
    kinds: tuple[str, ...]
    """The row kinds of every block, in order."""


_ASSESSMENT_JA = {
    Assessment.ACHIEVED: "達成",
    Assessment.PARTIAL: "一部達成",
    Assessment.NOT_ACHIEVED: "未達成",
}


def _notes(book: _Book, indicator: Indicator, kind: str, years: Sequence[FiscalYear]) -> str | None:
    ja = book.language == "ja"
    lines: list[str] = []
    if kind == "target":
        lines.extend(f"※ {note}" for note in indicator.footnotes)
        lines.extend(f"{t.year}: ※ {t.note}" for t in indicator.targets if t.note)
    elif kind == "actual":
        for actual in indicator.actuals:
            if actual.year not in years:
                continue
            if actual.note:
                lines.append(f"{actual.year}: ※ {actual.note}")
            if actual.assessment is not None:
                word = _ASSESSMENT_JA[actual.assessment] if ja else actual.assessment.value
                lines.append(f"{actual.year}: {'評価' if ja else 'assessed'} {word}")
            if actual.override is not None:
                lines.append(
                    f"{actual.year}: {'評価を手動で' if ja else 'grade set to'} "
                    f"{actual.override.grade}（{actual.override.reason}）"
                )
    return text_safe("\n".join(lines)) if lines else None


def _comment(text: str) -> Any:
    from openpyxl.comments import Comment

    comment = Comment(text_safe(f"※ {text}"), "kpiplan")
    comment.width = 240
    comment.height = 90
    return comment


def _indicator_header(book: _Book, years: Sequence[FiscalYear]) -> list[Any]:
    s = book.styles
    labels = [book.labels[key] for key in COLUMNS]
    return [
        *(
            s.cell(label, font="bold", fill=_HEADER_FILL, border=True, align="center")
            for label in labels
        ),
        *(
            s.cell(str(year), font="bold", fill=_HEADER_FILL, border=True, align="center")
            for year in years
        ),
        s.cell(book.labels["notes"], font="bold", fill=_HEADER_FILL, border=True, align="center"),
    ]


def _indicators(book: _Book, plan: Plan, evaluation: Evaluation) -> _Layout:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ja = book.language == "ja"
    years = plan.period.years
    fixed = len(COLUMNS)
    header_row = 3
    sheet = book.sheet(
        "indicators",
        freeze=f"{get_column_letter(fixed + 1)}{header_row + 1}",
        # The descriptive cells are merged down the block's rows (room enough), the
        # ID is short and small.
        skip=frozenset(range(fixed)),
    )
    notes_column = fixed + len(years) + 1
    _widths(sheet, (10, 16, 34, 7, 10, 7, 16, 12, 7, *(15 for _ in years), 36))
    sheet.HeaderFooter.oddHeader.center.text = _header_text(
        ("主な指標及び工程　" if ja else "Indicators: ") + plan.title
    )
    s = book.styles
    sheet.append(
        [
            s.cell(
                text_safe(("主な指標及び工程　" if ja else "Indicators: ") + plan.title),
                font="title",
            )
        ]
    )
    sheet.append(
        [
            s.cell(
                "目標・実績・状態の欄は記入できます"
                "（状態: 確定／見込み（R5.3.31）／作成中／未報告）。"
                "行・列を削除しないでください。"
                if ja
                else "Targets, actuals and status may be edited (status: confirmed / estimate "
                "(2023-03-31) / in progress / not reported). Do not delete rows or columns.",
                font="dim",
            )
        ]
    )
    sheet.append(_indicator_header(book, years))
    kinds: tuple[str, ...] = ("target", "actual", "status", "rate", "grade")
    layout = _Layout(header_row + 1, kinds)

    merges: list[str] = []
    status_ranges: list[str] = []
    first_year_letter = get_column_letter(fixed + 1)
    last_year_letter = get_column_letter(fixed + len(years))
    kind_letter = get_column_letter(fixed)
    row = layout.first_row
    for csf, indicator in plan.indicators():
        result = evaluation.result(indicator.id)
        block_first = row
        group = "KGI" if csf is None else f"{csf.code} {csf.title}"
        baseline = indicator.baseline_value()
        baseline_text = None
        if baseline is not None and indicator.baseline is not None:
            baseline_text = f"{baseline:,}{indicator.unit or ''}（{indicator.baseline.year}）"
        descriptive = [
            s.cell(text_safe(group), align="wrap", border=True),
            s.cell(
                text_safe(f"{indicator.code} {indicator.name}"),
                align="wrap",
                border=True,
                font="bold",
            ),
            s.cell(indicator.unit and text_safe(indicator.unit), align="center", border=True),
            s.cell(
                direction_label(indicator.direction, book.language), align="center", border=True
            ),
            s.cell(
                accumulation_label(indicator.accumulation, book.language),
                align="center",
                border=True,
            ),
            s.cell(text_safe("、".join(indicator.divisions)), align="wrap", border=True),
            s.cell(baseline_text, align="center", border=True),
        ]
        for kind in kinds:
            cells: list[Any] = [s.cell(text_safe(indicator.id), font="dim", border=True)]
            cells.extend(
                descriptive
                if kind == "target"
                # Merged away under the first row's cells: nothing to write.
                else (None for _ in descriptive)
            )
            cells.append(s.cell(book.labels[kind], font="bold", border=True, align="center"))
            for column, year in enumerate(years, start=fixed + 1):
                if kind == "target":
                    value, target = target_cell(indicator, year)
                    cell = _value_cell(book, value, indicator.unit, fill=_TARGET_FILL)
                    if target is not None and target.year == year:
                        if target.note:
                            cell.comment = _comment(target.note)
                        last = target.through
                        if last is not None and last > year:
                            end = min(last.year, years[-1].year) - years[0].year + fixed + 1
                            merges.append(
                                f"{get_column_letter(column)}{row}:{get_column_letter(end)}{row}"
                            )
                elif kind == "actual":
                    actual = indicator.actual_for(year)
                    cell = _actual(book, actual, indicator.unit)
                elif kind == "status":
                    actual = indicator.actual_for(year)
                    cell = _actual_look(book, actual, status_cell(actual, book.language))
                elif kind == "rate":
                    cell = _rate_cell(book, result.year(year).rate_rounded)
                else:
                    year_result = result.year(year)
                    cell = _grade_cell(book, year_result.grade, provisional=year_result.provisional)
                cells.append(cell)
            cells.append(
                s.cell(
                    _notes(book, indicator, kind, years),
                    align="wrap",
                    border=True,
                    font="dim" if kind != "target" else None,
                )
            )
            sheet.append(cells)
            if kind == "status":
                status_ranges.append(f"{first_year_letter}{row}:{last_year_letter}{row}")
            row += 1
        block_last = row - 1
        for column in range(2, fixed):
            letter = get_column_letter(column)
            merges.append(f"{letter}{block_first}:{letter}{block_last}")

    # MultiCellRange.add checks each new range against all earlier ones, which is
    # quadratic; the writer only needs something to iterate, so hand it a list.
    sheet.merged_cells = merges
    last_row = row - 1
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if last_row >= layout.first_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(notes_column)}{last_row}"
        area = f"{first_year_letter}{layout.first_row}:{last_year_letter}{last_row}"
        for grade, colour in _GRADE_FILLS.items():
            sheet.conditional_formatting.add(
                area,
                FormulaRule(
                    formula=[
                        f'AND(${kind_letter}{layout.first_row}="{book.labels["grade"]}",'
                        f'{first_year_letter}{layout.first_row}="{grade}")'
                    ],
                    fill=PatternFill("solid", start_color=colour, end_color=colour),
                    font=Font(bold=True),
                ),
            )
    if status_ranges:
        choices = ",".join(book.labels[s.value] for s in ActualStatus)
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=False,
            promptTitle=book.labels["status"],
            prompt="確定・見込み（R5.3.31）・作成中・未報告"
            if ja
            else "confirmed, estimate (2023-03-31), in progress or not reported",
            showInputMessage=True,
        )
        validation.sqref = " ".join(status_ranges)
        sheet.data_validations.append(validation)
    return layout


def _actual_look(book: _Book, actual: Actual | None, value: object) -> Any:
    if actual is not None and actual.status is ActualStatus.ESTIMATE:
        return book.styles.cell(
            value, font="estimate", fill=_ESTIMATE_FILL, border=True, align="center"
        )
    if actual is not None and actual.status is ActualStatus.IN_PROGRESS:
        return book.styles.cell(
            value, font="pending", fill=_PENDING_FILL, border=True, align="center"
        )
    return book.styles.cell(value, border=True, align="center")


def _actual(book: _Book, actual: Actual | None, unit: str | None) -> Any:
    value = actual_cell(actual)
    look: dict[str, Any] = {"border": True}
    if actual is not None and actual.status is ActualStatus.ESTIMATE:
        look.update(font="estimate", fill=_ESTIMATE_FILL)
    elif actual is not None and actual.status is ActualStatus.IN_PROGRESS:
        look.update(font="pending", fill=_PENDING_FILL)
    if isinstance(value, Decimal):
        cell = _number_cell(book, value, unit, **look)
    else:
        cell = book.styles.cell(value, align="wrap" if value != NO_VALUE else "center", **look)
    if actual is not None and actual.note:
        cell.comment = _comment(actual.note)
    return cell


# ----------------------------------------------------------------------------- 予算

_BUDGET_STATUS_JA = {
    "requested": "要求中",
    "proposed": "予算案",
    "enacted": "成立",
    "settled": "決算",
}
_EXECUTION_FIELDS = (
    ("initial", "当初", "Initial"),
    ("supplementary", "補正", "Supplementary"),
    ("carried_over", "繰越", "Carried over"),
    ("transfers", "流用等", "Transfers"),
    ("spent", "支出済額", "Spent"),
    ("carried_forward", "翌年度繰越", "Carried forward"),
)


def _budgets(book: _Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("budgets", freeze="A2")
    _widths(sheet, (48, 16, 26, 30, 14, 14, 14, 14, 14, 14))
    sheet.HeaderFooter.oddHeader.center.text = _header_text(
        ("予算　" if ja else "Budget: ") + plan.title
    )
    sheet.append([s.cell(text_safe(("予算　" if ja else "Budget: ") + plan.title), font="title")])
    row = 1
    for budget in plan.budgets:
        money = number_format(
            budget.unit,
            max(
                [
                    decimal_places(budget.total),
                    *(decimal_places(line.amount) for line in budget.lines),
                ]
            ),
        )
        status = _BUDGET_STATUS_JA[budget.status.value] if ja else budget.status.value
        title = f"{_year_text(budget.year, book.language)}{'予算' if ja else ' budget'}"
        if budget.basis:
            title += f"（{budget.basis}）"
        sheet.append([])
        sheet.append(
            [
                s.cell(text_safe(title), font="heading"),
                s.cell(status, font="bold", border=True, align="center"),
            ]
        )
        row += 2
        executed = any(line.execution is not None for line in budget.lines)
        heads = (
            ["事業", "金額", "関連する指標・施策", "備考"]
            if ja
            else ["Project", "Amount", "Serves", "Note"]
        )
        if executed:
            heads += [ja_en[1] if ja else ja_en[2] for ja_en in _EXECUTION_FIELDS]
            heads.append("不用額" if ja else "Unused")
        sheet.append(
            [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
        )
        row += 1
        first_line = row + 1
        for line in budget.lines:
            cells = [
                s.cell(text_safe(line.name), align="wrap", border=True),
                s.cell(line.amount, fmt=money, border=True),
                s.cell(text_safe("、".join(line.links)) or None, align="wrap", border=True),
                s.cell(
                    None if line.note is None else text_safe(line.note), align="wrap", border=True
                ),
            ]
            if executed:
                execution = line.execution
                for field, _, _ in _EXECUTION_FIELDS:
                    amount = None if execution is None else getattr(execution, field)
                    cells.append(s.cell(amount, fmt=money, border=True))
                cells.append(
                    s.cell(None if execution is None else execution.unused, fmt=money, border=True)
                )
            sheet.append(cells)
            row += 1
        total_label = "合計" if ja else "Total"
        if budget.lines:
            total = s.formula(f"=SUM(B{first_line}:B{row})", fmt=money, font="bold")
        else:
            total = s.cell(budget.total, fmt=money, font="bold", border=True)
        stated = ("記載の合計 " if ja else "stated total ") + f"{budget.total:,}{budget.unit}"
        sheet.append(
            [
                s.cell(total_label, font="bold", border=True, fill=_HEADER_FILL),
                total,
                s.cell(text_safe(stated), font="dim"),
            ]
        )
        row += 1
    sheet.print_title_rows = "1:1"


# ----------------------------------------------------------------------------- 取組, 課題


def _activities(book: _Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("activities", freeze="A2")
    _widths(sheet, (14, 6, 36, 70, 16, 30))
    heads = (
        ("年度", "No.", "取組", "内容", "開始日", "測定値")
        if ja
        else ("Year", "No.", "Activity", "Detail", "Since", "Measured")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
    )
    numbers: dict[FiscalYear, int] = {}
    for activity in plan.activities:
        numbers[activity.year] = numbers.get(activity.year, 0) + 1
        details = activity.details or ()
        first = True
        for detail in details or (None,):
            measured = None
            since = None
            text = None
            if detail is not None:
                text = text_safe(detail.text)
                since = None if detail.since is None else _date_text(detail.since, book.language)
                measured = (
                    "、".join(f"{o.month} {o.value:,}{o.unit}" for o in detail.observations) or None
                )
            sheet.append(
                [
                    s.cell(
                        _year_text(activity.year, book.language) if first else None, border=True
                    ),
                    s.cell(numbers[activity.year] if first else None, border=True, align="center"),
                    s.cell(
                        text_safe(activity.title) if first else None,
                        align="wrap",
                        border=True,
                        font="bold",
                    ),
                    s.cell(text, align="wrap", border=True),
                    s.cell(since, border=True),
                    s.cell(
                        None if measured is None else text_safe(measured), align="wrap", border=True
                    ),
                ]
            )
            first = False
    sheet.print_title_rows = "1:1"


def _issues(book: _Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("issues", freeze="A2")
    _widths(sheet, (6, 60, 70))
    heads = ("No.", "課題", "アクション") if ja else ("No.", "Issue", "Action")
    sheet.append(
        [s.cell(h, font="bold", fill=_HEADER_FILL, border=True, align="center") for h in heads]
    )
    for number, issue in enumerate(plan.issues, start=1):
        actions = issue.actions or (None,)
        for index, action in enumerate(actions):
            sheet.append(
                [
                    s.cell(number if index == 0 else None, border=True, align="center"),
                    s.cell(
                        text_safe(issue.text) if index == 0 else None, align="wrap", border=True
                    ),
                    s.cell(
                        None if action is None else text_safe(action), align="wrap", border=True
                    ),
                ]
            )
    sheet.print_title_rows = "1:1"


# ----------------------------------------------------------------------------- データ

_RECORD_COLUMNS = (
    ("indicator", "指標ID"),
    ("csf", "CSF"),
    ("name", "指標名"),
    ("fiscal_year", "年度"),
    ("target", "目標"),
    ("target_text", "目標（文）"),
    ("actual", "実績"),
    ("actual_text", "実績（文）"),
    ("unit", "単位"),
    ("status", "状態"),
    ("rate", "達成率（%）"),
    ("grade", "評価"),
    ("provisional", "見込みで評価"),
    ("pending", "作成中"),
)


def _data(book: _Book, plan: Plan, evaluation: Evaluation) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    ja = book.language == "ja"
    s = book.styles
    # Plain rows, never wrapped: no heights to fit.
    sheet = book.sheet("data", freeze="A2", skip=frozenset(range(len(_RECORD_COLUMNS))))
    _widths(sheet, (14, 10, 40, 9, 12, 24, 12, 24, 8, 12, 10, 7, 10, 8))
    heads = [ja_name if ja else key for key, ja_name in _RECORD_COLUMNS]
    if not ja:
        heads[heads.index("rate")] = "rate (%)"
    sheet.append([s.cell(h, font="bold", fill=_HEADER_FILL, border=True) for h in heads])
    count = 0
    # Plain values, unstyled (the table style gives the look): this sheet has a
    # row per indicator and year, the most cells of the workbook. Rates are in
    # percent, as published (105.6).
    for record in evaluation.records():
        row: list[object] = []
        for key, _ in _RECORD_COLUMNS:
            value = record.get(key)
            if isinstance(value, str):
                value = text_safe(value)
                if value.startswith(FORMULA_STARTS):
                    value = s.cell(value)
            elif isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)
            row.append(value)
        sheet.append(row)
        count += 1
    sheet.print_title_rows = "1:1"
    if count:
        table = Table(
            displayName="kpiplan_data",
            ref=f"A1:{get_column_letter(len(heads))}{count + 1}",
            tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
        )
        table._initialise_columns()
        table.tableColumns = [
            TableColumn(id=index, name=head) for index, head in enumerate(heads, start=1)
        ]
        with warnings.catch_warnings():
            # openpyxl warns in write-only mode that columns must be given by
            # hand, which they just were.
            warnings.simplefilter("ignore", UserWarning)
            sheet.add_table(table)


# ----------------------------------------------------------------------------- グラフ


def _chartable(indicator: Indicator, years: Sequence[FiscalYear]) -> bool:
    if indicator.unit is None:
        return False
    return any(
        isinstance(target_cell(indicator, year)[0], Decimal)
        or isinstance(actual_cell(indicator.actual_for(year)), Decimal)
        for year in years
    )


def _charts(book: _Book, plan: Plan, limit: int) -> None:
    from openpyxl.chart import BarChart, Reference

    ja = book.language == "ja"
    s = book.styles
    years = plan.period.years
    chosen = [i for _, i in plan.indicators() if _chartable(i, years)][:limit]
    if not chosen:
        return
    sheet = book.sheet("charts")
    _widths(sheet, (10, 14, 14, 2))
    block = max(len(years) + 3, 17)
    row = 0
    for indicator in chosen:
        start = row + 1
        sheet.append([s.cell(text_safe(f"{indicator.id} {indicator.name}"), font="heading")])
        sheet.append(
            [
                s.cell(h, font="bold", fill=_HEADER_FILL, border=True)
                for h in (("年度", "目標", "実績") if ja else ("Year", "Target", "Actual"))
            ]
        )
        for year in years:
            target = target_cell(indicator, year)[0]
            actual = actual_cell(indicator.actual_for(year))
            sheet.append(
                [
                    s.cell(str(year), border=True),
                    s.cell(
                        target if isinstance(target, Decimal) else None,
                        fmt=number_format(indicator.unit),
                        border=True,
                    ),
                    s.cell(
                        actual if isinstance(actual, Decimal) else None,
                        fmt=number_format(indicator.unit),
                        border=True,
                    ),
                ]
            )
        for _ in range(block - len(years) - 2):
            sheet.append([])
        chart = BarChart()
        chart.type = "col"
        chart.title = text_safe(indicator.name)[:200]
        chart.y_axis.title = text_safe(indicator.unit or "")
        chart.height = 7.5
        chart.width = 16
        data = Reference(
            sheet, min_col=2, max_col=3, min_row=start + 1, max_row=start + 1 + len(years)
        )
        categories = Reference(sheet, min_col=1, min_row=start + 2, max_row=start + 1 + len(years))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        sheet.add_chart(chart, f"E{start}")
        row += block
    sheet.print_title_rows = None


# ----------------------------------------------------------------------------- hidden


def _hidden(book: _Book, plan: Plan, layout: _Layout) -> None:
    sheet = book.workbook.create_sheet(DATA_SHEET)
    sheet.sheet_state = "veryHidden"
    text = dumps(plan)
    meta = {
        "format": FORMAT_VERSION,
        "language": book.language,
        "sheet": book.labels["indicators"],
        "first_row": layout.first_row,
        "kinds": list(layout.kinds),
    }
    chunks = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)]
    s = book.styles
    sheet.append([s.cell(MARKER), s.cell(FORMAT_VERSION)])
    sheet.append([s.cell("layout"), s.cell(json.dumps(meta, ensure_ascii=False))])
    sheet.append([s.cell("sha256"), s.cell(hashlib.sha256(text.encode("utf-8")).hexdigest())])
    sheet.append([s.cell("chunks"), s.cell(len(chunks))])
    for chunk in chunks:
        sheet.append([s.cell("plan"), s.cell(chunk)])


# ----------------------------------------------------------------------------- workbook


def _stamp(plan: Plan) -> datetime:
    """The document date: the plan's actuals date, else the first day of its period."""
    day = plan.actuals_as_of or plan.period.first.start
    return datetime(day.year, day.month, day.day)


def write_workbook(
    job: ExportJob, stream: BinaryIO, *, language: Language, max_charts: int
) -> None:
    """Write the plan as a workbook to ``stream``, the same bytes every time.

    Args:
        job: The plan and its evaluation.
        stream: A binary stream (seekable or not).
        language: ``ja`` or ``en`` labels.
        max_charts: Most indicators that get a chart.
    """
    from openpyxl.writer.excel import ExcelWriter

    plan = job.plan
    evaluation = job.evaluation
    book = _Book(language)
    _summary(book, plan, evaluation)
    layout = _indicators(book, plan, evaluation)
    _budgets(book, plan)
    _activities(book, plan)
    _issues(book, plan)
    _data(book, plan, evaluation)
    _charts(book, plan, max_charts)
    _hidden(book, plan, layout)
    properties = book.workbook.properties
    properties.created = properties.modified = _stamp(plan)
    properties.creator = "kpiplan"
    properties.lastModifiedBy = None
    properties.title = text_safe(plan.title)[:255]
    properties.subject = text_safe(plan.organization)[:255]
    with FixedZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book.workbook, archive).write_data()
