"""課題とアクション and 案件種別: the plan's issues with their actions, and its flags."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from kpiplan_exporters._pdf.labels import DASH
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import CONTENT_WIDTH, HEAD_FILL, lines

__all__ = ["categories", "issues"]


def issues(story: Story) -> list[Flowable]:
    """The issues table (none if the plan has no issue)."""
    plan, words = story.plan, story.words
    if not plan.issues:
        return []
    flow: list[Flowable] = [CondPageBreak(50 * mm), story.heading(words["issues"], "h1", 0)]
    data: list[list[Any]] = [
        [story.p(words["issue"], "cell_head"), story.p(words["action"], "cell_head")]
    ]
    for number, issue in enumerate(plan.issues, start=1):
        if len(issue.actions) > 1:
            actions = [f"({chr(ord('a') + i)}) {a}" for i, a in enumerate(issue.actions)]
        else:
            actions = list(issue.actions)
        data.append(
            [
                story.p(f"{number}. {issue.text}", "cell"),
                story.markup(lines(*actions) or DASH, "cell"),
            ]
        )
    table = Table(data, colWidths=[CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.55], repeatRows=1)
    table.setStyle(story.grid([("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]))
    return [*flow, table, Spacer(1, 4 * mm)]


def categories(story: Story) -> list[Flowable]:
    """The 案件種別 flags, 該当あり or 該当なし each (none if the plan has none)."""
    plan, words = story.plan, story.words
    if not plan.categories:
        return []
    rows = [
        (words["category"].format(name=c.name), words.applies(c.applies)) for c in plan.categories
    ]
    return [
        CondPageBreak(40 * mm),
        story.heading(words["categories"], "h1", 0),
        story.key_value_table(rows),
    ]
