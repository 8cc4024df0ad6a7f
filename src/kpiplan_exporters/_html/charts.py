"""Geometry of the page's inline SVG charts; the template draws them.

Numbers become floats here only to place bars; every figure a reader sees in a
chart's labels or text alternative is written from the exact values. Coordinates
are rounded to 0.1 so the same plan gives the same bytes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

__all__ = ["Bar", "BarChart", "Segment", "StackedChart", "Tick", "bar_chart", "stacked_chart"]

#: The drawing size of a target-versus-actual chart (viewBox units); it scales to fit.
WIDTH, HEIGHT = 480.0, 200.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 56.0, 8.0, 12.0, 28.0


@attrs.frozen
class Tick:
    """A horizontal grid line with its label."""

    y: float
    label: str


@attrs.frozen
class Bar:
    """One bar: where it is, and whether it is still to be confirmed (drawn patterned)."""

    x: float
    y: float
    width: float
    height: float
    series: str
    """``target`` or ``actual``."""
    mark: str = ""
    """``estimate`` (見込み, hatched), ``preliminary`` (速報値, dotted), or empty."""


@attrs.frozen
class BarChart:
    """Grouped bars of targets and actuals by year."""

    width: float
    height: float
    ticks: tuple[Tick, ...]
    years: tuple[tuple[float, str], ...]
    """(x of the group's centre, year label)."""
    bars: tuple[Bar, ...]
    axis_y: float
    left: float
    right: float
    marks: tuple[str, ...]
    """The marks of the bars drawn (``estimate``, ``preliminary``), for the legend."""


def _nice_step(rough: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) at least ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    for factor in (1.0, 2.0, 2.5, 5.0):
        if factor * power >= rough:
            return factor * power
    return 10.0 * power


def _axis_label(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _r(value: float) -> float:
    return round(value, 1)


def bar_chart(
    years: Sequence[str],
    targets: Sequence[Decimal | None],
    actuals: Sequence[tuple[Decimal, str] | None],
) -> BarChart | None:
    """Lay out bars of targets and actuals (value, mark) per year.

    Args:
        years: The year labels, one per group.
        targets: The numeric target of each year, or None.
        actuals: The numeric actual of each year and its mark (``estimate``,
            ``preliminary`` or empty), or None.

    Returns:
        The chart, or None when there is no number to draw.
    """
    values = [float(t) for t in targets if t is not None]
    values += [float(a[0]) for a in actuals if a is not None]
    if not values:
        return None
    low = min(0.0, *values)
    high = max(0.0, *values)
    step = _nice_step((high - low) / 4 or 1.0)
    low = math.floor(low / step) * step
    high = max(low + step, math.ceil(high / step) * step)
    plot_height = HEIGHT - _TOP - _BOTTOM
    plot_width = WIDTH - _LEFT - _RIGHT

    def y_of(value: float) -> float:
        return _TOP + (high - value) / (high - low) * plot_height

    ticks = []
    count = round((high - low) / step)
    for n in range(count + 1):
        value = low + n * step
        ticks.append(Tick(_r(y_of(value)), _axis_label(value)))
    group = plot_width / max(1, len(years))
    bar = group * 0.34
    base = y_of(0.0)
    bars: list[Bar] = []
    centres = []
    for index, label in enumerate(years):
        x = _LEFT + group * index
        centres.append((_r(x + group / 2), label))
        target = targets[index]
        actual = actuals[index]
        for number, (series, amount, mark) in enumerate(
            (
                ("target", target, ""),
                ("actual", actual[0] if actual else None, actual[1] if actual else ""),
            )
        ):
            if amount is None:
                continue
            top = y_of(float(amount))
            bars.append(
                Bar(
                    _r(x + group * 0.16 + bar * number),
                    _r(min(top, base)),
                    _r(bar),
                    _r(abs(top - base)),
                    series,
                    mark,
                )
            )
    return BarChart(
        WIDTH,
        HEIGHT,
        tuple(ticks),
        tuple(centres),
        tuple(bars),
        _r(base),
        _LEFT,
        WIDTH - _RIGHT,
        tuple(m for m in ("estimate", "preliminary") if any(b.mark == m for b in bars)),
    )


@attrs.frozen
class Segment:
    """One grade's share of a stacked bar, labelled with its symbol and count."""

    x: float
    width: float
    grade: str
    count: int
    labelled: bool
    """The segment is wide enough to carry its label inside."""
    css: str = ""
    """The grade's class on the page (its colours)."""


def _text_width(text: str) -> float:
    """About how wide ``text`` is at the chart's 13 px: wide characters count double."""
    return sum(13.0 if unicodedata.east_asian_width(c) in "WFA" else 7.5 for c in text)


@attrs.frozen
class StackedChart:
    """One stacked bar per scope: how many indicators got each grade."""

    width: float
    height: float
    rows: tuple[tuple[float, str, tuple[Segment, ...]], ...]
    """(y of the bar, scope label, segments)."""
    bar_height: float
    left: float


def stacked_chart(
    scopes: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
) -> StackedChart:
    """Lay out one stacked bar per scope; every bar has the scale of the largest.

    A segment is labelled inside when its symbol and count fit (◎ 3 in a narrow one,
    おおむね順調 2 only in a wide one); the text alternative names every count.

    Args:
        scopes: (label, [(grade, count, class), …]) per scope, in the order to draw.

    Returns:
        The chart.
    """
    left, right, row, bar_height = 96.0, 8.0, 34.0, 22.0
    most = max([sum(c for _, c, _ in counts) for _, counts in scopes] + [1])
    unit = (WIDTH - left - right) / most
    rows = []
    for index, (label, counts) in enumerate(scopes):
        x = left
        segments = []
        for grade, count, css in counts:
            if count:
                width = count * unit
                fits = width >= _text_width(f"{grade} {count}") + 6
                segments.append(Segment(_r(x), _r(width), grade, count, fits, css))
                x += width
        rows.append((_r(8 + index * row), label, tuple(segments)))
    return StackedChart(WIDTH, 16 + row * len(scopes), tuple(rows), bar_height, left)
