"""The one cattrs converter between the plan model and plain data (dicts, lists).

The model knows no file format; this module decides how it looks as data:

- fiscal years as ``"R4"``, months as ``"R3.4"``, dates as ISO ``"2022-03-31"``;
- numbers exact: ``Decimal`` in, JSON/TOML numbers out (ints where integral);
- targets and actuals as tables keyed by fiscal year (``{"R3": {...}}``);
- fields at their default left out, keys in the model's field order.

Structuring is strict (a number is not a string, a string is not a list) and
collects every problem with its path, e.g. ``csfs[CSF-2].indicators[KPI-3].targets[R4]``.

Every hook of the converter is in this one module by design (as cattrs' own
``preconf`` modules and lsprotocol's ``converters.py`` do): how the model looks as data
is decided in one place, which is why it passes 800 lines: with the hooks, the
registration of the generated builders (``kpiplan._build``) that stand for them on
regular data, and the context (era, declared units) a plan's parts are read in.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import enum
import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from kpiplan._build import YearTables, can_build, make_builder
from kpiplan._errors import FiscalYearError, Problem, UnitError
from kpiplan._fast import SHARED_TEXT_LENGTH
from kpiplan._fiscal import MAX_YEAR, MIN_YEAR, FiscalYear, YearMonth, parse_date
from kpiplan._limits import current_limits
from kpiplan._model import (
    Actual,
    ActualState,
    ActualStatus,
    Indicator,
    Plan,
    PlanPeriod,
    Target,
    UnitDefinition,
    YearBasis,
    _as_tuple,
    _check_result,
    _check_target,
    _optional_decimal,
    _optional_tuple,
    _to_decimal,
)

__all__ = [
    "SCHEMA_VERSION",
    "make_converter",
    "plan_context",
    "structure_plan",
    "unstructure_plan",
]

SCHEMA_VERSION = 1
"""The version of the plan file format this kpiplan reads and writes."""

T = TypeVar("T")

#: While a class with a ``unit`` field is being structured, numbers written as text
#: (``"2,000件"``) are parsed and converted into that unit.
_current_unit: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "kpiplan_current_unit", default=None
)

#: While a plan is structured: the era its bare years (32年度) are read in.
_default_era: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "kpiplan_default_era", default=None
)

#: While an indicator measured by calendar year (暦年) is structured: True.
_calendar: contextvars.ContextVar[bool] = contextvars.ContextVar("kpiplan_calendar", default=False)

#: While a plan is structured: its unit set (kpiplan's units and those it declares).
_unit_set: contextvars.ContextVar[Any] = contextvars.ContextVar("kpiplan_unit_set", default=None)

#: False only in tests that compare the fast paths (builders, per-year tables) with
#: the detailed one (issue #16).
_fast_tables: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "kpiplan_fast_tables", default=True
)

#: A value with a companion share, as plans print it: 91人（7%）.
_WITH_SHARE = re.compile(r"(?P<value>.*?)\s*[（(]\s*(?P<share>[^()（）]*[%％])\s*[）)]\s*")

#: Characters no plan text may hold: C0 controls other than tab, line feed and carriage
#: return (openpyxl refuses them), and lone UTF-16 surrogates (not encodable as UTF-8).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

#: In error paths, list items are named by this key instead of their index.
_LABEL_KEYS = {
    "kgis": "code",
    "csfs": "code",
    "indicators": "code",
    "measures": "id",
    "budgets": "year",
    "lines": "name",
    "series": "name",
    "units": "symbol",
}


def _type_name(value: object) -> str:
    return {
        str: "text",
        int: "integer",
        bool: "true/false",
        list: "list",
        dict: "table",
        Decimal: "number",
        float: "number",
    }.get(type(value), type(value).__name__)


# -- scalar hooks ----------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_type_name(value)} {value!r}")
    bad = _BAD_CHARACTER.search(value)
    if bad is not None:
        code = ord(bad.group())
        why = (
            "half of a UTF-16 pair (the file is damaged)"
            if 0xD800 <= code <= 0xDFFF
            else "a control character, which no printed or Excel output can hold"
        )
        raise ValueError(f"text contains U+{code:04X}, {why}; remove it")
    limit = current_limits().max_text_length
    if len(value) > limit:
        raise ValueError(
            f"text of {len(value):,} characters is over the limit max_text_length={limit:,}; "
            "to read it, pass limits=kpiplan.Limits(max_text_length=…) to kpiplan.load "
            "or --limit max_text_length=… to the kpiplan command"
        )
    return value


#: Short texts already found free of forbidden characters, each kept once: a plan
#: repeats its stages, notes and divisions, and equal texts share one str.
#: Bounded against a file of many different texts.
_clean_texts: dict[str, str] = {}


def _checked_text(value: str) -> str:
    """``_structure_str`` of a text, the same str for the same short text (a text
    seen before is not searched for forbidden characters again)."""
    text = _clean_texts.get(value)
    if text is not None and len(text) <= current_limits().max_text_length:
        return text
    text = _structure_str(value, str)
    if len(text) <= SHARED_TEXT_LENGTH:
        if len(_clean_texts) >= 4096:
            _clean_texts.clear()
        _clean_texts[text] = text
    return text


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_type_name(value)} {value!r}")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_type_name(value)} {value!r}")
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {_type_name(value)} {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"expected a finite number, got {value}")
        return value
    if isinstance(value, float):
        raise TypeError(
            f"binary floating point {value!r} is not exact; give a Decimal, an int or text"
        )
    if isinstance(value, str):
        from kpiplan._units import builtin_units

        units = _unit_set.get() or builtin_units()
        return units.parse_amount(value, unit=_current_unit.get()).value
    raise TypeError(f"expected a number, got {_type_name(value)} {value!r}")


def _unstructure_decimal(value: Decimal) -> int | float:
    # Integral values become ints; the others floats, whose shortest repr is the
    # same decimal digits because the model allows at most 15 significant digits.
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _structure_share(value: object, _: type) -> Decimal | None:
    """A companion share in percent: a number, or text such as ``7%``."""
    if value is None:
        return None
    if isinstance(value, str):
        from kpiplan._units import parse_amount

        return parse_amount(value, unit="%").value
    return _structure_decimal(value, Decimal)


#: Fiscal years already read, by the plan's default era and whether they are calendar
#: years, then by their text: a plan writes the same few year keys in every table.
_years_read: dict[tuple[str | None, bool], dict[str, FiscalYear]] = {}


def _parse_year(text: str) -> FiscalYear:
    return _parse_year_in(text, _default_era.get(), _calendar.get())


def _years_in(era: str | None, calendar: bool) -> dict[str, FiscalYear]:
    """The fiscal years already read in this era and year basis, by their text."""
    years = _years_read.get((era, calendar))
    if years is None:
        years = _years_read[era, calendar] = {}
    return years


def _parse_year_in(text: str, era: str | None, calendar: bool) -> FiscalYear:
    years = _years_in(era, calendar)
    year = years.get(text)
    if year is None:
        year = FiscalYear.parse(text, default_era=era, calendar=calendar)
        if len(years) >= 4096:
            # Bounded against a file made of many different year keys.
            years.clear()
        years[text] = year
    return year


def _structure_fiscal_year(value: object, _: type) -> FiscalYear:
    if isinstance(value, FiscalYear):
        return value
    if isinstance(value, str):
        return _parse_year(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return FiscalYear(value)
    raise TypeError(f'expected a fiscal year such as "R4", got {_type_name(value)} {value!r}')


def _structure_year_month(value: object, _: type) -> YearMonth:
    if isinstance(value, str):
        return YearMonth.parse(value)
    raise TypeError(f'expected a month such as "R3.4", got {_type_name(value)} {value!r}')


def _structure_date(value: object, _: type) -> date:
    if isinstance(value, datetime):
        raise TypeError(f"expected a date without a time, got {value.isoformat()}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise TypeError(f'expected a date such as "R4.3.31", got {_type_name(value)} {value!r}')


def _structure_decided(value: object, _: Any) -> date | YearMonth:
    """When a revision was decided: a date (R3.3.31), or a month (R3.3, 令和3年3月)."""
    if isinstance(value, str):
        try:
            return parse_date(value)
        except FiscalYearError as as_date:
            try:
                return YearMonth.parse(value)
            except FiscalYearError:
                raise as_date from None
    return _structure_date(value, date)


def _unstructure_decided(value: date | YearMonth) -> str:
    return str(value) if isinstance(value, YearMonth) else value.isoformat()


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in cls)
        raise ValueError(f"expected one of {allowed}, got {value!r}") from None


def _optional(hook: Callable[[Any, Any], T]) -> Callable[[Any, Any], T | None]:
    def structure_optional(value: object, tp: Any) -> T | None:
        return None if value is None else hook(value, tp)

    return structure_optional


# -- container hooks -------------------------------------------------------------


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_hook(converter: cattrs.Converter, tp: Any) -> Callable[[Any, Any], Any]:
    item_type = get_args(tp)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {_type_name(value)} {value!r}")
        result = []
        errors = []
        for index, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"@ index {index}", index, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {tp!r}", errors, tp)
        return tuple(result)

    return structure_tuple


#: Converters a builder's own reading does: it gives Decimals and tuples already.
_BUILT_CONVERTERS = frozenset({_optional_decimal, _to_decimal, _as_tuple, _optional_tuple})

_PLAIN_VALUE_ACTUAL = (
    "f_value is not None and f_stage is None and (f_status is CONFIRMED or f_status is ESTIMATE)"
)

#: What builders check beside their fields' validators, for the classes that check
#: their optional numbers and texts together (``_model._check_own_fields``): the texts
#: that must not be blank, the rest of the class's checks, and when that rest cannot
#: fail (a plain value target; a value actual neither in progress nor unreported).
_BUILDER_CHECKS: dict[type[Any], tuple[frozenset[str], Callable[[Any], None], str]] = {
    Target: (
        frozenset({"stage", "statement", "note", "no_target", "printed"}),
        _check_target,
        "f_value is not None and f_minimum is None and f_maximum is None"
        " and f_stage is None and f_statement is None and f_trend is None"
        " and f_rank is None and f_no_target is None and f_through is None",
    ),
    Actual: (
        frozenset({"stage", "text", "note", "official_grade"}),
        _check_result,
        _PLAIN_VALUE_ACTUAL,
    ),
    ActualState: (
        frozenset({"stage", "text", "note"}),
        _check_result,
        _PLAIN_VALUE_ACTUAL,
    ),
}


#: The types of per-year tables: read by their owner's builder when regular.
_YEARLY = (tuple[Target, ...], tuple[Actual, ...])


def _builder(converter: cattrs.Converter, cls: type[Any]) -> Callable[..., Any] | None:
    """The generated builder of a model class (``kpiplan._build``), or None if it has none."""
    if cls.__module__ != Plan.__module__ or not can_build(cls, _BUILT_CONVERTERS):
        return None
    non_empty, check, unless = _BUILDER_CHECKS.get(cls, (frozenset(), None, None))
    tables = None
    if any(field.type in _YEARLY for field in attrs.fields(attrs.resolve_types(cls))):
        items = {tp: item for tp in _YEARLY if (item := _builder(converter, get_args(tp)[0]))}
        tables = YearTables(items, _default_era.get, _calendar.get, _years_in, _parse_year_in)
    return make_builder(
        cls,
        converter.get_structure_hook,
        text=_checked_text,
        non_empty=non_empty,
        check=check,
        unless=unless,
        constants={"CONFIRMED": ActualStatus.CONFIRMED, "ESTIMATE": ActualStatus.ESTIMATE},
        tables=tables,
    )


def _make_attrs_hook(
    converter: cattrs.Converter, cls: type[Any], *, build: bool = False
) -> Callable[[Any, Any], Any]:
    """The structuring hook of an attrs class; with ``build``, its builder first."""
    slow = _make_slow_attrs_hook(converter, cls)
    builder = _builder(converter, cls) if build else None
    if builder is None:
        return slow
    unit_fields = [field for field in attrs.fields(cls) if field.name == "unit"]
    default_unit = unit_fields[0].default if unit_fields else None
    if not isinstance(default_unit, str):
        default_unit = None
    is_indicator = cls is Indicator

    def built(value: object, _: Any) -> Any:
        if type(value) is dict and _fast_tables.get():
            try:
                if is_indicator:
                    return _build_indicator(builder, value)
                if unit_fields:
                    unit = value.get("unit", default_unit)
                    token = _current_unit.set(unit if isinstance(unit, str) else None)
                    try:
                        return builder(value)
                    finally:
                        _current_unit.reset(token)
                return builder(value)
            except Exception:
                pass  # Not regular data: read the detailed way, which says what is wrong.
        return slow(value, cls)

    return built


def _build_indicator(builder: Callable[..., Any], value: dict[str, Any]) -> Any:
    """An indicator built in the context its hook sets (its unit, its year basis)."""
    if "code" not in value and isinstance(value.get("id"), str):
        value = {**value, "code": value["id"]}
    unit = value.get("unit")
    unit_token = _current_unit.set(unit if isinstance(unit, str) else None)
    calendar_token = _calendar.set(value.get("year_basis") == YearBasis.CALENDAR.value)
    try:
        return builder(value)
    finally:
        _calendar.reset(calendar_token)
        _current_unit.reset(unit_token)


def _make_slow_attrs_hook(converter: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    names = {field.name for field in attrs.fields(cls)}
    overrides = {"share": override(struct_hook=_structure_share)} if "share" in names else {}
    structure = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=True,
        **overrides,  # type: ignore[arg-type]
    )
    unit_fields = [field for field in attrs.fields(cls) if field.name == "unit"]
    has_unit = bool(unit_fields)
    default_unit = unit_fields[0].default if unit_fields else None
    if not isinstance(default_unit, str):
        default_unit = None
    is_indicator = cls is Indicator

    def structure_attrs(value: object, _: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_type_name(value)} {value!r}")
        if is_indicator:
            return structure_indicator(value)
        if has_unit:
            unit = value.get("unit", default_unit)
            token = _current_unit.set(unit if isinstance(unit, str) else None)
            try:
                return structure(value, cls)
            finally:
                _current_unit.reset(token)
        return structure(value, cls)

    def structure_indicator(value: dict[str, Any]) -> Any:
        # An indicator printed with no code of its own is named by its id.
        if "code" not in value and isinstance(value.get("id"), str):
            value = {**value, "code": value["id"]}
        unit = value.get("unit")
        calendar = value.get("year_basis") == YearBasis.CALENDAR.value
        unit_token = _current_unit.set(unit if isinstance(unit, str) else None)
        calendar_token = _calendar.set(calendar)
        try:
            return structure(value, cls)
        finally:
            _calendar.reset(calendar_token)
            _current_unit.reset(unit_token)

    return structure_attrs


def _make_yearly_hooks(
    converter: cattrs.Converter, cls: type[Target] | type[Actual]
) -> tuple[Callable[[Any, Any], Any], Callable[[Any], Any]]:
    """Hooks that turn a tuple of per-year items into a table keyed by fiscal year."""
    item_hook = converter.get_structure_hook(cls)

    def structure_yearly(value: object, tp: Any) -> tuple[Any, ...]:
        # Regular tables are read by their owner's builder (kpiplan._build); this
        # hook reads the others, and those of owners read the detailed way.
        if not isinstance(value, dict):
            raise TypeError(
                f"expected a table keyed by fiscal year (R3 = …), got {_type_name(value)}"
            )
        # Keyed by the year's number: hashing and ordering ints is cheaper.
        items: dict[int, Any] = {}
        errors: list[Exception] = []
        era, calendar = _default_era.get(), _calendar.get()
        for key, raw in value.items():
            try:
                year = (
                    _parse_year_in(key, era, calendar) if isinstance(key, str) else FiscalYear(key)
                )
                if year.year in items:
                    raise ValueError(f"{year} is given twice")
                if isinstance(raw, dict):
                    if "year" in raw:
                        raise ValueError("the year is the key; remove 'year' from the table")
                    data = {"year": year, **raw}
                elif isinstance(raw, str) and (shared := _WITH_SHARE.fullmatch(raw)):
                    data = {"year": year, "value": shared["value"], "share": shared["share"]}
                else:
                    data = {"year": year, "value": raw}
                items[year.year] = item_hook(data, cls)
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"@ key {key!r}", str(key), cls),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"while structuring {tp!r}", errors, tp)
        return tuple(items[year] for year in sorted(items))

    item_unstructure = converter.get_unstructure_hook(cls)

    def unstructure_yearly(items: tuple[Any, ...]) -> dict[str, Any]:
        result = {}
        for item in items:
            data = item_unstructure(item)
            del data["year"]
            result[item.year.canonical()] = data
        return result

    return structure_yearly, unstructure_yearly


@functools.cache
def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """The converter between the plan model and plain data (cached, never the global one).

    Args:
        detailed: Collect every structuring error with its path (cattrs' detailed
            validation). Without it structuring is faster but stops at the first
            error; kpiplan reads with it off and, only if that fails, again with it on.

    Returns:
        A ``cattrs.Converter`` with kpiplan's hooks: strict scalars, exact numbers,
        fiscal years and dates as text, per-year tables, unknown keys forbidden.
    """
    converter = cattrs.Converter(
        omit_if_default=True, forbid_extra_keys=True, detailed_validation=detailed
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    converter.register_structure_hook(FiscalYear, _structure_fiscal_year)
    converter.register_unstructure_hook(FiscalYear, FiscalYear.canonical)
    is_decided = functools.partial(operator.eq, date | YearMonth)
    converter.register_structure_hook_func(is_decided, _structure_decided)
    converter.register_unstructure_hook_func(is_decided, _unstructure_decided)
    converter.register_structure_hook(YearMonth, _structure_year_month)
    converter.register_unstructure_hook(YearMonth, str)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, lambda d: d.isoformat())
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    # Optional scalars are structured directly: cattrs' generic union handling would
    # dispatch on every call, and they occur in every target and actual.
    for scalar, hook in (
        (str, _structure_str),
        (Decimal, _structure_decimal),
        (FiscalYear, _structure_fiscal_year),
        (date, _structure_date),
    ):
        converter.register_structure_hook(scalar | None, _optional(hook))
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda t: _make_tuple_hook(converter, t)
    )
    converter.register_structure_hook_factory(
        attrs.has, lambda cls: _make_attrs_hook(converter, cls, build=not detailed)
    )
    for cls in (Target, Actual):
        structure, unstructure = _make_yearly_hooks(converter, cls)
        is_yearly = functools.partial(operator.eq, tuple[cls, ...])  # type: ignore[valid-type]
        converter.register_structure_hook_func(is_yearly, structure)
        converter.register_unstructure_hook_func(is_yearly, unstructure)
    return converter


# -- whole plans -------------------------------------------------------------------


def unstructure_plan(plan: Plan) -> dict[str, Any]:
    """The plan as plain data, ``schema_version`` first.

    Args:
        plan: The plan.

    Returns:
        A dict of str, int, float, bool, list and dict only, ready for ``json.dumps``.
    """
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(make_converter().unstructure(plan, Plan))
    return data


def to_data(plan: Plan) -> dict[str, Any]:
    """The plan as the canonical plain data that ``kpiplan.dumps`` writes as JSON.

    Exporters build on it (the ``json`` exporter, the workbook's hidden plan); the
    keys and their order are the file format's (docs/file-format.md).

    Args:
        plan: The plan.

    Returns:
        A new dict of str, int, float, bool, list and dict only, ``schema_version``
        first, ready for ``json.dumps``.
    """
    return unstructure_plan(plan)


def structure_plan(data: object) -> Plan:
    """Build a plan from plain data, reporting every problem with its path.

    Args:
        data: What a JSON or TOML parser returned.

    Returns:
        The plan (not yet checked across objects: see ``kpiplan.validate``).

    Raises:
        ValidationError: The data does not describe a plan; ``.problems`` lists why.
    """
    from kpiplan._errors import ValidationError

    if not isinstance(data, Mapping):
        raise ValidationError([Problem("", f"a plan must be a table, not {_type_name(data)}")])
    body = dict(data)
    # The json exporter adds the computed evaluation; it is recomputed, never read.
    body.pop("evaluation", None)
    version = body.pop("schema_version", SCHEMA_VERSION)
    _check_indicator_count(body)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise ValidationError(
            [
                Problem(
                    "schema_version",
                    f"this kpiplan reads schema_version {SCHEMA_VERSION}, not {version!r}",
                )
            ]
        )
    with plan_context(body):
        try:
            return make_converter(detailed=False).structure(body, Plan)
        except Exception:
            # The detailed pass below finds and reports what is wrong.
            pass
        try:
            return make_converter().structure(body, Plan)
        except (BaseValidationError, ValueError, TypeError, KeyError) as exc:
            problems = problems_from_exception(exc, body)
        raise ValidationError(problems + _problems_beside(body, problems))


@contextlib.contextmanager
def plan_context(body: Mapping[str, Any]) -> Iterator[None]:
    """The context a plan's parts are structured in: its era and its declared units.

    Args:
        body: The plan's top level as parsed; only ``default_era`` and ``units`` are read.

    Yields:
        While inside, years and numbers with units are read as in that plan (so that a
        CSF read on its own is the CSF it is in the plan).
    """
    era = body.get("default_era")
    tokens = (
        _default_era.set(era if isinstance(era, str) else None),
        _unit_set.set(_declared_unit_set(body.get("units"))),
    )
    try:
        yield
    finally:
        _unit_set.reset(tokens[1])
        _default_era.reset(tokens[0])


def _declared_unit_set(raw: object) -> Any:
    """The unit set of a plan's ``units`` as written, so that "45分" or "3歳" in its
    tables convert; None when there are none (or they do not build: their problems
    are reported where they are structured and checked)."""
    if not raw:
        return None
    from kpiplan._units import declared_units

    try:
        definitions = make_converter(detailed=False).structure(raw, tuple[UnitDefinition, ...])
    except Exception:
        return None
    return declared_units(definitions)[0]


def _problems_beside(body: Mapping[str, Any], found: list[Problem]) -> list[Problem]:
    """The rule breaks in the parts of a plan that did build, beside its structural faults.

    So that one run reports every problem: the parts that built (each CSF, budget,
    activity…) are checked as they would be in a whole plan. Problems that may only
    come from a part left out (a link to an indicator that did not build) are dropped.
    """
    from kpiplan._validate import check

    converter = make_converter()
    parts: dict[str, Any] = {}
    skipped = False
    for field in attrs.fields(attrs.resolve_types(Plan)):
        if field.name not in body:
            continue
        raw = body[field.name]
        if _is_homogeneous_tuple(field.type) and isinstance(raw, list):
            item_type = get_args(field.type)[0]
            items = []
            for item in raw:
                try:
                    items.append(converter.structure(item, item_type))
                except Exception:
                    skipped = True
            parts[field.name] = tuple(items)
            continue
        try:
            parts[field.name] = converter.structure(raw, field.type)  # type: ignore[arg-type]
        except Exception:
            skipped = True
    if "period" not in parts:
        # Without a period, no year can be said to lie outside it.
        parts["period"] = PlanPeriod(FiscalYear(MIN_YEAR), FiscalYear(MAX_YEAR))
    parts.setdefault("title", "?")
    parts.setdefault("organization", "?")
    try:
        partial = Plan(**parts)
    except Exception:
        return []
    known = {(p.path, p.message) for p in found}
    beside = []
    for problem in check(partial):
        if skipped and ("links to" in problem.message or "is used" in problem.message):
            continue
        if (problem.path, problem.message) not in known:
            beside.append(problem)
    return beside


def _check_indicator_count(body: Mapping[str, Any]) -> None:
    from kpiplan._errors import ValidationError

    kgis = body.get("kgis")
    count = len(kgis) if isinstance(kgis, list) else 0
    csfs = body.get("csfs")
    for csf in csfs if isinstance(csfs, list) else ():
        indicators = csf.get("indicators") if isinstance(csf, Mapping) else None
        count += len(indicators) if isinstance(indicators, list) else 0
    limit = current_limits().max_indicators
    if count > limit:
        raise ValidationError(
            [
                Problem(
                    "",
                    f"{count:,} indicators are over the limit max_indicators={limit:,}; "
                    "to read them, pass limits=kpiplan.Limits(max_indicators=…) to kpiplan.load "
                    "or --limit max_indicators=… to the kpiplan command",
                )
            ]
        )


def problems_from_exception(exc: BaseException, raw: object, path: str = "") -> list[Problem]:
    """Flatten a (possibly grouped) structuring error into problems with paths.

    Args:
        exc: The exception raised while structuring.
        raw: The data being structured at ``path``, used to name list items.
        path: The path so far.

    Returns:
        One problem per leaf error, in document order.
    """
    if isinstance(exc, BaseValidationError):
        problems: list[Problem] = []
        for sub in exc.exceptions:
            sub_path, sub_raw = _step(sub, raw, path)
            problems.extend(problems_from_exception(sub, sub_raw, sub_path))
        return problems
    return [Problem(path, _message(exc, raw))]


def _step(exc: BaseException, raw: object, path: str) -> tuple[str, object]:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            child = raw.get(note.name) if isinstance(raw, Mapping) else None
            return (f"{path}.{note.name}" if path else note.name), child
        if isinstance(note, IterableValidationNote):
            return _item_step(raw, path, note.index)
    return path, raw


def _item_step(raw: object, path: str, index: int | str) -> tuple[str, object]:
    if isinstance(raw, Mapping):
        return f"{path}[{index}]", raw.get(index)
    if isinstance(raw, list | tuple) and isinstance(index, int) and index < len(raw):
        item = raw[index]
        field = path.rsplit(".", 1)[-1].split("[", 1)[0]
        key = _LABEL_KEYS.get(field)
        if (
            key
            and isinstance(item, Mapping)
            and key not in item
            and field in ("kgis", "indicators")
        ):
            key = "id"  # an indicator with no code of its own is named by its id
        if key and isinstance(item, Mapping) and isinstance(item.get(key), str | int):
            return f"{path}[{item[key]}]", item
        return f"{path}[{index}]", item
    return f"{path}[{index}]", None


def _message(exc: BaseException, raw: object) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [field.name for field in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        parts = []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            parts.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        return f"unknown key {', '.join(parts)}; known keys: {', '.join(known)}"
    if isinstance(exc, KeyError):
        return "required but missing"
    if isinstance(exc, FiscalYearError | UnitError):
        return str(exc)
    if isinstance(exc, InvalidOperation):
        return f"not a number: {raw!r}"
    text = str(exc)
    return text or type(exc).__name__
