"""Charts of the PDF report: target versus actual per indicator, grades per CSF.

Imported only while a report is written (it imports reportlab). Numbers become
floats here only to place bars; every figure printed in the report comes from the
exact values in the tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from kpiplan import ActualStatus, FiscalYear, Indicator, Plan, Series
from kpiplan_exporters._pdf.labels import Labels

__all__ = [
    "MAX_BARS",
    "TargetActualChart",
    "grades_chart",
    "grades_charts",
    "target_actual_chart",
]

TARGET_COLOR = colors.HexColor("#b8c4d6")
ACTUAL_COLOR = colors.HexColor("#1f5fa8")
ESTIMATE_COLOR = colors.HexColor("#7fa7d6")


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class TargetActualChart(Flowable):  # type: ignore[misc]
    """Bars of an indicator's targets and actuals by year, drawn straight on the canvas.

    A report of a thousand indicators draws a thousand of these: reportlab's chart
    widgets take ~40 ms each, these a fraction of a millisecond, for the same picture.
    """

    def __init__(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[Sequence[float | None], Sequence[Color]]],
        legend: Sequence[tuple[Color, str]],
        font: str,
        width: float,
        height: float = 118.0,
        titles: tuple[str, str] = ("", ""),
    ) -> None:
        """A chart ready to draw.

        Args:
            categories: The labels under the bar groups (years).
            series: Per series, a value (None: no bar) and a color per category.
            legend: (color, text) per legend entry.
            font: The font of labels and legend.
            width: The chart's width in points.
            height: The chart's height in points.
            titles: The category axis's title (年度) and the value axis's (単位: 件).
        """
        super().__init__()
        self.titles = titles
        self.categories = list(categories)
        self.series = [(list(values), list(fills)) for values, fills in series]
        self.legend = list(legend)
        self.font = font
        self.width = width
        self.height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, bottom = 44.0, 24.0
        plot_width = self.width - left - 130
        plot_height = self.height - bottom - 16
        values = [v for values, _ in self.series for v in values if v is not None]
        low = min(0.0, *values)
        step = _nice_step((max(values) - low) / 4 or 1.0)
        high = max(low + step, math.ceil(max(values) / step) * step)
        low = math.floor(low / step) * step

        def y_of(value: float) -> float:
            return bottom + (value - low) / (high - low) * plot_height

        canvas.saveState()
        canvas.setFont(self.font, 7)
        canvas.setLineWidth(0.3)
        canvas.setStrokeColor(colors.HexColor("#d0d0d0"))
        canvas.setFillColor(colors.HexColor("#333333"))
        tick = low
        while tick <= high + step / 1000:
            y = y_of(tick)
            canvas.line(left, y, left + plot_width, y)
            canvas.drawRightString(left - 3, y - 2.5, _axis_format(tick))
            tick += step
        group = plot_width / max(1, len(self.categories))
        # The bars of a group fill its middle 64%, however many series there are.
        bar = group * 0.64 / max(1, len(self.series))
        for index, name in enumerate(self.categories):
            x = left + group * index
            canvas.setFillColor(colors.HexColor("#333333"))
            canvas.drawCentredString(x + group / 2, bottom - 10, name)
            for number, (series_values, fills) in enumerate(self.series):
                value = series_values[index]
                if value is None:
                    continue
                canvas.setFillColor(fills[index])
                bar_x = x + group * 0.18 + bar * number
                base = y_of(max(low, 0.0))
                canvas.rect(bar_x, min(base, y_of(value)), bar, abs(y_of(value) - base),
                            stroke=0, fill=1)  # fmt: skip
        canvas.setStrokeColor(colors.HexColor("#666666"))
        canvas.setLineWidth(0.5)
        canvas.line(left, y_of(max(low, 0.0)), left + plot_width, y_of(max(low, 0.0)))
        canvas.line(left, bottom, left, bottom + plot_height)
        x_title, y_title = self.titles
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawCentredString(left + plot_width / 2, 3, x_title)
        canvas.drawString(4, self.height - 8, y_title)
        legend_x = left + plot_width + 16
        legend_y = self.height - 14
        for color, text in self.legend:
            canvas.setFillColor(color)
            canvas.rect(legend_x, legend_y, 7, 7, stroke=0, fill=1)
            canvas.setFillColor(colors.HexColor("#333333"))
            canvas.drawString(legend_x + 11, legend_y + 0.5, text)
            legend_y -= 11
        canvas.restoreState()


def _nice_step(rough: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) at least ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= rough:
            return factor * power
    return 10.0 * power


#: Per series (男性, 女性 …): the colour of its targets and of its actuals.
SERIES_COLORS = (
    (colors.HexColor("#b8c4d6"), colors.HexColor("#1f5fa8")),
    (colors.HexColor("#f2c6a0"), colors.HexColor("#c8602a")),
    (colors.HexColor("#bfe0c0"), colors.HexColor("#2e8540")),
    (colors.HexColor("#d9c2e6"), colors.HexColor("#7a3f9d")),
)


def _bars(
    holder: Indicator | Series, years: Sequence[FiscalYear]
) -> tuple[list[float | None], list[float | None], list[bool]]:
    """Numeric targets and actuals by year, and which actuals are not final (見込み, 速報値)."""
    targets: list[float | None] = []
    actuals: list[float | None] = []
    early: list[bool] = []
    for fy in years:
        target = holder.target_for(fy)
        targets.append(_as_float(target.value if target is not None else None))
        actual = holder.actual_for(fy)
        actuals.append(_as_float(actual.value if actual is not None else None))
        early.append(actual is not None and actual.status in _NOT_FINAL)
    return targets, actuals, early


_NOT_FINAL = (ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY)


def target_actual_chart(
    plan: Plan, indicator: Indicator, labels: Labels, font: str, width: float
) -> TargetActualChart | None:
    """Bars of the numeric targets and actuals of a quantitative indicator by year; an
    indicator with series has a target and an actual bar per series (and its total's).

    Args:
        plan: The plan (for its period).
        indicator: The indicator.
        labels: The report's labels.
        font: The font name for axis labels and the legend.
        width: The chart's width in points.

    Returns:
        The chart, or None when the indicator has no number to draw.
    """
    years = plan.period.years
    unit = indicator.unit or ""
    categories = [
        labels.year_short(fy) if labels.language == "ja" else fy.western() for fy in years
    ]
    titles = (labels["fiscal_year"], f"{labels['unit']}: {unit}")
    if indicator.series:
        return _series_chart(indicator, years, labels, font, width, categories, titles)
    targets, actuals, early = _bars(indicator, years)
    if all(v is None for v in (*targets, *actuals)):
        return None
    fills = [ESTIMATE_COLOR if not_final else ACTUAL_COLOR for not_final in early]
    legend = [
        (TARGET_COLOR, labels["target"] + labels.paren(unit)),
        (ACTUAL_COLOR, labels["actual"] + labels.paren(unit)),
    ]
    if any(early):
        statuses = {a.status for a in indicator.actuals if a.status in _NOT_FINAL}
        marked = "・".join(labels[s.value] for s in _NOT_FINAL if s in statuses)
        legend.append((ESTIMATE_COLOR, labels["actual"] + labels.paren(marked)))
    return TargetActualChart(
        categories,
        [(targets, [TARGET_COLOR] * len(years)), (actuals, fills)],
        legend,
        font,
        width,
        titles=titles,
    )


def _series_chart(
    indicator: Indicator,
    years: Sequence[FiscalYear],
    labels: Labels,
    font: str,
    width: float,
    categories: list[str],
    titles: tuple[str, str],
) -> TargetActualChart | None:
    """A target and an actual bar per series and year, each series in its colours."""
    holders: list[tuple[str, Indicator | Series]] = []
    if indicator.targets or indicator.actuals:
        holders.append((labels["series_total"], indicator))
    holders += [(series.name, series) for series in indicator.series]
    bars: list[tuple[Sequence[float | None], Sequence[Color]]] = []
    legend: list[tuple[Color, str]] = []
    for index, (name, holder) in enumerate(holders):
        targets, actuals, _ = _bars(holder, years)
        target_color, actual_color = SERIES_COLORS[index % len(SERIES_COLORS)]
        for values, color, key in (
            (targets, target_color, "target"),
            (actuals, actual_color, "actual"),
        ):
            if any(v is not None for v in values):
                bars.append((values, [color] * len(values)))
                legend.append((color, f"{name} {labels[key]}"))
    if not bars:
        return None
    return TargetActualChart(categories, bars, legend, font, width, titles=titles)


def _axis_format(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


#: The most bars one grade chart holds; more scopes make more charts, so that a
#: plan of a hundred CSFs still fits its pages.
MAX_BARS = 24


def grades_charts(
    scopes: Sequence[tuple[str, dict[str, int]]],
    grades: Sequence[tuple[Color, str, str]],
    font: str,
    width: float,
    titles: tuple[str, str] = ("", ""),
) -> list[Drawing]:
    """Grade charts of at most :data:`MAX_BARS` bars each, on one shared scale.

    Args:
        scopes: (name, counts by grade) per bar, top first.
        grades: The grades to stack, best first: (colour, symbol, legend text) each,
            as the grading rule gives them.
        font: The font name.
        width: The drawings' width in points.

    Returns:
        The drawings, in order.
    """
    total = max((sum(counts.values()) for _, counts in scopes), default=0)
    return [
        grades_chart(scopes[start : start + MAX_BARS], grades, font, width, total, titles)
        for start in range(0, len(scopes), MAX_BARS)
    ]


def grades_chart(
    scopes: Sequence[tuple[str, dict[str, int]]],
    grades: Sequence[tuple[Color, str, str]],
    font: str,
    width: float,
    total: int | None = None,
    titles: tuple[str, str] = ("", ""),
) -> Drawing:
    """Stacked bars of how many indicators got each grade, one bar per scope.

    Args:
        scopes: (name, counts by grade) per bar, top first.
        grades: The grades to stack, best first: (colour, symbol, legend text) each.
        font: The font name.
        width: The drawing's width in points.
        total: The scale's maximum; None: the largest bar.
        titles: The category axis's title (区分) and the value axis's (指標数).

    Returns:
        The drawing.
    """
    bar_height = 16
    height = 60 + bar_height * len(scopes) * 1.5
    drawing = Drawing(width, height)
    # The drawing's own font, so that rendering it never names Helvetica (not embedded).
    drawing.initialFontName = font
    chart = HorizontalBarChart()
    chart.x, chart.y = 70, 28
    chart.width, chart.height = width - 200, height - 46
    # Horizontal bars are drawn bottom up: reverse so the first scope is on top.
    ordered = list(reversed(scopes))
    chart.data = [[float(counts.get(grade, 0)) for _, counts in ordered] for _, grade, _ in grades]
    chart.categoryAxis.categoryNames = [name for name, _ in ordered]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _axis_format
    if total is None:
        total = max((sum(counts.values()) for _, counts in scopes), default=0)
    chart.valueAxis.valueMax = max(total, 1)
    chart.valueAxis.valueStep = max(1, (total + 4) // 5)
    for index, (colour, _, _) in enumerate(grades):
        chart.bars[index].fillColor = colour
    chart.bars.strokeWidth = 0
    drawing.add(chart)
    category_title, value_title = titles
    drawing.add(String(4, height - 10, category_title, fontName=font, fontSize=7))
    drawing.add(
        String(chart.x + chart.width / 2, 4, value_title, fontName=font, fontSize=7,
               textAnchor="middle")
    )  # fmt: skip
    legend = Legend()
    legend.x, legend.y = width - 118, height - 6
    legend.fontName = font
    legend.fontSize = 7
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    legend.dx = legend.dy = 7
    legend.deltay = 10
    legend.columnMaximum = len(grades)
    legend.colorNamePairs = [(colour, text) for colour, _, text in grades]
    drawing.add(legend)
    return drawing
