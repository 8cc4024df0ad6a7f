"""A plan as it was known on a date: later actual states and revisions left out.

Kept beside the model, below both ``grading`` (``evaluate(known_at=…)``) and
``cycle`` (which re-exports :func:`as_known_at`), so neither imports the other.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from kpiplan._model import Actual, Indicator, Plan, Revision, Series, _decided_by

__all__ = ["as_known_at"]


def as_known_at(plan: Plan, day: date) -> Plan:
    """The plan as a report made on ``day`` could have seen it.

    Each actual stands at its latest state recorded by ``day`` (an actual with
    nothing recorded by then is left out); revisions of targets decided after
    ``day`` are left out. States and actuals with no date count as known from the
    start, so a plan without history is its own past.

    Args:
        plan: The plan, with its actuals' history.
        day: The date to stand at.

    Returns:
        The plan as known on ``day`` (``plan`` itself when nothing was later).

    Raises:
        TypeError: ``day`` is no date.
    """
    if not isinstance(day, date):
        raise TypeError(f"known_at should be a date, but was {type(day).__name__} {day!r}")
    changes: dict[str, Any] = {
        "kgis": tuple(_indicator(kgi, day) for kgi in plan.kgis),
        "csfs": tuple(
            attrs.evolve(csf, indicators=tuple(_indicator(i, day) for i in csf.indicators))
            for csf in plan.csfs
        ),
    }
    if changes["kgis"] == plan.kgis and changes["csfs"] == plan.csfs:
        return plan
    return attrs.evolve(plan, **changes)


def _actuals(actuals: tuple[Actual, ...], day: date) -> tuple[Actual, ...]:
    known = (actual.known_at(day) for actual in actuals)
    return tuple(actual for actual in known if actual is not None)


def _revisions(revisions: tuple[Revision, ...], day: date) -> tuple[Revision, ...]:
    return tuple(revision for revision in revisions if _decided_by(revision.decided, day))


def _indicator(indicator: Indicator, day: date) -> Indicator:
    changes: dict[str, Any] = {
        "actuals": _actuals(indicator.actuals, day),
        "revisions": _revisions(indicator.revisions, day),
        "series": tuple(_series(series, day) for series in indicator.series),
    }
    if all(changes[name] == getattr(indicator, name) for name in changes):
        return indicator
    return attrs.evolve(indicator, **changes)


def _series(series: Series, day: date) -> Series:
    changes: dict[str, Any] = {
        "actuals": _actuals(series.actuals, day),
        "revisions": _revisions(series.revisions, day),
    }
    return attrs.evolve(series, **changes)
