"""The summary (評価の概要): grades per CSF and for the plan, a chart, every result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from kpiplan.grading import DEFAULT_RULE
from kpiplan_exporters._pdf.charts import grades_charts
from kpiplan_exporters._pdf.grades import GradeLook
from kpiplan_exporters._pdf.labels import DASH
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import CONTENT_WIDTH, HEAD_FILL, LABEL_FILL, percent

if TYPE_CHECKING:
    from kpiplan import Evaluation, YearResult

__all__ = ["summary"]


def summary(story: Story, evaluation: Evaluation) -> list[Flowable]:
    """The summary page's flowables."""
    words = story.words
    flow: list[Flowable] = [story.heading(words["summary"], "h1", 0)]
    flow.append(story.p(f"{words['as_of_year']}: {words.year(evaluation.as_of)}", "note"))
    look = GradeLook(evaluation)
    grades = look.columns()
    floor = look.satisfactory_floor()
    share_heading = words["share_ab"].format(grade=floor)
    head = [
        words["scope"],
        *grades,
        words["evaluated"],
        words.heading("pending"),
        words["provisional"],
        share_heading,
        words["overall_grade"],
    ]
    data: list[list[Any]] = [[story.p(h, "cell_head") for h in head]]
    scopes: list[tuple[str, dict[str, int]]] = []
    for rollup in evaluation.rollups:
        name = words["plan_total"] if rollup.scope == "plan" else rollup.scope
        counts = {g: int(rollup.counts.get(g, 0)) for g in grades}
        scopes.append((name, counts))
        share = percent(rollup.share_ab)
        label = name if rollup.scope == "plan" else f"{rollup.scope} {rollup.title}"
        row = [
            story.p(label, "cell"),
            *[story.p(str(counts[g]), "cell_center") for g in grades],
            story.p(str(rollup.evaluated), "cell_center"),
            story.p(str(rollup.pending), "cell_center"),
            story.p(str(rollup.provisional), "cell_center"),
            story.p(share, "cell_center"),
            story.p(rollup.grade, "cell_center"),
        ]
        data.append(row)
    first = 48 * mm
    rest = CONTENT_WIDTH - first
    widths = [first] + [rest * 0.07] * len(grades) + [(rest - rest * 0.07 * len(grades)) / 5] * 5
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        story.grid(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
            ]
        )
    )
    flow += [story.p(words["grade_counts"], "h2"), table]
    flow.append(
        story.p(
            f"{words['provisional']}: {words['provisional_note']}"
            f" ｜ {share_heading}: {words['share_ab_note'].format(grade=floor)}",
            "small",
        )
    )
    if story.settings.charts:
        flow.append(story.p(words["grades_chart"], "h2"))
        # The legend names the symbols; their words are in the table above.
        legend = [(look.colour(g), g, g) for g in grades]
        titles = (words["scope"], words["indicator_count"])
        flow += grades_charts(scopes, legend, story.settings.sans, CONTENT_WIDTH, titles)
    note = _rule_note(story, evaluation)
    if note:
        flow.append(story.p(note, "small"))
    flow.append(story.p(words["results"], "h2"))
    flow.append(_results_table(story, evaluation))
    plan_rollup = evaluation.rollup(None)
    if plan_rollup.exclusions:
        flow.append(story.p(words["excluded"], "h3"))
        for excluded in plan_rollup.exclusions:
            reason = words.explained(excluded.reason_ja, excluded.reason_en)
            flow.append(story.p(f"{excluded.indicator_id}: {reason}", "note"))
    return flow


def _results_table(story: Story, evaluation: Evaluation) -> Table:
    """Every indicator's result in the evaluation year, one row each."""
    words = story.words
    official = GradeLook(evaluation).has_official()
    widths = [56 * mm, 22 * mm, 30 * mm, 17 * mm, 20 * mm]
    head = [
        words["indicator"],
        words["target"],
        words["actual"],
        words["rate"],
        words["grade"],
    ]
    if official:
        widths = [48 * mm, 20 * mm, 28 * mm, 16 * mm, 20 * mm, 17 * mm]
        head.append(words["official"])
    widths.append(CONTENT_WIDTH - sum(widths))
    head.append(words["forecast"])
    data: list[list[Any]] = [head]
    graded: list[tuple[int, int, YearResult]] = []
    for result in evaluation.indicators:
        indicator = story.plan.indicator(result.indicator_id)
        current = result.current
        where = f"{result.csf} " if result.csf else ""
        target = actual = grade = published = [DASH]
        rate = DASH
        if current is not None:
            if current.target is not None:
                target = [words.target(current.target, indicator.unit)]
            actual = story.actual_cell(indicator.unit, current.actual, None)
            rate = percent(current.rate_rounded)
            grade = story.grade_cell(current)
            graded.append((4, len(data), current))
            if current.official_grade is not None:
                published = [current.official_grade]
                if current.departs:
                    published.append(words.paren(words["differs"], alone=True))
        forecast = DASH if result.forecast is None else story.forecast_text(result.forecast)
        row = [
            story.cell(f"{where}{indicator.code} {indicator.name}", widths[0], "cell"),
            story.cell(target, widths[1]),
            story.cell(actual, widths[2]),
            rate,
            story.cell(grade, widths[4]),
        ]
        if official:
            row.append(story.cell(published, widths[5]))
        row.append(story.cell(forecast, widths[-1]))
        data.append(row)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        story.grid(
            [
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                *story.grade_fills(graded),
            ]
        )
    )
    return table


def _rule_note(story: Story, evaluation: Evaluation) -> str:
    """The grading rules in use, with the documents they are printed in."""
    words = story.words
    notes: list[str] = []
    seen: set[str] = set()
    for rule in (evaluation.rule, *(r.rule for r in evaluation.indicators)):
        # kpiplan's default rule goes without saying (its source is this library).
        if rule.name in seen or not rule.source or rule == DEFAULT_RULE:
            continue
        seen.add(rule.name)
        who = f"{rule.government} " if rule.government else ""
        notes.append(
            f"{words['rule']}: {who}{rule.name}"
            + words.paren(f"{words['rule_source']}: {rule.source}")
        )
    return " ｜ ".join(notes)
