"""The グラフ sheet: a target-versus-actual chart per quantitative indicator.

Each indicator gets a block of rows: its table (年度, 目標, 実績, 見込み) and beside
it a chart of the actuals as bars (見込み hatched, its year labelled 見込み; 作成中
labelled too) and the target as a line, the value axis from 0. Pages hold whole
blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

from kpiplan import (
    Actual,
    ActualStatus,
    FiscalYear,
    Indicator,
    Plan,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.book import ESTIMATE_FILL, HEADER_FILL, Book, column_widths
from kpiplan_exporters._xlsx.layout import (
    Language,
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


#: Row height of the グラフ sheet in points, set so that Excel and LibreOffice agree
#: on where a block of rows, and so a page, ends.
_ROW_POINTS: Final = 15.0
#: Printable height of a landscape A4 page with this sheet's margins, in points.
_PAGE_POINTS: Final = 595.3 - 72 * (0.6 + 0.6)
_CHART_CM: Final = (15.0, 7.5)
_TARGET_COLOUR: Final = "4472C4"
_ACTUAL_COLOUR: Final = "C0504D"


def _year_label(year: FiscalYear, actual: Actual | None, language: Language) -> str:
    """The category of a year: R3, or R3 見込み / R4 作成中 when not final."""
    if actual is None or actual.status is ActualStatus.CONFIRMED:
        return str(year)
    return f"{year} {label(actual.status, language)}"


def _chart(sheet: Any, indicator: Indicator, start: int, count: int, floor: bool) -> Any:
    """Confirmed and estimated actuals as bars (見込み hatched), the target as a line."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties

    first, last = start + 2, start + 1 + count
    categories = Reference(sheet, min_col=1, min_row=first, max_row=last)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "clustered"
    # Each year has either a confirmed or an estimated actual: one bar per year.
    bars.overlap = 100
    bars.gapWidth = 60
    bars.add_data(
        Reference(sheet, min_col=3, max_col=4, min_row=start + 1, max_row=last),
        titles_from_data=True,
    )
    bars.set_categories(categories)
    confirmed, estimate = bars.series
    confirmed.graphicalProperties = GraphicalProperties(solidFill=_ACTUAL_COLOUR)
    # 見込み is told apart by its pattern and dashed outline, not by colour alone.
    estimate.graphicalProperties = GraphicalProperties(
        pattFill=PatternFillProperties(
            prst="wdUpDiag",
            fgClr=ColorChoice(srgbClr=_ACTUAL_COLOUR),
            bgClr=ColorChoice(srgbClr="FFFFFF"),
        ),
        ln=LineProperties(solidFill=_ACTUAL_COLOUR, prstDash="dash", w=12700),
    )
    target = LineChart()
    target.add_data(
        Reference(sheet, min_col=2, min_row=start + 1, max_row=last), titles_from_data=True
    )
    target.set_categories(categories)
    (line,) = target.series
    line.graphicalProperties = GraphicalProperties(
        ln=LineProperties(solidFill=_TARGET_COLOUR, w=28575)
    )
    line.marker.symbol = "diamond"
    line.marker.size = 7
    line.marker.graphicalProperties = GraphicalProperties(solidFill=_TARGET_COLOUR)
    line.smooth = False
    bars += target
    bars.title = text_safe(indicator.name)[:200]
    bars.y_axis.title = text_safe(indicator.unit or "")
    bars.y_axis.number_format = number_format(indicator.unit)
    # Openpyxl leaves the axes' delete flag unset, which Excel reads as hidden.
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    if floor:
        # From 0: bars cut off at 80% make 87 look like half of 95.
        bars.y_axis.scaling.min = 0
    bars.legend.position = "b"
    bars.width, bars.height = _CHART_CM
    return bars


def charts(book: Book, plan: Plan, limit: int) -> None:
    from openpyxl.worksheet.pagebreak import Break

    ja = book.language == "ja"
    s = book.styles
    years = plan.period.years
    chosen = [i for _, i in plan.indicators() if _chartable(i, years)][:limit]
    if not chosen:
        return
    sheet = book.sheet("charts")
    sheet.sheet_format.defaultRowHeight = _ROW_POINTS
    sheet.sheet_format.customHeight = True
    margins = sheet.page_margins
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    margins.left = margins.right = 0.5
    column_widths(sheet, (16, 12, 12, 12, 2))
    # A block of rows holds an indicator's table and its chart; a page holds
    # whole blocks, so no chart is split across pages.
    block = max(len(years) + 3, 16)
    per_page = max(1, int(_PAGE_POINTS // (block * _ROW_POINTS)))
    heads = ("年度", "目標", "実績", "見込み") if ja else ("Year", "Target", "Actual", "Estimate")
    row = 0
    for number, indicator in enumerate(chosen):
        if number and number % per_page == 0:
            sheet.row_breaks.append(Break(id=row))
        start = row + 1
        fmt = number_format(indicator.unit)
        sheet.append([s.cell(text_safe(f"{indicator.id} {indicator.name}"), font="heading")])
        sheet.append([s.cell(h, font="bold", fill=HEADER_FILL, border=True) for h in heads])
        values: list[Decimal] = []
        for year in years:
            target = target_cell(indicator, year)[0]
            actual = indicator.actual_for(year)
            shown = actual_cell(actual)
            estimate = actual is not None and actual.is_estimate
            number_shown = shown if isinstance(shown, Decimal) else None
            values.extend(v for v in (target, number_shown) if isinstance(v, Decimal))
            sheet.append(
                [
                    s.cell(_year_label(year, actual, book.language), border=True),
                    s.cell(target if isinstance(target, Decimal) else None, fmt=fmt, border=True),
                    # A result not yet a number (作成中, －) is shown as written.
                    s.cell(None if estimate else shown, fmt=fmt, border=True, align="right"),
                    s.cell(
                        number_shown if estimate else None,
                        fmt=fmt,
                        font="estimate" if estimate else None,
                        fill=ESTIMATE_FILL if estimate else None,
                        border=True,
                    ),
                ]
            )
        for _ in range(block - len(years) - 2):
            sheet.append([])
        floor = all(value >= 0 for value in values)
        sheet.add_chart(_chart(sheet, indicator, start, len(years), floor), f"F{start}")
        row += block
    sheet.print_title_rows = None
