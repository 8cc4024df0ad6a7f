"""A short text outline of a plan, as ``kpiplan check`` prints it."""

from __future__ import annotations

from kpiplan._model import ActualStatus, Indicator, Plan

__all__ = ["outline"]


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _indicator_line(plan: Plan, indicator: Indicator) -> str:
    if indicator.unit is not None:
        kind = f"{indicator.unit}, {indicator.direction.value}, {indicator.accumulation.value}"
        if any(t.statement is not None or t.stage is not None for t in indicator.targets):
            kind += " + qualitative"
    else:
        kind = "qualitative"
    statuses = [actual.status for actual in indicator.actuals]
    estimates = statuses.count(ActualStatus.ESTIMATE)
    pending = statuses.count(ActualStatus.IN_PROGRESS)
    notes = []
    if estimates:
        notes.append(f"{estimates} 見込み")
    if pending:
        notes.append(f"{pending} 作成中")
    extra = f" ({', '.join(notes)})" if notes else ""
    return (
        f"{indicator.code} {indicator.name} [{kind}] "
        f"targets {len(indicator.targets)}, actuals {len(indicator.actuals)}{extra}; "
        f"担当課 {'・'.join(indicator.divisions)}"
    )


def outline(plan: Plan) -> str:
    """Describe a plan in a few lines: period, KGIs, CSFs with their KPIs, budgets.

    Args:
        plan: The plan.

    Returns:
        The outline, one item per line, without a final newline.
    """
    first, last = plan.period.first, plan.period.last
    lines = [
        f"{plan.title} ({plan.organization})",
        f"period {first}–{last} ({first.japanese()}–{last.japanese()})",
    ]
    if plan.actuals_as_of is not None:
        lines.append(f"actuals as of {plan.actuals_as_of.isoformat()}")
    if plan.positioning is not None:
        p = plan.positioning
        lines.append(f"positioning: {p.society} → {p.goal} → {p.strategy}")
    for kgi in plan.kgis:
        lines.append(_indicator_line(plan, kgi))
    for csf in plan.csfs:
        lines.append(
            f"{csf.code} {csf.title}: {_count(len(csf.measures), 'measure')}, "
            f"{_count(len(csf.indicators), 'indicator')}"
        )
        lines.extend(f"  {_indicator_line(plan, indicator)}" for indicator in csf.indicators)
    for budget in plan.budgets:
        lines.append(
            f"budget {budget.year}: {budget.total:,}{budget.unit} ({budget.status.value}), "
            f"{len(budget.lines)} lines"
        )
    lines.append(
        f"{_count(len(plan.activities), 'activity', 'activities')}, "
        f"{_count(len(plan.issues), 'issue')}, "
        f"{_count(len(plan.categories), 'category flag')}, "
        f"{_count(len(plan.footnotes), 'footnote')}"
    )
    return "\n".join(lines)
