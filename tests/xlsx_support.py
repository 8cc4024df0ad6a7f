"""Helpers the workbook tests share."""

from __future__ import annotations

from typing import Any


def indicator_cell(sheet: Any, indicator_id: str, kind: str, year: str) -> Any:
    """The cell of an indicator's row of ``kind`` (目標/実績/状態…) in ``year`` on 指標."""
    header = next(row for row in sheet.iter_rows() if row[0].value == "ID")
    column = next(c.column for c in header if c.value == year)
    kind_column = next(c.column for c in header if c.value in ("項目", "Row"))
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[0].value == indicator_id and row[kind_column - 1].value == kind:
            return sheet.cell(row=row[0].row, column=column)
    raise LookupError((indicator_id, kind, year))
