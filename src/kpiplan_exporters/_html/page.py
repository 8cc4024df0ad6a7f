"""What the page shows, decided in Python; how it is marked up is the template's job.

:class:`Page` answers the template's questions about a plan (a cell's text, a
year's grade, a chart's bars) with plain text and numbers. It writes no markup, so
nothing here needs escaping: the template escapes everything it prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from kpiplan import (
    ActualStatus,
    Baseline,
    Budget,
    Csf,
    FiscalYear,
    Indicator,
    Plan,
    Revision,
    Series,
    TargetKind,
    __version__,
)
from kpiplan_exporters._html.charts import BarChart, StackedChart, bar_chart, stacked_chart
from kpiplan_exporters._html.grades import Grades
from kpiplan_exporters._html.words import (
    DASH,
    Words,
    actual_text,
    format_number,
    format_value,
    percent,
    target_text,
)

if TYPE_CHECKING:
    from kpiplan import BudgetYearMetrics, Evaluation, GradeScale, IndicatorResult, YearResult

__all__ = ["Cell", "GradeCell", "Page"]

_LADDER_KINDS = (TargetKind.STAGE, TargetKind.STATEMENT)


@attrs.frozen
class Cell:
    """A target or actual cell of an indicator's table."""

    text: str
    colspan: int = 1
    mark: int | None = None
    """The number of its ※ note, if it has one."""
    estimate: str | None = None
    """The 見込み mark (with its date) of an estimate."""
    assessment: str | None = None
    """The owner's assessment of a statement target."""
    status: str = ""
    """The actual's status value (``estimate``, ``in_progress`` …), for styling."""


@attrs.frozen
class GradeCell:
    """A year's rate and grade, in words as well as symbols."""

    grade: str
    label: str
    """The grade's words; empty when the symbol says them (順調) or it is not graded."""
    rate: str
    note: str | None
    """暫定 (graded on an estimate) or 作成中 (pending)."""
    css: str = "grade-none"
    """The grade's class on the page (its colours)."""
    official: str | None = None
    """The grade the government published (公表評価), if the plan records one."""
    departs: bool = False
    """The published grade differs from the computed one."""


class Page:
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
        self.years = plan.period.years
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

    # ------------------------------------------------------------------ indicators

    def meta(self, indicator: Indicator) -> list[tuple[str, str]]:
        """(label, value) facts of an indicator: 担当課, unit, counting, baseline …"""
        words = self.words
        facts = [(words["divisions"], "、".join(indicator.divisions))]
        if indicator.unit is not None:
            facts.append((words["unit"], indicator.unit))
            facts.append((words["accumulation"], words.enum(indicator.accumulation)))
            facts.append((words["direction"], words.enum(indicator.direction)))
        else:
            facts.append((words["unit"], words["qualitative"]))
        if indicator.baseline is not None:
            facts.append((words["baseline"], self._baseline(indicator.baseline, indicator)))
        if indicator.goal is not None:
            goal = indicator.goal
            parts = [words.year(goal.year)]
            if goal.value is not None:
                parts.append(format_value(goal.value, indicator.unit))
            if goal.statement is not None:
                parts.append(goal.statement)
            facts.append((words["headline_goal"], " ".join(parts)))
        # The ladder explains stage and statement targets; a trend or rank target has none.
        if any(t.kind in _LADDER_KINDS for t in indicator.targets) or not (
            indicator.is_quantitative or indicator.targets or indicator.series
        ):
            facts.append((words["ladder"], " → ".join(self.plan.ladder_of(indicator))))
        if indicator.national_rank is not None:
            facts.append((words["rank_label"], self._rank(indicator)))
        facts.extend((words["series"], self._series(indicator, s)) for s in indicator.series)
        return facts

    def _baseline(self, baseline: Baseline, indicator: Indicator) -> str:
        """基準値: its year and number, or the words the plan printed (今後算定)."""
        value = baseline.value if baseline.value is not None else None
        if value is None and baseline is indicator.baseline:
            value = indicator.baseline_value()
        shown = format_value(value, indicator.unit) if value is not None else baseline.text
        return f"{self.words.year_short(baseline.year)} {shown or DASH}"

    def _rank(self, holder: Indicator | Series) -> str:
        rank = holder.national_rank
        assert rank is not None
        text = self.words["national_rank"].format(rank=rank.rank)
        if rank.year is not None:
            text = f"{self.words.year_short(rank.year)} {text}"
        return text if rank.among is None else f"{text}／{rank.among}"

    def _series(self, indicator: Indicator, series: Series) -> str:
        """A series in one line until series are graded: name, baseline, targets, rank."""
        words = self.words
        parts = [series.name]
        if series.baseline is not None:
            parts.append(f"{words['baseline']} {self._baseline(series.baseline, indicator)}")
        for target in series.targets:
            text = target_text(target, indicator.unit, words)
            parts.append(f"{words['target']} {words.year_short(target.year)} {text}")
        if series.national_rank is not None:
            parts.append(self._rank(series))
        return " ｜ ".join(parts)

    def _marks(self, indicator: Indicator) -> Iterator[tuple[FiscalYear, str, str]]:
        """(year, ``target``/``actual``, note) of each ※ note in a cell, in order."""
        for target in indicator.targets:
            if target.note is not None:
                yield target.year, "target", target.note
        for actual in indicator.actuals:
            if actual.note is not None:
                yield actual.year, "actual", actual.note

    def _mark(self, indicator: Indicator, year: FiscalYear, kind: str) -> int | None:
        for number, (where, what, _) in enumerate(self._marks(indicator), start=1):
            if where == year and what == kind:
                return number
        return None

    def notes(self, indicator: Indicator) -> list[str]:
        """The ※ notes under an indicator's table, numbered as their cells are marked."""
        words = self.words
        notes = []
        for number, (year, kind, note) in enumerate(self._marks(indicator), start=1):
            notes.append(
                f"※{number} {note}{words.paren(f'{words.year_short(year)} {words[kind]}')}"
            )
        notes += [f"※{note}" for note in indicator.footnotes]
        for actual in indicator.actuals:
            if actual.override is not None:
                where = words.paren(words.year_short(actual.year))
                notes.append(
                    f"{words['override']}{where}: "
                    f"{actual.override.grade} — {actual.override.reason}"
                )
        holders: tuple[Indicator | Series, ...] = (indicator, *indicator.series)
        for holder in holders:
            for revision in holder.revisions:
                notes.append(self._revision(holder, revision, indicator.unit))
        if indicator.observations:
            observed = "、".join(
                f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                for o in indicator.observations
            )
            notes.append(f"{words['observations']}: {observed}")
        return notes

    def _revision(self, holder: Indicator | Series, revision: Revision, unit: str | None) -> str:
        """A revision as a note: what, when, why, and the revised targets."""
        words = self.words
        decided = revision.decided
        when = words.date(decided) if isinstance(decided, dt.date) else words.month(decided)
        what = words.paren("、".join(filter(None, (revision.label, when))))
        where = f"{holder.name}: " if isinstance(holder, Series) else ""
        targets = "、".join(
            f"{words.year_short(t.year)} {target_text(t, unit, words)}" for t in revision.targets
        )
        return f"{words['revision']}{what}: {where}{targets} — {revision.reason}"

    def target_cells(self, indicator: Indicator) -> list[Cell]:
        """The target row: one cell per year, a statement spanning years as one cell."""
        cells: list[Cell] = []
        index = 0
        while index < len(self.years):
            fy = self.years[index]
            target = indicator.target_for(fy)
            if target is None:
                cells.append(Cell(DASH))
                index += 1
                continue
            span = max(1, len([y for y in target.years if y in self.plan.period and y >= fy]))
            mark = self._mark(indicator, target.year, "target") if target.year == fy else None
            cells.append(Cell(target_text(target, indicator.unit, self.words), span, mark))
            index += span
        return cells

    def actual_cell(self, indicator: Indicator, fy: FiscalYear) -> Cell:
        """A year's actual: value or words, 見込み with its date, the owner's assessment."""
        actual = indicator.actual_for(fy)
        if actual is None:
            return Cell(DASH)
        estimate = self.words.estimate(actual) if actual.is_estimate else None
        assessment = (
            f"［{self.words.enum(actual.assessment)}］" if actual.assessment is not None else None
        )
        return Cell(
            actual_text(actual, indicator.unit),
            mark=self._mark(indicator, fy, "actual"),
            estimate=estimate,
            assessment=assessment,
            status=actual.status.value,
        )

    def result(self, indicator: Indicator) -> IndicatorResult | None:
        """The indicator's evaluation, when the page shows one."""
        if self.evaluation is None:
            return None
        try:
            return self.evaluation.result(indicator.id)
        except KeyError:
            return None

    def grade_cell(self, year: YearResult | None, scale: GradeScale | None = None) -> GradeCell:
        """A year's rate and grade on ``scale``: symbol, words, 暫定 or 作成中, 公表評価."""
        words = self.words
        if year is None or self.grades is None:
            return GradeCell(DASH, "", DASH, None)
        note = None
        if year.pending:
            note = words["pending"]
        elif year.provisional and year.grade != DASH:
            note = words["provisional_mark"]
        return GradeCell(
            year.grade,
            self.grades.label(year.grade, scale) if year.graded else "",
            percent(year.rate_rounded),
            note,
            self.grades.css(year.grade, scale),
            year.official_grade,
            year.departs,
        )

    def grade_cells(self, indicator: Indicator) -> list[GradeCell]:
        """One grade cell per plan year; years after the evaluation year are not graded."""
        result = self.result(indicator)
        assert result is not None
        assert self.evaluation is not None
        by_year = {year.fiscal_year: year for year in result.years}
        return [
            self.grade_cell(
                by_year.get(fy) if fy <= self.evaluation.as_of else None, result.rule.scale
            )
            for fy in self.years
        ]

    def current_grade(self, result: IndicatorResult) -> GradeCell:
        """The evaluation year's grade cell of an indicator, on its own rule's scale."""
        return self.grade_cell(result.current, result.rule.scale)

    def status_line(self, indicator: Indicator) -> str:
        """The evaluation year's grade explained, and the outlook (見通し)."""
        result = self.result(indicator)
        if result is None or result.current is None:
            return ""
        words = self.words
        current = result.current
        explanation = current.explanation_ja if words.language == "ja" else current.explanation_en
        text = f"{words['grade']}{words.paren(words.year_short(current.fiscal_year))}: "
        text += explanation
        return text + self._outlook(result)

    def _outlook(self, result: IndicatorResult) -> str:
        forecast = result.forecast
        if forecast is None:
            return ""
        words = self.words
        label = forecast.label_ja if words.language == "ja" else forecast.label_en
        text = f" ｜ {words['forecast']}: {label}"
        if forecast.target_too_low:
            text += words.paren(words["target_too_low"])
        return text

    def kgi_status(self, indicator: Indicator) -> str:
        """The KGI's grade in one line: grade, rate and outlook."""
        result = self.result(indicator)
        if result is None or result.current is None:
            return ""
        words = self.words
        cell = self.current_grade(result)
        text = f"{words['grade']}{words.paren(words.year_short(result.current.fiscal_year))}: "
        text += f"{cell.grade} {cell.label}" if cell.label else cell.grade
        if cell.note:
            text += words.paren(cell.note)
        if result.current.rate_rounded is not None:
            text += f" ｜ {words['rate']}: {cell.rate}"
        return text + self._outlook(result)

    def forecast_label(self, result: IndicatorResult) -> str:
        """The outlook in words, or －."""
        if result.forecast is None:
            return DASH
        forecast = result.forecast
        return forecast.label_ja if self.words.language == "ja" else forecast.label_en

    def result_target(self, indicator: Indicator, year: YearResult) -> str:
        """The evaluation year's target, for the results table."""
        return DASH if year.target is None else target_text(year.target, indicator.unit, self.words)

    # ------------------------------------------------------------------ charts

    def chart(self, indicator: Indicator) -> BarChart | None:
        """The target-versus-actual chart of a quantitative indicator, if it has numbers."""
        if not self.charts or indicator.unit is None:
            return None
        targets: list[Decimal | None] = []
        actuals: list[tuple[Decimal, bool] | None] = []
        for fy in self.years:
            target = indicator.target_for(fy)
            # A projected volume (見込量) is no target: the chart draws targets only.
            shown = target is not None and not target.projected
            targets.append(target.value if shown and target is not None else None)
            actual = indicator.actual_for(fy)
            if actual is not None and actual.value is not None:
                actuals.append((actual.value, actual.status is ActualStatus.ESTIMATE))
            else:
                actuals.append(None)
        return bar_chart([self.words.year_short(fy) for fy in self.years], targets, actuals)

    def chart_description(self, indicator: Indicator) -> str:
        """The chart's text alternative: every year's target and actual, in words."""
        words = self.words
        parts = []
        for fy, cell in zip(self.years, self._year_targets(indicator), strict=True):
            actual = self.actual_cell(indicator, fy)
            text = f"{words.year_short(fy)}: {words['target']} {cell}, {words['actual']} "
            text += actual.text
            if actual.estimate:
                text += words.paren(actual.estimate)
            parts.append(text)
        return words["chart_desc"] + " " + "; ".join(parts)

    def _year_targets(self, indicator: Indicator) -> list[str]:
        found = []
        for fy in self.years:
            target = indicator.target_for(fy)
            text = DASH if target is None else target_text(target, indicator.unit, self.words)
            found.append(text)
        return found

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
