"""Forecasts: will an indicator reach its final target on the current trend?

Kept apart from the grade, as the UN SDG progress assessment keeps "progress
towards the target" apart from the year's result. Progress is always counted in the
indicator's good direction d (+1 higher is better, −1 lower is better), so a series
moving away from its target is never on track, even when its baseline already met
the target (a "maintain" target, 維持). Two methods for a numeric final target T:

- ``linear``: the least-squares straight line through the actuals, read at the
  final target's year (P): g = d·(P − B) / |T − B|, B the baseline (or the first
  actual). When T lies beyond B in the good direction this is (P − B) / (T − B).
- ``cagr``: Open SDG's published progress measure (Statistics Canada's method):
  R = s·d·CAGR_observed / |CAGR_needed|, s the sign of the series.

Either ratio is classed the same way: ≥ 0.95 on track, ≥ 0.6 needs acceleration,
≥ 0 limited, < 0 deteriorating. A target already met is ``achieved``.

Without a numeric target, the methodology's other half applies
(:func:`forecast_growth`): the observed growth rate in the good direction against
fixed thresholds, 1.5% and 0.5% a year. It takes the direction as input, so a
target that is a direction only ("increase", "decrease") is assessed the same way.

This module chooses and runs a method; the linear one is in ``_forecast_linear``,
Open SDG's growth rates (``cagr`` and ``growth``) in ``_forecast_growth``, and what
they share (the inputs read from an indicator, the statuses, :class:`Forecast`) in
``_forecast_inputs``.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal

from kpiplan._fiscal import FiscalYear
from kpiplan._model import Direction, Indicator, Target
from kpiplan.grading._explanation import said
from kpiplan.grading._forecast_growth import (
    GROWTH_ACCELERATION,
    GROWTH_ON_TRACK,
    ZERO_REPLACEMENT,
    cagr,
    classify_growth,
)
from kpiplan.grading._forecast_inputs import (
    ACHIEVED,
    UNABLE,
    FinalTarget,
    Forecast,
    ForecastInputs,
    ForecastRules,
    inputs_of,
    make_forecast,
    meets,
)
from kpiplan.grading._forecast_linear import linear
from kpiplan.grading._numbers import CONTEXT, fmt, year_label
from kpiplan.vocabulary import FORECAST_LABELS

__all__ = [
    "FORECAST_LABELS",
    "GROWTH_ACCELERATION",
    "GROWTH_ON_TRACK",
    "ZERO_REPLACEMENT",
    "Forecast",
    "forecast_growth",
    "forecast_indicator",
    "forecast_with",
]


def forecast_indicator(
    indicator: Indicator,
    as_of: FiscalYear,
    *,
    method: str = "linear",
    on_track: Decimal = Decimal("0.95"),
    acceleration: Decimal = Decimal("0.6"),
    too_low_margin: int = 2,
    zero: Decimal | None = ZERO_REPLACEMENT,
    targets: Sequence[Target] | None = None,
) -> Forecast | None:
    """Forecast one indicator from its actuals up to ``as_of``.

    Args:
        indicator: The indicator.
        as_of: The evaluation year; later actuals are not used.
        method: ``linear`` or ``cagr``.
        on_track: The ratio from which the trend is on track.
        acceleration: The ratio from which progress is made but must speed up.
        too_low_margin: How many years early meeting the final target flags the
            target as possibly too low.
        zero: What a zero base or target becomes in a growth rate (Open SDG:
            0.001); None makes such a forecast ``unable`` instead.
        targets: The targets to forecast against (an evaluation's graded ones,
            revisions applied); None: the indicator's own.

    Returns:
        The forecast; without a numeric target, the growth assessment of
        :func:`forecast_growth`. None for an indicator with nothing to aim at
        (qualitative, statement-only with no unit, or a range).
    """
    rules = ForecastRules(
        method=method,
        on_track=on_track,
        acceleration=acceleration,
        too_low_margin=too_low_margin,
        zero=zero,
    )
    return forecast_with(indicator, as_of, rules, targets, indicator.baseline_value())


def forecast_with(
    indicator: Indicator,
    as_of: FiscalYear,
    rules: ForecastRules,
    targets: Sequence[Target] | None,
    baseline: Decimal | None,
) -> Forecast | None:
    """:func:`forecast_indicator` with its options as rules (an evaluation makes them
    once) and the indicator's baseline number already found."""
    if indicator.unit is None or indicator.direction is Direction.RANGE:
        return None
    series = inputs_of(indicator, as_of, indicator.direction, targets, baseline)
    final = series.final
    if final is None:
        growth = ForecastRules(
            method="growth",
            on_track=GROWTH_ON_TRACK,
            acceleration=GROWTH_ACCELERATION,
            zero=rules.zero,
        )
        return _computed(series, growth, lambda: classify_growth(series, growth, None))
    achieved = _achieved(series, final, rules)
    if achieved is not None:
        return achieved
    compute = cagr if rules.method == "cagr" else linear
    return _computed(series, rules, lambda: compute(series, final, rules))


def forecast_growth(
    indicator: Indicator,
    as_of: FiscalYear,
    *,
    direction: Direction | None = None,
    on_track: Decimal = GROWTH_ON_TRACK,
    acceleration: Decimal = GROWTH_ACCELERATION,
    limit: Decimal | None = None,
    zero: Decimal | None = ZERO_REPLACEMENT,
) -> Forecast | None:
    """Assess an indicator without a numeric target by its growth, as Open SDG does.

    The observed compound annual growth rate from the base year to the latest
    actual, counted in the good direction (s·d·CAGR), is classed against fixed
    thresholds: ≥ ``on_track`` on track, ≥ ``acceleration`` needs acceleration,
    ≥ 0 limited, < 0 deteriorating.

    Args:
        indicator: The indicator; its targets are not read.
        as_of: The evaluation year; later actuals are not used.
        direction: The way that is good, HIGHER ("increase") or LOWER
            ("decrease"); None takes the indicator's own.
        on_track: Growth a year from which the indicator is on track.
        acceleration: Growth a year from which progress is made but must speed up.
        limit: A natural limit in the good direction (100 for a share that cannot
            pass 100%): the positive thresholds are scaled down near it by
            Open SDG's factor C.
        zero: What a zero base becomes (Open SDG: 0.001); None makes a zero base
            or latest actual ``unable`` instead.

    Returns:
        The assessment, with ``method`` ``growth`` and no final target; None for an
        indicator with no unit.

    Raises:
        ValueError: ``direction`` (given or the indicator's) is RANGE.
    """
    if indicator.unit is None:
        return None
    chosen = indicator.direction if direction is None else direction
    if chosen is Direction.RANGE:
        raise ValueError(
            f"`forecast_growth` needs direction higher or lower, but {indicator.id} has range"
        )
    series = inputs_of(indicator, as_of, chosen, (), indicator.baseline_value())
    rules = ForecastRules(method="growth", on_track=on_track, acceleration=acceleration, zero=zero)
    return _computed(series, rules, lambda: classify_growth(series, rules, limit))


def _computed(
    series: ForecastInputs, rules: ForecastRules, compute: Callable[[], Forecast]
) -> Forecast:
    """``compute()`` in the evaluation's exact context."""
    try:
        with decimal.localcontext(CONTEXT):
            return compute()
    except decimal.DecimalException:
        # Extreme magnitudes (a growth factor beyond 10^999999): no honest forecast.
        return make_forecast(
            series,
            rules,
            UNABLE,
            said("数値が極端で傾向を計算できない", "values too extreme to project"),
        )


def _achieved(series: ForecastInputs, final: FinalTarget, rules: ForecastRules) -> Forecast | None:
    """``achieved`` when the latest actual meets the final target, else None."""
    points, unit, target = series.points, series.unit, final.value
    if not points or not meets(series.direction, points[-1][1], target):
        return None
    first = next(year for year, value in points if meets(series.direction, value, target))
    too_low = first <= final.plateau - rules.too_low_margin
    latest_year, latest_value = points[-1]
    why = functools.partial(
        _achieved_text, latest_year, latest_value, unit, first, final.plateau, too_low
    )
    return make_forecast(series, rules, ACHIEVED, why, reaches=first, too_low=too_low)


def _achieved_text(
    latest_year: int, latest_value: Decimal, unit: str, first: int, plateau: int, too_low: bool
) -> tuple[str, str]:
    """The sentence of :func:`_achieved`: the actual that meets the final target."""
    latest, met_in, final_in = year_label(latest_year), year_label(first), year_label(plateau)
    return (
        f"実績 {fmt(latest_value)}{unit}（{latest}）で達成済み"
        + (
            f"。{met_in}に達成、目標が最終値になる{final_in}より早く、目標が低い可能性"
            if too_low
            else ""
        ),
        f"met by the actual {fmt(latest_value)}{unit} ({latest})"
        + (
            f"; first met in {met_in}, well before the target reaches its final value "
            f"in {final_in}: the target may be too low"
            if too_low
            else ""
        ),
    )
