"""Roll-ups: the grades of a CSF's indicators, or the plan's, in the evaluation year."""

from __future__ import annotations

import types
from decimal import Decimal

from kpiplan._model import ActualStatus
from kpiplan.grading._judge import grade_from_rate
from kpiplan.grading._method import Method
from kpiplan.grading._numbers import HUNDRED, percent, round_to
from kpiplan.grading._results import IndicatorResult, Rollup, YearResult
from kpiplan.grading._scale import NO_GRADE

__all__ = ["rollup"]

_SCORE_PLACES = Decimal("0.01")


def _excluded_reason(result: IndicatorResult) -> str:
    current = result.current
    if current is None:
        return "evaluation year outside the plan period (評価年度が計画期間外)"
    if current.pending:
        return "pending (作成中)"
    actual = current.actual
    if actual is None:
        return "no actual (実績なし)"
    if actual.status is ActualStatus.NOT_REPORTED:
        return "not reported (－)"
    if current.target is None and current.expected is None:
        return "no target (目標なし)"
    return "no rate or assessment (達成率・評価なし)"


def rollup(scope: str, title: str, results: list[IndicatorResult], method: Method) -> Rollup:
    scale = method.scale
    counts = {grade.symbol: 0 for grade in (*scale.awarded, scale.ungraded)}
    excluded: list[tuple[str, str]] = []
    graded: list[YearResult] = []
    pending = provisional = 0
    scores: list[int] = []
    weighted = Decimal(0)
    total_weight = Decimal(0)
    for result in results:
        current = result.current
        grade = current.grade if current is not None else NO_GRADE
        counts[grade] = counts.get(grade, 0) + 1
        if current is None or grade == NO_GRADE:
            excluded.append((result.indicator_id, _excluded_reason(result)))
            if current is not None and current.pending:
                pending += 1
            continue
        graded.append(current)
        provisional += current.provisional
        score = scale.score(grade)
        if score is not None:
            scores.append(score)
        if current.rate_rounded is not None:
            weight = method.weights.get(result.indicator_id, Decimal(1))
            weighted += min(current.rate_rounded, HUNDRED) * weight
            total_weight += weight
    evaluated = len(graded)
    share_a = share_ab = mean_score = mean_rate = None
    mean_grade = worst = NO_GRADE
    if evaluated:
        met = sum(1 for r in graded if scale.is_met(r.grade))
        share_a = round_to(percent(Decimal(met), Decimal(evaluated)))
        satisfactory = sum(1 for r in graded if scale.is_satisfactory(r.grade))
        share_ab = round_to(percent(Decimal(satisfactory), Decimal(evaluated)))
        worst = scale.worst(r.grade for r in graded)
    if scores:
        mean_score = round_to(Decimal(sum(scores)) / Decimal(len(scores)), _SCORE_PLACES)
        mean_grade = scale.grade_for_score(mean_score)
    if total_weight > 0:
        mean_rate = round_to(weighted / total_weight)
    if method.rollup == "score":
        grade = mean_grade
    elif method.rollup == "worst":
        grade = worst
    elif mean_rate is None:
        grade = NO_GRADE
    else:
        grade, _, _ = grade_from_rate(method, mean_rate >= HUNDRED, mean_rate)
    return Rollup(
        scope=scope,
        title=title,
        counts=types.MappingProxyType(counts),
        evaluated=evaluated,
        pending=pending,
        provisional=provisional,
        share_a=share_a,
        share_ab=share_ab,
        mean_score=mean_score,
        mean_grade=mean_grade,
        mean_rate=mean_rate,
        worst_grade=worst,
        grade=grade,
        excluded=tuple(excluded),
        indicators=tuple(r.indicator_id for r in results),
    )
