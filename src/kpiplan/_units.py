"""Units of plan figures (件, 人, %, 千円 …): checking, converting, parsing, formatting.

The units are defined in ``units.txt`` next to this module and loaded into a pint
registry of kpiplan's own (no SI units, no prefixes: ``k円`` is unknown). The
registry is built on first use, so importing this module does not import pint
(``kpiplan --help`` stays fast).

Every unit has a *kind*, the name of its dimension: ``currency`` for 円 and 千円,
``percent`` for %, and one kind per thing counted (``case`` for 件, ``person`` for
人 …). Values convert only within a kind, and exactly, in :class:`~decimal.Decimal`.
"""

from __future__ import annotations

import decimal
import functools
import importlib.resources
import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from kpiplan._errors import UnitError

__all__ = [
    "Amount",
    "UnitError",
    "check_unit",
    "convert",
    "format_amount",
    "is_money",
    "known_units",
    "parse_amount",
    "registry",
    "same_kind",
    "unit_kind",
]

#: The definitions file, a resource of this package.
_DEFINITIONS = "units.txt"

#: The kind of the registry's dimensionless units.
_PERCENT_KIND = "percent"

#: Signs a number may start with: ASCII, U+2212 MINUS SIGN and the triangles that
#: Japanese tables use for negative numbers (△ and ▲ both mean minus).
_MINUS_SIGNS = frozenset("-\u2212△▲")

#: A number as plans write it, after NFKC: sign, digits (commas checked later),
#: decimal part. ASCII digits only: NFKC has turned full-width ones into these.
_NUMBER = re.compile(r"(?P<sign>[+\-\u2212△▲]?)(?P<whole>[0-9][0-9,]*)(?P<fraction>\.[0-9,]*)?")

#: Prefix letters of SI units; a unit starting with one of them gets a hint.
_SI_PREFIXES = "kMGTPmμcdh"


@attrs.frozen
class _Unit:
    """A unit of the registry, with what kpiplan needs to know of it."""

    symbol: str
    """The canonical symbol, as written in plans (``千円``)."""

    name: str
    """pint's name of the unit (``thousand_yen``)."""

    kind: str
    """The name of the unit's dimension (``currency``)."""

    factor: Decimal
    """How many of the kind's base unit one of this unit is (1000 for 千円)."""


def _check_value(instance: Amount, attribute: attrs.Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(
            f"`Amount.value` should be a Decimal, but was {type(value).__name__} {value!r}"
        )
    if not value.is_finite():
        raise UnitError(value, f"`Amount.value` should be a finite number, but was {value}")


def _check_canonical(instance: Amount, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"`Amount.unit` should be a str, but was {type(value).__name__} {value!r}")
    if check_unit(value) != value:
        raise UnitError(
            value,
            f"`Amount.unit` should be a canonical unit symbol such as {check_unit(value)}, "
            f"but was {value!r}",
        )


@attrs.frozen
class Amount:
    """A number with its unit, as a plan writes it: ``1,800件``, ``87%``, ``95,027千円``.

    Make one with :func:`parse_amount`, write it with :func:`format_amount`.
    """

    value: Decimal = attrs.field(validator=_check_value)
    """The number, exact; never a float."""

    unit: str = attrs.field(validator=_check_canonical)
    """The unit's canonical symbol (``件``, ``%``, ``千円``, ``人`` …), see
    :func:`check_unit`."""

    def __str__(self) -> str:
        return format_amount(self)


@functools.cache
def registry() -> Any:
    """Return kpiplan's pint registry, building it on the first call.

    The registry holds only the units of ``units.txt`` and computes in
    :class:`~decimal.Decimal`. It is shared: do not add definitions to it.

    Returns:
        The ``pint.UnitRegistry``.
    """
    import pint

    units: Any = pint.UnitRegistry(None, non_int_type=Decimal, cache_folder=None)
    resource = importlib.resources.files("kpiplan").joinpath(_DEFINITIONS)
    with importlib.resources.as_file(resource) as path:
        units.load_definitions(str(path))
    return units


@functools.cache
def _units() -> dict[str, _Unit]:
    """The registry's units by canonical symbol, sorted."""
    units = registry()
    found: dict[str, _Unit] = {}
    for name in units.get_group("root").members:
        dimensions = dict(units.get_dimensionality(name))
        if not dimensions:
            kind = _PERCENT_KIND
        elif len(dimensions) == 1 and next(iter(dimensions.values())) == 1:
            kind = next(iter(dimensions)).strip("[]")
        else:  # pragma: no cover - units.txt defines no compound units
            raise RuntimeError(f"{_DEFINITIONS}: {name} is not of a single kind: {dimensions}")
        factor, _ = units.get_base_units(name)
        symbol = units.get_symbol(name)
        found[symbol] = _Unit(symbol=symbol, name=name, kind=kind, factor=Decimal(factor))
    return dict(sorted(found.items()))


@functools.lru_cache(maxsize=1024)
def _find(text: str) -> _Unit | None:
    """The unit ``text`` (already NFKC-normalised) names, if any."""
    units = _units()
    if text in units:
        return units[text]
    if not text:
        return None
    by_name = {unit.name: unit for unit in units.values()}
    for prefix, name, _suffix in registry().parse_unit_name(text):
        if not prefix and name in by_name:
            return by_name[name]
    return None


def _unit(unit: str) -> _Unit:
    """The unit ``unit`` names, or UnitError."""
    if not isinstance(unit, str):
        raise TypeError(f"a unit should be a str, but was {type(unit).__name__} {unit!r}")
    text = unicodedata.normalize("NFKC", unit).strip()
    found = _find(text)
    if found is not None:
        return found
    known = ", ".join(known_units())
    if not text:
        raise UnitError(unit, f"no unit given; write one of {known}")
    hint = ""
    if len(text) > 1 and text[0] in _SI_PREFIXES and _find(text[1:]) is not None:
        hint = f" (Japanese units take no SI prefix {text[0]!r}: write 千円, not k円)"
    raise UnitError(unit, f"unknown unit {text!r}{hint}; known units are {known}")


def check_unit(unit: str) -> str:
    """Check a unit and return its canonical symbol.

    The unit is NFKC-normalised first, so ``％`` is ``%``. Names and other
    spellings are accepted too: ``thousand_yen`` gives ``千円``, ``か所`` gives
    ``箇所``.

    Args:
        unit: The unit as written.

    Returns:
        The canonical symbol, one of :func:`known_units`.

    Raises:
        UnitError: The unit is unknown (or empty); the message lists the known units.
        TypeError: ``unit`` is not a str.
    """
    return _unit(unit).symbol


def known_units() -> tuple[str, ...]:
    """Return the canonical symbols of all units, sorted.

    Returns:
        The symbols, such as ``("%", ...,"千円", ..., "件", ...)``.
    """
    return tuple(_units())


def unit_kind(unit: str) -> str:
    """Return the kind of a unit: the stable name of its dimension.

    ``currency`` for 円, 千円, 百万円, 億円; ``percent`` for %; for the counts
    ``case`` (件), ``person`` (人), ``room`` (室), ``procedure`` (手続),
    ``municipality`` (市町村), ``scenario`` (シナリオ), ``times`` (回), ``place``
    (箇所), ``device`` (台), ``school`` (校), ``organization`` (団体),
    ``project`` (事業), ``hour`` (時間), ``day`` (日).

    Args:
        unit: A unit, as :func:`check_unit` accepts it.

    Returns:
        The kind's name.

    Raises:
        UnitError: The unit is unknown.
    """
    return _unit(unit).kind


def same_kind(a: str, b: str) -> bool:
    """Tell whether two units are of the same kind, so that values convert.

    Args:
        a: A unit.
        b: Another unit.

    Returns:
        True if a value in ``a`` converts to ``b`` (千円 and 円), else False (件 and 人).

    Raises:
        UnitError: Either unit is unknown.
    """
    return _unit(a).kind == _unit(b).kind


def is_money(unit: str) -> bool:
    """Tell whether a unit is money (円, 千円, 百万円, 億円).

    Args:
        unit: A unit.

    Returns:
        True if the unit's kind is ``currency``.

    Raises:
        UnitError: The unit is unknown.
    """
    return _unit(unit).kind == "currency"


def _as_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(
            f"expected a Decimal or an int, but got {type(value).__name__} {value!r}"
            + (" (binary floating point is not exact)" if isinstance(value, float) else "")
        )
    number = Decimal(value)
    if not number.is_finite():
        raise UnitError(value, "not a finite number; give digits")
    return number


def _digits(number: Decimal) -> int:
    return len(number.as_tuple().digits)


def convert(value: Decimal | int, from_unit: str, to_unit: str) -> Decimal:
    """Convert a value from one unit to another of the same kind, exactly.

    Args:
        value: The number, in ``from_unit``.
        from_unit: Its unit.
        to_unit: The unit wanted.

    Returns:
        The same quantity in ``to_unit``: ``convert(95027, "千円", "円")`` is
        ``Decimal("95027000")``.

    Raises:
        UnitError: A unit is unknown, the units are of different kinds ("a 件 value
            cannot be converted to 人"), the value is not finite, or the result
            would not be exact.
        TypeError: ``value`` is not a Decimal or an int (a float, say).
    """
    number = _as_decimal(value)
    source = _unit(from_unit)
    target = _unit(to_unit)
    if source.kind != target.kind:
        raise UnitError(
            f"{value}{source.symbol}",
            f"a {source.symbol} value cannot be converted to {target.symbol}: "
            f"{source.symbol} is a {source.kind} unit, {target.symbol} a {target.kind} unit",
        )
    if source == target:
        return number
    context = decimal.Context(
        prec=_digits(number) + _digits(source.factor) + _digits(target.factor) + 30,
        Emax=decimal.MAX_EMAX,
        Emin=decimal.MIN_EMIN,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )
    product = context.multiply(number, source.factor)
    result = context.divide(product, target.factor)
    if context.flags[decimal.Inexact]:  # pragma: no cover - units.txt has exact factors
        raise UnitError(
            f"{value}{source.symbol}",
            f"{value}{source.symbol} has no exact value in {target.symbol}",
        )
    return result


def _number(text: str, match: re.Match[str]) -> Decimal:
    """The Decimal of a matched number, after checking its thousands groups."""
    whole = match["whole"]
    fraction = match["fraction"] or ""
    if "," in whole:
        first, *groups = whole.split(",")
        if not 1 <= len(first) <= 3 or first.startswith("0") or any(len(g) != 3 for g in groups):
            raise UnitError(
                text,
                f"malformed number {whole!r}: separate thousands in groups of exactly "
                "3 digits (1,800 or 1800)",
            )
    if fraction == ".":
        raise UnitError(text, "malformed number: a decimal point needs digits after it (95.8)")
    if "," in fraction:
        raise UnitError(text, "malformed number: no commas after the decimal point (1,234.56)")
    sign = "-" if match["sign"] in _MINUS_SIGNS else ""
    return Decimal(sign + whole.replace(",", "") + fraction)


def parse_amount(text: str, *, unit: str | None = None) -> Amount:
    """Read a number with its unit, as plans write it: ``1,800件``, ``８７％``, ``△3件``.

    The text is NFKC-normalised first (full-width digits, ``，`` and ``％``
    become ASCII). Then comes an optional sign (``+``, ``-``, ``−``, or ``△``
    or ``▲``, which mean minus in Japanese tables), digits with thousands
    separated in groups of exactly three, an optional decimal part, and an
    optional unit (spaces around it are allowed). The value is made from the
    digits, never through a float.

    Args:
        text: The text to read.
        unit: The unit wanted. A bare number takes it; a number with a unit of
            the same kind is converted to it (exactly); another kind is an error.

    Returns:
        The amount, in ``unit`` if given, else in the unit written (canonical).

    Raises:
        UnitError: The text is empty, no number, a malformed number (``1,8``),
            NaN or infinity; the unit is unknown or of another kind than
            ``unit``; or there is no unit at all.
        TypeError: ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text, but got {type(text).__name__} {text!r}")
    wanted = _unit(unit) if unit is not None else None
    normal = unicodedata.normalize("NFKC", text).strip()
    if not normal:
        raise UnitError(text, "empty; expected a number with its unit, such as 1,800件")
    match = _NUMBER.match(normal)
    if match is None:
        raise UnitError(text, "not a number; expected digits with a unit, such as 1,800件 or 87%")
    value = _number(text, match)
    rest = normal[match.end() :].strip()
    if rest and rest[0] in "0123456789.,":
        raise UnitError(
            text, "malformed number; expected digits, thousands groups and one decimal point"
        )
    if not rest:
        if wanted is None:
            raise UnitError(
                text, "no unit; write the unit after the number (1,800件, 87%, 95,027千円)"
            )
        return Amount(value, wanted.symbol)
    try:
        written = _unit(rest)
    except UnitError as exc:
        raise UnitError(text, exc.reason) from None
    if wanted is None or written == wanted:
        return Amount(value, written.symbol)
    try:
        converted = convert(value, written.symbol, wanted.symbol)
    except UnitError as exc:
        raise UnitError(text, exc.reason) from None
    return Amount(converted, wanted.symbol)


def format_amount(amount: Amount, *, grouping: bool = True) -> str:
    """Write an amount as plans do: ``1,800件``, ``87%``, ``95.8%``, ``-3件``.

    Trailing zeros of the decimal part are dropped (``95.80`` is written ``95.8``),
    a negative value gets an ASCII ``-``. :func:`parse_amount` reads the result
    back to an equal amount.

    Args:
        amount: The amount.
        grouping: Separate thousands with commas (``1,800``); False writes ``1800``.

    Returns:
        The number and the unit's symbol, with no space between.
    """
    value = amount.value
    if value.is_zero():
        number = "0"
    else:
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)  # finite, checked by Amount
        kept = list(digits)
        while exponent < 0 and kept[-1] == 0:
            kept.pop()
            exponent += 1
        stripped = Decimal((sign, tuple(kept), exponent))
        number = format(stripped, ",f" if grouping else "f")
    return number + amount.unit
