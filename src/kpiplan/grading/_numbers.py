"""Exact arithmetic and number text shared by the attainment modules.

Every figure of an evaluation is computed in :class:`~decimal.Decimal` under one
fixed context, so the result does not depend on whatever context the caller set,
and published figures are rounded half-up (四捨五入), as Japanese reports round.
"""

from __future__ import annotations

import decimal
import functools
from decimal import ROUND_HALF_UP, Decimal

from kpiplan._fiscal import FiscalYear

__all__ = [
    "CONTEXT",
    "HUNDRED",
    "ONE_PLACE",
    "fiscal_year",
    "fmt",
    "fmt_rate",
    "percent",
    "round_to",
    "year_label",
]

CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The context every evaluation computes in: 34 significant digits (IEEE decimal128),
far more than the 15 a plan's numbers may have, so quotients are exact to the last
digit that can ever be published."""

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
"""The published precision of a rate: 0.1 point."""

#: Beyond this many integer digits a figure is shown as it is: quantizing it to a
#: decimal place would need more digits than the context holds.
_LARGEST_ROUNDED = 30


def round_to(value: Decimal, places: Decimal = ONE_PLACE) -> Decimal:
    """Round half-up (四捨五入) to ``places``, e.g. 105.55 → 105.6.

    Args:
        value: The exact figure.
        places: The precision, ``Decimal("0.1")`` or ``Decimal("0.01")``.

    Returns:
        The rounded figure; absurdly large figures are returned unchanged.
    """
    if value.adjusted() > _LARGEST_ROUNDED:
        return value
    return value.quantize(places, rounding=ROUND_HALF_UP, context=CONTEXT)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole × 100``, exact to 34 digits; ``whole`` must not be zero."""
    return CONTEXT.divide(CONTEXT.multiply(part, HUNDRED), whole)


def fmt(value: Decimal) -> str:
    """A number as plans print it: thousands grouped, no trailing zeros (``4,940``)."""
    if value.is_zero():
        return "0"
    # normalize() drops trailing zeros; the "f" format writes it without an exponent.
    return format(value.normalize(CONTEXT), ",f")


def fmt_rate(value: Decimal) -> str:
    """A published rate with its one decimal place kept: ``100.0``, ``105.6``."""
    return format(value, ",f")


@functools.lru_cache(maxsize=512)
def fiscal_year(year: int) -> FiscalYear:
    """The fiscal year of a western year; cached, as a plan's results share a few years."""
    return FiscalYear(year)


@functools.lru_cache(maxsize=512)
def year_label(year: int) -> str:
    """``R3`` for the western year 2021; cached, as explanations repeat a few years."""
    return str(FiscalYear(year))
