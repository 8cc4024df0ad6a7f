"""Rules that look across a plan: every problem is found in one pass and reported at once.

Each object checks itself when it is built (see ``_model``); what needs the rest of the
plan is checked here: ids and links, years inside the plan period, units known and of
one kind, stages on the ladder, cumulative targets that never fall, budget lines that
add up, estimates with their as-of date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from kpiplan._errors import Problem, UnitError, ValidationError
from kpiplan._fiscal import FiscalYear
from kpiplan._model import (
    Accumulation,
    Actual,
    ActualState,
    ActualStatus,
    AmountBasis,
    Baseline,
    BudgetLine,
    Direction,
    Indicator,
    Observation,
    Plan,
    Revision,
    Target,
    YearBasis,
)

if TYPE_CHECKING:
    from kpiplan._units import UnitSet

__all__ = ["check", "validate"]


def validate(plan: Plan) -> None:
    """Check a whole plan.

    Args:
        plan: The plan.

    Raises:
        ValidationError: One or more rules are broken; ``.problems`` lists each with
            its path, e.g. ``csfs[CSF-2].indicators[KPI-3].targets[R4]``.
    """
    problems = check(plan)
    if problems:
        raise ValidationError(problems)


def check(plan: Plan) -> list[Problem]:
    """Every problem in a plan, in document order (empty when it is valid).

    Args:
        plan: The plan.

    Returns:
        The problems found.
    """
    return list(_check_plan(plan))


def _check_plan(plan: Plan) -> Iterator[Problem]:
    from kpiplan._units import declared_units

    units, unit_problems = declared_units(plan.units)
    for symbol, reason in unit_problems:
        yield Problem(f"units[{symbol}]", reason)
    yield from _duplicates("units", (definition.symbol for definition in plan.units), "unit symbol")
    ids = Counter(indicator.id for _, indicator in plan.indicators())
    measure_ids = Counter(measure.id for _, measure in plan.measures())
    for indicator_id, count in ids.items():
        if count > 1:
            yield Problem(
                "", f"indicator id {indicator_id!r} is used {count} times; ids are unique"
            )
    for measure_id, count in measure_ids.items():
        if count > 1:
            yield Problem("", f"measure id {measure_id!r} is used {count} times; ids are unique")
    clash = set(ids) & set(measure_ids)
    for name in sorted(clash):
        yield Problem("", f"{name!r} names both an indicator and a measure; ids are unique")
    yield from _duplicates("csfs", (csf.code for csf in plan.csfs), "CSF code")

    ladder = plan.stage_ladder
    if len(set(ladder)) != len(ladder):
        yield Problem("stage_ladder", f"stages repeat in {list(ladder)}")

    for kgi in plan.kgis:
        yield from _check_indicator(plan, units, kgi, f"kgis[{kgi.code}]")
    yield from _duplicates("kgis", (kgi.code for kgi in plan.kgis), "indicator code")
    for csf in plan.csfs:
        base = f"csfs[{csf.code}]"
        yield from _duplicates(
            f"{base}.indicators", (i.code for i in csf.indicators), "indicator code"
        )
        for measure in csf.measures:
            mpath = f"{base}.measures[{measure.id}]"
            if measure.deadline is not None and measure.deadline not in plan.period:
                yield _outside(f"{mpath}.deadline", measure.deadline, plan)
            for link in measure.indicators:
                if link not in ids:
                    yield Problem(
                        f"{mpath}.indicators", f"links to {link!r}, which is no indicator"
                    )
        for indicator in csf.indicators:
            yield from _check_indicator(
                plan, units, indicator, f"{base}.indicators[{indicator.code}]"
            )

    yield from _check_budgets(plan, units, set(ids) | set(measure_ids))

    for index, activity in enumerate(plan.activities):
        apath = f"activities[{index}]"
        if activity.year not in plan.period:
            yield _outside(f"{apath}.year", activity.year, plan)
        for dindex, detail in enumerate(activity.details):
            for oindex, observation in enumerate(detail.observations):
                yield from _check_observation(
                    units, observation, f"{apath}.details[{dindex}].observations[{oindex}]"
                )


def _duplicates(path: str, keys: Iterable[str], what: str) -> Iterator[Problem]:
    for key, count in Counter(keys).items():
        if count > 1:
            yield Problem(path, f"{what} {key!r} is used {count} times")


def _outside(path: str, year: FiscalYear, plan: Plan) -> Problem:
    written = f" ({year.written})" if year.written is not None else ""
    return Problem(
        path,
        f"{year}{written} is outside the plan period {plan.period.first}–{plan.period.last}",
    )


def _unit_problem(units: UnitSet, path: str, unit: str) -> Problem | None:
    try:
        units.check(unit)
    except UnitError as exc:
        return Problem(path, exc.reason)
    return None


def _in_period(plan: Plan, indicator: Indicator, year: FiscalYear) -> bool:
    """Whether ``year`` (fiscal, or calendar for a 暦年 indicator) meets the plan period."""
    if indicator.year_basis is YearBasis.CALENDAR:
        # Calendar year Y overlaps fiscal years Y - 1 (Jan–Mar) and Y (Apr–Dec).
        return plan.period.first.year - 1 <= year.year <= plan.period.last.year
    # The period's own test, without its coercion: every year here is a FiscalYear.
    return plan.period.first.year <= year.year <= plan.period.last.year


def _check_indicator(
    plan: Plan, units: UnitSet, indicator: Indicator, path: str
) -> Iterator[Problem]:
    unit_ok = indicator.unit is not None
    if indicator.unit is not None:
        problem = _unit_problem(units, f"{path}.unit", indicator.unit)
        if problem:
            unit_ok = False
            yield problem
    ladder = plan.ladder_of(indicator)
    if indicator.ladder is not None and len(set(indicator.ladder)) != len(indicator.ladder):
        yield Problem(f"{path}.ladder", f"stages repeat in {list(indicator.ladder)}")

    yield from _check_yearly(
        plan,
        indicator,
        (indicator.targets, indicator.actuals, indicator.baseline, indicator.revisions),
        path,
        ladder,
    )
    yield from _duplicates(f"{path}.series", (series.name for series in indicator.series), "series")
    for series in indicator.series:
        yield from _check_yearly(
            plan,
            indicator,
            (series.targets, series.actuals, series.baseline, series.revisions),
            f"{path}.series[{series.name}]",
            ladder,
        )
    if indicator.goal is not None:
        if indicator.goal.year not in plan.period:
            yield _outside(f"{path}.goal.year", indicator.goal.year, plan)
        if indicator.goal.value is not None and indicator.unit is None:
            yield Problem(f"{path}.goal", "a numeric goal needs the indicator's unit; set `unit`")

    for index, observation in enumerate(indicator.observations):
        opath = f"{path}.observations[{index}]"
        yield from _check_observation(units, observation, opath)
        if unit_ok and indicator.unit is not None:
            yield from _same_kind(units, opath, observation.unit, indicator.unit)


_Yearly = tuple[tuple[Target, ...], tuple[Actual, ...], Baseline | None, tuple[Revision, ...]]


def _check_yearly(
    plan: Plan, indicator: Indicator, yearly: _Yearly, path: str, ladder: tuple[str, ...]
) -> Iterator[Problem]:
    """The targets, actuals, baseline and revisions of an indicator or of one series."""
    targets, actuals, baseline, revisions = yearly
    yield from _check_targets(plan, indicator, targets, f"{path}.targets", ladder)
    for actual in actuals:
        yield from _check_actual(plan, indicator, actual, f"{path}.actuals[{actual.year}]", ladder)
    previous_decided = None
    for index, revision in enumerate(revisions):
        rpath = f"{path}.revisions[{index}]"
        yield from _check_targets(plan, indicator, revision.targets, f"{rpath}.targets", ladder)
        decided = _decided_key(revision)
        if previous_decided is not None and decided < previous_decided:
            yield Problem(f"{rpath}.decided", "revisions go oldest first")
        previous_decided = decided

    if baseline is not None:
        bpath = f"{path}.baseline"
        if baseline.text is None:
            if indicator.unit is None:
                yield Problem(bpath, "a baseline needs the indicator's unit; set `unit`")
            if baseline.value is None and _actual_value(actuals, baseline.year) is None:
                yield Problem(
                    bpath,
                    f"gives no value and there is no numeric actual for {baseline.year} "
                    "to take it from",
                )


def _decided_key(revision: Revision) -> tuple[int, int, int]:
    decided = revision.decided
    day = getattr(decided, "day", 1)
    return (decided.year, decided.month, day)


def _actual_value(actuals: tuple[Actual, ...], year: FiscalYear) -> Decimal | None:
    for actual in actuals:
        if actual.year == year:
            return actual.value
    return None


def _check_targets(
    plan: Plan,
    indicator: Indicator,
    targets: tuple[Target, ...],
    path: str,
    ladder: tuple[str, ...],
) -> Iterator[Problem]:
    covered: dict[int, FiscalYear] = {}
    for target in targets:
        tpath = f"{path}[{target.year}]"
        yield from _check_target(plan, indicator, target, tpath, ladder)
        last = target.through.year if target.through is not None else target.year.year
        for year in range(target.year.year, last + 1):
            if year in covered:
                yield Problem(
                    tpath, f"{FiscalYear(year)} already has the target given for {covered[year]}"
                )
            else:
                covered[year] = target.year

    if indicator.accumulation is Accumulation.CUMULATIVE:
        previous: Target | None = None
        for target in targets:
            if target.value is None or target.projected:
                continue
            if (
                previous is not None
                and previous.value is not None
                and target.value < previous.value
            ):
                yield Problem(
                    f"{path}[{target.year}]",
                    f"a cumulative (累計) target cannot fall: {target.value} in {target.year} "
                    f"is below {previous.value} in {previous.year}",
                )
            previous = target


def _same_kind(units: UnitSet, path: str, unit: str, expected: str) -> Iterator[Problem]:
    try:
        if not units.same_kind(unit, expected):
            yield Problem(path, f"a {unit} value does not fit an indicator counted in {expected}")
    except UnitError:
        return


def _check_observation(units: UnitSet, observation: Observation, path: str) -> Iterator[Problem]:
    problem = _unit_problem(units, f"{path}.unit", observation.unit)
    if problem:
        yield problem


def _check_target(
    plan: Plan, indicator: Indicator, target: Target, path: str, ladder: tuple[str, ...]
) -> Iterator[Problem]:
    last = target.through or target.year
    if not _in_period(plan, indicator, target.year):
        yield _outside(path, target.year, plan)
    elif not _in_period(plan, indicator, last):
        yield _outside(path, last, plan)
    if target.is_numeric and indicator.unit is None:
        yield Problem(path, "a numeric target needs the indicator's unit; set `unit`")
    if target.value is not None and indicator.direction is Direction.RANGE:
        yield Problem(path, "direction is range: give minimum and maximum instead of value")
    if (target.minimum is not None or target.maximum is not None) and (
        indicator.direction is not Direction.RANGE
    ):
        yield Problem(
            path,
            f"minimum/maximum make a range target, but direction is {indicator.direction.value}",
        )
    if target.trend is not None and indicator.direction is Direction.RANGE:
        yield Problem(path, "a direction-only (trend) target does not fit direction range")
    if target.stage is not None and target.stage not in ladder:
        yield Problem(path, f"stage {target.stage!r} is not on the ladder {' → '.join(ladder)}")


def _check_actual(
    plan: Plan, indicator: Indicator, actual: Actual, path: str, ladder: tuple[str, ...]
) -> Iterator[Problem]:
    baseline_year = indicator.baseline.year if indicator.baseline else None
    if not _in_period(plan, indicator, actual.year) and actual.year != baseline_year:
        yield _outside(path, actual.year, plan)
    yield from _check_state(indicator, actual, actual.year, path, ladder)
    yield from _check_history(indicator, actual, path, ladder)


def _check_state(
    indicator: Indicator,
    actual: Actual | ActualState,
    year: FiscalYear,
    path: str,
    ladder: tuple[str, ...],
) -> Iterator[Problem]:
    """The rules an actual and each of its earlier states keep."""
    if actual.status is ActualStatus.ESTIMATE and actual.as_of is None:
        yield Problem(path, "an estimate (見込み) needs the date it was made: set as_of")
    if actual.as_of is not None and actual.status is not ActualStatus.ESTIMATE:
        hint = (
            "; a preliminary figure (速報値) has no date of its own"
            if actual.status is ActualStatus.PRELIMINARY
            else ""
        )
        yield Problem(
            path, f"as_of is for estimates, but the status is {actual.status.value}{hint}"
        )
    if actual.as_of is not None and actual.as_of < year.start:
        yield Problem(
            path,
            f"an estimate for {year} cannot be made on {actual.as_of}, "
            f"before the year began ({year.start})",
        )
    if actual.recorded is not None and actual.recorded < year.start:
        yield Problem(
            path,
            f"an actual for {year} cannot be recorded on {actual.recorded}, "
            f"before the year began ({year.start})",
        )
    if actual.value is not None and indicator.unit is None:
        yield Problem(path, "a numeric actual needs the indicator's unit; set `unit`")
    if actual.stage is not None and actual.stage not in ladder:
        yield Problem(path, f"stage {actual.stage!r} is not on the ladder {' → '.join(ladder)}")


def _check_history(
    indicator: Indicator, actual: Actual, path: str, ladder: tuple[str, ...]
) -> Iterator[Problem]:
    """Dated earlier states are oldest first, none after the actual's own date."""
    previous: date | None = None
    for index, state in enumerate(actual.history):
        spath = f"{path}.history[{index}]"
        yield from _check_state(indicator, state, actual.year, spath, ladder)
        when = state.known_since
        if when is None:
            # Like an undated actual, an undated state counts as known from the start.
            continue
        if previous is not None and when < previous:
            yield Problem(
                spath,
                f"recorded {when}, before the state above it ({previous}); "
                "history is listed oldest first",
            )
        previous = when if previous is None else max(previous, when)
    current = actual.recorded if actual.recorded is not None else actual.as_of
    if previous is not None and current is not None and current < previous:
        yield Problem(
            path,
            f"recorded {current}, before its last earlier state ({previous}); "
            "the actual itself is the latest state",
        )


def _check_budgets(plan: Plan, units: UnitSet, known_ids: set[str]) -> Iterator[Problem]:
    yield from _duplicates("budgets", (str(budget.year) for budget in plan.budgets), "year")
    for budget in plan.budgets:
        path = f"budgets[{budget.year}]"
        if budget.year not in plan.period:
            yield _outside(f"{path}.year", budget.year, plan)
        try:
            money = units.is_money(budget.unit)
        except UnitError as exc:
            yield Problem(f"{path}.unit", exc.reason)
        else:
            if not money:
                yield Problem(
                    f"{path}.unit", f"{budget.unit} is not money; use 円, 千円, 百万円 or 億円"
                )
        difference = budget.lines_total - budget.total
        if budget.lines and difference != 0:
            side = "more" if difference > 0 else "less"
            yield Problem(
                f"{path}.total",
                f"the lines add up to {_grouped(budget.lines_total)}{budget.unit}, "
                f"{_grouped(abs(difference))}{budget.unit} {side} than the stated total "
                f"{_grouped(budget.total)}{budget.unit}",
            )
        yield from _duplicates(f"{path}.lines", (line.name for line in budget.lines), "line")
        for line in budget.lines:
            yield from _check_amount_basis(budget.amount_basis, line, f"{path}.lines[{line.name}]")
            for link in line.links:
                if link not in known_ids:
                    yield Problem(
                        f"{path}.lines[{line.name}].links",
                        f"links to {link!r}, which is no indicator or measure",
                    )


def _check_amount_basis(
    basis: AmountBasis | None, line: BudgetLine, path: str
) -> Iterator[Problem]:
    """A line's amount is the execution figure its budget's ``amount_basis`` names."""
    if basis is None or line.execution is None:
        return
    if basis is AmountBasis.INITIAL:
        expected, name = line.execution.initial, "当初予算 (execution.initial)"
    else:
        expected, name = line.execution.current, "予算現額 (execution.current)"
    if line.amount != expected:
        yield Problem(
            f"{path}.amount",
            f"amount_basis is {basis.value}, so the amount {_grouped(line.amount)} must equal "
            f"the {name}, {_grouped(expected)}",
        )


def _grouped(value: Decimal) -> str:
    return f"{value:,}"
