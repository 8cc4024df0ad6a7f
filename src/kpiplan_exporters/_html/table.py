"""An indicator's table: targets, actuals, rates and grades per year, and its status lines.

:class:`IndicatorTable` is the part of the page that lays out the cells of each
year (a statement spanning years as one, a revised target beside its original)
and puts the evaluation's grades and outlook into words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kpiplan import FiscalYear, Indicator, Revision, Target
from kpiplan_exporters._html.cells import Cell, GradeCell, Holder, RowGroup
from kpiplan_exporters._html.grades import Grades
from kpiplan_exporters._html.notes import IndicatorText
from kpiplan_exporters._html.words import DASH, actual_text, percent, target_text

if TYPE_CHECKING:
    from kpiplan import Evaluation, GradeScale, IndicatorResult, YearResult

__all__ = ["IndicatorTable"]


class IndicatorTable(IndicatorText):
    """An indicator's rows of cells, and its grades and outlook in words.

    A part of :class:`~kpiplan_exporters._html.page.Page`, which sets the
    attributes declared here.
    """

    evaluation: Evaluation | None
    years: tuple[FiscalYear, ...]
    """The plan's years, as the column heads name them."""
    grades: Grades | None

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
