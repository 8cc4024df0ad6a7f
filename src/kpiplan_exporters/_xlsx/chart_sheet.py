"""The グラフ sheet: a target-versus-actual chart per quantitative indicator."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kpiplan import (
    FiscalYear,
    Indicator,
    Plan,
)
from kpiplan_exporters._xlsx.book import HEADER_FILL, Book, column_widths
from kpiplan_exporters._xlsx.layout import (
    actual_cell,
    number_format,
    target_cell,
    text_safe,
)

# ----------------------------------------------------------------------------- グラフ


def _chartable(indicator: Indicator, years: Sequence[FiscalYear]) -> bool:
    if indicator.unit is None:
        return False
    return any(
        isinstance(target_cell(indicator, year)[0], Decimal)
        or isinstance(actual_cell(indicator.actual_for(year)), Decimal)
        for year in years
    )


def charts(book: Book, plan: Plan, limit: int) -> None:
    from openpyxl.chart import BarChart, Reference

    ja = book.language == "ja"
    s = book.styles
    years = plan.period.years
    chosen = [i for _, i in plan.indicators() if _chartable(i, years)][:limit]
    if not chosen:
        return
    sheet = book.sheet("charts")
    column_widths(sheet, (10, 14, 14, 2))
    block = max(len(years) + 3, 17)
    row = 0
    for indicator in chosen:
        start = row + 1
        sheet.append([s.cell(text_safe(f"{indicator.id} {indicator.name}"), font="heading")])
        sheet.append(
            [
                s.cell(h, font="bold", fill=HEADER_FILL, border=True)
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
