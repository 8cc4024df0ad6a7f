"""A plan's [grading] table, published grades, the audit and gradings commands, properties."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan.cli import main
from kpiplan.grading import GradingRule, evaluate, load_preset, preset_names

PLAN = """
title = "保健福祉計画"
organization = "福岡市"
period = {first = "R2", last = "R6"}

[grading]
preset = "fukuoka-city"

[grading.kinds]
"CSF-1/KPI-2" = "survey"

[[csfs]]
code = "CSF-1"
title = "健康づくり"

[[csfs.indicators]]
id = "CSF-1/KPI-1"
code = "KPI-1"
name = "健診受診者数"
divisions = ["健康課"]
unit = "人"
baseline = {year = "R1", value = 50}
targets = {R6 = 100}
actuals = {R4 = {value = 48, official_grade = "b"}}

[[csfs.indicators]]
id = "CSF-1/KPI-2"
code = "KPI-2"
name = "健康だと思う市民の割合"
divisions = ["健康課"]
unit = "%"
baseline = {year = "R1", value = 50}
targets = {R6 = 100}
actuals = {R4 = {value = 48, official_grade = "b"}}
"""


def _plan(tmp_path: Path, text: str = PLAN) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, "utf-8")
    return path


class TestPlanTable:
    def test_preset_and_kind(self, tmp_path: Path) -> None:
        """A plan names a preset; a survey indicator uses its wider tolerance."""
        evaluation = evaluate(kp.load(_plan(tmp_path)), as_of="R4")
        assert evaluation.rule.name == "fukuoka-city"
        plain = evaluation.result("CSF-1/KPI-1").year("R4")
        survey = evaluation.result("CSF-1/KPI-2").year("R4")
        assert (plain.grade, survey.grade) == ("c", "b")
        assert evaluation.result("CSF-1/KPI-2").rule.tolerance == Decimal(3)
        assert plain.official_grade == "b"
        assert plain.departs
        assert not survey.departs
        assert "公表された評価は b" in plain.explanation_ja
        assert dict(evaluation.rollup().counts) == {"a": 0, "b": 1, "c": 1, "－": 0}

    def test_override_per_indicator(self, tmp_path: Path) -> None:
        """An indicator's own rule fields change only its grade."""
        text = PLAN.replace(
            '[grading.kinds]\n"CSF-1/KPI-2" = "survey"',
            '[grading.indicators."CSF-1/KPI-1"]\ntolerance = 5',
        )
        evaluation = evaluate(kp.load(_plan(tmp_path, text)), as_of="R4")
        assert evaluation.result("CSF-1/KPI-1").year("R4").grade == "b"
        assert evaluation.result("CSF-1/KPI-2").year("R4").grade == "c"

    def test_problems_named_with_paths(self, tmp_path: Path) -> None:
        """An unknown preset, kind and field are all reported, each with its path."""
        text = PLAN.replace('preset = "fukuoka-city"', 'preset = "fukuoka"\nrule = {digts = 1}')
        text = text.replace('"CSF-1/KPI-2" = "survey"', '"CSF-9/KPI-2" = "survey"')
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(_plan(tmp_path, text))
        paths = [p.path for p in caught.value.problems]
        assert "grading.preset" in paths
        assert "grading.kinds[CSF-9/KPI-2]" in paths
        assert any(p.startswith("grading.rule") for p in paths)
        assert "fukuoka-city" in str(caught.value)

    def test_round_trip(self, tmp_path: Path) -> None:
        """The [grading] table and official grades survive dumps and loads."""
        plan = kp.load(_plan(tmp_path))
        again = kp.loads(kp.dumps(plan), "json")
        assert again.grading == plan.grading
        assert again == plan

    def test_override_keeps_its_reason(self) -> None:
        """A hand override still sets the grade, with its reason, beside the computed one."""
        plan = kp.load("examples/digital_tokushima.toml")
        kgi = plan.kgis[0]
        actual = attrs.evolve(
            kgi.actuals[0], override=kp.GradeOverride(grade="B", reason="調査方法の変更")
        )
        plan = attrs.evolve(plan, kgis=[attrs.evolve(kgi, actuals=[actual, *kgi.actuals[1:]])])
        year = evaluate(plan, as_of="R3").result("KGI").year(actual.year)
        assert year.grade == "B"
        assert "調査方法の変更" in year.explanation_ja


class TestCommands:
    def test_audit_lists_departures(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """audit lists the one differing year with its reasoning and exits 1."""
        assert main(["audit", str(_plan(tmp_path)), "--as-of", "R4"]) == 1
        out = capsys.readouterr().out
        assert "CSF-1/KPI-1 R4: 公表 b / 規則 c" in out
        assert "moved back" in out
        assert "1 of 2 published grades differ" in out

    def test_audit_clean_exits_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A plan with no departures passes."""
        assert main(["audit", "examples/digital_tokushima.toml"]) == 0
        assert "0 of 0" in capsys.readouterr().out

    def test_gradings_lists_every_preset(self, capsys: pytest.CaptureFixture[str]) -> None:
        """gradings names each preset with its government, labels and source."""
        assert main(["gradings"]) == 0
        out = capsys.readouterr().out
        for name in preset_names():
            assert f"\n{name}\t" in f"\n{out}"
        assert "◎（目標を上回る）" in out
        assert "出典: 茨城県" in out

    def test_gradings_writes_a_word_that_is_its_symbol_once(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Nagano's grades are words: 順調, not 順調（順調）."""
        assert main(["gradings"]) == 0
        out = capsys.readouterr().out
        assert "評価区分: 順調 おおむね順調 努力を要する" in out
        assert "順調（順調）" not in out

    def test_summary_grading_and_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--grading and method options reach the evaluation; json carries the rule."""
        args = ["summary", "examples/digital_tokushima.toml", "--as-of", "R3", "--format", "json"]
        assert main([*args, "--grading", "ino", "--rollup", "worst"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["rule"]["name"] == "ino"
        assert [g["symbol"] for g in data["rule"]["grades"]] == ["◎", "○", "△", "×"]
        assert set(data["rollups"][-1]["counts"]) == {"◎", "○", "△", "×", "－"}
        assert data["method"]["rollup"] == "worst"
        assert data["budgets"]
        assert data["indicators"][0]["forecast"] is not None

    def test_unknown_grading_is_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown preset is a usage error listing the presets."""
        assert main(["summary", "examples/digital_tokushima.toml", "--grading", "x"]) == 2
        assert "fukuoka-city" in capsys.readouterr().err


RATIO_PRESETS = [n for n in preset_names() if load_preset(n).measure != "movement"]


@given(
    name=st.sampled_from(preset_names()),
    low=st.decimals(min_value=0, max_value=200, places=2),
    step=st.decimals(min_value=0, max_value=100, places=2),
)
def test_better_actual_never_worse_grade(name: str, low: Decimal, step: Decimal) -> None:
    """Under every preset (all monotone), a higher actual never gets a worse grade."""
    from tests.grading.test_rules import judge

    rule = load_preset(name)
    worse = judge(rule, str(low), targets={2022: "100"})
    better = judge(rule, str(low + step), targets={2022: "100"})
    scale = rule.scale
    if worse.graded and better.graded:
        assert scale.rank(better.grade) <= scale.rank(worse.grade)


@given(
    name=st.sampled_from(RATIO_PRESETS),
    rate=st.decimals(min_value=0, max_value=150, places=4),
    rounding=st.sampled_from(["half_up", "truncate"]),
    digits=st.sampled_from([0, 1, 2]),
)
def test_rounding_crosses_at_most_one_edge(
    name: str, rate: Decimal, rounding: str, digits: int
) -> None:
    """Rounding moves a rate across at most one band edge of a rule's scale."""
    rule: GradingRule = attrs.evolve(load_preset(name), rounding=rounding, digits=digits)
    scale = rule.scale
    exact = scale.rank(scale.band_for(rate, met=False).symbol)
    rounded = scale.rank(scale.band_for(rule.round(rate), met=False).symbol)
    assert abs(exact - rounded) <= 1
