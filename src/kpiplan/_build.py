"""Builders: one function per model class, generated once, from parsed data to the instance.

cattrs structures an object by calling its generated function, which calls the attrs
``__init__``, which calls a converter and a validator per field and then
``__attrs_post_init__``. For a plan of 300 indicators that is about 3,300 objects and
most of the time a load takes. A builder does the same work in one generated
function (as attrs and cattrs generate theirs): it reads the parsed dict's keys,
checks and converts each value the way the converter's hook would, fills the
instance's slots through their member descriptors (the class stays the slotted attrs
class users know), then runs the model's own checks that are not fused into it.

A builder only ever says "built" or "not mine": on anything irregular (an unknown or
missing key, a value of another type, a number written as text, a check that fails)
it raises, and the converter reads the object the detailed way as before, which
gives the same object or the same problem (tests/test_fast_path.py proves it).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, get_args

import attrs

from kpiplan._fast import in_year_order, shared_number

__all__ = ["Irregular", "YearTables", "can_build", "make_builder"]

FieldHook = Callable[[Any, Any], Any]


@attrs.frozen
class YearTables:
    """How a builder reads its per-year tables (targets, actuals) itself.

    The year keys are read in the era and year basis in force when the owner (an
    indicator, a series, a revision) is built, looked up once per owner.
    """

    items: Mapping[Any, Callable[..., Any]]
    """The builder of a table's items, by the table's field type (``tuple[Target, ...]``)."""
    era: Callable[[], str | None]
    """The era bare years are read in."""
    calendar: Callable[[], bool]
    """Whether the years are calendar years."""
    years_in: Callable[[str | None, bool], Mapping[str, Any]]
    """The years already read in an era and year basis, by their text."""
    parse_year: Callable[[str, str | None, bool], Any]
    """Reads a year key (text, era, calendar years)."""


#: Ints below this in size have at most 15 significant digits and lie within the
#: bounds every number of the model must keep (``_model._finite_number``).
_SMALL = 10**15


class Irregular(Exception):
    """The data is not what a builder reads; the detailed path is to read it."""


def _kind(tp: Any) -> tuple[str, bool, Any]:
    """How a field's values are read: its kind, whether None is allowed, and its type."""
    args = get_args(tp)
    optional = type(None) in args and len(args) == 2
    inner = next(arg for arg in args if arg is not type(None)) if optional else tp
    if inner is Decimal:
        return "number", optional, inner
    if inner is str:
        return "text", optional, inner
    if inner is bool:
        return "bool", optional, inner
    if inner is int:
        return "int", optional, inner
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "enum", optional, inner
    return "hook", optional, tp


def can_build(cls: type[Any], skippable: frozenset[Callable[[Any], Any]]) -> bool:
    """Whether a builder can stand for ``cls``'s ``__init__``: no factory defaults, and
    only converters whose work the builder's own reading already does."""
    for field in attrs.fields(cls):
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return False
        if field.converter is not None and field.converter not in skippable:
            return False
        if field.alias != field.name or not field.init:
            return False
    return True


def make_builder(
    cls: type[Any],
    hooks: Callable[[Any], FieldHook],
    *,
    text: Callable[[str], str],
    non_empty: frozenset[str] = frozenset(),
    check: Callable[[Any], None] | None = None,
    unless: str | None = None,
    constants: Mapping[str, object] | None = None,
    tables: YearTables | None = None,
) -> Callable[..., Any]:
    """Generate the builder of ``cls``.

    Args:
        cls: A slotted attrs class (see :func:`can_build`).
        hooks: The converter's structuring hook of a field's type, for the fields
            that are not numbers, texts, flags, ints or enums (years, dates,
            nested objects, tuples, per-year tables).
        text: Checks a text as the converter's hook does (control characters,
            length limit) and gives it, shared between objects where it can be.
        non_empty: Texts the builder checks are not blank although no field
            validator says so (the class checks them in ``__attrs_post_init__``).
        check: Called with the built instance instead of ``__attrs_post_init__``
            (the class's checks minus those fused in); None: the class's own.
        unless: A condition on the fields read (each field as ``f_<name>``) under
            which ``check`` cannot fail, so is not called: the common case fused in.
        constants: Names ``unless`` uses beside the fields.
        tables: Reads the fields whose type is in ``tables.items`` (per-year
            tables of regular data) in the builder's own loop, each item straight
            to its builder; an irregular table is read by the field's hook, the
            detailed way.

    Returns:
        ``build(raw)`` (``build(raw, year)`` for a class with a year, when the
        year is the dict's key in a per-year table): the instance of the parsed
        dict ``raw``, or
        :class:`Irregular` (or another exception) raised when ``raw`` is not
        regular data of ``cls``.
    """
    from kpiplan._model import _finite_number, _non_empty, _optional_non_empty

    fields = attrs.fields(attrs.resolve_types(cls))
    blank_checks = (_non_empty, _optional_non_empty)
    non_empty = non_empty | {
        field.name for field in fields if set(_validators(field.validator)) & set(blank_checks)
    }
    namespace: dict[str, Any] = {
        "Irregular": Irregular,
        "new": object.__new__,
        "cls": cls,
        "Decimal": Decimal,
        "SMALL": _SMALL,
        "number": shared_number,
        "finite": _finite_number,
        "text": text,
        "in_year_order": in_year_order,
    }
    namespace.update(constants or {})
    head: list[str] = []
    body: list[str] = []
    sets: list[str] = []
    after: list[str] = []
    signature = "raw"
    table_items = tables.items if tables is not None else {}
    for index, field in enumerate(fields):
        name, var = field.name, f"f_{field.name}"
        kind, optional, tp = _kind(field.type)
        namespace[f"A{index}"] = field
        namespace[f"S{index}"] = cls.__dict__[name].__set__
        sets.append(f"    S{index}(o, {var})")
        default = "Irregular"  # for a required field: still so when missing, refused
        if field.default is not attrs.NOTHING:
            namespace[f"D{index}"], default = field.default, f"D{index}"
        if name == "year":
            # The year given beside the dict (its key in a per-year table), if any.
            signature = f"raw, year={default}"
            head.append(f"    {var} = year")
        else:
            head.append(f"    {var} = {default}")
        body.append(f"        {'if' if not body else 'elif'} key == {name!r}:")
        if optional:
            body.append(f"            if v is None: {var} = None")
            body.append("            else:")
        if field.type in table_items:
            kind = "table"
            namespace[f"B{index}"] = table_items[field.type]
        body.extend(_read(kind, var, index, name in non_empty, "                "))
        if kind == "enum":
            namespace[f"E{index}"] = tp._value2member_map_
        elif kind in ("hook", "table"):
            namespace[f"H{index}"], namespace[f"T{index}"] = hooks(tp), tp
        for number, validator in enumerate(_validators(field.validator)):
            if (validator is _finite_number and kind == "number") or (
                validator in blank_checks and kind == "text"
            ):
                continue  # done while reading
            namespace[f"V{index}_{number}"] = validator
            after.append(f"    V{index}_{number}(o, A{index}, {var})")
    required = [f"f_{f.name}" for f in fields if f.default is attrs.NOTHING]
    namespace["check"] = check if check is not None else getattr(cls, "__attrs_post_init__", None)
    if tables is not None and any(field.type in table_items for field in fields):
        namespace.update(
            ERA=tables.era, CAL=tables.calendar, YEARS=tables.years_in, parse=tables.parse_year
        )
        # Read once per owner, not per table: its tables share the era and year basis.
        head.append("    era = ERA(); calendar = CAL(); years = YEARS(era, calendar)")
    source = "\n".join(
        [
            f"def build({signature}):",
            *head,
            "    for key, v in raw.items():",
            *body,
            "        else:",
            "            raise Irregular(key)",
            *(f"    if {var} is Irregular: raise Irregular" for var in required),
            "    o = new(cls)",
            *sets,
            *after,
            *(_check_call(namespace["check"] is not None, unless)),
            "    return o",
        ]
    )
    exec(compile(source, f"<kpiplan builder {cls.__qualname__}>", "exec"), namespace)
    build: Callable[..., Any] = namespace["build"]
    return build


def _check_call(check: bool, unless: str | None) -> list[str]:
    """The generated call of the class's remaining checks, skipped when ``unless`` holds."""
    if not check:
        return []
    if unless is None:
        return ["    check(o)"]
    return [f"    if not ({unless}): check(o)"]


def _read(kind: str, var: str, index: int, non_empty: bool, pad: str) -> list[str]:
    """Lines of generated code that read ``v`` into ``var`` as the field's kind."""
    if kind == "number":
        return [
            f"{pad}if type(v) is int and -SMALL < v < SMALL: {var} = number(v)",
            f"{pad}elif type(v) is Decimal: finite(None, A{index}, v); {var} = v",
            f"{pad}else: raise Irregular",
        ]
    if kind == "text":
        blank = f"{pad}if not {var}.strip(): raise Irregular" if non_empty else ""
        return [
            f"{pad}if type(v) is str: {var} = text(v)",
            f"{pad}else: raise Irregular",
            *([blank] if blank else []),
        ]
    if kind == "bool":
        return [f"{pad}if type(v) is bool: {var} = v", f"{pad}else: raise Irregular"]
    if kind == "int":
        return [f"{pad}if type(v) is int: {var} = v", f"{pad}else: raise Irregular"]
    if kind == "enum":
        return [f"{pad}if type(v) is str: {var} = E{index}[v]", f"{pad}else: raise Irregular"]
    if kind == "table":
        return _read_table(var, index, pad)
    return [f"{pad}{var} = H{index}(v, T{index})"]


def _read_table(var: str, index: int, pad: str) -> list[str]:
    """Lines that read the per-year table ``v`` into ``var``: each item straight to
    its builder ``B<index>``, in the file's year order; the field's hook when the
    table is not regular data, so the detailed path says what is wrong."""
    inner = pad + "    "
    return [
        f"{pad}{var} = None",
        f"{pad}if type(v) is dict:",
        f"{inner}items = []; last = 0; ordered = True",
        f"{inner}try:",
        f"{inner}    for y_key, y_raw in v.items():",
        f"{inner}        if type(y_key) is not str or type(y_raw) is not dict or 'year' in y_raw:",
        f"{inner}            raise Irregular",
        f"{inner}        y = years.get(y_key) or parse(y_key, era, calendar)",
        f"{inner}        if y.year <= last: ordered = False",
        f"{inner}        last = y.year",
        f"{inner}        items.append(B{index}(y_raw, y))",
        f"{inner}    {var} = tuple(items) if ordered else in_year_order(items)",
        f"{inner}except Exception:",
        f"{inner}    {var} = None",
        f"{pad}if {var} is None: {var} = H{index}(v, T{index})",
    ]


def _validators(validator: Any) -> tuple[Any, ...]:
    """A field's validators, the parts of an ``and_`` one by one."""
    if validator is None:
        return ()
    parts = getattr(validator, "_validators", None)
    return tuple(parts) if isinstance(parts, tuple) else (validator,)
