"""What every forecast method shares: the inputs read from an indicator, the
statuses and their classing, and the :class:`Forecast` they build.

The methods themselves are in ``_forecast_linear`` (the least-squares line) and
``_forecast_growth`` (Open SDG's growth rates); ``_forecast`` chooses between them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from kpiplan._fiscal import FiscalYear
from kpiplan._model import Direction, Indicator, Target
from kpiplan.grading._explanation import Explained, Explanation, Said
from kpiplan.grading._numbers import fiscal_year, fmt, year_label
from kpiplan.vocabulary import FORECAST_LABELS

__all__ = [
    "ACHIEVED",
    "DETERIORATING",
    "LIMITED",
    "NEEDS_ACCELERATION",
    "ON_TRACK",
    "PERCENT_PLACES",
    "UNABLE",
    "FinalTarget",
    "Forecast",
    "ForecastInputs",
    "ForecastRules",
    "Point",
    "classify",
    "crossing_year",
    "inputs_of",
    "make_forecast",
    "meets",
    "target_too_low",
    "too_low_words",
]

ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED = "limited"
DETERIORATING = "deteriorating"
ACHIEVED = "achieved"
UNABLE = "unable"

PERCENT_PLACES = Decimal("0.01")

_TOO_LOW_EN = "; the trend meets the final target in {reaches}: it may be too low"
_TOO_LOW_JA = "。{reaches}に最終目標に届く見込みで、目標が低い可能性"

Point = tuple[int, Decimal]


@attrs.frozen(repr=False)
class Forecast(Explained):
    """Where an indicator's trend leads, against its final target."""

    status: str
    """``on_track``, ``needs_acceleration``, ``limited``, ``deteriorating``,
    ``achieved`` or ``unable``."""
    label_ja: str
    """The status in Japanese, e.g. 加速が必要."""
    label_en: str
    """The status in English, e.g. needs acceleration."""
    method: str
    """``linear`` or ``cagr``; ``growth`` for an indicator with no numeric target."""
    final_target: Decimal | None
    """The last numeric target of the indicator (T); None without one."""
    final_year: FiscalYear | None
    """The fiscal year of that target; None without one."""
    points: int
    """How many actuals (with a number, up to the evaluation year) the trend uses."""
    projected: Decimal | None = None
    """The trend's value in the final year (P), when a trend was fitted."""
    ratio: Decimal | None = None
    """The figure that was classed: g = d·(P − B)/|T − B| for ``linear``;
    R = s·d·CAGR observed/|CAGR needed| for ``cagr``; the yearly growth rate in the
    good direction for ``growth``."""
    reaches_target: FiscalYear | None = None
    """The first fiscal year the actuals or the trend meet the final target."""
    target_too_low: bool = False
    """True when the final target is met (or projected to be met) at least the
    method's margin of years before the target first stands at its final value:
    the target may have been set too low."""
    explanation: Explanation = attrs.field(factory=Explanation)
    """How the status was reached, in both languages, written when first read
    (:attr:`explanation_ja`, :attr:`explanation_en`)."""


class FinalTarget(NamedTuple):
    """The final numeric target T."""

    # Named tuples, not attrs classes, here and in ForecastInputs: one of each is made
    # per forecast.

    value: Decimal
    year: int
    plateau: int
    """The first year from which every numeric target equals T."""


class ForecastInputs(NamedTuple):
    """What every method reads from an indicator, in western-year ints (comparing
    FiscalYear objects is slow)."""

    direction: Direction
    """HIGHER or LOWER: the way progress is counted."""
    unit: str
    """The indicator's unit, for explanations."""
    points: tuple[Point, ...]
    """Actuals with a number up to the evaluation year, oldest first."""
    baseline_year: int | None
    """The baseline's year, if the indicator has a baseline."""
    baseline: Decimal | None
    """The baseline's number, if known."""
    final: FinalTarget | None = None
    """The final numeric target, if the indicator has one."""

    @property
    def sense(self) -> int:
        """d: +1 when higher is better, −1 when lower is better."""
        return -1 if self.direction is Direction.LOWER else 1


@attrs.frozen(kw_only=True)
class ForecastRules:
    """The options a method applies."""

    method: str
    on_track: Decimal
    acceleration: Decimal
    too_low_margin: int = 2
    zero: Decimal | None
    """What a zero base or target becomes in a growth rate; None: such a forecast is ``unable``."""


def meets(direction: Direction, value: Decimal, target: Decimal) -> bool:
    """Whether ``value`` meets ``target`` in ``direction`` (LOWER: at or below it)."""
    return value <= target if direction is Direction.LOWER else value >= target


def classify(ratio: Decimal, on_track: Decimal, acceleration: Decimal) -> str:
    """The status of a ratio (or a growth rate) against the method's thresholds."""
    if ratio >= on_track:
        return ON_TRACK
    if ratio >= acceleration:
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED
    return DETERIORATING


def _plateau_year(numeric: list[Point]) -> int:
    """The first year from which every numeric target equals the final one."""
    final_year, final = numeric[-1]
    year = final_year
    for target_year, value in reversed(numeric):
        if value != final:
            break
        year = target_year
    return year


def inputs_of(
    indicator: Indicator,
    as_of: FiscalYear,
    direction: Direction,
    targets: Sequence[Target] | None,
    baseline: Decimal | None,
) -> ForecastInputs:
    """What the methods read from ``indicator``: actuals up to ``as_of``, baseline, T.

    Args:
        indicator: The indicator (or a series' view of it).
        as_of: The evaluation year; later actuals are not read.
        direction: The way progress is counted.
        targets: The targets T is taken from; None: the indicator's own; empty: no T.
        baseline: The baseline's number (``Indicator.baseline_value()``).
    """
    if targets is None:
        targets = indicator.targets
    points = sorted(
        (a.year.year, a.value)
        for a in indicator.actuals
        if a.value is not None and a.year.year <= as_of.year
    )
    numeric = sorted((t.year.year, t.value) for t in targets if t.value is not None)
    final = (
        FinalTarget(value=numeric[-1][1], year=numeric[-1][0], plateau=_plateau_year(numeric))
        if numeric
        else None
    )
    return ForecastInputs(
        direction=direction,
        unit=indicator.unit or "",
        points=tuple(points),
        baseline_year=indicator.baseline.year.year if indicator.baseline is not None else None,
        baseline=baseline,
        final=final,
    )


def make_forecast(
    series: ForecastInputs,
    rules: ForecastRules,
    status: str,
    said: Said,
    *,
    projected: Decimal | None = None,
    ratio: Decimal | None = None,
    reaches: int | None = None,
    too_low: bool = False,
) -> Forecast:
    """The forecast of ``status``, its explanation (``said``, written when first read)
    headed by the final target."""
    label_ja, label_en = FORECAST_LABELS[status]
    final = series.final
    head: Said = _NO_NUMERIC_TARGET
    if final is not None:
        head = functools.partial(_head, final.value, final.year, series.unit)
    return Forecast(
        status=status,
        label_ja=label_ja,
        label_en=label_en,
        method=rules.method,
        final_target=final.value if final is not None else None,
        final_year=fiscal_year(final.year) if final is not None else None,
        points=len(series.points),
        projected=projected,
        ratio=ratio,
        reaches_target=fiscal_year(reaches) if reaches is not None else None,
        target_too_low=too_low,
        explanation=Explanation((head, said)),
    )


_NO_NUMERIC_TARGET = ("数値目標なし", "no numeric target")


def _head(value: Decimal, year: int, unit: str) -> tuple[str, str]:
    """The final target that heads a forecast's explanation."""
    # A function bound with functools.partial, not a closure: one object for the
    # cyclic collector per forecast instead of a function and a cell per variable.
    return (
        f"最終目標 {fmt(value)}{unit}（{year_label(year)}）",
        f"final target {fmt(value)}{unit} ({year_label(year)})",
    )


def crossing_year(
    direction: Direction, final: FinalTarget, project: Callable[[int], Decimal], start: int
) -> int | None:
    """The first year from ``start`` to T's year in which the trend meets T."""
    for year in range(start, final.year + 1):
        if meets(direction, project(year), final.value):
            return year
    return None


def target_too_low(final: FinalTarget, rules: ForecastRules, reaches: int | None) -> bool:
    """Whether the trend meets T so early that the target may be too low."""
    return reaches is not None and reaches <= final.plateau - rules.too_low_margin


def too_low_words(reaches: int | None, too_low: bool) -> tuple[str, str]:
    """The words that say the target may be too low (ja, en; empty when not)."""
    if not too_low or reaches is None:
        return "", ""
    when = year_label(reaches)
    return _TOO_LOW_JA.format(reaches=when), _TOO_LOW_EN.format(reaches=when)
