"""What changed between two versions of a plan: ``kpiplan.cycle.diff`` and ``kpiplan diff``.

Targets, actuals and revisions are compared per indicator and year, so that a change
says what it means (an estimate confirmed, a target revised); grades are compared by
evaluating both versions at the same year; every other difference in the plan data
is still listed, by its path, so that nothing changes unseen.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kpiplan._converter import make_converter, unstructure_plan
from kpiplan._fiscal import FiscalYear
from kpiplan._model import Actual, ActualStatus, Indicator, Plan, Series, Target
from kpiplan.vocabulary import Language, change_label, label, parse_label

if TYPE_CHECKING:
    from kpiplan.grading import Evaluation, Method

__all__ = [
    "Change",
    "ChangeKind",
    "PlanDiff",
    "diff",
    "indicator_changes",
    "indicator_paths",
    "plan_frame",
]


class ChangeKind(enum.Enum):
    """What kind of change a :class:`Change` is (words: ``kpiplan.vocabulary.change_label``)."""

    INDICATOR_ADDED = "indicator_added"
    """An indicator is new."""
    INDICATOR_REMOVED = "indicator_removed"
    """An indicator is gone."""
    TARGET_CHANGED = "target_changed"
    """A year's target as first set was changed, added or removed."""
    TARGET_REVISED = "target_revised"
    """A revision (中間見直し) was added: one change per revised target."""
    ACTUAL_ENTERED = "actual_entered"
    """A year that had no result has one."""
    ESTIMATE_CONFIRMED = "estimate_confirmed"
    """A 見込み or 速報値 became a confirmed value (確定)."""
    ACTUAL_CHANGED = "actual_changed"
    """A result was changed otherwise (its value, status, note or history)."""
    ACTUAL_REMOVED = "actual_removed"
    """A year's actual is gone."""
    GRADE_MOVED = "grade_moved"
    """An indicator's grade for a year, or a roll-up's grade, is different."""
    BUDGET_CHANGED = "budget_changed"
    """A budget, one of its lines, or their execution changed."""
    CHANGED = "changed"
    """Anything else in the plan data (a name, a division, a note), by its path."""


@attrs.frozen
class Change:
    """One difference between two versions of a plan."""

    kind: ChangeKind
    """What kind of change it is."""
    path: str
    """Where, as problems name places: ``csfs[CSF-1].indicators[KPI-2].actuals[R4]``."""
    old: Any = None
    """The old value as plain data (as the plan file writes it); None: there was none."""
    new: Any = None
    """The new value as plain data; None: there is none now."""
    indicator: str | None = None
    """The indicator's id, for changes of one indicator."""
    year: FiscalYear | None = None
    """The year changed, for targets, actuals and grades."""
    unit: str | None = attrs.field(default=None, eq=False)
    """The indicator's unit, to show values with."""

    def to_data(self) -> dict[str, Any]:
        """The change as JSON-ready data: kind, path, indicator, year, old, new."""
        return {
            "kind": self.kind.value,
            "path": self.path,
            "indicator": self.indicator,
            "year": self.year.canonical() if self.year is not None else None,
            "old": self.old,
            "new": self.new,
        }

    def describe(self, language: Language = "ja") -> tuple[str, str, str, str]:
        """The change in words: (kind, place, old, new), as the text and Markdown show it."""
        return (
            change_label(self.kind.value, language),
            self.path,
            _show(self.old, self.unit, language),
            _show(self.new, self.unit, language),
        )


@attrs.frozen
class PlanDiff:
    """Every change from one version of a plan to another, in plan order."""

    changes: tuple[Change, ...]
    """The changes; empty when the two versions are equal."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of_kind(self, *kinds: ChangeKind) -> tuple[Change, ...]:
        """The changes of these kinds, in order."""
        return tuple(change for change in self.changes if change.kind in kinds)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data: ``equal`` and the list of ``changes``."""
        return {"equal": not self.changes, "changes": [c.to_data() for c in self.changes]}

    def to_json(self) -> str:
        """:meth:`to_data` as pretty UTF-8 JSON text, ending in a newline."""
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self, language: Language = "ja") -> str:
        """One line per change (kind, place: old → new), then a count."""
        lines = [
            f"{kind}  {place}: {old} → {new}" for kind, place, old, new in self._rows(language)
        ]
        lines.append(_count(len(self.changes), language))
        return "\n".join(lines) + "\n"

    def to_markdown(self, language: Language = "ja") -> str:
        """A Markdown table of the changes (kind, place, old, new), then a count."""
        if not self.changes:
            return _count(0, language) + "\n"
        head = (
            ("種類", "場所", "変更前", "変更後")
            if language == "ja"
            else (
                "change",
                "place",
                "old",
                "new",
            )
        )
        rows = [head, ("---",) * 4, *self._rows(language)]
        table = ["| " + " | ".join(_cell(text) for text in row) + " |" for row in rows]
        return "\n".join([*table, "", _count(len(self.changes), language)]) + "\n"

    def _rows(self, language: Language) -> list[tuple[str, str, str, str]]:
        return [change.describe(language) for change in self.changes]


def diff(
    old: Plan,
    new: Plan,
    *,
    as_of: FiscalYear | str | None = None,
    method: Method | None = None,
    grades: bool = True,
) -> PlanDiff:
    """What changed from ``old`` to ``new``.

    Args:
        old: The earlier version.
        new: The later version.
        as_of: The year both are evaluated at to compare grades; None: the later of
            the two versions' own default years (the latest year with actuals).
        method: How to judge both (None: each plan's own rule, kpiplan's defaults).
        grades: Evaluate both and list the grades that moved; False skips it.

    Returns:
        The changes, in plan order: plan data and budgets, then per indicator
        (removed, added, targets, revisions, actuals), then grades.
    """
    changes: list[Change] = list(plan_frame(old, new))
    old_paths, new_paths = indicator_paths(old), indicator_paths(new)
    for ident, (path, indicator) in old_paths.items():
        if ident not in new_paths:
            changes.append(
                Change(ChangeKind.INDICATOR_REMOVED, path, _data(indicator), None, ident)
            )
    for ident, (path, indicator) in new_paths.items():
        if ident not in old_paths:
            changes.append(Change(ChangeKind.INDICATOR_ADDED, path, None, _data(indicator), ident))
            continue
        changes.extend(indicator_changes(old_paths[ident][1], indicator, path))
    if grades:
        changes.extend(_grade_changes(old, new, as_of, method, new_paths))
    return PlanDiff(tuple(changes))


def plan_frame(old: Plan, new: Plan) -> Iterator[Change]:
    """The changes outside the indicators: the plan's own data, CSFs, measures, budgets."""
    yield from _compare(_frame(old), _frame(new), "", ChangeKind.CHANGED)
    yield from _compare(
        _plain(old).get("budgets", []),
        _plain(new).get("budgets", []),
        "budgets",
        ChangeKind.BUDGET_CHANGED,
    )


def indicator_paths(plan: Plan) -> dict[str, tuple[str, Indicator]]:
    """Every indicator by id, with its path (``kgis[KGI]``, ``csfs[CSF-1].indicators[KPI-2]``).

    Args:
        plan: The plan.

    Returns:
        A dict in plan order.
    """
    found: dict[str, tuple[str, Indicator]] = {}
    for csf, indicator in plan.indicators():
        base = "kgis" if csf is None else f"csfs[{csf.code}].indicators"
        found[indicator.id] = (f"{base}[{indicator.code}]", indicator)
    return found


# -- per indicator ---------------------------------------------------------------------

_YEARLY = ("targets", "actuals", "revisions")


def indicator_changes(old: Indicator, new: Indicator, path: str) -> Iterator[Change]:
    """The changes of one indicator (found at ``path`` in the new version)."""
    old_data, new_data = _data(old), _data(new)
    for data in (old_data, new_data):
        for name in (*_YEARLY, "series"):
            data.pop(name, None)
    yield from _compare(old_data, new_data, path, ChangeKind.CHANGED, new.id)
    yield from _yearly(old, new, path, new.id, new.unit)
    old_series = {series.name: series for series in old.series}
    for series in new.series:
        before = old_series.get(series.name)
        spath = f"{path}.series[{series.name}]"
        if before is None:
            yield Change(ChangeKind.CHANGED, spath, None, _data(series), new.id)
            continue
        old_part, new_part = _data(before), _data(series)
        for data in (old_part, new_part):
            for name in _YEARLY:
                data.pop(name, None)
        yield from _compare(old_part, new_part, spath, ChangeKind.CHANGED, new.id)
        yield from _yearly(before, series, spath, new.id, new.unit)
    names = {series.name for series in new.series}
    for series in old.series:
        if series.name not in names:
            spath = f"{path}.series[{series.name}]"
            yield Change(ChangeKind.CHANGED, spath, _data(series), None, new.id)


def _yearly(
    old: Indicator | Series,
    new: Indicator | Series,
    path: str,
    ident: str,
    unit: str | None,
) -> Iterator[Change]:
    yield from _by_year(old.targets, new.targets, f"{path}.targets", ident, unit)
    yield from _revisions(old, new, path, ident, unit)
    yield from _by_year(old.actuals, new.actuals, f"{path}.actuals", ident, unit)


def _by_year(
    old: tuple[Target, ...] | tuple[Actual, ...],
    new: tuple[Target, ...] | tuple[Actual, ...],
    path: str,
    ident: str,
    unit: str | None,
) -> Iterator[Change]:
    """The years whose target (or actual) differs, each as one change."""
    before: dict[FiscalYear, Target | Actual] = {item.year: item for item in old}
    after: dict[FiscalYear, Target | Actual] = {item.year: item for item in new}
    for year in sorted(before.keys() | after.keys()):
        was, now = before.get(year), after.get(year)
        if was == now:
            continue
        if isinstance(was, Target) or isinstance(now, Target):
            kind = ChangeKind.TARGET_CHANGED
        else:
            kind = _actual_kind(was, now)
        yield Change(kind, f"{path}[{year}]", _item(was), _item(now), ident, year, unit)


def _revisions(
    old: Indicator | Series, new: Indicator | Series, path: str, ident: str, unit: str | None
) -> Iterator[Change]:
    if old.revisions == new.revisions:
        return
    kept = len(old.revisions)
    if new.revisions[:kept] != old.revisions:
        yield Change(
            ChangeKind.CHANGED,
            f"{path}.revisions",
            [_data(r) for r in old.revisions],
            [_data(r) for r in new.revisions],
            ident,
        )
        return
    for index, revision in enumerate(new.revisions[kept:], start=kept):
        for target in revision.targets:
            yield Change(
                ChangeKind.TARGET_REVISED,
                f"{path}.revisions[{index}].targets[{target.year}]",
                _item(old.target_for(target.year)),
                _item(target),
                ident,
                target.year,
                unit,
            )


def _has_result(actual: Actual | None) -> bool:
    return actual is not None and actual.status is not ActualStatus.NOT_REPORTED


def _actual_kind(was: Actual | None, now: Actual | None) -> ChangeKind:
    if now is None:
        return ChangeKind.ACTUAL_REMOVED
    if not _has_result(was):
        return ChangeKind.ACTUAL_ENTERED
    assert was is not None
    unconfirmed = (ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY, ActualStatus.IN_PROGRESS)
    if was.status in unconfirmed and now.status is ActualStatus.CONFIRMED:
        return ChangeKind.ESTIMATE_CONFIRMED
    return ChangeKind.ACTUAL_CHANGED


# -- grades ----------------------------------------------------------------------------


def _grade_changes(
    old: Plan,
    new: Plan,
    as_of: FiscalYear | str | None,
    method: Method | None,
    paths: Mapping[str, tuple[str, Indicator]],
) -> Iterator[Change]:
    from kpiplan.grading import evaluate

    before, after = evaluate(old, as_of, method), evaluate(new, as_of, method)
    if as_of is None and before.as_of != after.as_of:
        year = max(before.as_of, after.as_of)
        before, after = evaluate(old, year, method), evaluate(new, year, method)
    yield from _indicator_grades(before, after, paths)
    old_rollups = {rollup.scope: rollup for rollup in before.rollups}
    for rollup in after.rollups:
        was = old_rollups.get(rollup.scope)
        if was is not None and was.grade != rollup.grade:
            path = "plan.grade" if rollup.scope == "plan" else f"csfs[{rollup.scope}].grade"
            yield Change(ChangeKind.GRADE_MOVED, path, was.grade, rollup.grade, year=after.as_of)


def _indicator_grades(
    before: Evaluation, after: Evaluation, paths: Mapping[str, tuple[str, Indicator]]
) -> Iterator[Change]:
    old_results = {result.indicator_id: result for result in before.indicators}
    for result in after.indicators:
        was = old_results.get(result.indicator_id)
        if was is None:
            continue
        old_years = {year.fiscal_year: year for year in was.years}
        for year in result.years:
            earlier = old_years.get(year.fiscal_year)
            if year.fiscal_year > after.as_of or earlier is None:
                continue
            if earlier.grade != year.grade:
                yield Change(
                    ChangeKind.GRADE_MOVED,
                    f"{paths[result.indicator_id][0]}.grades[{year.fiscal_year}]",
                    earlier.grade,
                    year.grade,
                    result.indicator_id,
                    year.fiscal_year,
                )


# -- plain data ------------------------------------------------------------------------

#: List items are matched by the first of these keys that names each one once.
_MATCH_KEYS = ("id", "code", "symbol", "name", "year", "scope")


def _plain(plan: Plan) -> dict[str, Any]:
    return unstructure_plan(plan)


def _frame(plan: Plan) -> dict[str, Any]:
    """The plan's data without what is compared per indicator and per budget."""
    data = _plain(plan)
    data.pop("kgis", None)
    data.pop("budgets", None)
    for csf in data.get("csfs", []):
        csf.pop("indicators", None)
    return data


def _data(value: object) -> Any:
    return make_converter().unstructure(value)


def _item(value: Target | Actual | None) -> Any:
    if value is None:
        return None
    data = _data(value)
    data.pop("year", None)
    return data


def _match_key(items: list[Any]) -> str | None:
    for key in _MATCH_KEYS:
        if all(isinstance(item, dict) and isinstance(item.get(key), str | int) for item in items):
            return key
    return None


def _compare(
    old: Any, new: Any, path: str, kind: ChangeKind, indicator: str | None = None
) -> Iterator[Change]:
    """The differences of two pieces of plain data, by path, deepest first found."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            where = f"{path}.{key}" if path else key
            yield from _compare(old.get(key), new.get(key), where, kind, indicator)
        return
    if isinstance(old, list) and isinstance(new, list):
        key = _match_key(old + new)
        if key is not None:
            before = {item[key]: item for item in old}
            after = {item[key]: item for item in new}
            if len(before) == len(old) and len(after) == len(new):
                for name in [*before, *(name for name in after if name not in before)]:
                    where = f"{path}[{name}]"
                    yield from _compare(before.get(name), after.get(name), where, kind, indicator)
                return
    yield Change(kind, path, old, new, indicator)


# -- words -----------------------------------------------------------------------------


def _count(count: int, language: Language) -> str:
    if language == "ja":
        return f"変更 {count} 件" if count else "変更なし"
    return f"{count} change{'s' if count != 1 else ''}" if count else "no changes"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: Any, unit: str | None) -> str:
    return f"{value:,}{unit or ''}" if isinstance(value, int) else f"{value}{unit or ''}"


def _show(data: Any, unit: str | None, language: Language) -> str:
    """A value as a person reads it: 95%（見込み）, 運用, a grade, or its data."""
    if data is None:
        return "－"
    if not isinstance(data, dict):
        return _number(data, unit) if isinstance(data, int | float) else str(data)
    parts = []
    if "value" in data:
        parts.append(_number(data["value"], unit))
    if "minimum" in data or "maximum" in data:
        low, high = data.get("minimum"), data.get("maximum")
        parts.append(
            f"{_number(low, unit) if low is not None else ''}〜"
            f"{_number(high, unit) if high is not None else ''}"
        )
    for key in ("stage", "statement", "text", "trend", "no_target"):
        if key in data:
            parts.append(str(data[key]))
    if "rank" in data:
        parts.append(f"{data['rank']}位以内" if language == "ja" else f"rank {data['rank']}")
    if not parts:
        return json.dumps(data, ensure_ascii=False, sort_keys=False)
    shown = " ".join(parts)
    status = data.get("status")
    if isinstance(status, str):
        word = label(parse_label(ActualStatus, status), language)
        shown += f"（{word}）" if language == "ja" else f" ({word})"
    return shown
