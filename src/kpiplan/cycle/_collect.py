"""Out to each division and back: handouts, fingerprints, and collecting returned files.

``handout(plan, division)`` is the plan a division's file carries (its indicators
only, with a :class:`~kpiplan.Handout` saying for whom and from which version);
``collect(plan, returned)`` merges the targets and actuals the returned files
changed into the plan, appending each replaced actual to its history. A file that
changes an indicator of another division, two files that disagree on a value, and a
file made from another version of the plan are errors naming both files and, where
the file says (``Handout.cells``), the cell.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from kpiplan._converter import make_converter
from kpiplan._errors import Problem, ValidationError
from kpiplan._model import Actual, Handout, Indicator, Plan, Revision, Target
from kpiplan.cycle._diff import (
    Change,
    ChangeKind,
    PlanDiff,
    indicator_changes,
    indicator_paths,
    plan_frame,
)
from kpiplan.vocabulary import Language

__all__ = ["Collection", "collect", "fingerprint", "handout"]

#: The changes a returned file may make; anything else is reported.
_COLLECTED = frozenset(
    {
        ChangeKind.TARGET_CHANGED,
        ChangeKind.ACTUAL_ENTERED,
        ChangeKind.ACTUAL_CHANGED,
        ChangeKind.ESTIMATE_CONFIRMED,
    }
)


def _owns(indicator: Indicator, division: str | None) -> bool:
    return division is None or division in indicator.divisions


def fingerprint(plan: Plan, *, division: str | None = None) -> str:
    """A short fingerprint of the plan as a division's file shows it.

    Made of the plan's title, organization, period and the division's indicators
    (all of them without ``division``) in their canonical data, so that collecting
    one division's file does not make another division's file look outdated.

    Args:
        plan: The plan.
        division: A 担当課; None: the whole plan.

    Returns:
        ``sha256:`` and 16 hex digits.
    """
    converter = make_converter()
    data = {
        "title": plan.title,
        "organization": plan.organization,
        "period": converter.unstructure(plan.period),
        "indicators": [
            converter.unstructure(indicator)
            for _, indicator in plan.indicators()
            if _owns(indicator, division)
        ],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def handout(plan: Plan, division: str | None = None, *, issued: date | None = None) -> Plan:
    """The plan a division's file carries: its indicators only, with a :class:`Handout`.

    CSFs without any of its indicators are left out, measures keep only links to
    kept indicators, budgets are left out (they are not collected from divisions).
    Without a division the whole plan is handed out.

    Args:
        plan: The plan.
        division: The 担当課 (as the indicators' ``divisions`` name it); None: the
            whole plan, with a handout all the same.
        issued: When the file is handed out.

    Returns:
        A valid plan whose ``handout`` has the fingerprint ``collect`` checks.

    Raises:
        ValueError: No indicator names ``division``.
    """
    if division is not None and not any(
        division in indicator.divisions for _, indicator in plan.indicators()
    ):
        known = sorted({d for _, i in plan.indicators() for d in i.divisions})
        raise ValueError(f"no indicator of the plan is {division!r}'s; divisions: {known}")
    sheet = Handout(
        fingerprint=fingerprint(plan, division=division), division=division, issued=issued
    )
    if division is None:
        return attrs.evolve(plan, handout=sheet)
    kept = {i.id for _, i in plan.indicators() if _owns(i, division)}
    csfs = []
    for csf in plan.csfs:
        indicators = tuple(i for i in csf.indicators if i.id in kept)
        if not indicators:
            continue
        measures = tuple(
            attrs.evolve(m, indicators=tuple(link for link in m.indicators if link in kept))
            for m in csf.measures
        )
        csfs.append(attrs.evolve(csf, indicators=indicators, measures=measures))
    changes: dict[str, Any] = {
        "kgis": tuple(i for i in plan.kgis if i.id in kept),
        "csfs": tuple(csfs),
        "budgets": (),
        "handout": sheet,
    }
    if plan.grading is not None:
        grading = plan.grading
        trimmed: dict[str, Any] = {
            "indicators": {k: v for k, v in grading.indicators.items() if k in kept},
            "kinds": {k: v for k, v in grading.kinds.items() if k in kept},
            "csfs": {k: v for k, v in grading.csfs.items() if any(c.code == k for c in csfs)},
        }
        changes["grading"] = attrs.evolve(grading, **trimmed)
    return attrs.evolve(plan, **changes)


@attrs.frozen
class Collection:
    """What collecting gave: the updated plan and each file's changes."""

    plan: Plan
    """The plan with the collected values (replaced actuals kept in their history)."""
    changes: tuple[tuple[str, PlanDiff], ...]
    """Per returned file (its name), the changes taken from it, in plan order."""

    def __bool__(self) -> bool:
        return any(changes for _, changes in self.changes)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data: per file, its changes."""
        return {
            "files": [
                {"file": source, "changes": [c.to_data() for c in changes]}
                for source, changes in self.changes
            ]
        }

    def to_json(self) -> str:
        """:meth:`to_data` as pretty UTF-8 JSON text, ending in a newline."""
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self, language: Language = "ja") -> str:
        """Per file, one line per change, then the file's count."""
        lines = []
        for source, changes in self.changes:
            lines.append(f"{source}:")
            lines.extend(f"  {line}" for line in changes.to_text(language).splitlines())
        return "\n".join(lines) + "\n"


@attrs.frozen
class _Taken:
    source: str
    place: str
    change: Change
    value: Target | Actual


def collect(
    plan: Plan,
    returned: Sequence[tuple[str, Plan]],
    *,
    recorded: date,
    source: str | None = None,
) -> Collection:
    """Merge the targets and actuals that returned files changed into the plan.

    A changed actual replaces the plan's, which is appended to the new one's
    history (recorded on ``recorded`` unless the file says when); a changed target
    becomes a :class:`~kpiplan.Revision` decided on ``recorded``, so the original stays.

    Args:
        plan: The plan the files were made from.
        returned: Each returned file's name and the plan read from it
            (``kpiplan.load``: a workbook through its reader).
        recorded: The date the collected values are recorded on.
        source: The plan file's name, for messages.

    Returns:
        The updated plan and each file's changes.

    Raises:
        ValidationError: A file was made from another version of the plan, changes an
            indicator of another division or anything but targets and actuals, or two
            files disagree on a value; every problem names its file and place.
    """
    problems: list[Problem] = []
    taken: dict[str, _Taken] = {}
    per_file: list[tuple[str, list[Change]]] = []
    paths = indicator_paths(plan)
    for name, returned_plan in returned:
        found = list(_changes_of(plan, name, returned_plan, paths, problems))
        per_file.append((name, [t.change for t in found]))
        for item in found:
            earlier = taken.get(item.change.path)
            if earlier is None:
                taken[item.change.path] = item
            elif earlier.value != item.value:
                problems.append(
                    Problem(
                        item.place,
                        f"disagrees with {earlier.place} on {item.change.path}: "
                        f"{_shown(item.change)} here, {_shown(earlier.change)} there",
                    )
                )
    if problems:
        raise ValidationError(problems, source=source)
    updated = _apply(plan, taken.values(), recorded)
    return Collection(updated, tuple((n, PlanDiff(tuple(c))) for n, c in per_file))


def _shown(change: Change) -> str:
    return change.describe()[3]


def _changes_of(
    plan: Plan,
    name: str,
    returned: Plan,
    paths: dict[str, tuple[str, Indicator]],
    problems: list[Problem],
) -> Iterable[_Taken]:
    """The collectable changes of one returned file; its faults go to ``problems``."""
    sheet = returned.handout
    division = sheet.division if sheet is not None else None
    cells = sheet.cells if sheet is not None else {}

    def place(path: str) -> str:
        cell = cells.get(path)
        return f"{name} {cell}" if cell else f"{name} {path}"

    if sheet is not None and sheet.fingerprint != fingerprint(plan, division=division):
        problems.append(
            Problem(
                name,
                f"made from another version of the plan (fingerprint {sheet.fingerprint}, "
                f"the plan's is {fingerprint(plan, division=division)}); export a new file "
                "from the current plan and copy the figures into it",
            )
        )
        return
    expected = handout(plan, division)
    frame = PlanDiff(
        tuple(
            plan_frame(attrs.evolve(expected, handout=None), attrs.evolve(returned, handout=None))
        )
    )
    for change in frame:
        problems.append(
            Problem(
                place(change.path),
                "differs from the plan; collect takes targets and actuals only: "
                "change it in the plan file",
            )
        )
    for ident, (path, indicator) in indicator_paths(returned).items():
        mine = paths.get(ident)
        if mine is None:
            problems.append(Problem(place(path), f"{ident!r} is no indicator of the plan"))
            continue
        own = mine[1]
        for change in indicator_changes(own, indicator, mine[0]):
            if not _owns(own, division):
                problems.append(
                    Problem(
                        place(change.path),
                        f"changes {ident}, which is not {division}'s "
                        f"(担当課: {'、'.join(own.divisions)})",
                    )
                )
            elif change.kind not in _COLLECTED or change.new is None:
                problems.append(
                    Problem(
                        place(change.path),
                        f"{change.describe('en')[0]} is not collected: change it in the plan file",
                    )
                )
            else:
                value = _value_at(indicator, change)
                yield _Taken(name, place(change.path), change, value)


def _value_at(indicator: Indicator, change: Change) -> Target | Actual:
    assert change.year is not None
    if change.kind is ChangeKind.TARGET_CHANGED:
        return next(t for t in indicator.targets if t.year == change.year)
    actual = indicator.actual_for(change.year)
    assert actual is not None
    return actual


def _apply(plan: Plan, taken: Iterable[_Taken], recorded: date) -> Plan:
    by_indicator: dict[str, list[_Taken]] = {}
    for item in taken:
        assert item.change.indicator is not None
        by_indicator.setdefault(item.change.indicator, []).append(item)
    if not by_indicator:
        return plan

    def update(indicator: Indicator) -> Indicator:
        items = by_indicator.get(indicator.id)
        return indicator if not items else _updated(indicator, items, recorded)

    changes: dict[str, Any] = {
        "kgis": tuple(update(i) for i in plan.kgis),
        "csfs": tuple(
            attrs.evolve(csf, indicators=tuple(update(i) for i in csf.indicators))
            for csf in plan.csfs
        ),
    }
    return attrs.evolve(plan, **changes)


def _updated(indicator: Indicator, items: list[_Taken], recorded: date) -> Indicator:
    actuals = {actual.year: actual for actual in indicator.actuals}
    revised: dict[str, list[Target]] = {}
    for item in items:
        value = item.value
        if isinstance(value, Target):
            revised.setdefault(item.source, []).append(value)
            continue
        old = actuals.get(value.year)
        history = (*old.history, old.state()) if old is not None else ()
        actuals[value.year] = attrs.evolve(
            value,
            history=history,
            recorded=value.recorded if value.recorded is not None else recorded,
        )
    revisions = tuple(
        Revision(
            decided=recorded,
            reason=f"回収: {source}",
            label="回収",
            targets=tuple(sorted(targets, key=lambda t: t.year)),
        )
        for source, targets in revised.items()
    )
    changes: dict[str, Any] = {
        "actuals": tuple(actuals[year] for year in sorted(actuals)),
        "revisions": (*indicator.revisions, *revisions),
    }
    return attrs.evolve(indicator, **changes)
