"""The plans the contract kit writes: a representative one and a hostile one.

:func:`sample_plan` has everything a real plan has, in a few indicators, built in
code (so the kit needs no file); :func:`hostile_plan` puts text that a format could
take for markup or a formula everywhere a plan holds text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kpiplan import (
    Accumulation,
    Activity,
    ActivityDetail,
    Actual,
    ActualStatus,
    Assessment,
    Baseline,
    Budget,
    BudgetLine,
    BudgetStatus,
    CategoryFlag,
    Csf,
    Direction,
    Execution,
    FiscalYear,
    Goal,
    GradeOverride,
    Indicator,
    Issue,
    Measure,
    Observation,
    Plan,
    PlanPeriod,
    Positioning,
    Target,
    YearMonth,
)

__all__ = ["HOSTILE_TEXTS", "hostile_plan", "sample_plan"]

HOSTILE_TEXTS: tuple[str, ...] = (
    "<b>太字</b>",
    "=SUM(A1:A9)",
    "+81-88",
    "@here",
    "R&D",
    "[x](javascript:alert(1))",
    "*強調*",
    "a|b",
    "＜全角＞＆",
    "\t=1+2",
)
"""Text a plan's author may type that a format could mistake for markup or a formula
(a cell starting with a tab is one too: spreadsheets skip the tab).

:func:`hostile_plan` puts each of them in a plan; an exporter must show each one
literally (escaped in the output where the format has markup)."""

FY = FiscalYear
_AS_OF = date(2022, 3, 31)


def sample_plan() -> Plan:
    """A representative plan: everything a real plan has, in a few indicators.

    Five years R2–R6; a level KGI graded on an estimate (見込み); annual and cumulative
    (累計) counts; a cumulative KPI whose latest actual is being compiled (作成中); a
    PDCA indicator with stage targets and a statement spanning R4–R6; a range target;
    ※ notes, a grade override, observations, budgets whose lines add up, activities,
    issues and category flags.

    Returns:
        The plan (it passes ``kpiplan.validate``).
    """
    return Plan(
        title="デジタルとくしま推進プラン（見本）",
        organization="徳島県",
        period=PlanPeriod(FY(2020), FY(2024)),
        positioning=Positioning(
            "全ての人に優しく、スマートで持続可能な社会",
            "利便性の高い行政サービスの実施",
            "豊かな暮らしにつながる行政のデジタル化",
        ),
        actuals_as_of=_AS_OF,
        kgis=(_sample_kgi(),),
        csfs=_sample_csfs(),
        budgets=_sample_budgets(),
        activities=_sample_activities(),
        issues=(Issue("職員のデジタルスキル", ("研修の拡充", "庁内ヘルプデスク")),),
        categories=(CategoryFlag("ＶＳ東京", True), CategoryFlag("新未来創造", False)),
        footnotes=("※実績値はR4.3.31見込み",),
    )


def _sample_kgi() -> Indicator:
    """A level (水準) percentage, graded on an estimate, with observations."""
    return Indicator(
        id="KGI",
        code="KGI",
        name="公文書の電子化率（電子決裁システム利用率）",
        divisions=("スマート県庁推進課",),
        unit="%",
        accumulation=Accumulation.LEVEL,
        baseline=Baseline(FY(2020)),
        goal=Goal(FY(2022), Decimal(100)),
        targets=[Target(FY(y), value=v) for y, v in ((2021, 90), (2022, 100), (2023, 100))],
        actuals=[
            Actual(FY(2020), value=Decimal(87)),
            Actual(FY(2021), ActualStatus.ESTIMATE, Decimal(95), as_of=_AS_OF),
        ],
        observations=[
            Observation(YearMonth(2021, 4), Decimal(38), "%"),
            Observation(YearMonth(2022, 1), Decimal("80.5"), "%"),
        ],
    )


def _sample_counts() -> tuple[Indicator, Indicator]:
    """An annual count, and a cumulative (累計) one whose latest actual is 作成中."""
    annual = Indicator(
        id="CSF-1/KPI-1",
        code="KPI-1",
        name="ＡＩ技術活用事業数",
        divisions=("スマート県庁推進課",),
        unit="件",
        targets=[Target(FY(y), value=v) for y, v in ((2021, 10), (2022, 11), (2023, 12))],
        actuals=[
            Actual(FY(2020), value=Decimal(10)),
            Actual(FY(2021), ActualStatus.ESTIMATE, Decimal(17), as_of=_AS_OF),
        ],
    )
    cumulative = Indicator(
        id="CSF-1/KPI-2",
        code="KPI-2",
        name="ＲＰＡシナリオ数（累計）",
        divisions=("スマート県庁推進課", "総務事務管理課"),
        unit="シナリオ",
        accumulation=Accumulation.CUMULATIVE,
        baseline=Baseline(FY(2020), Decimal(67)),
        targets=[
            Target(FY(2021), value=Decimal(67)),
            Target(FY(2022), value=Decimal(77)),
            Target(FY(2024), value=Decimal(97), note="４手続で全体の100%"),
        ],
        actuals=[
            Actual(FY(2020), value=Decimal(67)),
            Actual(FY(2021), ActualStatus.IN_PROGRESS, text="作成中"),
            Actual(FY(2022), ActualStatus.NOT_REPORTED),
        ],
        footnotes=("※実績値はR4.3.31見込み",),
    )
    return annual, cumulative


def _sample_other_kinds() -> tuple[Indicator, Indicator, Indicator]:
    """A PDCA indicator (stages, a statement spanning years), a range, a lower-is-better."""
    pdca = Indicator(
        id="CSF-2/KPI-1",
        code="KPI-1",
        name="テレワーク（在宅勤務等）利用環境の充実",
        divisions=("人事課",),
        targets=[
            Target(FY(2021), stage="運用"),
            Target(
                FY(2022), statement="より使いやすい利用環境へ改善（ＰＤＣＡ）", through=FY(2024)
            ),
        ],
        actuals=[
            Actual(
                FY(2021),
                ActualStatus.ESTIMATE,
                stage="運用",
                text="運用",
                as_of=_AS_OF,
                assessment=Assessment.ACHIEVED,
            ),
        ],
    )
    ranged = Indicator(
        id="CSF-2/KPI-2",
        code="KPI-2",
        name="窓口待ち時間",
        divisions=("県民サービス課",),
        unit="時間",
        direction=Direction.RANGE,
        targets=[Target(FY(2021), minimum=Decimal("0.5"), maximum=Decimal("1.5"))],
        actuals=[
            Actual(
                FY(2021),
                value=Decimal("1.75"),
                override=GradeOverride("B", "繁忙期の臨時窓口で改善済み"),
                note="令和３年度全体 ３３件",
            )
        ],
    )
    lower = Indicator(
        id="CSF-2/KPI-3",
        code="KPI-3",
        name="紙による申請件数",
        divisions=("デジタル推進課",),
        unit="件",
        direction=Direction.LOWER,
        targets=[Target(FY(2021), value=Decimal(1200)), Target(FY(2022), value=Decimal(900))],
        actuals=[Actual(FY(2021), value=Decimal(1000))],
    )
    return pdca, ranged, lower


def _sample_csfs() -> tuple[Csf, ...]:
    """Two CSFs with their measures (施策) and KPIs."""
    annual, cumulative = _sample_counts()
    pdca, ranged, lower = _sample_other_kinds()
    return (
        Csf(
            "CSF-1",
            "最新デジタル技術の活用拡大",
            measures=[
                Measure(
                    "CSF-1/M-1",
                    "AI・RPA技術の活用",
                    "最新デジタル技術の活用や継続的なBPRにより、業務の効率化と質の向上を図る。",
                    indicators=("CSF-1/KPI-1", "CSF-1/KPI-2"),
                )
            ],
            indicators=(annual, cumulative),
        ),
        Csf(
            "CSF-2",
            "行政運営のデジタル化の促進",
            measures=[
                Measure(
                    "CSF-2/M-1",
                    "電子決裁システムの利用促進",
                    "公文書の電子化を推進する。",
                    deadline=FY(2022),
                    target_statement="2022年度までに100%電子化",
                    indicators=("KGI",),
                )
            ],
            indicators=(pdca, ranged, lower),
        ),
    )


def _sample_budgets() -> tuple[Budget, ...]:
    """A budget whose lines add up (one with its execution), and a requested one."""
    return (
        Budget(
            FY(2021),
            Decimal(95027),
            basis="令和２年度２月補正（先議）含む",
            lines=[
                BudgetLine("RPA環境拡充事業", Decimal(60000), links=("CSF-1/KPI-2",)),
                BudgetLine(
                    "電子決裁推進事業",
                    Decimal(35027),
                    links=("CSF-2/M-1",),
                    execution=Execution(
                        Decimal(30000),
                        supplementary=Decimal(5027),
                        spent=Decimal(33000),
                        carried_forward=Decimal(1000),
                    ),
                    note="補正を含む",
                ),
            ],
        ),
        Budget(FY(2022), Decimal(120000), status=BudgetStatus.REQUESTED),
    )


def _sample_activities() -> tuple[Activity, ...]:
    """An activity with a dated detail and an observation."""
    return (
        Activity(
            FY(2021),
            "県庁会議室のDX化",
            details=(
                ActivityDetail(
                    "Web会議設備を常設",
                    since=date(2022, 1, 17),
                    observations=(Observation(YearMonth(2021, 4), Decimal(38), "%"),),
                ),
            ),
        ),
    )


def hostile_plan() -> Plan:
    """A small valid plan whose text is markup, formulas and Japanese punctuation.

    Each of :data:`HOSTILE_TEXTS` is the name of an indicator; some also appear as
    the title, a CSF's title, a statement target, a ※ note and a budget line.

    Returns:
        The plan (it passes ``kpiplan.validate``).
    """
    period = PlanPeriod(FY(2021), FY(2023))
    indicators = tuple(
        Indicator(
            id=f"CSF-1/KPI-{number}",
            code=f"KPI-{number}",
            name=text,
            divisions=(HOSTILE_TEXTS[(number) % len(HOSTILE_TEXTS)],),
            unit="件" if number % 2 else None,
            targets=(
                (Target(FY(2021), value=Decimal(number), note=text),)
                if number % 2
                else (Target(FY(2021), statement=text, through=FY(2023)),)
            ),
            actuals=(
                (Actual(FY(2021), value=Decimal(number)),)
                if number % 2
                else (Actual(FY(2021), stage="運用", text=text),)
            ),
        )
        for number, text in enumerate(HOSTILE_TEXTS, start=1)
    )
    return Plan(
        title=HOSTILE_TEXTS[0],
        organization=HOSTILE_TEXTS[4],
        period=period,
        csfs=(Csf("CSF-1", HOSTILE_TEXTS[1], indicators=indicators),),
        budgets=(
            Budget(
                FY(2021),
                Decimal(3),
                lines=(
                    BudgetLine(HOSTILE_TEXTS[1], Decimal(1)),
                    BudgetLine(HOSTILE_TEXTS[5], Decimal(2), links=("CSF-1/KPI-1",)),
                ),
            ),
        ),
        footnotes=(HOSTILE_TEXTS[6],),
    )


# -- a hypothesis strategy of whole plans ------------------------------------------
