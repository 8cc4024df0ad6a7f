"""Judging one indicator in one year: expected value, met test, rate, grade, and why.

Every judgement explains itself in Japanese and English, so that an auditor can
recompute the figure by hand; the grade is the method's scale's.

It passes 600 lines because each kind of target (number, range, stage, statement,
direction, rank, 見込量, 設定しない) has its judgement here beside the others, with
the words that explain it: one indicator-year is one concern, and its branches are
easiest to audit side by side.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from kpiplan._fiscal import FiscalYear, format_date
from kpiplan._model import (
    Accumulation,
    Actual,
    ActualStatus,
    Assessment,
    Direction,
    Indicator,
    Revision,
    Target,
    Trend,
)
from kpiplan.grading._explanation import Explanation, Said, said, written
from kpiplan.grading._numbers import HUNDRED, fmt, fmt_rate, percent, round_to
from kpiplan.grading._numbers import year_label as _label
from kpiplan.grading._results import YearResult, target_text
from kpiplan.grading._rules import GradingRule
from kpiplan.grading._scale import NO_GRADE, Grade, GradeScale
from kpiplan.vocabulary import label

__all__ = [
    "PROVISIONAL_STATUSES",
    "Context",
    "Revised",
    "expected_values",
    "grade_from_rate",
    "grade_year",
    "lowest_grade",
    "partial_grade",
    "targets_by_year",
    "targets_in_force",
]

PROVISIONAL_STATUSES = (ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY)
"""Actuals graded provisionally: estimates (見込み) and preliminary figures (速報値)."""

_PATH_PLACES = Decimal("0.01")
"""The precision an expected value on a path is shown with."""
_EXACT_PLACES = Decimal("0.0001")
"""The precision the exact rate is shown with before it is rounded as the rule says."""

_REASONS = {
    "missing_target": ("目標未設定", "no target set for the year"),
    "projected": ("見込量は評価対象外", "a projected volume (見込量) is not graded"),
    "no_rank": ("全国順位の実績がない", "no national rank reported for the year"),
    "no_baseline": ("基準値がない", "no baseline"),
    "series_incomplete": ("系列の評価がそろわない", "not every series is graded"),
}


class Context(NamedTuple):
    """What grading one indicator needs, computed once."""

    # A named tuple, not an attrs class: one is made per indicator and series.

    indicator: Indicator
    rule: GradingRule
    as_of: int
    ladder: tuple[str, ...]
    baseline: Decimal | None
    baseline_year: int | None
    unit: str
    targets: Mapping[int, Target]
    actuals: Mapping[int, Actual]
    expected: Mapping[int, Decimal | None]
    interpolated: Mapping[int, str]
    first_year: int
    """The plan period's first western year (year 1 of a ``share_of_target`` path)."""
    revised: Mapping[int, Revised]
    """Years whose target a revision changed: both targets and the revision."""


@attrs.frozen
class Revised:
    """A year whose target a revision changed."""

    original: Target | None
    """The target first set (None when the revision added a year's target)."""
    revised: Target
    """The revised target in force at the evaluation year."""
    revision: Revision
    """The revision that set it."""


def targets_by_year(indicator: Indicator) -> dict[int, Target]:
    # Fiscal years compare through attrs' generic ordering, which is slow; an index by
    # western year makes a plan of 10,000 indicators evaluate faster than it loads.
    found: dict[int, Target] = {}
    for target in indicator.targets:
        last = (target.through or target.year).year
        for year in range(target.year.year, last + 1):
            found.setdefault(year, target)
    return found


def targets_in_force(
    indicator: Indicator, as_of: FiscalYear, original: bool = False
) -> tuple[dict[int, Target], dict[int, Revised]]:
    """Each year's graded target, and the years a revision changed.

    A revision counts when it was decided by the end of the evaluation year (31 March
    after ``as_of``); the latest such revision's target for a year is in force.

    Args:
        indicator: The indicator (or a series' view of it).
        as_of: The evaluation year.
        original: Grade the original targets; revisions are still reported.

    Returns:
        (western year → graded target, western year → :class:`Revised`).
    """
    found = targets_by_year(indicator)
    if not indicator.revisions:
        return found, {}
    graded = dict(found)
    revised: dict[int, Revised] = {}
    years = set(found)
    for revision in indicator.revisions:
        for target in revision.targets:
            years.update(y.year for y in target.years)
    for year in sorted(years):
        in_force = indicator.target_for(FiscalYear(year), as_of=as_of.end)
        first = found.get(year)
        if in_force is None or in_force is first:
            continue
        by = next(r for r in reversed(indicator.revisions) if any(t is in_force for t in r.targets))
        revised[year] = Revised(first, in_force, by)
        if not original:
            graded[year] = in_force
    return graded, revised


def expected_values(
    indicator: Indicator,
    years: tuple[int, ...],
    rule: GradingRule,
    targets: Mapping[int, Target],
    baseline: Decimal | None,
    first_year: int | None = None,
) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """Each year's expected value, and for interpolated or path ones how (ja|en).

    ``targets`` are the graded ones (revisions applied); a projected volume (見込量)
    is never expected, nor an anchor of a path."""
    numeric = sorted(
        (year, t.value)
        for year, t in targets.items()
        if t.value is not None and not t.projected and year == t.year.year
    )
    if rule.compare != "target":
        first = first_year if first_year is not None else (years[0] if years else 0)
        return _path_values(indicator, years, rule, numeric, baseline, first)
    anchors = list(numeric)
    if baseline is not None and indicator.baseline is not None:
        anchors.insert(0, (indicator.baseline.year.year, baseline))
        anchors.sort(key=lambda pair: pair[0])
    expected: dict[int, Decimal | None] = {}
    how: dict[int, str] = {}
    unit = indicator.unit or ""
    for year in years:
        target = targets.get(year)
        if target is not None:
            expected[year] = None if target.projected else target.value
            continue
        expected[year] = None
        if not rule.interpolate or indicator.unit is None:
            continue
        before = [(y, v) for y, v in anchors if y < year]
        after = [(y, v) for y, v in numeric if y > year]
        if not before or not after:
            continue
        (y0, v0), (y1, v1) = before[-1], after[0]
        value = v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
        expected[year] = value
        start, end = _label(y0), _label(y1)
        how[year] = (
            f"{fmt(v0)}{unit}（{start}）から{fmt(v1)}{unit}（{end}）への直線補間|"
            f"straight line from {fmt(v0)}{unit} ({start}) to {fmt(v1)}{unit} ({end})"
        )
    return expected, how


def _path_values(
    indicator: Indicator,
    years: tuple[int, ...],
    rule: GradingRule,
    numeric: list[tuple[int, Decimal]],
    baseline: Decimal | None,
    first_year: int,
) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """期待値 on a path to the final target: the straight line, or k/n of the target."""
    expected: dict[int, Decimal | None] = dict.fromkeys(years)
    how: dict[int, str] = {}
    if not numeric or indicator.unit is None:
        return expected, how
    unit = indicator.unit
    y1, v1 = numeric[-1]
    final_ja, final_en = (
        f"最終目標 {fmt(v1)}{unit}（{_label(y1)}）",
        f"final target {fmt(v1)}{unit} ({_label(y1)})",
    )
    for year in years:
        if rule.compare == "share_of_target":
            n, k = y1 - first_year + 1, min(year, y1) - first_year + 1
            if n <= 0 or k <= 0:
                continue
            expected[year] = v1 * Decimal(k) / Decimal(n)
            how[year] = f"{final_ja}の {k}/{n}|{k}/{n} of the {final_en}"
            continue
        if baseline is None or indicator.baseline is None:
            continue
        y0 = indicator.baseline.year.year
        if not y0 < y1 or year < y0:
            continue
        value = baseline + (v1 - baseline) * Decimal(min(year, y1) - y0) / Decimal(y1 - y0)
        expected[year] = value
        how[year] = (
            f"基準値 {fmt(baseline)}{unit}（{_label(y0)}）から{final_ja}への直線上|"
            f"on the straight line from the baseline {fmt(baseline)}{unit} ({_label(y0)}) "
            f"to the {final_en}"
        )
    return expected, how


class _Outcome(NamedTuple):
    """A computed judgement before labels and the override are applied."""

    # A named tuple, not an attrs class: one is made per indicator-year, and a tuple
    # is built in a fraction of a frozen attrs instance's time.

    grade: str
    met: bool | None = None
    rate: Decimal | None = None
    basis: str | None = None
    said: tuple[Said, ...] = ()
    """The explanation's sentences, written when it is first read."""
    reason: tuple[str, str, str] | None = None
    """Why the year is not graded: (code, ja, en)."""


def reason_of(code: str) -> tuple[str, str, str]:
    """A fixed reason (code, ja, en) of :data:`~kpiplan.grading.UNGRADED_REASONS`."""
    ja, en = _REASONS[code]
    return code, ja, en


def _unable(reason: tuple[str, str, str], what_ja: str, what_en: str) -> _Outcome:
    """Not graded for ``reason``: the explanation says what could not be judged."""
    _, ja, en = reason
    return _Outcome(
        NO_GRADE,
        said=(said(f"{ja}ため{what_ja} → －", f"{en}, so {what_en} → －"),),
        reason=reason,
    )


def _baseline_reason(context: Context) -> tuple[str, str, str]:
    """Why there is no baseline number: none, or a text baseline (‐, 今後算定)."""
    baseline = context.indicator.baseline
    if baseline is not None and baseline.text is not None:
        return (
            "baseline_text",
            f"基準値が「{baseline.text}」で数値でない",
            f"the baseline is {baseline.text!r}, not a number",
        )
    return reason_of("no_baseline")


def _reached(grade: Grade) -> str:
    return ">" if grade.above else "≥"


def grade_from_rate(scale: GradeScale, met: bool, rounded: Decimal | None) -> tuple[str, str, str]:
    """Grade by a scale's bands, and the rule applied in ja and en."""
    grade = scale.band_for(rounded, met)
    g = grade.symbol
    if met:
        if grade.minimum is None or rounded is None:
            return g, f"目標を達成 → {g}", f"target met → {g}"
        low, shown, op = fmt(grade.minimum), fmt_rate(rounded), _reached(grade)
        return (
            g,
            f"目標を達成し達成率 {shown}% {op} {low} → {g}",
            f"target met and rate {shown}% {op} {low} → {g}",
        )
    if rounded is None:
        return g, f"未達成だが達成率を定義できない → {g}", f"not met, no meaningful rate → {g}"
    shown = fmt_rate(rounded)
    better = scale.next_better(grade) if grade.awarded else None
    if grade.minimum is None:
        # The lowest band: below the minimum of the band above it.
        low = fmt(better.minimum) if better is not None and better.minimum is not None else "－"
        op = "≤" if better is not None and better.above else "<"
        return (
            g,
            f"未達成、達成率 {shown}% {op} {low} → {g}",
            f"not met, rate {shown}% {op} {low} → {g}",
        )
    if better is None and rounded >= HUNDRED:
        return (
            g,
            f"達成率 {shown}% だが目標未達のため最高 {g}",
            f"rate {shown}% but the target is not met, so at most {g}",
        )
    low, op = fmt(grade.minimum), _reached(grade)
    return (
        g,
        f"未達成、達成率 {shown}% {op} {low} → {g}",
        f"not met, rate {shown}% {op} {low} → {g}",
    )


def _rate(
    direction: Direction,
    actual: Decimal,
    target: Decimal,
    base: Decimal | None,
    basis: str,
    unit: str,
) -> tuple[Decimal | None, str | None, Said]:
    """(rate, basis used, the formula) for higher or lower is better."""
    # Progress needs the target on the good side of the baseline: a higher-is-better
    # target below its baseline would make the rate fall as the actual rises.
    if direction is Direction.LOWER:
        progress_ok = base is not None and base > target
        ratio_ok = target > 0 and actual > 0
        order = ("progress", "ratio")
    else:
        progress_ok = base is not None and base < target
        ratio_ok = target > 0 and actual >= 0
        order = ("ratio", "progress")
    candidates = order if basis == "auto" else (basis,)
    for kind in candidates:
        if kind == "ratio" and ratio_ok:
            if direction is Direction.LOWER:
                return percent(target, actual), kind, _formula(actual, target, None, unit, True)
            return percent(actual, target), kind, _formula(actual, target, None, unit, False)
        if kind == "progress" and progress_ok:
            assert base is not None
            lower = direction is Direction.LOWER
            if lower:
                rate = percent(base - actual, base - target)
            else:
                rate = percent(actual - base, target - base)
            return rate, kind, _formula(actual, target, base, unit, lower)
    if basis == "auto":
        return None, None, said("比も進捗率も定義できない", "neither ratio nor progress is defined")
    if basis == "ratio":
        return (
            None,
            None,
            said("比を定義できない（目標・実績が正でない）", "no ratio (values not > 0)"),
        )
    return (
        None,
        None,
        said(
            "基準値がないか、目標が基準値より良い側にない",
            "no baseline, or the target is not on the good side of it",
        ),
    )


def _formula(
    actual: Decimal, target: Decimal, base: Decimal | None, unit: str, lower: bool
) -> Said:
    """The rate's formula: a ratio (``base`` None) or progress from the baseline."""
    # Functions bound with functools.partial here, not closures: a closure keeps a cell
    # for every variable it reads, each one more object for the cyclic collector.
    return functools.partial(_formula_text, actual, target, base, unit, lower)


def _formula_text(
    actual: Decimal, target: Decimal, base: Decimal | None, unit: str, lower: bool
) -> tuple[str, str]:
    a, t = f"{fmt(actual)}{unit}", f"{fmt(target)}{unit}"
    if base is None:
        if lower:
            return f"目標 {t} ÷ 実績 {a} × 100", f"target {t} / actual {a} × 100"
        return f"実績 {a} ÷ 目標 {t} × 100", f"actual {a} / target {t} × 100"
    b = f"{fmt(base)}{unit}"
    if lower:
        return (
            f"(基準値 {b} − 実績 {a}) ÷ (基準値 {b} − 目標 {t}) × 100",
            f"(baseline {b} − actual {a}) / (baseline {b} − target {t}) × 100",
        )
    return (
        f"(実績 {a} − 基準値 {b}) ÷ (目標 {t} − 基準値 {b}) × 100",
        f"(actual {a} − baseline {b}) / (target {t} − baseline {b}) × 100",
    )


def _previous(context: Context, year: int) -> tuple[Decimal | None, Decimal | None]:
    """The previous year's actual value and expected value, for increments."""
    before = year - 1
    found = context.actuals.get(before) if before <= context.as_of else None
    prev_actual = found.value if found is not None else None
    prev_target = context.expected.get(before)
    if context.baseline is not None and context.baseline_year is not None:
        if prev_actual is None and context.baseline_year == before:
            prev_actual = context.baseline
        if prev_target is None and context.baseline_year == before:
            prev_target = context.baseline
    return prev_actual, prev_target


def _numeric(context: Context, year: FiscalYear, target: Target | None, value: Decimal) -> _Outcome:
    indicator, rule, unit = context.indicator, context.rule, context.unit
    why: list[Said] = []
    direction = indicator.direction
    expected = context.expected.get(year.year)
    if year.year in context.interpolated:
        why.append(_interpolated(context, year.year, expected))
    if target is not None and target.value is None:
        # A range target (minimum/maximum).
        low, high = target.minimum, target.maximum
        inside = (low is None or value >= low) and (high is None or value <= high)
        bounds = target_text(target)
        if inside:
            why.append(functools.partial(_inside_text, value, unit, bounds))
            grade = rule.scale.grade_for(None, met=True)
            return _Outcome(grade, True, HUNDRED, "range", tuple(why))
        if low is not None and value < low:
            direction, bound = Direction.HIGHER, low
        else:
            assert high is not None
            direction, bound = Direction.LOWER, high
        why.append(functools.partial(_outside_text, bounds, bound, unit))
        rate, basis, formula = _rate(direction, value, bound, context.baseline, _basis(rule), unit)
        return _rated(rule, False, rate, basis or "range", formula, why)
    assert expected is not None
    actual_v, target_v, base = value, expected, context.baseline
    if indicator.accumulation is Accumulation.CUMULATIVE and rule.cumulative == "increment":
        prev_actual, prev_target = _previous(context, year.year)
        if prev_actual is None or prev_target is None:
            why.append(
                said(
                    "累計の増加分で比較するが前年度の値がない → －",
                    "increment basis, but the year before has no value → －",
                )
            )
            return _Outcome(NO_GRADE, None, None, None, tuple(why))
        actual_v, target_v, base = value - prev_actual, expected - prev_target, Decimal(0)
        why.append(functools.partial(_increment, value, expected, prev_actual, prev_target))
    met = actual_v <= target_v if direction is Direction.LOWER else actual_v >= target_v
    rate, basis, formula = _rate(direction, actual_v, target_v, base, _basis(rule), unit)
    return _rated(rule, met, rate, basis, formula, why, context, value)


def _inside_text(value: Decimal, unit: str, bounds: str | None) -> tuple[str, str]:
    """An actual within a range target."""
    return (
        f"実績 {fmt(value)}{unit} は目標範囲 {bounds} 内 → 達成率 100",
        f"actual {fmt(value)}{unit} within the range {bounds} → rate 100",
    )


def _outside_text(bounds: str | None, bound: Decimal, unit: str) -> tuple[str, str]:
    """An actual outside a range target, compared with the bound it passed."""
    return (
        f"目標範囲 {bounds} の外のため境界 {fmt(bound)}{unit} と比較",
        f"outside the range {bounds}: compared with its bound {fmt(bound)}{unit}",
    )


def _interpolated(context: Context, year: int, expected: Decimal | None) -> Said:
    """How an expected value without the year's target was found (a line, a path)."""
    how, unit, compare = context.interpolated[year], context.unit, context.rule.compare
    return functools.partial(_interpolated_text, how, year, unit, compare, expected)


def _interpolated_text(
    how: str, year: int, unit: str, compare: str, expected: Decimal | None
) -> tuple[str, str]:
    """The sentence of :func:`_interpolated`; ``how`` is ``ja|en``."""
    text_ja, text_en = how.split("|")
    label = _label(year)
    if compare == "target":
        shown = fmt(expected or Decimal(0))
        return (
            f"{label}の目標がないため、目標 {shown}{unit} は{text_ja}",
            f"no target for {label}: expected {shown}{unit} on the {text_en}",
        )
    path = fmt(round_to(expected or Decimal(0), _PATH_PLACES))
    return (
        f"{label}の期待値 {path}{unit} は{text_ja}",
        f"expected value for {label} {path}{unit}, {text_en}",
    )


def _increment(
    value: Decimal, expected: Decimal, prev_actual: Decimal, prev_target: Decimal
) -> tuple[str, str]:
    """The increments a 累計 indicator is compared by, and how they were found."""
    actual_v, target_v = fmt(value - prev_actual), fmt(expected - prev_target)
    return (
        f"累計の増加分で比較: 実績増 {actual_v} = {fmt(value)} − {fmt(prev_actual)}、"
        f"目標増 {target_v} = {fmt(expected)} − {fmt(prev_target)}",
        f"increment basis: actual increase {actual_v} = {fmt(value)} − "
        f"{fmt(prev_actual)}, target increase {target_v} = {fmt(expected)} − "
        f"{fmt(prev_target)}",
    )


def _basis(rule: GradingRule) -> str:
    """The rate basis: the measure's, or ``auto`` for a rate shown beside another measure."""
    return rule.measure if rule.measure in ("ratio", "progress") else "auto"


def _rate_text(rule: GradingRule, rate: Decimal | None, formula: Said) -> tuple[str, str]:
    """How the published rate was computed and rounded."""
    formula_ja, formula_en = written(formula)
    if rate is None:
        return f"達成率なし（{formula_ja}）", f"no rate ({formula_en})"
    rounded = fmt_rate(rule.round(rate))
    exact = fmt(round_to(rate, _EXACT_PLACES))
    how_ja, how_en = rule.rounding_text()
    return (
        f"達成率 = {formula_ja} = {exact} → {rounded}%（{how_ja}）",
        f"rate = {formula_en} = {exact} → {rounded}% ({how_en})",
    )


def lowest_grade(scale: GradeScale) -> Grade:
    """The lowest grade a scale awards to a target not met (D, ×, 遅れ)."""
    not_met = [g for g in scale.awarded if not g.met]
    return not_met[-1] if not_met else scale.ungraded


def partial_grade(scale: GradeScale) -> Grade:
    """The grade of a partly met qualitative target: the lowest but one not met (C)."""
    not_met = [g for g in scale.awarded if not g.met]
    return not_met[-2] if len(not_met) > 1 else lowest_grade(scale)


def _met_only(
    rule: GradingRule, met: bool, rate: Decimal | None, basis: str | None, why: list[Said]
) -> _Outcome:
    grade = rule.scale.band_for(None, True) if met else lowest_grade(rule.scale)
    g = grade.symbol
    if met:
        why.append(said(f"目標を達成 → {g}", f"target met → {g}"))
    else:
        why.append(said(f"目標未達成 → {g}", f"target not met → {g}"))
    return _Outcome(g, met, rate, basis, tuple(why))


def _moved(
    context: Context,
    value: Decimal,
    met: bool,
    rate: Decimal | None,
    basis: str | None,
    why: list[Said],
) -> _Outcome:
    """A movement rule: met, else forward, flat or back from the baseline."""
    rule, unit, base = context.rule, context.unit, context.baseline
    if met:
        g = rule.scale.band_for(None, True).symbol
        why.append(said(f"目標を達成 → {g}", f"target met → {g}"))
        return _Outcome(g, met, rate, basis, tuple(why))
    if base is None:
        unable = _unable(_baseline_reason(context), "推移を判定できない", "no movement to grade")
        return unable._replace(met=met, rate=rate, basis=basis, said=(*why, *unable.said))
    if rule.tolerance_unit == "percent" and base.is_zero():
        why.append(
            said(
                "基準値が 0 で比を取れないため推移を判定できない → －",
                "a zero baseline to measure the movement from in percent → －",
            )
        )
        return _Outcome(NO_GRADE, met, rate, basis, tuple(why))
    change = value - base if context.indicator.direction is Direction.HIGHER else base - value
    measured = _measured(rule, change, base, value, unit)
    g = rule.movement[measured.move]
    why.append(functools.partial(_moved_text, measured, g))
    return _Outcome(g, met, rate, basis, tuple(why))


def _moved_text(change: _Change, g: str) -> tuple[str, str]:
    """The sentence of :func:`_moved`: the improvement and the grade it earns."""
    b, a, tol, edge_ja, shown = _change_words(change)
    word_ja, word_en = _MOVE_WORDS[change.move]
    return (
        f"未達成、基準値 {b} から実績 {a} への改善幅 {shown}"
        f"（±{tol}{edge_ja}で変化）→ {word_ja} → {g}",
        f"not met, improvement from the baseline {b} to the actual {a} is {shown} "
        f"(tolerance ±{tol}, an exact edge counting as {change.rule.tolerance_edge}) → "
        f"{word_en} → {g}",
    )


class _Change(NamedTuple):
    """A change from the baseline to an actual, judged in the rule's tolerance unit."""

    rule: GradingRule
    base: Decimal
    value: Decimal
    unit: str
    move: str
    """``forward``, ``flat`` or ``back``."""
    moved: Decimal
    """The change, rounded by the rule."""
    suffix: str
    """The unit the change is shown in: ``%`` or the indicator's."""


def _change_words(change: _Change) -> tuple[str, str, str, str, str]:
    """(baseline, actual, tolerance, its edge in Japanese, change) as shown."""
    rule, unit = change.rule, change.unit
    return (
        f"{fmt(change.base)}{unit}",
        f"{fmt(change.value)}{unit}",
        _tolerance(rule, unit),
        "以上" if rule.tolerance_edge == "moved" else "超",
        f"{fmt_rate(change.moved)}{change.suffix}",
    )


_MOVE_WORDS = {
    "forward": ("前進", "moved forward"),
    "flat": ("横ばい", "no notable change"),
    "back": ("後退", "moved back"),
}


def _measured(
    rule: GradingRule, change: Decimal, base: Decimal, value: Decimal, unit: str
) -> _Change:
    """The change from ``base`` to ``value`` in the rule's tolerance unit; a percent
    tolerance needs a baseline that is not zero."""
    if rule.tolerance_unit == "percent":
        moved = rule.round(percent(change, abs(base)))
        return _Change(rule, base, value, unit, _movement(rule, moved), moved, "%")
    moved = rule.round(change)
    return _Change(rule, base, value, unit, _movement(rule, moved), moved, unit)


def _tolerance(rule: GradingRule, unit: str) -> str:
    """The rule's tolerance as shown: ``2%``, or in the indicator's unit."""
    return f"{fmt(rule.tolerance)}{'%' if rule.tolerance_unit == 'percent' else unit}"


def _movement(rule: GradingRule, change: Decimal) -> str:
    """``forward``, ``flat`` or ``back``: a change beyond the tolerance moved."""
    size, tolerance = abs(change), rule.tolerance
    on_edge = size == tolerance and tolerance > 0 and rule.tolerance_edge == "moved"
    if size > tolerance or on_edge:
        return "forward" if change > 0 else "back"
    return "flat"


def _rated(
    rule: GradingRule,
    met: bool,
    rate: Decimal | None,
    basis: str | None,
    formula: Said,
    why: list[Said],
    context: Context | None = None,
    value: Decimal | None = None,
) -> _Outcome:
    """Grade a rate by the rule's measure: its bands, movement, or met or not."""
    why.append(functools.partial(_rate_text, rule, rate, formula))
    if rule.measure == "movement" and context is not None and value is not None:
        return _moved(context, value, met, rate, basis, why)
    if rule.measure == "met":
        return _met_only(rule, met, rate, basis, why)
    rounded = rule.round(rate) if rate is not None else None
    scale = rule.scale
    grade = scale.band_for(rounded, met).symbol
    no_baseline = context is not None and context.baseline is None
    if grade == NO_GRADE and rule.measure == "progress" and no_baseline:
        assert context is not None
        reason = _baseline_reason(context)
        why.append(said(f"{reason[1]} → －", f"{reason[2]} → －"))
        return _Outcome(NO_GRADE, met, rate, basis, tuple(why), reason)
    why.append(functools.partial(_rule_words, scale, met, rounded))
    return _Outcome(grade, met, rate, basis, tuple(why))


def _rule_words(scale: GradeScale, met: bool, rounded: Decimal | None) -> tuple[str, str]:
    """The band rule applied, in ja and en."""
    _, ja, en = grade_from_rate(scale, met, rounded)
    return ja, en


def _assessment_grade(scale: GradeScale, assessment: Assessment) -> tuple[str, bool]:
    """The grade an owner's assessment earns on a scale (A, C, D by default), and met."""
    if assessment is Assessment.ACHIEVED:
        return scale.band_for(None, True).symbol, True
    if assessment is Assessment.PARTIAL:
        return partial_grade(scale).symbol, False
    return lowest_grade(scale).symbol, False


def _assessed(scale: GradeScale, actual: Actual, what_ja: str, what_en: str) -> _Outcome:
    if actual.assessment is None:
        return _Outcome(
            NO_GRADE,
            None,
            said=(
                said(
                    f"{what_ja}に対する評価（達成・一部達成・未達成）が記録されていない → －",
                    f"no assessment recorded against the {what_en} → －",
                ),
            ),
        )
    grade, met = _assessment_grade(scale, actual.assessment)
    word_ja, word_en = label(actual.assessment), label(actual.assessment, "en")
    return _Outcome(
        grade,
        met,
        basis="assessment",
        said=(
            said(
                f"{what_ja}に対し計画に記録された評価「{word_ja}」 → {grade}",
                f"the plan records the result against the {what_en} as {word_en} → {grade}",
            ),
        ),
    )


def _staged(context: Context, target: Target, actual: Actual) -> _Outcome:
    assert target.stage is not None
    if actual.stage is None:
        return _assessed(
            context.rule.scale,
            actual,
            f"段階目標「{target.stage}」",
            f"stage target {target.stage}",
        )
    ladder = context.ladder
    if target.stage not in ladder or actual.stage not in ladder:
        return _Outcome(
            NO_GRADE,
            None,
            said=(
                said(
                    f"段階が段階表 {' → '.join(ladder)} にない → －",
                    f"a stage is not on the ladder {' → '.join(ladder)} → －",
                ),
            ),
        )
    short = ladder.index(target.stage) - ladder.index(actual.stage)
    scale = context.rule.scale
    if short <= 0:
        grade, met = scale.band_for(None, True).symbol, True
    else:
        grade, met = (partial_grade(scale) if short == 1 else lowest_grade(scale)).symbol, False
    staged = _staged_text(ladder, target.stage, actual.stage, short, met, grade)
    return _Outcome(grade, met, basis="stage", said=(staged,))


def _staged_text(
    ladder: Sequence[str], target: str, actual: str, short: int, met: bool, grade: str
) -> tuple[str, str]:
    """The sentence of :func:`_staged`: the stages and the steps short."""
    shown = " → ".join(ladder)
    steps = f"目標「{target}」、実績「{actual}」（段階表 {shown}）"
    steps_en = f"target {target}, actual {actual} (ladder {shown})"
    if met:
        return f"{steps}: 目標段階に到達 → {grade}", f"{steps_en}: reached → {grade}"
    return (
        f"{steps}: {short}段階不足 → {grade}",
        f"{steps_en}: {short} stage(s) short → {grade}",
    )


def _judge(context: Context, year: FiscalYear, target: Target | None, actual: Actual) -> _Outcome:
    if target is not None and target.stage is not None:
        return _staged(context, target, actual)
    if target is not None and target.statement is not None:
        return _assessed(
            context.rule.scale, actual, f"目標「{target.statement}」", "statement target"
        )
    expected = context.expected.get(year.year)
    is_range = target is not None and (target.minimum is not None or target.maximum is not None)
    is_trend = target is not None and target.trend is not None
    if expected is None and not is_range and not is_trend:
        if context.rule.compare == "straight_line" and context.baseline is None:
            return _unable(_baseline_reason(context), "期待値を定められない", "no expected value")
        return _no_target(year.year)
    if actual.value is None:
        if actual.assessment is not None:
            return _assessed(context.rule.scale, actual, "数値目標", "numeric target")
        return _NOT_A_NUMBER
    if target is not None and target.trend is not None:
        return _trended(context, target, actual.value)
    return _numeric(context, year, target, actual.value)


@functools.lru_cache(maxsize=64)
def _no_target(year: int) -> _Outcome:
    """The judgement of a year without a target or expected value: one per year."""
    label = _label(year)
    return _Outcome(
        NO_GRADE,
        said=(said(f"{label}の目標がない → －", f"no target for {label} → －"),),
        reason=reason_of("missing_target"),
    )


_NOT_A_NUMBER = _Outcome(
    NO_GRADE, said=(said("実績が数値でない → －", "the actual is not a number → －"),)
)


_TREND_WORDS = {
    Trend.INCREASE: ("増加", "increase"),
    Trend.DECREASE: ("減少", "decrease"),
    Trend.MAINTAIN: ("悪化しない", "no worsening"),
}


def _trended(context: Context, target: Target, value: Decimal) -> _Outcome:
    """A direction-only target (増加, 減少, 維持): the movement from the baseline.

    Met when the actual moved beyond the rule's tolerance the target's way (for 維持:
    did not move back); otherwise the rule's movement grade, or without one C for no
    notable change and D for a move back.
    """
    assert target.trend is not None
    rule, unit, base, scale = context.rule, context.unit, context.baseline, context.rule.scale
    words = target_text(target)
    if base is None:
        return _unable(
            _baseline_reason(context),
            f"方向目標「{words}」の増減を判定できない",
            f"the direction target ({words}) cannot be judged",
        )
    trend = target.trend
    lower = trend is Trend.DECREASE or (
        trend is Trend.MAINTAIN and context.indicator.direction is Direction.LOWER
    )
    change = base - value if lower else value - base
    if rule.tolerance_unit == "percent" and base.is_zero():
        return _Outcome(
            NO_GRADE,
            said=(
                said(
                    "基準値が 0 で比を取れないため増減を判定できない → －",
                    "a zero baseline to measure the change from in percent → －",
                ),
            ),
        )
    measured = _measured(rule, change, base, value, unit)
    move = measured.move
    met = move != "back" if trend is Trend.MAINTAIN else move == "forward"
    if met:
        grade = scale.band_for(None, True).symbol
    elif rule.measure == "movement":
        grade = rule.movement[move]
    else:
        grade = (partial_grade(scale) if move == "flat" else lowest_grade(scale)).symbol
    trended = functools.partial(_trended_text, measured, words, trend, met, grade)
    return _Outcome(grade, met, basis="trend", said=(trended,))


def _trended_text(
    change: _Change, words: str | None, trend: Trend, met: bool, grade: str
) -> tuple[str, str]:
    """The sentence of :func:`_trended`: the change the target's way and its grade."""
    b, a, tol, edge_ja, shown = _change_words(change)
    way_ja, way_en = _TREND_WORDS[trend]
    word_ja, word_en = _MOVE_WORDS[change.move]
    done_ja, done_en = ("達成", "met") if met else ("未達成", "not met")
    return (
        f"方向目標「{words}」: 基準値 {b} から実績 {a}、{way_ja}の向きの変化 {shown}"
        f"（±{tol}{edge_ja}で変化）→ {word_ja} → {done_ja} → {grade}",
        f"direction target ({words}): from the baseline {b} to the actual {a}, "
        f"change the {way_en} way {shown} (tolerance ±{tol}) → {word_en} → "
        f"{done_en} → {grade}",
    )


def _ranked(context: Context, year: FiscalYear, target: Target) -> _Outcome:
    """A rank target (全国5位以内) against the indicator's 全国順位 of the year.

    The rate is the ratio of ranks as for a lower-is-better indicator (target rank ÷
    actual rank × 100); a met-only or movement rule grades met or not.
    """
    assert target.rank is not None
    rule, want = context.rule, target.rank
    rank = context.indicator.national_rank
    if rank is None or rank.year is None or rank.year.year != year.year:
        return _unable(
            reason_of("no_rank"),
            f"順位目標「全国{want}位以内」を判定できない",
            f"the rank target (national rank {want} or better) cannot be judged",
        )
    met, actual = rank.rank <= want, rank.rank
    when = _label(year.year)
    why = [
        said(
            f"順位目標 全国{want}位以内、{when}の実績 全国{actual}位",
            f"rank target {want} or better, national rank {actual} in {when}",
        )
    ]
    rate = percent(Decimal(want), Decimal(actual))
    if rule.measure in ("movement", "met"):
        return _met_only(rule, met, rate, "rank", why)
    formula = said(
        f"目標順位 {want} ÷ 実績順位 {actual} × 100",
        f"target rank {want} / actual rank {actual} × 100",
    )
    return _rated(rule, met, rate, "rank", formula, why)


def _not_graded_target(
    context: Context, year: FiscalYear, target: Target | None
) -> _Outcome | None:
    """The judgement of a target that is graded without an actual, or never: a
    projected volume (見込量), 設定しない, a rank; None for any other target."""
    if target is None:
        return None
    if target.projected:
        volume, unit = target.value or Decimal(0), context.unit
        return _Outcome(
            NO_GRADE,
            said=(functools.partial(_projected_text, volume, unit),),
            reason=reason_of("projected"),
        )
    if target.no_target is not None:
        return _Outcome(
            NO_GRADE,
            said=(
                said(
                    f"目標を設定しない（{target.no_target}） → －",
                    f"deliberately no target ({target.no_target}) → －",
                ),
            ),
            reason=(
                "no_target",
                f"目標を設定しない（{target.no_target}）",
                f"deliberately no target: {target.no_target}",
            ),
        )
    if target.rank is not None and year.year <= context.as_of:
        return _ranked(context, year, target)
    return None


def _projected_text(volume: Decimal, unit: str) -> tuple[str, str]:
    """Why a projected volume (見込量) is not graded."""
    return (
        f"見込量 {fmt(volume)}{unit} は評価対象外 → －",
        f"projected volume {fmt(volume)}{unit}, not graded → －",
    )


# The judgements that depend on nothing but the evaluation year are made once: most
# indicator-years of a plan in progress are years after it, or years with no actual.
_NO_ACTUAL = _Outcome(NO_GRADE, said=(said("実績なし → －", "no actual → －"),))
_NOT_REPORTED = _Outcome(NO_GRADE, said=(said("実績の報告なし（－） → －", "not reported → －"),))


@functools.lru_cache(maxsize=64)
def _after(as_of: int) -> Explanation:
    """Why a year after the evaluation year ``as_of`` (western) is not graded; one
    explanation shared by all such years, as it is the same text."""
    label = _label(as_of)
    return Explanation(
        (said(f"評価年度 {label} より後の年度 → －", f"after the evaluation year {label} → －"),)
    )


def _reported(
    context: Context, year: FiscalYear, target: Target | None, actual: Actual | None
) -> tuple[_Outcome, bool]:
    """The judgement of what was reported, and whether the year is pending (作成中)."""
    if actual is None:
        return _NO_ACTUAL, False
    if actual.status is ActualStatus.NOT_REPORTED:
        return _NOT_REPORTED, False
    if actual.status is ActualStatus.IN_PROGRESS:
        return _Outcome(
            NO_GRADE,
            said=(
                said(
                    f"実績は「{actual.text}」のため評価保留 → －",
                    f"the actual is being compiled ({actual.text}): pending → －",
                ),
            ),
        ), True
    return _judge(context, year, target, actual), False


def _trend_ahead(context: Context, year: int) -> Target | None:
    """The next target after ``year`` when it is a direction target (延伸 by H34):
    the direction holds on the way there, as a straight line does for a number."""
    later = [y for y in context.targets if y > year]
    if not later:
        return None
    ahead = context.targets[min(later)]
    return ahead if ahead.trend is not None else None


def _provisional(actual: Actual) -> Said:
    """Why a grade is provisional: a preliminary figure, or an estimate as of a date."""
    if actual.status is ActualStatus.PRELIMINARY:
        return said("速報値による暫定評価", "provisional: graded on a preliminary figure")
    return _estimated(actual.as_of)


@functools.lru_cache(maxsize=256)
def _estimated(as_of: datetime.date | None) -> Said:
    """Why a grade on an estimate is provisional: one sentence per date, as the
    estimates of a plan share a few dates (R4.5.31)."""
    when = f"（{format_date(as_of)}時点）" if as_of is not None else ""
    when_en = f" as of {as_of.isoformat()}" if as_of is not None else ""
    return said(f"見込み値{when}による暫定評価", f"provisional: graded on an estimate{when_en}")


def grade_year(context: Context, year: FiscalYear) -> YearResult:
    """One indicator's result in one year: judged, overridden by hand, marked provisional.

    Args:
        context: What grading the indicator needs.
        year: The fiscal year.

    Returns:
        The year's result with its explanation in Japanese and English.
    """
    rule = context.rule
    western = year.year
    target = context.targets.get(western)
    revised = context.revised.get(western)
    if target is None and rule.interpolate:
        target = _trend_ahead(context, western)
        if target is not None:
            revised = context.revised.get(target.year.year)
    if western > context.as_of and (
        target is None or not (target.projected or target.no_target is not None)
    ):
        return _after_year(context, year, target, revised)
    actual = context.actuals.get(western) if western <= context.as_of else None
    early = _not_graded_target(context, year, target)
    if early is not None:
        outcome, pending = early, False
    else:
        outcome, pending = _reported(context, year, target, actual)
    expected = context.expected.get(western)
    reason = outcome.reason
    if reason is None and target is None and expected is None and western <= context.as_of:
        reason = reason_of("missing_target")
    grade, basis = outcome.grade, outcome.basis
    why = outcome.said
    if actual is not None and actual.override is not None:
        override = actual.override
        why += (
            said(
                f"評価を手動で {override.grade} に変更（理由: {override.reason}）",
                f"grade set by hand to {override.grade} (reason: {override.reason})",
            ),
        )
        grade, basis, pending, reason = override.grade, "override", False, None
    provisional = actual is not None and actual.status in PROVISIONAL_STATUSES and grade != NO_GRADE
    if provisional:
        assert actual is not None
        why += (_provisional(actual),)
    official = actual.official_grade if actual is not None else None
    if official is not None and official != outcome.grade:
        why += (
            said(
                f"公表された評価は {official}（この規則による評価 {outcome.grade} と異なる）",
                f"the published grade is {official} (this rule gives {outcome.grade})",
            ),
        )
    rate = outcome.rate
    code, reason_ja, reason_en = reason if reason is not None else _NOTHING
    original, in_force, revision = _revised_targets(revised)
    # Positional: a call naming 23 keywords costs more than the judgement of most years.
    return YearResult(
        year,
        target,
        actual,
        expected,
        rate,
        rule.round(rate) if rate is not None else None,
        outcome.met,
        grade,
        rule.scale.label(grade, "ja"),
        rule.scale.label(grade, "en"),
        pending,
        provisional,
        Explanation(why),
        basis,
        outcome.grade,
        official,
        code,
        reason_ja,
        reason_en,
        original,
        in_force,
        revision,
    )


_NOTHING = (None, None, None)


def _revised_targets(
    revised: Revised | None,
) -> tuple[Target | None, Target | None, Revision | None]:
    """A year's original and revised target and the revision, or three Nones."""
    if revised is None:
        return _NOTHING
    return revised.original, revised.revised, revised.revision


def _after_year(
    context: Context, year: FiscalYear, target: Target | None, revised: Revised | None
) -> YearResult:
    """A year after the evaluation year (most years of a plan in progress): nothing
    reported is read and nothing judged; only the target and expected value differ."""
    scale = context.rule.scale
    original, in_force, revision = _revised_targets(revised)
    return YearResult(
        year,
        target,
        None,
        context.expected.get(year.year),
        None,
        None,
        None,
        NO_GRADE,
        scale.label(NO_GRADE, "ja"),
        scale.label(NO_GRADE, "en"),
        False,
        False,
        _after(context.as_of),
        None,
        NO_GRADE,
        None,
        None,
        None,
        None,
        original,
        in_force,
        revision,
    )
