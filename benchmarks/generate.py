"""Synthetic plans of any size, shaped like real prefectural plans, for benchmarks.

``synthetic_plan(n)`` builds a valid plan of ``n`` indicators (one KGI, the rest KPIs
in CSFs of about ten) over five fiscal years R2–R6, with the mix a real plan has:

- about 35% annual counts (件, 人, 回), 30% cumulative running totals (累計),
  15% levels and rates (%), 20% qualitative PDCA indicators (stages on the ladder,
  and statements, some spanning R4–R6 like a merged cell);
- actuals: R2 confirmed, R3 an estimate (見込み, as of R4.3.31) or being compiled
  (作成中), later years not reported (－); ※ notes here and there;
- one measure (施策) per CSF; a budget for each year whose lines, one per CSF and
  linked to its indicators, add up to the total exactly;
- the newer parts of the model, so that the benchmarks measure plans that use them:
  about 10% of the quantitative indicators are split into series (男性/女性), 10%
  have a revision of their later targets (中間見直し), 30% of the R2 actuals keep
  the estimate they replaced in their value history, and the plan names a grading
  rule (the ``aichi`` preset, with a tolerance changed for the first CSF).

The same ``n`` and ``seed`` always give the same plan.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import kpiplan as kp

__all__ = ["synthetic_json", "synthetic_plan"]

_FIRST, _LAST = 2020, 2024
_AS_OF = date(2022, 3, 31)
_ESTIMATED = date(2021, 3, 31)
_CONFIRMED = date(2021, 8, 1)
_REVISED = date(2022, 3, 31)
_PER_CSF = 10
_COUNTS = ("件", "人", "回")
_TOTALS = ("件", "市町村", "手続")
_DIVISIONS = ("スマート県庁推進課", "人事課", "総務事務管理課", "薬務課", "デジタル戦略課")
_STATEMENTS = (
    "より使いやすい利用環境へ改善（ＰＤＣＡ）",
    "効果を検証しながら調達方法を改善（ＰＤＣＡ）",
    "全庁展開に向けた検証",
)


def _years() -> list[kp.FiscalYear]:
    return [kp.FiscalYear(year) for year in range(_FIRST, _LAST + 1)]


def _quantitative(
    rng: random.Random, indicator_id: str, code: str, kind: str, number: int
) -> kp.Indicator:
    years = _years()
    if kind == "level":
        unit, accumulation, name = "%", kp.Accumulation.LEVEL, f"電子申請利用率{number}"
        start = Decimal(rng.randint(300, 800)) / 10
        targets = [
            kp.Target(year, value=min(Decimal(100), start + 5 * i))
            for i, year in enumerate(years[1:], 1)
        ]
        reached = min(Decimal(100), start + Decimal(rng.randint(-30, 80)) / 10)
    elif kind == "cumulative":
        unit, accumulation = rng.choice(_TOTALS), kp.Accumulation.CUMULATIVE
        name = f"電子化した手続数{number}（累計）"
        start = Decimal(rng.randint(1, 5000))
        step = Decimal(rng.randint(1, 1000))
        targets = [kp.Target(year, value=start + step * i) for i, year in enumerate(years[1:], 1)]
        reached = start + step + rng.randint(-int(step), int(step))
    else:
        unit, accumulation, name = (
            rng.choice(_COUNTS),
            kp.Accumulation.ANNUAL,
            f"活用事業数{number}",
        )
        start = Decimal(rng.randint(1, 500))
        targets = [kp.Target(year, value=start + i) for i, year in enumerate(years[1:], 1)]
        reached = start + rng.randint(-5, 10)
    if rng.random() < 0.05:
        last = targets[-1]
        targets[-1] = kp.Target(last.year, value=last.value, note="４手続で全体の100%")
    first = kp.Actual(years[0], value=start)
    if rng.random() < 0.3:
        # Confirmed in August after an estimate as of March: the estimate is history.
        estimate = kp.ActualState(
            status=kp.ActualStatus.ESTIMATE, value=start + 1, as_of=_ESTIMATED
        )
        first = kp.Actual(years[0], value=start, recorded=_CONFIRMED, history=[estimate])
    revisions = []
    if rng.random() < 0.1:
        revised = [kp.Target(t.year, value=t.value + 1) for t in targets[2:]]
        revisions.append(kp.Revision(_REVISED, "中間評価により上方修正", "中間見直し", revised))
    series = []
    if rng.random() < 0.1:
        series = [
            kp.Series(
                name,
                baseline=kp.Baseline(years[0], value=start),
                targets=targets,
                actuals=[kp.Actual(years[0], value=start + offset)],
            )
            for offset, name in enumerate(("男性", "女性"))
        ]
    second = (
        kp.Actual(years[1], kp.ActualStatus.IN_PROGRESS, text="作成中")
        if rng.random() < 0.1
        else kp.Actual(
            years[1],
            kp.ActualStatus.ESTIMATE,
            max(Decimal(0), reached),
            as_of=_AS_OF,
            note="令和３年度全体 ３３件" if rng.random() < 0.05 else None,
        )
    )
    return kp.Indicator(
        id=indicator_id,
        code=code,
        name=name,
        divisions=[rng.choice(_DIVISIONS)],
        unit=unit,
        accumulation=accumulation,
        baseline=kp.Baseline(years[0]),
        targets=targets,
        actuals=[first, second, kp.Actual(years[2], kp.ActualStatus.NOT_REPORTED)],
        series=series,
        revisions=revisions,
    )


def _qualitative(rng: random.Random, indicator_id: str, code: str, number: int) -> kp.Indicator:
    years = _years()
    if rng.random() < 0.5:
        targets = [
            kp.Target(years[1], stage="運用"),
            kp.Target(years[2], statement=rng.choice(_STATEMENTS), through=years[-1]),
        ]
    else:
        targets = [
            kp.Target(year, stage=stage)
            for year, stage in zip(years[1:], kp.DEFAULT_STAGE_LADDER, strict=True)
        ]
    return kp.Indicator(
        id=indicator_id,
        code=code,
        name=f"テレワーク利用環境の充実{number}",
        divisions=[rng.choice(_DIVISIONS), rng.choice(_DIVISIONS)],
        targets=targets,
        actuals=[
            kp.Actual(years[1], kp.ActualStatus.ESTIMATE, stage="運用", text="運用", as_of=_AS_OF),
        ],
    )


def _indicator(rng: random.Random, indicator_id: str, code: str, number: int) -> kp.Indicator:
    draw = rng.random()
    if draw < 0.35:
        return _quantitative(rng, indicator_id, code, "annual", number)
    if draw < 0.65:
        return _quantitative(rng, indicator_id, code, "cumulative", number)
    if draw < 0.80:
        return _quantitative(rng, indicator_id, code, "level", number)
    return _qualitative(rng, indicator_id, code, number)


def synthetic_plan(n_indicators: int, seed: int = 0) -> kp.Plan:
    """A valid plan of ``n_indicators`` indicators (one KGI, KPIs in CSFs of ten).

    Args:
        n_indicators: How many indicators in all, at least 1.
        seed: Seed of the random mix; the same seed gives the same plan.

    Returns:
        The plan.
    """
    rng = random.Random(seed)
    kgi = _quantitative(rng, "KGI", "KGI", "level", 0)
    csfs: list[kp.Csf] = []
    remaining = n_indicators - 1
    number = 1
    while remaining > 0:
        size = min(_PER_CSF, remaining)
        code = f"CSF-{len(csfs) + 1}"
        kpis = [
            _indicator(rng, f"{code}/KPI-{k}", f"KPI-{k}", number + k) for k in range(1, size + 1)
        ]
        measure = kp.Measure(
            id=f"{code}/M-1",
            title=f"デジタル化の推進{len(csfs) + 1}",
            description="最新デジタル技術の活用や継続的なBPRにより、業務の効率化と質の向上を図る。",
            deadline=kp.FiscalYear(_LAST),
            indicators=[kpi.id for kpi in kpis[:2]],
        )
        csfs.append(
            kp.Csf(
                code, f"行政運営のデジタル化{len(csfs) + 1}", measures=[measure], indicators=kpis
            )
        )
        remaining -= size
        number += size
    budgets = []
    for year in _years():
        lines = [
            kp.BudgetLine(
                f"{csf.title}事業",
                Decimal(rng.randint(1000, 200000)),
                links=[csf.indicators[0].id],
            )
            for csf in csfs
        ]
        status = kp.BudgetStatus.SETTLED if year.year < 2022 else kp.BudgetStatus.ENACTED
        budgets.append(
            kp.Budget(
                year, sum((line.amount for line in lines), Decimal(0)), status=status, lines=lines
            )
        )
    return kp.Plan(
        title=f"合成プラン（{n_indicators:,}指標）",
        organization="徳島県",
        period=kp.PlanPeriod(kp.FiscalYear(_FIRST), kp.FiscalYear(_LAST)),
        actuals_as_of=_AS_OF,
        kgis=[kgi],
        csfs=csfs,
        budgets=budgets,
        footnotes=["※実績値はR4.3.31見込み"],
        grading=kp.GradingChoice(preset="aichi", csfs={"CSF-1": {"tolerance": 1}}),
    )


def synthetic_json(n_indicators: int, seed: int = 0) -> str:
    """The canonical JSON of :func:`synthetic_plan` (what ``kpiplan.load`` reads).

    Args:
        n_indicators: How many indicators in all.
        seed: Seed of the random mix.

    Returns:
        The JSON text.
    """
    return kp.dumps(synthetic_plan(n_indicators, seed))
