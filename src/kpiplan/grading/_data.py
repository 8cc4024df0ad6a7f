"""An evaluation as JSON-ready data (:meth:`Evaluation.to_data`).

It takes the evaluation's parts, not the evaluation, so that no import runs both ways.

Numbers stay exact in JSON: a figure of at most 15 significant digits (every number a
plan holds, every published rate) is written as it is, and a JSON reader's double gives
back the same decimal digits. A longer figure is one kpiplan computed (a straight-line
expected value, a unit conversion, a cost per output): it is rounded half-up to
:data:`JSON_PLACES` decimal places, and to 15 significant digits at most, so that
``166.66666666666666`` (binary noise) is written ``166.6667``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kpiplan._converter import _unstructure_decimal
from kpiplan._fiscal import FiscalYear
from kpiplan._model import Revision, Target
from kpiplan.grading._budget import BudgetMetrics, BudgetYearMetrics
from kpiplan.grading._forecast import Forecast
from kpiplan.grading._method import Method
from kpiplan.grading._numbers import CONTEXT, round_to
from kpiplan.grading._results import (
    IndicatorResult,
    Rollup,
    SeriesResult,
    YearResult,
    revision_text,
    target_text,
)
from kpiplan.grading._rules import GradingRule
from kpiplan.grading._scale import Grade

__all__ = ["JSON_PLACES", "evaluation_data", "json_number", "rule_data"]

JSON_PLACES = 4
"""Decimal places a computed figure longer than 15 significant digits keeps in JSON."""

_PLACES = Decimal(1).scaleb(-JSON_PLACES)
_JSON_DIGITS = 15
"""Significant digits a double keeps exactly: any decimal this long survives the trip."""


def json_number(value: Decimal | None) -> int | float | None:
    """A figure as a JSON number that reads back as the same decimal digits.

    Args:
        value: The exact figure, or None.

    Returns:
        An int for an integral figure; else a float whose shortest form is the
        figure, rounded (only when longer than 15 significant digits) half-up to
        :data:`JSON_PLACES` places and 15 significant digits; None for None.
    """
    if value is None:
        return None
    if len(value.as_tuple().digits) > _JSON_DIGITS and value.is_finite():
        # A figure too large for 4 places in 15 digits keeps its leading 15 digits.
        exponent = max(-JSON_PLACES, value.adjusted() + 1 - _JSON_DIGITS)
        value = value.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP, CONTEXT)
    return _unstructure_decimal(value)


def _short(value: Decimal | None) -> int | float | None:
    """A derived figure (a quotient) to 4 places, so it fits a JSON number exactly."""
    return None if value is None else _unstructure_decimal(round_to(value, _PLACES))


def _year(result: YearResult) -> dict[str, Any]:
    actual = result.actual
    return {
        "fiscal_year": str(result.fiscal_year),
        "expected": json_number(result.expected),
        "actual": json_number(actual.value) if actual is not None else None,
        "status": actual.status.value if actual is not None else None,
        "rate": json_number(result.rate_rounded),
        "rate_exact": str(result.rate) if result.rate is not None else None,
        "met": result.met,
        "grade": result.grade,
        "grade_label_ja": result.grade_label_ja,
        "grade_label_en": result.grade_label_en,
        "pending": result.pending,
        "provisional": result.provisional,
        "basis": result.basis,
        "computed_grade": result.computed_grade,
        "official_grade": result.official_grade,
        "explanation_ja": result.explanation_ja,
        "explanation_en": result.explanation_en,
        "target_kind": result.target_kind,
        "target_text": target_text(result.target),
        "reason": result.reason,
        "reason_ja": result.reason_ja,
        "reason_en": result.reason_en,
        "original_target": _target(result.original_target),
        "revised_target": _target(result.revised_target),
        "revision": _revision(result.revision),
    }


def _target(target: Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "fiscal_year": str(target.year),
        "kind": "projected" if target.projected else target.kind.value,
        "value": json_number(target.value),
        "text": target_text(target),
    }


def _revision(revision: Revision | None) -> dict[str, Any] | None:
    if revision is None:
        return None
    return {
        "text": revision_text(revision),
        "label": revision.label,
        "reason": revision.reason,
    }


def _forecast(forecast: Forecast | None) -> dict[str, Any] | None:
    if forecast is None:
        return None
    reaches = forecast.reaches_target
    return {
        "status": forecast.status,
        "label_ja": forecast.label_ja,
        "label_en": forecast.label_en,
        "method": forecast.method,
        "final_target": json_number(forecast.final_target),
        "final_year": str(forecast.final_year) if forecast.final_year is not None else None,
        "points": forecast.points,
        "projected": _short(forecast.projected),
        "ratio": _short(forecast.ratio),
        "reaches_target": str(reaches) if reaches is not None else None,
        "target_too_low": forecast.target_too_low,
        "explanation_ja": forecast.explanation_ja,
        "explanation_en": forecast.explanation_en,
    }


def _indicator(result: IndicatorResult) -> dict[str, Any]:
    return {
        "indicator": result.indicator_id,
        "csf": result.csf,
        "name": result.name,
        "unit": result.unit,
        "rule": result.rule.name,
        "years": [_year(year) for year in result.years],
        "forecast": _forecast(result.forecast),
        "combine": result.combine.value if result.combine is not None else None,
        "series": [_series(series) for series in result.series],
    }


def _series(result: SeriesResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "years": [_year(year) for year in result.years],
        "forecast": _forecast(result.forecast),
    }


def _rollup(rollup: Rollup) -> dict[str, Any]:
    return {
        "scope": rollup.scope,
        "title": rollup.title,
        "counts": dict(rollup.counts),
        "evaluated": rollup.evaluated,
        "pending": rollup.pending,
        "provisional": rollup.provisional,
        "share_a": json_number(rollup.share_a),
        "share_ab": json_number(rollup.share_ab),
        "mean_score": json_number(rollup.mean_score),
        "mean_grade": rollup.mean_grade,
        "mean_rate": json_number(rollup.mean_rate),
        "worst_grade": rollup.worst_grade,
        "grade": rollup.grade,
        "excluded": [{"indicator": i, "reason": reason} for i, reason in rollup.excluded],
        "exclusions": [
            {
                "indicator": exclusion.indicator_id,
                "reason": exclusion.reason,
                "reason_ja": exclusion.reason_ja,
                "reason_en": exclusion.reason_en,
            }
            for exclusion in rollup.exclusions
        ],
    }


def _budget(year: BudgetYearMetrics) -> dict[str, Any]:
    return {
        "fiscal_year": str(year.year),
        "total": json_number(year.total),
        "unit": year.unit,
        "status": year.status.value,
        "requested": year.requested,
        "basis": year.basis,
        "previous_total": json_number(year.previous_total),
        "change": json_number(year.change_rounded),
        "explanation_ja": year.explanation_ja,
        "explanation_en": year.explanation_en,
        "lines": [
            {
                "name": line.name,
                "amount": json_number(line.amount),
                "share": json_number(line.share_rounded),
                "links": list(line.links),
                "current": json_number(line.current),
                "spent": json_number(line.spent),
                "execution_rate": json_number(line.execution_rate_rounded),
                "unused": json_number(line.unused),
                "costs": [
                    {
                        "indicator": cost.indicator_id,
                        "output": json_number(cost.output),
                        "unit": cost.unit_label,
                        "cost": json_number(cost.cost_rounded),
                        "provisional": cost.provisional,
                        "explanation_ja": cost.explanation_ja,
                        "explanation_en": cost.explanation_en,
                    }
                    for cost in line.costs
                ],
            }
            for line in year.lines
        ],
    }


def _grade(grade: Grade) -> dict[str, Any]:
    return {
        "symbol": grade.symbol,
        "label_ja": grade.label_ja,
        "label_en": grade.label_en,
        "met": grade.met,
        "minimum": json_number(grade.minimum),
        "above": grade.above,
        "awarded": grade.awarded,
        "satisfactory": grade.satisfactory,
        "score": grade.score,
        "colour": grade.colour,
        "fill": grade.fill,
    }


def rule_data(rule: GradingRule) -> dict[str, Any]:
    """A grading rule as JSON-ready data: what it compares, how, and its bands."""
    return {
        "name": rule.name,
        "government": rule.government,
        "family": rule.family,
        "source": rule.source,
        "compare": rule.compare,
        "measure": rule.measure,
        "cumulative": rule.cumulative,
        "interpolate": rule.interpolate,
        "tolerance": json_number(rule.tolerance),
        "tolerance_unit": rule.tolerance_unit,
        "tolerance_edge": rule.tolerance_edge,
        "movement": dict(rule.movement),
        "rounding": rule.rounding,
        "digits": rule.digits,
        "grades": [_grade(grade) for grade in rule.scale.grades],
        "ungraded": _grade(rule.scale.ungraded),
    }


def evaluation_data(
    as_of: FiscalYear,
    method: Method,
    indicators: Sequence[IndicatorResult],
    rollups: Sequence[Rollup],
    budgets: BudgetMetrics,
) -> dict[str, Any]:
    """An evaluation's parts as plain, JSON-ready Python data.

    Args:
        as_of: The evaluation year.
        method: How it was judged.
        indicators: Every indicator's results.
        rollups: The roll-ups.
        budgets: The budget metrics.

    Returns:
        The data, in a fixed key order.
    """
    return {
        "as_of": str(as_of),
        "method": {
            "basis": method.basis,
            "cumulative": method.cumulative,
            "interpolate": method.interpolate,
            "b_threshold": json_number(method.b_threshold),
            "c_threshold": json_number(method.c_threshold),
            "s_threshold": json_number(method.s_threshold),
            "rollup": method.rollup,
            "forecast": method.forecast,
            "targets": method.targets,
        },
        "rule": rule_data(method.grading),
        "indicators": [_indicator(result) for result in indicators],
        "rollups": [_rollup(rollup) for rollup in rollups],
        "budgets": [_budget(year) for year in budgets.years],
    }
