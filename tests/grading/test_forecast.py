"""Forecasts against Open SDG's published progress methodology (issue #17).

Expected figures are computed by hand (floating point, independently of the
Decimal code) from the formulas of open-sdg/open-sdg ``docs/progress-methodology.md``
and open-sdg/sdg-build ``sdg/ProgressMeasure.py``; two vectors are sdg-build's own
test data (``tests/assets/progress-calculation``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import kpiplan as kp

# One import line to follow if the module moves (kpiplan.grading._forecast).
from kpiplan.grading._forecast import forecast_growth

FY = kp.FiscalYear
D = Decimal
T = 2030
"""The target year of the SDG examples."""


def indicator(
    *,
    direction: str = "higher",
    baseline: tuple[int, Any] | None = None,
    targets: dict[int, Any] | None = None,
    actuals: dict[int, Any] | None = None,
    statement: bool = False,
) -> kp.Indicator:
    """A quantitative indicator from year → number maps."""
    built = [kp.Target(year=FY(y), value=D(str(v))) for y, v in (targets or {}).items()]
    if statement:
        built.append(kp.Target(year=FY(2024), statement="増加を目指す"))
    return kp.Indicator(
        id="KGI",
        code="KGI",
        name="指標",
        divisions=["課"],
        unit="件",
        direction=kp.Direction(direction),
        baseline=kp.Baseline(FY(baseline[0]), None if baseline[1] is None else D(str(baseline[1])))
        if baseline
        else None,
        targets=built,
        actuals=[kp.Actual(year=FY(y), value=D(str(v))) for y, v in (actuals or {}).items()],
    )


def forecast(ind: kp.Indicator, as_of: int, **method: Any) -> kp.Forecast:
    """The forecast of ``ind`` evaluated at ``as_of`` in a 2014–2030 plan."""
    plan = kp.Plan(
        title="計画", organization="県", period=kp.PlanPeriod(FY(2014), FY(T)), kgis=[ind]
    )
    result = kp.evaluate(plan, as_of=FY(as_of), method=kp.Method(**method)).result("KGI")
    assert result.forecast is not None
    return result.forecast


def ratio(result: kp.Forecast, places: str = "0.001") -> Decimal:
    assert result.ratio is not None
    return result.ratio.quantize(D(places))


ISSUE_LOWER = indicator(
    direction="lower", baseline=(2015, "1.2"), targets={T: "1.5"}, actuals={2016: 5, 2018: "13.8"}
)
"""Lower is better; the baseline 1.2 already meets the target 1.5; 5.0 and 13.8 follow."""
ISSUE_HIGHER = indicator(
    baseline=(2015, "9.4"), targets={T: "7.05"}, actuals={2016: 8, 2018: "5.5"}
)
"""Higher is better; the baseline 9.4 already meets the target 7.05; 8.0 and 5.5 follow."""


class TestIssue17:
    """A series moving away from a target its baseline met is deteriorating."""

    def test_lower_linear(self) -> None:
        """Linear: P = 66.6; g = −1 × (66.6 − 1.2) / |1.5 − 1.2| = −218 (it said +218)."""
        result = forecast(ISSUE_LOWER, 2018)
        assert result.status == "deteriorating"
        assert result.ratio == -218
        assert "d = −1" in result.explanation_ja

    def test_lower_cagr(self) -> None:
        """CAGR: R = −1 × 125.72% / |1.50%| = −83.882 (it said +83.9)."""
        result = forecast(ISSUE_LOWER, 2018, forecast="cagr")
        assert result.status == "deteriorating"
        assert ratio(result) == D("-83.882")

    def test_higher_linear(self) -> None:
        """Linear: P = −9.5; g = (−9.5 − 9.4) / |7.05 − 9.4| = −8.043."""
        result = forecast(ISSUE_HIGHER, 2018)
        assert result.status == "deteriorating"
        assert ratio(result) == D("-8.043")

    def test_higher_cagr(self) -> None:
        """CAGR: R = +1 × −16.36% / |−1.90%| = −8.613."""
        result = forecast(ISSUE_HIGHER, 2018, forecast="cagr")
        assert result.status == "deteriorating"
        assert ratio(result) == D("-8.613")

    @pytest.mark.parametrize("method", ["linear", "cagr"])
    def test_moving_back_towards(self, method: str) -> None:
        """Baseline 10 meets the target 12 (lower is better); 20, then 15.

        The line through the actuals comes back under 12: on track. CAGR compares the
        latest with the base only, and 15 is still worse than 10: deteriorating.
        """
        ind = indicator(
            direction="lower", baseline=(2015, 10), targets={T: 12}, actuals={2016: 20, 2018: 15}
        )
        result = forecast(ind, 2018, forecast=method)
        assert result.ratio is not None
        expected = "on_track" if method == "linear" else "deteriorating"
        assert result.status == expected


class TestMaintainTarget:
    """A final target equal to the baseline (維持) has no distance to divide by."""

    def test_linear_trend_away(self) -> None:
        """Lower is better, keep 10: 12 then 13 is deteriorating."""
        ind = indicator(
            direction="lower", baseline=(2020, 10), targets={2024: 10}, actuals={2021: 12, 2022: 13}
        )
        result = forecast(ind, 2022)
        assert (result.status, result.ratio) == ("deteriorating", None)

    def test_linear_trend_back(self) -> None:
        """Lower is better, keep 10: 12 then 11 is projected back to 9 in 2024: on track."""
        ind = indicator(
            direction="lower", baseline=(2020, 10), targets={2024: 10}, actuals={2021: 12, 2022: 11}
        )
        result = forecast(ind, 2022)
        assert (result.status, result.projected) == ("on_track", D(9))
        assert result.reaches_target == FY(2023)

    def test_cagr(self) -> None:
        """CAGR: the needed rate is 0, the latest is worse than the base: deteriorating."""
        ind = indicator(baseline=(2020, 10), targets={2024: 10}, actuals={2021: 12, 2022: 9})
        result = forecast(ind, 2022, forecast="cagr")
        assert (result.status, result.ratio) == ("deteriorating", None)


class TestRatio:
    """Methodology: R = s·d·CAGR_observed / |CAGR_needed|, classed at 95%, 60%, 0."""

    def test_higher(self) -> None:
        """10 (2015) → 20 (2020), target 50: R = 14.87% / 11.33% = 1.313, on track."""
        ind = indicator(targets={T: 50}, actuals={2015: 10, 2020: 20})
        result = forecast(ind, 2020, forecast="cagr")
        assert (result.status, ratio(result)) == ("on_track", D("1.313"))

    def test_lower(self) -> None:
        """Lower is better, 100 → 80 in two years, target 50: R = 2.338, on track."""
        ind = indicator(direction="lower", targets={T: 50}, actuals={2015: 100, 2017: 80})
        result = forecast(ind, 2017, forecast="cagr")
        assert (result.status, ratio(result)) == ("on_track", D("2.338"))
        assert "direction −1" in result.explanation_en

    def test_no_change_is_limited(self) -> None:
        """An unchanged value has R = 0: limited progress (0 ≤ R < 60%)."""
        ind = indicator(targets={T: 50}, actuals={2015: 10, 2020: 10})
        result = forecast(ind, 2020, forecast="cagr")
        assert (result.status, result.ratio) == ("limited", D(0))

    @pytest.mark.parametrize(
        ("latest", "status"),
        [(95, "on_track"), (60, "needs_acceleration"), (59, "limited"), (-1, "deteriorating")],
    )
    def test_thresholds(self, latest: int, status: str) -> None:
        """The shared classes at their edges: linear g = P / 100 from a baseline of 0."""
        ind = indicator(baseline=(2020, 0), targets={2023: 100}, actuals={2021: 0, 2023: latest})
        result = forecast(ind, 2023, forecast="linear")
        assert result.status == status


class TestDataRequirements:
    """Methodology: base year, two years of data, target already achieved."""

    def test_base_year_counts(self) -> None:
        """A baseline of its own and one later actual are two years: R = 20% / 4.73% = 4.229."""
        ind = indicator(baseline=(2015, 10), targets={T: 20}, actuals={2016: 12})
        result = forecast(ind, 2016, forecast="cagr")
        assert (result.status, ratio(result)) == ("on_track", D("4.229"))

    def test_linear_needs_two_actuals(self) -> None:
        """The least-squares line still needs two actuals (a kpiplan rule, stated)."""
        ind = indicator(baseline=(2015, 10), targets={T: 20}, actuals={2016: 12})
        assert forecast(ind, 2016).status == "unable"

    def test_base_year_without_data(self) -> None:
        """No value in the base year 2015: the next year with data, 2016, is the base.

        10 → 12.1 in two years is 10% a year; 2016 → 2030 needs 5.08%: R = 1.970.
        The actual of 2014, before the base year, is not used.
        """
        ind = indicator(
            baseline=(2015, None), targets={T: 20}, actuals={2014: 1, 2016: 10, 2018: "12.1"}
        )
        result = forecast(ind, 2018, forecast="cagr")
        assert ratio(result) == D("1.970")
        assert "(12.1/10)^(1/2)" in result.explanation_en

    def test_only_the_base_year(self) -> None:
        """The base year alone is one year of data: unable."""
        ind = indicator(baseline=(2015, 10), targets={T: 20}, actuals={2015: 10})
        result = forecast(ind, 2015, forecast="cagr")
        assert result.status == "unable"
        assert "two years of data" in result.explanation_en

    def test_achieved_first(self) -> None:
        """A latest actual meeting the target is achieved, even with one year of data."""
        ind = indicator(direction="lower", targets={T: 5}, actuals={2020: 4})
        assert forecast(ind, 2020, forecast="cagr").status == "achieved"

    def test_target_year_not_after_base(self) -> None:
        """A target year at or before the base year gives no needed rate: unable."""
        ind = indicator(baseline=(2020, 10), targets={2019: 20}, actuals={2021: 12})
        assert forecast(ind, 2021, forecast="cagr").status == "unable"


class TestZeroAndSign:
    """Methodology: zero base or target → 0.001; all-negative series by sign."""

    def test_zero_target(self) -> None:
        """sdg-build's test data 3-3-3 (headline, lower is better, target 0).

        1.55 (2015) → 1.82 (2019): 4.10% a year; to 0.001 by 2030: −38.72% a year;
        R = −1 × 4.10% / 38.72% = −0.106: deterioration.
        """
        ind = indicator(direction="lower", targets={T: 0}, actuals={2015: "1.55", 2019: "1.82"})
        result = forecast(ind, 2019, forecast="cagr")
        assert (result.status, ratio(result)) == ("deteriorating", D("-0.106"))

    def test_zero_base(self) -> None:
        """0 (2015) → 20 (2020), target 50: from 0.001, R = 5.910, on track."""
        ind = indicator(targets={T: 50}, actuals={2015: 0, 2020: 20})
        result = forecast(ind, 2020, forecast="cagr")
        assert (result.status, ratio(result)) == ("on_track", D("5.910"))
        assert "(20/0.001)" in result.explanation_en

    @pytest.mark.parametrize(
        "ind",
        [
            indicator(targets={T: 50}, actuals={2015: 0, 2020: 20}),
            indicator(direction="lower", targets={T: 0}, actuals={2015: 2, 2019: 3}),
        ],
    )
    def test_stricter_option(self, ind: kp.Indicator) -> None:
        """Method(forecast_zero=None) keeps kpiplan's "unable to assess" for zeros."""
        result = forecast(ind, 2020, forecast="cagr", forecast_zero=None)
        assert result.status == "unable"

    def test_replacement_is_an_option(self) -> None:
        """The methodology asks for care in the replacement: 0.001 gives R = 0.045, 1 gives 0.147.

        Lower is better, 10 → 9 in five years (−2.09% a year), target 0 in 2030.
        """
        ind = indicator(direction="lower", targets={T: 0}, actuals={2015: 10, 2020: 9})
        default = forecast(ind, 2020, forecast="cagr")
        one = forecast(ind, 2020, forecast="cagr", forecast_zero=1)
        assert (ratio(default), default.status) == (D("0.045"), "limited")
        assert (ratio(one), one.status) == (D("0.147"), "limited")

    def test_zero_replacement_must_be_positive(self) -> None:
        """A replacement of 0 or less is refused, naming the field."""
        with pytest.raises(ValueError, match=r"Method\.forecast_zero"):
            kp.Method(forecast_zero=0)

    def test_all_negative(self) -> None:
        """Higher is better, −10 → −8 in two years, target −2: R = 1.038, on track."""
        ind = indicator(targets={T: -2}, actuals={2015: -10, 2017: -8})
        result = forecast(ind, 2017, forecast="cagr")
        assert (result.status, ratio(result)) == ("on_track", D("1.038"))

    def test_zero_target_of_a_negative_series(self) -> None:
        """−10 → −8, target 0: the zero becomes −0.001 (kpiplan), R = 0.230, limited."""
        ind = indicator(targets={T: 0}, actuals={2015: -10, 2017: -8})
        result = forecast(ind, 2017, forecast="cagr")
        assert (result.status, ratio(result)) == ("limited", D("0.230"))
        assert "(-0.001/-10)" in result.explanation_en

    def test_sign_change(self) -> None:
        """Values of both signs cannot make a growth rate: unable."""
        ind = indicator(targets={T: 50}, actuals={2015: -10, 2017: 5})
        result = forecast(ind, 2017, forecast="cagr")
        assert result.status == "unable"
        assert "sign" in result.explanation_en


class TestWithoutTarget:
    """Methodology: no numeric target, growth in the good direction against 1.5%, 0.5%, 0."""

    @pytest.mark.parametrize(
        ("direction", "status"), [("lower", "deteriorating"), ("higher", "on_track")]
    )
    def test_sdg_build_data(self, direction: str, status: str) -> None:
        """sdg-build's test data 1-1-1 (headline): 100 (2020) → 120 (2021), 20% a year."""
        ind = indicator(direction=direction, actuals={2020: 100, 2021: 120})
        result = forecast_growth(ind, FY(2021))
        assert result is not None
        assert (result.status, result.method, result.final_target) == (status, "growth", None)
        assert result.ratio == (D("-0.2") if direction == "lower" else D("0.2"))

    @pytest.mark.parametrize(
        ("latest", "status"),
        [
            ("101.5", "on_track"),
            ("101.4", "needs_acceleration"),
            ("100.5", "needs_acceleration"),
            ("100.4", "limited"),
            ("100", "limited"),
            ("99.9", "deteriorating"),
        ],
    )
    def test_thresholds(self, latest: str, status: str) -> None:
        """One year from 100: the growth is the percentage itself."""
        ind = indicator(actuals={2020: 100, 2021: latest})
        result = forecast_growth(ind, FY(2021))
        assert result is not None
        assert result.status == status

    def test_direction_is_an_input(self) -> None:
        """A direction-only target ("decrease") is assessed by the same path."""
        ind = indicator(direction="higher", actuals={2020: 100, 2021: 120})
        result = forecast_growth(ind, FY(2021), direction=kp.Direction.LOWER)
        assert result is not None
        assert (result.status, result.ratio) == ("deteriorating", D("-0.2"))

    def test_range_direction_refused(self) -> None:
        """A range has no direction to grow in."""
        ind = indicator(actuals={2020: 100, 2021: 120})
        with pytest.raises(ValueError, match="higher or lower"):
            forecast_growth(ind, FY(2021), direction=kp.Direction.RANGE)

    def test_evaluate_uses_it(self) -> None:
        """evaluate() assesses an indicator with a unit and only statement targets by growth."""
        ind = indicator(baseline=(2020, 100), actuals={2022: 121}, statement=True)
        result = forecast(ind, 2022)
        assert (result.method, result.status, result.ratio) == ("growth", "on_track", D("0.1"))
        assert result.final_year is None
        assert result.explanation_ja.startswith("数値目標なし。")

    def test_data_record(self) -> None:
        """The evaluation's data has no final year, not the text "None"."""
        ind = indicator(baseline=(2020, 100), actuals={2022: 121}, statement=True)
        plan = kp.Plan(
            title="計画", organization="県", period=kp.PlanPeriod(FY(2020), FY(2024)), kgis=[ind]
        )
        data = kp.evaluate(plan, as_of=FY(2022)).to_data()
        assert data["indicators"][0]["forecast"]["final_year"] is None

    def test_limit_scaling(self) -> None:
        """Near a natural limit of 100, from 90: C = 1 − 0.9^4.44 = 0.374; 1% a year is on track.

        The thresholds become 1.5% × C = 0.56% and 0.5% × C = 0.19%.
        """
        ind = indicator(actuals={2020: 90, 2021: "90.9"})
        plain = forecast_growth(ind, FY(2021))
        scaled = forecast_growth(ind, FY(2021), limit=D(100))
        assert plain is not None
        assert scaled is not None
        assert (plain.status, scaled.status) == ("needs_acceleration", "on_track")
        assert "C = 0.374" in scaled.explanation_en

    @pytest.mark.parametrize(
        ("latest", "status"), [("100", "on_track"), ("99.99", "deteriorating")]
    )
    def test_base_at_limit(self, latest: str, status: str) -> None:
        """At the limit C = 0: staying there is on track, falling below deteriorating."""
        ind = indicator(actuals={2020: 100, 2021: latest})
        result = forecast_growth(ind, FY(2021), limit=D(100))
        assert result is not None
        assert result.status == status

    def test_beyond_limit(self) -> None:
        """Between the limit and twice it, C = 1 − ((2·100 − 150)/100)^4.44 = 0.954."""
        ind = indicator(actuals={2020: 150, 2021: "152.2"})
        result = forecast_growth(ind, FY(2021), limit=D(100))
        assert result is not None
        assert "C = 0.954" in result.explanation_en
        assert result.status == "on_track"  # 1.47% ≥ 1.5% × 0.954 = 1.43%

    def test_no_unit(self) -> None:
        """A qualitative indicator has no growth."""
        ind = kp.Indicator(
            id="KGI",
            code="KGI",
            name="指標",
            divisions=["課"],
            targets=[kp.Target(year=FY(2021), stage="構築")],
        )
        assert forecast_growth(ind, FY(2021)) is None
