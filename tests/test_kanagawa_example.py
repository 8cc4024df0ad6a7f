"""The second example, かながわ健康プラン21（第2次）, value by value as the plan prints it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kpiplan as kp

PATH = Path(__file__).resolve().parent.parent / "examples" / "kanagawa_health.toml"
H22, H25, H34 = kp.FiscalYear(2010), kp.FiscalYear(2013), kp.FiscalYear(2022)


@pytest.fixture(scope="module")
def plan() -> kp.Plan:
    """The example, loaded once."""
    return kp.load(PATH)


class TestKanagawaExample:
    """Each printed value is in the model as printed."""

    def test_plan(self, plan: kp.Plan) -> None:
        """Title, owner, and the period 平成25年度～平成34年度 (FY2013–FY2022), kept as written."""
        assert (plan.title, plan.organization) == ("かながわ健康プラン21（第2次）", "神奈川県")
        assert (plan.period.first, plan.period.last) == (H25, H34)
        assert plan.period.last.display() == "令和4年度（平成34年度）"
        assert plan.default_era == "平成"
        assert plan.units == (
            kp.UnitDefinition(
                "歳", of="年", note="健康寿命を「70.90歳」と書く箇所のため（表では「70.90年」）"
            ),
        )

    def test_healthy_life_expectancy(self, plan: kp.Plan) -> None:
        """健康寿命: 男 70.90 (全国12位), 女 74.36 (全国13位) in H22; target 延伸 by H34."""
        indicator = plan.indicator("健康寿命")
        assert indicator.code == "健康寿命"
        assert indicator.unit == "年"
        assert indicator.combine is kp.SeriesRule.ALL
        assert indicator.source == kp.Source(
            "平成24年度厚生労働科学研究", note="日常生活に制限のない期間の平均"
        )
        assert indicator.rationale == (
            "今後も平均寿命が延伸すると仮定し、平均寿命の延びを上回る健康寿命の延びを目標とした。"
        )
        rows = [
            (
                s.name,
                s.baseline.year if s.baseline else None,
                s.baseline.value if s.baseline else None,
                s.national_rank.rank if s.national_rank else None,
                s.target_for(H34, original=True).trend,
                s.target_for(H34, original=True).printed,
            )
            for s in indicator.series
        ]
        assert rows == [
            ("男性", H22, Decimal("70.90"), 12, kp.Trend.INCREASE, "延伸"),
            ("女性", H22, Decimal("74.36"), 13, kp.Trend.INCREASE, "延伸"),
        ]
        assert indicator.series[0].targets[0].year.written == "H34"

    def test_revision_is_marked_illustrative(self, plan: kp.Plan) -> None:
        """The one revision (illustrative, dated on the 中間評価 report) replaces the original."""
        men = plan.indicator("健康寿命").series_named("男性")
        [revision] = men.revisions
        assert revision.decided == date(2019, 3, 31)
        assert revision.label == "中間評価"
        assert revision.reason.startswith("（例示）")
        assert men.target_for(H34).printed == "延伸（例示）"
        assert men.target_for(H34, as_of=date(2019, 3, 30)).printed == "延伸"
        assert revision.targets[0].year.written == "34年度"

    def test_health_gap(self, plan: kp.Plan) -> None:
        """健康格差: baseline 今後算定 (no number), target 縮小 by 平成34年度, no unit."""
        indicator = plan.indicator("健康格差")
        assert indicator.unit is None
        assert indicator.baseline is not None
        assert indicator.baseline.text == "今後算定"
        assert indicator.baseline_value() is None
        [target] = indicator.targets
        assert (target.year, target.kind, target.trend, target.printed) == (
            H34,
            kp.TargetKind.TREND,
            kp.Trend.DECREASE,
            "縮小",
        )
        assert target.year.written == "平成34年度"

    def test_round_trip(self, plan: kp.Plan) -> None:
        """Canonical JSON keeps every written year and loads back to the same plan."""
        text = kp.dumps(plan)
        assert '"last": "平成34年度"' in text
        assert '"34年度"' in text
        assert kp.loads(text) == plan
        assert kp.dumps(kp.loads(text)) == text
