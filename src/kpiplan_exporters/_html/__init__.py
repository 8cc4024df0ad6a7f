"""The HTML progress page: a Jinja2 template, its CSS, SVG chart geometry, words.

Imported only while a page is written (it imports Jinja2). Autoescaping is on for
every template, so plan text reaches the page as text, never as markup; ids and
links on the page are made from positions, never from plan text.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import jinja2

from kpiplan import Evaluation, Plan
from kpiplan_exporters._html.page import Page
from kpiplan_exporters._html.words import Words, format_value, percent

__all__ = ["render"]


def _value(value: Decimal, unit: str | None) -> str:
    return format_value(value, unit)


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kpiplan_exporters._html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["percent"] = percent
    environment.filters["value"] = _value
    return environment


def render(plan: Plan, evaluation: Evaluation | None, language: str, charts: bool) -> str:
    """The whole page as text.

    Args:
        plan: The plan.
        evaluation: Its evaluation, or None to leave rates, grades and the summary out.
        language: ``ja`` or ``en``, the page's own words.
        charts: Draw the inline SVG charts.

    Returns:
        One self-contained HTML document.
    """
    page = Page(plan, evaluation, Words(language), charts)
    return _environment().get_template("page.html.j2").render(page=page)
