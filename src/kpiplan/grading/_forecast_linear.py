"""The linear forecast: the least-squares straight line through the actuals, read
at the final target's year (P), as a share of the way from the baseline B to the
final target T: g = d·(P − B) / |T − B|.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from kpiplan.grading._explanation import Said, said, written
from kpiplan.grading._forecast_inputs import (
    DETERIORATING,
    ON_TRACK,
    PERCENT_PLACES,
    UNABLE,
    FinalTarget,
    Forecast,
    ForecastInputs,
    ForecastRules,
    classify,
    crossing_year,
    make_forecast,
    target_too_low,
    too_low_words,
)
from kpiplan.grading._numbers import fmt, round_to, year_label

__all__ = ["linear"]


def linear(series: ForecastInputs, target: FinalTarget, rules: ForecastRules) -> Forecast:
    """The linear method's forecast towards ``target``; ``unable`` with fewer than two actuals."""
    points, unit, final, final_year = series.points, series.unit, target.value, target.year
    if len(points) < 2:
        return make_forecast(
            series,
            rules,
            UNABLE,
            said(
                f"数値の実績が{len(points)}点のみで傾向を求められない",
                f"only {len(points)} actual(s) with a number: no trend",
            ),
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
    moved = series.sense * (projected - base)
    reaches = crossing_year(series.direction, target, project, points[-1][0] + 1)
    too_low = target_too_low(target, rules, reaches)
    # Functions bound with functools.partial, not closures: a closure keeps a cell for
    # every variable it reads, and every cell is one more object for the collector.
    line = functools.partial(_line, len(points), slope, projected, unit, final_year)
    known = series.baseline is not None
    if final == base:
        # A target of keeping the baseline (維持) not met now: no distance to divide
        # by, so the trend's side of the baseline decides.
        status = ON_TRACK if moved >= 0 else DETERIORATING
        kept = functools.partial(_kept, line, known, moved >= 0, reaches, too_low)
        return make_forecast(
            series, rules, status, kept, projected=projected, reaches=reaches, too_low=too_low
        )
    distance = final - base
    ratio = moved / abs(distance)
    progress = functools.partial(
        _progress, line, known, base, ratio, series.sense, distance, reaches, too_low
    )
    return make_forecast(
        series,
        rules,
        classify(ratio, rules.on_track, rules.acceleration),
        progress,
        projected=projected,
        ratio=ratio,
        reaches=reaches,
        too_low=too_low,
    )


def _words(known: bool) -> tuple[str, str]:
    """What the progress is measured from: the baseline, or the first actual."""
    return ("基準値", "baseline") if known else ("最初の実績", "first actual")


def _line(n: int, slope: Decimal, projected: Decimal, unit: str, year: int) -> tuple[str, str]:
    """The least-squares line and its value in the final target's year."""
    shown_slope = fmt(round_to(slope, PERCENT_PLACES))
    shown_p = fmt(round_to(projected, PERCENT_PLACES))
    return (
        f"実績{n}点の最小二乗直線（傾き {shown_slope}/年）"
        f"による{year_label(year)}の予測値 P = {shown_p}{unit}",
        f"least-squares line through {n} actuals (slope {shown_slope}/year) "
        f"gives P = {shown_p}{unit} in {year_label(year)}",
    )


def _kept(
    line: Said, known: bool, back: bool, reaches: int | None, too_low: bool
) -> tuple[str, str]:
    """A final target equal to the base (維持): whether the trend is back at it."""
    (line_ja, line_en), (low_ja, low_en) = written(line), too_low_words(reaches, too_low)
    word_ja, word_en = _words(known)
    return (
        f"{line_ja}。最終目標が{word_ja}と等しく（維持）、予測値が{word_ja}"
        + ("に戻る" if back else "より悪い")
        + low_ja,
        f"{line_en}; the final target equals the {word_en} (maintain) and P is "
        + ("back at or beyond it" if back else "worse than it")
        + low_en,
    )


def _progress(
    line: Said,
    known: bool,
    base: Decimal,
    ratio: Decimal,
    sense: int,
    distance: Decimal,
    reaches: int | None,
    too_low: bool,
) -> tuple[str, str]:
    """The progress ratio g and how it was computed."""
    word_ja, word_en = _words(known)
    shown = fmt(round_to(ratio * 100))
    if sense * distance > 0:
        formula_ja = f"g = (P − {word_ja} {fmt(base)}) ÷ (最終目標 − {word_ja}) = {shown}%"
        formula_en = f"g = (P − {word_en} {fmt(base)}) / (final target − {word_en}) = {shown}%"
    else:
        d = "+1" if sense > 0 else "−1"
        formula_ja = (
            f"{word_ja} {fmt(base)}は既に最終目標を満たす（維持）ため、望ましい方向 d = {d} で"
            f" g = d × (P − {word_ja}) ÷ |最終目標 − {word_ja}| = {shown}%"
        )
        formula_en = (
            f"the {word_en} {fmt(base)} already meets the final target (maintain), so "
            f"progress counts in the good direction d = {d}: g = d × (P − {word_en}) / "
            f"|final target − {word_en}| = {shown}%"
        )
    (line_ja, line_en), (low_ja, low_en) = written(line), too_low_words(reaches, too_low)
    return f"{line_ja}。{formula_ja}{low_ja}", f"{line_en}; {formula_en}{low_en}"
