"""The values the template reads from an indicator's table: cells, rows and charts.

Plain text and numbers, no markup: the template escapes everything it prints.
"""

from __future__ import annotations

import attrs

from kpiplan import Indicator, Series
from kpiplan_exporters._html.charts import BarChart

__all__ = ["Cell", "Figure", "GradeCell", "Holder", "RowGroup"]

Holder = Indicator | Series
"""What has targets and actuals of its own: an indicator, or one of its series."""


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
