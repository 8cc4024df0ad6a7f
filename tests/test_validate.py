"""Validation: a test per rule, each problem with its path, every problem at once."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan import _validate

from .strategies_broken import broken_plans


@pytest.fixture
def data(example_plan: kp.Plan) -> dict[str, Any]:
    """The example plan as plain data, to break on purpose."""
    result: dict[str, Any] = json.loads(kp.dumps(example_plan))
    return result


def problems(data: dict[str, Any]) -> list[str]:
    """The problems loading ``data`` gives, as ``path: message`` lines."""
    with pytest.raises(kp.ValidationError) as info:
        kp.loads(json.dumps(data, ensure_ascii=False), source="plan.json")
    assert info.value.source == "plan.json"
    return [str(p) for p in info.value.problems]


def kpi(data: dict[str, Any], csf: int, index: int) -> dict[str, Any]:
    """An indicator of the plain data."""
    result: dict[str, Any] = data["csfs"][csf]["indicators"][index]
    return result


class TestStructure:
    """Wrong types, unknown keys and missing fields, deep inside."""

    def test_wrong_type_deep_inside(self, data: dict[str, Any]) -> None:
        """Text where a number belongs names the year of the CSF's KPI."""
        kpi(data, 1, 2)["targets"]["R4"] = {"value": "many"}
        [problem] = problems(data)
        assert problem.startswith("csfs[CSF-2].indicators[KPI-3].targets[R4].value: ")
        assert "'many'" in problem

    def test_unknown_key_suggests(self, data: dict[str, Any]) -> None:
        """A typo is caught and the right key suggested."""
        kpi(data, 0, 0)["divisons"] = kpi(data, 0, 0).pop("divisions")
        found = problems(data)
        assert any(
            p.startswith("csfs[CSF-1].indicators[KPI-1]: unknown key 'divisons'")
            and "did you mean 'divisions'" in p
            for p in found
        )
        assert any(
            p == "csfs[CSF-1].indicators[KPI-1].divisions: required but missing" for p in found
        )

    def test_text_is_not_a_list(self, data: dict[str, Any]) -> None:
        """A division written as text instead of a list is an error, not characters."""
        kpi(data, 0, 0)["divisions"] = "人事課"
        [problem] = problems(data)
        assert problem.startswith("csfs[CSF-1].indicators[KPI-1].divisions: expected a list")

    def test_number_is_not_text(self, data: dict[str, Any]) -> None:
        """A number where text belongs is not silently turned into text."""
        data["title"] = 42
        assert problems(data) == ["title: expected text, got integer 42"]

    def test_unknown_enum_value(self, data: dict[str, Any]) -> None:
        """An unknown status lists the allowed ones."""
        data["kgis"][0]["actuals"]["R3"]["status"] = "guess"
        [problem] = problems(data)
        assert problem.startswith("kgis[KGI].actuals[R3].status: expected one of 'confirmed'")

    def test_bad_year_key(self, data: dict[str, Any]) -> None:
        """An invalid era in a year key is named."""
        data["kgis"][0]["targets"]["X5"] = {"value": 1}
        [problem] = problems(data)
        assert problem.startswith("kgis[KGI].targets[X5]: ")

    def test_float_refused(self) -> None:
        """Binary floats are refused from Python data: money is exact."""
        with pytest.raises(TypeError, match="Decimal"):
            kp.Budget(year=kp.FiscalYear(2022), total=1.5)  # type: ignore[arg-type]

    def test_every_problem_at_once(self, data: dict[str, Any]) -> None:
        """Three independent structural faults are reported together."""
        data["title"] = 1
        kpi(data, 0, 0)["unit"] = 5
        data["budgets"][0]["lines"][0]["amount"] = "lots"
        assert len(problems(data)) == 3


class TestRules:
    """Rules across the plan."""

    def test_year_outside_period(self, data: dict[str, Any]) -> None:
        """A target after the plan period is named with its year."""
        data["kgis"][0]["targets"]["R7"] = {"value": 100}
        assert problems(data) == ["kgis[KGI].targets[R7]: R7 is outside the plan period R2–R6"]

    def test_series_baseline_year_before_the_period(self, data: dict[str, Any]) -> None:
        """A series' actual in its own baseline year, before the period, is where its
        baseline comes from: not an error, though the indicator's baseline is another year."""
        indicator = kpi(data, 0, 0)
        assert indicator["baseline"] == {"year": "R2"}
        indicator["series"] = [
            {
                "name": "男性",
                "baseline": {"year": "R1"},
                "targets": {"R6": {"value": 8}},
                "actuals": {"R1": {"value": 4}, "R3": {"value": 6}},
            }
        ]
        plan = kp.loads(json.dumps(data, ensure_ascii=False), source="plan.json")
        [series] = plan.indicator("CSF-1/KPI-1").series
        assert series.actual_for("R1") is not None
        assert plan.indicator("CSF-1/KPI-1").series[0].baseline == kp.Baseline(
            year=kp.FiscalYear(2019)
        )

    def test_series_actual_before_the_period_outside_any_baseline(
        self, data: dict[str, Any]
    ) -> None:
        """A series' actual before the period in no baseline's year is still named."""
        kpi(data, 0, 0)["series"] = [
            {"name": "男性", "targets": {"R6": {"value": 8}}, "actuals": {"R1": {"value": 4}}}
        ]
        assert problems(data) == [
            "csfs[CSF-1].indicators[KPI-1].series[男性].actuals[R1]: "
            "R1 is outside the plan period R2–R6"
        ]

    def test_unit_unknown(self, data: dict[str, Any]) -> None:
        """An unknown unit is named."""
        kpi(data, 0, 0)["unit"] = "ケース"
        [problem] = problems(data)
        assert problem.startswith("csfs[CSF-1].indicators[KPI-1].unit: ")

    def test_unit_mismatch(self, data: dict[str, Any]) -> None:
        """A 人 target on a 件 indicator is an error, never converted."""
        kpi(data, 0, 0)["targets"]["R4"] = {"value": "11人"}
        [problem] = problems(data)
        assert problem.startswith("csfs[CSF-1].indicators[KPI-1].targets[R4].value: ")

    def test_cumulative_target_falls(self, data: dict[str, Any]) -> None:
        """A running total target that falls is an error."""
        kpi(data, 0, 1)["targets"]["R5"] = {"value": 2500}
        assert problems(data) == [
            "csfs[CSF-1].indicators[KPI-2].targets[R5]: a cumulative (累計) target cannot "
            "fall: 2500 in R5 is below 3000 in R4"
        ]

    def test_duplicate_ids(self, data: dict[str, Any]) -> None:
        """Two indicators with one id are an error."""
        kpi(data, 0, 1)["id"] = "CSF-1/KPI-1"
        assert "indicator id 'CSF-1/KPI-1' is used 2 times; ids are unique" in problems(data)

    def test_duplicate_codes(self, data: dict[str, Any]) -> None:
        """Two KPIs with one code in a CSF are an error."""
        kpi(data, 0, 1)["code"] = "KPI-1"
        assert any("indicator code 'KPI-1' is used 2 times" in p for p in problems(data))

    def test_link_to_nothing(self, data: dict[str, Any]) -> None:
        """A budget line linking to an unknown id is named."""
        data["budgets"][0]["lines"][2]["links"] = ["CSF-9/KPI-1"]
        assert problems(data) == [
            "budgets[R3].lines[RPA環境拡充事業].links: links to 'CSF-9/KPI-1', "
            "which is no indicator or measure"
        ]

    def test_measure_link_to_nothing(self, data: dict[str, Any]) -> None:
        """A measure tracking an unknown indicator is named."""
        data["csfs"][1]["measures"][0]["indicators"] = ["KGX"]
        assert problems(data) == [
            "csfs[CSF-2].measures[CSF-2/M-1].indicators: links to 'KGX', which is no indicator"
        ]

    def test_budget_does_not_add_up(self, data: dict[str, Any]) -> None:
        """Lines that miss the stated total say by how much."""
        data["budgets"][0]["total"] = 95000
        assert problems(data) == [
            "budgets[R3].total: the lines add up to 95,027千円, 27千円 more than the stated "
            "total 95,000千円"
        ]

    def test_estimate_without_as_of(self, data: dict[str, Any]) -> None:
        """An estimate needs the date it was made."""
        del data["kgis"][0]["actuals"]["R3"]["as_of"]
        assert problems(data) == [
            "kgis[KGI].actuals[R3]: an estimate (見込み) needs the date it was made: set as_of"
        ]

    def test_as_of_on_a_preliminary_figure(self, data: dict[str, Any]) -> None:
        """as_of belongs to estimates; a 速報値 is told it has no date of its own."""
        data["kgis"][0]["actuals"]["R3"]["status"] = "preliminary"
        assert problems(data) == [
            "kgis[KGI].actuals[R3]: as_of is for estimates, but the status is preliminary; "
            "a preliminary figure (速報値) has no date of its own"
        ]

    def test_dates_before_the_year_began(self, data: dict[str, Any]) -> None:
        """An estimate made, or an actual recorded, before its year began is refused."""
        actual = data["kgis"][0]["actuals"]["R3"]
        actual["as_of"] = "2021-03-31"
        actual["history"] = [{"status": "estimate", "value": 90, "as_of": "2022-01-31"}]
        assert problems(data) == [
            "kgis[KGI].actuals[R3]: an estimate for R3 cannot be made on 2021-03-31, "
            "before the year began (2021-04-01)",
            "kgis[KGI].actuals[R3]: recorded 2021-03-31, before its last earlier state "
            "(2022-01-31); the actual itself is the latest state",
        ]

    def test_range_parts_need_direction_range(self, data: dict[str, Any]) -> None:
        """Minimum and maximum make a range target, which only direction range takes."""
        kpi(data, 1, 0)["targets"]["R4"] = {"minimum": 4, "maximum": 6}
        assert problems(data) == [
            "csfs[CSF-2].indicators[KPI-1].targets[R4]: minimum/maximum make a range target, "
            "but direction is higher"
        ]

    def test_stage_not_on_ladder(self, data: dict[str, Any]) -> None:
        """A stage that is not on the ladder is named with the ladder."""
        kpi(data, 1, 1)["targets"]["R3"] = {"stage": "完了"}
        assert problems(data) == [
            "csfs[CSF-2].indicators[KPI-2].targets[R3]: stage '完了' is not on the ladder "
            "検討 → 構築 → 運用 → 改善"
        ]

    def test_overlapping_targets(self, data: dict[str, Any]) -> None:
        """A year covered by a spanning statement cannot have its own target."""
        kpi(data, 1, 1)["targets"]["R5"] = {"stage": "改善"}
        assert problems(data) == [
            "csfs[CSF-2].indicators[KPI-2].targets[R5]: R5 already has the target given for R4"
        ]

    def test_numeric_target_needs_unit(self, data: dict[str, Any]) -> None:
        """A number on an indicator without a unit is an error."""
        kpi(data, 1, 1)["targets"]["R3"] = {"value": 3}
        assert problems(data) == [
            "csfs[CSF-2].indicators[KPI-2].targets[R3]: a numeric target needs the "
            "indicator's unit; set `unit`"
        ]

    def test_budget_unit_not_money(self, data: dict[str, Any]) -> None:
        """A budget counted in 件 is not money."""
        data["budgets"][0]["unit"] = "件"
        assert any(p.startswith("budgets[R3].unit: 件 is not money") for p in problems(data))

    def test_negative_amount(self, data: dict[str, Any]) -> None:
        """A negative budget amount is refused where none can be."""
        data["budgets"][0]["lines"][0]["amount"] = -10000
        found = problems(data)
        assert any(p.startswith("budgets[R3].lines[") and "negative" in p for p in found)

    def test_many_rules_at_once(self, data: dict[str, Any]) -> None:
        """Independent rule breaks are all reported in one error."""
        broken = copy.deepcopy(data)
        del broken["kgis"][0]["actuals"]["R3"]["as_of"]
        broken["budgets"][0]["total"] = 1
        broken["kgis"][0]["targets"]["R9"] = {"value": 1}
        assert len(problems(broken)) == 3


class TestModel:
    """Objects check themselves when built."""

    def test_target_needs_one_kind(self) -> None:
        """A target with both a value and a statement is refused."""
        with pytest.raises(ValueError, match="exactly one of"):
            kp.Target(year=kp.FiscalYear(2022), value=1, statement="x")  # type: ignore[arg-type]

    def test_in_progress_needs_text(self) -> None:
        """作成中 needs its reported text."""
        with pytest.raises(ValueError, match="作成中"):
            kp.Actual(year=kp.FiscalYear(2022), status=kp.ActualStatus.IN_PROGRESS)

    def test_too_many_digits(self) -> None:
        """Numbers beyond 15 significant digits are refused (JSON keeps them exact)."""
        with pytest.raises(ValueError, match="15 significant digits"):
            kp.BudgetLine(name="x", amount=10**16 + 1)  # type: ignore[arg-type]

    def test_validate_api(self, example_plan: kp.Plan) -> None:
        """validate() passes a valid plan; check() lists nothing."""
        kp.validate(example_plan)
        assert kp.check(example_plan) == []


class TestEveryProblemAtOnce:
    """Structural faults and rule breaks elsewhere come in one error."""

    def test_structure_and_rules_together(self, data: dict[str, Any]) -> None:
        """A wrong type in one KPI and a budget that does not add up are both reported."""
        kpi(data, 1, 2)["targets"]["R4"] = {"value": "many"}
        data["budgets"][0]["total"] = 95000
        found = problems(data)
        assert len(found) == 2
        assert found[0].startswith("csfs[CSF-2].indicators[KPI-3].targets[R4].value: ")
        assert found[1].startswith("budgets[R3].total: the lines add up to 95,027千円")

    def test_no_false_links(self, data: dict[str, Any]) -> None:
        """A KPI that did not build does not make links to it look broken."""
        kpi(data, 0, 1)["unit"] = 5
        found = problems(data)
        assert found == ["csfs[CSF-1].indicators[KPI-2].unit: expected text, got integer 5"]


def _year_paths(plan: kp.Plan) -> set[str]:
    """The path of every target and actual of a plan, as problems name them."""
    paths = set()
    for indicator_path, indicator in _indicator_paths(plan):
        parts = [(indicator_path, indicator)] + [
            (f"{indicator_path}.series[{series.name}]", series) for series in indicator.series
        ]
        for path, part in parts:
            paths |= {f"{path}.targets[{target.year}]" for target in part.targets}
            paths |= {f"{path}.actuals[{actual.year}]" for actual in part.actuals}
            for index, revision in enumerate(part.revisions):
                rpath = f"{path}.revisions[{index}].targets"
                paths |= {f"{rpath}[{target.year}]" for target in revision.targets}
    return paths


def _indicator_paths(plan: kp.Plan) -> list[tuple[str, kp.Indicator]]:
    return [(f"kgis[{kgi.code}]", kgi) for kgi in plan.kgis] + [
        (f"csfs[{csf.code}].indicators[{indicator.code}]", indicator)
        for csf in plan.csfs
        for indicator in csf.indicators
    ]


class TestBrokenPlans:
    """Checks of plans broken at random fields name real places and agree with validate."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=broken_plans())
    def test_problems_name_real_years(self, plan: kp.Plan) -> None:
        """A problem about one year's target or actual names a year that part has."""
        found = kp.check(plan)
        years = _year_paths(plan)
        for problem in found:
            if problem.path.endswith("]") and (
                ".targets[" in problem.path or ".actuals[" in problem.path
            ):
                assert problem.path in years, problem
        if found:
            with pytest.raises(kp.ValidationError) as info:
                kp.validate(plan)
            assert list(info.value.problems) == found
        else:
            kp.validate(plan)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(plan=broken_plans())
    def test_quick_checks_give_the_full_checks_problems(self, plan: kp.Plan) -> None:
        """Targets and actuals let through by the quick tests have no problem the full
        checks would find: the problem list is the same with the quick tests off."""
        found = kp.check(plan)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_validate, "_plain_targets", lambda *args: False)
            patch.setattr(_validate, "_plain_actual", lambda *args: False)
            assert kp.check(plan) == found


_QUICK_BREAKS: list[tuple[str, dict[str, Any]]] = [
    ("target", {"year": kp.FiscalYear(2040)}),
    ("target", {"year": kp.FiscalYear(1990)}),
    ("target", {"value": None, "minimum": Decimal(1), "maximum": Decimal(2)}),
    ("target", {"value": None, "maximum": Decimal(2)}),
    ("target", {"value": None, "stage": "どこにもない段階"}),
    ("target", {"value": None, "statement": "改善", "through": kp.FiscalYear(2040)}),
    ("actual", {"year": kp.FiscalYear(2040)}),
    ("actual", {"status": kp.ActualStatus.ESTIMATE, "as_of": None}),
    ("actual", {"recorded": date(1990, 4, 1)}),
    ("actual", {"value": None, "stage": "どこにもない段階"}),
]


class TestQuickChecks:
    """The quick tests of plain targets and actuals pass nothing the full checks refuse."""

    @pytest.mark.parametrize(("part", "change"), _QUICK_BREAKS)
    def test_a_broken_target_or_actual_is_reported(
        self, example_plan: kp.Plan, part: str, change: dict[str, Any]
    ) -> None:
        """The last target or actual, broken in any way the quick tests look at, is
        reported as the full checks report it."""
        csf = example_plan.csfs[0]
        indicator = next(i for i in csf.indicators if i.unit is not None and i.targets)
        if part == "target":
            broken = attrs.evolve(indicator.targets[-1], **change)
            indicator = attrs.evolve(indicator, targets=(*indicator.targets[:-1], broken))
        else:
            broken = attrs.evolve(indicator.actuals[-1], **change)
            indicator = attrs.evolve(indicator, actuals=(*indicator.actuals[:-1], broken))
        indicators = tuple(indicator if i.id == indicator.id else i for i in csf.indicators)
        plan = attrs.evolve(
            example_plan,
            csfs=(attrs.evolve(csf, indicators=indicators), *example_plan.csfs[1:]),
        )
        found = kp.check(plan)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_validate, "_plain_targets", lambda *args: False)
            patch.setattr(_validate, "_plain_actual", lambda *args: False)
            assert kp.check(plan) == found
        assert found != kp.check(example_plan)
