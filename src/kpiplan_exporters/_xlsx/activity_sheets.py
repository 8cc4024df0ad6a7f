"""The 取組 (activities) and 課題 (issues and actions) sheets."""

from __future__ import annotations

from kpiplan import (
    FiscalYear,
    Plan,
)
from kpiplan_exporters._xlsx.book import HEADER_FILL, Book, column_widths, date_text, year_text
from kpiplan_exporters._xlsx.layout import (
    text_safe,
)

# ----------------------------------------------------------------------------- 取組, 課題


def activities(book: Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("activities", freeze="A2")
    column_widths(sheet, (14, 6, 36, 70, 16, 30))
    heads = (
        ("年度", "No.", "取組", "内容", "開始日", "測定値")
        if ja
        else ("Year", "No.", "Activity", "Detail", "Since", "Measured")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center") for h in heads]
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
                since = None if detail.since is None else date_text(detail.since, book.language)
                measured = (
                    "、".join(f"{o.month} {o.value:,}{o.unit}" for o in detail.observations) or None
                )
            sheet.append(
                [
                    s.cell(year_text(activity.year, book.language) if first else None, border=True),
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


def issues(book: Book, plan: Plan) -> None:
    ja = book.language == "ja"
    s = book.styles
    sheet = book.sheet("issues", freeze="A2")
    column_widths(sheet, (6, 60, 70))
    heads = ("No.", "課題", "アクション") if ja else ("No.", "Issue", "Action")
    sheet.append(
        [s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center") for h in heads]
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
