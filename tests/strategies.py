"""Hypothesis strategies that build valid whole plans (and their parts).

Generated plans pass ``kpiplan.validate``: ids are unique, years lie in the period,
cumulative targets never fall, budget lines add up, estimates carry their date.
Text includes hostile content (markup, formulas, control-free Unicode) on purpose.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

import kpiplan as kp

COUNT_UNITS = ("件", "人", "室", "手続", "市町村", "シナリオ", "回")

# Printable text that a plan's author could type, markup and formula starts included.
_alphabet = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
)
text = st.one_of(
    st.text(_alphabet, min_size=1, max_size=20).filter(lambda s: s.strip() != ""),
    st.sampled_from(
        [
            "=SUM(A1:A9)",
            "+81-88",
            "-1",
            "@here",
            "<b>bold</b>",
            "R&D",
            '<a href="javascript:alert(1)">x</a>',
            "＜全角＞＆",
            "電子決裁１００％",
        ]
    ),
)


def numbers(max_digits: int = 9, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Exact non-negative numbers with at most ``places`` decimal places."""
    return st.decimals(
        min_value=0,
        max_value=Decimal(10) ** (max_digits - places) - 1,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    ).map(lambda d: d.normalize() if d != 0 else Decimal(0))


@st.composite
def periods(draw: st.DrawFn) -> kp.PlanPeriod:
    first = draw(st.integers(1990, 2030))
    length = draw(st.integers(0, 5))
    return kp.PlanPeriod(kp.FiscalYear(first), kp.FiscalYear(first + length))


@st.composite
def actuals(
    draw: st.DrawFn, year: kp.FiscalYear, *, quantitative: bool, value: Decimal | None
) -> kp.Actual:
    status = draw(st.sampled_from(list(kp.ActualStatus)))
    note = draw(st.none() | text)
    if status is kp.ActualStatus.NOT_REPORTED:
        return kp.Actual(year=year, status=status, note=note)
    if status is kp.ActualStatus.IN_PROGRESS:
        return kp.Actual(year=year, status=status, text="作成中", note=note)
    as_of = (
        draw(st.dates(min_value=year.start, max_value=date(year.year + 2, 3, 31)))
        if status is kp.ActualStatus.ESTIMATE
        else None
    )
    if quantitative and value is not None:
        return kp.Actual(year=year, status=status, value=value, as_of=as_of, note=note)
    stage = draw(st.sampled_from(kp.DEFAULT_STAGE_LADDER))
    return kp.Actual(
        year=year,
        status=status,
        stage=stage,
        text=draw(st.none() | text),
        as_of=as_of,
        assessment=draw(st.none() | st.sampled_from(list(kp.Assessment))),
        note=note,
    )


@st.composite
def indicators(
    draw: st.DrawFn, indicator_id: str, code: str, period: kp.PlanPeriod
) -> kp.Indicator:
    years = period.years
    quantitative = draw(st.booleans())
    unit = draw(st.sampled_from((*COUNT_UNITS, "%", "千円"))) if quantitative else None
    accumulation = draw(st.sampled_from(list(kp.Accumulation)))
    direction = draw(st.sampled_from([kp.Direction.HIGHER, kp.Direction.LOWER]))
    targets: list[kp.Target] = []
    running = Decimal(0)
    index = 0
    while index < len(years):
        year = years[index]
        if draw(st.booleans()) and index:
            index += 1
            continue
        kind = draw(st.sampled_from(["value", "stage", "statement"])) if quantitative else "q"
        if kind == "value":
            step = draw(numbers(6, 1))
            running = running + step if accumulation is kp.Accumulation.CUMULATIVE else step
            note = draw(st.none() | text)
            targets.append(kp.Target(year=year, value=running, note=note))
            index += 1
        elif kind == "stage" or (kind == "q" and draw(st.booleans())):
            targets.append(
                kp.Target(year=year, stage=draw(st.sampled_from(kp.DEFAULT_STAGE_LADDER)))
            )
            index += 1
        else:
            span = draw(st.integers(0, len(years) - index - 1))
            through = years[index + span] if span else None
            targets.append(kp.Target(year=year, statement=draw(text), through=through))
            index += span + 1
    found: list[kp.Actual] = []
    for year in years:
        if draw(st.booleans()):
            value = draw(numbers(6, 2)) if quantitative else None
            found.append(draw(actuals(year, quantitative=quantitative, value=value)))
    baseline = None
    if quantitative and draw(st.booleans()):
        baseline = kp.Baseline(year=years[0] - 1, value=draw(numbers(6, 1)))
    return kp.Indicator(
        id=indicator_id,
        code=code,
        name=draw(text),
        divisions=draw(st.lists(text, min_size=1, max_size=2)),
        unit=unit,
        direction=direction,
        accumulation=accumulation,
        baseline=baseline,
        targets=targets,
        actuals=found,
        footnotes=draw(st.lists(text, max_size=2)),
    )


@st.composite
def budgets(draw: st.DrawFn, year: kp.FiscalYear, links: list[str]) -> kp.Budget:
    amounts = draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=4))
    names = draw(st.lists(text, min_size=len(amounts), max_size=len(amounts), unique=True))
    lines = [
        kp.BudgetLine(
            name=name,
            amount=Decimal(amount),
            links=draw(st.lists(st.sampled_from(links), max_size=1)) if links else (),
        )
        for name, amount in zip(names, amounts, strict=True)
    ]
    return kp.Budget(
        year=year,
        total=sum((line.amount for line in lines), Decimal(0)),
        unit=draw(st.sampled_from(["円", "千円"])),
        status=draw(st.sampled_from(list(kp.BudgetStatus))),
        basis=draw(st.none() | text),
        lines=lines,
    )


@st.composite
def plans(draw: st.DrawFn, max_csfs: int = 3, max_kpis: int = 4) -> kp.Plan:
    """Valid whole plans: KGIs, CSFs with measures and KPIs, budgets, activities."""
    period = draw(periods())
    kgis = [draw(indicators("KGI", "KGI", period))] if draw(st.booleans()) else []
    csfs = []
    for c in range(1, draw(st.integers(0, max_csfs)) + 1):
        code = f"CSF-{c}"
        kpis = [
            draw(indicators(f"{code}/KPI-{k}", f"KPI-{k}", period))
            for k in range(1, draw(st.integers(0, max_kpis)) + 1)
        ]
        measures = [
            kp.Measure(
                id=f"{code}/M-{m}",
                title=draw(text),
                description=draw(text),
                deadline=draw(st.none() | st.sampled_from(period.years)),
                target_statement=draw(st.none() | text),
                indicators=[k.id for k in kpis[:1]],
            )
            for m in range(1, draw(st.integers(0, 2)) + 1)
        ]
        csfs.append(kp.Csf(code=code, title=draw(text), measures=measures, indicators=kpis))
    ids = [k.id for k in kgis] + [k.id for c in csfs for k in c.indicators]
    budget_years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=3))
    return kp.Plan(
        title=draw(text),
        organization=draw(text),
        period=period,
        positioning=draw(st.none() | st.builds(kp.Positioning, text, text, text)),
        actuals_as_of=draw(
            st.none() | st.dates(min_value=date(1990, 4, 1), max_value=date(2040, 3, 31))
        ),
        kgis=kgis,
        csfs=csfs,
        budgets=[draw(budgets(year, ids)) for year in sorted(budget_years)],
        activities=[
            kp.Activity(
                year=draw(st.sampled_from(period.years)),
                title=draw(text),
                details=[kp.ActivityDetail(text=draw(text))],
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
        issues=[kp.Issue(text=draw(text), actions=draw(st.lists(text, max_size=2)))],
        categories=[kp.CategoryFlag(name=draw(text), applies=draw(st.booleans()))],
        footnotes=draw(st.lists(text, max_size=2)),
    )
