"""A sheet's rows written as the XML openpyxl's write-only writer makes, without a cell object each.

openpyxl streams an appended row by binding every value to a cell object, building
an element per cell and serialising it through et_xmlfile's pure-Python tree: about
twelve microseconds a cell, most of a large workbook's time. The rows here are the
same bytes made as text: a ``<c>`` element per value, with openpyxl's data types,
style ids (given in the order openpyxl would give them, when a look is first
written), number formatting (``"%.16g"``) and text escaping. A value this module does
not write the same way (a date, a formula-like plain text, text too long or holding
a character XML forbids, a number that is not finite) is handed to openpyxl's own
cell writer at its place in the row, so its bytes and errors are openpyxl's.

The text goes straight into the worksheet's stream, which needs et_xmlfile's writer
(openpyxl's default): with lxml installed openpyxl serialises through lxml, and
:data:`RAW_ROWS` is False, so rows are appended through openpyxl as cells.
``tests/test_xlsx_rows.py`` checks that both ways give the same bytes.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import openpyxl
from openpyxl.cell import Cell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange

__all__ = ["RAW_ROWS", "Look", "RowWriter", "Styled", "cell_list", "openpyxl_cell"]

RAW_ROWS: bool = not openpyxl.LXML
"""Whether rows are written as text (True) or appended through openpyxl (lxml installed)."""

#: The most characters openpyxl keeps of a text (it cuts the rest).
_MAX_TEXT = 32_767


class Look:
    """A cell look: openpyxl's style array for it and what the rows need to know of it."""

    __slots__ = ("array", "id", "styled", "wraps")

    def __init__(self, array: Any, *, wraps: bool) -> None:
        self.array = array
        """openpyxl's ``StyleArray`` of the look (copied onto a cell when openpyxl writes one)."""
        self.id: str | None = None
        """Its index in the workbook's cell styles, once a cell of the look is written."""
        self.styled = any(array)
        """Whether openpyxl writes an ``s`` attribute (a look other than the default)."""
        self.wraps = wraps
        """Whether its text wraps (the row's height is fitted to it)."""


class Styled:
    """A value with its look (and a comment, if any), as the sheets append it."""

    __slots__ = ("comment", "look", "value")

    def __init__(self, value: object, look: Look) -> None:
        self.value = value
        self.look = look
        self.comment: Any = None
        """An openpyxl ``Comment`` shown on the cell, if any."""


def openpyxl_cell(sheet: Any, styled: Styled, row: int = 1, column: int = 1) -> Any:
    """The openpyxl cell of ``styled`` (a copy of its look, text kept as text).

    Args:
        sheet: The openpyxl worksheet.
        styled: The value and look.
        row: The cell's row.
        column: The cell's column (1 for A).

    Returns:
        An openpyxl cell (its comment not set: the rows register comments).
    """
    cell = _StyledCell(sheet, row, column, style_array=StyleArray(styled.look.array))
    cell.value = styled.value
    if isinstance(styled.value, str):
        cell.data_type = "s"
    return cell


class _StyledCell(Cell):  # type: ignore[misc]
    """openpyxl's Cell with a constant repr.

    A streamed sheet first tries each appended item as a plain value, and builds
    the error message for a cell from its repr before using it as a cell; a
    constant repr saves that work for every styled cell.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<StyledCell>"


_letters: list[str] = []


def _column_letters(count: int) -> list[str]:
    """The letters of the first ``count`` columns (A, B, …), made once."""
    while len(_letters) < count:
        _letters.append(get_column_letter(len(_letters) + 1))
    return _letters


def _escape(text: str) -> str:
    # What ElementTree escapes in text, in the same order (et_xmlfile uses it).
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


#: Whole numbers written directly: "%.16g" shows them exactly (and float() can take them).
_EXACT_INT = 10**15


def _content(value: Any, plain: bool) -> str | None:
    """What follows ``<c r="…" s="…"`` in openpyxl's element for ``value``; None: let
    openpyxl write the cell.

    Args:
        value: The cell's value.
        plain: A plain value (openpyxl takes ``=…`` for a formula, ``#N/A`` for an
            error); a styled text is always text.
    """
    kind = value.__class__
    if kind is str:
        text: str = value
        if len(text) > _MAX_TEXT or ILLEGAL_CHARACTERS_RE.search(text):
            return None  # openpyxl cuts it, or refuses it with its own error
        if plain and ((len(text) > 1 and text[0] == "=") or text in ERROR_CODES):
            return None
        if not text:
            return ' t="inlineStr" />'
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        return f' t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'
    if kind is int:
        if not -_EXACT_INT < value < _EXACT_INT:
            return None
        return f' t="n"><v>{value}</v></c>'
    if kind is Decimal or kind is float:
        if not math.isfinite(value):
            return None
        # As openpyxl writes numbers ("%.16g"), through the float the Decimal stands for.
        return f' t="n"><v>{format(float(value), ".16g")}</v></c>'
    if kind is bool:
        return f' t="b"><v>{1 if value else 0}</v></c>'
    if value is None:
        return ' t="n" />'
    return None


def _sheet_data(sheet: Any) -> Iterator[Any]:
    """openpyxl's ``<sheetData>`` of a write-only sheet, left open for the rows.

    Kept as the sheet's row generator, so that closing the sheet closes the element
    and hands the stream back to openpyxl for what follows the rows, as its own
    generator does.
    """
    xf = sheet._writer.xf.send(True)
    with xf.element("sheetData"), contextlib.suppress(GeneratorExit):
        yield xf
    sheet._writer.xf.send(None)


def cell_list(cells: Collection[tuple[int, int]]) -> Any:
    """openpyxl's list of cells (a ``MultiCellRange``) of ``cells``, (column, row) each.

    openpyxl parses every reference of a list into a range object and sorts them
    when it writes the list (by column, then row); a sheet of 100,000 indicators has
    over a million input cells. This list is their text, sorted the same way, made
    once: what openpyxl writes of it (``str``, and whether it is empty) is all it holds.
    """
    letters = _column_letters(max((column for column, _ in cells), default=0))
    return _CellList(" ".join(f"{letters[column - 1]}{row}" for column, row in sorted(set(cells))))


class _CellList(MultiCellRange):  # type: ignore[misc]
    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def __str__(self) -> str:
        return self._text

    def __bool__(self) -> bool:
        return bool(self._text)


class RowWriter:
    """Writes a write-only sheet's rows as text into the sheet's stream."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._xf: Any = None
        self._styles: Any = None

    def _open(self) -> Any:
        sheet = self._sheet
        sheet._get_writer()
        rows = _sheet_data(sheet)
        self._xf = next(rows)
        sheet._rows = rows
        self._styles = sheet.parent._cell_styles
        return self._xf

    def _style_id(self, look: Look) -> str:
        look.id = f"{self._styles.add(look.array)}"
        return look.id

    def merge(self, ranges: Sequence[str]) -> bool:
        """Have the sheet's merged ranges written as text, as openpyxl writes them.

        Args:
            ranges: Ranges of two cells or more (``B4:B8``), in the order to write.

        Returns:
            False when no row is written yet: openpyxl is to write them then.
        """
        if self._xf is None or not ranges:
            return False
        write = self._xf._file
        text = "".join(
            [f'<mergeCells count="{len(ranges)}">']
            + [f'<mergeCell ref="{ref}" />' for ref in ranges]
            + ["</mergeCells>"]
        )
        # Called in its place among the sheet's closing parts (after the filter);
        # openpyxl would make a parsed range object and an element of each.
        self._sheet._writer.write_merged_cells = lambda: write(text)
        return True

    def write(self, row: int, cells: Sequence[Any], height: float | None) -> None:
        """Write row ``row`` (1 for the first) of ``cells``.

        Args:
            row: The row's number; rows are written in order.
            cells: :class:`Styled` cells and plain values (None: no cell).
            height: The row's height in points, if set.
        """
        xf = self._xf or self._open()
        write = xf._file
        sheet = self._sheet
        letters = _column_letters(len(cells))
        parts = [
            f'<row r="{row}">'
            if height is None
            else f'<row r="{row}" ht="{format(height, ".16g")}" customHeight="1">'
        ]
        try:
            for index, cell in enumerate(cells):
                if cell.__class__ is Styled:
                    value = cell.value
                    look = cell.look
                    if cell.comment is not None:
                        at = SimpleNamespace(
                            _comment=cell.comment, coordinate=f"{letters[index]}{row}"
                        )
                        sheet._comments.append(CommentRecord.from_cell(at))
                    xml = _content(value, False) if look.styled else None
                    if xml is None:
                        written = openpyxl_cell(sheet, cell, row, index + 1)
                    else:
                        # The style id is given as the look is first written, as openpyxl does.
                        sid = look.id or self._style_id(look)
                        xml = f'<c r="{letters[index]}{row}" s="{sid}"{xml}'
                elif cell is None:
                    continue
                else:
                    xml = _content(cell, True)
                    if xml is None:
                        written = Cell(sheet, row=row, column=index + 1, value=cell)
                    else:
                        xml = f'<c r="{letters[index]}{row}"{xml}'
                if xml is not None:
                    parts.append(xml)
                    continue
                # openpyxl writes this one itself, at its place in the row.
                write("".join(parts))
                parts.clear()
                commented = cell.__class__ is Styled and cell.comment is not None
                if written.has_style or written._value is not None or commented:
                    write_cell(xf, sheet, written, written.has_style)
        except BaseException:
            # openpyxl refused a value: close the rows while the stream is open (the
            # workbook is not finished; left to the collector, the closing fails).
            sheet._rows.close()
            raise
        parts.append("</row>")
        write("".join(parts))
