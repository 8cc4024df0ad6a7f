"""The 予算 sheet: each year's budget, its lines and execution, and its total."""

from __future__ import annotations

from decimal import Decimal

from kpiplan import (
    Plan,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.book import HEADER_FILL, Book, column_widths, year_text
from kpiplan_exporters._xlsx.layout import (
    decimal_places,
    number_format,
    text_safe,
)

# ----------------------------------------------------------------------------- 予算

_EXECUTION_FIELDS = (
    ("initial", "当初", "Initial"),
    ("supplementary", "補正", "Supplementary"),
    ("carried_over", "繰越", "Carried over"),
    ("transfers", "流用等", "Transfers"),
    ("spent", "支出済額", "Spent"),
    ("carried_forward", "翌年度繰越", "Carried forward"),
)


def budgets(book: Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("budgets", freeze="A2")
    column_widths(sheet, (48, 16, 26, 30, 14, 14, 14, 14, 14, 14))
    sheet.append([s.cell(text_safe(("予算　" if ja else "Budget: ") + plan.title), font="title")])
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
        status = label(budget.status, book.language)
        title = f"{year_text(budget.year, book.language)}{'予算' if ja else ' budget'}"
        if budget.basis:
            title += f"（{budget.basis}）"
        sheet.append([])
        sheet.append(
            [
                s.cell(text_safe(title), font="heading"),
                s.cell(status, font="bold", border=True, align="center"),
            ]
        )
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
            [s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center") for h in heads]
        )
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
        total_label = "合計" if ja else "Total"
        # The total is a number, not a formula: a reader without a formula engine
        # (pandas, openpyxl) gets the amount. It is the lines' exact sum, and the
        # total the plan states is shown beside it.
        lines_total = sum((line.amount for line in budget.lines), Decimal(0))
        total = s.cell(
            lines_total if budget.lines else budget.total,
            fmt=money,
            font="bold",
            border=True,
        )
        stated = ("記載の合計 " if ja else "stated total ") + f"{budget.total:,}{budget.unit}"
        sheet.append(
            [
                s.cell(total_label, font="bold", border=True, fill=HEADER_FILL),
                total,
                s.cell(text_safe(stated), font="dim"),
            ]
        )
    sheet.print_title_rows = "1:1"
