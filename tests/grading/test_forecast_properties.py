"""Invariants of forecasts, checked with hypothesis (issue #17)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp

# One import line to follow if the module moves (kpiplan.grading._forecast).
from kpiplan.grading._forecast import forecast_growth
from tests.grading.test_forecast import indicator

FY = kp.FiscalYear
_RANK = {"deteriorating": 0, "limited": 1, "needs_acceleration": 2, "on_track": 3, "achieved": 4}
_SENSE = {kp.Direction.HIGHER: 1, kp.Direction.LOWER: -1}

values = st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)
steps = st.decimals(min_value=Decimal("0.01"), max_value=500, places=2)
directions = st.sampled_from([kp.Direction.HIGHER, kp.Direction.LOWER])
methods = st.builds(
    kp.Method,
    forecast=st.sampled_from(["linear", "cagr"]),
    forecast_zero=st.sampled_from([Decimal("0.001"), None]),
)


def _indicator(
    direction: kp.Direction,
    baseline: Decimal | None,
    actuals: list[Decimal],
    target: tuple[int, Decimal] | None,
) -> kp.Indicator:
    """Baseline (own value) in 2015, actuals from 2016 a year apart, one final target."""
    return indicator(
        direction=direction.value,
        baseline=(2015, baseline) if baseline is not None else None,
        targets=dict([target]) if target else None,
        actuals={2016 + i: v for i, v in enumerate(actuals)},
    )


def _forecast(indicator: kp.Indicator, method: kp.Method) -> kp.Forecast:
    plan = kp.Plan(
        title="計画", organization="県", period=kp.PlanPeriod(FY(2014), FY(2030)), kgis=[indicator]
    )
    as_of = FY(2015 + len(indicator.actuals))
    result = kp.evaluate(plan, as_of=as_of, method=method).result("KGI").forecast
    assert result is not None
    return result


@st.composite
def worsening(draw: st.DrawFn) -> tuple[kp.Direction, Decimal | None, list[Decimal]]:
    """A direction, an optional baseline and actuals each worse than the one before."""
    direction = draw(directions)
    with_baseline = draw(st.booleans())
    count = draw(st.integers(1, 5)) + (0 if with_baseline else 1)
    chain = [draw(values)]
    for step in draw(st.lists(steps, min_size=count - 1, max_size=count - 1)):
        chain.append(chain[-1] - _SENSE[direction] * step)
    return direction, (chain[0] if with_baseline else None), chain[1:] if with_baseline else chain


targets = st.tuples(st.integers(2022, 2030), values)


class TestNeverOnTrackWhenWorsening:
    """A series getting worse every year is never on track, whatever the target."""

    @given(series=worsening(), target=targets, method=methods)
    def test_with_target(
        self,
        series: tuple[kp.Direction, Decimal | None, list[Decimal]],
        target: tuple[int, Decimal],
        method: kp.Method,
    ) -> None:
        """Only deteriorating, achieved (still meeting it) or unable."""
        direction, baseline, actuals = series
        result = _forecast(_indicator(direction, baseline, actuals, target), method)
        assert result.status in {"deteriorating", "achieved", "unable"}, result.explanation_en

    @given(series=worsening(), zero=st.sampled_from([Decimal("0.001"), None]))
    def test_without_target(
        self, series: tuple[kp.Direction, Decimal | None, list[Decimal]], zero: Decimal | None
    ) -> None:
        """Without a numeric target: deteriorating or unable."""
        direction, baseline, actuals = series
        indicator = _indicator(direction, baseline, actuals, None)
        result = forecast_growth(indicator, FY(2015 + len(actuals)), zero=zero)
        assert result is not None
        assert result.status in {"deteriorating", "unable"}, result.explanation_en


class TestBetterLastValue:
    """A better last value never gives a worse forecast category."""

    @given(
        direction=directions,
        baseline=st.none() | values,
        earlier=st.lists(values, max_size=4),
        last=st.tuples(values, values),
        target=targets,
        method=methods,
    )
    def test_with_target(
        self,
        direction: kp.Direction,
        baseline: Decimal | None,
        earlier: list[Decimal],
        last: tuple[Decimal, Decimal],
        target: tuple[int, Decimal],
        method: kp.Method,
    ) -> None:
        """Ranks: deteriorating < limited < needs acceleration < on track < achieved."""
        worse, better = sorted(last, key=lambda v: _SENSE[direction] * v)
        first = _forecast(_indicator(direction, baseline, [*earlier, worse], target), method)
        second = _forecast(_indicator(direction, baseline, [*earlier, better], target), method)
        if "unable" not in (first.status, second.status):
            assert _RANK[first.status] <= _RANK[second.status], (
                first.explanation_en,
                second.explanation_en,
            )

    @given(
        direction=directions,
        baseline=st.none() | values,
        earlier=st.lists(values, max_size=4),
        last=st.tuples(values, values),
    )
    def test_without_target(
        self,
        direction: kp.Direction,
        baseline: Decimal | None,
        earlier: list[Decimal],
        last: tuple[Decimal, Decimal],
    ) -> None:
        """The growth path is monotone too."""
        worse, better = sorted(last, key=lambda v: _SENSE[direction] * v)
        as_of = FY(2016 + len(earlier))
        first = forecast_growth(_indicator(direction, baseline, [*earlier, worse], None), as_of)
        second = forecast_growth(_indicator(direction, baseline, [*earlier, better], None), as_of)
        assert first is not None
        assert second is not None
        if "unable" not in (first.status, second.status):
            assert _RANK[first.status] <= _RANK[second.status]
