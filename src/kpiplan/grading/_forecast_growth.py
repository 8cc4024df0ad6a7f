"""Open SDG's growth-rate forecasts (Statistics Canada's progress measure).

With a numeric final target (:func:`cagr`): R = s·d·CAGR observed / |CAGR needed|,
s the sign of the series. Without one (:func:`classify_growth`): the observed growth
in the good direction against fixed thresholds, lowered near a natural limit.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from kpiplan.grading._explanation import said
from kpiplan.grading._forecast_inputs import (
    DETERIORATING,
    PERCENT_PLACES,
    UNABLE,
    FinalTarget,
    Forecast,
    ForecastInputs,
    ForecastRules,
    Point,
    classify,
    crossing_year,
    make_forecast,
    target_too_low,
    too_low_words,
)
from kpiplan.grading._numbers import fmt, round_to, year_label

__all__ = [
    "GROWTH_ACCELERATION",
    "GROWTH_ON_TRACK",
    "ZERO_REPLACEMENT",
    "cagr",
    "classify_growth",
]

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


def _base_point(series: ForecastInputs) -> Point | None:
    """The base year and value: the baseline, else the first actual from its year."""
    if series.baseline_year is None:
        return series.points[0] if series.points else None
    if series.baseline is not None:
        return series.baseline_year, series.baseline
    # The methodology's rule for a base year without data: the next year with data.
    return next((p for p in series.points if p[0] >= series.baseline_year), None)


def _observe(series: ForecastInputs, rules: ForecastRules) -> _Growth | tuple[str, str]:
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
    return fmt(round_to(value * 100, PERCENT_PLACES))


def _observed_text(growth: _Growth) -> tuple[str, str]:
    span = growth.latest_year - growth.base_year
    formula = f"({fmt(growth.latest)}/{fmt(growth.base)})^(1/{span}) − 1 = {_pct(growth.observed)}%"
    return f"実績の年平均成長率 {formula}", f"observed CAGR {formula}"


def cagr(series: ForecastInputs, target: FinalTarget, rules: ForecastRules) -> Forecast:
    """The CAGR method's forecast towards ``target``: observed against needed growth."""
    growth = _observe(series, rules)
    if isinstance(growth, tuple):
        return make_forecast(series, rules, UNABLE, said(*growth))
    final_year = target.year
    if final_year <= growth.base_year:
        return make_forecast(
            series,
            rules,
            UNABLE,
            said(
                "目標年度が基準年度以前で必要成長率を求められない",
                "the target year is not after the base year: no needed growth rate",
            ),
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
    reaches = crossing_year(series.direction, target, project, growth.latest_year + 1)
    too_low = target_too_low(target, rules, reaches)
    factor = growth.sign * series.sense
    d = "+1" if factor > 0 else "−1"

    def needed_words() -> tuple[str, str, str, str, str]:
        observed_ja, observed_en = _observed_text(growth)
        low_ja, low_en = too_low_words(reaches, too_low)
        formula = f"({fmt(final)}/{fmt(growth.base)})^(1/{span}) − 1 = {_pct(needed)}%"
        return observed_ja, observed_en, formula, low_ja, low_en

    if needed == 0:
        # Keeping the base value (維持), not met now: the latest moved away from it.
        def kept() -> tuple[str, str]:
            observed_ja, observed_en, needed_formula, low_ja, low_en = needed_words()
            return (
                f"{observed_ja}、必要な成長率 {needed_formula}（維持）、最新の実績は基準値より悪い"
                + low_ja,
                f"{observed_en}, needed {needed_formula} (maintain); the latest actual is worse "
                f"than the base" + low_en,
            )

        return make_forecast(
            series,
            rules,
            DETERIORATING,
            kept,
            projected=projected,
            reaches=reaches,
            too_low=too_low,
        )
    ratio = factor * growth.observed / abs(needed)

    def compared() -> tuple[str, str]:
        observed_ja, observed_en, needed_formula, low_ja, low_en = needed_words()
        shown = fmt(round_to(ratio, _RATIO_PLACES))
        return (
            f"{observed_ja}、必要な成長率 {needed_formula}、"
            f"比 R = 方向 {d} × 実績の成長率 ÷ |必要な成長率| = {shown}{low_ja}",
            f"{observed_en}, needed {needed_formula}, "
            f"ratio R = direction {d} × observed / |needed| = {shown}{low_en}",
        )

    return make_forecast(
        series,
        rules,
        classify(ratio, rules.on_track, rules.acceleration),
        compared,
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


def classify_growth(
    series: ForecastInputs, rules: ForecastRules, limit: Decimal | None
) -> Forecast:
    """The growth assessment without a numeric target, thresholds scaled near ``limit``."""
    growth = _observe(series, rules)
    if isinstance(growth, tuple):
        return make_forecast(series, rules, UNABLE, said(*growth))
    progress = growth.sign * series.sense * growth.observed
    on_track, acceleration = rules.on_track, rules.acceleration
    scale_ja = scale_en = ""
    if limit is not None:
        factor = _scaling(growth.base, limit)
        on_track, acceleration = on_track * factor, acceleration * factor
        shown = fmt(round_to(factor, _RATIO_PLACES))
        scale_ja = f"（限界値 {fmt(limit)}{series.unit} に近いため係数 C = {shown} を乗じる）"
        scale_en = f" (scaled by C = {shown} near the limit {fmt(limit)}{series.unit})"
    d = "+1" if growth.sign * series.sense > 0 else "−1"

    def why() -> tuple[str, str]:
        observed_ja, observed_en = _observed_text(growth)
        return (
            f"{observed_ja}、望ましい方向 {d} で {_pct(progress)}%。基準 {_pct(on_track)}% 以上で"
            f"順調、{_pct(acceleration)}% 以上で加速が必要、0% 以上で進捗が限定的、0% 未満で悪化"
            f"{scale_ja}",
            f"{observed_en}, in the good direction {d}: {_pct(progress)}%; on track from "
            f"{_pct(on_track)}%, needs acceleration from {_pct(acceleration)}%, limited from 0%, "
            f"deteriorating below 0%{scale_en}",
        )

    return make_forecast(
        series, rules, classify(progress, on_track, acceleration), why, ratio=progress
    )
