"""Evaluating a plan: every indicator judged, then rolled up, with budget metrics.

The method is documented in ``docs/attainment.md``; in short:

1. Expected value: the year's target, or (option) the straight line from the last
   anchor (baseline or earlier target) to the next numeric target.
2. Met test first: higher A ≥ T, lower A ≤ T, range lo ≤ A ≤ hi.
3. Rate, exact and uncapped, rounded half-up to 0.1 point before grading.
4. Grade by the method's scale (default: A met, B ≥ 80, C ≥ 50, D < 50, － no actual
   or no rate); stages compare ranks on the ladder, statements use the recorded
   assessment.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import attrs

from kpiplan._bulk import no_cyclic_gc
from kpiplan._errors import KpiplanError
from kpiplan._fiscal import FiscalYear, YearLike
from kpiplan._history import as_known_at
from kpiplan._model import Actual, Csf, Direction, Indicator, Plan, Series, Target, Trend
from kpiplan.grading._budget import budget_metrics
from kpiplan.grading._evaluation import Evaluation
from kpiplan.grading._forecast import Forecast, forecast_growth, forecast_with
from kpiplan.grading._forecast_inputs import ForecastRules
from kpiplan.grading._judge import Context, expected_values, grade_year, targets_in_force
from kpiplan.grading._method import Method
from kpiplan.grading._numbers import CONTEXT
from kpiplan.grading._results import IndicatorResult, SeriesResult, YearResult
from kpiplan.grading._rollup import rollup
from kpiplan.grading._rules import GradingRule
from kpiplan.grading._scale import GradeScale
from kpiplan.grading._series import combined_year

__all__ = ["evaluate"]


def _resolve_as_of(plan: Plan, as_of: YearLike | None) -> FiscalYear:
    if as_of is not None:
        return plan.period.fiscal_year(as_of)
    latest: int | None = None
    for _, indicator in plan.indicators():
        for actual in indicator.actuals:
            reported = (
                actual.value is not None or actual.stage is not None or actual.text is not None
            )
            if reported and (latest is None or actual.year.year > latest):
                latest = actual.year.year
    if latest is not None:
        return FiscalYear(latest)
    if plan.actuals_as_of is not None:
        try:
            return FiscalYear.from_date(plan.actuals_as_of)
        except KpiplanError:
            pass
    return plan.period.first


def evaluate(
    plan: Plan,
    as_of: YearLike | None = None,
    method: Method | None = None,
    *,
    known_at: date | None = None,
) -> Evaluation:
    """Judge every indicator of a plan as of a fiscal year.

    Args:
        plan: The plan (a valid one; any plan ``kpiplan.load`` returns).
        as_of: The fiscal year to stand at, in the plan period (a ``FiscalYear``,
            ``"R3"``, ``"令和3年度"`` or ``2021``); None: the latest year with any
            reported actual (a value, stage or text). Actuals after it are ignored.
        method: How to judge; None uses :class:`Method`'s defaults.
        known_at: Reproduce the report as it could have been made on this date:
            each actual at its state recorded by then, revisions decided by then
            (``kpiplan.cycle.as_known_at``); None: everything the plan holds.

    Returns:
        The evaluation: per-indicator results, roll-ups and budget metrics.

    Raises:
        FiscalYearError: ``as_of`` names no fiscal year, or one outside the plan
            period (the message gives the period: ``R10 is outside the plan period
            R2–R6``).
        TypeError: ``as_of``, ``method`` or ``known_at`` is of a wrong type.
    """
    if known_at is not None:
        plan = as_known_at(plan, known_at)
    year = _resolve_as_of(plan, as_of)
    if method is None:
        method = Method()
    elif not isinstance(method, Method):
        raise TypeError(f"method should be a Method, but was {type(method).__name__}")
    rules: dict[str, GradingRule] = {}
    csf_scales: dict[str, GradeScale] = {}
    if plan.grading is not None and method.rule is None:
        # Imported here: building rules from data brings cattrs, which the default does not need.
        from kpiplan.grading._presets import plan_grading

        grading = plan_grading(plan)
        method = method.with_rule(grading.rule)
        rules = {key: method.applied(rule) for key, rule in grading.by_indicator.items()}
        csf_scales = {code: rule.scale for code, rule in grading.by_csf.items()}
    elif method.grading.exceptions and any(i.survey for _, i in plan.indicators()):
        from kpiplan.grading._presets import survey_rules

        rules = survey_rules(plan, method.grading)
    years = plan.period.years
    run = _Run(plan, year, method, years, tuple(y.year for y in years), _forecast_rules(method))
    with decimal.localcontext(CONTEXT), no_cyclic_gc():
        results = tuple(
            _evaluate_indicator(run, csf, indicator, rules.get(indicator.id, method.grading))
            for csf, indicator in plan.indicators()
        )
        by_id = {r.indicator_id: r for r in results}
        rollups = [
            rollup(
                csf.code,
                csf.title,
                [by_id[i.id] for i in csf.indicators],
                method,
                csf_scales.get(csf.code, method.scale),
            )
            for csf in plan.csfs
        ]
        rollups.append(rollup("plan", plan.title, list(results), method, method.scale))
        budgets = budget_metrics(plan, year)
    return Evaluation(
        as_of=year,
        method=method,
        indicators=results,
        rollups=tuple(rollups),
        budgets=budgets,
        plan=plan,
    )


class _Run(NamedTuple):
    """What every indicator of one evaluation is judged with."""

    plan: Plan
    as_of: FiscalYear
    method: Method
    years: tuple[FiscalYear, ...]
    """The plan period's years."""
    western: tuple[int, ...]
    """The same as western years (ints compare faster than fiscal years)."""
    forecast_rules: ForecastRules


def _evaluate_indicator(
    run: _Run, csf: Csf | None, indicator: Indicator, rule: GradingRule
) -> IndicatorResult:
    results, current, forecast = _judged(run, indicator, rule)
    as_of = run.as_of
    series: tuple[SeriesResult, ...] = ()
    if indicator.series:
        series = tuple(
            SeriesResult(part.name, *_judged(run, _view(indicator, part), rule), part)
            for part in indicator.series
        )
        results = tuple(
            combined_year(rule, indicator.combine, own, [(s.name, s.years[i]) for s in series])
            for i, own in enumerate(results)
        )
        current = next((r for r in results if r.fiscal_year.year == as_of.year), None)
    return IndicatorResult(
        indicator_id=indicator.id,
        csf=csf.code if csf is not None else None,
        name=indicator.name,
        unit=indicator.unit,
        years=results,
        current=current,
        forecast=forecast,
        indicator=indicator,
        rule=rule,
        series=series,
        combine=indicator.combine if series else None,
    )


def _view(indicator: Indicator, series: Series) -> Indicator:
    """A series as an indicator of its own: the indicator's unit, direction and
    accumulation, the series' baseline, targets, revisions, actuals and rank."""
    return attrs.evolve(
        indicator,
        baseline=series.baseline,
        targets=series.targets,
        actuals=series.actuals,
        revisions=series.revisions,
        national_rank=series.national_rank,
        series=(),
    )


def _judged(
    run: _Run, indicator: Indicator, rule: GradingRule
) -> tuple[tuple[YearResult, ...], YearResult | None, Forecast | None]:
    """One indicator (or a series' view of it) judged in every year, and its forecast."""
    plan, as_of, method, years = run.plan, run.as_of, run.method, run.years
    targets, revised = targets_in_force(indicator, as_of, original=method.targets == "original")
    actuals = {actual.year.year: actual for actual in indicator.actuals}
    baseline = _baseline_value(indicator, actuals)
    first = plan.period.first.year
    expected, how = expected_values(indicator, run.western, rule, targets, baseline, first)
    context = Context(
        indicator=indicator,
        rule=rule,
        as_of=as_of.year,
        ladder=plan.ladder_of(indicator),
        baseline=baseline,
        baseline_year=indicator.baseline.year.year if indicator.baseline is not None else None,
        unit=indicator.unit or "",
        targets=targets,
        actuals=actuals,
        expected=expected,
        interpolated=how,
        first_year=first,
        revised=revised,
    )
    results = tuple(grade_year(context, year) for year in years)
    current = next((r for r in results if r.fiscal_year.year == as_of.year), None)
    return results, current, _forecast(run, indicator, targets, baseline)


def _baseline_value(indicator: Indicator, actuals: dict[int, Actual]) -> Decimal | None:
    """``indicator.baseline_value()`` read from the actuals by western year: the
    baseline's number, or the actual of its year."""
    baseline = indicator.baseline
    if baseline is None:
        return None
    if baseline.value is not None or baseline.text is not None:
        return baseline.value
    actual = actuals.get(baseline.year.year)
    return actual.value if actual is not None else None


def _forecast(
    run: _Run, indicator: Indicator, targets: dict[int, Target], baseline: Decimal | None
) -> Forecast | None:
    """The forecast on the graded targets: against the final numeric target (a
    projected volume is none), else by growth in a direction target's way."""
    as_of, method = run.as_of, run.method
    # The graded targets go beside the indicator, not into a copy of it: attrs.evolve
    # and its validators for every indicator with a revision or a 見込量 bought nothing.
    graded = tuple({id(t): t for t in targets.values() if not t.projected}.values())
    if indicator.unit is not None and not any(t.value is not None for t in graded):
        trends = [t.trend for t in graded if t.trend is not None]
        if trends:
            direction = _TREND_DIRECTION.get(trends[-1], indicator.direction)
            if direction is Direction.RANGE:
                return None
            return forecast_growth(indicator, as_of, direction=direction, zero=method.forecast_zero)
    return forecast_with(indicator, as_of, run.forecast_rules, graded, baseline)


def _forecast_rules(method: Method) -> ForecastRules:
    """A method's forecast options, made once per method rather than per indicator."""
    return ForecastRules(
        method=method.forecast,
        on_track=method.on_track,
        acceleration=method.needs_acceleration,
        too_low_margin=method.too_low_margin,
        zero=method.forecast_zero,
    )


_TREND_DIRECTION = {Trend.INCREASE: Direction.HIGHER, Trend.DECREASE: Direction.LOWER}
"""The good way of a direction target (維持 keeps the indicator's own)."""
