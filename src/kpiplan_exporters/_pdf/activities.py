"""取組内容: the plan's activities by year, with start dates and interim measurements."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kpiplan_exporters._pdf.labels import format_value
from kpiplan_exporters._pdf.story import Story
from kpiplan_exporters._pdf.styles import lines

__all__ = ["activities"]


def activities(story: Story) -> list[Flowable]:
    """The activities section's flowables (none if the plan reports no activity)."""
    plan, words = story.plan, story.words
    if not plan.activities:
        return []
    flow: list[Flowable] = [story.heading(words["activities"], "h1", 0)]
    years = sorted({a.year for a in plan.activities})
    for fy in years:
        title = words["activities_year"].format(year=words.year(fy))
        flow.append(story.heading(title, "h2", 1))
        number = 0
        for activity in plan.activities:
            if activity.year != fy:
                continue
            number += 1
            flow.append(story.p(f"{number}. {activity.title}", "h3"))
            for detail in activity.details:
                parts = [f"・{detail.text}"]
                if detail.since is not None:
                    parts.append("　" + words["since"].format(date=words.long_date(detail.since)))
                if detail.observations:
                    observed = "、".join(
                        f"{words.month(o.month)} {format_value(o.value, o.unit)}"
                        for o in detail.observations
                    )
                    parts.append(f"　{words['observations']}: {observed}")
                flow.append(story.markup(lines(*parts)))
        flow.append(Spacer(1, 3 * mm))
    return flow
