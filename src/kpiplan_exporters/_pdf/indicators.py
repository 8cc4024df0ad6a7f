"""The KGI section and a section per CSF: measures (施策) and 主な指標及び工程.

For each indicator: its facts in one line, a table of the plan's years ×
目標/実績/達成率/評価, ※ notes, the evaluation year's grade explained, and a chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kpiplan import Csf, FiscalYear, Indicator
from kpiplan_exporters._pdf.charts import target_actual_chart
from kpiplan_exporters._pdf.labels import DASH, format_value, target_text
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import (
    CONTENT_WIDTH,
    HEAD_FILL,
    LABEL_FILL,
    LABEL_WIDTH,
    lines,
    percent,
)

if TYPE_CHECKING:
    from kpiplan import YearResult

__all__ = [
    "csf_section",
    "goal_text",
    "indicator_table",
    "kgi_section",
    "kgi_status",
    "plan_footnotes",
]


def plan_footnotes(story: Story) -> list[Flowable]:
    """The plan's own ※ notes, printed under each list of indicators."""
    flow: list[Flowable] = []
    for note in story.plan.footnotes:
        flow.append(Spacer(1, 2 * mm))
        flow.append(story.p(f"※{note}", "note"))
    return flow


def kgi_section(story: Story) -> list[Flowable]:
    """The KGIs, each as an indicator block."""
    flow: list[Flowable] = [story.heading(story.words["kgi"], "h1", 0, outline="KGI")]
    for kgi in story.plan.kgis:
        flow += _indicator_block(story, kgi)
    flow += plan_footnotes(story)
    return flow


def csf_section(story: Story, csf: Csf) -> list[Flowable]:
    """A CSF: its measures, then its indicators."""
    words = story.words
    flow: list[Flowable] = [
        story.heading(f"{csf.code}　{csf.title}", "h1", 0, outline=f"{csf.code} {csf.title}")
    ]
    if csf.measures:
        flow.append(story.p(words["measures"], "h2"))
        flow.append(_measures_table(story, csf))
    if csf.indicators:
        flow.append(story.p(words["indicators"], "h2"))
        for indicator in csf.indicators:
            flow += _indicator_block(story, indicator)
        flow += plan_footnotes(story)
    return flow


def _measures_table(story: Story, csf: Csf) -> Table:
    words = story.words
    head = [words["measure"], words["description"], words["deadline"], words["tracked_by"]]
    data: list[list[Any]] = [[story.p(h, "cell_head") for h in head]]
    for measure in csf.measures:
        deadline_parts = []
        if measure.deadline is not None:
            deadline_parts.append(words.year(measure.deadline))
        if measure.target_statement is not None:
            deadline_parts.append(measure.target_statement)
        data.append(
            [
                story.p(measure.title, "cell"),
                story.p(measure.description or "", "cell"),
                story.markup(lines(*deadline_parts) or DASH, "cell"),
                story.markup(lines(*measure.indicators) or DASH, "cell"),
            ]
        )
    widths = [38 * mm, CONTENT_WIDTH - 38 * mm - 30 * mm - 26 * mm, 30 * mm, 26 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(story.grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
    return table


def goal_text(story: Story, indicator: Indicator) -> str:
    """The indicator's headline goal: 目標: 令和4年度 100%."""
    goal = indicator.goal
    assert goal is not None
    parts = [story.words.year(goal.year)]
    if goal.value is not None:
        parts.append(format_value(goal.value, indicator.unit))
    if goal.statement is not None:
        parts.append(goal.statement)
    return f"{story.words['headline_goal']}: {' '.join(parts)}"


def _meta_line(story: Story, indicator: Indicator) -> str:
    words = story.words
    parts = [f"{words['divisions']}: {'、'.join(indicator.divisions)}"]
    if indicator.unit is not None:
        parts.append(f"{words['unit']}: {indicator.unit}")
        parts.append(words.accumulation(indicator.accumulation))
        parts.append(words.direction(indicator.direction))
    else:
        parts.append(words["qualitative"])
    baseline = indicator.baseline
    if baseline is not None:
        value = indicator.baseline_value()
        shown = format_value(value, indicator.unit) if value is not None else DASH
        parts.append(f"{words['baseline']}: {words.year_short(baseline.year)} {shown}")
    if not indicator.is_quantitative or any(not t.is_numeric for t in indicator.targets):
        parts.append(f"{words['ladder']}: {' → '.join(story.plan.ladder_of(indicator))}")
    return " ｜ ".join(parts)


def _indicator_block(story: Story, indicator: Indicator) -> list[Flowable]:
    words = story.words
    title = f"{indicator.code}　{indicator.name}"
    block: list[Flowable] = [
        story.heading(title, "h3", 1, outline=f"{indicator.code} {indicator.name}"),
        story.p(_meta_line(story, indicator), "small"),
    ]
    if indicator.goal is not None:
        block.append(story.p(goal_text(story, indicator), "small"))
    block.append(Spacer(1, 1.5 * mm))
    block.append(indicator_table(story, indicator, notes=True))
    notes = _indicator_notes(story, indicator)
    if notes:
        block.append(Spacer(1, 1 * mm))
        block += [story.p(note, "note") for note in notes]
    if indicator.observations:
        observed = "、".join(
            f"{words.month(o.month)} {format_value(o.value, o.unit)}"
            for o in indicator.observations
        )
        block.append(story.p(f"{words['observations']}: {observed}", "note"))
    status = _status_line(story, indicator)
    if status:
        block.append(story.p(status, "note"))
    if story.settings.charts and indicator.is_quantitative:
        chart = target_actual_chart(
            story.plan, indicator, words, story.settings.sans, CONTENT_WIDTH * 0.8
        )
        if chart is not None:
            block += [Spacer(1, 2 * mm), chart]
    return [KeepTogether(block), Spacer(1, 3 * mm)]


def _footnote_marks(indicator: Indicator) -> Iterator[tuple[FiscalYear, str, str]]:
    """(where, kind, note) of each ※ note of the indicator's cells, in order."""
    for target in indicator.targets:
        if target.note is not None:
            yield target.year, "target", target.note
    for actual in indicator.actuals:
        if actual.note is not None:
            yield actual.year, "actual", actual.note


def _indicator_notes(story: Story, indicator: Indicator) -> list[str]:
    words = story.words
    notes = []
    for number, (year, kind, note) in enumerate(_footnote_marks(indicator), start=1):
        where = words.paren(f"{words.year_short(year)} {words[kind]}")
        notes.append(f"※{number} {note}{where}")
    notes += [f"※{note}" for note in indicator.footnotes]
    for actual in indicator.actuals:
        if actual.override is not None:
            notes.append(
                words["override"] + words.paren(words.year_short(actual.year)) + ": "
                f"{actual.override.grade} — {actual.override.reason}"
            )
    return notes


def indicator_table(story: Story, indicator: Indicator, notes: bool = False) -> Table:
    """The plan's years × 目標/実績 (and 達成率/評価 with an evaluation).

    Args:
        story: The report being built.
        indicator: The indicator.
        notes: Mark cells with ※ numbers (their notes are printed under the table).

    Returns:
        The table; a target spanning years is one merged cell.
    """
    words = story.words
    plan = story.plan
    years = plan.period.years
    year_width = (CONTENT_WIDTH - LABEL_WIDTH) / max(1, len(years))
    marks: dict[tuple[str, str], int] = {}
    if notes:
        for number, (year, kind, _) in enumerate(_footnote_marks(indicator), start=1):
            marks[(str(year), kind)] = number
    header: list[Any] = [""] + [story.year_column(fy) for fy in years]
    target_row: list[Any] = [words["target"]]
    actual_row: list[Any] = [words["actual"]]
    spans: list[tuple[Any, ...]] = []
    column = 1
    index = 0
    while index < len(years):
        fy = years[index]
        target = indicator.target_for(fy)
        if target is None:
            target_row.append(DASH)
            index += 1
            column += 1
            continue
        covered = [y for y in target.years if y in plan.period and y >= fy]
        text = target_text(target, indicator.unit)
        mark = marks.get((str(target.year), "target"))
        if mark is not None:
            text += f" ※{mark}"
        target_row.append(story.cell(text, year_width * max(1, len(covered))))
        for _ in covered[1:]:
            target_row.append("")
        if len(covered) > 1:
            spans.append(("SPAN", (column, 1), (column + len(covered) - 1, 1)))
        index += max(1, len(covered))
        column += max(1, len(covered))
    for fy in years:
        actual = indicator.actual_for(fy)
        actual_row.append(story.cell(story.actual_cell(indicator, actual, marks), year_width))
    data = [header, target_row, actual_row]
    evaluation_rows, graded = _evaluation_rows(story, indicator, year_width)
    data += evaluation_rows
    table = Table(data, colWidths=[LABEL_WIDTH] + [year_width] * len(years), repeatRows=1)
    table.setStyle(
        story.grid(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("BACKGROUND", (0, 1), (0, -1), LABEL_FILL),
                *spans,
                *story.grade_fills([(column, len(data) - 1, year) for column, year in graded]),
            ]
        )
    )
    return table


def _evaluation_rows(
    story: Story, indicator: Indicator, width: float
) -> tuple[list[list[Any]], list[tuple[int, YearResult]]]:
    """The 達成率 and 評価 rows, and the (column, result) of each graded year."""
    result = story.result(indicator)
    if result is None:
        return [], []
    words = story.words
    rates: list[Any] = [words["rate"]]
    grades: list[Any] = [words["grade"]]
    graded: list[tuple[int, YearResult]] = []
    by_year = {year.fiscal_year: year for year in result.years}
    for column, fy in enumerate(story.plan.period.years, start=1):
        year = by_year.get(fy)
        if year is None or (story.evaluation is not None and fy > story.evaluation.as_of):
            rates.append(DASH)
            grades.append(DASH)
            continue
        rates.append(percent(year.rate_rounded))
        grades.append(story.cell(story.grade_cell(year), width))
        graded.append((column, year))
    return [rates, grades], graded


def _status_line(story: Story, indicator: Indicator) -> str:
    """The evaluation year's grade explained, and the outlook."""
    result = story.result(indicator)
    if result is None or result.current is None:
        return ""
    words = story.words
    current = result.current
    explanation = words.explained(current.explanation_ja, current.explanation_en)
    text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
    text += f": {explanation}"
    if result.forecast is not None:
        forecast = result.forecast
        text += f" ｜ {words['forecast']}: {story.forecast_text(forecast)}"
        if forecast.target_too_low:
            text += words.paren(words["target_too_low"])
    return text


def kgi_status(story: Story, indicator: Indicator) -> str:
    """The KGI's grade in one line for the cover: grade, rate and outlook."""
    result = story.result(indicator)
    if result is None or result.current is None:
        return ""
    words = story.words
    current = result.current
    text = words["grade"] + words.paren(words.year_short(current.fiscal_year))
    text += f": {current.grade}"
    if current.grade != DASH:
        text += f" {story.grade_label(current)}"
    if current.pending:
        text += words.paren(words["pending"])
    elif current.provisional:
        text += words.paren(words["provisional_mark"])
    if current.rate_rounded is not None:
        text += f" ｜ {words['rate']}: {percent(current.rate_rounded)}"
    if result.forecast is not None:
        text += f" ｜ {words['forecast']}: {story.forecast_text(result.forecast)}"
    if current.departs:
        text += f" ｜ {words['official']}: {current.official_grade}"
    return text
