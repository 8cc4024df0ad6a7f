"""The データ sheet: one tidy record per indicator and year, as an Excel table."""

from __future__ import annotations

import warnings
from decimal import Decimal
from typing import TYPE_CHECKING

from kpiplan import (
    Plan,
    TargetKind,
    is_formula_like,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.layout import (
    text_safe,
)

if TYPE_CHECKING:
    from kpiplan import Evaluation

from kpiplan_exporters._xlsx.book import HEADER_FILL, Book, column_widths

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
    ("series", "系列"),
    ("target_kind", "目標の種類"),
    ("original_target", "当初目標"),
    ("original_target_text", "当初目標（文）"),
    ("revised_target", "見直し後目標"),
    ("revised_target_text", "見直し後目標（文）"),
    ("revision", "見直し"),
    ("reason", "評価しない理由"),
)
#: Written only when the plan records published grades.
_OFFICIAL_COLUMN = ("official_grade", "公表評価")


def data(book: Book, plan: Plan, evaluation: Evaluation) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    ja = book.language == "ja"
    s = book.styles
    # Plain rows, never wrapped: no heights to fit.
    records = evaluation.records()
    columns: tuple[tuple[str, str], ...] = _RECORD_COLUMNS
    widths: tuple[float, ...] = (
        *(14, 10, 40, 9, 12, 24, 12, 24, 8, 12, 10, 7, 10, 8),
        *(10, 10, 12, 20, 12, 20, 20, 24),
    )
    if any(record["official_grade"] is not None for record in records):
        columns, widths = (*columns, _OFFICIAL_COLUMN), (*widths, 10)
    sheet = book.sheet("data", freeze="A2", skip=frozenset(range(len(columns))))
    column_widths(sheet, widths)
    heads = [ja_name if ja else key for key, ja_name in columns]
    if not ja:
        heads[heads.index("rate")] = "rate (%)"
    sheet.append([s.cell(h, font="bold", fill=HEADER_FILL, border=True) for h in heads])
    count = 0
    # Plain values, unstyled (the table style gives the look): this sheet has a
    # row per indicator and year, the most cells of the workbook. Rates are in
    # percent, as published (105.6).
    for record in records:
        row: list[object] = []
        for key, _ in columns:
            value = record.get(key)
            if key == "target_kind" and value is not None:
                # The kind in the workbook's words (目標値, 見込量, 方向, 順位, 設定しない).
                value = _kind_words(value, book)
            if isinstance(value, str):
                value = text_safe(value)
                if is_formula_like(value):
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


def _kind_words(kind: str, book: Book) -> str:
    """A record's ``target_kind`` in the workbook's words; ``projected`` is 見込量."""
    if kind == "projected":
        return "見込量" if book.language == "ja" else "projected volume"
    return label(TargetKind(kind), book.language)
