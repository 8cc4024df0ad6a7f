"""Judging one indicator in one year: expected value, met test, rate, grade, and why.

Every judgement explains itself in Japanese and English, so that an auditor can
recompute the figure by hand; the grade is the method's scale's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from kpiplan._fiscal import FiscalYear
from kpiplan._model import (
    Accumulation,
    Actual,
    ActualStatus,
    Assessment,
    Direction,
    Indicator,
    Target,
)
from kpiplan.grading._numbers import HUNDRED, fmt, fmt_rate, percent, round_to
from kpiplan.grading._numbers import year_label as _label
from kpiplan.grading._results import YearResult, target_text
from kpiplan.grading._rules import GradingRule
from kpiplan.grading._scale import NO_GRADE, Grade, GradeScale
from kpiplan.vocabulary import label

__all__ = [
    "Context",
    "expected_values",
    "grade_from_rate",
    "grade_year",
    "lowest_grade",
    "partial_grade",
    "targets_by_year",
]


@attrs.frozen
class Context:
    """What grading one indicator needs, computed once."""

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
    first_year: int = 0
    """The plan period's first western year (year 1 of a ``share_of_target`` path)."""


def targets_by_year(indicator: Indicator) -> dict[int, Target]:
    # Fiscal years compare through attrs' generic ordering, which is slow; an index by
    # western year makes a plan of 10,000 indicators evaluate faster than it loads.
    found: dict[int, Target] = {}
    for target in indicator.targets:
        last = (target.through or target.year).year
        for year in range(target.year.year, last + 1):
            found.setdefault(year, target)
    return found


def expected_values(
    indicator: Indicator,
    years: tuple[int, ...],
    rule: GradingRule,
    targets: Mapping[int, Target],
    baseline: Decimal | None,
    first_year: int | None = None,
) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """Each year's expected value, and for interpolated or path ones how (ja|en)."""
    numeric = sorted(
        ((t.year.year, t.value) for t in indicator.targets if t.value is not None),
        key=lambda pair: pair[0],
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
            expected[year] = target.value
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


@attrs.frozen
class _Outcome:
    """A computed judgement before labels and the override are applied."""

    grade: str
    met: bool | None = None
    rate: Decimal | None = None
    basis: str | None = None
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


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
) -> tuple[Decimal | None, str | None, str, str]:
    """(rate, basis used, formula ja, formula en) for higher or lower is better."""
    a, t = f"{fmt(actual)}{unit}", f"{fmt(target)}{unit}"
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
                rate = percent(target, actual)
                return rate, kind, f"目標 {t} ÷ 実績 {a} × 100", f"target {t} / actual {a} × 100"
            rate = percent(actual, target)
            return rate, kind, f"実績 {a} ÷ 目標 {t} × 100", f"actual {a} / target {t} × 100"
        if kind == "progress" and progress_ok:
            assert base is not None
            b = f"{fmt(base)}{unit}"
            if direction is Direction.LOWER:
                rate = percent(base - actual, base - target)
                return (
                    rate,
                    kind,
                    f"(基準値 {b} − 実績 {a}) ÷ (基準値 {b} − 目標 {t}) × 100",
                    f"(baseline {b} − actual {a}) / (baseline {b} − target {t}) × 100",
                )
            rate = percent(actual - base, target - base)
            return (
                rate,
                kind,
                f"(実績 {a} − 基準値 {b}) ÷ (目標 {t} − 基準値 {b}) × 100",
                f"(actual {a} − baseline {b}) / (target {t} − baseline {b}) × 100",
            )
    if basis == "auto":
        why_ja, why_en = "比も進捗率も定義できない", "neither ratio nor progress is defined"
    elif basis == "ratio":
        why_ja, why_en = "比を定義できない（目標・実績が正でない）", "no ratio (values not > 0)"
    else:
        why_ja, why_en = (
            "基準値がないか、目標が基準値より良い側にない",
            "no baseline, or the target is not on the good side of it",
        )
    return None, None, why_ja, why_en


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
    ja: list[str] = []
    en: list[str] = []
    direction = indicator.direction
    expected = context.expected.get(year.year)
    if year.year in context.interpolated:
        text_ja, text_en = context.interpolated[year.year].split("|")
        label, shown = _label(year.year), fmt(expected or Decimal(0))
        if rule.compare == "target":
            ja.append(f"{label}の目標がないため、目標 {shown}{unit} は{text_ja}")
            en.append(f"no target for {label}: expected {shown}{unit} on the {text_en}")
        else:
            path = fmt(round_to(expected or Decimal(0), Decimal("0.01")))
            ja.append(f"{label}の期待値 {path}{unit} は{text_ja}")
            en.append(f"expected value for {label} {path}{unit}, {text_en}")
    if target is not None and target.value is None:
        # A range target (minimum/maximum).
        low, high = target.minimum, target.maximum
        inside = (low is None or value >= low) and (high is None or value <= high)
        bounds = target_text(target)
        if inside:
            ja.append(f"実績 {fmt(value)}{unit} は目標範囲 {bounds} 内 → 達成率 100")
            en.append(f"actual {fmt(value)}{unit} within the range {bounds} → rate 100")
            grade = rule.scale.grade_for(None, met=True)
            return _Outcome(grade, True, HUNDRED, "range", tuple(ja), tuple(en))
        if low is not None and value < low:
            direction, bound = Direction.HIGHER, low
        else:
            assert high is not None
            direction, bound = Direction.LOWER, high
        ja.append(f"目標範囲 {bounds} の外のため境界 {fmt(bound)}{unit} と比較")
        en.append(f"outside the range {bounds}: compared with its bound {fmt(bound)}{unit}")
        rate, basis, f_ja, f_en = _rate(
            direction, value, bound, context.baseline, _basis(rule), unit
        )
        return _rated(rule, False, rate, basis or "range", f_ja, f_en, ja, en)
    assert expected is not None
    actual_v, target_v, base = value, expected, context.baseline
    if indicator.accumulation is Accumulation.CUMULATIVE and rule.cumulative == "increment":
        prev_actual, prev_target = _previous(context, year.year)
        if prev_actual is None or prev_target is None:
            ja.append("累計の増加分で比較するが前年度の値がない → －")
            en.append("increment basis, but the year before has no value → －")
            return _Outcome(NO_GRADE, None, None, None, tuple(ja), tuple(en))
        actual_v, target_v, base = value - prev_actual, expected - prev_target, Decimal(0)
        ja.append(
            f"累計の増加分で比較: 実績増 {fmt(actual_v)} = {fmt(value)} − {fmt(prev_actual)}、"
            f"目標増 {fmt(target_v)} = {fmt(expected)} − {fmt(prev_target)}"
        )
        en.append(
            f"increment basis: actual increase {fmt(actual_v)} = {fmt(value)} − "
            f"{fmt(prev_actual)}, target increase {fmt(target_v)} = {fmt(expected)} − "
            f"{fmt(prev_target)}"
        )
    met = actual_v <= target_v if direction is Direction.LOWER else actual_v >= target_v
    rate, basis, f_ja, f_en = _rate(direction, actual_v, target_v, base, _basis(rule), unit)
    return _rated(rule, met, rate, basis, f_ja, f_en, ja, en, context, value)


def _basis(rule: GradingRule) -> str:
    """The rate basis: the measure's, or ``auto`` for a rate shown beside another measure."""
    return rule.measure if rule.measure in ("ratio", "progress") else "auto"


def _rate_text(
    rule: GradingRule, rate: Decimal | None, formula_ja: str, formula_en: str
) -> tuple[Decimal | None, str, str]:
    """The published rate and how it was computed and rounded, in ja and en."""
    if rate is None:
        return None, f"達成率なし（{formula_ja}）", f"no rate ({formula_en})"
    rounded = rule.round(rate)
    exact = fmt(round_to(rate, Decimal("0.0001")))
    how_ja, how_en = rule.rounding_text()
    return (
        rounded,
        f"達成率 = {formula_ja} = {exact} → {fmt_rate(rounded)}%（{how_ja}）",
        f"rate = {formula_en} = {exact} → {fmt_rate(rounded)}% ({how_en})",
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
    rule: GradingRule,
    met: bool,
    rate: Decimal | None,
    basis: str | None,
    ja: list[str],
    en: list[str],
) -> _Outcome:
    grade = rule.scale.band_for(None, True) if met else lowest_grade(rule.scale)
    g = grade.symbol
    ja.append(f"目標を達成 → {g}" if met else f"目標未達成 → {g}")
    en.append(f"target met → {g}" if met else f"target not met → {g}")
    return _Outcome(g, met, rate, basis, tuple(ja), tuple(en))


def _moved(
    context: Context,
    value: Decimal,
    met: bool,
    rate: Decimal | None,
    basis: str | None,
    ja: list[str],
    en: list[str],
) -> _Outcome:
    """A movement rule: met, else forward, flat or back from the baseline."""
    rule, unit, base = context.rule, context.unit, context.baseline
    if met:
        g = rule.scale.band_for(None, True).symbol
        ja.append(f"目標を達成 → {g}")
        en.append(f"target met → {g}")
        return _Outcome(g, met, rate, basis, tuple(ja), tuple(en))
    if base is None or (rule.tolerance_unit == "percent" and base.is_zero()):
        ja.append("基準値がない（または 0 で比を取れない）ため推移を判定できない → －")
        en.append("no baseline (or a zero one) to measure the movement from → －")
        return _Outcome(NO_GRADE, met, rate, basis, tuple(ja), tuple(en))
    change = value - base if context.indicator.direction is Direction.HIGHER else base - value
    b, a = f"{fmt(base)}{unit}", f"{fmt(value)}{unit}"
    if rule.tolerance_unit == "percent":
        moved = rule.round(percent(change, abs(base)))
        shown, tol = f"{fmt_rate(moved)}%", f"{fmt(rule.tolerance)}%"
    else:
        moved = rule.round(change)
        shown, tol = f"{fmt_rate(moved)}{unit}", f"{fmt(rule.tolerance)}{unit}"
    move = _movement(rule, moved)
    g = rule.movement[move]
    edge_ja = "以上" if rule.tolerance_edge == "moved" else "超"
    word_ja = {"forward": "前進", "flat": "横ばい", "back": "後退"}[move]
    word_en = {"forward": "moved forward", "flat": "no notable change", "back": "moved back"}[move]
    ja.append(
        f"未達成、基準値 {b} から実績 {a} への改善幅 {shown}"
        f"（±{tol}{edge_ja}で変化）→ {word_ja} → {g}"
    )
    en.append(
        f"not met, improvement from the baseline {b} to the actual {a} is {shown} "
        f"(tolerance ±{tol}, an exact edge counting as {rule.tolerance_edge}) → {word_en} → {g}"
    )
    return _Outcome(g, met, rate, basis, tuple(ja), tuple(en))


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
    formula_ja: str,
    formula_en: str,
    ja: list[str],
    en: list[str],
    context: Context | None = None,
    value: Decimal | None = None,
) -> _Outcome:
    """Grade a rate by the rule's measure: its bands, movement, or met or not."""
    rounded, rate_ja, rate_en = _rate_text(rule, rate, formula_ja, formula_en)
    ja.append(rate_ja)
    en.append(rate_en)
    if rule.measure == "movement" and context is not None and value is not None:
        return _moved(context, value, met, rate, basis, ja, en)
    if rule.measure == "met":
        return _met_only(rule, met, rate, basis, ja, en)
    grade, rule_ja, rule_en = grade_from_rate(rule.scale, met, rounded)
    ja.append(rule_ja)
    en.append(rule_en)
    return _Outcome(grade, met, rate, basis, tuple(ja), tuple(en))


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
            ja=(f"{what_ja}に対する評価（達成・一部達成・未達成）が記録されていない → －",),
            en=(f"no assessment recorded against the {what_en} → －",),
        )
    grade, met = _assessment_grade(scale, actual.assessment)
    word_ja, word_en = label(actual.assessment), label(actual.assessment, "en")
    return _Outcome(
        grade,
        met,
        basis="assessment",
        ja=(f"{what_ja}に対し計画に記録された評価「{word_ja}」 → {grade}",),
        en=(f"the plan records the result against the {what_en} as {word_en} → {grade}",),
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
            ja=(f"段階が段階表 {' → '.join(ladder)} にない → －",),
            en=(f"a stage is not on the ladder {' → '.join(ladder)} → －",),
        )
    short = ladder.index(target.stage) - ladder.index(actual.stage)
    steps = f"目標「{target.stage}」、実績「{actual.stage}」（段階表 {' → '.join(ladder)}）"
    steps_en = f"target {target.stage}, actual {actual.stage} (ladder {' → '.join(ladder)})"
    scale = context.rule.scale
    if short <= 0:
        best = scale.band_for(None, True).symbol
        return _Outcome(
            best,
            True,
            basis="stage",
            ja=(f"{steps}: 目標段階に到達 → {best}",),
            en=(f"{steps_en}: reached → {best}",),
        )
    grade = (partial_grade(scale) if short == 1 else lowest_grade(scale)).symbol
    return _Outcome(
        grade,
        False,
        basis="stage",
        ja=(f"{steps}: {short}段階不足 → {grade}",),
        en=(f"{steps_en}: {short} stage(s) short → {grade}",),
    )


def _judge(context: Context, year: FiscalYear, target: Target | None, actual: Actual) -> _Outcome:
    if target is not None and target.stage is not None:
        return _staged(context, target, actual)
    if target is not None and target.statement is not None:
        return _assessed(
            context.rule.scale, actual, f"目標「{target.statement}」", "statement target"
        )
    expected = context.expected.get(year.year)
    is_range = target is not None and target.value is None
    if expected is None and not is_range:
        label = _label(year.year)
        return _Outcome(
            NO_GRADE, ja=(f"{label}の目標がない → －",), en=(f"no target for {label} → －",)
        )
    if actual.value is None:
        if actual.assessment is not None:
            return _assessed(context.rule.scale, actual, "数値目標", "numeric target")
        return _Outcome(
            NO_GRADE,
            ja=("実績が数値でない → －",),
            en=("the actual is not a number → －",),
        )
    return _numeric(context, year, target, actual.value)


def _reported(
    context: Context, year: FiscalYear, target: Target | None, actual: Actual | None
) -> tuple[_Outcome, bool]:
    """The judgement of what was reported, and whether the year is pending (作成中)."""
    if actual is None:
        if year.year > context.as_of:
            as_of = _label(context.as_of)
            return _Outcome(
                NO_GRADE,
                ja=(f"評価年度 {as_of} より後の年度 → －",),
                en=(f"after the evaluation year {as_of} → －",),
            ), False
        return _Outcome(NO_GRADE, ja=("実績なし → －",), en=("no actual → －",)), False
    if actual.status is ActualStatus.NOT_REPORTED:
        return _Outcome(
            NO_GRADE, ja=("実績の報告なし（－） → －",), en=("not reported → －",)
        ), False
    if actual.status is ActualStatus.IN_PROGRESS:
        return _Outcome(
            NO_GRADE,
            ja=(f"実績は「{actual.text}」のため評価保留 → －",),
            en=(f"the actual is being compiled ({actual.text}): pending → －",),
        ), True
    return _judge(context, year, target, actual), False


def grade_year(context: Context, year: FiscalYear) -> YearResult:
    """One indicator's result in one year: judged, overridden by hand, marked provisional.

    Args:
        context: What grading the indicator needs.
        year: The fiscal year.

    Returns:
        The year's result with its explanation in Japanese and English.
    """
    rule = context.rule
    target = context.targets.get(year.year)
    actual = context.actuals.get(year.year) if year.year <= context.as_of else None
    outcome, pending = _reported(context, year, target, actual)
    grade, basis = outcome.grade, outcome.basis
    ja, en = list(outcome.ja), list(outcome.en)
    if actual is not None and actual.override is not None:
        ja.append(f"評価を手動で {actual.override.grade} に変更（理由: {actual.override.reason}）")
        en.append(
            f"grade set by hand to {actual.override.grade} (reason: {actual.override.reason})"
        )
        grade, basis, pending = actual.override.grade, "override", False
    provisional = actual is not None and actual.is_estimate and grade != NO_GRADE
    if provisional:
        assert actual is not None
        when = f"（{actual.as_of.isoformat()}時点）" if actual.as_of is not None else ""
        when_en = f" as of {actual.as_of.isoformat()}" if actual.as_of is not None else ""
        ja.append(f"見込み値{when}による暫定評価")
        en.append(f"provisional: graded on an estimate{when_en}")
    official = actual.official_grade if actual is not None else None
    if official is not None and official != outcome.grade:
        ja.append(f"公表された評価は {official}（この規則による評価 {outcome.grade} と異なる）")
        en.append(f"the published grade is {official} (this rule gives {outcome.grade})")
    rate = outcome.rate
    return YearResult(
        fiscal_year=year,
        target=target,
        actual=actual,
        expected=context.expected.get(year.year),
        rate=rate,
        rate_rounded=rule.round(rate) if rate is not None else None,
        met=outcome.met,
        grade=grade,
        grade_label_ja=rule.scale.label(grade, "ja"),
        grade_label_en=rule.scale.label(grade, "en"),
        pending=pending,
        provisional=provisional,
        explanation_ja="。".join(ja),
        explanation_en="; ".join(en),
        basis=basis,
        computed_grade=outcome.grade,
        official_grade=official,
    )
