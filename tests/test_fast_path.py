"""Loading's fast paths give what the detailed ones give, on valid and invalid input.

Three places read faster than the straightforward way:

- a plan is structured first without cattrs' detailed validation, and only when that
  fails again with it, which lists the problems (tests/test_bad_inputs.py holds those
  lists): both passes must accept the same data and build the same plan, so that a
  plan never depends on which pass built it;
- targets and actuals check their optional numbers and texts in one call after they
  are built instead of one validator per field: the first bad field in field order
  is reported, with the message its validator gives;
- per-year tables (targets, actuals) of regular data are read straight into the
  constructors (kpiplan/_fast.py), and anything irregular the detailed way: a plan
  must come out the same, and a broken one with the same problem list, either way.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._converter import (
    _default_era,
    _fast_tables,
    _unit_set,
    make_converter,
    structure_plan,
)
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


def _structured(data: dict[str, Any], fast: bool) -> tuple[str, object]:
    """The plan built of ``data``, or the problems listed, with or without the fast tables."""
    token = _fast_tables.set(fast)
    try:
        return "plan", structure_plan(data)
    except kp.ValidationError as exc:
        return "problems", exc.problems
    finally:
        _fast_tables.reset(token)


_IRREGULARS: list[list[Any]] = [
    ["", " ", "x", "\x01", "R3", "91人（7%）", "1,000", "7%", "R4.3.31", "increase"],
    ["estimate", "in_progress", "not_reported", "preliminary", "confirmed"],
    [True, False, None],
    [-1, 0, 10**15, 10**16, 1.5],
    [Decimal("NaN"), Decimal("1E+20"), Decimal("-0.5"), Decimal("1.000")],
    [[], {}, [{"value": 1}], {"grade": "A"}, {"grade": "A", "reason": "x"}],
]
_IRREGULAR = st.one_of(*(st.sampled_from(values) for values in _IRREGULARS))
# Every field of a target and an actual, and a misspelt one.
_FIELDS = st.sampled_from(
    sorted(
        {field.name for cls in (kp.Target, kp.Actual) for field in attrs.fields(cls)} | {"valeu"}
    )
)


def _tables(data: object) -> list[dict[str, Any]]:
    """Every per-year table (targets, actuals) in a plan's data."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("targets", "actuals") and isinstance(value, dict):
                found.append(value)
            found.extend(_tables(value))
    elif isinstance(data, list):
        for value in data:
            found.extend(_tables(value))
    return found


def _break_table(table: dict[str, Any], data: st.DataObject) -> None:
    """One irregularity in a per-year table, of the kinds the fast path must refuse."""
    how = data.draw(st.sampled_from(["field", "field", "field", "item", "key", "twice"]))
    keys = list(table)
    if how == "key" or not keys:
        table[data.draw(st.sampled_from(["R99", "", "x", "0", "令和", "R3"]))] = {"value": 1}
        return
    key = data.draw(st.sampled_from(keys))
    if how == "twice":
        # The same year written another way: western, or in full.
        year = kp.FiscalYear.parse(key)
        other = data.draw(st.sampled_from([str(year.year), f"{year.year}年度", year.canonical()]))
        table[other] = copy.deepcopy(table[key])
    elif how == "item":
        table[key] = data.draw(_IRREGULAR)
    elif isinstance(table[key], dict):
        field = data.draw(st.one_of(_FIELDS, st.sampled_from(list(table[key]) or ["value"])))
        table[key][field] = data.draw(_IRREGULAR)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True), data=st.data())
def test_fast_tables_give_the_same_plans_and_problems(plan: kp.Plan, data: st.DataObject) -> None:
    """Per-year tables read fast give the plan, or the problem list, the detailed path gives."""
    raw = json.loads(kp.dumps(plan), parse_float=Decimal)  # as kpiplan.load parses a file
    fast = _structured(raw, fast=True)
    assert fast == _structured(raw, fast=False)
    assert fast == ("plan", plan)
    broken = copy.deepcopy(raw)
    tables = _tables(broken)
    if tables:
        for _ in range(data.draw(st.integers(1, 2))):
            _break_table(data.draw(st.sampled_from(tables)), data)
    assert _structured(broken, fast=True) == _structured(broken, fast=False)


@pytest.mark.parametrize("value", [value for values in _IRREGULARS for value in values])
@pytest.mark.parametrize("field", ["value", "stage", "status", "share", "year", "valeu"])
@pytest.mark.parametrize("table", ["targets", "actuals"])
def test_fast_tables_refuse_what_the_detailed_path_refuses(
    example_data: dict[str, Any], table: str, field: str, value: object
) -> None:
    """Each irregular value in the example's first target or actual: the same outcome."""
    data = copy.deepcopy(example_data)
    items = data["csfs"][0]["indicators"][0][table]
    items[next(iter(items))][field] = copy.deepcopy(value)
    assert _structured(data, fast=True) == _structured(data, fast=False)


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    plan = kp.load(Path(__file__).parent.parent / "examples" / "digital_tokushima.toml")
    data: dict[str, Any] = json.loads(kp.dumps(plan), parse_float=Decimal)
    return data


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
