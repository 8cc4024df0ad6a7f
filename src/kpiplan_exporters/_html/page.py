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
    PlanPeriod,
    Revision,
    Series,
    Target,
    TargetKind,
    YearBasis,
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

__all__ = ["Cell", "Figure", "GradeCell", "Page", "RowGroup"]

Holder = Indicator | Series
"""What has targets and actuals of its own: an indicator, or one of its series."""

_LADDER_KINDS = (TargetKind.STAGE, TargetKind.STATEMENT)
#: Actuals still to be confirmed, drawn with their own pattern in a chart.
_MARKED = (ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY)


@attrs.frozen
class Cell:
    """A target or actual cell of an indicator's table."""

    text: str
    colspan: int = 1
    mark: int | None = None
    """The number of its ※ note, if it has one."""
    estimate: str | None = None
    """The mark of a figure still to be confirmed: 見込み (with its date), 速報値."""
    assessment: str | None = None
    """The owner's assessment of a statement target."""
    status: str = ""
    """The actual's status value (``estimate``, ``preliminary`` …), for styling."""
    original: str | None = None
    """The target first set (当初), when a revision changed the year's target;
    :attr:`text` is then the revised one (見直し後)."""
    revision: str | None = None
    """The revision that changed the target, in words: 中間評価、H31.3.31."""


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
    reason: str | None = None
    """Why the year is not graded although the plan speaks of it (見込量は評価対象外)."""


@attrs.frozen
class RowGroup:
    """Rows of an indicator's table: its own, one series', or the series combined."""

    title: str | None
    """総数, the series' name, or the combined rows' title; None for an indicator
    without series."""
    targets: tuple[Cell, ...] | None
    actuals: tuple[Cell, ...] | None
    grades: tuple[GradeCell, ...] | None
    """Rate and grade per year; None without an evaluation or for the total (総数),
    which is shown but not graded."""


@attrs.frozen
class Figure:
    """A target-versus-actual chart with its title and text alternative."""

    key: str
    """Makes its ids unique within the indicator's block: empty, or ``-s1`` …"""
    title: str
    description: str
    chart: BarChart


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

    # ------------------------------------------------------------------ indicators

    def meta(self, indicator: Indicator) -> list[tuple[str, str]]:
        """(label, value) facts of an indicator: 担当課, unit, counting, baseline, 出典 …"""
        words = self.words
        facts = [(words["divisions"], "、".join(indicator.divisions))]
        if indicator.unit is not None:
            facts.append((words["unit"], indicator.unit))
            facts.append((words["accumulation"], words.enum(indicator.accumulation)))
            facts.append((words["direction"], words.enum(indicator.direction)))
        else:
            facts.append((words["unit"], words["qualitative"]))
        if indicator.year_basis is YearBasis.CALENDAR:
            facts.append((words["year_basis"], words.enum(indicator.year_basis)))
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
        if indicator.series:
            facts.append((words["combine"], words.enum(indicator.combine)))
        if indicator.source is not None:
            source = indicator.source
            parts = [source.name]
            if source.year is not None:
                parts.append(words.year_short(source.year))
            text = " ".join(parts)
            facts.append(
                (words["data_source"], text + (words.paren(source.note) if source.note else ""))
            )
        if indicator.survey:
            facts.append((words["survey"], words["survey_yes"]))
        if indicator.rationale is not None:
            facts.append((words["rationale"], indicator.rationale))
        return facts

    def _baseline(self, baseline: Baseline, indicator: Indicator) -> str:
        """基準値: its year and number, or the words the plan printed (今後算定)."""
        value = baseline.value if baseline.value is not None else None
        if value is None and baseline is indicator.baseline:
            value = indicator.baseline_value()
        shown = format_value(value, indicator.unit) if value is not None else baseline.text
        text = f"{self.words.year_short(baseline.year)} {shown or DASH}"
        return text + self.words.paren(baseline.note) if baseline.note else text

    def _rank(self, holder: Holder) -> str:
        rank = holder.national_rank
        assert rank is not None
        text = self.words["national_rank"].format(rank=rank.rank)
        if rank.year is not None:
            text = f"{self.words.year_short(rank.year)} {text}"
        text = text if rank.among is None else f"{text}／{rank.among}"
        return text + self.words.paren(rank.note) if rank.note else text

    def _series(self, indicator: Indicator, series: Series) -> str:
        """A series in one line beside its rows: name, baseline, national rank."""
        words = self.words
        parts = [series.name]
        if series.baseline is not None:
            parts.append(f"{words['baseline']} {self._baseline(series.baseline, indicator)}")
        if series.national_rank is not None:
            parts.append(f"{words['rank_label']} {self._rank(series)}")
        return " ｜ ".join(parts)

    def _holders(self, indicator: Indicator) -> tuple[Holder, ...]:
        return (indicator, *indicator.series)

    def _marks(self, indicator: Indicator) -> Iterator[tuple[Holder, FiscalYear, str, str]]:
        """(whose, year, ``target``/``actual``, note) of each ※ note in a cell, in order."""
        for holder in self._holders(indicator):
            for target in holder.targets:
                if target.note is not None:
                    yield holder, target.year, "target", target.note
            for actual in holder.actuals:
                if actual.note is not None:
                    yield holder, actual.year, "actual", actual.note

    def _mark(
        self, indicator: Indicator, holder: Holder, year: FiscalYear, kind: str
    ) -> int | None:
        for number, (whose, where, what, _) in enumerate(self._marks(indicator), start=1):
            if whose is holder and where == year and what == kind:
                return number
        return None

    def notes(self, indicator: Indicator) -> list[str]:
        """The ※ notes under an indicator's table, numbered as their cells are marked."""
        words = self.words
        notes = []
        for number, (holder, year, kind, note) in enumerate(self._marks(indicator), start=1):
            where = f"{words.year_short(year)} {words[kind]}"
            if isinstance(holder, Series):
                where = f"{holder.name} {where}"
            notes.append(f"※{number} {note}{words.paren(where)}")
        notes += [f"※{note}" for note in indicator.footnotes]
        notes += [f"※{s.name}: {s.note}" for s in indicator.series if s.note is not None]
        for holder in self._holders(indicator):
            for actual in holder.actuals:
                if actual.override is not None:
                    where = words.paren(words.year_short(actual.year))
                    notes.append(
                        f"{words['override']}{where}: "
                        f"{actual.override.grade} — {actual.override.reason}"
                    )
        for holder in self._holders(indicator):
            for revision in holder.revisions:
                notes.append(self._revision(holder, revision, indicator.unit))
        if indicator.observations:
            observed = "、".join(
                f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                for o in indicator.observations
            )
            notes.append(f"{words['observations']}: {observed}")
        return notes

    def _revision_what(self, revision: Revision) -> str:
        """What the plan calls a revision and when it was decided: 中間評価、H31.3.31."""
        decided = revision.decided
        words = self.words
        when = words.date(decided) if isinstance(decided, dt.date) else words.month(decided)
        return "、".join(filter(None, (revision.label, when)))

    def _revision(self, holder: Holder, revision: Revision, unit: str | None) -> str:
        """A revision as a note: what, when, why, and the revised targets."""
        words = self.words
        where = f"{holder.name}: " if isinstance(holder, Series) else ""
        targets = "、".join(
            f"{words.year_short(t.year)} {target_text(t, unit, words)}" for t in revision.targets
        )
        what = words.paren(self._revision_what(revision))
        return f"{words['revision']}{what}: {where}{targets} — {revision.reason}"

    def rows(self, indicator: Indicator) -> list[RowGroup]:
        """The row groups of an indicator's table.

        Without series: its targets, actuals, rates and grades. With series: the
        indicator's own figures (総数, not graded) when it has any, each series' rows,
        and the combined rate and grade titled with the ``combine`` rule in words.
        """
        result = self.result(indicator)
        if not indicator.series:
            grades = self.grade_cells(indicator) if result is not None else None
            targets = self.target_cells(indicator)
            return [RowGroup(None, targets, self.actual_cells(indicator), grades)]
        groups = []
        if indicator.targets or indicator.actuals:
            groups.append(
                RowGroup(
                    self.words["total_row"],
                    self.target_cells(indicator),
                    self.actual_cells(indicator),
                    None,
                )
            )
        results = result.series if result is not None else ()
        for number, series in enumerate(indicator.series):
            judged = results[number] if number < len(results) else None
            grades = None
            if judged is not None and result is not None:
                grades = self._grade_row(judged.years, result.rule.scale)
            groups.append(
                RowGroup(
                    series.name,
                    self.target_cells(indicator, series),
                    self.actual_cells(indicator, series),
                    grades,
                )
            )
        if result is not None:
            title = self.words["combined"].format(rule=self.words.enum(indicator.combine))
            groups.append(RowGroup(title, None, None, self.grade_cells(indicator)))
        return groups

    def _year_results(self, indicator: Indicator, holder: Holder) -> tuple[YearResult, ...]:
        result = self.result(indicator)
        if result is None:
            return ()
        if holder is indicator:
            return result.years
        for judged in result.series:
            if judged.series is holder:
                return judged.years
        return ()

    def _revised(
        self, indicator: Indicator, holder: Holder
    ) -> dict[int, tuple[Target | None, Target, Revision]]:
        """Years whose target a revision changed: (original, revised, revision).

        With an evaluation, the revisions in force at its year (as graded); without,
        every revision the plan records.
        """
        found: dict[int, tuple[Target | None, Target, Revision]] = {}
        judged = self._year_results(indicator, holder)
        if judged:
            for year in judged:
                # A direction target holds in the years before its own; its cell is in its year.
                revised = year.revised_target
                if (
                    revised is not None
                    and year.revision is not None
                    and year.fiscal_year in revised.years
                ):
                    found[year.fiscal_year.year] = (year.original_target, revised, year.revision)
            return found
        for fy in self.years:
            first = holder.target_for(fy, original=True)
            in_force = holder.target_for(fy)
            if in_force is None or in_force is first:
                continue
            for revision in reversed(holder.revisions):
                if any(t is in_force for t in revision.targets):
                    found[fy.year] = (first, in_force, revision)
                    break
        return found

    def target_cells(self, indicator: Indicator, holder: Holder | None = None) -> tuple[Cell, ...]:
        """The target row: one cell per year, a statement spanning years as one cell.

        A year whose target was revised shows both: the revised target, and the
        original one (当初) with the revision's name and date.
        """
        holder = indicator if holder is None else holder
        words = self.words
        revised = self._revised(indicator, holder)
        cells: list[Cell] = []
        index = 0
        while index < len(self.years):
            fy = self.years[index]
            change = revised.get(fy.year)
            if change is not None:
                original, target, revision = change
                cells.append(
                    Cell(
                        target_text(target, indicator.unit, words),
                        mark=self._mark(indicator, holder, target.year, "target"),
                        original=DASH
                        if original is None
                        else target_text(original, indicator.unit, words),
                        revision=self._revision_what(revision),
                    )
                )
                index += 1
                continue
            written = holder.target_for(fy, original=True)
            if written is None:
                cells.append(Cell(DASH))
                index += 1
                continue
            span = 1
            while (
                index + span < len(self.years)
                and self.years[index + span] in written.years
                and self.years[index + span].year not in revised
            ):
                span += 1
            mark = self._mark(indicator, holder, fy, "target") if written.year == fy else None
            cells.append(Cell(target_text(written, indicator.unit, words), span, mark))
            index += span
        return tuple(cells)

    def actual_cells(self, indicator: Indicator, holder: Holder | None = None) -> tuple[Cell, ...]:
        """The actual row: one cell per year."""
        return tuple(self.actual_cell(indicator, fy, holder) for fy in self.years)

    def actual_cell(
        self, indicator: Indicator, fy: FiscalYear, holder: Holder | None = None
    ) -> Cell:
        """A year's actual: value or words, 見込み or 速報値, the owner's assessment."""
        holder = indicator if holder is None else holder
        actual = holder.actual_for(fy)
        if actual is None:
            return Cell(DASH)
        assessment = (
            f"［{self.words.enum(actual.assessment)}］" if actual.assessment is not None else None
        )
        return Cell(
            actual_text(actual, indicator.unit),
            mark=self._mark(indicator, holder, fy, "actual"),
            estimate=self.words.estimate(actual),
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
        """A year's rate and grade on ``scale``: symbol, words, 暫定 or 作成中, 公表評価,
        and why a year the plan speaks of is not graded."""
        words = self.words
        if year is None or self.grades is None:
            return GradeCell(DASH, "", DASH, None)
        note = None
        if year.pending:
            note = words["pending"]
        elif year.provisional and year.grade != DASH:
            note = words["provisional_mark"]
        reason = year.reason_ja if words.language == "ja" else year.reason_en
        return GradeCell(
            year.grade,
            self.grades.label(year.grade, scale) if year.graded else "",
            percent(year.rate_rounded),
            note,
            self.grades.css(year.grade, scale),
            year.official_grade,
            year.departs,
            None if year.graded else reason,
        )

    def _grade_row(self, years: tuple[YearResult, ...], scale: GradeScale) -> tuple[GradeCell, ...]:
        """One grade cell per plan year; years after the evaluation year are not graded."""
        assert self.evaluation is not None
        by_year = {year.fiscal_year: year for year in years}
        return tuple(
            self.grade_cell(by_year.get(fy) if fy <= self.evaluation.as_of else None, scale)
            for fy in self.years
        )

    def grade_cells(self, indicator: Indicator) -> tuple[GradeCell, ...]:
        """The indicator's (for series, the combined) grade cell of each plan year."""
        result = self.result(indicator)
        assert result is not None
        return self._grade_row(result.years, result.rule.scale)

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
        """The evaluation year's target, for the results table; a revised one names
        the original too: 見直し後 90%（当初 80%）."""
        words = self.words
        if year.target is None:
            return DASH
        shown = target_text(year.target, indicator.unit, words)
        if year.revised_target is None:
            return shown
        original = year.original_target
        first = DASH if original is None else target_text(original, indicator.unit, words)
        revised = target_text(year.revised_target, indicator.unit, words)
        return f"{words['revised']} {revised}" + words.paren(f"{words['original']} {first}")

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
