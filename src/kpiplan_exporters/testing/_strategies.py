"""The one hypothesis strategy of whole plans, for kpiplan's tests and plugin authors'.

Generated plans pass ``kpiplan.validate``: ids are unique, years lie in the period,
cumulative targets never fall, budget lines add up, estimates carry their date.
Text includes hostile content (markup, formula starts) on purpose; numbers are
exact decimals. Each builder draws one part of a plan, so a test can use a part on
its own (``indicators(...)``) as well as whole plans (``plans()``).

``plans(model_parts=True)`` adds the plan parts of other governments' plans
(declared units, years written in Heisei, series, target kinds, revisions,
indicator metadata, 速報値, title-only measures); it is off by default until every
exporter shows them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from kpiplan import (
    DEFAULT_STAGE_LADDER,
    ERAS,
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
    FiscalYear,
    GradeOverride,
    Indicator,
    Issue,
    Measure,
    NationalRank,
    Plan,
    PlanPeriod,
    Positioning,
    Revision,
    Series,
    SeriesRule,
    Source,
    Target,
    Trend,
    UnitDefinition,
    YearMonth,
    parse_amount,
    validate,
)
from kpiplan_exporters.testing._samples import HOSTILE_TEXTS

__all__ = [
    "COUNT_UNITS",
    "actuals",
    "budgets",
    "indicators",
    "model_parts",
    "numbers",
    "plans",
    "texts",
]

COUNT_UNITS = ("件", "人", "室", "手続", "市町村", "シナリオ", "回")
"""Count units indicators are drawn with (besides ``%`` and ``千円``)."""

# Printable text that a plan's author could type, markup and formula starts included.
_alphabet = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
texts = st.one_of(
    st.text(_alphabet, min_size=1, max_size=20).filter(lambda s: s.strip() != ""),
    st.sampled_from(
        (*HOSTILE_TEXTS, "-1", '<a href="javascript:alert(1)">x</a>', "電子決裁１００％")
    ),
)
"""Non-blank plan text: any printable Unicode, or one of the hostile texts."""


def numbers(max_digits: int = 7, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Exact non-negative numbers with at most ``places`` decimal places.

    Args:
        max_digits: Most digits in all.
        places: Most digits after the decimal point.

    Returns:
        A strategy of normalised decimals (``Decimal(0)`` for zero).
    """
    return st.decimals(
        min_value=0,
        max_value=Decimal(10) ** (max_digits - places) - 1,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    ).map(lambda d: d.normalize() if d != 0 else Decimal(0))


@st.composite
def actuals(draw: st.DrawFn, year: FiscalYear, unit: str | None) -> Actual:
    """An actual of ``year`` in any status, a number when ``unit`` is given or a stage."""
    status = draw(st.sampled_from(list(ActualStatus)))
    note = draw(st.none() | texts)
    if status is ActualStatus.NOT_REPORTED:
        return Actual(year, status, note=note)
    if status is ActualStatus.IN_PROGRESS:
        return Actual(year, status, text="作成中", note=note)
    as_of = (
        draw(st.dates(min_value=year.start, max_value=date(year.year + 2, 3, 31)))
        if status is ActualStatus.ESTIMATE
        else None
    )
    override = draw(st.none() | st.builds(GradeOverride, st.sampled_from("SABCD"), texts))
    if unit is not None and draw(st.booleans()):
        return Actual(year, status, draw(numbers(8, 2)), as_of=as_of, override=override, note=note)
    return Actual(
        year,
        status,
        stage=draw(st.sampled_from(DEFAULT_STAGE_LADDER)),
        text=draw(st.none() | texts),
        as_of=as_of,
        assessment=draw(st.none() | st.sampled_from(list(Assessment))),
        note=note,
    )


@st.composite
def _targets(
    draw: st.DrawFn,
    years: tuple[FiscalYear, ...],
    unit: str | None,
    kind: tuple[Direction, Accumulation],
) -> list[Target]:
    """Targets over ``years``: numbers (or ranges), stages and statements spanning years."""
    direction, accumulation = kind
    targets: list[Target] = []
    running = Decimal(0)
    index = 0
    while index < len(years):
        year = years[index]
        form = draw(st.sampled_from(("skip", "number", "stage", "statement")))
        if form == "number" and unit is not None:
            if direction is Direction.RANGE:
                low = draw(numbers())
                targets.append(Target(year, minimum=low, maximum=low + draw(numbers())))
            else:
                step = draw(numbers(7, 1))
                running = running + step if accumulation is Accumulation.CUMULATIVE else step
                targets.append(Target(year, value=running, note=draw(st.none() | texts)))
        elif form == "statement":
            span = draw(st.integers(0, len(years) - index - 1))
            through = years[index + span] if span else None
            targets.append(Target(year, statement=draw(texts), through=through))
            index += span
        elif form == "stage" or (form == "number" and unit is None):
            targets.append(Target(year, stage=draw(st.sampled_from(DEFAULT_STAGE_LADDER))))
        index += 1
    return targets


@st.composite
def indicators(draw: st.DrawFn, indicator_id: str, code: str, period: PlanPeriod) -> Indicator:
    """A KGI or KPI over ``period``: quantitative (with a unit) or qualitative (PDCA)."""
    years = period.years
    unit = draw(st.none() | st.sampled_from((*COUNT_UNITS, "%", "千円")))
    accumulation = draw(st.sampled_from(list(Accumulation)))
    direction = draw(st.sampled_from(list(Direction))) if unit else Direction.HIGHER
    targets = draw(_targets(years, unit, (direction, accumulation)))
    found = [draw(actuals(year, unit)) for year in years if draw(st.booleans())]
    baseline = None
    if unit is not None and draw(st.booleans()):
        baseline = Baseline(years[0] - 1, draw(numbers(7, 1)))
    return Indicator(
        id=indicator_id,
        code=code,
        name=draw(texts),
        divisions=draw(st.lists(texts, min_size=1, max_size=2)),
        unit=unit,
        direction=direction,
        accumulation=accumulation,
        baseline=baseline,
        targets=targets,
        actuals=found,
        footnotes=draw(st.lists(texts, max_size=2)),
    )


@st.composite
def budgets(draw: st.DrawFn, year: FiscalYear, links: list[str]) -> Budget:
    """A budget of ``year`` whose lines (if any) add up to its total."""
    amounts = draw(st.lists(st.integers(0, 10**9), max_size=4))
    names = draw(st.lists(texts, min_size=len(amounts), max_size=len(amounts), unique=True))
    lines = [
        BudgetLine(
            name,
            Decimal(amount),
            links=draw(st.lists(st.sampled_from(links), max_size=1)) if links else (),
        )
        for name, amount in zip(names, amounts, strict=True)
    ]
    total = sum((line.amount for line in lines), Decimal(0)) if lines else draw(numbers())
    return Budget(
        year,
        total,
        unit=draw(st.sampled_from(("円", "千円"))),
        status=draw(st.sampled_from(list(BudgetStatus))),
        basis=draw(st.none() | texts),
        lines=lines,
    )


@st.composite
def _csf(draw: st.DrawFn, number: int, period: PlanPeriod, max_kpis: int) -> Csf:
    code = f"CSF-{number}"
    kpis = [
        draw(indicators(f"{code}/KPI-{k}", f"KPI-{k}", period))
        for k in range(1, draw(st.integers(0, max_kpis)) + 1)
    ]
    measures = [
        Measure(
            f"{code}/M-{m}",
            draw(texts),
            draw(texts),
            deadline=draw(st.none() | st.sampled_from(period.years)),
            target_statement=draw(st.none() | texts),
            indicators=[k.id for k in kpis[:1]],
        )
        for m in range(1, draw(st.integers(0, 2)) + 1)
    ]
    return Csf(code, draw(texts), measures=measures, indicators=kpis)


@st.composite
def plans(draw: st.DrawFn, max_csfs: int = 3, max_kpis: int = 3, model_parts: bool = False) -> Plan:
    """Valid whole plans, with hostile text, for property tests.

    Args:
        draw: Supplied by hypothesis.
        max_csfs: The most CSFs a plan has.
        max_kpis: The most KPIs a CSF has.
        model_parts: Add other governments' plan parts (:func:`model_parts`):
            series, target kinds, revisions, declared units, Heisei years.

    Returns:
        A plan that passes ``kpiplan.validate``.
    """
    first = draw(st.integers(1990, 2030))
    period = PlanPeriod(FiscalYear(first), FiscalYear(first + draw(st.integers(0, 5))))
    kgis = [draw(indicators("KGI", "KGI", period))] if draw(st.booleans()) else []
    csfs = [
        draw(_csf(number, period, max_kpis))
        for number in range(1, draw(st.integers(0, max_csfs)) + 1)
    ]
    ids = [k.id for k in kgis] + [k.id for c in csfs for k in c.indicators]
    budget_years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=3))
    plan = Plan(
        title=draw(texts),
        organization=draw(texts),
        period=period,
        positioning=draw(st.none() | st.builds(Positioning, texts, texts, texts)),
        actuals_as_of=draw(
            st.none() | st.dates(min_value=date(1990, 4, 1), max_value=date(2040, 3, 31))
        ),
        kgis=kgis,
        csfs=csfs,
        budgets=[draw(budgets(year, ids)) for year in sorted(budget_years)],
        activities=[
            Activity(
                draw(st.sampled_from(period.years)), draw(texts), (ActivityDetail(draw(texts)),)
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
        issues=[Issue(draw(texts), draw(st.lists(texts, max_size=2)))],
        categories=[CategoryFlag(draw(texts), draw(st.booleans()))],
        footnotes=draw(st.lists(texts, max_size=2)),
    )
    if model_parts:
        plan = draw(_with_model_parts(plan))
    validate(plan)
    return plan


# Other governments' plan parts (issue #10): each builder keeps the plan valid.

_HEISEI = ERAS[3]


def written_years(year: FiscalYear) -> st.SearchStrategy[FiscalYear]:
    """``year`` as plans write it: canonically, or as 平成N年度/HN when Heisei had ended."""
    if year.year < 2020:
        return st.just(year)
    n = year.year - _HEISEI.start.year + 1
    return st.sampled_from([year, FiscalYear.parse(f"平成{n}年度"), FiscalYear.parse(f"H{n}")])


@st.composite
def unit_definitions(draw: st.DrawFn) -> tuple[UnitDefinition, ...]:
    """A valid set of declarations: a new count, a multiple by factor, one by ``per``."""
    chosen = draw(st.lists(st.sampled_from(range(3)), unique=True, max_size=3))
    made = {
        0: UnitDefinition("品目", note=draw(st.none() | texts)),
        1: UnitDefinition("万戸", of="戸", factor=parse_amount("10000件").value),
        2: UnitDefinition("秒", of="分", per=60, aliases=("sec",)),
    }
    return tuple(made[index] for index in chosen)


@st.composite
def model_targets(draw: st.DrawFn, year: FiscalYear, numeric: bool) -> Target:
    """A target of any kind that needs no range direction and no ladder: a value, a
    projected volume (見込量), a direction, a rank, 設定しない or words."""
    year = draw(written_years(year))
    kind = draw(st.sampled_from(["value", "projected", "trend", "rank", "none", "statement"]))
    if kind in ("value", "projected") and numeric:
        return Target(year, value=draw(numbers(6, 1)), projected=kind == "projected")
    if kind == "trend":
        trend = draw(st.sampled_from(Trend))
        return Target(year, trend=trend, printed=draw(st.none() | texts))
    if kind == "rank":
        return Target(year, rank=draw(st.integers(1, 47)), printed=draw(st.none() | texts))
    if kind == "none":
        return Target(year, no_target=draw(texts))
    return Target(year, statement=draw(texts))


@st.composite
def _yearly(
    draw: st.DrawFn, period: PlanPeriod, numeric: bool
) -> tuple[tuple[Target, ...], tuple[Actual, ...]]:
    years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=3))
    found_targets = tuple(draw(model_targets(year, numeric)) for year in sorted(years))
    actual_years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=2))
    found_actuals = []
    for year in sorted(actual_years):
        status = draw(st.sampled_from([ActualStatus.CONFIRMED, ActualStatus.PRELIMINARY]))
        if numeric:
            share = draw(st.none() | numbers(3, 1))
            found_actuals.append(Actual(year, status, draw(numbers(6, 1)), share=share))
        else:
            found_actuals.append(Actual(year, status, text=draw(texts)))
    return found_targets, tuple(found_actuals)


@st.composite
def _revisions(draw: st.DrawFn, period: PlanPeriod, numeric: bool) -> tuple[Revision, ...]:
    found = []
    for index in range(draw(st.integers(0, 2))):
        year = draw(st.sampled_from(period.years))
        choices: list[date | YearMonth] = [date(2020 + index, 3, 31), YearMonth(2020 + index, 3)]
        decided = draw(st.sampled_from(choices))
        found.append(
            Revision(
                decided,
                reason=draw(texts),
                label=draw(st.none() | st.sampled_from(["中間見直し", "上方修正"])),
                targets=[draw(model_targets(year, numeric))],
            )
        )
    return tuple(found)


@st.composite
def _series(draw: st.DrawFn, period: PlanPeriod, numeric: bool) -> tuple[Series, ...]:
    names = draw(
        st.lists(st.sampled_from(["男性", "女性", "小学生", "中学生"]), unique=True, max_size=2)
    )
    found = []
    for name in names:
        found_targets, found_actuals = draw(_yearly(period, numeric))
        baseline = None
        if draw(st.booleans()):
            baseline = (
                Baseline(period.first - 1, value=draw(numbers(5, 1)))
                if numeric and draw(st.booleans())
                else Baseline(period.first, text="‐", note=draw(st.none() | texts))
            )
        found.append(
            Series(
                name,
                baseline=baseline,
                targets=found_targets,
                actuals=found_actuals,
                revisions=draw(_revisions(period, numeric)),
                note=draw(st.none() | texts),
                national_rank=draw(st.none() | _ranks(period)),
            )
        )
    return tuple(found)


def _ranks(period: PlanPeriod) -> st.SearchStrategy[NationalRank]:
    """A 全国順位, of a plan year or of none."""
    return st.builds(
        NationalRank,
        st.integers(1, 47),
        st.none() | st.sampled_from(period.years),
        st.just(47),
    )


@st.composite
def model_parts(draw: st.DrawFn, period: PlanPeriod, indicator: Indicator) -> Indicator:
    """``indicator`` with series, a combine rule, revisions and metadata added (its
    own parts kept); a range indicator is left as it is."""
    if indicator.direction is Direction.RANGE:
        return indicator
    # Cumulative series would need running totals that never fall; words suffice here.
    numeric = indicator.unit is not None and indicator.accumulation is not Accumulation.CUMULATIVE
    return attrs.evolve(
        indicator,
        series=draw(_series(period, numeric)),
        combine=draw(st.sampled_from(SeriesRule)),
        survey=draw(st.booleans()),
        rationale=draw(st.none() | texts),
        source=draw(st.none() | st.builds(Source, texts, st.none(), st.none() | texts)),
        national_rank=draw(st.none() | _ranks(period)),
    )


@st.composite
def _with_model_parts(draw: st.DrawFn, plan: Plan) -> Plan:
    """``plan`` with other governments' parts: units, default era, series, kinds,
    revisions, title-only measures."""
    period = plan.period
    csfs = [
        attrs.evolve(
            csf,
            indicators=[draw(model_parts(period, i)) for i in csf.indicators],
            measures=[
                attrs.evolve(m, description=None) if draw(st.booleans()) else m
                for m in csf.measures
            ],
        )
        for csf in plan.csfs
    ]
    return attrs.evolve(
        plan,
        kgis=[draw(model_parts(period, kgi)) for kgi in plan.kgis],
        csfs=csfs,
        units=draw(unit_definitions()),
        default_era=draw(st.none() | st.just("平成")),
    )
