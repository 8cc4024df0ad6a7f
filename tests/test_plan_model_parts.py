"""The plan parts other governments' plans need (issue #10), at the model and file level."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given

import kpiplan as kp

from .strategies_model import plans_with_new_parts

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text("utf-8"))
HEAD = """
title = "計画"
organization = "某市"
period = { first = "H30", last = "R4" }
"""


def problems(text: str) -> list[str]:
    """The problems loading ``text`` (TOML) reports, as strings."""
    with pytest.raises(kp.ValidationError) as info:
        kp.loads(text, "toml")
    return [str(problem) for problem in info.value.problems]


class TestRoundTrip:
    """Every new part flows through canonical JSON and the schema."""

    @given(plans_with_new_parts())
    def test_load_dump_load_is_identity(self, plan: kp.Plan) -> None:
        """load(dumps(plan)) == plan, and dumping again gives the same bytes."""
        kp.validate(plan)
        text = kp.dumps(plan)
        again = kp.loads(text)
        assert again == plan
        assert kp.dumps(again) == text

    @given(plans_with_new_parts())
    def test_schema_validates(self, plan: kp.Plan) -> None:
        """The canonical JSON of plans with the new parts validates against the schema."""
        jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(kp.dumps(plan)))


class TestDeclaredUnits:
    """A plan's [[units]] are checked and converted like the built-in ones."""

    PLAN = (
        HEAD
        + """
[[units]]
symbol = "秒"
of = "分"
per = 60

[[units]]
symbol = "品目"

[[kgis]]
id = "KGI"
name = "現場到着時間"
divisions = ["消防局"]
unit = "分"
direction = "lower"
accumulation = "level"
targets = { R4 = "450秒" }
actuals = { R3 = "8分" }

[[kgis]]
id = "KGI-2"
name = "地場産品"
divisions = ["農政課"]
unit = "品目"
targets = { R4 = "12品目" }
"""
    )

    def test_declared_units_convert(self) -> None:
        """450秒 is 7.5分 exactly; a new count reads its own symbol."""
        plan = kp.loads(self.PLAN, "toml")
        assert plan.indicator("KGI").target_for(kp.FiscalYear(2022)).value == Decimal("7.5")
        assert plan.indicator("KGI-2").target_for(kp.FiscalYear(2022)).value == 12
        assert kp.loads(kp.dumps(plan)) == plan

    def test_new_count_does_not_mix(self) -> None:
        """A declared count never converts to another count."""
        text = self.PLAN.replace('targets = { R4 = "12品目" }', 'targets = { R4 = "12件" }')
        assert any("a 件 value cannot be converted to 品目" in p for p in problems(text))

    def test_bad_declarations_all_reported(self) -> None:
        """A clash with a built-in unit and an unknown `of` are both named at units[…]."""
        text = (
            HEAD
            + """
[[units]]
symbol = "件"

[[units]]
symbol = "歳"
of = "才"
"""
        )
        assert problems(text) == [
            "units[件]: 件 is already a unit; declare another symbol",
            "units[歳]: `of` names '才', which is no known unit",
        ]

    def test_undeclared_unit_says_how_to_declare(self) -> None:
        """An unknown indicator unit points to [[units]]."""
        text = HEAD + '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "品目"\n'
        [problem] = problems(text)
        assert problem.startswith("kgis[K].unit: unknown unit '品目'")
        assert problem.endswith("and a plan may declare its own under [[units]]")


class TestYearsAsWritten:
    """平成32年度 and bare years load as the year they denote, kept as written."""

    def test_heisei_years_kept(self) -> None:
        """H32 targets are FY2020 and dump as written; the display names both eras."""
        plan = kp.loads(
            HEAD + '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "件"\n'
            'targets = { "平成32年度" = 5, H33 = 6 }\n',
            "toml",
        )
        [first, second] = plan.indicator("K").targets
        assert (first.year, second.year) == (kp.FiscalYear(2020), kp.FiscalYear(2021))
        assert first.year.display() == "令和2年度（平成32年度）"
        text = kp.dumps(plan)
        assert '"平成32年度": {' in text
        assert '"H33": {' in text

    def test_bare_year_needs_default_era(self) -> None:
        """32年度 is an error naming the place unless the plan states its default era."""
        body = '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "件"\n'
        body += 'targets = { "32年度" = 5 }\n'
        [problem] = problems(HEAD + body)
        assert problem.startswith("kgis[K].targets[32年度]: '32年度': 32年度 names no era")
        plan = kp.loads(HEAD + 'default_era = "平成"\n' + body, "toml")
        assert plan.indicator("K").targets[0].year == kp.FiscalYear(2020)

    def test_calendar_years(self) -> None:
        """A calendar-basis indicator reads 平成30年 and 2021年; 年度 there is an error."""
        body = (
            '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "件"\n'
            'year_basis = "calendar"\ntargets = { "平成30年" = 5, "2021年" = 6 }\n'
        )
        plan = kp.loads(HEAD + body, "toml")
        assert [t.year.year for t in plan.indicator("K").targets] == [2018, 2021]
        assert kp.loads(kp.dumps(plan)) == plan
        [problem] = problems(HEAD + body.replace('"2021年"', '"2021年度"'))
        assert "this indicator counts calendar years" in problem

    def test_real_errors_stay(self) -> None:
        """R0 and X5 are still errors."""
        for text in ("R0", "X5"):
            with pytest.raises(kp.FiscalYearError):
                kp.FiscalYear.parse(text)


class TestSeries:
    """Series carry their own targets and actuals, checked with their path."""

    PLAN = (
        HEAD
        + """
[[csfs]]
code = "CSF-2"
title = "t"

[[csfs.indicators]]
id = "CSF-2/KPI-3"
code = "KPI-3"
name = "朝食を毎日食べる人の割合"
divisions = ["健康増進課"]
unit = "%"
accumulation = "level"
combine = "worst"

[[csfs.indicators.series]]
name = "男"
targets = { R4 = 60, R9 = 70 }
actuals = { R3 = "52%" }

[[csfs.indicators.series]]
name = "女"
targets = { R4 = { stage = "無い段階" } }
"""
    )

    def test_every_series_problem_named(self) -> None:
        """A year outside the period and a stage off the ladder, each at its series."""
        assert problems(self.PLAN) == [
            "csfs[CSF-2].indicators[KPI-3].series[男].targets[R9]: "
            "R9 is outside the plan period H30–R4",
            "csfs[CSF-2].indicators[KPI-3].series[女].targets[R4]: "
            "stage '無い段階' is not on the ladder 検討 → 構築 → 運用 → 改善",
        ]

    def test_series_read(self) -> None:
        """A valid plan gives each series' targets, actuals and the rule."""
        plan = kp.loads(
            self.PLAN.replace(", R9 = 70", "").replace('{ stage = "無い段階" }', "75"), "toml"
        )
        indicator = plan.indicator("CSF-2/KPI-3")
        assert indicator.combine is kp.SeriesRule.WORST
        men = indicator.series_named("男")
        assert men.actual_for(kp.FiscalYear(2021)).value == 52
        assert indicator.series_named("女").target_for(kp.FiscalYear(2022)).value == 75


class TestTargetKinds:
    """Direction-only, rank, deliberate none and projected targets."""

    def test_kinds(self) -> None:
        """Each kind reads as itself; only value and range are numeric."""
        plan = kp.loads(
            HEAD + '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "人"\n'
            "[kgis.targets]\n"
            'H30 = { trend = "increase", printed = "増加を目指す" }\n'
            'R1 = { rank = 5, printed = "全国5位以内" }\n'
            'R2 = { no_target = "国の調査が中止のため設定しない" }\n'
            "R3 = { value = 120, projected = true }\n",
            "toml",
        )
        kinds = [(t.kind, t.is_numeric) for t in plan.indicator("K").targets]
        assert kinds == [
            (kp.TargetKind.TREND, False),
            (kp.TargetKind.RANK, False),
            (kp.TargetKind.NONE, False),
            (kp.TargetKind.VALUE, True),
        ]
        assert plan.indicator("K").target_for(kp.FiscalYear(2023)) is None

    def test_two_kinds_refused(self) -> None:
        """A target with a trend and a value is an error naming both."""
        with pytest.raises(ValueError, match="has value and trend"):
            kp.Target(kp.FiscalYear(2022), value=Decimal(1), trend=kp.Trend.INCREASE)


class TestRevisions:
    """A revision replaces the target from its date on; the original stays."""

    def indicator(self) -> kp.Indicator:
        year = kp.FiscalYear(2022)
        return kp.Indicator(
            id="K",
            code="K",
            name="n",
            divisions=["課"],
            unit="件",
            targets=[kp.Target(year, value=Decimal(10))],
            revisions=[
                kp.Revision(
                    kp.YearMonth(2021, 3), "中間見直し", targets=[kp.Target(year, value=12)]
                ),
                kp.Revision(date(2022, 3, 31), "上方修正", targets=[kp.Target(year, value=15)]),
            ],
        )

    def test_target_in_force(self) -> None:
        """The latest revision by default, the one in force as of a date, or the original."""
        indicator = self.indicator()
        year = kp.FiscalYear(2022)
        assert indicator.target_for(year).value == 15
        assert indicator.target_for(year, as_of=date(2021, 3, 1)).value == 12
        assert indicator.target_for(year, as_of=date(2021, 2, 28)).value == 10
        assert indicator.target_for(year, original=True).value == 10

    def test_out_of_order_reported(self) -> None:
        """Revisions listed newest first are reported at the later one."""
        indicator = self.indicator()
        swapped = attrs.evolve(indicator, revisions=indicator.revisions[::-1])
        plan = kp.Plan(
            "t", "o", kp.PlanPeriod(kp.FiscalYear(2020), kp.FiscalYear(2024)), kgis=[swapped]
        )
        assert [str(p) for p in kp.check(plan)] == [
            "kgis[K].revisions[1].decided: revisions go oldest first"
        ]


class TestLooser:
    """Title-only measures, code-less indicators, 速報値, text baselines, shares, amount basis."""

    def test_loose_parts_load(self) -> None:
        """Each loose form loads as written."""
        plan = kp.loads(
            HEAD
            + """
[[csfs]]
code = "CSF-1"
title = "t"
measures = [{ id = "M-1", title = "生活習慣病の予防" }]

[[csfs.indicators]]
id = "受診率"
name = "がん検診受診率"
divisions = ["健康増進課"]
unit = "人"
baseline = { year = "H30", text = "‐", note = "計画策定時は未実施" }
actuals = { R2 = "91人（7%）", R3 = { value = 95, status = "preliminary" } }
""",
            "toml",
        )
        indicator = plan.indicator("受診率")
        assert indicator.code == "受診率"
        assert plan.csfs[0].measures[0].description is None
        assert indicator.baseline_value() is None
        r2 = indicator.actual_for(kp.FiscalYear(2020))
        assert (r2.value, r2.share) == (Decimal(91), Decimal(7))
        assert indicator.actual_for(kp.FiscalYear(2021)).status is kp.ActualStatus.PRELIMINARY
        assert kp.loads(kp.dumps(plan)) == plan

    def test_preliminary_has_no_date(self) -> None:
        """as_of on a 速報値 is an error that says why."""
        text = HEAD + '[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["課"]\nunit = "件"\n'
        text += 'actuals = { R3 = { value = 1, status = "preliminary", as_of = "R4.1.1" } }\n'
        assert problems(text) == [
            "kgis[K].actuals[R3]: as_of is for estimates, but the status is preliminary; "
            "a preliminary figure (速報値) has no date of its own"
        ]

    def test_amount_basis_checked(self) -> None:
        """A line whose amount is not its 当初 figure is named, with both numbers."""
        text = (
            HEAD
            + """
[[budgets]]
year = "R3"
total = 1200
amount_basis = "initial"
lines = [{ name = "事業A", amount = 1200, execution = { initial = 1000, supplementary = 200 } }]
"""
        )
        assert problems(text) == [
            "budgets[R3].lines[事業A].amount: amount_basis is initial, so the amount 1,200 "
            "must equal the 当初予算 (execution.initial), 1,000"
        ]
        kp.loads(text.replace('"initial"', '"current"'), "toml")
