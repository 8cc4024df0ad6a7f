"""Broken plans: a valid kit plan with a few of its fields replaced by wrong values.

The cross-plan checks (``kpiplan.check``) are what these plans are for: each break
swaps one field of one object anywhere in the plan (a target's year, an actual's
status, an indicator's unit or direction, a tuple of targets written twice or
reversed) for a value taken from elsewhere in the plan or from a short list of
troublesome ones (years outside the period, dates before the year began, stages off
the ladder). A swap that the object's own constructor refuses is left out, so every
plan drawn is one that can be built and then checked.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

import attrs
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan_exporters.testing import plans

__all__ = ["broken_plans"]


def _nodes(obj: object, path: tuple[tuple[str, int | None], ...] = ()) -> list[Any]:
    """Every attrs object in the plan, with the fields and indexes that lead to it."""
    found = [(path, obj)]
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if attrs.has(type(value)):
            found += _nodes(value, (*path, (field.name, None)))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if attrs.has(type(item)):
                    found += _nodes(item, (*path, (field.name, index)))
    return found


def _replaced(obj: Any, path: tuple[tuple[str, int | None], ...], new: Any) -> Any:
    """``obj`` with the object at ``path`` replaced by ``new``, rebuilt upwards."""
    if not path:
        return new
    (name, index), rest = path[0], path[1:]
    value = getattr(obj, name)
    if index is None:
        return attrs.evolve(obj, **{name: _replaced(value, rest, new)})
    items = list(value)
    items[index] = _replaced(items[index], rest, new)
    return attrs.evolve(obj, **{name: tuple(items)})


# Wrong values for fields that are often None in valid plans, by field name.
def _for_none(plan: kp.Plan, field: str) -> list[object]:
    first, last = plan.period.first.year, plan.period.last.year
    dates = [date(first - 1, 5, 1), date(first, 4, 1), date(last + 1, 3, 31)]
    years = [kp.FiscalYear(year) for year in (first - 2, first - 1, first, last, last + 1)]
    return {
        "as_of": dates,
        "recorded": dates,
        "through": years,
        "deadline": years,
        "stage": ["外れ", *plan.stage_ladder[:1]],
        "unit": ["円", "件", "謎"],
    }.get(field, [])


def _troublesome(plan: kp.Plan, field: str, value: object) -> list[object]:
    """Wrong values of the same type as ``value`` (or None, or one for a None field)."""
    first, last = plan.period.first.year, plan.period.last.year
    extra: list[object] = [None, *_for_none(plan, field)]
    if isinstance(value, kp.FiscalYear):
        extra += [kp.FiscalYear(year) for year in (first - 2, first - 1, first, last, last + 1)]
    if isinstance(value, date):
        extra += [date(first - 1, 5, 1), date(first, 4, 1), date(last + 1, 3, 31)]
    if isinstance(value, enum.Enum):
        extra += list(type(value))
    if isinstance(value, tuple) and value:
        extra += [value + value[:1], value[::-1], value[1:]]
    return extra


# Fields every check relies on being well formed, as the structuring step ensures.
_KEPT = {(kp.Plan, "period")}
_YEARLY = (kp.Target, kp.Actual, kp.ActualState, kp.Indicator)


@st.composite
def broken_plans(draw: st.DrawFn, max_breaks: int = 6) -> kp.Plan:
    """A plan built from valid parts with up to ``max_breaks`` fields swapped."""
    plan = draw(plans(max_csfs=2, max_kpis=3, model_parts=True))
    for _ in range(draw(st.integers(1, max_breaks))):
        nodes = _nodes(plan)
        # Years, values and states are where most rules are: draw them more often.
        yearly = [(path, node) for path, node in nodes if isinstance(node, _YEARLY)]
        path, node = draw(st.sampled_from(nodes) | st.sampled_from(yearly or nodes))
        field = draw(st.sampled_from([f.name for f in attrs.fields(type(node))]))
        if (type(node), field) in _KEPT:
            continue
        value = getattr(node, field)
        optional = attrs.fields_dict(type(node))[field].default is None
        elsewhere = [
            getattr(other, field) for _, other in _nodes(plan) if type(other) is type(node)
        ]
        candidates = [
            new
            for new in elsewhere + _troublesome(plan, field, value)
            if (new is None and optional)
            or (new is not None and value is None)
            or type(new) is type(value)
        ]
        new = draw(st.sampled_from(candidates))
        try:
            plan = _replaced(plan, path, attrs.evolve(node, **{field: new}))
        except (ValueError, TypeError, kp.KpiplanError):
            continue
    return plan
