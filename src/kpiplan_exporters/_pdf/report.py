"""The PDF progress report: the sections in order, on pages with header and footer.

Imported only while a report is written (it imports reportlab). The sections live in
their own modules (``cover``, ``summary``, ``indicators``, ``activities``,
``budgets``, ``issues``), the look in ``styles``, fonts in ``fonts`` and the page
furniture in ``page``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from reportlab.platypus import Flowable, PageBreak

from kpiplan import Plan
from kpiplan_exporters._pdf.activities import activities
from kpiplan_exporters._pdf.budgets import budgets
from kpiplan_exporters._pdf.cover import cover
from kpiplan_exporters._pdf.indicators import csf_section, kgi_section
from kpiplan_exporters._pdf.issues import categories, issues
from kpiplan_exporters._pdf.page import document
from kpiplan_exporters._pdf.story import ReportSettings, Story
from kpiplan_exporters._pdf.summary import summary

if TYPE_CHECKING:
    from kpiplan import Evaluation

__all__ = ["ReportSettings", "build_story", "write_report"]


def build_story(story: Story) -> list[Flowable]:
    """Every flowable of the report, section by section, each main one on a new page."""
    flow = cover(story)
    if story.evaluation is not None:
        flow.append(PageBreak())
        flow += summary(story, story.evaluation)
    if story.plan.kgis:
        flow.append(PageBreak())
        flow += kgi_section(story)
    for csf in story.plan.csfs:
        flow.append(PageBreak())
        flow += csf_section(story, csf)
    flow.append(PageBreak())
    for section in (activities, budgets, issues, categories):
        flow += section(story)
    return flow


def write_report(
    plan: Plan, evaluation: Evaluation | None, settings: ReportSettings, stream: BinaryIO
) -> None:
    """Write the progress report of a plan as PDF.

    Args:
        plan: The plan.
        evaluation: Its evaluation (rates, grades, roll-ups), or None to leave them out.
        settings: Fonts, language and options.
        stream: Where to write the PDF bytes.
    """
    words = settings.labels
    header_right = []
    if plan.actuals_as_of is not None:
        header_right.append(f"{words['as_of_date']} {words.date(plan.actuals_as_of)}")
    if evaluation is not None:
        header_right.append(f"{words['as_of_year']} {words.year_short(evaluation.as_of)}")
    subject = words["report"]
    if evaluation is not None:
        subject += words.paren(f"{words['as_of_year']} {words.year_short(evaluation.as_of)}")
    doc, make_canvas = document(
        stream,
        plan,
        words,
        font=settings.sans,
        header_right="　".join(header_right),
        subject=subject,
        author=settings.author or plan.organization,
    )
    story = Story(plan, evaluation, settings)
    doc.build(build_story(story), canvasmaker=make_canvas)
