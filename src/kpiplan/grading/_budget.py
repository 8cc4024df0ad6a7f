"""Budget metrics: totals and changes, shares, execution and cost per unit of output.

A requested budget (要求中) is not a decided one: every year keeps its status, and a
change between a requested and an enacted year says so. Execution figures follow the
settlement terms (決算): 予算現額 = 当初 + 補正 + 繰越 + 流用等, 執行率 = 支出済額 ÷
予算現額, 不用額 = 予算現額 − 支出済額 − 翌年度繰越額.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from kpiplan._errors import KpiplanError, NotFoundError
from kpiplan._fiscal import FiscalYear, YearLike
from kpiplan._model import Accumulation, BudgetStatus, Indicator, Measure, Plan
from kpiplan.grading._numbers import fmt, fmt_rate, percent, round_to
from kpiplan.vocabulary import label

__all__ = [
    "BudgetLineMetrics",
    "BudgetMetrics",
    "BudgetYearMetrics",
    "CostPerUnit",
    "budget_metrics",
]


@attrs.frozen
class CostPerUnit:
    """What a budget line cost per unit of a linked indicator's output in its year."""

    indicator_id: str
    """The linked indicator."""
    output: Decimal | None
    """The output: the year's actual for an annual indicator, the increase over
    the year before for a cumulative or level one; None when unknown."""
    output_unit: str
    """The indicator's unit, e.g. 件."""
    amount: Decimal
    """What the line cost: spent (支出済額) when executed, else its amount."""
    amount_unit: str
    """The budget's money unit, e.g. 千円."""
    cost: Decimal | None
    """``amount / output`` (exact), or None when the output is unknown or not > 0."""
    cost_rounded: Decimal | None
    """``cost`` rounded half-up to 0.01, as published."""
    provisional: bool
    """True when the output comes from an estimate (見込み)."""
    explanation_ja: str
    """How it was computed, in Japanese."""
    explanation_en: str
    """How it was computed, in English."""

    @property
    def unit_label(self) -> str:
        """The cost's unit, e.g. 千円/件."""
        return f"{self.amount_unit}/{self.output_unit}"


@attrs.frozen
class BudgetLineMetrics:
    """One line of a year's budget with its share, execution and costs per unit.

    It unpacks as ``(name, amount, share)`` for quick tables.
    """

    name: str
    """The project's name (事業名)."""
    amount: Decimal
    """Its amount, in the budget's unit."""
    share: Decimal | None
    """Its share of the year's total, in percent (exact); None when the total is 0."""
    share_rounded: Decimal | None
    """``share`` rounded half-up to 0.1 point."""
    links: tuple[str, ...] = ()
    """The indicators and measures it serves."""
    current: Decimal | None = None
    """予算現額 (current budget) when execution data exist."""
    spent: Decimal | None = None
    """支出済額 when execution data exist."""
    execution_rate: Decimal | None = None
    """執行率: spent ÷ current × 100 (exact); None without execution data or a 0 budget."""
    execution_rate_rounded: Decimal | None = None
    """``execution_rate`` rounded half-up to 0.1 point."""
    unused: Decimal | None = None
    """不用額: current − spent − carried forward."""
    costs: tuple[CostPerUnit, ...] = ()
    """Cost per unit of each linked quantitative indicator's output."""

    def __iter__(self) -> Iterator[object]:
        return iter((self.name, self.amount, self.share))


@attrs.frozen
class BudgetYearMetrics:
    """A fiscal year's budget: total, change from the year before, lines."""

    year: FiscalYear
    """The fiscal year."""
    total: Decimal
    """The stated total."""
    unit: str
    """The money unit (千円 …)."""
    status: BudgetStatus
    """Requested (要求中), proposed, enacted or settled."""
    basis: str | None
    """What the total includes, as stated."""
    previous_total: Decimal | None
    """The year before's total in this year's unit, when the plan has it."""
    change: Decimal | None
    """Change from the year before, in percent (exact): (total ÷ previous − 1) × 100."""
    change_rounded: Decimal | None
    """``change`` rounded half-up to 0.1 point, e.g. 121.5."""
    lines: tuple[BudgetLineMetrics, ...]
    """The lines, in plan order."""
    explanation_ja: str
    """The change in words, with the statuses compared, in Japanese."""
    explanation_en: str
    """The same in English."""

    @property
    def requested(self) -> bool:
        """True for a budget still requested (要求中), not decided."""
        return self.status is BudgetStatus.REQUESTED

    @property
    def status_ja(self) -> str:
        """The status in Japanese: 要求中, 予算案, 成立, 決算."""
        return label(self.status)


@attrs.frozen
class BudgetMetrics:
    """The plan's budgets, year by year."""

    years: tuple[BudgetYearMetrics, ...]
    """One entry per budget of the plan, in year order."""

    def year(self, fiscal_year: YearLike) -> BudgetYearMetrics:
        """The budget metrics of one fiscal year.

        Args:
            fiscal_year: The year: ``FiscalYear(2022)``, ``"R4"``, ``"令和4年度"`` or ``2022``.

        Returns:
            Its metrics.

        Raises:
            FiscalYearError: ``fiscal_year`` names no fiscal year.
            NotFoundError: The plan has no budget for that year (a KeyError; the
                message lists the years it has).
        """
        wanted = FiscalYear.coerce(fiscal_year)
        for entry in self.years:
            if entry.year == wanted:
                return entry
        raise NotFoundError(
            "budget for the year", str(wanted), [str(entry.year) for entry in self.years]
        )

    @property
    def decided(self) -> tuple[BudgetYearMetrics, ...]:
        """Years whose budget is enacted or settled (not requested or proposed)."""
        return tuple(
            y for y in self.years if y.status in (BudgetStatus.ENACTED, BudgetStatus.SETTLED)
        )

    @property
    def requested(self) -> tuple[BudgetYearMetrics, ...]:
        """Years whose budget is still requested (要求中)."""
        return tuple(y for y in self.years if y.requested)


def _output(
    indicator: Indicator, year: FiscalYear, as_of: FiscalYear
) -> tuple[Decimal | None, bool, str, str]:
    """The indicator's output in ``year``: (value, provisional, how in ja, how in en)."""
    actual = indicator.actual_for(year) if year <= as_of else None
    if actual is None or actual.value is None:
        return None, False, f"{year}の数値の実績がない", f"no actual number for {year}"
    if indicator.accumulation is Accumulation.ANNUAL:
        return actual.value, actual.is_estimate, f"{year}の実績", f"the {year} actual"
    before = indicator.actual_for(year - 1)
    previous = before.value if before is not None else None
    if previous is None and indicator.baseline is not None and indicator.baseline.year == year - 1:
        previous = indicator.baseline_value()
    if previous is None:
        return (
            None,
            False,
            f"{year - 1}の値がなく増加分を求められない",
            f"no value for {year - 1}: no increase",
        )
    return (
        actual.value - previous,
        actual.is_estimate,
        f"{year}の増加分 {fmt(actual.value)} − {fmt(previous)}",
        f"the increase in {year}, {fmt(actual.value)} − {fmt(previous)}",
    )


class _Index:
    """Indicators and measures by id, built once: budget lines look them up often."""

    def __init__(self, plan: Plan) -> None:
        self.indicators: dict[str, Indicator] = {i.id: i for _, i in plan.indicators()}
        self.measures: dict[str, Measure] = {m.id: m for _, m in plan.measures()}


def _costs(
    index: _Index,
    links: tuple[str, ...],
    amount: Decimal,
    unit: str,
    year: FiscalYear,
    as_of: FiscalYear,
    spent: bool,
) -> tuple[CostPerUnit, ...]:
    measures = index.measures
    ids: list[str] = []
    for link in links:
        targets = measures[link].indicators if link in measures else (link,)
        ids.extend(i for i in targets if i not in ids)
    found: list[CostPerUnit] = []
    what_ja = "支出済額" if spent else "予算額"
    what_en = "spent" if spent else "budget"
    for indicator_id in ids:
        indicator = index.indicators.get(indicator_id)
        if indicator is None:
            continue
        if indicator.unit is None:
            continue
        output, provisional, how_ja, how_en = _output(indicator, year, as_of)
        money = f"{fmt(amount)}{unit}"
        if output is None or output <= 0:
            reason_ja = how_ja if output is None else f"{how_ja} = {fmt(output)} が正でない"
            reason_en = how_en if output is None else f"{how_en} = {fmt(output)} is not positive"
            found.append(
                CostPerUnit(
                    indicator_id,
                    output,
                    indicator.unit,
                    amount,
                    unit,
                    None,
                    None,
                    provisional,
                    f"{indicator_id}: {reason_ja}ため単価なし",
                    f"{indicator_id}: {reason_en}; no cost per unit",
                )
            )
            continue
        cost = amount / output
        rounded = round_to(cost, Decimal("0.01"))
        found.append(
            CostPerUnit(
                indicator_id,
                output,
                indicator.unit,
                amount,
                unit,
                cost,
                rounded,
                provisional,
                f"{indicator_id}: {what_ja} {money} ÷ {how_ja} = {fmt(output)}{indicator.unit}"
                f" = {fmt(rounded)}{unit}/{indicator.unit}" + ("（見込み）" if provisional else ""),
                f"{indicator_id}: {what_en} {money} / {how_en} = {fmt(output)}{indicator.unit}"
                f" = {fmt(rounded)} {unit}/{indicator.unit}"
                + (" (estimate)" if provisional else ""),
            )
        )
    return tuple(found)


def _convert_total(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    if from_unit == to_unit:
        return value
    from kpiplan._units import convert

    try:
        return convert(value, from_unit, to_unit)
    except KpiplanError:
        return None


def budget_metrics(plan: Plan, as_of: FiscalYear) -> BudgetMetrics:
    """Compute the budget metrics of a plan.

    Args:
        plan: The plan.
        as_of: The evaluation year; outputs after it are unknown.

    Returns:
        The metrics, one entry per budget, in year order.
    """
    by_year = {b.year: b for b in plan.budgets}
    index = _Index(plan)
    years: list[BudgetYearMetrics] = []
    for budget in sorted(plan.budgets, key=lambda b: b.year):
        lines: list[BudgetLineMetrics] = []
        for line in budget.lines:
            share = percent(line.amount, budget.total) if budget.total else None
            execution = line.execution
            current = spent = rate = rate_rounded = unused = None
            if execution is not None:
                current, spent, unused = execution.current, execution.spent, execution.unused
                if current > 0:
                    rate = percent(spent, current)
                    rate_rounded = round_to(rate)
            cost_base = spent if spent is not None else line.amount
            lines.append(
                BudgetLineMetrics(
                    name=line.name,
                    amount=line.amount,
                    share=share,
                    share_rounded=round_to(share) if share is not None else None,
                    links=line.links,
                    current=current,
                    spent=spent,
                    execution_rate=rate,
                    execution_rate_rounded=rate_rounded,
                    unused=unused,
                    costs=_costs(
                        index,
                        line.links,
                        cost_base,
                        budget.unit,
                        budget.year,
                        as_of,
                        spent is not None,
                    ),
                )
            )
        before = by_year.get(budget.year - 1)
        previous = change = change_rounded = None
        status_ja = label(budget.status)
        total_text = f"{fmt(budget.total)}{budget.unit}"
        if before is None:
            ja = f"{budget.year}予算 {total_text}（{status_ja}）。前年度の予算なし"
            en = (
                f"{budget.year} budget {total_text} ({budget.status.value}); "
                "no budget the year before"
            )
        else:
            previous = _convert_total(before.total, before.unit, budget.unit)
            if previous is None or previous == 0:
                ja = f"{budget.year}予算 {total_text}（{status_ja}）。前年度と比較できない"
                en = (
                    f"{budget.year} budget {total_text} ({budget.status.value}); "
                    "cannot be compared with the year before"
                )
            else:
                change = percent(budget.total - previous, previous)
                change_rounded = round_to(change)
                sign = "+" if change_rounded > 0 else ""
                before_ja = label(before.status)
                ja = (
                    f"{budget.year}予算 {total_text}（{status_ja}）は{before.year}予算 "
                    f"{fmt(previous)}{budget.unit}（{before_ja}）に対し "
                    f"({fmt(budget.total)} − {fmt(previous)}) ÷ {fmt(previous)} × 100 = "
                    f"{sign}{fmt_rate(change_rounded)}%"
                )
                en = (
                    f"{budget.year} budget {total_text} ({budget.status.value}) against "
                    f"{before.year} {fmt(previous)}{budget.unit} ({before.status.value}): "
                    f"({fmt(budget.total)} − {fmt(previous)}) / {fmt(previous)} × 100 = "
                    f"{sign}{fmt_rate(change_rounded)}%"
                )
                if budget.status is not before.status:
                    ja += f"。{status_ja}と{before_ja}の比較に注意"
                    en += f"; note: {budget.status.value} compared with {before.status.value}"
        years.append(
            BudgetYearMetrics(
                year=budget.year,
                total=budget.total,
                unit=budget.unit,
                status=budget.status,
                basis=budget.basis,
                previous_total=previous,
                change=change,
                change_rounded=change_rounded,
                lines=tuple(lines),
                explanation_ja=ja,
                explanation_en=en,
            )
        )
    return BudgetMetrics(tuple(years))
