"""Loading's fast paths give what the detailed ones give, on valid and invalid input.

Three places read faster than the straightforward way:

- a plan is structured first without cattrs' detailed validation, and only when that
  fails again with it, which lists the problems (tests/test_bad_inputs.py holds those
  lists): both passes must accept the same data and build the same plan, so that a
  plan never depends on which pass built it;
- targets and actuals check their optional numbers and texts in one call after they
  are built instead of one validator per field: the first bad field in field order
  is reported, with the message its validator gives;
- per-year tables (targets, actuals) of regular data are read by their owner's
  builder, each item straight to its own (kpiplan/_build.py), and anything
  irregular the detailed way: a plan
  must come out the same, and a broken one with the same problem list, either way;
- the model's objects are built by generated builders (kpiplan/_build.py) instead of
  cattrs' functions and the attrs ``__init__``: each must build what the class's
  constructor builds from the same data, and hand anything else to the detailed way.
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
    _builder,
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
        # The same year written another way: western, or in full (a key an earlier
        # break wrote, which is no year, is kept as it is).
        try:
            year = kp.FiscalYear.parse(key)
        except kp.FiscalYearError:
            return
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
@pytest.mark.parametrize(
    "field", ["value", "minimum", "stage", "through", "rank", "status", "share", "year", "valeu"]
)
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


def _objects(value: object) -> list[Any]:
    """Every attrs object in ``value``, parents before their parts."""
    if attrs.has(type(value)):
        found = [value]
        for field in attrs.fields(type(value)):
            found.extend(_objects(getattr(value, field.name)))
        return found
    if isinstance(value, tuple):
        return [part for item in value for part in _objects(item)]
    return []


#: The classes a plan holds by the hundred or thousand: they must be built, not
#: handed to cattrs (a builder that silently refused regular data would only be slow).
_BUILT = (
    kp.Plan,
    kp.Csf,
    kp.Indicator,
    kp.Target,
    kp.Actual,
    kp.ActualState,
    kp.Baseline,
    kp.Goal,
    kp.Measure,
    kp.Budget,
    kp.BudgetLine,
    kp.Execution,
    kp.Series,
    kp.Revision,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True))
def test_builders_build_what_the_constructors_build(plan: kp.Plan) -> None:
    """Each object of a plan, as data, is built by its class's builder as it was."""
    converter = make_converter(detailed=False)
    tokens = (_default_era.set(plan.default_era), _unit_set.set(None))
    try:
        for obj in _objects(plan):
            builder = _builder(converter, type(obj))
            if builder is None:
                assert type(obj) not in _BUILT
                continue
            data = json.loads(json.dumps(converter.unstructure(obj)), parse_float=Decimal)
            if isinstance(obj, kp.Indicator):
                continue  # built in its context (unit, year basis): the plan's test
            assert builder(data) == obj
    finally:
        _unit_set.reset(tokens[1])
        _default_era.reset(tokens[0])


def _break_anywhere(data: Any, draw: st.DataObject) -> None:
    """One fault anywhere in a plan's data: a value, a missing key, an unknown key."""
    tables: list[dict[str, Any]] = []

    def collect(value: object) -> None:
        if isinstance(value, dict):
            tables.append(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data)
    table = draw.draw(st.sampled_from(tables))
    how = draw.draw(st.sampled_from(["value", "value", "drop", "unknown"]))
    if how == "unknown" or not table:
        table[draw.draw(st.sampled_from(["valeu", "id", "year", "unit"]))] = draw.draw(_IRREGULAR)
    elif how == "drop":
        del table[draw.draw(st.sampled_from(sorted(table)))]
    else:
        table[draw.draw(st.sampled_from(sorted(table)))] = draw.draw(
            st.one_of(_IRREGULAR, _BAD_LEAVES)
        )


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True), data=st.data())
def test_builders_give_the_same_plans_and_problems(plan: kp.Plan, data: st.DataObject) -> None:
    """A plan broken anywhere: the builders give the plan, or the problem list, that
    cattrs and the constructors give."""
    raw = json.loads(kp.dumps(plan), parse_float=Decimal)
    assert _structured(raw, fast=True) == ("plan", plan)
    broken = copy.deepcopy(raw)
    for _ in range(data.draw(st.integers(1, 2))):
        _break_anywhere(broken, data)
    assert _structured(broken, fast=True) == _structured(broken, fast=False)


_EXECUTION = {"initial": 100, "spent": 80, "carried_over": 5, "carried_forward": 0}


def _example_places(data: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Fields of the example's non-table objects (a budget, its line and the line's
    execution, an indicator and its baseline, a CSF, the period), as (owner, key)."""
    indicator = data["csfs"][0]["indicators"][0]
    budget = data["budgets"][0]
    line = budget["lines"][0]
    owners = [budget, line, line["execution"], indicator, indicator["baseline"]]
    owners += [data["csfs"][0], data["period"]]
    return [(owner, key) for owner in owners for key in owner]


@pytest.mark.parametrize(
    "value", [-1, Decimal("-0.5"), Decimal("1E+16"), 10**16, "", " ", "x", None, True, []]
)
def test_builders_refuse_what_the_constructors_refuse(
    example_data: dict[str, Any], value: object
) -> None:
    """A bad value in each field of the example's objects: the same outcome either way."""
    data = copy.deepcopy(example_data)
    data["budgets"][0]["lines"][0]["execution"] = dict(_EXECUTION)
    assert _structured(data, fast=True)[0] == "plan"
    for owner, key in _example_places(data):
        kept = owner[key]
        owner[key] = copy.deepcopy(value)
        assert _structured(data, fast=True) == _structured(data, fast=False), key
        owner[key] = kept


def test_a_text_read_before_is_held_to_the_limits_in_force(example_data: dict[str, Any]) -> None:
    """Texts already read are not checked for forbidden characters again, but still
    for their length: a lower max_text_length refuses them, as it does without."""
    from kpiplan._limits import reset_limits, use_limits

    assert _structured(example_data, fast=True)[0] == "plan"
    token = use_limits(kp.Limits(max_text_length=3))
    try:
        fast = _structured(example_data, fast=True)
        assert fast[0] == "problems"
        assert fast == _structured(example_data, fast=False)
    finally:
        reset_limits(token)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=plans(model_parts=True))
def test_objects_of_a_loaded_plan_are_the_objects_users_build(plan: kp.Plan) -> None:
    """Objects a builder built compare, hash, print, copy, pickle, evolve, turn into
    dicts and refuse changes as the constructors' objects do."""
    import pickle

    raw = json.loads(kp.dumps(plan), parse_float=Decimal)
    constructed = _structured(raw, fast=False)[1]  # cattrs and the constructors
    pairs = list(zip(_objects(structure_plan(raw)), _objects(constructed), strict=True))
    for mine, theirs in pairs:
        assert type(mine) is type(theirs)
        assert mine == theirs
        assert hash(mine) == hash(theirs)
        assert repr(mine) == repr(theirs)
        assert attrs.asdict(mine) == attrs.asdict(theirs)
        assert pickle.loads(pickle.dumps(mine)) == theirs
        assert copy.copy(mine) == copy.deepcopy(mine) == theirs
        assert attrs.evolve(mine) == theirs
        assert all(
            getattr(mine, field.name) == getattr(theirs, field.name)
            for field in attrs.fields(type(mine))
        )
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            mine.__setattr__(attrs.fields(type(mine))[0].name, None)


@pytest.mark.parametrize("table", ["targets", "actuals"])
@pytest.mark.parametrize("twice", [False, True])
def test_tables_out_of_year_order_are_read_in_year_order(
    example_data: dict[str, Any], table: str, twice: bool
) -> None:
    """A table written last year first builds the plan of the ordered table; a year
    written twice (as R3 and 2021) is refused with the detailed path's problem."""
    data = copy.deepcopy(example_data)
    indicator = data["csfs"][0]["indicators"][0]
    items = indicator[table]
    assert len(items) >= 2
    indicator[table] = dict(reversed(items.items()))
    if twice:
        first = next(iter(items))
        indicator[table][str(kp.FiscalYear.parse(first).year)] = copy.deepcopy(items[first])
    outcome = _structured(data, fast=True)
    assert outcome == _structured(data, fast=False)
    if twice:
        assert outcome[0] == "problems"
        assert any("given twice" in problem.message for problem in outcome[1])  # type: ignore[attr-defined]
    else:
        assert outcome == _structured(example_data, fast=True)
