"""Helpers of the fast way to read plans (kpiplan._build's builders).

Targets and actuals are two thirds of a plan's objects. The builder of their owner
(an indicator, a series, a revision) reads each per-year table in its own loop, each
item straight to the item's builder, the year key read once per text; a table
written out of year order is put in order here. On any irregularity the table is
read the detailed way, so every problem is reported exactly as without the fast
way (tests/test_fast_path.py proves both paths agree, with hypothesis).

It also shares equal Decimals between a plan's objects: the same Decimal for the
same small int.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["SHARED_TEXT_LENGTH", "in_year_order", "shared_number"]

#: Bounded against a file made of many different values; cleared when full.
_CACHE_SIZE = 4096

_numbers: dict[int, Decimal] = {}


def shared_number(value: int) -> Decimal:
    """``Decimal(value)``, the same object for the same int (Decimals are immutable)."""
    number = _numbers.get(value)
    if number is None:
        number = Decimal(value)
        if len(_numbers) >= _CACHE_SIZE:
            _numbers.clear()
        _numbers[value] = number
    return number


#: Longer texts are not shared (kpiplan._converter's text cache): few repeat, and
#: the cache would keep them alive.
SHARED_TEXT_LENGTH = 100


def _year(item: Any) -> int:
    return int(item.year.year)


def in_year_order(items: list[Any]) -> tuple[Any, ...] | None:
    """A per-year table's items, written out of year order, ordered by year.

    Args:
        items: Built targets or actuals, as the file wrote them.

    Returns:
        The items in year order, or None when a year is written twice: the caller
        then reads the table the detailed way, which says which year.
    """
    if len({_year(item) for item in items}) != len(items):
        return None
    return tuple(sorted(items, key=_year))
