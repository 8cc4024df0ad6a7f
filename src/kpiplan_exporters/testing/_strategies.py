"""The one hypothesis strategy of whole plans, for kpiplan's tests and plugin authors'.

Generated plans pass ``kpiplan.validate``: ids are unique, years lie in the period,
cumulative targets never fall, budget lines add up, estimates carry their date.
Text includes hostile content (markup, formula starts) on purpose; numbers are
exact decimals. Each builder draws one part of a plan, so a test can use a part on
its own (``indicators(...)``) as well as whole plans (``plans()``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from kpiplan import (
    DEFAULT_STAGE_LADDER,
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
    Plan,
    PlanPeriod,
    Positioning,
    Target,
    validate,
)
from kpiplan_exporters.testing._samples import HOSTILE_TEXTS

__all__ = ["COUNT_UNITS", "actuals", "budgets", "indicators", "numbers", "plans", "texts"]

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
def plans(draw: st.DrawFn, max_csfs: int = 3, max_kpis: int = 3) -> Plan:
    """Valid whole plans, with hostile text, for property tests.

    Args:
        draw: Supplied by hypothesis.
        max_csfs: The most CSFs a plan has.
        max_kpis: The most KPIs a CSF has.

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
    validate(plan)
    return plan
