"""Forecasts: will an indicator reach its final target on the current trend?

Kept apart from the grade, as the UN SDG progress assessment keeps "progress
towards the target" apart from the year's result. Two methods:

- ``linear``: the least-squares straight line through the actuals, read at the
  final target's year (P), compared with the distance to cover:
  g = (P − B) / (T − B), B the baseline (or the first actual), T the final target.
- ``cagr``: Open SDG's ratio of the observed compound annual growth rate to the
  rate needed to reach the target on time (needs every value > 0).

Either ratio is classed the same way: ≥ 0.95 on track, ≥ 0.6 needs acceleration,
≥ 0 limited, < 0 deteriorating. A target already met is ``achieved``; fewer than two
actuals (or a target equal to the baseline) is ``unable``.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal

import attrs

from kpiplan._fiscal import FiscalYear
from kpiplan._model import Direction, Indicator
from kpiplan.grading._numbers import CONTEXT, fmt, round_to, year_label

__all__ = ["FORECAST_LABELS", "Forecast", "forecast_indicator"]

ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED = "limited"
DETERIORATING = "deteriorating"
ACHIEVED = "achieved"
UNABLE = "unable"

FORECAST_LABELS: dict[str, tuple[str, str]] = {
    ON_TRACK: ("順調", "on track"),
    NEEDS_ACCELERATION: ("加速が必要", "needs acceleration"),
    LIMITED: ("進捗が限定的", "limited progress"),
    DETERIORATING: ("悪化", "deteriorating"),
    ACHIEVED: ("最終目標を達成済み", "final target achieved"),
    UNABLE: ("評価不能", "unable to assess"),
}
"""Status → (Japanese label, English label)."""

_RATIO_PLACES = Decimal("0.001")

_TOO_LOW_EN = "; the trend meets the final target in {reaches}: it may be too low"
_TOO_LOW_JA = "。{reaches}に最終目標に届く見込みで、目標が低い可能性"

_Make = Callable[..., "Forecast"]
_Project = Callable[[int], Decimal]


@attrs.frozen
class Forecast:
    """Where an indicator's trend leads, against its final target."""

    status: str
    """``on_track``, ``needs_acceleration``, ``limited``, ``deteriorating``,
    ``achieved`` or ``unable``."""
    label_ja: str
    """The status in Japanese, e.g. 加速が必要."""
    label_en: str
    """The status in English, e.g. needs acceleration."""
    method: str
    """``linear`` or ``cagr``."""
    final_target: Decimal
    """The last numeric target of the indicator (T)."""
    final_year: FiscalYear
    """The fiscal year of that target."""
    points: int
    """How many actuals (with a number, up to the evaluation year) the trend uses."""
    projected: Decimal | None = None
    """The trend's value in the final year (P), when a trend was fitted."""
    ratio: Decimal | None = None
    """g = (P − B)/(T − B) for ``linear``; CAGR observed / CAGR needed for ``cagr``."""
    reaches_target: FiscalYear | None = None
    """The first fiscal year the actuals or the trend meet the final target."""
    target_too_low: bool = False
    """True when the final target is met (or projected to be met) at least the
    method's margin of years before the target first stands at its final value:
    the target may have been set too low."""
    explanation_ja: str = ""
    """How the status was reached, in Japanese."""
    explanation_en: str = ""
    """How the status was reached, in English."""


def _meets(direction: Direction, value: Decimal, target: Decimal) -> bool:
    return value <= target if direction is Direction.LOWER else value >= target


def _classify(ratio: Decimal, on_track: Decimal, acceleration: Decimal) -> str:
    if ratio >= on_track:
        return ON_TRACK
    if ratio >= acceleration:
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED
    return DETERIORATING


def _plateau_year(numeric: list[tuple[int, Decimal]]) -> int:
    """The first year from which every numeric target equals the final one."""
    final_year, final = numeric[-1]
    year = final_year
    for target_year, value in reversed(numeric):
        if value != final:
            break
        year = target_year
    return year


def forecast_indicator(
    indicator: Indicator,
    as_of: FiscalYear,
    *,
    method: str = "linear",
    on_track: Decimal = Decimal("0.95"),
    acceleration: Decimal = Decimal("0.6"),
    too_low_margin: int = 2,
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

    Returns:
        The forecast, or None for an indicator with no numeric target to aim at
        (qualitative, statement-only, or a range).
    """
    if indicator.unit is None or indicator.direction is Direction.RANGE:
        return None
    # Years are western-year ints here: comparing FiscalYear objects is slow.
    numeric = [(t.year.year, t.value) for t in indicator.targets if t.value is not None]
    if not numeric:
        return None
    numeric.sort(key=lambda pair: pair[0])
    final_year, final = numeric[-1]
    plateau = _plateau_year(numeric)
    direction = indicator.direction
    points = sorted(
        ((a.year.year, a.value) for a in indicator.actuals if a.value is not None),
        key=lambda pair: pair[0],
    )
    points = [(year, value) for year, value in points if year <= as_of.year]
    unit = indicator.unit
    head_ja = f"最終目標 {fmt(final)}{unit}（{year_label(final_year)}）"
    head_en = f"final target {fmt(final)}{unit} ({year_label(final_year)})"

    def make(
        status: str, ja: str, en: str, reaches_target: int | None = None, **extra: object
    ) -> Forecast:
        label_ja, label_en = FORECAST_LABELS[status]
        return Forecast(
            status=status,
            label_ja=label_ja,
            label_en=label_en,
            method=method,
            final_target=final,
            final_year=FiscalYear(final_year),
            points=len(points),
            reaches_target=FiscalYear(reaches_target) if reaches_target is not None else None,
            explanation_ja=f"{head_ja}。{ja}",
            explanation_en=f"{head_en}; {en}",
            **extra,  # type: ignore[arg-type]
        )

    if points and _meets(direction, points[-1][1], final):
        first = next(year for year, value in points if _meets(direction, value, final))
        too_low = first <= plateau - too_low_margin
        latest, met_in, final_in = (
            year_label(points[-1][0]),
            year_label(first),
            year_label(plateau),
        )
        return make(
            ACHIEVED,
            f"実績 {fmt(points[-1][1])}{unit}（{latest}）で達成済み"
            + (
                f"。{met_in}に達成、目標が最終値になる{final_in}より早く、目標が低い可能性"
                if too_low
                else ""
            ),
            f"met by the actual {fmt(points[-1][1])}{unit} ({latest})"
            + (
                f"; first met in {met_in}, well before the target reaches its final value "
                f"in {final_in}: the target may be too low"
                if too_low
                else ""
            ),
            reaches_target=first,
            target_too_low=too_low,
        )
    if len(points) < 2:
        return make(
            UNABLE,
            f"数値の実績が{len(points)}点のみで傾向を求められない",
            f"only {len(points)} actual(s) with a number: no trend",
        )
    try:
        with decimal.localcontext(CONTEXT):
            if method == "cagr":
                return _cagr(
                    indicator,
                    points,
                    final,
                    final_year,
                    plateau,
                    too_low_margin,
                    make,
                    on_track,
                    acceleration,
                )
            return _linear(
                indicator,
                points,
                final,
                final_year,
                plateau,
                too_low_margin,
                make,
                on_track,
                acceleration,
            )
    except decimal.DecimalException:
        # Extreme magnitudes (a growth factor beyond 10^999999): no honest forecast.
        return make(UNABLE, "数値が極端で傾向を計算できない", "values too extreme to project")


def _crossing(
    project: _Project, direction: Direction, final: Decimal, start: int, end: int
) -> int | None:
    year = start
    while year <= end:
        if _meets(direction, project(year), final):
            return year
        year = year + 1
    return None


def _linear(
    indicator: Indicator,
    points: list[tuple[int, Decimal]],
    final: Decimal,
    final_year: int,
    plateau: int,
    margin: int,
    make: _Make,
    on_track: Decimal,
    acceleration: Decimal,
) -> Forecast:
    unit = indicator.unit or ""
    n = Decimal(len(points))
    xs = [Decimal(year) for year, _ in points]
    ys = [value for _, value in points]
    mean_x = sum(xs, Decimal(0)) / n
    mean_y = sum(ys, Decimal(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Decimal(0))
    slope = sxy / sxx

    def project(year: int) -> Decimal:
        return mean_y + slope * (Decimal(year) - mean_x)

    projected = project(final_year)
    baseline = indicator.baseline_value()
    base = baseline if baseline is not None else ys[0]
    base_word_ja = "基準値" if baseline is not None else "最初の実績"
    base_word_en = "baseline" if baseline is not None else "first actual"
    line_ja = (
        f"実績{len(points)}点の最小二乗直線（傾き {fmt(round_to(slope, Decimal('0.01')))}/年）"
        f"による{year_label(final_year)}の予測値 P = "
        f"{fmt(round_to(projected, Decimal('0.01')))}{unit}"
    )
    line_en = (
        f"least-squares line through {len(points)} actuals (slope "
        f"{fmt(round_to(slope, Decimal('0.01')))}/year) gives P = "
        f"{fmt(round_to(projected, Decimal('0.01')))}{unit} in {year_label(final_year)}"
    )
    if final == base:
        return make(
            UNABLE,
            f"{line_ja}。最終目標が{base_word_ja}と等しく進捗率を求められない",
            f"{line_en}; the final target equals the {base_word_en}: no progress ratio",
            projected=projected,
        )
    ratio = (projected - base) / (final - base)
    status = _classify(ratio, on_track, acceleration)
    start = points[-1][0] + 1
    reaches = _crossing(project, indicator.direction, final, start, final_year)
    too_low = reaches is not None and reaches <= plateau - margin
    shown = fmt(round_to(ratio * 100))
    return make(
        status,
        f"{line_ja}。g = (P − {base_word_ja} {fmt(base)}) ÷ (最終目標 − {base_word_ja}) = {shown}%"
        + (
            f"。{year_label(reaches or 0)}に最終目標に届く見込みで、目標が低い可能性"
            if too_low
            else ""
        ),
        f"{line_en}; g = (P − {base_word_en} {fmt(base)}) / (final target − {base_word_en}) "
        f"= {shown}%" + (_TOO_LOW_EN.format(reaches=year_label(reaches or 0)) if too_low else ""),
        projected=projected,
        ratio=ratio,
        reaches_target=reaches,
        target_too_low=too_low,
    )


def _cagr(
    indicator: Indicator,
    points: list[tuple[int, Decimal]],
    final: Decimal,
    final_year: int,
    plateau: int,
    margin: int,
    make: _Make,
    on_track: Decimal,
    acceleration: Decimal,
) -> Forecast:
    baseline = indicator.baseline_value()
    latest_year, latest = points[-1]
    if (
        baseline is not None
        and indicator.baseline is not None
        and indicator.baseline.year.year < latest_year
    ):
        base_year, base = indicator.baseline.year.year, baseline
    else:
        base_year, base = points[0]
    if base <= 0 or latest <= 0 or final <= 0:
        return make(
            UNABLE,
            "CAGR法は基準値・実績・目標がすべて正の数のときのみ使える",
            "the CAGR method needs a positive base, latest actual and target",
        )
    if final_year <= base_year or final == base:
        return make(
            UNABLE,
            "目標年度が基準年度以前か、目標が基準値と等しく必要成長率を求められない",
            "the target year is not after the base year or the target equals the base",
        )
    observed = (latest / base) ** (Decimal(1) / Decimal(latest_year - base_year)) - 1
    needed = (final / base) ** (Decimal(1) / Decimal(final_year - base_year)) - 1
    ratio = observed / needed
    status = _classify(ratio, on_track, acceleration)

    def project(year: int) -> Decimal:
        result: Decimal = latest * (1 + observed) ** Decimal(year - latest_year)
        return result

    projected = project(final_year)
    reaches = _crossing(project, indicator.direction, final, latest_year + 1, final_year)
    too_low = reaches is not None and reaches <= plateau - margin
    shown = fmt(round_to(ratio, _RATIO_PLACES))
    observed_pct = fmt(round_to(observed * 100, Decimal("0.01")))
    needed_pct = fmt(round_to(needed * 100, Decimal("0.01")))
    return make(
        status,
        f"実績の年平均成長率 ({fmt(latest)}/{fmt(base)})^(1/{latest_year - base_year}) − 1 = "
        f"{observed_pct}%、必要な成長率 ({fmt(final)}/{fmt(base)})^(1/{final_year - base_year})"
        f" − 1 = {needed_pct}%、比 R = {shown}"
        + (
            f"。{year_label(reaches or 0)}に最終目標に届く見込みで、目標が低い可能性"
            if too_low
            else ""
        ),
        f"observed CAGR ({fmt(latest)}/{fmt(base)})^(1/{latest_year - base_year}) − 1 = "
        f"{observed_pct}%, needed ({fmt(final)}/{fmt(base)})^(1/{final_year - base_year}) − 1"
        f" = {needed_pct}%, ratio R = {shown}"
        + (_TOO_LOW_EN.format(reaches=year_label(reaches or 0)) if too_low else ""),
        projected=projected,
        ratio=ratio,
        reaches_target=reaches,
        target_too_low=too_low,
    )
