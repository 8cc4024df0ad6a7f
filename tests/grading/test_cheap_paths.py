"""The evaluation's cheap paths give what the full judgement gives, on any plan.

Years after the evaluation year are built by :func:`grade_years` without a
``grade_year`` call each; these properties evaluate the same plan both ways and
compare every result, its explanations and the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._fiscal import FiscalYear
from kpiplan.grading import Evaluation, Method, YearResult, evaluate
from kpiplan.grading._judge import Context, grade_year
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
