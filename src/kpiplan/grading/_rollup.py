"""Roll-ups: the grades of a CSF's indicators, or the plan's, in the evaluation year."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from kpiplan._frozen import FrozenMap
from kpiplan._model import ActualStatus
from kpiplan.grading._judge import grade_from_rate
from kpiplan.grading._method import Method
from kpiplan.grading._numbers import HUNDRED, percent, round_to
from kpiplan.grading._results import Exclusion, IndicatorResult, Rollup, YearResult
from kpiplan.grading._scale import NO_GRADE, GradeScale

__all__ = ["rollup"]

_SCORE_PLACES = Decimal("0.01")


_REASONS: dict[str, tuple[str, str]] = {
    "outside_period": ("評価年度が計画期間外", "evaluation year outside the plan period"),
    "pending": ("作成中", "pending"),
    "no_actual": ("実績なし", "no actual"),
    "not_reported": ("－", "not reported"),
    "no_target": ("目標なし", "no target"),
    "no_rate": ("達成率・評価なし", "no rate or assessment"),
}


def _exclusion(result: IndicatorResult) -> Exclusion:
    """Why ``result`` is left out of a roll-up, as a code and in both languages."""
    current = result.current
    if (
        current is not None
        and current.reason is not None
        and current.reason != "missing_target"
        and current.reason_ja is not None
        and current.reason_en is not None
    ):
        # 見込量, 設定しない, a text baseline …: the judgement's own reason.
        return Exclusion(result.indicator_id, current.reason, current.reason_ja, current.reason_en)
    code = _exclusion_code(current)
    ja, en = _REASONS[code]
    return Exclusion(result.indicator_id, code, ja, en)


def _exclusion_code(current: YearResult | None) -> str:
    if current is None:
        return "outside_period"
    if current.pending:
        return "pending"
    actual = current.actual
    if actual is None:
        return "no_actual"
    if actual.status is ActualStatus.NOT_REPORTED:
        return "not_reported"
    if current.target is None and current.expected is None:
        return "no_target"
    return "no_rate"


def rollup(
    scope: str,
    title: str,
    results: list[IndicatorResult],
    method: Method,
    scale: GradeScale | None = None,
) -> Rollup:
    """The roll-up of a group of indicators in the evaluation year.

    Args:
        scope: The CSF's code, or ``plan``.
        title: The CSF's title, or the plan's.
        results: The group's indicators, in plan order.
        method: How they were judged (its roll-up mode and weights).
        scale: The scale whose labels, scores and order the roll-up speaks; None:
            the method's.

    Returns:
        Counts, shares, mean score and rate, worst grade and the group's grade.
    """
    scale = scale if scale is not None else method.scale
    counts = {grade.symbol: 0 for grade in (*scale.awarded, scale.ungraded)}
    exclusions: list[Exclusion] = []
    graded: list[tuple[str, YearResult]] = []
    pending = 0
    for result in results:
        current = result.current
        grade = current.grade if current is not None else NO_GRADE
        counts[grade] = counts.get(grade, 0) + 1
        if current is None or grade == NO_GRADE:
            exclusions.append(_exclusion(result))
            pending += current is not None and current.pending
        else:
            graded.append((result.indicator_id, current))
    grades = [year.grade for _, year in graded]
    mean_score = _mean_score(scale, grades)
    mean_grade = NO_GRADE if mean_score is None else scale.grade_for_score(mean_score)
    mean_rate = _mean_rate(method, graded)
    worst = scale.worst(grades)
    return Rollup(
        scope=scope,
        title=title,
        counts=FrozenMap(counts),
        evaluated=len(graded),
        pending=pending,
        provisional=sum(year.provisional for _, year in graded),
        share_a=_share(grades, scale.is_met),
        share_ab=_share(grades, scale.is_satisfactory),
        mean_score=mean_score,
        mean_grade=mean_grade,
        mean_rate=mean_rate,
        worst_grade=worst,
        grade=_group_grade(method, scale, mean_grade, worst, mean_rate),
        excluded=tuple((e.indicator_id, f"{e.reason_en} ({e.reason_ja})") for e in exclusions),
        indicators=tuple(r.indicator_id for r in results),
        exclusions=tuple(exclusions),
    )


def _share(grades: list[str], counted: Callable[[str], bool]) -> Decimal | None:
    """The share of ``grades`` that are ``counted``, in percent to 0.1; None if none."""
    if not grades:
        return None
    return round_to(percent(Decimal(sum(map(counted, grades))), Decimal(len(grades))))


def _mean_score(scale: GradeScale, grades: list[str]) -> Decimal | None:
    """The mean of the grades' scores to 0.01; None if no grade is scored."""
    scores = [score for score in map(scale.score, grades) if score is not None]
    if not scores:
        return None
    return round_to(Decimal(sum(scores)) / Decimal(len(scores)), _SCORE_PLACES)


def _mean_rate(method: Method, graded: list[tuple[str, YearResult]]) -> Decimal | None:
    """The weighted mean of published rates capped at 100, to 0.1; None without weight."""
    weighted = total = Decimal(0)
    for indicator_id, year in graded:
        if year.rate_rounded is not None:
            weight = method.weights.get(indicator_id, Decimal(1))
            weighted += min(year.rate_rounded, HUNDRED) * weight
            total += weight
    return round_to(weighted / total) if total > 0 else None


def _group_grade(
    method: Method, scale: GradeScale, mean_grade: str, worst: str, mean_rate: Decimal | None
) -> str:
    """The group's grade by the method's roll-up mode."""
    if method.rollup == "score":
        return mean_grade
    if method.rollup == "worst":
        return worst
    if mean_rate is None:
        return NO_GRADE
    grade, _, _ = grade_from_rate(scale, mean_rate >= HUNDRED, mean_rate)
    return grade
