"""A roll-up says why it leaves an indicator out: a code, and words in each language."""

from __future__ import annotations

import kpiplan as kp
from kpiplan.grading import EXCLUSION_REASONS, UNGRADED_REASONS, Exclusion

PROJECTED = """
title = "見込量の例"
organization = "某市"
period = { first = "R3", last = "R5" }

[[kgis]]
id = "利用者"
name = "サービス利用者数"
divisions = ["福祉課"]
unit = "人"
targets = { R3 = { value = 100, projected = true } }
actuals = { R3 = 120 }
"""


class TestExclusions:
    """`Rollup.exclusions` keeps the two languages apart; `excluded` is as before."""

    def test_pending_in_both_languages(self, example_plan: kp.Plan) -> None:
        """An indicator being compiled is left out as pending / 作成中."""
        rollup = kp.evaluate(example_plan, as_of="R3").rollup("CSF-1")
        assert rollup.exclusions == (Exclusion("CSF-1/KPI-3", "pending", "作成中", "pending"),)
        assert rollup.excluded == (("CSF-1/KPI-3", "pending (作成中)"),)

    def test_judgement_reason_kept(self) -> None:
        """A 見込量 year is left out with the judgement's own reason, not a guess."""
        plan = kp.loads(PROJECTED, "toml")
        (excluded,) = kp.evaluate(plan, as_of="R3").rollup(None).exclusions
        assert excluded.reason == "projected"
        assert excluded.reason_ja == "見込量は評価対象外"
        assert excluded.reason_en == "a projected volume (見込量) is not graded"

    def test_every_code_documented(self, example_plan: kp.Plan) -> None:
        """Every reason given is one of the documented codes, in every year."""
        for year in example_plan.period.years:
            for excluded in kp.evaluate(example_plan, as_of=year).rollup(None).exclusions:
                assert excluded.reason in EXCLUSION_REASONS + UNGRADED_REASONS
                assert excluded.reason_ja
                assert excluded.reason_en


def test_to_data_carries_each_exclusion_in_both_languages() -> None:
    """The json exporter's evaluation lists each left-out indicator with its code and words."""
    import kpiplan

    evaluation = kpiplan.evaluate(kpiplan.load("examples/digital_tokushima.toml"), as_of="R3")
    (plan_rollup,) = [r for r in evaluation.to_data()["rollups"] if r["scope"] == "plan"]
    assert plan_rollup["exclusions"] == [
        {
            "indicator": "CSF-1/KPI-3",
            "reason": "pending",
            "reason_ja": "作成中",
            "reason_en": "pending",
        }
    ]
