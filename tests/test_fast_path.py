"""Loading's fast paths give what the detailed ones give, on valid and invalid input.

Two places read faster than the straightforward way:

- a plan is structured first without cattrs' detailed validation, and only when that
  fails again with it, which lists the problems (tests/test_bad_inputs.py holds those
  lists): both passes must accept the same data and build the same plan, so that a
  plan never depends on which pass built it;
- targets and actuals check their optional numbers and texts in one call after they
  are built instead of one validator per field: the first bad field in field order
  is reported, with the message its validator gives.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._converter import _default_era, _unit_set, make_converter
from kpiplan._model import _finite_number, _non_empty
from kpiplan_exporters.testing import plans

_BAD_LEAVES = st.sampled_from(
    ["", " ", "x", "R99", "2,000件", "\x01", [], {}, None, True, -1, 10**20, 1.5]
)


def _outcome(data: dict[str, Any], detailed: bool) -> tuple[str, object]:
    tokens = (_default_era.set(None), _unit_set.set(None))
    try:
        body = {key: value for key, value in data.items() if key != "schema_version"}
        return "plan", make_converter(detailed=detailed).structure(body, kp.Plan)
    except Exception:
        return "error", None
    finally:
        _unit_set.reset(tokens[1])
        _default_era.reset(tokens[0])


def _leaves(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in _leaves(value, (*path, index))]
    return [path]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True), data=st.data())
def test_fast_and_detailed_passes_agree(plan: kp.Plan, data: st.DataObject) -> None:
    """Both passes build the same plan from a plan's data, or both refuse a broken one."""
    raw = kp.to_data(plan)
    assert _outcome(raw, detailed=False) == _outcome(raw, detailed=True)
    broken = copy.deepcopy(raw)
    leaves = _leaves(broken)
    path = data.draw(st.sampled_from(leaves))
    parent: Any = broken
    for step in path[:-1]:
        parent = parent[step]
    if path:
        parent[path[-1]] = data.draw(_BAD_LEAVES)
    fast, detailed = _outcome(broken, detailed=False), _outcome(broken, detailed=True)
    assert fast == detailed


_NUMBERS = st.one_of(
    st.none(),
    st.integers(-(10**16), 10**16),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.just(True),
    st.floats(allow_nan=False),
)
_TEXTS = st.one_of(st.none(), st.sampled_from(["", " ", "\u3000", "運用", "x"]))


def _first_problem(cls: type[Any], given: dict[str, Any]) -> str | None:
    """The message the old per-field validators gave first, in field order, if any."""
    for field in attrs.fields(cls):
        if field.name not in given or given[field.name] is None:
            continue
        value = given[field.name]
        try:
            if field.converter is not None:  # a number: converted, then checked
                value = field.converter(value)
                _finite_number(None, field, value)
            else:
                _non_empty(None, field, value)
        except (TypeError, ValueError) as exc:
            return str(exc).replace("`NoneType.", f"`{cls.__name__}.")
    return None


def _refusal(cls: type[Any], given: dict[str, Any]) -> str | None:
    """Why ``cls`` refuses to be built of ``given``, or None when it builds."""
    try:
        cls(kp.FiscalYear(2021), **given)
    except (TypeError, ValueError) as exc:
        return str(exc)
    return None


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.fixed_dictionaries({}, optional=dict.fromkeys(("value", "share"), _NUMBERS)),
    texts=st.fixed_dictionaries(
        {}, optional=dict.fromkeys(("stage", "text", "note", "official_grade"), _TEXTS)
    ),
)
def test_actual_reports_the_first_bad_field(numbers: dict[str, Any], texts: dict[str, Any]) -> None:
    """An actual reports the first bad number or text in field order, as its validators did."""
    given_ = {**numbers, **texts}
    expected = _first_problem(kp.Actual, given_)
    message = _refusal(kp.Actual, given_)
    if expected is not None:
        assert message == expected
    elif message is None:
        actual = kp.Actual(kp.FiscalYear(2021), **given_)
        assert all(isinstance(getattr(actual, name), Decimal | None) for name in numbers)


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.fixed_dictionaries({}, optional=dict.fromkeys(("value", "minimum"), _NUMBERS)),
    texts=st.fixed_dictionaries({}, optional=dict.fromkeys(("stage", "statement", "note"), _TEXTS)),
)
def test_target_reports_the_first_bad_field(numbers: dict[str, Any], texts: dict[str, Any]) -> None:
    """A target reports the first bad number or text in field order, as its validators did."""
    given_ = {**numbers, **texts}
    expected = _first_problem(kp.Target, given_)
    if expected is not None:
        assert _refusal(kp.Target, given_) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": Decimal("NaN")}, "`Target.value` must be a finite number, but was NaN"),
        ({"stage": " "}, "`Target.stage` must not be empty"),
        ({"value": 1.5}, "`Target.value` must be a Decimal, but was float 1.5"),
    ],
)
def test_target_messages(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises((TypeError, ValueError)) as caught:
        kp.Target(kp.FiscalYear(2021), **kwargs)
    assert str(caught.value) == message
