"""予算: each year's budget lines with shares and links, its status, and execution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from kpiplan import Budget
from kpiplan_exporters._pdf.labels import DASH, format_number
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import (
    CONTENT_WIDTH,
    HEAD_FILL,
    LABEL_FILL,
    lines,
    percent,
)

if TYPE_CHECKING:
    from kpiplan import BudgetYearMetrics

__all__ = ["budgets"]

#: The columns of the execution table, in the order a settlement lists them.
_EXECUTION = (
    "initial",
    "supplementary",
    "carried_over",
    "transfers",
    "current",
    "spent",
    "carried_forward",
    "unused",
)


def budgets(story: Story) -> list[Flowable]:
    """The budgets section's flowables (none if the plan has no budget)."""
    plan, words = story.plan, story.words
    if not plan.budgets:
        return []
    flow: list[Flowable] = [CondPageBreak(80 * mm), story.heading(words["budgets"], "h1", 0)]
    for budget in plan.budgets:
        title = words["budget_year"].format(year=words.year(budget.year))
        if budget.basis is not None:
            title += words.paren(budget.basis)
        flow.append(story.heading(title, "h2", 1))
        status = f"{words['status']}: {words.budget_status(budget.status)}"
        change = _change(story, budget)
        if change:
            status += f" ｜ {words['change']}: {change}"
        flow.append(story.p(status, "note"))
        metrics = _metrics(story, budget)
        if metrics is not None and metrics.previous_total is not None:
            explained = words.explained(metrics.explanation_ja, metrics.explanation_en)
            flow.append(story.p(explained, "small"))
        flow.append(Spacer(1, 1.5 * mm))
        flow.append(_lines_table(story, budget))
        if any(line.execution is not None for line in budget.lines):
            flow.append(Spacer(1, 2 * mm))
            flow.append(_execution_table(story, budget))
        flow.append(Spacer(1, 3 * mm))
    return flow


def _metrics(story: Story, budget: Budget) -> BudgetYearMetrics | None:
    if story.evaluation is None:
        return None
    for metrics in story.evaluation.budgets.years:
        if metrics.year == budget.year:
            return metrics
    return None


def _change(story: Story, budget: Budget) -> str:
    metrics = _metrics(story, budget)
    if metrics is None or metrics.change_rounded is None:
        return ""
    sign = "+" if metrics.change_rounded > 0 else ""
    return f"{sign}{format_number(metrics.change_rounded)}%"


def _shares(story: Story, budget: Budget) -> list[str] | None:
    metrics = _metrics(story, budget)
    if metrics is None:
        return None
    return [percent(line.share_rounded) for line in metrics.lines]


def _lines_table(story: Story, budget: Budget) -> Table:
    words = story.words
    shares = _shares(story, budget)
    notes = any(line.note is not None for line in budget.lines)
    head = [words["project"], words["amount"].format(unit=budget.unit)]
    if shares is not None:
        head.append(words["share"])
    head.append(words["links"])
    if notes:
        head.append(words["note"])
    data: list[list[Any]] = [[story.p(h, "cell_head") for h in head]]
    for index, line in enumerate(budget.lines):
        row = [story.p(line.name, "cell"), story.p(format_number(line.amount), "cell_right")]
        if shares is not None:
            row.append(story.p(shares[index] if index < len(shares) else DASH, "cell_right"))
        row.append(story.markup(lines(*line.links), "cell"))
        if notes:
            row.append(story.p(line.note or "", "cell"))
        data.append(row)
    total: list[Any] = [
        story.p(words["total"], "cell_head"),
        story.p(format_number(budget.total), "cell_right"),
    ]
    if shares is not None:
        total.append(story.p("100%", "cell_right"))
    total += [""] * (len(head) - len(total))
    data.append(total)
    widths = [74 * mm, 28 * mm]
    if shares is not None:
        widths.append(16 * mm)
    rest = CONTENT_WIDTH - sum(widths)
    widths += [rest * 0.45, rest * 0.55] if notes else [rest]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        story.grid(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
            ]
        )
    )
    return table


def _execution_table(story: Story, budget: Budget) -> Table:
    words = story.words
    data: list[list[Any]] = [
        [story.p(words["project"], "cell_head")]
        + [story.p(words[k], "cell_head") for k in _EXECUTION]
    ]
    for line in budget.lines:
        execution = line.execution
        if execution is None:
            continue
        values = [getattr(execution, key) for key in _EXECUTION]
        data.append(
            [story.p(line.name, "cell")] + [story.p(format_number(v), "cell_right") for v in values]
        )
    first = 44 * mm
    table = Table(data, colWidths=[first] + [(CONTENT_WIDTH - first) / 8] * 8, repeatRows=1)
    table.setStyle(story.grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
    return table
