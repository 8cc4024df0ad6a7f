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
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal

import attrs

from kpiplan._fiscal import FiscalYear
from kpiplan._model import Direction, Indicator
from kpiplan.grading._numbers import CONTEXT, fmt, round_to, year_label
from kpiplan.vocabulary import FORECAST_LABELS

__all__ = [
    "FORECAST_LABELS",
    "GROWTH_ACCELERATION",
    "GROWTH_ON_TRACK",
    "ZERO_REPLACEMENT",
    "Forecast",
    "forecast_growth",
    "forecast_indicator",
]

ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED = "limited"
DETERIORATING = "deteriorating"
ACHIEVED = "achieved"
UNABLE = "unable"


GROWTH_ON_TRACK = Decimal("0.015")
"""Growth a year (in the good direction) from which an indicator with no numeric
target is on track: Open SDG's 1.5%."""
GROWTH_ACCELERATION = Decimal("0.005")
"""Growth a year from which progress is made but must speed up: Open SDG's 0.5%."""
ZERO_REPLACEMENT = Decimal("0.001")
"""What a zero base or target becomes in a growth rate, as Open SDG replaces it."""

# The exponent of Open SDG's scaling factor near a natural limit (sdg-build
# ProgressMeasure.py); the published page shows the formula only as an image.
_LIMIT_EXPONENT = Decimal("4.44")
_RATIO_PLACES = Decimal("0.001")
_PERCENT_PLACES = Decimal("0.01")

_TOO_LOW_EN = "; the trend meets the final target in {reaches}: it may be too low"
_TOO_LOW_JA = "。{reaches}に最終目標に届く見込みで、目標が低い可能性"

_Point = tuple[int, Decimal]


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
    explanation_ja: str = ""
    """How the status was reached, in Japanese."""
    explanation_en: str = ""
    """How the status was reached, in English."""


@attrs.frozen(kw_only=True)
class _Final:
    """The final numeric target T."""

    value: Decimal
    year: int
    plateau: int
    """The first year from which every numeric target equals T."""


@attrs.frozen(kw_only=True)
class _Series:
    """What every method reads from an indicator, in western-year ints (comparing
    FiscalYear objects is slow)."""

    direction: Direction
    """HIGHER or LOWER: the way progress is counted."""
    unit: str
    """The indicator's unit, for explanations."""
    points: tuple[_Point, ...]
    """Actuals with a number up to the evaluation year, oldest first."""
    baseline_year: int | None
    """The baseline's year, if the indicator has a baseline."""
    baseline: Decimal | None
    """The baseline's number, if known."""
    final: _Final | None = None
    """The final numeric target, if the indicator has one."""

    @property
    def sense(self) -> int:
        """d: +1 when higher is better, −1 when lower is better."""
        return -1 if self.direction is Direction.LOWER else 1


@attrs.frozen(kw_only=True)
class _Rules:
    """The options a method applies."""

    method: str
    on_track: Decimal
    acceleration: Decimal
    too_low_margin: int = 2
    zero: Decimal | None = ZERO_REPLACEMENT


@attrs.frozen(kw_only=True)
class _Growth:
    """An observed compound annual growth rate, set up as the methodology says."""

    base_year: int
    base: Decimal
    """The base value as used (a zero replaced)."""
    latest_year: int
    latest: Decimal
    sign: int
    """s: −1 for a series of negative values, else +1."""
    observed: Decimal
    """(latest / base)^(1/(t_latest − t_base)) − 1."""


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


def _plateau_year(numeric: list[_Point]) -> int:
    """The first year from which every numeric target equals the final one."""
    final_year, final = numeric[-1]
    year = final_year
    for target_year, value in reversed(numeric):
        if value != final:
            break
        year = target_year
    return year


def _series(indicator: Indicator, as_of: FiscalYear, direction: Direction) -> _Series:
    points = sorted(
        (a.year.year, a.value)
        for a in indicator.actuals
        if a.value is not None and a.year.year <= as_of.year
    )
    numeric = sorted((t.year.year, t.value) for t in indicator.targets if t.value is not None)
    baseline = indicator.baseline
    final = (
        _Final(value=numeric[-1][1], year=numeric[-1][0], plateau=_plateau_year(numeric))
        if numeric
        else None
    )
    return _Series(
        direction=direction,
        unit=indicator.unit or "",
        points=tuple(points),
        baseline_year=baseline.year.year if baseline is not None else None,
        baseline=indicator.baseline_value(),
        final=final,
    )


def _make(
    series: _Series,
    rules: _Rules,
    status: str,
    ja: str,
    en: str,
    *,
    projected: Decimal | None = None,
    ratio: Decimal | None = None,
    reaches: int | None = None,
    too_low: bool = False,
) -> Forecast:
    label_ja, label_en = FORECAST_LABELS[status]
    final = series.final
    if final is not None:
        head_ja = f"最終目標 {fmt(final.value)}{series.unit}（{year_label(final.year)}）"
        head_en = f"final target {fmt(final.value)}{series.unit} ({year_label(final.year)})"
    else:
        head_ja, head_en = "数値目標なし", "no numeric target"
    return Forecast(
        status=status,
        label_ja=label_ja,
        label_en=label_en,
        method=rules.method,
        final_target=final.value if final is not None else None,
        final_year=FiscalYear(final.year) if final is not None else None,
        points=len(series.points),
        projected=projected,
        ratio=ratio,
        reaches_target=FiscalYear(reaches) if reaches is not None else None,
        target_too_low=too_low,
        explanation_ja=f"{head_ja}。{ja}",
        explanation_en=f"{head_en}; {en}",
    )


def forecast_indicator(
    indicator: Indicator,
    as_of: FiscalYear,
    *,
    method: str = "linear",
    on_track: Decimal = Decimal("0.95"),
    acceleration: Decimal = Decimal("0.6"),
    too_low_margin: int = 2,
    zero: Decimal | None = ZERO_REPLACEMENT,
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

    Returns:
        The forecast; without a numeric target, the growth assessment of
        :func:`forecast_growth`. None for an indicator with nothing to aim at
        (qualitative, statement-only with no unit, or a range).
    """
    if indicator.unit is None or indicator.direction is Direction.RANGE:
        return None
    series = _series(indicator, as_of, indicator.direction)
    final = series.final
    if final is None:
        return forecast_growth(indicator, as_of, zero=zero)
    rules = _Rules(
        method=method,
        on_track=on_track,
        acceleration=acceleration,
        too_low_margin=too_low_margin,
        zero=zero,
    )
    achieved = _achieved(series, final, rules)
    if achieved is not None:
        return achieved
    compute = _cagr if method == "cagr" else _linear
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
    series = attrs.evolve(_series(indicator, as_of, chosen), final=None)
    rules = _Rules(method="growth", on_track=on_track, acceleration=acceleration, zero=zero)
    return _computed(series, rules, lambda: _classify_growth(series, rules, limit))


def _computed(series: _Series, rules: _Rules, compute: Callable[[], Forecast]) -> Forecast:
    """``compute()`` in the evaluation's exact context."""
    try:
        with decimal.localcontext(CONTEXT):
            return compute()
    except decimal.DecimalException:
        # Extreme magnitudes (a growth factor beyond 10^999999): no honest forecast.
        return _make(
            series, rules, UNABLE, "数値が極端で傾向を計算できない", "values too extreme to project"
        )


def _achieved(series: _Series, final: _Final, rules: _Rules) -> Forecast | None:
    """``achieved`` when the latest actual meets the final target, else None."""
    points, unit, target = series.points, series.unit, final.value
    if not points or not _meets(series.direction, points[-1][1], target):
        return None
    first = next(year for year, value in points if _meets(series.direction, value, target))
    too_low = first <= final.plateau - rules.too_low_margin
    latest, met_in, final_in = (
        year_label(points[-1][0]),
        year_label(first),
        year_label(final.plateau),
    )
    return _make(
        series,
        rules,
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
        reaches=first,
        too_low=too_low,
    )


def _crossing(
    direction: Direction, final: _Final, project: Callable[[int], Decimal], start: int
) -> int | None:
    """The first year from ``start`` to T's year in which the trend meets T."""
    for year in range(start, final.year + 1):
        if _meets(direction, project(year), final.value):
            return year
    return None


def _too_low(final: _Final, rules: _Rules, reaches: int | None) -> bool:
    return reaches is not None and reaches <= final.plateau - rules.too_low_margin


def _linear(series: _Series, target: _Final, rules: _Rules) -> Forecast:
    points, unit, final, final_year = series.points, series.unit, target.value, target.year
    if len(points) < 2:
        return _make(
            series,
            rules,
            UNABLE,
            f"数値の実績が{len(points)}点のみで傾向を求められない",
            f"only {len(points)} actual(s) with a number: no trend",
        )
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
    base = series.baseline if series.baseline is not None else ys[0]
    word_ja = "基準値" if series.baseline is not None else "最初の実績"
    word_en = "baseline" if series.baseline is not None else "first actual"
    line_ja = (
        f"実績{len(points)}点の最小二乗直線（傾き {fmt(round_to(slope, _PERCENT_PLACES))}/年）"
        f"による{year_label(final_year)}の予測値 P = "
        f"{fmt(round_to(projected, _PERCENT_PLACES))}{unit}"
    )
    line_en = (
        f"least-squares line through {len(points)} actuals (slope "
        f"{fmt(round_to(slope, _PERCENT_PLACES))}/year) gives P = "
        f"{fmt(round_to(projected, _PERCENT_PLACES))}{unit} in {year_label(final_year)}"
    )
    moved = series.sense * (projected - base)
    reaches = _crossing(series.direction, target, project, points[-1][0] + 1)
    too_low = _too_low(target, rules, reaches)
    low_ja = _TOO_LOW_JA.format(reaches=year_label(reaches or 0)) if too_low else ""
    low_en = _TOO_LOW_EN.format(reaches=year_label(reaches or 0)) if too_low else ""
    if final == base:
        # A target of keeping the baseline (維持) not met now: no distance to divide
        # by, so the trend's side of the baseline decides.
        status = ON_TRACK if moved >= 0 else DETERIORATING
        return _make(
            series,
            rules,
            status,
            f"{line_ja}。最終目標が{word_ja}と等しく（維持）、予測値が{word_ja}"
            + ("に戻る" if moved >= 0 else "より悪い")
            + low_ja,
            f"{line_en}; the final target equals the {word_en} (maintain) and P is "
            + ("back at or beyond it" if moved >= 0 else "worse than it")
            + low_en,
            projected=projected,
            reaches=reaches,
            too_low=too_low,
        )
    distance = final - base
    ratio = moved / abs(distance)
    shown = fmt(round_to(ratio * 100))
    if series.sense * distance > 0:
        formula_ja = f"g = (P − {word_ja} {fmt(base)}) ÷ (最終目標 − {word_ja}) = {shown}%"
        formula_en = f"g = (P − {word_en} {fmt(base)}) / (final target − {word_en}) = {shown}%"
    else:
        d = "+1" if series.sense > 0 else "−1"
        formula_ja = (
            f"{word_ja} {fmt(base)}は既に最終目標を満たす（維持）ため、望ましい方向 d = {d} で"
            f" g = d × (P − {word_ja}) ÷ |最終目標 − {word_ja}| = {shown}%"
        )
        formula_en = (
            f"the {word_en} {fmt(base)} already meets the final target (maintain), so progress "
            f"counts in the good direction d = {d}: g = d × (P − {word_en}) / "
            f"|final target − {word_en}| = {shown}%"
        )
    return _make(
        series,
        rules,
        _classify(ratio, rules.on_track, rules.acceleration),
        f"{line_ja}。{formula_ja}{low_ja}",
        f"{line_en}; {formula_en}{low_en}",
        projected=projected,
        ratio=ratio,
        reaches=reaches,
        too_low=too_low,
    )


def _base_point(series: _Series) -> _Point | None:
    """The base year and value: the baseline, else the first actual from its year."""
    if series.baseline_year is None:
        return series.points[0] if series.points else None
    if series.baseline is not None:
        return series.baseline_year, series.baseline
    # The methodology's rule for a base year without data: the next year with data.
    return next((p for p in series.points if p[0] >= series.baseline_year), None)


def _observe(series: _Series, rules: _Rules) -> _Growth | tuple[str, str]:
    """The observed growth, or why it cannot be computed (ja, en)."""
    base_point = _base_point(series)
    if base_point is None or not series.points:
        return ("基準値も実績もなく成長率を求められない", "no base value or actual: no growth rate")
    (base_year, raw_base), (latest_year, latest) = base_point, series.points[-1]
    if latest_year - base_year < 1:
        return (
            f"基準年度（{year_label(base_year)}）より後の実績がなく、2年分のデータが必要",
            f"no actual after the base year ({year_label(base_year)}): two years of data needed",
        )
    values = [raw_base, *(v for y, v in series.points if base_year < y <= latest_year)]
    final = series.final.value if series.final is not None else None
    if final is not None:
        values.append(final)
    if rules.zero is None and 0 in (raw_base, latest, final):
        return (
            "基準値・最新の実績・目標のいずれかが0で、成長率を評価しない設定",
            "a zero base, latest actual or target, and zeros are set to be unassessed",
        )
    if any(v > 0 for v in values) and any(v < 0 for v in values):
        return (
            "正の値と負の値が混在し、成長率を求められない",
            "the values change sign: the growth rate needs values all of one sign",
        )
    sign = -1 if any(v < 0 for v in values) else 1
    base = raw_base or sign * (rules.zero or ZERO_REPLACEMENT)
    observed = (latest / base) ** (1 / Decimal(latest_year - base_year)) - 1
    return _Growth(
        base_year=base_year,
        base=base,
        latest_year=latest_year,
        latest=latest,
        sign=sign,
        observed=observed,
    )


def _pct(value: Decimal) -> str:
    return fmt(round_to(value * 100, _PERCENT_PLACES))


def _observed_text(growth: _Growth) -> tuple[str, str]:
    span = growth.latest_year - growth.base_year
    formula = f"({fmt(growth.latest)}/{fmt(growth.base)})^(1/{span}) − 1 = {_pct(growth.observed)}%"
    return f"実績の年平均成長率 {formula}", f"observed CAGR {formula}"


def _cagr(series: _Series, target: _Final, rules: _Rules) -> Forecast:
    growth = _observe(series, rules)
    if isinstance(growth, tuple):
        return _make(series, rules, UNABLE, *growth)
    final_year = target.year
    if final_year <= growth.base_year:
        return _make(
            series,
            rules,
            UNABLE,
            "目標年度が基準年度以前で必要成長率を求められない",
            "the target year is not after the base year: no needed growth rate",
        )
    final = target.value or growth.sign * (rules.zero or ZERO_REPLACEMENT)
    span = final_year - growth.base_year
    needed = (final / growth.base) ** (Decimal(1) / Decimal(span)) - 1

    def project(year: int) -> Decimal:
        result: Decimal = growth.latest * (1 + growth.observed) ** Decimal(
            year - growth.latest_year
        )
        return result

    projected = project(final_year)
    reaches = _crossing(series.direction, target, project, growth.latest_year + 1)
    too_low = _too_low(target, rules, reaches)
    observed_ja, observed_en = _observed_text(growth)
    needed_formula = f"({fmt(final)}/{fmt(growth.base)})^(1/{span}) − 1 = {_pct(needed)}%"
    factor = growth.sign * series.sense
    d = "+1" if factor > 0 else "−1"
    low_ja = _TOO_LOW_JA.format(reaches=year_label(reaches or 0)) if too_low else ""
    low_en = _TOO_LOW_EN.format(reaches=year_label(reaches or 0)) if too_low else ""
    if needed == 0:
        # Keeping the base value (維持), not met now: the latest moved away from it.
        return _make(
            series,
            rules,
            DETERIORATING,
            f"{observed_ja}、必要な成長率 {needed_formula}（維持）、最新の実績は基準値より悪い"
            + low_ja,
            f"{observed_en}, needed {needed_formula} (maintain); the latest actual is worse "
            f"than the base" + low_en,
            projected=projected,
            reaches=reaches,
            too_low=too_low,
        )
    ratio = factor * growth.observed / abs(needed)
    shown = fmt(round_to(ratio, _RATIO_PLACES))
    return _make(
        series,
        rules,
        _classify(ratio, rules.on_track, rules.acceleration),
        f"{observed_ja}、必要な成長率 {needed_formula}、"
        f"比 R = 方向 {d} × 実績の成長率 ÷ |必要な成長率| = {shown}{low_ja}",
        f"{observed_en}, needed {needed_formula}, "
        f"ratio R = direction {d} × observed / |needed| = {shown}{low_en}",
        projected=projected,
        ratio=ratio,
        reaches=reaches,
        too_low=too_low,
    )


def _scaling(base: Decimal, limit: Decimal) -> Decimal:
    """Open SDG's factor C (0 to 1) that lowers thresholds near a natural limit."""
    base, limit = abs(base), abs(limit)
    if base >= 2 * limit:
        return Decimal(1)
    if base <= limit:
        return 1 - (base / limit) ** _LIMIT_EXPONENT
    return 1 - ((2 * limit - base) / limit) ** _LIMIT_EXPONENT


def _classify_growth(series: _Series, rules: _Rules, limit: Decimal | None) -> Forecast:
    growth = _observe(series, rules)
    if isinstance(growth, tuple):
        return _make(series, rules, UNABLE, *growth)
    progress = growth.sign * series.sense * growth.observed
    on_track, acceleration = rules.on_track, rules.acceleration
    scale_ja = scale_en = ""
    if limit is not None:
        factor = _scaling(growth.base, limit)
        on_track, acceleration = on_track * factor, acceleration * factor
        shown = fmt(round_to(factor, _RATIO_PLACES))
        scale_ja = f"（限界値 {fmt(limit)}{series.unit} に近いため係数 C = {shown} を乗じる）"
        scale_en = f" (scaled by C = {shown} near the limit {fmt(limit)}{series.unit})"
    observed_ja, observed_en = _observed_text(growth)
    d = "+1" if growth.sign * series.sense > 0 else "−1"
    return _make(
        series,
        rules,
        _classify(progress, on_track, acceleration),
        f"{observed_ja}、望ましい方向 {d} で {_pct(progress)}%。基準 {_pct(on_track)}% 以上で順調、"
        f"{_pct(acceleration)}% 以上で加速が必要、0% 以上で進捗が限定的、0% 未満で悪化{scale_ja}",
        f"{observed_en}, in the good direction {d}: {_pct(progress)}%; on track from "
        f"{_pct(on_track)}%, needs acceleration from {_pct(acceleration)}%, limited from 0%, "
        f"deteriorating below 0%{scale_en}",
        ratio=progress,
    )
