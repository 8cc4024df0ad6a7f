"""The cover (表紙): title, period, dates, プロジェクトの位置づけ and the KGI's status."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from kpiplan_exporters._pdf.indicators import (
    goal_text,
    indicator_table,
    kgi_status,
    plan_footnotes,
)
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import ACCENT, CELL_SIZE, CONTENT_WIDTH, HEAD_FILL, LABEL_FILL

__all__ = ["cover"]


def cover(story: Story) -> list[Flowable]:
    """The cover page's flowables."""
    plan, words = story.plan, story.words
    flow: list[Flowable] = [story.heading(plan.title, "title", 0, outline=words["cover"])]
    flow += [
        story.p(words["report"], "subtitle"),
        Spacer(1, 4 * mm),
        story.p(plan.organization, "center"),
        Spacer(1, 8 * mm),
    ]
    period = words["years_range"].format(
        first=words.year(plan.period.first), last=words.year(plan.period.last)
    )
    facts = [(words["period"], period)]
    if plan.actuals_as_of is not None:
        facts.append((words["as_of_date"], words.long_date(plan.actuals_as_of)))
    if story.evaluation is not None:
        facts.append((words["as_of_year"], words.year(story.evaluation.as_of)))
    facts.append((words["organization"], plan.organization))
    flow.append(story.key_value_table(facts))
    if plan.positioning is not None:
        flow.append(Spacer(1, 6 * mm))
        flow.append(story.p(words["positioning"], "h2"))
        flow.append(_positioning(story))
    if plan.kgis:
        flow.append(Spacer(1, 4 * mm))
        flow.append(story.p(words["kgi_status"], "h2"))
        for kgi in plan.kgis:
            flow.append(story.p(f"{kgi.code}　{kgi.name}", "h3"))
            if kgi.goal is not None:
                flow.append(story.p(goal_text(story, kgi), "note"))
            flow.append(indicator_table(story, kgi))
            status = kgi_status(story, kgi)
            if status:
                flow.append(Spacer(1, 1.5 * mm))
                flow.append(story.p(status, "note"))
    flow += plan_footnotes(story)
    return flow


def _positioning(story: Story) -> Table:
    """The chain 目指すべき社会 → 基本目標 → 重点戦略 → the plan, as boxes."""
    positioning = story.plan.positioning
    assert positioning is not None
    words = story.words
    steps = [
        (words["society"], positioning.society),
        (words["goal"], positioning.goal),
        (words["strategy"], positioning.strategy),
        (words["plan"], story.plan.title),
    ]
    data: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    for index, (label, text) in enumerate(steps):
        if index:
            data.append(["", story.p("↓", "center")])
        row = len(data)
        data.append([story.p(label, "cell_head"), story.p(text, "box")])
        style += [
            ("BOX", (1, row), (1, row), 0.8, ACCENT),
            ("BACKGROUND", (0, row), (0, row), LABEL_FILL),
            ("BACKGROUND", (1, row), (1, row), HEAD_FILL if index == 3 else colors.white),
        ]
    table = Table(data, colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm])
    font = ("FONT", (0, 0), (-1, -1), story.settings.sans, CELL_SIZE)
    table.setStyle(TableStyle([font, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *style]))
    return table
