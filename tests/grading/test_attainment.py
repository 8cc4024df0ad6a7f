"""Attainment evaluation: the example plan, the issue's test vectors, edge rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import kpiplan as kp
from kpiplan.grading import (
    NO_GRADE,
    RECORD_FIELDS,
    Evaluation,
    Method,
    MissingDependencyError,
    YearResult,
    evaluate,
)
from kpiplan.grading._numbers import CONTEXT

FY = kp.FiscalYear
D = Decimal


def indicator(
    targets: dict[int, Any],
    actuals: dict[int, Any],
    *,
    indicator_id: str = "KGI",
    direction: str = "higher",
    accumulation: str = "annual",
    baseline: tuple[int, Any] | None = None,
    unit: str | None = "件",
) -> kp.Indicator:
    """An indicator from year → number (or Target/Actual) maps."""
    built_targets = [
        t if isinstance(t, kp.Target) else kp.Target(year=FY(y), value=D(str(t)))
        for y, t in sorted(targets.items())
    ]
    built_actuals = [
        a if isinstance(a, kp.Actual) else kp.Actual(year=FY(y), value=D(str(a)))
        for y, a in sorted(actuals.items())
    ]
    return kp.Indicator(
        id=indicator_id,
        code=indicator_id.rsplit("/", 1)[-1],
        name=f"指標 {indicator_id}",
        divisions=["課"],
        unit=unit,
        direction=kp.Direction(direction),
        accumulation=kp.Accumulation(accumulation),
        baseline=kp.Baseline(FY(baseline[0]), D(str(baseline[1]))) if baseline else None,
        targets=built_targets,
        actuals=built_actuals,
    )


def plan_of(
    *indicators: kp.Indicator, first: int = 2020, last: int = 2024, **extra: Any
) -> kp.Plan:
    """A plan holding the indicators as KGIs."""
    return kp.Plan(
        title="テスト計画",
        organization="県",
        period=kp.PlanPeriod(FY(first), FY(last)),
        kgis=indicators,
        **extra,
    )


def judge(ind: kp.Indicator, year: int, method: Method | None = None, **plan: Any) -> YearResult:
    """The result of one indicator in one year, evaluated as of that year."""
    evaluation = evaluate(plan_of(ind, **plan), as_of=FY(year), method=method)
    return evaluation.result(ind.id).year(FY(year))


@pytest.fixture(scope="module")
def evaluation(example_plan: kp.Plan) -> Evaluation:
    """The example plan evaluated as of R3."""
    return evaluate(example_plan, as_of="R3")


class TestExampleAsOfR3:
    """Point 10 of the issue: the example plan as of R3."""

    @pytest.mark.parametrize(
        ("indicator_id", "rate", "grade"),
        [
            ("KGI", "105.6", "A"),
            ("CSF-1/KPI-1", "170.0", "A"),
            ("CSF-1/KPI-2", "247.0", "A"),
            ("CSF-2/KPI-1", "100.0", "A"),
            ("CSF-2/KPI-3", "100.0", "A"),
            ("CSF-2/KPI-4", "140.0", "A"),
            ("CSF-3/KPI-1", "100.0", "A"),
            ("CSF-3/KPI-4", "118.2", "A"),
        ],
    )
    def test_quantitative(
        self, evaluation: Evaluation, indicator_id: str, rate: str, grade: str
    ) -> None:
        """Each numeric KPI has the published rate and grade, graded provisionally."""
        current = evaluation.result(indicator_id).current
        assert current is not None
        assert current.rate_rounded == D(rate)
        assert str(current.rate_rounded) == rate
        assert current.grade == grade
        assert current.provisional is True

    def test_kgi_is_provisional_a(self, evaluation: Evaluation) -> None:
        """The KGI is 105.6 A, marked provisional because R3 is an estimate."""
        kgi = evaluation.result("KGI").current
        assert kgi is not None
        assert (kgi.rate_rounded, kgi.grade, kgi.provisional) == (D("105.6"), "A", True)
        assert kgi.grade_label_ja == "達成"
        assert "見込み" in kgi.explanation_ja
        assert "95% ÷ 目標 90%" in kgi.explanation_ja

    def test_rpa_is_pending(self, evaluation: Evaluation) -> None:
        """CSF-1/KPI-3 reported 作成中: pending, not graded."""
        current = evaluation.result("CSF-1/KPI-3").current
        assert current is not None
        assert current.pending is True
        assert current.grade == NO_GRADE
        assert current.rate is None

    @pytest.mark.parametrize("indicator_id", ["CSF-2/KPI-2", "CSF-3/KPI-2", "CSF-3/KPI-3"])
    def test_stage_reached(self, evaluation: Evaluation, indicator_id: str) -> None:
        """Stage targets reached (運用, 構築) are A."""
        current = evaluation.result(indicator_id).current
        assert current is not None
        assert current.grade == "A"
        assert current.basis == "stage"

    def test_evangelist_partial_is_c(self, evaluation: Evaluation) -> None:
        """CSF-3/KPI-5 is assessed partial: C."""
        current = evaluation.result("CSF-3/KPI-5").current
        assert current is not None
        assert (current.grade, current.basis) == ("C", "assessment")

    def test_faq_target_flagged_too_low(self, evaluation: Evaluation) -> None:
        """CSF-1/KPI-2's forecast passes the final 5,000 long before R6."""
        forecast = evaluation.result("CSF-1/KPI-2").forecast
        assert forecast is not None
        assert forecast.final_target == 5000
        assert forecast.target_too_low is True
        assert forecast.reaches_target == FY.parse("R4")

    def test_kgi_target_not_flagged(self, evaluation: Evaluation) -> None:
        """A target that stands at 100% from R4 is not called too low for being met in R4."""
        forecast = evaluation.result("KGI").forecast
        assert forecast is not None
        assert forecast.target_too_low is False

    def test_budget_change(self, evaluation: Evaluation) -> None:
        """R4 over R3 is +121.5%, and R4 is marked requested."""
        r4 = evaluation.budgets.year("R4")
        assert r4.change_rounded == D("121.5")
        assert r4.requested is True
        assert r4.status_ja == "要求中"
        assert evaluation.budgets.year("R3").requested is False
        assert [y.year for y in evaluation.budgets.requested] == [FY.parse("R4")]

    def test_default_as_of_is_r3(self, example_plan: kp.Plan) -> None:
        """Without as_of, the latest year with a reported actual (R3) is used."""
        assert evaluate(example_plan).as_of == FY.parse("R3")

    def test_rollups(self, evaluation: Evaluation) -> None:
        """One roll-up per CSF then the plan; the pending KPI is left out with its reason."""
        assert [r.scope for r in evaluation.rollups] == ["CSF-1", "CSF-2", "CSF-3", "plan"]
        csf1 = evaluation.rollup("CSF-1")
        assert (csf1.evaluated, csf1.pending) == (2, 1)
        assert csf1.excluded == (("CSF-1/KPI-3", "pending (作成中)"),)
        plan = evaluation.rollup(None)
        assert plan.counts["A"] == 11
        assert plan.counts["C"] == 1
        assert plan.evaluated == 12


class TestRateVectors:
    """Point 11 of the issue: rate → grade vectors."""

    @pytest.mark.parametrize(
        ("target", "actual", "rate", "grade"),
        [(200, 170, "85.0", "B"), (1280, 2260, "176.6", "A")],
    )
    def test_higher_ratio(self, target: int, actual: int, rate: str, grade: str) -> None:
        """Higher is better: A/T."""
        result = judge(indicator({2021: target}, {2021: actual}), 2021)
        assert (str(result.rate_rounded), result.grade) == (rate, grade)

    def test_auto_prefers_ratio(self) -> None:
        """B=87, T=95, A=91: auto gives the ratio 95.8, B."""
        ind = indicator({2021: 95}, {2021: 91}, baseline=(2020, 87))
        result = judge(ind, 2021)
        assert (str(result.rate_rounded), result.grade, result.basis) == ("95.8", "B", "ratio")

    def test_progress_basis(self) -> None:
        """B=87, T=95, A=91: progress basis gives 50.0, C."""
        ind = indicator({2021: 95}, {2021: 91}, baseline=(2020, 87))
        result = judge(ind, 2021, Method(basis="progress"))
        assert (str(result.rate_rounded), result.grade) == ("50.0", "C")

    def test_rounds_to_100_but_not_met(self) -> None:
        """T=100, A=99.96 shows 100.0 but is not met, so B."""
        result = judge(indicator({2021: 100}, {2021: "99.96"}), 2021)
        assert str(result.rate_rounded) == "100.0"
        assert result.met is False
        assert result.grade == "B"
        assert "at most B" in result.explanation_en

    def test_lower_progress(self) -> None:
        """Lower is better, B=120, T=60, A=75: progress 75.0, C."""
        ind = indicator({2021: 60}, {2021: 75}, direction="lower", baseline=(2020, 120))
        result = judge(ind, 2021)
        assert (str(result.rate_rounded), result.grade, result.basis) == ("75.0", "C", "progress")

    def test_lower_ratio_basis(self) -> None:
        """Lower is better, T=60, A=75, ratio basis: T/A = 80.0, B."""
        ind = indicator({2021: 60}, {2021: 75}, direction="lower", baseline=(2020, 120))
        result = judge(ind, 2021, Method(basis="ratio"))
        assert (str(result.rate_rounded), result.grade) == ("80.0", "B")

    def test_lower_to_zero(self) -> None:
        """Lower is better, B=5, T=0, A=2: 60.0, C."""
        ind = indicator({2021: 0}, {2021: 2}, direction="lower", baseline=(2020, 5))
        result = judge(ind, 2021)
        assert (str(result.rate_rounded), result.grade) == ("60.0", "C")

    def test_lower_zero_met(self) -> None:
        """Lower is better, B=5, T=0, A=0: met, A."""
        ind = indicator({2021: 0}, {2021: 0}, direction="lower", baseline=(2020, 5))
        result = judge(ind, 2021)
        assert (result.met, result.grade) == (True, "A")

    def test_lower_zero_without_baseline(self) -> None:
        """Lower is better, T=0, A=2, no baseline: no rate, －, never a division error."""
        result = judge(indicator({2021: 0}, {2021: 2}, direction="lower"), 2021)
        assert result.rate is None
        assert result.rate_rounded is None
        assert result.grade == NO_GRADE
        assert result.met is False

    def test_negative_baseline(self) -> None:
        """Higher is better, B=-500, T=0, A=-200: progress 60.0, C."""
        ind = indicator({2021: 0}, {2021: -200}, baseline=(2020, -500))
        result = judge(ind, 2021)
        assert (str(result.rate_rounded), result.grade, result.basis) == ("60.0", "C", "progress")

    def _cumulative(self) -> kp.Indicator:
        return indicator(
            {2021: 75, 2022: 150, 2023: 225, 2024: 300},
            {2021: 90, 2022: 130},
            accumulation="cumulative",
            baseline=(2020, 0),
        )

    def test_cumulative_running(self) -> None:
        """Cumulative 75/150/225/300 from 0, actuals 90 then 130: second year 86.7, B."""
        result = judge(self._cumulative(), 2022)
        assert (str(result.rate_rounded), result.grade) == ("86.7", "B")

    def test_cumulative_increment(self) -> None:
        """The increment basis compares 130 − 90 with 150 − 75: 53.3, C."""
        result = judge(self._cumulative(), 2022, Method(cumulative="increment"))
        assert (str(result.rate_rounded), result.grade) == ("53.3", "C")

    def test_cumulative_increment_first_year_uses_baseline(self) -> None:
        """The first year's increase is measured from the baseline: 90/75 = 120.0, A."""
        result = judge(self._cumulative(), 2021, Method(cumulative="increment"))
        assert (str(result.rate_rounded), result.grade) == ("120.0", "A")

    def test_only_final_target(self) -> None:
        """B=40 in FY2023, T=200 in FY2027, FY2025 actual 110: expected 120, 91.7 B."""
        ind = indicator({2027: 200}, {2025: 110}, baseline=(2023, 40))
        result = judge(ind, 2025, first=2023, last=2027)
        assert result.expected == 120
        assert result.target is None
        assert (str(result.rate_rounded), result.grade) == ("91.7", "B")
        assert "直線補間" in result.explanation_ja

    def test_interpolation_off(self) -> None:
        """Without interpolation a year with no target is not graded."""
        ind = indicator({2027: 200}, {2025: 110}, baseline=(2023, 40))
        result = judge(ind, 2025, Method(interpolate=False), first=2023, last=2027)
        assert (result.expected, result.grade) == (None, NO_GRADE)

    def test_rate_is_exact_and_uncapped(self) -> None:
        """The stored rate keeps every digit and is not capped at 100."""
        result = judge(indicator({2021: 3}, {2021: 10}), 2021)
        assert result.rate == CONTEXT.divide(D(1000), D(3))
        assert len(result.rate.as_tuple().digits) == 34
        assert result.rate_rounded == D("333.3")

    def test_half_up(self) -> None:
        """Rounding is half-up: 1.0005/1 × 100 = 100.05 → 100.1."""
        result = judge(indicator({2021: "200"}, {2021: "200.1"}), 2021)
        assert result.rate == D("100.05")
        assert result.rate_rounded == D("100.1")

    def test_range(self) -> None:
        """A range target is met inside its bounds and compared with the bound outside."""
        inside = kp.Target(year=FY(2021), minimum=D(60), maximum=D(80))
        ind = indicator({2021: inside}, {2021: 70}, direction="range")
        assert judge(ind, 2021).grade == "A"
        below = indicator({2021: inside}, {2021: 45}, direction="range")
        result = judge(below, 2021)
        assert (str(result.rate_rounded), result.grade) == ("75.0", "C")

    def test_s_band(self) -> None:
        """With an S band at 120, a met target with a rate of 170.0 is S."""
        method = Method(s_threshold=120, labels_en={"S": "far exceeded"})
        result = judge(indicator({2021: 10}, {2021: 17}), 2021, method)
        assert (result.grade, result.grade_label_en) == ("S", "far exceeded")
        assert result.grade_label_ja == "大幅に達成"

    def test_thresholds(self) -> None:
        """Thresholds are options: with B from 90, 85.0 is C."""
        result = judge(indicator({2021: 200}, {2021: 170}), 2021, Method(b_threshold=90))
        assert result.grade == "C"


class TestQualitative:
    """Stage and statement targets, pending and provisional actuals, overrides."""

    def _staged(self, stage: str) -> kp.Indicator:
        return indicator(
            {2021: kp.Target(year=FY(2021), stage="構築")},
            {2021: kp.Actual(year=FY(2021), stage=stage)},
            unit=None,
        )

    @pytest.mark.parametrize(
        ("stage", "grade"), [("検討", "C"), ("構築", "A"), ("運用", "A"), ("改善", "A")]
    )
    def test_stage_target(self, stage: str, grade: str) -> None:
        """Stage target 構築: 検討 is one short (C), 運用 is beyond (A)."""
        assert judge(self._staged(stage), 2021).grade == grade

    def test_two_stages_short(self) -> None:
        """Two or more stages short is D."""
        ind = indicator(
            {2021: kp.Target(year=FY(2021), stage="運用")},
            {2021: kp.Actual(year=FY(2021), stage="検討")},
            unit=None,
        )
        assert judge(ind, 2021).grade == "D"

    @pytest.mark.parametrize(
        ("assessment", "grade"),
        [
            (kp.Assessment.ACHIEVED, "A"),
            (kp.Assessment.PARTIAL, "C"),
            (kp.Assessment.NOT_ACHIEVED, "D"),
            (None, NO_GRADE),
        ],
    )
    def test_statement(self, assessment: kp.Assessment | None, grade: str) -> None:
        """Statement targets use the recorded assessment; none recorded is －."""
        ind = indicator(
            {2021: kp.Target(year=FY(2021), statement="制度を創設")},
            {2021: kp.Actual(year=FY(2021), text="創設済", assessment=assessment)},
            unit=None,
        )
        assert judge(ind, 2021).grade == grade

    def test_override(self) -> None:
        """A manual override replaces the grade and its reason is in the explanation."""
        override = kp.GradeOverride(grade="B", reason="災害対応で事業を一時中断")
        actual = kp.Actual(year=FY(2021), value=D(40), override=override)
        result = judge(indicator({2021: 100}, {2021: actual}), 2021)
        assert (result.grade, result.basis) == ("B", "override")
        assert "災害対応で事業を一時中断" in result.explanation_ja
        assert str(result.rate_rounded) == "40.0"

    def test_estimate_is_provisional(self) -> None:
        """An estimate (見込み) is graded and marked provisional."""
        actual = kp.Actual(
            year=FY(2021), value=D(9), status=kp.ActualStatus.ESTIMATE, as_of=date(2022, 3, 31)
        )
        result = judge(indicator({2021: 10}, {2021: actual}), 2021)
        assert (result.grade, result.provisional) == ("B", True)
        assert "2022-03-31" in result.explanation_en

    def test_not_reported(self) -> None:
        """A － actual is not graded and not pending."""
        actual = kp.Actual(year=FY(2021), status=kp.ActualStatus.NOT_REPORTED)
        result = judge(indicator({2021: 10}, {2021: actual}), 2021)
        assert (result.grade, result.pending, result.provisional) == (NO_GRADE, False, False)

    def test_actuals_after_as_of_are_ignored(self) -> None:
        """Evaluated as of 2021, a 2022 actual is neither shown nor graded."""
        ind = indicator({2021: 10, 2022: 10}, {2021: 10, 2022: 12})
        evaluation = evaluate(plan_of(ind), as_of=FY(2021))
        later = evaluation.result("KGI").year(FY(2022))
        assert (later.actual, later.grade) == (None, NO_GRADE)


def _rollup_plan() -> kp.Plan:
    """A CSF whose KPIs grade A, B, B, C, D and － at rates 100, 85, 95.8, 60, 40."""
    specs = [
        ({2021: 100}, {2021: 100}, None),
        ({2021: 200}, {2021: 170}, None),
        ({2021: 95}, {2021: 91}, (2020, 87)),
        ({2021: 100}, {2021: 60}, None),
        ({2021: 100}, {2021: 40}, None),
        ({2021: 100}, {}, None),
    ]
    kpis = [
        indicator(targets, actuals, indicator_id=f"CSF-1/KPI-{n}", baseline=baseline)
        for n, (targets, actuals, baseline) in enumerate(specs, start=1)
    ]
    csf = kp.Csf(code="CSF-1", title="柱1", indicators=kpis)
    return kp.Plan(
        title="計画", organization="県", period=kp.PlanPeriod(FY(2020), FY(2024)), csfs=[csf]
    )


class TestRollup:
    """Roll-ups per CSF and for the plan."""

    def test_vector(self) -> None:
        """{A, B, B, C, D, －}: evaluated 5, A 20%, A+B 60%, score 2.6 → B."""
        rollup = evaluate(_rollup_plan(), as_of=FY(2021)).rollup("CSF-1")
        grades = {"A": 1, "B": 2, "C": 1, "D": 1, NO_GRADE: 1}
        assert dict(rollup.counts) == grades
        assert rollup.evaluated == 5
        assert rollup.share_a == 20
        assert rollup.share_ab == 60
        assert rollup.mean_score == D("2.6")
        assert (rollup.mean_grade, rollup.grade) == ("B", "B")
        assert rollup.excluded == (("CSF-1/KPI-6", "no actual (実績なし)"),)

    def test_mean_rate_mode(self) -> None:
        """The capped mean rate of (100, 85, 95.8, 60, 40) is 76.2, graded C."""
        evaluation = evaluate(_rollup_plan(), as_of=FY(2021), method=Method(rollup="mean_rate"))
        rollup = evaluation.rollup("CSF-1")
        assert rollup.mean_rate == D("76.2")
        assert rollup.grade == "C"

    def test_worst_mode(self) -> None:
        """The worst child is D."""
        evaluation = evaluate(_rollup_plan(), as_of=FY(2021), method=Method(rollup="worst"))
        rollup = evaluation.rollup("CSF-1")
        assert (rollup.worst_grade, rollup.grade) == ("D", "D")

    def test_weights(self) -> None:
        """Weights change the mean rate: weighting the 100 by 5 gives (500+280.8)/9 = 86.8."""
        method = Method(rollup="mean_rate", weights={"CSF-1/KPI-1": 5})
        rollup = evaluate(_rollup_plan(), as_of=FY(2021), method=method).rollup("CSF-1")
        assert rollup.mean_rate == D("86.8")

    def test_unknown_scope(self) -> None:
        """Asking for a CSF that does not exist raises KeyError."""
        with pytest.raises(KeyError):
            evaluate(_rollup_plan(), as_of=FY(2021)).rollup("CSF-9")


class TestForecast:
    """On-track forecasts, apart from the grade."""

    def test_linear_needs_acceleration(self) -> None:
        """Cumulative 90 then 130, target 300 two years later from 0: P = 210, g = 70%."""
        ind = indicator(
            {2021: 75, 2022: 150, 2023: 225, 2024: 300},
            {2021: 90, 2022: 130},
            accumulation="cumulative",
            baseline=(2020, 0),
        )
        forecast = evaluate(plan_of(ind), as_of=FY(2022)).result("KGI").forecast
        assert forecast is not None
        assert forecast.projected == 210
        assert forecast.ratio == D("0.7")
        assert forecast.status == "needs_acceleration"
        assert forecast.label_ja == "加速が必要"
        assert forecast.target_too_low is False

    def test_cagr_on_track(self) -> None:
        """CAGR: 10 (2015) → 20 (2020), target 50 in 2030: ratio 1.313, on track."""
        ind = indicator({2030: 50}, {2015: 10, 2020: 20})
        method = Method(forecast="cagr")
        evaluation = evaluate(plan_of(ind, first=2015, last=2030), as_of=FY(2020), method=method)
        forecast = evaluation.result("KGI").forecast
        assert forecast is not None
        assert forecast.ratio is not None
        assert forecast.ratio.quantize(D("0.001")) == D("1.313")
        assert (forecast.status, forecast.method) == ("on_track", "cagr")

    def test_cagr_needs_positive_values(self) -> None:
        """CAGR with a zero base cannot be assessed under the stricter forecast_zero=None.

        The default replaces the zero as Open SDG does (tests/test_forecast.py).
        """
        ind = indicator({2030: 50}, {2015: 0, 2020: 20})
        method = Method(forecast="cagr", forecast_zero=None)
        evaluation = evaluate(plan_of(ind, first=2015, last=2030), as_of=FY(2020), method=method)
        forecast = evaluation.result("KGI").forecast
        assert forecast is not None
        assert forecast.status == "unable"

    def test_too_few_points(self) -> None:
        """One actual is too few to fit a trend."""
        forecast = evaluate(plan_of(indicator({2024: 10}, {2021: 3})), as_of=FY(2021))
        result = forecast.result("KGI").forecast
        assert result is not None
        assert result.status == "unable"

    def test_deteriorating(self) -> None:
        """A falling trend of a higher-is-better indicator is deteriorating."""
        ind = indicator({2024: 100}, {2020: 50, 2021: 40}, baseline=(2020, 50))
        forecast = evaluate(plan_of(ind), as_of=FY(2021)).result("KGI").forecast
        assert forecast is not None
        assert forecast.status == "deteriorating"
        assert forecast.ratio is not None
        assert forecast.ratio < 0

    def test_achieved(self) -> None:
        """A final target already met is achieved."""
        ind = indicator({2024: 10}, {2020: 5, 2023: 12})
        forecast = evaluate(plan_of(ind), as_of=FY(2023)).result("KGI").forecast
        assert forecast is not None
        assert forecast.status == "achieved"

    def test_qualitative_has_none(self) -> None:
        """A qualitative indicator has no forecast."""
        ind = indicator({2021: kp.Target(year=FY(2021), stage="構築")}, {}, unit=None)
        assert evaluate(plan_of(ind), as_of=FY(2021)).result("KGI").forecast is None


class TestBudgetMetrics:
    """Budget totals, changes, shares, execution and cost per unit."""

    def _plan(self) -> kp.Plan:
        execution = kp.Execution(
            initial=10_000,
            supplementary=2_000,
            carried_over=500,
            spent=11_000,
            carried_forward=800,
        )
        faq = indicator(
            {2021: 2000},
            {2020: 1800, 2021: 4940},
            accumulation="cumulative",
            indicator_id="KGI",
            baseline=(2020, 1800),
        )
        lines = [
            kp.BudgetLine(name="FAQ運用事業", amount=10_000, links=["KGI"], execution=execution)
        ]
        budget = kp.Budget(year=FY(2021), total=10_000, lines=lines)
        return plan_of(faq, budgets=[budget])

    def test_execution_vector(self) -> None:
        """当初 10,000 + 補正 2,000 + 繰越 500, spent 11,000, carried out 800."""
        line = evaluate(self._plan(), as_of=FY(2021)).budgets.year(FY(2021)).lines[0]
        assert line.current == 12_500
        assert line.execution_rate_rounded == D("88.0")
        assert line.unused == 700

    def test_cost_per_unit(self) -> None:
        """Spent 11,000千円 over 3,140 FAQ entries added: 3.50千円 per 件."""
        line = evaluate(self._plan(), as_of=FY(2021)).budgets.year(FY(2021)).lines[0]
        (cost,) = line.costs
        assert cost.output == 3140
        assert cost.amount == 11_000
        assert cost.cost_rounded == D("3.50")
        assert cost.unit_label == "千円/件"

    def test_line_unpacks(self) -> None:
        """A line unpacks as (name, amount, share)."""
        line = evaluate(self._plan(), as_of=FY(2021)).budgets.year(FY(2021)).lines[0]
        name, amount, share = line
        assert (name, amount, share) == ("FAQ運用事業", 10_000, 100)

    def test_example_shares(self, example_plan: kp.Plan) -> None:
        """Line shares of R3 add up to 100% and FAQ costs 11,550 / 3,140 = 3.68千円 per 件."""
        r3 = evaluate(example_plan, as_of="R3").budgets.year("R3")
        assert sum(line.share or 0 for line in r3.lines) == 100
        faq = next(line for line in r3.lines if "FAQ" in line.name)
        assert faq.costs[0].cost_rounded == D("3.68")
        assert r3.change is None


class TestRecords:
    """Tidy records and the DataFrame."""

    def test_fields_and_types(self, example_plan: kp.Plan) -> None:
        """Rows carry plain Python values in the documented order."""
        evaluation = evaluate(example_plan, as_of="R3")
        rows = evaluation.records()
        assert len(rows) == 13 * 5
        assert all(tuple(row) == RECORD_FIELDS for row in rows)
        kgi = next(r for r in rows if r["indicator"] == "KGI" and r["fiscal_year"] == 2021)
        assert kgi["target"] == 90
        assert isinstance(kgi["target"], Decimal)
        assert kgi["rate"] == D("105.6")
        assert (kgi["status"], kgi["grade"], kgi["provisional"]) == ("estimate", "A", True)
        rpa = next(r for r in rows if r["indicator"] == "CSF-1/KPI-3" and r["fiscal_year"] == 2021)
        assert (rpa["status"], rpa["pending"], rpa["actual_text"]) == (
            "in_progress",
            True,
            "作成中",
        )

    def test_dataframe(self, example_plan: kp.Plan) -> None:
        """to_dataframe gives the records, or says how to install pandas."""
        evaluation = evaluate(example_plan, as_of="R3")
        try:
            import pandas  # noqa: F401
        except ImportError:
            with pytest.raises(MissingDependencyError, match=r"kpiplan\[pandas\]"):
                evaluation.to_dataframe()
            return
        frame = evaluation.to_dataframe()
        assert list(frame.columns) == list(RECORD_FIELDS)
        assert len(frame) == len(evaluation.records())


class TestData:
    """The evaluation as JSON-ready data, for exporters."""

    def test_json_ready(self, evaluation: Evaluation) -> None:
        """to_data() dumps to JSON as is and carries the published figures."""
        import json

        data = evaluation.to_data()
        text = json.dumps(data, ensure_ascii=False)
        assert json.loads(text) == data
        assert data["as_of"] == "R3"
        kgi = data["indicators"][0]
        r3 = next(y for y in kgi["years"] if y["fiscal_year"] == "R3")
        assert (r3["rate"], r3["grade"], r3["provisional"]) == (105.6, "A", True)
        assert r3["rate_exact"].startswith("105.555555")
        faq = next(i for i in data["indicators"] if i["indicator"] == "CSF-1/KPI-2")
        assert faq["forecast"]["target_too_low"] is True
        assert data["rollups"][-1]["scope"] == "plan"
        r4 = data["budgets"][1]
        assert (r4["change"], r4["status"], r4["requested"]) == (121.5, "requested", True)

    def test_deterministic(self, example_plan: kp.Plan) -> None:
        """Two evaluations of the same plan give equal data."""
        first = evaluate(example_plan, as_of="R3").to_data()
        assert evaluate(example_plan, as_of="R3").to_data() == first


class TestArguments:
    """as_of and method arguments."""

    def test_as_of_forms(self, example_plan: kp.Plan) -> None:
        """as_of takes a FiscalYear or text such as R3 or 令和3年度."""
        assert evaluate(example_plan, as_of="令和3年度").as_of == FY(2021)
        assert evaluate(example_plan, as_of=FY(2022)).as_of == FY(2022)

    def test_bad_as_of(self, example_plan: kp.Plan) -> None:
        """What is no fiscal year raises FiscalYearError (a KpiplanError) naming it."""
        with pytest.raises(kp.FiscalYearError, match="X9"):
            evaluate(example_plan, as_of="X9")
        with pytest.raises(kp.FiscalYearError, match=r"2021\.0"):
            evaluate(example_plan, as_of=2021.0)  # type: ignore[arg-type]

    def test_outside_period(self, example_plan: kp.Plan) -> None:
        """An as_of outside the plan period is an error giving the period."""
        with pytest.raises(kp.FiscalYearError, match="R9 is outside the plan period R2–R6"):
            evaluate(example_plan, as_of="R9")

    def test_no_actuals_uses_actuals_as_of(self) -> None:
        """A plan without actuals stands at the year of actuals_as_of, else its first year."""
        ind = indicator({2021: 1}, {})
        dated = plan_of(ind, actuals_as_of=date(2023, 3, 31))
        assert evaluate(dated).as_of == FY(2022)
        assert evaluate(plan_of(ind)).as_of == FY(2020)

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"basis": "median"}, "Method.basis"),
            ({"cumulative": "total"}, "Method.cumulative"),
            ({"rollup": "best"}, "Method.rollup"),
            ({"forecast": "arima"}, "Method.forecast"),
            ({"b_threshold": 40}, "c_threshold"),
            ({"weights": {"KGI": -1}}, "weights"),
        ],
    )
    def test_bad_method(self, options: dict[str, Any], message: str) -> None:
        """Bad options are refused with the class and field named."""
        with pytest.raises(ValueError, match=message):
            Method(**options)

    def test_method_hashable(self) -> None:
        """A Method is a frozen value, usable as a cache key."""
        assert hash(Method()) == hash(Method())
        assert Method(labels_ja={"A": "達成"}) == Method()
