"""The evaluation's cheap paths give what the full judgement gives, on any plan.

Years after the evaluation year are built by :func:`grade_years` without a
``grade_year`` call each: the plan is evaluated both ways and every result, its
explanations and the records compared. The linear forecast sums its years as ints:
its projection is compared digit for digit with the original steps.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan import Direction
from kpiplan._fiscal import FiscalYear
from kpiplan.grading import Evaluation, Method, YearResult, evaluate
from kpiplan.grading._forecast_inputs import FinalTarget, ForecastInputs, ForecastRules
from kpiplan.grading._forecast_linear import linear
from kpiplan.grading._judge import Context, grade_year
from kpiplan.grading._numbers import CONTEXT
from tests.grading.test_attainment_properties import methods
from tests.strategies import plans


def _each_year(context: Context, years: Sequence[FiscalYear]) -> tuple[YearResult, ...]:
    """The full judgement of every year, as before the cheap path."""
    return tuple(grade_year(context, year) for year in years)


def _everything(evaluation: Evaluation) -> list[object]:
    """Every result with both explanations written, the roll-ups and the records."""
    seen: list[object] = [evaluation.indicators, evaluation.rollups, evaluation.records()]
    for result in evaluation.indicators:
        for part in (result, *result.series):
            seen += [(y.explanation_ja, y.explanation_en) for y in part.years]
            if part.forecast is not None:
                seen.append((part.forecast.explanation_ja, part.forecast.explanation_en))
    return seen


@given(plan=plans(), method=methods, shift=st.integers(0, 4), original=st.booleans())
def test_cheap_paths_equal_full_judgement(
    plan: kp.Plan, method: Method, shift: int, original: bool
) -> None:
    """Each year, forecast and record is the same as the full judgement's."""
    as_of = min(plan.period.first + shift, plan.period.last)
    if original:
        method = Method(targets="original", interpolate=method.interpolate)
    cheap = evaluate(plan, as_of=as_of, method=method)
    with mock.patch("kpiplan.grading._evaluate.grade_years", _each_year):
        full = evaluate(plan, as_of=as_of, method=method)
    assert repr(_everything(cheap)) == repr(_everything(full))
    assert _everything(cheap) == _everything(full)


_years = st.lists(st.integers(1990, 2060), min_size=2, max_size=8, unique=True).map(sorted)
_numbers = st.decimals(
    min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False
)


def _least_squares(points: list[tuple[int, Decimal]], year: int) -> Decimal:
    """The line's value in ``year`` in the original steps: each year a Decimal summed."""
    n = Decimal(len(points))
    xs = [Decimal(x) for x, _ in points]
    ys = [y for _, y in points]
    mean_x = sum(xs, Decimal(0)) / n
    mean_y = sum(ys, Decimal(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Decimal(0))
    return mean_y + sxy / sxx * (Decimal(year) - mean_x)


@given(years=_years, data=st.data(), final=_numbers, ahead=st.integers(0, 10))
def test_least_squares_digits_unchanged(
    years: list[int], data: st.DataObject, final: Decimal, ahead: int
) -> None:
    """The linear forecast's projection has the digits and exponent of the original
    steps, whichever years (not only consecutive ones) and values it is given."""
    points = [(year, data.draw(_numbers)) for year in years]
    series = ForecastInputs(Direction.HIGHER, "件", tuple(points), None, None)
    target = FinalTarget(final, years[-1] + ahead, years[-1] + ahead)
    rules = ForecastRules(
        method="linear", on_track=Decimal("0.95"), acceleration=Decimal("0.6"), zero=None
    )
    with decimal.localcontext(CONTEXT):
        forecast = linear(series, target, rules)
        expected = _least_squares(points, target.year)
    assert forecast.projected is not None
    assert str(forecast.projected) == str(expected)
