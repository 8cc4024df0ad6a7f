"""Invariants of the attainment evaluation, checked with hypothesis."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan.grading import NO_GRADE, RECORD_FIELDS, Method, YearResult, evaluate
from tests.strategies import plans

FY = kp.FiscalYear
YEAR = FY(2021)
_RANK = {"D": 0, "C": 1, "B": 2, "A": 3, "S": 4}

values = st.decimals(
    min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
methods = st.builds(
    Method,
    basis=st.sampled_from(["auto", "ratio", "progress"]),
    cumulative=st.sampled_from(["running", "increment"]),
    interpolate=st.booleans(),
    s_threshold=st.none() | st.sampled_from([Decimal(110), Decimal(150)]),
    rollup=st.sampled_from(["score", "mean_rate", "worst"]),
    forecast=st.sampled_from(["linear", "cagr"]),
)


def _result(
    direction: kp.Direction,
    target: Decimal,
    actual: Decimal,
    baseline: Decimal | None,
    basis: str = "auto",
) -> YearResult:
    indicator = kp.Indicator(
        id="KGI",
        code="KGI",
        name="指標",
        divisions=["課"],
        unit="件",
        direction=direction,
        baseline=kp.Baseline(FY(2020), baseline) if baseline is not None else None,
        targets=[kp.Target(year=YEAR, value=target)],
        actuals=[kp.Actual(year=YEAR, value=actual)],
    )
    plan = kp.Plan(
        title="計画", organization="県", period=kp.PlanPeriod(FY(2020), FY(2022)), kgis=[indicator]
    )
    return evaluate(plan, as_of=YEAR, method=Method(basis=basis)).result("KGI").year(YEAR)


class TestMonotonic:
    """Better actuals never give worse rates or grades."""

    @given(
        target=values,
        baseline=st.none() | values,
        low=values,
        high=values,
        basis=st.sampled_from(["ratio", "progress"]),
    )
    def test_higher_rate_never_falls(
        self, target: Decimal, baseline: Decimal | None, low: Decimal, high: Decimal, basis: str
    ) -> None:
        """Higher is better, fixed basis: a larger actual never has a smaller rate."""
        low, high = min(low, high), max(low, high)
        first = _result(kp.Direction.HIGHER, target, low, baseline, basis)
        second = _result(kp.Direction.HIGHER, target, high, baseline, basis)
        if first.rate is not None and second.rate is not None:
            assert first.rate <= second.rate

    @given(
        target=values,
        baseline=st.none() | values,
        low=values.map(abs),
        high=values.map(abs),
    )
    def test_higher_auto_never_falls(
        self, target: Decimal, baseline: Decimal | None, low: Decimal, high: Decimal
    ) -> None:
        """Higher is better, auto basis, actuals >= 0: the rate never falls as A rises."""
        low, high = min(low, high), max(low, high)
        first = _result(kp.Direction.HIGHER, target, low, baseline)
        second = _result(kp.Direction.HIGHER, target, high, baseline)
        if first.rate is not None and second.rate is not None:
            assert first.rate <= second.rate

    @given(
        target=values,
        baseline=st.none() | values,
        low=values,
        high=values,
        basis=st.sampled_from(["auto", "ratio", "progress"]),
    )
    def test_lower_rate_never_rises(
        self, target: Decimal, baseline: Decimal | None, low: Decimal, high: Decimal, basis: str
    ) -> None:
        """Lower is better (the mirror): a larger actual never has a larger rate."""
        low, high = min(low, high), max(low, high)
        first = _result(kp.Direction.LOWER, target, low, baseline, basis)
        second = _result(kp.Direction.LOWER, target, high, baseline, basis)
        if first.rate is not None and second.rate is not None:
            assert first.rate >= second.rate

    @given(target=values, baseline=st.none() | values, low=values, high=values)
    def test_grade_never_falls_as_rate_rises(
        self, target: Decimal, baseline: Decimal | None, low: Decimal, high: Decimal
    ) -> None:
        """Between two graded years, the higher published rate never has the lower grade."""
        one = _result(kp.Direction.HIGHER, target, low, baseline, "progress")
        two = _result(kp.Direction.HIGHER, target, high, baseline, "progress")
        if NO_GRADE in (one.grade, two.grade):
            return
        if one.rate_rounded is None or two.rate_rounded is None:
            return  # met without a defined rate (target 0, no baseline): nothing to order
        if one.rate_rounded < two.rate_rounded:
            assert _RANK[one.grade] <= _RANK[two.grade]

    @given(target=values, actual=values, baseline=st.none() | values)
    def test_rate_is_rounded_half_up(
        self, target: Decimal, actual: Decimal, baseline: Decimal | None
    ) -> None:
        """The published rate is the exact rate rounded half-up to 0.1."""
        result = _result(kp.Direction.HIGHER, target, actual, baseline)
        if result.rate is None:
            assert result.rate_rounded is None
        else:
            assert result.rate_rounded is not None
            assert abs(result.rate_rounded - result.rate) <= Decimal("0.05")


class TestAnyPlan:
    """Every valid plan evaluates, whatever it holds."""

    @given(plan=plans(), method=methods, shift=st.integers(-1, 6))
    def test_never_raises(self, plan: kp.Plan, method: Method, shift: int) -> None:
        """Evaluation, records and roll-ups work on any generated plan and year of it;
        a year outside the period is refused with the period in the message."""
        as_of = plan.period.first + shift
        if as_of not in plan.period:
            with pytest.raises(kp.FiscalYearError, match=f"outside the plan period {plan.period}"):
                evaluate(plan, as_of=as_of, method=method)
            return
        evaluation = evaluate(plan, as_of=as_of, method=method)
        rows = evaluation.records()
        json.dumps(evaluation.to_data(), ensure_ascii=False, allow_nan=False)
        years = len(plan.period.years)
        assert len(rows) == years * len(evaluation.indicators)
        assert all(tuple(row) == RECORD_FIELDS for row in rows)
        for result in evaluation.indicators:
            for year in result.years:
                assert year.explanation_ja
                assert year.explanation_en
                if year.pending:
                    assert year.grade == NO_GRADE or year.basis == "override"

    @given(plan=plans())
    def test_default_as_of(self, plan: kp.Plan) -> None:
        """The default evaluation year is one with a reported actual, or a fallback."""
        evaluation = evaluate(plan)
        reported = [
            actual.year
            for _, indicator in plan.indicators()
            for actual in indicator.actuals
            if actual.value is not None or actual.stage is not None or actual.text is not None
        ]
        if reported:
            assert evaluation.as_of == max(reported)

    @given(plan=plans(), method=methods)
    def test_rollup_counts_add_up(self, plan: kp.Plan, method: Method) -> None:
        """Counts add up to the indicators; evaluated plus ungraded is the whole."""
        evaluation = evaluate(plan, method=method)
        for rollup in evaluation.rollups:
            total = len(rollup.indicators)
            assert sum(rollup.counts.values()) == total
            assert rollup.evaluated + rollup.counts[NO_GRADE] == total
            assert len(rollup.excluded) == rollup.counts[NO_GRADE]
            assert rollup.pending <= rollup.counts[NO_GRADE]
            assert rollup.provisional <= rollup.evaluated
            if rollup.evaluated:
                assert rollup.share_a is not None
                assert rollup.share_ab is not None
                assert 0 <= rollup.share_a <= rollup.share_ab <= 100
        plan_rollup = evaluation.rollup(None)
        assert len(plan_rollup.indicators) == len(evaluation.indicators)

    @given(plan=plans())
    def test_budget_shares(self, plan: kp.Plan) -> None:
        """Each year's line shares add up to 100% when it has lines and a total."""
        for year in evaluate(plan).budgets.years:
            if year.total and year.lines:
                assert abs(sum(line.share or 0 for line in year.lines) - 100) < Decimal("1e-25")
