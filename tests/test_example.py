"""The Digital Tokushima example holds every value of shared/seed-reading.md."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

import kpiplan as kp

FY = kp.FiscalYear.parse
EST = kp.ActualStatus.ESTIMATE
AS_OF = date(2022, 3, 31)

# (id, unit, accumulation, divisions, {year: target}, {year: actual value})
QUANTITATIVE = [
    ("KGI", "%", "level", ["スマート県庁推進課"],
     {"R3": 90, "R4": 100, "R5": 100, "R6": 100}, {"R2": 87, "R3": 95}),
    ("CSF-1/KPI-1", "件", "annual", ["スマート県庁推進課"],
     {"R3": 10, "R4": 11, "R5": 12, "R6": 13}, {"R2": 10, "R3": 17}),
    ("CSF-1/KPI-2", "件", "cumulative", ["スマート県庁推進課"],
     {"R3": 2000, "R4": 3000, "R5": 4000, "R6": 5000}, {"R2": 1800, "R3": 4940}),
    ("CSF-1/KPI-3", "シナリオ", "cumulative", ["スマート県庁推進課"],
     {"R3": 67, "R4": 77, "R5": 87, "R6": 97}, {"R2": 67}),
    ("CSF-2/KPI-1", "室", "cumulative", ["スマート県庁推進課"],
     {"R3": 5, "R4": 5, "R5": 6, "R6": 7}, {"R2": 1, "R3": 5}),
    ("CSF-2/KPI-3", "手続", "cumulative", ["総務事務管理課"],
     {"R3": 1, "R4": 2, "R5": 3, "R6": 4}, {"R3": 1}),
    ("CSF-2/KPI-4", "件", "annual", ["薬務課"], {"R3": 5}, {"R3": 7}),
    ("CSF-3/KPI-1", "市町村", "cumulative", ["デジタルとくしま推進課"],
     {"R3": 20, "R4": 24, "R5": 24, "R6": 24}, {"R2": 17, "R3": 20}),
    ("CSF-3/KPI-4", "人", "annual", ["人事課", "スマート県庁推進課"],
     {"R3": 660, "R4": 700, "R5": 750, "R6": 800}, {"R2": 420, "R3": 780}),
]  # fmt: skip

NAMES = {
    "KGI": "公文書の電子化率（電子決裁システム利用率）",
    "CSF-1/KPI-1": "ＡＩ技術活用事業数",
    "CSF-1/KPI-2": "ＡＩ活用全庁ＦＡＱシステム登録数（累計）",
    "CSF-1/KPI-3": "ＲＰＡシナリオ数（累計）",
    "CSF-2/KPI-1": "Ｗｅｂ会議設備を常設した県庁会議室数（累計）",
    "CSF-2/KPI-2": "テレワーク（在宅勤務等）利用環境の充実",
    "CSF-2/KPI-3": "電子化した職員の諸手当認定手続数（累計）",
    "CSF-2/KPI-4": "遠隔立入調査数",
    "CSF-3/KPI-1": "自治体クラウド導入市町村数（累計）",
    "CSF-3/KPI-2": "情報システム・庁内ネットワークのセキュリティ強化",
    "CSF-3/KPI-3": "ユーザーエクスペリエンス（ＵＸ）評価体制の構築及び改善",
    "CSF-3/KPI-4": "職員向けデジタル研修受講者数",
    "CSF-3/KPI-5": "県庁エバンジェリスト制度の創設",
}

# (id, divisions, R3 target, R4–R6 statement, R3 actual fields)
QUALITATIVE = [
    ("CSF-2/KPI-2", ["人事課", "スマート県庁推進課"], {"stage": "運用"},
     "より使いやすい利用環境へ改善（ＰＤＣＡ）", {"stage": "運用"}),
    ("CSF-3/KPI-2", ["スマート県庁推進課"], {"stage": "運用"},
     "リスク分析を実施し、必要となる新しい技術を導入（ＰＤＣＡ）", {"stage": "運用"}),
    ("CSF-3/KPI-3", ["スマート県庁推進課"], {"stage": "構築"},
     "県民や事業者の満足度向上で測定（ＰＤＣＡ）",
     {"stage": "構築", "text": "構築済",
      "note": "e-モニターアンケートの実施、デジタル社会推進本部最適化推進委員会での改善検討"}),
    ("CSF-3/KPI-5", ["人事課", "スマート県庁推進課"], {"statement": "検討・創設"},
     "職員のＩＣＴリテラシーを向上（ＰＤＣＡ）",
     {"text": "検討・令和４年度創設予定", "assessment": kp.Assessment.PARTIAL}),
]  # fmt: skip


class TestPlanLevel:
    """The plan's own fields."""

    def test_title_period_positioning(self, example_plan: kp.Plan) -> None:
        """Title, organization, R2–R6 and the positioning hierarchy are carried."""
        assert example_plan.title == "デジタルとくしま推進プラン"
        assert example_plan.organization == "徳島県"
        assert example_plan.period == kp.PlanPeriod(FY("R2"), FY("R6"))
        assert example_plan.positioning == kp.Positioning(
            society="全ての人に優しく、スマートで持続可能な社会",
            goal="利便性の高い行政サービスの実施",
            strategy="豊かな暮らしにつながる行政のデジタル化",
        )

    def test_as_of_and_footnote(self, example_plan: kp.Plan) -> None:
        """The ※実績値はR4.3.31見込み footnote and its date are data."""
        assert example_plan.actuals_as_of == AS_OF
        assert example_plan.footnotes == ("実績値はR4.3.31見込み",)

    def test_csfs(self, example_plan: kp.Plan) -> None:
        """Three CSFs with their titles, in order."""
        assert [(c.code, c.title) for c in example_plan.csfs] == [
            ("CSF-1", "最新デジタル技術の活用拡大"),
            ("CSF-2", "行政運営のデジタル化の促進"),
            ("CSF-3", "デジタル行政を支える基盤整備や人材育成"),
        ]

    def test_every_indicator_name(self, example_plan: kp.Plan) -> None:
        """Thirteen indicators: the KGI and twelve KPIs, with their printed names."""
        assert {i.id: i.name for _, i in example_plan.indicators()} == NAMES

    def test_categories(self, example_plan: kp.Plan) -> None:
        """The three 案件種別 flags are all 該当なし."""
        assert [(c.name, c.applies) for c in example_plan.categories] == [
            ("ＶＳ東京", False),
            ("オンリーワン", False),
            ("ナンバーワン", False),
        ]


class TestIndicators:
    """Every target, actual, status, unit and division of the indicator pages."""

    @pytest.mark.parametrize(
        ("indicator_id", "unit", "accumulation", "divisions", "targets", "values"),
        QUANTITATIVE,
    )
    def test_quantitative(
        self,
        example_plan: kp.Plan,
        indicator_id: str,
        unit: str,
        accumulation: str,
        divisions: list[str],
        targets: dict[str, int],
        values: dict[str, int],
    ) -> None:
        """Numbers per year, R3 as estimates of R4.3.31, R2 as confirmed results."""
        indicator = example_plan.indicator(indicator_id)
        assert indicator.unit == unit
        assert indicator.direction is kp.Direction.HIGHER
        assert indicator.accumulation.value == accumulation
        assert list(indicator.divisions) == divisions
        numeric = {str(t.year): t.value for t in indicator.targets if t.value is not None}
        assert numeric == {year: Decimal(v) for year, v in targets.items()}
        reported = {str(a.year): a.value for a in indicator.actuals if a.value is not None}
        assert reported == {year: Decimal(v) for year, v in values.items()}
        for actual in indicator.actuals:
            if actual.year == FY("R3") and actual.value is not None:
                assert actual.status is EST
                assert actual.as_of == AS_OF
            if actual.year == FY("R2") and actual.value is not None:
                assert actual.status is kp.ActualStatus.CONFIRMED

    @pytest.mark.parametrize(
        ("indicator_id", "divisions", "r3_target", "statement", "r3_actual"), QUALITATIVE
    )
    def test_qualitative(
        self,
        example_plan: kp.Plan,
        indicator_id: str,
        divisions: list[str],
        r3_target: dict[str, str],
        statement: str,
        r3_actual: dict[str, object],
    ) -> None:
        """R3 stage or statement, one R4–R6 statement (the merged cell), R3 estimate."""
        indicator = example_plan.indicator(indicator_id)
        assert indicator.unit is None
        assert list(indicator.divisions) == divisions
        assert indicator.target_for(FY("R3")) == kp.Target(year=FY("R3"), **r3_target)  # type: ignore[arg-type]
        spanning = indicator.target_for(FY("R5"))
        assert spanning is not None
        assert spanning.statement == statement
        assert spanning.years == (FY("R4"), FY("R5"), FY("R6"))
        actual = indicator.actual_for(FY("R3"))
        assert actual == kp.Actual(year=FY("R3"), status=EST, as_of=AS_OF, **r3_actual)  # type: ignore[arg-type]
        r2 = indicator.actual_for(FY("R2"))
        assert r2 is not None
        assert r2.status is kp.ActualStatus.NOT_REPORTED

    def test_kgi_goal(self, example_plan: kp.Plan) -> None:
        """The KGI's headline goal 2022(R4)年度 100%."""
        kgi = example_plan.indicator("KGI")
        assert kgi.goal == kp.Goal(year=FY("R4"), value=Decimal(100))
        assert kgi.baseline_value() == Decimal(87)

    def test_rpa_in_progress(self, example_plan: kp.Plan) -> None:
        """RPA scenarios R3 is 作成中: pending, with the reported text."""
        actual = example_plan.indicator("CSF-1/KPI-3").actual_for(FY("R3"))
        assert actual == kp.Actual(year=FY("R3"), status=kp.ActualStatus.IN_PROGRESS, text="作成中")

    def test_allowance_footnote(self, example_plan: kp.Plan) -> None:
        """The R6 target 4 carries ※ ４手続で全体の100％."""
        target = example_plan.indicator("CSF-2/KPI-3").target_for(FY("R6"))
        assert target is not None
        assert target.value == 4
        assert target.note == "４手続で全体の100％"

    def test_remote_inspection_mixed(self, example_plan: kp.Plan) -> None:
        """A number for R3 (7 ※ of 33), a PDCA statement spanning R4–R6."""
        kpi = example_plan.indicator("CSF-2/KPI-4")
        assert kpi.target_for(FY("R3")) == kp.Target(year=FY("R3"), value=Decimal(5))
        statement = kpi.target_for(FY("R4"))
        assert statement is not None
        assert statement.statement == "効果を検証しながら調達方法を改善（ＰＤＣＡ）"
        assert statement.through == FY("R6")
        actual = kpi.actual_for(FY("R3"))
        assert actual is not None
        assert actual.value == 7
        assert actual.note == "令和３年度全体立入調査数 ３３件"


class TestMeasures:
    """Measures (施策) with deadlines and target statements."""

    def test_titles(self, example_plan: kp.Plan) -> None:
        """Eight measures under their CSFs."""
        assert [(c.code, m.title) for c, m in example_plan.measures()] == [
            ("CSF-1", "AI・RPA技術の活用"),
            ("CSF-2", "電子決裁システムの利用促進"),
            ("CSF-2", "職員の諸手当認定手続の電子化"),
            ("CSF-2", "遠隔立入調査の拡大"),
            ("CSF-2", "県庁会議室へのWeb会議設備の常設"),
            ("CSF-3", "情報システム・庁内ネットワークのセキュリティ強化"),
            ("CSF-3", "市町村への自治体クラウドの導入"),
            ("CSF-3", "職員向けデジタル研修の受講促進"),
        ]

    def test_deadlines(self, example_plan: kp.Plan) -> None:
        """電子決裁 by FY2022 and 諸手当 by FY2024, with their statements."""
        deadlines = {
            m.title: (m.deadline, m.target_statement)
            for _, m in example_plan.measures()
            if m.deadline
        }
        assert deadlines == {
            "電子決裁システムの利用促進": (FY("FY2022"), "2022（令和4）年度までに100%電子化"),
            "職員の諸手当認定手続の電子化": (FY("FY2024"), "2024（令和6）年度までに100%電子化"),
        }


class TestBudgets:
    """Both budgets, line by line, exact."""

    def test_r3(self, example_plan: kp.Plan) -> None:
        """R3: 95,027千円 enacted, including the R2 February supplementary budget."""
        budget = example_plan.budgets[0]
        assert (budget.year, budget.total, budget.unit, budget.status, budget.basis) == (
            FY("R3"), Decimal(95027), "千円", kp.BudgetStatus.ENACTED,
            "令和２年度２月補正（先議）含む",
        )  # fmt: skip
        assert [(line.name, line.amount) for line in budget.lines] == [
            ("目指せスマート県庁！「電子決裁１００％」実装事業", 10000),
            ("AIを活用した全庁総合FAQシステム運用事業", 11550),
            ("RPA環境拡充事業", 25165),
            ("県庁会議室DX化事業", 15044),
            ("情報システム・ネットワークセキュリティ対策強化事業", 30243),
            ("行政情報化推進費", 1800),
            ("デジタル関係研修経費", 1225),
        ]
        assert budget.lines_total == budget.total

    def test_r4(self, example_plan: kp.Plan) -> None:
        """R4: 210,487千円 requested (要求中)."""
        budget = example_plan.budgets[1]
        assert (budget.year, budget.total, budget.status, budget.basis) == (
            FY("R4"), Decimal(210487), kp.BudgetStatus.REQUESTED,
            "令和３年度２月補正（先議）含む",
        )  # fmt: skip
        assert [(line.name, line.amount) for line in budget.lines] == [
            ("目指せスマート県庁！「電子決裁１００％」実装事業", 86700),
            ("AIを活用した全庁総合FAQシステム運用事業", 16170),
            ("RPA環境拡充事業", 23798),
            ("情報システム・ネットワークセキュリティ対策事業", 21794),
            ("県庁業務デジタル化推進事業", 44000),
            ("新次元のテレコミュニケーション事業", 15000),
            ("行政情報化推進費", 1800),
            ("デジタル関係研修経費", 1225),
        ]
        assert budget.lines_total == budget.total


class TestActivitiesAndIssues:
    """取組内容 by year, observations, dates, 課題とアクション."""

    def test_activity_titles(self, example_plan: kp.Plan) -> None:
        """Five R3 activities and four R4 activities."""
        titles = [(str(a.year), a.title) for a in example_plan.activities]
        assert titles == [
            ("R3", "電子決裁率の向上に向けた取組"),
            ("R3", "県庁会議室のDX化"),
            ("R3", "通勤届の届出と認定の電子化"),
            ("R3", "県職員向けデジタル研修の実施"),
            ("R3", "遠隔立入調査"),
            ("R4", "業務の見直しによる県庁のDX"),
            ("R4", "テレワークなどで使えるチャットシステムの導入"),
            ("R4", "住居届の届出と認定の電子化"),
            ("R4", "遠隔立入調査"),
        ]
        assert sum(len(a.details) for a in example_plan.activities) == 12

    def test_interim_observations(self, example_plan: kp.Plan) -> None:
        """R3.4 38% and R4.1 80% are dated numbers, not only text."""
        detail = example_plan.activities[0].details[0]
        assert [(str(o.month), o.value, o.unit) for o in detail.observations] == [
            ("R3.4", Decimal(38), "%"),
            ("R4.1", Decimal(80), "%"),
        ]
        assert detail.observations[0].month == kp.YearMonth(2021, 4)

    def test_dated_detail(self, example_plan: kp.Plan) -> None:
        """令和４年１月１７日より実施 carries its date."""
        detail = example_plan.activities[2].details[0]
        assert detail.since == date(2022, 1, 17)

    def test_issues(self, example_plan: kp.Plan) -> None:
        """Two issues, with two and one actions."""
        assert [len(issue.actions) for issue in example_plan.issues] == [2, 1]
        assert example_plan.issues[1].actions[0].startswith("職員に対し、専門的なデジタル研修")


class TestCanonicalJson:
    """The example's JSON carries the seed's values."""

    def test_json_has_every_number(self, example_plan: kp.Plan) -> None:
        """Every target and actual number appears in the canonical JSON."""
        data = json.loads(kp.dumps(example_plan))
        assert data["schema_version"] == 1
        kgi = data["kgis"][0]
        assert kgi["targets"]["R3"] == {"value": 90}
        assert kgi["actuals"]["R3"] == {
            "status": "estimate",
            "value": 95,
            "as_of": "2022-03-31",
        }
        assert data["budgets"][1]["status"] == "requested"
