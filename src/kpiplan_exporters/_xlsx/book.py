"""The workbook being written: styles, write-only cells and the cells every sheet shares.

Imported (with openpyxl) only when the ``xlsx`` exporter runs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from kpiplan import (
    FiscalYear,
    GradeScale,
    format_date,
    is_formula_like,
)
from kpiplan_exporters._xlsx.layout import (
    INPUT_DIGEST,
    LABELS,
    RATE_FORMAT,
    Language,
    cell_digest,
    decimal_places,
    number_format,
    text_safe,
    text_width,
)
from kpiplan_exporters._xlsx.row_xml import (
    RAW_ROWS,
    Look,
    RowWriter,
    Styled,
    openpyxl_cell,
)

_FONT_NAME = "游ゴシック"
HEADER_FILL = "D9E1F2"
ESTIMATE_FILL = "FFF2CC"
PENDING_FILL = "EDEDED"
TARGET_FILL = "F7F9FC"
DATE_FORMAT = 'yyyy"/"m"/"d'
"""A date as offices write it (2023/3/31), read the same by Excel and LibreOffice."""

LINE_POINTS = 17.0
"""Height of a line of 10-point text in a row, in points: 游ゴシック's line is tall
(Excel gives an 11-point line 18.75 points)."""

#: Every key of a cell's look: (number format, font, fill, alignment, border, quote,
#: unlocked: an input cell that stays editable on a protected sheet).
_StyleKey = tuple[str | None, str | None, str | None, str | None, bool, bool, bool]


class Styles:
    """Cell styles built once per look and copied onto each new cell.

    Setting font, fill and alignment cell by cell makes openpyxl look each one up
    in the workbook's style tables; copying a finished style array is much cheaper,
    which matters for 100,000 indicators.
    """

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._looks: dict[_StyleKey, Look] = {}

    def _look(self, key: _StyleKey) -> Look:
        look = self._looks[key] = Look(self._build(key), wraps=key[3] in ("wrap", "center"))
        return look

    def _build(self, key: _StyleKey) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        fmt, font, fill, align, border, quote, unlocked = key
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
        if unlocked:
            cell.protection = Protection(locked=False)
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
        unlocked: bool = False,
    ) -> Any:
        """``value`` with the look asked for, to append to a sheet.

        Text is always text: a string is stored as a string (openpyxl would make
        ``=…`` a formula), and one a spreadsheet would take for a formula (see
        :func:`kpiplan_exporters.is_formula_like`) is marked with a quote prefix,
        so Excel keeps it text when the cell is edited too. An ``unlocked`` cell
        is an input cell: editable when its sheet is protected.
        """
        key = (
            fmt,
            font,
            fill,
            align,
            border,
            isinstance(value, str) and is_formula_like(value),
            unlocked,
        )
        look = self._looks.get(key) or self._look(key)
        if isinstance(value, Decimal) and value == value.to_integral_value():
            # Whole numbers as int: Excel shows them exactly and are written
            # faster; others through the Decimal (at most 15 digits, exact).
            value = int(value)
        return Styled(value, look)


class Book:
    """The workbook being written, its language and its styles."""

    def __init__(self, language: Language, title: str) -> None:
        from openpyxl import Workbook

        self.workbook: Any = Workbook(write_only=True)
        self.language: Language = language
        self.title = title
        """The plan's title, in every printed page's header."""
        self.labels = LABELS[language]
        self._styles: Styles | None = None
        self.sheets: list[Sheet] = []
        """The visible sheets, in order (their digests go into the hidden sheet)."""

    def sheet(
        self,
        key: str,
        freeze: str | None = None,
        *,
        skip: frozenset[int] = frozenset(),
        heading: str | None = None,
    ) -> Any:
        """A new streamed sheet, named by its label in the workbook's language.

        Every sheet prints on A4 landscape, one page wide, with the plan's title in
        the page header and the page number and sheet name in the footer. Panes are
        frozen here: a streamed sheet writes its view before its first row. The
        sheet is protected without a password: only its input cells (unlocked) can
        be typed into until protection is lifted; filters, column widths and row
        heights stay usable.

        Args:
            key: The sheet's key in the labels (``indicators``).
            freeze: The top-left cell of the scrolling pane, if any.
            skip: Columns whose text never decides a row's height.
            heading: What the page header says before the title; None: the sheet's name.
        """
        sheet = Sheet(self.workbook.create_sheet(self.labels[key]), skip=skip)
        self.sheets.append(sheet)
        sheet.freeze_panes = freeze
        protection = sheet.protection
        protection.sheet = True
        protection.autoFilter = protection.formatColumns = protection.formatRows = False
        protection.pivotTables = False
        if self._styles is None:
            self._styles = Styles(sheet._sheet)
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        label = self.labels[key] if heading is None else heading
        separator = "　" if self.language == "ja" else ": "
        sheet.HeaderFooter.oddHeader.center.text = header_text(
            f"{label}{separator}{self.title}" if label else self.title
        )
        sheet.HeaderFooter.oddHeader.center.size = 9
        sheet.HeaderFooter.oddFooter.center.text = "&P / &N"
        sheet.HeaderFooter.oddFooter.center.size = 9
        sheet.HeaderFooter.oddFooter.right.text = "&A"
        sheet.HeaderFooter.oddFooter.right.size = 8
        return sheet

    @property
    def styles(self) -> Styles:
        """The shared cell styles (made with the first sheet)."""
        assert self._styles is not None
        return self._styles


def header_text(text: str) -> str:
    """Plan text for a page header: ``&`` starts a header code, so it is doubled."""
    return text_safe(text).replace("&", "&&")[:200]


def column_widths(sheet: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    if isinstance(sheet, Sheet):
        sheet.set_widths(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


#: Texts up to this long have their digest and width kept: labels, IDs, words.
_KEPT_TEXT = 40


class Sheet:
    """A streamed sheet that gives rows with wrapped text the height they need.

    Neither Excel nor LibreOffice fits row heights when opening a file, so a row
    whose text wraps onto more lines would be cut off; the height is estimated
    from the text and the column widths as each row is appended.
    """

    def __init__(
        self, sheet: Any, *, skip: frozenset[int] = frozenset(), hidden: bool = False
    ) -> None:
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "_skip", skip)
        object.__setattr__(self, "_widths", ())
        object.__setattr__(self, "_row", 0)
        object.__setattr__(self, "_rows", RowWriter(sheet) if RAW_ROWS else None)
        # The very hidden sheet's rows are neither compared nor read by people.
        object.__setattr__(self, "_hidden", hidden)
        # The same texts and numbers come back row after row (IDs, labels, words).
        object.__setattr__(self, "_digest_of", {})
        object.__setattr__(self, "_text_widths", {})
        object.__setattr__(self, "digests", [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._sheet, name, value)

    def set_widths(self, widths: Sequence[float]) -> None:
        """Remember the column widths the heights are estimated with."""
        object.__setattr__(self, "_widths", tuple(widths))

    def _width(self, index: int) -> float:
        return self._widths[index] if index < len(self._widths) else 9.0

    def merge(self, ranges: list[str]) -> None:
        """Merge each of ``ranges`` (``B4:B8``, two cells or more), written in this order."""
        rows: RowWriter | None = self._rows
        if rows is None or not rows.merge(ranges):
            # MultiCellRange.add checks each new range against all earlier ones,
            # which is quadratic; the writer only needs something to iterate.
            self._sheet.merged_cells = ranges

    def _digest(self, value: object) -> str:
        if value.__class__ is not str or len(value) > _KEPT_TEXT:
            # Numbers seldom come back (and True == 1, but their digests differ);
            # neither do long texts.
            return cell_digest(value)
        known: dict[object, str] = self._digest_of
        digest = known.get(value)
        if digest is None:
            digest = known[value] = cell_digest(value)
        return digest

    def _text_width(self, text: str) -> int:
        if len(text) > _KEPT_TEXT:
            return text_width(text)
        widths: dict[str, int] = self._text_widths
        width = widths.get(text)
        if width is None:
            width = widths[text] = text_width(text)
        return width

    def append(
        self,
        cells: Sequence[Any],
        *,
        spans: Mapping[int, int] | None = None,
        inputs: Collection[int] = (),
    ) -> None:
        """Append a row, first setting its height if its text needs several lines.

        The row's digest (:func:`~kpiplan_exporters._xlsx.layout.cell_digest` of each
        cell but the input cells) is kept in :attr:`digests`, so that the reader
        notices an edit outside the input cells.

        Args:
            cells: The row's :class:`Styled` cells (:meth:`Styles.cell`) or plain values.
            spans: Columns (0-based) merged across more columns than their own, with
                how many columns they span.
            inputs: Columns (0-based) of the row's input cells.
        """
        row = self._row + 1
        object.__setattr__(self, "_row", row)
        if self._hidden:
            self._write(row, cells, None)
            return
        values = [cell.value if cell.__class__ is Styled else cell for cell in cells]
        digest = self._digest
        self.digests.append(
            "".join(
                INPUT_DIGEST if index in inputs else digest(value)
                for index, value in enumerate(values)
            )
        )
        lines = 1
        if len(cells) > 1:
            for index, value in enumerate(values):
                if value.__class__ is not str or index in self._skip:
                    continue
                cell = cells[index]
                if not (cell.__class__ is Styled and cell.look.wraps):
                    # Unwrapped text runs on over empty cells: only its own lines count.
                    lines = max(lines, value.count("\n") + 1)
                    continue
                span = spans.get(index, 1) if spans else 1
                width = sum(self._width(column) for column in range(index, index + span))
                # A column unit is the width of a digit of the default font: a
                # full-width character of our 10-point text takes about two in Excel
                # (LibreOffice's substitute fonts are narrower: rows get some room).
                per_line = max(int(width - 1), 2)
                needed = sum(
                    -(-self._text_width(part) // per_line) or 1 for part in value.split("\n")
                )
                lines = max(lines, needed)
        self._write(row, cells, min(409.0, LINE_POINTS * lines) if lines > 1 else None)

    def _write(self, row: int, cells: Sequence[Any], height: float | None) -> None:
        rows: RowWriter | None = self._rows
        if rows is not None:
            rows.write(row, cells, height)
            return
        # lxml serialises openpyxl's sheets: the rows go through openpyxl as cells.
        sheet = self._sheet
        if height is not None:
            sheet.row_dimensions[row].height = height
        written = []
        for cell in cells:
            if cell.__class__ is Styled:
                styled = openpyxl_cell(sheet, cell)
                if cell.comment is not None:
                    styled.comment = cell.comment
                written.append(styled)
            else:
                written.append(cell)
        sheet.append(written)


def year_text(year: FiscalYear, language: Language) -> str:
    return year.japanese() if language == "ja" else year.western()


def date_text(value: date, language: Language) -> str:
    if language == "ja":
        return f"{format_date(value, 'short')}（{format_date(value, 'japanese')}）"
    return value.isoformat()


def number_cell(book: Book, value: Decimal, unit: str | None, **look: Any) -> Any:
    return book.styles.cell(value, fmt=number_format(unit, decimal_places(value)), **look)


def value_cell(
    book: Book,
    value: object,
    unit: str | None,
    *,
    estimate: bool = False,
    fill: str | None = None,
    unlocked: bool = False,
) -> Any:
    look: dict[str, Any] = {
        "border": True,
        "fill": fill if value is not None else None,
        "unlocked": unlocked,
    }
    if estimate:
        look.update(font="estimate", fill=ESTIMATE_FILL)
    if isinstance(value, Decimal):
        return number_cell(book, value, unit, **look)
    return book.styles.cell(value, align="wrap", **look)


def rate_cell(book: Book, percent: Decimal | None) -> Any:
    """A rate as a number in percent (105.6), shown 105.6% (:data:`RATE_FORMAT`)."""
    if percent is None:
        return book.styles.cell(None, border=True)
    return book.styles.cell(percent, fmt=RATE_FORMAT, border=True, align="right")


def grade_fill(scale: GradeScale, grade: str | None) -> str | None:
    """The cell background of ``grade`` on ``scale`` (openpyxl's RGB, no ``#``), if any."""
    if grade is None or grade not in scale:
        return None
    fill = scale.fill(grade)
    return None if fill is None else fill.lstrip("#").upper()


def grade_cell(book: Book, grade: str | None, scale: GradeScale, *, provisional: bool) -> Any:
    """A grade in its rule's colour; a provisional one (見込みで評価) in italics."""
    font = "estimate" if provisional else "bold"
    return book.styles.cell(
        grade, font=font, fill=grade_fill(scale, grade), border=True, align="center"
    )
