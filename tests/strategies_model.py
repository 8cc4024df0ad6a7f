"""Hypothesis strategies for the plan parts of issue #10: declared units, years as
written, series, target kinds, revisions and indicator metadata.

Kept apart from ``tests/strategies.py`` (being unified with the exporters' kit);
:func:`plans_with_new_parts` builds on its :func:`~tests.strategies.plans` and adds the
new parts to valid plans, so that every generated plan still passes ``validate``.
"""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan_exporters.testing import numbers, plans
from kpiplan_exporters.testing import texts as text

HEISEI = kp.ERAS[3]

#: Symbols no built-in unit uses, for declared units.
DECLARED_SYMBOLS = ("歳", "品目", "秒", "万戸", "園")


def written_years(year: kp.FiscalYear) -> st.SearchStrategy[kp.FiscalYear]:
    """``year`` as plans write it: canonically, or as 平成N年度/HN when Heisei had ended."""
    if year.year < 2020:
        return st.just(year)
    n = year.year - HEISEI.start.year + 1
    return st.sampled_from(
        [year, kp.FiscalYear.parse(f"平成{n}年度"), kp.FiscalYear.parse(f"H{n}")]
    )


@st.composite
def unit_definitions(draw: st.DrawFn) -> tuple[kp.UnitDefinition, ...]:
    """A valid set of declarations: a new count, a multiple by factor, one by ``per``."""
    chosen = draw(st.lists(st.sampled_from(range(3)), unique=True, max_size=3))
    made = {
        0: kp.UnitDefinition("品目", note=draw(st.none() | text)),
        1: kp.UnitDefinition("万戸", of="戸", factor=kp.parse_amount("10000件").value),
        2: kp.UnitDefinition("秒", of="分", per=60, aliases=("sec",)),
    }
    return tuple(made[index] for index in chosen)


@st.composite
def targets(draw: st.DrawFn, year: kp.FiscalYear, numeric: bool) -> kp.Target:
    """A target of any kind that needs no range direction and no ladder."""
    year = draw(written_years(year))
    kind = draw(st.sampled_from(["value", "projected", "trend", "rank", "none", "statement"]))
    if kind in ("value", "projected") and numeric:
        return kp.Target(year, value=draw(numbers(6, 1)), projected=kind == "projected")
    if kind == "trend":
        trend = draw(st.sampled_from(kp.Trend))
        return kp.Target(year, trend=trend, printed=draw(st.none() | text))
    if kind == "rank":
        return kp.Target(year, rank=draw(st.integers(1, 47)), printed=draw(st.none() | text))
    if kind == "none":
        return kp.Target(year, no_target=draw(text))
    return kp.Target(year, statement=draw(text))


@st.composite
def yearly(
    draw: st.DrawFn, period: kp.PlanPeriod, numeric: bool
) -> tuple[tuple[kp.Target, ...], tuple[kp.Actual, ...]]:
    years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=3))
    found_targets = tuple(draw(targets(year, numeric)) for year in sorted(years))
    actual_years = draw(st.lists(st.sampled_from(period.years), unique=True, max_size=2))
    found_actuals = []
    for year in sorted(actual_years):
        if numeric:
            value = draw(numbers(6, 1))
            status = draw(st.sampled_from([kp.ActualStatus.CONFIRMED, kp.ActualStatus.PRELIMINARY]))
            share = draw(st.none() | numbers(3, 1))
            found_actuals.append(kp.Actual(year, status, value, share=share))
        else:
            found_actuals.append(kp.Actual(year, kp.ActualStatus.PRELIMINARY, text=draw(text)))
    return found_targets, tuple(found_actuals)


@st.composite
def revisions(draw: st.DrawFn, period: kp.PlanPeriod, numeric: bool) -> tuple[kp.Revision, ...]:
    count = draw(st.integers(0, 2))
    found = []
    for index in range(count):
        year = draw(st.sampled_from(period.years))
        decided: date | kp.YearMonth = draw(
            st.sampled_from([date(2020 + index, 3, 31), kp.YearMonth(2020 + index, 3)])
        )
        found.append(
            kp.Revision(
                decided,
                reason=draw(text),
                label=draw(st.none() | st.sampled_from(["中間見直し", "上方修正"])),
                targets=[draw(targets(year, numeric))],
            )
        )
    return tuple(found)


@st.composite
def series(draw: st.DrawFn, period: kp.PlanPeriod, numeric: bool) -> tuple[kp.Series, ...]:
    names = draw(
        st.lists(st.sampled_from(["男性", "女性", "小学生", "中学生"]), unique=True, max_size=2)
    )
    found = []
    for name in names:
        found_targets, found_actuals = draw(yearly(period, numeric))
        baseline = None
        if draw(st.booleans()):
            baseline = (
                kp.Baseline(period.first - 1, value=draw(numbers(5, 1)))
                if numeric and draw(st.booleans())
                else kp.Baseline(period.first, text="‐", note=draw(st.none() | text))
            )
        found.append(
            kp.Series(
                name,
                baseline=baseline,
                targets=found_targets,
                actuals=found_actuals,
                revisions=draw(revisions(period, numeric)),
                note=draw(st.none() | text),
                national_rank=draw(st.none() | st.builds(kp.NationalRank, st.integers(1, 47))),
            )
        )
    return tuple(found)


@st.composite
def extended(draw: st.DrawFn, plan: kp.Plan, indicator: kp.Indicator) -> kp.Indicator:
    """``indicator`` with series, revisions and metadata added (its own parts kept)."""
    if indicator.direction is kp.Direction.RANGE:
        return indicator
    # Cumulative series would need running totals that never fall; words suffice here.
    numeric = (
        indicator.unit is not None and indicator.accumulation is not kp.Accumulation.CUMULATIVE
    )
    return attrs.evolve(
        indicator,
        series=draw(series(plan.period, numeric)),
        combine=draw(st.sampled_from(kp.SeriesRule)),
        survey=draw(st.booleans()),
        rationale=draw(st.none() | text),
        source=draw(st.none() | st.builds(kp.Source, text, st.none(), st.none() | text)),
        national_rank=draw(
            st.none() | st.builds(kp.NationalRank, st.integers(1, 47), st.none(), st.just(47))
        ),
    )


@st.composite
def plans_with_new_parts(draw: st.DrawFn) -> kp.Plan:
    """A valid plan that uses the new parts: units, default era, series, kinds, revisions."""
    plan = draw(plans(max_csfs=2, max_kpis=2))
    kgis = [draw(extended(plan, kgi)) for kgi in plan.kgis]
    csfs = [
        attrs.evolve(
            csf,
            indicators=[draw(extended(plan, i)) for i in csf.indicators],
            measures=[
                attrs.evolve(m, description=None) if draw(st.booleans()) else m
                for m in csf.measures
            ],
        )
        for csf in plan.csfs
    ]
    return attrs.evolve(
        plan,
        kgis=kgis,
        csfs=csfs,
        units=draw(unit_definitions()),
        default_era=draw(st.none() | st.just("平成")),
    )
