"""Series, target kinds, revisions and the other new plan parts, as evaluation judges them.

Hand-computed vectors on the Kanagawa example (examples/kanagawa_health.toml). The
example prints baselines and targets only; the actuals below are test inputs, not
figures from the plan.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan.grading import NO_GRADE, Method, evaluate, load_preset

from ..strategies_model import plans_with_new_parts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kanagawa_health.toml"
H28, H30 = kp.FiscalYear(2016), kp.FiscalYear(2018)


@pytest.fixture(scope="module")
def kanagawa() -> kp.Plan:
    """The second example, loaded once."""
    return kp.load(EXAMPLE)


def _with_series(plan: kp.Plan, combine: kp.SeriesRule, **actuals: kp.Actual) -> kp.Plan:
    """健康寿命 with an actual per series (by name) and the given combine rule."""
    indicator = plan.indicator("健康寿命")
    series = [
        attrs.evolve(s, actuals=[actuals[s.name]]) if s.name in actuals else s
        for s in indicator.series
    ]
    changed = attrs.evolve(indicator, series=series, combine=combine)
    return attrs.evolve(plan, kgis=[changed, plan.kgis[1]])


def _numeric_series(plan: kp.Plan, combine: kp.SeriesRule) -> kp.Plan:
    """健康寿命 with numeric H28 targets 男 72, 女 75 and actuals 72.30, 74.36."""
    indicator = plan.indicator("健康寿命")
    men, women = indicator.series
    men = attrs.evolve(
        men, targets=[kp.Target(H28, value=72)], revisions=(), actuals=[_actual("72.30")]
    )
    women = attrs.evolve(women, targets=[kp.Target(H28, value=75)], actuals=[_actual("74.36")])
    changed = attrs.evolve(indicator, series=[men, women], combine=combine)
    return attrs.evolve(plan, kgis=[changed])


def _actual(value: str, status: kp.ActualStatus = kp.ActualStatus.CONFIRMED) -> kp.Actual:
    return kp.Actual(H28, status, Decimal(value))


class TestDirectionTargets:
    """延伸 (increase) is graded by the movement from the baseline, the target's way."""

    def test_moved_forward_is_met(self, kanagawa: kp.Plan) -> None:
        """男性 70.90 → 72.30: +1.4 years, forward → met → A; its direction holds in H28."""
        plan = _with_series(kanagawa, kp.SeriesRule.ALL, 男性=_actual("72.30"))
        men = evaluate(plan, as_of="H28").result("健康寿命").series_named("男性").year(H28)
        assert (men.grade, men.met, men.rate, men.basis) == ("A", True, None, "trend")
        assert men.target_kind == "trend"
        assert "基準値 70.9年 から実績 72.3年、増加の向きの変化 1.4年" in men.explanation_ja

    def test_no_change_is_c_and_back_is_d(self, kanagawa: kp.Plan) -> None:
        """女性 74.36 → 74.36 is flat (C); → 74.00 moved back (D), under the default rule."""
        flat = _with_series(kanagawa, kp.SeriesRule.ALL, 女性=_actual("74.36"))
        back = _with_series(kanagawa, kp.SeriesRule.ALL, 女性=_actual("74.00"))
        grades = [
            evaluate(p, as_of="H28").result("健康寿命").series_named("女性").year(H28).grade
            for p in (flat, back)
        ]
        assert grades == ["C", "D"]

    def test_decrease_is_met_by_a_fall(self, kanagawa: kp.Plan) -> None:
        """縮小 on a higher-is-better indicator: a fall from the baseline meets it."""
        gap = attrs.evolve(
            kanagawa.indicator("健康格差"),
            unit="年",
            baseline=kp.Baseline(kp.FiscalYear(2013), Decimal("3.0")),
            actuals=[_actual("2.5")],
        )
        plan = attrs.evolve(kanagawa, kgis=[gap])
        year = evaluate(plan, as_of="H28").result("健康格差").year(H28)
        assert (year.grade, year.met) == ("A", True)

    def test_forecast_uses_the_direction(self, kanagawa: kp.Plan) -> None:
        """The series' forecast is the growth assessment in the target's direction."""
        plan = _with_series(kanagawa, kp.SeriesRule.ALL, 男性=_actual("72.30"))
        forecast = evaluate(plan, as_of="H28").result("健康寿命").series_named("男性").forecast
        assert forecast is not None
        assert forecast.method == "growth"
        # (72.30 / 70.90) ^ (1/6) − 1 = 0.33% a year: below 0.5%, limited.
        assert forecast.status == "limited"


class TestCombine:
    """The indicator's year is its series combined by all, any, mean or worst."""

    @pytest.mark.parametrize(
        ("combine", "grade", "met"),
        [
            (kp.SeriesRule.ALL, "C", False),
            (kp.SeriesRule.ANY, "A", True),
            (kp.SeriesRule.WORST, "C", False),
        ],
    )
    def test_trend_series(
        self, kanagawa: kp.Plan, combine: kp.SeriesRule, grade: str, met: bool
    ) -> None:
        """男性 A (forward) and 女性 C (flat): all and worst C, any A."""
        plan = _with_series(kanagawa, combine, 男性=_actual("72.30"), 女性=_actual("74.36"))
        result = evaluate(plan, as_of="H28").result("健康寿命")
        assert (result.year(H28).grade, result.year(H28).met) == (grade, met)
        assert result.combine is combine
        assert [s.year(H28).grade for s in result.series] == ["A", "C"]

    def test_mean_needs_rates(self, kanagawa: kp.Plan) -> None:
        """Direction targets have no rate: their mean is not graded, with the reason."""
        plan = _with_series(
            kanagawa, kp.SeriesRule.MEAN, 男性=_actual("72.30"), 女性=_actual("74.36")
        )
        year = evaluate(plan, as_of="H28").result("健康寿命").year(H28)
        assert (year.grade, year.reason) == (NO_GRADE, "series_incomplete")

    @pytest.mark.parametrize(
        ("combine", "grade", "rate"),
        [
            # 72.30/72 = 100.41…% met (A); 74.36/75 = 99.146…% not met, ≥ 80 (B).
            (kp.SeriesRule.ALL, "B", Decimal("99.1")),
            (kp.SeriesRule.ANY, "A", Decimal("100.4")),
            (kp.SeriesRule.WORST, "B", Decimal("99.1")),
            # (100.41666… + 99.14666…) / 2 = 99.78166… → 99.8, not met, ≥ 80 → B.
            (kp.SeriesRule.MEAN, "B", Decimal("99.8")),
        ],
    )
    def test_numeric_series(
        self, kanagawa: kp.Plan, combine: kp.SeriesRule, grade: str, rate: Decimal
    ) -> None:
        """Numeric series: the chosen series' rate, or the mean of the exact rates."""
        year = evaluate(_numeric_series(kanagawa, combine), as_of="H28").result("健康寿命")
        assert (year.year(H28).grade, year.year(H28).rate_rounded) == (grade, rate)

    def test_all_needs_every_series(self, kanagawa: kp.Plan) -> None:
        """all: one series without an actual leaves the indicator ungraded; worst does not."""
        only_men = {"男性": _actual("72.30")}
        all_ = _with_series(kanagawa, kp.SeriesRule.ALL, **only_men)
        worst = _with_series(kanagawa, kp.SeriesRule.WORST, **only_men)
        assert evaluate(all_, as_of="H28").result("健康寿命").year(H28).grade == NO_GRADE
        assert evaluate(worst, as_of="H28").result("健康寿命").year(H28).grade == "A"

    def test_preliminary_series_makes_it_provisional(self, kanagawa: kp.Plan) -> None:
        """速報値 is graded provisionally, and so is the combination it enters."""
        prelim = _actual("74.36", kp.ActualStatus.PRELIMINARY)
        plan = _with_series(kanagawa, kp.SeriesRule.ALL, 男性=_actual("72.30"), 女性=prelim)
        result = evaluate(plan, as_of="H28").result("健康寿命")
        women = result.series_named("女性").year(H28)
        assert women.provisional
        assert "速報値による暫定評価" in women.explanation_ja
        assert result.year(H28).provisional

    def test_records_and_data_carry_the_series(self, kanagawa: kp.Plan) -> None:
        """One row per indicator, series and year; to_data has each series' years."""
        plan = _with_series(kanagawa, kp.SeriesRule.ALL, 男性=_actual("72.30"))
        evaluation = evaluate(plan, as_of="H28")
        rows = [r for r in evaluation.records() if r["fiscal_year"] == 2016]
        assert [(r["indicator"], r["series"], r["grade"]) for r in rows] == [
            ("健康寿命", None, NO_GRADE),
            ("健康寿命", "男性", "A"),
            ("健康寿命", "女性", NO_GRADE),
            ("健康格差", None, NO_GRADE),
        ]
        data = evaluation.to_data()["indicators"][0]
        assert data["combine"] == "all"
        assert [s["name"] for s in data["series"]] == ["男性", "女性"]
        assert data["series"][0]["years"][3]["grade"] == "A"


class TestRevisions:
    """The target in force at the evaluation year is graded; both are recorded."""

    def test_in_force_from_the_year_of_the_decision(self, kanagawa: kp.Plan) -> None:
        """The 中間評価 revision (2019-03-31, in FY H30) is in force as of H30, not H29."""
        men_h30 = evaluate(kanagawa, as_of="H30").result("健康寿命").series_named("男性")
        men_h29 = evaluate(kanagawa, as_of="H29").result("健康寿命").series_named("男性")
        final = kp.FiscalYear(2022)
        revised = men_h30.year(final)
        assert revised.target is not None
        assert revised.target.printed == "延伸（例示）"
        assert revised.original_target is not None
        assert revised.original_target.printed == "延伸"
        assert revised.revision is not None
        assert revised.revision.decided == date(2019, 3, 31)
        before = men_h29.year(final)
        assert before.target is not None
        assert before.target.printed == "延伸"
        assert before.revised_target is None

    def test_original_option(self, kanagawa: kp.Plan) -> None:
        """Method(targets="original") grades the original; the revised one is still shown."""
        evaluation = evaluate(kanagawa, as_of="H30", method=Method(targets="original"))
        year = evaluation.result("健康寿命").series_named("男性").year("R4")
        assert year.target is not None
        assert year.target.printed == "延伸"
        assert year.revised_target is not None
        assert year.revised_target.printed == "延伸（例示）"
        [row] = [
            r for r in evaluation.records() if r["series"] == "男性" and r["fiscal_year"] == 2022
        ]
        assert (row["original_target_text"], row["revised_target_text"], row["revision"]) == (
            "延伸",
            "延伸（例示）",
            "中間評価 2019-03-31",
        )

    def test_revised_value_is_graded(self) -> None:
        """A value target revised up (上方修正) from 10 to 12: an actual of 11 is not met."""
        indicator = kp.Indicator(
            "KPI",
            "KPI",
            "件数",
            ["課"],
            unit="件",
            targets=[kp.Target(H28, value=10)],
            actuals=[kp.Actual(H28, value=Decimal(11))],
            revisions=[
                kp.Revision(date(2016, 9, 1), "上方修正", targets=[kp.Target(H28, value=12)])
            ],
        )
        plan = kp.Plan("計画", "県", kp.PlanPeriod(H28, H28), kgis=[indicator])
        in_force = evaluate(plan, as_of="H28").result("KPI").year(H28)
        original = evaluate(plan, as_of="H28", method=Method(targets="original"))
        # 11 / 12 = 91.7% → B; 11 / 10 = 110.0% → A.
        assert (in_force.grade, in_force.rate_rounded) == ("B", Decimal("91.7"))
        assert original.result("KPI").year(H28).grade == "A"


def _one(target: kp.Target, **changes: object) -> kp.Plan:
    indicator = kp.Indicator(
        "KPI", "KPI", "検診受診率", ["課"], unit="%", actuals=[_actual("40")], targets=[target]
    )
    indicator = attrs.evolve(indicator, **changes)
    return kp.Plan("計画", "県", kp.PlanPeriod(H28, H28), kgis=[indicator])


class TestTargetKinds:
    """見込量 and 設定しない are never graded, each with its reason; 目標未設定 apart."""

    def test_projected_volume(self) -> None:
        """見込量 50 with an actual of 40: shown in the records, not graded."""
        plan = _one(kp.Target(H28, value=50, projected=True))
        year = evaluate(plan, as_of="H28").result("KPI").year(H28)
        assert (year.grade, year.rate, year.expected) == (NO_GRADE, None, None)
        assert (year.reason, year.reason_ja) == ("projected", "見込量は評価対象外")
        [row] = evaluate(plan, as_of="H28").records()
        assert (row["target"], row["target_kind"]) == (Decimal(50), "projected")

    def test_no_target_with_its_reason(self) -> None:
        """設定しない: not graded, the plan's reason kept, apart from a missing target."""
        plan = _one(kp.Target(H28, no_target="全国調査が廃止されたため"))
        year = evaluate(plan, as_of="H28").result("KPI").year(H28)
        assert (year.grade, year.reason) == (NO_GRADE, "no_target")
        assert year.reason_ja == "目標を設定しない（全国調査が廃止されたため）"
        missing = evaluate(_one(kp.Target(H28, statement="x"), targets=()), as_of="H28")
        assert missing.result("KPI").year(H28).reason_ja == "目標未設定"

    def test_rank_target(self) -> None:
        """全国5位以内 with 全国4位 in H28 met (A); 全国6位: 5 ÷ 6 = 83.3% → B; no rank: －."""

        def graded(rank: kp.NationalRank | None) -> kp.YearResult:
            plan = _one(kp.Target(H28, rank=5), national_rank=rank)
            return evaluate(plan, as_of="H28").result("KPI").year(H28)

        assert graded(kp.NationalRank(4, H28, 47)).grade == "A"
        sixth = graded(kp.NationalRank(6, H28, 47))
        assert (sixth.grade, sixth.rate_rounded) == ("B", Decimal("83.3"))
        assert graded(kp.NationalRank(4, kp.FiscalYear(2015))).reason == "no_rank"
        assert graded(None).reason == "no_rank"

    def test_text_baseline_makes_movement_unable(self) -> None:
        """A baseline of 今後算定 under a movement rule: not graded, the reason names it."""
        plan = _one(
            kp.Target(H28, value=50),
            baseline=kp.Baseline(kp.FiscalYear(2015), text="今後算定"),
        )
        year = evaluate(plan, as_of="H28", method=Method(rule=load_preset("gunma")))
        found = year.result("KPI").year(H28)
        assert (found.grade, found.reason) == (NO_GRADE, "baseline_text")
        assert "基準値が「今後算定」で数値でない" in found.explanation_ja


class TestSurveyAndCalendar:
    """The survey flag picks the rule's survey exception; calendar years map to FY."""

    def test_survey_flag_uses_the_exception(self) -> None:
        """Fukuoka City: 40 → 37.5 is −2.5 points: flat (b) for a survey (±3), else back (c)."""
        plain = _one(
            kp.Target(H28, value=50),
            baseline=kp.Baseline(kp.FiscalYear(2015), Decimal(40)),
            actuals=[_actual("37.5")],
        )
        surveyed = attrs.evolve(plain, kgis=[attrs.evolve(plain.kgis[0], survey=True)])
        method = Method(rule=load_preset("fukuoka-city"))
        grades = [
            evaluate(p, as_of="H28", method=method).result("KPI").year(H28).grade
            for p in (plain, surveyed)
        ]
        rule = load_preset("fukuoka-city")
        assert grades == [rule.movement["back"], rule.movement["flat"]] == ["c", "b"]
        via_table = attrs.evolve(surveyed, grading=kp.GradingChoice(preset="fukuoka-city"))
        found = evaluate(via_table, as_of="H28").result("KPI")
        assert found.rule.tolerance == Decimal(3)

    def test_calendar_year_in_its_fiscal_year(self) -> None:
        """A calendar-year indicator's 2016年 is graded as of FY2016 (H28), not before."""
        plan = _one(kp.Target(H28, value=40), year_basis=kp.YearBasis.CALENDAR)
        assert evaluate(plan, as_of="H28").result("KPI").year(H28).grade == "A"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans_with_new_parts())
def test_new_parts_never_raise_and_kinds_stay_ungraded(plan: kp.Plan) -> None:
    """Any drawn plan evaluates; a projected or 設定しない year is never graded; all never
    beats the worst series."""
    evaluation = evaluate(plan)
    evaluation.records()
    evaluation.to_data()
    for result in evaluation.indicators:
        for years in (result.years, *(s.years for s in result.series)):
            for year in years:
                target = year.target
                kind = target is not None and (target.projected or target.no_target is not None)
                # A combined row grades the series, not the total's own target.
                if kind and year.basis not in ("series", "override"):
                    assert not year.graded
                    assert year.rate is None
        if result.combine is kp.SeriesRule.ALL:
            scale = result.rule.scale
            for index, year in enumerate(result.years):
                if year.basis != "series" or not year.graded:
                    continue
                for series in result.series:
                    part = series.years[index]
                    if part.graded and part.grade in scale and year.grade in scale:
                        assert scale.rank(year.grade) >= scale.rank(part.grade)


def test_summary_table_shows_each_series(kanagawa: kp.Plan) -> None:
    """`kpiplan summary` lists each series under its indicator, with a revision noted."""
    from kpiplan.cli.summary import table

    plan = _with_series(kanagawa, kp.SeriesRule.ALL, 男性=_actual("72.30"))
    lines = table(evaluate(plan, as_of="H30")).splitlines()
    men = next(line for line in lines if line.startswith(" └ 男性"))
    assert "延伸（例示）" in men
    assert "目標見直しあり" in men
    assert any(line.startswith(" └ 女性") for line in lines)
