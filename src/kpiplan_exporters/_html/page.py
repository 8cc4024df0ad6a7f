"""What the page shows, decided in Python; how it is marked up is the template's job.

:class:`Page` answers the template's questions about a plan (a cell's text, a
year's grade, a chart's bars) with plain text and numbers. It writes no markup, so
nothing here needs escaping: the template escapes everything it prints.

The page is read in three parts, each a class the next builds on:
:class:`~kpiplan_exporters._html.notes.IndicatorText` (an indicator's facts and
※ notes), :class:`~kpiplan_exporters._html.table.IndicatorTable` (its cells,
grades and status lines) and :class:`Page` here (the plan's header, the charts
and the budgets); the values they return are in :mod:`~kpiplan_exporters._html.cells`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from kpiplan import (
    ActualStatus,
    Budget,
    Csf,
    FiscalYear,
    Indicator,
    Plan,
    PlanPeriod,
    Series,
    Target,
    __version__,
)
from kpiplan_exporters._html.cells import Cell, Figure, GradeCell, Holder, RowGroup
from kpiplan_exporters._html.charts import BarChart, StackedChart, bar_chart, stacked_chart
from kpiplan_exporters._html.grades import Grades
from kpiplan_exporters._html.table import IndicatorTable
from kpiplan_exporters._html.words import DASH, Words, format_number, percent, target_text

if TYPE_CHECKING:
    from kpiplan import BudgetYearMetrics, Evaluation

# The template's values stay importable from here, where the page is.
__all__ = ["Cell", "Figure", "GradeCell", "Page", "RowGroup"]

#: Actuals still to be confirmed, drawn with their own pattern in a chart.
_MARKED = (ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY)


def _as_written(period: PlanPeriod) -> tuple[FiscalYear, ...]:
    """The plan's years, each named as well in the ended era the plan wrote its period
    in (平成34年度 for 令和4年度), so column heads read R4（H34） as the plan does."""
    era = period.last.named_era or period.first.named_era
    if era is None:
        return period.years
    return tuple(
        FiscalYear(fy.year, named_era=era) if fy.year >= era.start.year and fy.era != era else fy
        for fy in period.years
    )


class Page(IndicatorTable):
    """The plan, its evaluation and the page's words, as the template reads them."""

    def __init__(
        self, plan: Plan, evaluation: Evaluation | None, words: Words, charts: bool
    ) -> None:
        """Prepare a page.

        Args:
            plan: The plan.
            evaluation: Its evaluation, or None to leave rates and grades out.
            words: The page's words.
            charts: Draw charts.
        """
        self.plan = plan
        self.evaluation = evaluation
        self.words = words
        self.charts = charts
        self.version = __version__
        self.years = _as_written(plan.period)
        self.grades = Grades(evaluation, words) if evaluation is not None else None
        self._ids = {
            indicator.id: f"i{number}"
            for number, (_, indicator) in enumerate(plan.indicators(), start=1)
        }

    # ------------------------------------------------------------------ plan

    def period(self) -> str:
        """The plan period: 令和2年度～令和6年度."""
        return self.words["years_range"].format(
            first=self.words.year(self.plan.period.first),
            last=self.words.year(self.plan.period.last),
        )

    def anchor(self, indicator_id: str) -> str | None:
        """The id of an indicator's block on the page (never plan text), if it has one."""
        return self._ids.get(indicator_id)

    def csf_anchor(self, csf: Csf) -> str:
        """The id of a CSF's section (by position, never plan text)."""
        return f"csf{self.plan.csfs.index(csf) + 1}"

    def activity_years(self) -> list[FiscalYear]:
        """The years that have activities, in order."""
        return sorted({a.year for a in self.plan.activities})

    # ------------------------------------------------------------------ charts

    def figures(self, indicator: Indicator) -> list[Figure]:
        """The indicator's charts: its own, then one per series, each with its text."""
        words = self.words
        found = []
        for number, holder in enumerate(self._holders(indicator)):
            drawn = self.chart(indicator, holder)
            if drawn is None:
                continue
            name = f"{indicator.code} {indicator.name}"
            if isinstance(holder, Series):
                name += words.paren(holder.name)
            title = words["chart"].format(name=name, unit=indicator.unit)
            description = self.chart_description(indicator, holder)
            found.append(Figure(f"-s{number}" if number else "", title, description, drawn))
        return found

    def chart(self, indicator: Indicator, holder: Holder | None = None) -> BarChart | None:
        """The target-versus-actual chart of a quantitative indicator (or one of its
        series), if it has numbers; the target drawn is the one its cell shows."""
        if not self.charts or indicator.unit is None:
            return None
        holder = indicator if holder is None else holder
        targets: list[Decimal | None] = []
        actuals: list[tuple[Decimal, str] | None] = []
        for fy, target in zip(self.years, self._shown_targets(indicator, holder), strict=True):
            # A projected volume (見込量) is no target: the chart draws targets only.
            shown = target is not None and not target.projected
            targets.append(target.value if shown and target is not None else None)
            actual = holder.actual_for(fy)
            if actual is not None and actual.value is not None:
                mark = actual.status.value if actual.status in _MARKED else ""
                actuals.append((actual.value, mark))
            else:
                actuals.append(None)
        return bar_chart([self.words.year_short(fy) for fy in self.years], targets, actuals)

    def _shown_targets(self, indicator: Indicator, holder: Holder) -> list[Target | None]:
        """Each year's target as its cell shows it: the revised one, else the original."""
        revised = self._revised(indicator, holder)
        return [
            revised[fy.year][1] if fy.year in revised else holder.target_for(fy, original=True)
            for fy in self.years
        ]

    def chart_description(self, indicator: Indicator, holder: Holder | None = None) -> str:
        """The chart's text alternative: every year's target and actual, in words."""
        holder = indicator if holder is None else holder
        words = self.words
        parts = []
        for fy, target in zip(self.years, self._shown_targets(indicator, holder), strict=True):
            cell = DASH if target is None else target_text(target, indicator.unit, words)
            actual = self.actual_cell(indicator, fy, holder)
            text = f"{words.year_short(fy)}: {words['target']} {cell}, {words['actual']} "
            text += actual.text
            if actual.estimate:
                text += words.paren(actual.estimate)
            parts.append(text)
        return words["chart_desc"] + " " + "; ".join(parts)

    def grades_chart(self) -> StackedChart | None:
        """The stacked bars of grade counts per CSF and for the whole plan."""
        if not self.charts or self.grades is None:
            return None
        grades = self.grades
        scopes = []
        for rollup in grades.evaluation.rollups:
            scale = grades.scope_scale(rollup)
            counts = [(g, int(n), grades.css(g, scale)) for g, n in rollup.counts.items()]
            scopes.append((self.scope_label(rollup.scope, short=True), counts))
        return stacked_chart(scopes)

    def grades_chart_description(self) -> str:
        """The grade chart's text alternative: every scope's counts."""
        assert self.grades is not None
        parts = []
        for rollup in self.grades.evaluation.rollups:
            counts = "、".join(f"{g} {int(n)}" for g, n in rollup.counts.items())
            parts.append(f"{self.scope_label(rollup.scope, short=True)}: {counts}")
        return self.words["grades_chart_desc"] + " " + "; ".join(parts)

    def scope_label(self, scope: str, short: bool = False) -> str:
        """A roll-up's scope: プラン全体, or the CSF's code (and title)."""
        if scope == "plan":
            return self.words["plan_total"]
        if short:
            return scope
        for csf in self.plan.csfs:
            if csf.code == scope:
                return f"{csf.code} {csf.title}"
        return scope

    # ------------------------------------------------------------------ budgets

    def budget_metrics(self, budget: Budget) -> BudgetYearMetrics | None:
        """The evaluation's metrics of a budget year (shares, change), if evaluated."""
        if self.evaluation is None:
            return None
        for metrics in self.evaluation.budgets.years:
            if metrics.year == budget.year:
                return metrics
        return None

    def budget_status(self, budget: Budget) -> str:
        """Status and change on the previous year: 状況: 要求中 ｜ 前年度比: +121.5%."""
        words = self.words
        text = f"{words['status']}: {words.enum(budget.status)}"
        metrics = self.budget_metrics(budget)
        if metrics is not None and metrics.change_rounded is not None:
            sign = "+" if metrics.change_rounded > 0 else ""
            text += f" ｜ {words['change']}: {sign}{format_number(metrics.change_rounded)}%"
        return text

    def budget_explanation(self, budget: Budget) -> str:
        """How the change on the previous year was computed, when there is one."""
        metrics = self.budget_metrics(budget)
        if metrics is None or metrics.previous_total is None:
            return ""
        return metrics.explanation_ja if self.words.language == "ja" else metrics.explanation_en

    def budget_shares(self, budget: Budget) -> list[str] | None:
        """Each line's share of the total, or None without an evaluation."""
        metrics = self.budget_metrics(budget)
        if metrics is None:
            return None
        shares = [percent(line.share_rounded) for line in metrics.lines]
        return shares + [DASH] * (len(budget.lines) - len(shares))

    def money(self, value: Decimal) -> str:
        """An amount in a budget table: 95,027."""
        return format_number(value)

    def date(self, d: dt.date) -> str:
        """A date in full, for the header and activities."""
        return self.words.long_date(d)
