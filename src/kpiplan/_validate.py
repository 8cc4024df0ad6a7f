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
    indicator_ids = [indicator.id for _, indicator in plan.indicators()]
    measure_ids_written = [measure.id for _, measure in plan.measures()]
    ids = set(indicator_ids)
    measure_ids = set(measure_ids_written)
    for indicator_id, count in _repeated(indicator_ids):
        yield Problem("", f"indicator id {indicator_id!r} is used {count} times; ids are unique")
    for measure_id, count in _repeated(measure_ids_written):
        yield Problem("", f"measure id {measure_id!r} is used {count} times; ids are unique")
    clash = ids & measure_ids
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

    yield from _check_budgets(plan, units, ids | measure_ids)

    for index, activity in enumerate(plan.activities):
        apath = f"activities[{index}]"
        if activity.year not in plan.period:
            yield _outside(f"{apath}.year", activity.year, plan)
        for dindex, detail in enumerate(activity.details):
            for oindex, observation in enumerate(detail.observations):
                yield from _check_observation(
                    units, observation, f"{apath}.details[{dindex}].observations[{oindex}]"
                )


def _repeated(keys: Iterable[str]) -> list[tuple[str, int]]:
    """Each key given more than once, with its count, in the order keys first appear."""
    written = list(keys)
    if len(set(written)) == len(written):
        return []
    return [(key, count) for key, count in Counter(written).items() if count > 1]


def _duplicates(path: str, keys: Iterable[str], what: str) -> list[Problem]:
    return [
        Problem(path, f"{what} {key!r} is used {count} times") for key, count in _repeated(keys)
    ]


def _outside(path: str, year: FiscalYear, plan: Plan) -> Problem:
    return Problem(path, _outside_message(year, plan))


def _outside_message(year: FiscalYear, plan: Plan) -> str:
    written = f" ({year.written})" if year.written is not None else ""
    return f"{year}{written} is outside the plan period {plan.period.first}–{plan.period.last}"


def _unit_problem(units: UnitSet, path: str, unit: str) -> Problem | None:
    try:
        units.check(unit)
    except UnitError as exc:
        return Problem(path, exc.reason)
    return None


_Span = tuple[int, int]


def _years_in_period(plan: Plan, indicator: Indicator) -> _Span:
    """The first and last year (fiscal, or calendar for a 暦年 indicator) that meet the period.

    Compared as ints with each year's ``.year``: every year here is a FiscalYear, so
    the period's own test, which coerces, is not needed.
    """
    if indicator.year_basis is YearBasis.CALENDAR:
        # Calendar year Y overlaps fiscal years Y - 1 (Jan–Mar) and Y (Apr–Dec).
        return plan.period.first.year - 1, plan.period.last.year
    return plan.period.first.year, plan.period.last.year


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

    span = _years_in_period(plan, indicator)
    yield from _check_yearly(
        plan,
        indicator,
        (indicator.targets, indicator.actuals, indicator.baseline, indicator.revisions),
        path,
        (ladder, span),
    )
    if len(indicator.series) > 1:
        yield from _duplicates(
            f"{path}.series", (series.name for series in indicator.series), "series"
        )
    for series in indicator.series:
        yield from _check_yearly(
            plan,
            indicator,
            (series.targets, series.actuals, series.baseline, series.revisions),
            f"{path}.series[{series.name}]",
            (ladder, span),
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
# What every year of one indicator is checked against: its stage ladder and its years in
# the period, worked out once per indicator rather than once per year.
_Scale = tuple[tuple[str, ...], _Span]


def _check_yearly(
    plan: Plan, indicator: Indicator, yearly: _Yearly, path: str, scale: _Scale
) -> Iterator[Problem]:
    """The targets, actuals, baseline and revisions of an indicator or of one series."""
    targets, actuals, baseline, revisions = yearly
    yield from _check_targets(plan, indicator, targets, f"{path}.targets", scale)
    first, last = scale[1]
    unit = indicator.unit
    for actual in actuals:
        if _plain_actual(actual, unit, first, last):
            continue
        # Each year's path is written only for a year with a problem: most have none.
        messages = []
        if not first <= actual.year.year <= last and not _in_baseline_year(
            actual, baseline, indicator
        ):
            messages.append(_outside_message(actual.year, plan))
        _state_messages(indicator, actual, actual.year, scale[0], messages)
        if messages or actual.history:
            apath = f"{path}.actuals[{actual.year}]"
            for message in messages:
                yield Problem(apath, message)
            yield from _check_history(indicator, actual, apath, scale[0])
    previous_decided = None
    for index, revision in enumerate(revisions):
        rpath = f"{path}.revisions[{index}]"
        yield from _check_targets(plan, indicator, revision.targets, f"{rpath}.targets", scale)
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


def _in_baseline_year(actual: Actual, baseline: Baseline | None, indicator: Indicator) -> bool:
    """Whether an actual outside the period is a baseline's own figure: in the year of the
    series' own baseline (which its baseline value is read from) or of the indicator's."""
    return any(
        found is not None and found.year == actual.year for found in (baseline, indicator.baseline)
    )


def _plain_actual(actual: Actual, unit: str | None, first: int, last: int) -> bool:
    """Whether an actual can have no problem, decided without writing one: a year in
    the period, no dates, stage or history, not an estimate, a value only with a unit.

    Then :func:`_state_messages` has nothing to say of it (issue #16: the common
    actual, checked with a few reads instead of a list of messages).
    """
    return (
        actual.as_of is None
        and actual.recorded is None
        and actual.stage is None
        and not actual.history
        and actual.status is not ActualStatus.ESTIMATE
        and (actual.value is None or unit is not None)
        and first <= actual.year.year <= last
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
    plan: Plan, indicator: Indicator, targets: tuple[Target, ...], path: str, scale: _Scale
) -> Iterator[Problem]:
    if not _plain_targets(indicator, targets, scale):
        yield from _check_each_target(plan, indicator, targets, path, scale)

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


def _plain_targets(indicator: Indicator, targets: tuple[Target, ...], scale: _Scale) -> bool:
    """Whether no target can have a problem of its own, decided without writing one.

    True for the common case: an indicator with a unit and a direction other than
    range, whose targets are single years inside the period, in year order, with no
    range and only stages on the ladder. Then :func:`_target_messages` has nothing
    to say of any of them and no year is covered twice (issue #16: most plans' every
    target, checked with a few reads each instead of a list of messages).
    """
    if indicator.unit is None or indicator.direction is Direction.RANGE:
        return False
    ladder, (first, last) = scale
    previous = first - 1
    for target in targets:
        year = target.year.year
        if (
            year <= previous
            or year > last
            or target.through is not None
            or target.minimum is not None
            or target.maximum is not None
            or (target.stage is not None and target.stage not in ladder)
        ):
            return False
        previous = year
    return True


def _check_each_target(
    plan: Plan, indicator: Indicator, targets: tuple[Target, ...], path: str, scale: _Scale
) -> Iterator[Problem]:
    """Each target's own problems and the years two targets cover, in order."""
    covered: dict[int, FiscalYear] = {}
    for target in targets:
        messages = _target_messages(plan, indicator, target, scale)
        first = target.year.year
        last = target.through.year if target.through is not None else first
        for year in range(first, last + 1):
            if year in covered:
                messages.append(
                    f"{FiscalYear(year)} already has the target given for {covered[year]}"
                )
            else:
                covered[year] = target.year
        if messages:
            tpath = f"{path}[{target.year}]"
            for message in messages:
                yield Problem(tpath, message)


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


def _target_messages(plan: Plan, indicator: Indicator, target: Target, scale: _Scale) -> list[str]:
    """What is wrong with one target on its own, as messages (most targets: none)."""
    ladder, (first, last) = scale
    messages = []
    if not first <= target.year.year <= last:
        messages.append(_outside_message(target.year, plan))
    elif target.through is not None and not first <= target.through.year <= last:
        messages.append(_outside_message(target.through, plan))
    if indicator.unit is None and target.is_numeric:
        messages.append("a numeric target needs the indicator's unit; set `unit`")
    if indicator.direction is Direction.RANGE:
        if target.value is not None:
            messages.append("direction is range: give minimum and maximum instead of value")
    elif target.minimum is not None or target.maximum is not None:
        messages.append(
            f"minimum/maximum make a range target, but direction is {indicator.direction.value}"
        )
    if target.trend is not None and indicator.direction is Direction.RANGE:
        messages.append("a direction-only (trend) target does not fit direction range")
    if target.stage is not None and target.stage not in ladder:
        messages.append(f"stage {target.stage!r} is not on the ladder {' → '.join(ladder)}")
    return messages


def _state_messages(
    indicator: Indicator,
    actual: Actual | ActualState,
    year: FiscalYear,
    ladder: tuple[str, ...],
    messages: list[str],
) -> None:
    """Add to ``messages`` what breaks the rules an actual and each earlier state keep."""
    as_of = actual.as_of
    if as_of is None:
        if actual.status is ActualStatus.ESTIMATE:
            messages.append("an estimate (見込み) needs the date it was made: set as_of")
    else:
        if actual.status is not ActualStatus.ESTIMATE:
            hint = (
                "; a preliminary figure (速報値) has no date of its own"
                if actual.status is ActualStatus.PRELIMINARY
                else ""
            )
            messages.append(
                f"as_of is for estimates, but the status is {actual.status.value}{hint}"
            )
        if as_of < year.start:
            messages.append(
                f"an estimate for {year} cannot be made on {as_of}, "
                f"before the year began ({year.start})"
            )
    if actual.recorded is not None and actual.recorded < year.start:
        messages.append(
            f"an actual for {year} cannot be recorded on {actual.recorded}, "
            f"before the year began ({year.start})"
        )
    if actual.value is not None and indicator.unit is None:
        messages.append("a numeric actual needs the indicator's unit; set `unit`")
    if actual.stage is not None and actual.stage not in ladder:
        messages.append(f"stage {actual.stage!r} is not on the ladder {' → '.join(ladder)}")


def _check_history(
    indicator: Indicator, actual: Actual, path: str, ladder: tuple[str, ...]
) -> Iterator[Problem]:
    """Dated earlier states are oldest first, none after the actual's own date."""
    previous: date | None = None
    for index, state in enumerate(actual.history):
        spath = f"{path}.history[{index}]"
        messages: list[str] = []
        _state_messages(indicator, state, actual.year, ladder, messages)
        for message in messages:
            yield Problem(spath, message)
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
