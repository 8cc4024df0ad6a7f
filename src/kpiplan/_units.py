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
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from kpiplan._errors import UnitError

if TYPE_CHECKING:
    from kpiplan._model import UnitDefinition

__all__ = [
    "Amount",
    "UnitError",
    "UnitSet",
    "builtin_units",
    "check_unit",
    "convert",
    "format_amount",
    "is_money",
    "known_units",
    "parse_amount",
    "registry",
    "same_kind",
    "unit_kind",
    "units_of",
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

#: How many spellings a unit set remembers having looked up.
_CACHE_SIZE = 1024

#: Prefix letters of SI units; a unit starting with one of them gets a hint.
_SI_PREFIXES = "kMGTPmμcdh"


@attrs.frozen
class _Unit:
    """A unit of the registry, with what kpiplan needs to know of it."""

    symbol: str
    """The canonical symbol, as written in plans (``千円``)."""

    name: str
    """pint's name of the unit (``thousand_yen``), or the symbol of a declared unit."""

    kind: str
    """The name of the unit's dimension (``currency``)."""

    factor: Fraction
    """How many of the kind's base unit one of this unit is (1000 for 千円; 1/60 of
    an hour would not be a Decimal, hence a fraction)."""


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
    if value in _DECLARED_SYMBOLS:
        return
    if check_unit(value) != value:
        raise UnitError(
            value,
            f"`Amount.unit` should be a canonical unit symbol such as {check_unit(value)}, "
            f"but was {value!r}",
        )


#: Symbols that some plan has declared (see :func:`units_of`): an Amount may carry them.
_DECLARED_SYMBOLS: set[str] = set()


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
    :class:`~decimal.Decimal`. It is shared: do not add definitions to it (a plan's
    own units live in a :class:`UnitSet`, see :func:`units_of`).

    Returns:
        The ``pint.UnitRegistry``.
    """
    import pint

    units: Any = pint.UnitRegistry(None, non_int_type=Decimal, cache_folder=None)
    resource = importlib.resources.files("kpiplan").joinpath(_DEFINITIONS)
    with importlib.resources.as_file(resource) as path:
        units.load_definitions(str(path))
    return units


def _registry_units() -> dict[str, _Unit]:
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
        found[symbol] = _Unit(symbol=symbol, name=name, kind=kind, factor=Fraction(factor))
    return dict(sorted(found.items()))


class UnitSet:
    """The units one plan may use: kpiplan's own, and those the plan declares.

    Get one with :func:`units_of` (built-in units only: :func:`builtin_units`). Its
    methods check and convert like the module's functions (:func:`check_unit`,
    :func:`convert` …), which use the built-in set.
    """

    def __init__(self, units: dict[str, _Unit], aliases: dict[str, _Unit]) -> None:
        self._units = dict(sorted(units.items()))
        self._aliases = aliases
        self._cache: dict[str, _Unit | None] = {}

    def _find(self, text: str) -> _Unit | None:
        """The unit ``text`` (already NFKC-normalised) names, if any."""
        found = self._units.get(text) or self._aliases.get(text)
        if found is not None or not text:
            return found
        if text in self._cache:
            return self._cache[text]
        # pint also knows names and their plurals (thousand_yen, cases).
        by_name = {unit.name: unit for unit in self._units.values()}
        for prefix, name, _suffix in registry().parse_unit_name(text):
            if not prefix and name in by_name:
                found = by_name[name]
        if len(self._cache) > _CACHE_SIZE:
            self._cache.clear()
        self._cache[text] = found
        return found

    def unit(self, unit: str) -> _Unit:
        """The unit ``unit`` names, or UnitError."""
        if not isinstance(unit, str):
            raise TypeError(f"a unit should be a str, but was {type(unit).__name__} {unit!r}")
        text = unicodedata.normalize("NFKC", unit).strip()
        found = self._find(text)
        if found is not None:
            return found
        known = ", ".join(self._units)
        if not text:
            raise UnitError(unit, f"no unit given; write one of {known}")
        hint = ""
        if len(text) > 1 and text[0] in _SI_PREFIXES and self._find(text[1:]) is not None:
            hint = f" (Japanese units take no SI prefix {text[0]!r}: write 千円, not k円)"
        raise UnitError(
            unit,
            f"unknown unit {text!r}{hint}; known units are {known}, "
            "and a plan may declare its own under [[units]]",
        )

    @property
    def symbols(self) -> tuple[str, ...]:
        """The canonical symbols of every unit in the set, sorted."""
        return tuple(self._units)

    def check(self, unit: str) -> str:
        """The canonical symbol of ``unit`` (see :func:`check_unit`)."""
        return self.unit(unit).symbol

    def kind(self, unit: str) -> str:
        """The kind of ``unit`` (see :func:`unit_kind`)."""
        return self.unit(unit).kind

    def same_kind(self, a: str, b: str) -> bool:
        """Whether values in ``a`` convert to ``b`` (see :func:`same_kind`)."""
        return self.unit(a).kind == self.unit(b).kind

    def is_money(self, unit: str) -> bool:
        """Whether ``unit`` is money (see :func:`is_money`)."""
        return self.unit(unit).kind == "currency"

    def convert(self, value: Decimal | int, from_unit: str, to_unit: str) -> Decimal:
        """``value`` in ``from_unit`` converted to ``to_unit``, exactly (see :func:`convert`)."""
        number = _as_decimal(value)
        source = self.unit(from_unit)
        target = self.unit(to_unit)
        if source.kind != target.kind:
            raise UnitError(
                f"{value}{source.symbol}",
                f"a {source.symbol} value cannot be converted to {target.symbol}: "
                f"{source.symbol} is a {source.kind} unit, {target.symbol} a {target.kind} unit",
            )
        if source == target:
            return number
        result = _exact_decimal(Fraction(number) * source.factor / target.factor)
        if result is None:
            raise UnitError(
                f"{value}{source.symbol}",
                f"{value}{source.symbol} has no exact value in {target.symbol}",
            )
        return result

    def parse_amount(self, text: str, *, unit: str | None = None) -> Amount:
        """Read a number with its unit (see :func:`parse_amount`)."""
        return _parse_amount(self, text, unit)


def _exact_decimal(value: Fraction) -> Decimal | None:
    """``value`` as a Decimal, or None if it has no finite decimal expansion."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    numerator = Decimal(value.numerator)
    digits = len(str(value.numerator)) + len(str(value.denominator)) * 2 + 5
    context = decimal.Context(prec=digits, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    return context.divide(numerator, Decimal(value.denominator))


@functools.cache
def builtin_units() -> UnitSet:
    """The units of ``units.txt``, which every plan may use.

    Returns:
        The built-in :class:`UnitSet`.
    """
    # pint itself resolves the aliases of units.txt (か所 for 箇所) in UnitSet._find.
    return UnitSet(_registry_units(), {})


def units_of(declarations: Iterable[UnitDefinition]) -> UnitSet:
    """The units a plan may use: the built-in ones and those it declares.

    Cached per distinct set of declarations, so that the plans of one government,
    which share their declarations, build it once.

    Args:
        declarations: The plan's ``units`` (see :class:`~kpiplan.UnitDefinition`).

    Returns:
        The :class:`UnitSet`.

    Raises:
        UnitError: A declaration clashes with a known unit, names an unknown one, or
            has no exact factor; :func:`kpiplan.check` reports every such problem.
    """
    unit_set, problems = declared_units(tuple(declarations))
    if problems:
        raise UnitError(problems[0][0], problems[0][1])
    return unit_set


@functools.lru_cache(maxsize=64)
def declared_units(
    declarations: tuple[UnitDefinition, ...],
) -> tuple[UnitSet, tuple[tuple[str, str], ...]]:
    """The unit set of ``declarations``, and every problem as (symbol, reason).

    A declaration with a problem is left out of the set, the others stay in.
    """
    builtin = builtin_units()
    if not declarations:
        return builtin, ()
    units = dict(builtin._units)
    aliases = dict(builtin._aliases)
    problems: list[tuple[str, str]] = []
    for declaration in declarations:
        symbol = unicodedata.normalize("NFKC", declaration.symbol).strip()
        names = [symbol, *(unicodedata.normalize("NFKC", a).strip() for a in declaration.aliases)]
        taken = [
            name
            for name in names
            if name in units or name in aliases or builtin._find(name) is not None
        ]
        if taken:
            problems.append(
                (declaration.symbol, f"{taken[0]} is already a unit; declare another symbol")
            )
            continue
        if declaration.of is None:
            kind = declaration.kind or symbol
            if kind in {unit.kind for unit in units.values()}:
                problems.append(
                    (declaration.symbol, f"kind {kind!r} is already in use; name a new one")
                )
                continue
            unit = _Unit(symbol=symbol, name=symbol, kind=kind, factor=Fraction(1))
        else:
            of = units.get(unicodedata.normalize("NFKC", declaration.of).strip()) or aliases.get(
                declaration.of
            )
            if of is None:
                problems.append(
                    (declaration.symbol, f"`of` names {declaration.of!r}, which is no known unit")
                )
                continue
            factor = of.factor * Fraction(declaration.factor or 1) / (declaration.per or 1)
            unit = _Unit(symbol=symbol, name=symbol, kind=of.kind, factor=factor)
        units[symbol] = unit
        for alias in names[1:]:
            aliases[alias] = unit
        _DECLARED_SYMBOLS.add(symbol)
    return UnitSet(units, aliases), tuple(problems)


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
    return builtin_units().unit(unit).symbol


def known_units() -> tuple[str, ...]:
    """Return the canonical symbols of all built-in units, sorted.

    Returns:
        The symbols, such as ``("%", ...,"千円", ..., "件", ...)``.
    """
    return builtin_units().symbols


def unit_kind(unit: str) -> str:
    """Return the kind of a unit: the stable name of its dimension.

    ``currency`` for 円, 千円, 百万円, 億円; ``percent`` for %;
    ``percentage_point`` for ポイント; ``hour`` for 分 and 時間; ``year`` for か月
    and 年; for the counts one kind each, such as ``case`` (件, 万件), ``person``
    (人, 千人, 万人), ``times`` (回, 万回), ``dwelling`` (戸); see ``units.txt``.

    Args:
        unit: A unit, as :func:`check_unit` accepts it.

    Returns:
        The kind's name.

    Raises:
        UnitError: The unit is unknown.
    """
    return builtin_units().unit(unit).kind


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
    return builtin_units().same_kind(a, b)


def is_money(unit: str) -> bool:
    """Tell whether a unit is money (円, 千円, 百万円, 億円).

    Args:
        unit: A unit.

    Returns:
        True if the unit's kind is ``currency``.

    Raises:
        UnitError: The unit is unknown.
    """
    return builtin_units().is_money(unit)


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
            would not be exact (10 分 in 時間).
        TypeError: ``value`` is not a Decimal or an int (a float, say).
    """
    return builtin_units().convert(value, from_unit, to_unit)


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
    return _parse_amount(builtin_units(), text, unit)


def _parse_amount(units: UnitSet, text: str, unit: str | None) -> Amount:
    if not isinstance(text, str):
        raise TypeError(f"expected text, but got {type(text).__name__} {text!r}")
    wanted = units.unit(unit) if unit is not None else None
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
        written = units.unit(rest)
    except UnitError as exc:
        raise UnitError(text, exc.reason) from None
    if wanted is None or written == wanted:
        return Amount(value, written.symbol)
    try:
        converted = units.convert(value, written.symbol, wanted.symbol)
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
