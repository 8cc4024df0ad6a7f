"""The analysis API as a user of pandas meets it: numbers, years, lookups (issue #12)."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan import FiscalYear, NotFoundError, evaluate
from kpiplan.grading import RECORD_FIELDS

# Every form a user may name FY2021 in.
R3_FORMS = [FiscalYear(2021), "R3", "令和3年度", "2021年度", "FY2021", 2021, np.int64(2021)]


@pytest.fixture(scope="module")
def evaluation(example_plan: kp.Plan) -> kp.Evaluation:
    """The example evaluated as of R3."""
    return evaluate(example_plan, as_of="R3")


class TestDataFrame:
    """to_dataframe() gives numbers pandas can describe and plot."""

    def test_dtypes(self, evaluation: kp.Evaluation) -> None:
        """target, actual and rate are float64, years int64, flags bool."""
        frame = evaluation.to_dataframe()
        assert list(frame.columns) == list(RECORD_FIELDS)
        for column in ("target", "actual", "rate"):
            assert frame[column].dtype == np.float64, column
        assert frame["fiscal_year"].dtype == np.int64
        assert frame["provisional"].dtype == np.bool_
        assert frame["pending"].dtype == np.bool_

    def test_describe_includes_the_figures(self, evaluation: kp.Evaluation) -> None:
        """describe() summarises target, actual and rate (it skipped them as objects)."""
        summary = evaluation.to_dataframe().describe()
        assert {"target", "actual", "rate"} <= set(summary.columns)
        assert summary.loc["max", "actual"] == 4940.0

    def test_rate_is_plottable(self, evaluation: kp.Evaluation) -> None:
        """The data df.plot.bar(y="rate") plots is numeric: pandas selects it as such."""
        frame = evaluation.to_dataframe()
        # pandas' plotting keeps only these dtypes and fails "no numeric data to plot"
        # when nothing is left (pandas.plotting._matplotlib.core.MPLPlot).
        plotted = frame[["rate"]].select_dtypes(include=[np.number, "datetime", "timedelta"])
        assert list(plotted.columns) == ["rate"]
        assert plotted["rate"].notna().sum() == sum(
            r["rate"] is not None for r in evaluation.records()
        )

    def test_missing_is_nan(self, evaluation: kp.Evaluation) -> None:
        """A year without an actual is NaN, not None in an object column."""
        frame = evaluation.to_dataframe()
        late = frame[(frame["indicator"] == "KGI") & (frame["fiscal_year"] == 2024)]
        assert np.isnan(late["actual"].iloc[0])

    def test_values_equal_records(self, evaluation: kp.Evaluation) -> None:
        """Each float is the record's exact Decimal, correctly rounded."""
        frame = evaluation.to_dataframe()
        for row, (_, line) in zip(evaluation.records(), frame.iterrows(), strict=True):
            for column in ("target", "actual", "rate"):
                exact = row[column]
                if exact is None:
                    assert np.isnan(line[column])
                else:
                    assert line[column] == float(exact)

    def test_exact(self, evaluation: kp.Evaluation) -> None:
        """exact=True keeps the Decimals of records() (None where missing)."""
        frame = evaluation.to_dataframe(exact=True)
        rows = evaluation.records()
        assert frame["rate"].dtype == object
        assert list(frame["rate"]) == [r["rate"] for r in rows]
        assert any(isinstance(v, Decimal) for v in frame["target"])
        assert frame["pending"].dtype == np.bool_

    def test_records_stay_exact(self, evaluation: kp.Evaluation) -> None:
        """records() still gives Decimals: the DataFrame does not change them."""
        evaluation.to_dataframe()
        kgi = next(
            r for r in evaluation.records() if r["indicator"] == "KGI" and r["fiscal_year"] == 2021
        )
        assert kgi["rate"] == Decimal("105.6")


class TestYears:
    """Every function that takes a fiscal year takes the same forms."""

    @pytest.mark.parametrize("year", R3_FORMS, ids=repr)
    def test_coerce(self, year: kp.YearLike) -> None:
        """FiscalYear.coerce reads every form of FY2021."""
        assert FiscalYear.coerce(year) == FiscalYear(2021)

    @pytest.mark.parametrize("year", R3_FORMS, ids=repr)
    def test_indicator(self, example_plan: kp.Plan, year: kp.YearLike) -> None:
        """actual_for and target_for find R3 in every form (a str gave None)."""
        kgi = example_plan.indicator("KGI")
        assert kgi.actual_for(year) is not None
        assert kgi.actual_for(year) == kgi.actual_for(FiscalYear(2021))
        faq = example_plan.indicator("CSF-1/KPI-2")
        target = faq.target_for(year)
        assert target is not None
        assert target.value == Decimal(2000)

    @pytest.mark.parametrize("year", R3_FORMS, ids=repr)
    def test_results(self, example_plan: kp.Plan, year: kp.YearLike) -> None:
        """IndicatorResult.year, budget lookups and evaluate(as_of=) agree."""
        evaluation = evaluate(example_plan, as_of=year)
        assert evaluation.as_of == FiscalYear(2021)
        assert evaluation.result("KGI").year(year).fiscal_year == FiscalYear(2021)
        assert evaluation.budgets.year(year).year == FiscalYear(2021)
        assert year in example_plan.period

    def test_series(self) -> None:
        """A series' lookups take text too."""
        plan = kp.load(kp.__file__.rsplit("/src/", 1)[0] + "/examples/kanagawa_health.toml")
        series = plan.indicator("健康寿命").series_named("男性")
        assert series.target_for("令和4年度") is series.target_for(FiscalYear(2022))
        assert series.target_for(2022) is not None

    @pytest.mark.parametrize("bad", ["R3x", "", 2021.0, None, True, 99])
    def test_bad_year(self, example_plan: kp.Plan, bad: object) -> None:
        """What is no fiscal year is a FiscalYearError naming the value."""
        with pytest.raises(kp.FiscalYearError, match=repr(bad).replace(".", r"\.")):
            example_plan.indicator("KGI").actual_for(bad)  # type: ignore[arg-type]

    @given(st.integers(min_value=1868, max_value=9998))
    def test_forms_agree(self, western: int) -> None:
        """Every written form of a year coerces back to the same year."""
        year = FiscalYear(western)
        forms = [year, year.year, year.short(), year.japanese(), f"{western}年度", f"FY{western}"]
        assert {FiscalYear.coerce(form) for form in forms} == {year}


class TestPlanPeriod:
    """A year outside the plan period is an error, with the period in the message."""

    @pytest.mark.parametrize("as_of", ["令和10年度", "R10", 2028, "R1", FiscalYear(2019)])
    def test_evaluate(self, example_plan: kp.Plan, as_of: kp.YearLike) -> None:
        """evaluate() refuses an as_of outside R2–R6."""
        with pytest.raises(kp.FiscalYearError, match="is outside the plan period R2–R6") as info:
            evaluate(example_plan, as_of=as_of)
        assert info.value.text == as_of

    def test_edges(self, example_plan: kp.Plan) -> None:
        """The first and last years of the period are in it."""
        assert evaluate(example_plan, as_of="R2").as_of == FiscalYear(2020)
        assert evaluate(example_plan, as_of="R6").as_of == FiscalYear(2024)

    def test_period_lookup(self, example_plan: kp.Plan) -> None:
        """PlanPeriod.fiscal_year checks, ``in`` answers."""
        period = example_plan.period
        assert period.fiscal_year("令和4年度") == FiscalYear(2022)
        assert "R10" not in period
        assert None not in period
        with pytest.raises(kp.FiscalYearError, match="R10 is outside the plan period R2–R6"):
            period.fiscal_year("R10")


class TestLookups:
    """A lookup that finds nothing says what was meant and how ids look."""

    def test_indicator(self, example_plan: kp.Plan) -> None:
        """plan.indicator("KPI-1") lists the ids ending in KPI-1 and the id form."""
        with pytest.raises(NotFoundError) as info:
            example_plan.indicator("KPI-1")
        error = info.value
        assert isinstance(error, KeyError)
        assert isinstance(error, kp.KpiplanError)
        assert error.suggestions[:3] == ("CSF-1/KPI-1", "CSF-2/KPI-1", "CSF-3/KPI-1")
        message = str(error)
        assert message.startswith("no indicator 'KPI-1'; did you mean CSF-1/KPI-1")
        assert "CSF-1/KPI-1)" in message  # the id form

    def test_typo(self, evaluation: kp.Evaluation) -> None:
        """A misspelt id gets the close ones (difflib)."""
        with pytest.raises(LookupError, match="did you mean CSF-2/KPI-3"):
            evaluation.result("CSF2/KPI-3")

    def test_nothing_close(self, example_plan: kp.Plan) -> None:
        """Without a close id, the message lists the plan's ids."""
        with pytest.raises(NotFoundError, match="the plan has KGI, CSF-1/KPI-1") as info:
            example_plan.indicator("人口")
        assert info.value.suggestions == ()

    def test_rollup(self, evaluation: kp.Evaluation) -> None:
        """An unknown CSF code is a NotFoundError naming the codes."""
        with pytest.raises(NotFoundError, match="did you mean CSF-1") as info:
            evaluation.rollup("CSF1")
        assert info.value.kind == "CSF"
        assert "plan" in info.value.known

    def test_years(self, evaluation: kp.Evaluation) -> None:
        """A year outside the results or the budgets lists the years there are."""
        with pytest.raises(NotFoundError, match="R2, R3, R4, R5, R6"):
            evaluation.result("KGI").year("R9")
        with pytest.raises(NotFoundError, match="R3, R4"):
            evaluation.budgets.year(2025)

    def test_series(self, example_plan: kp.Plan) -> None:
        """An unknown series is a NotFoundError too."""
        with pytest.raises(NotFoundError, match="no series of KGI"):
            example_plan.indicator("KGI").series_named("男性")

    def test_pickles(self, example_plan: kp.Plan) -> None:
        """The error crosses a process pool with its message and data."""
        with pytest.raises(NotFoundError) as info:
            example_plan.indicator("KPI-1")
        again = pickle.loads(pickle.dumps(info.value))
        assert str(again) == str(info.value)
        assert again.suggestions == info.value.suggestions


def _straight_line_plan() -> kp.Plan:
    """Baseline 0 in FY2023, target 500 in FY2026: FY2024 expects 500/3 = 166.66…"""
    from tests.grading.test_attainment import indicator, plan_of

    kgi = indicator({2026: 500}, {2024: 150}, baseline=(2023, 0))
    return plan_of(kgi, first=2023, last=2026)


def _numbers(data: object) -> list[float]:
    """Every float in JSON-ready data."""
    if isinstance(data, dict):
        return [n for value in data.values() for n in _numbers(value)]
    if isinstance(data, list):
        return [n for value in data for n in _numbers(value)]
    return [data] if isinstance(data, float) else []


class TestJsonNumbers:
    """Computed figures go to JSON as the decimals they are, never binary noise."""

    def test_straight_line_expected(self) -> None:
        """The interpolated 166.66… is 166.6667 in to_data() (was 166.66666666666666)."""
        evaluation = evaluate(_straight_line_plan(), as_of=2024)
        exact = evaluation.result("KGI").year(2024).expected
        assert str(exact).startswith("166.666666666666666666")
        year = evaluation.to_data()["indicators"][0]["years"][1]
        assert year["expected"] == 166.6667
        assert json.dumps(year["expected"]) == "166.6667"

    def test_summary_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """kpiplan summary --format json writes the records' target rounded the same way."""
        from kpiplan.cli import main

        path = tmp_path / "plan.json"
        kp.dump(_straight_line_plan(), path)
        assert main(["summary", str(path), "--as-of", "R6", "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out, parse_float=Decimal)
        targets = [r["target"] for r in data["records"]]
        assert targets == [None, Decimal("166.6667"), Decimal("333.3333"), 500]
        expected = [y["expected"] for y in data["indicators"][0]["years"]]
        assert expected == targets

    def test_every_float_is_short(self, evaluation: kp.Evaluation) -> None:
        """Every float of the example's data has at most 15 significant digits."""
        for number in _numbers(evaluation.to_data()):
            assert len(Decimal(repr(number)).normalize().as_tuple().digits) <= 15, number

    @given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
    def test_json_number(self, value: Decimal) -> None:
        """A JSON number reads back as the figure when it is short, else rounded to 4 places."""
        from kpiplan.grading._data import json_number

        number = json_number(value)
        assert number is not None
        back = Decimal(json.dumps(number))
        if len(value.as_tuple().digits) <= 15:
            assert back == value
        else:
            # Half a unit of the last place kept: the 4th decimal, or the 15th digit.
            half_unit = max(Decimal("0.00005"), Decimal(5).scaleb(value.adjusted() - 15))
            assert abs(back - value) <= half_unit
            assert len(back.normalize().as_tuple().digits) <= 15
