"""A fast way to read per-year tables (targets, actuals) of regular, canonical data.

Targets and actuals are two thirds of a plan's objects. cattrs reads each through a
copied dict (the year put in), kpiplan's attrs hook and the generated structuring
function; :func:`make_fast_table` hands each item of a whole table straight to the
class's builder (kpiplan._build), the year key read once per text.

It only ever says "built" or "not mine": on any irregularity (a key that is not a
year text, an item that is not a table, an unknown key, a value a hook or the
constructor refuses) it returns None and the converter's detailed path reads the
table as before, so every problem is reported exactly as without it
(tests/test_fast_path.py proves both paths agree, with hypothesis).

It also shares equal Decimals between a plan's objects: the same Decimal for the
same small int.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

__all__ = ["SHARED_TEXT_LENGTH", "make_fast_table", "shared_number"]

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


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def make_fast_table(
    build: Callable[[dict[str, Any], Any], Any],
    years_in: Callable[[str | None, bool], Mapping[str, Any]],
    parse_year: Callable[[str, str | None, bool], Any],
) -> Callable[[Mapping[str, Any], str | None, bool], tuple[Any, ...] | None]:
    """A reader of a per-year table that gives up on anything irregular.

    Args:
        build: Builds one item of the table from its dict and its year
            (``kpiplan._build``); raises on anything it does not accept.
        years_in: The years already read in an era and year basis, by their text.
        parse_year: Reads a year key (text, default era, calendar years).

    Returns:
        A function of the raw table, the plan's default era and whether the years
        are calendar years, returning the items ordered by year, or None when the
        table is not regular data: the caller then reads it the detailed way.
    """

    def fast_table(
        table: Mapping[str, Any], era: str | None, calendar: bool
    ) -> tuple[Any, ...] | None:
        built: list[Any] = []
        numbers: list[int] = []
        last = 0
        ordered = True
        years = years_in(era, calendar)
        try:
            for key, raw in table.items():
                if type(key) is not str or type(raw) is not dict or "year" in raw:
                    return None
                year = years.get(key) or parse_year(key, era, calendar)
                number = year.year
                if number <= last:
                    ordered = False
                last = number
                numbers.append(number)
                built.append(build(raw, year))
        except Exception:
            # Whatever went wrong, the detailed path finds it and says where.
            return None
        if ordered:
            # A canonical file writes its years in order: no sort, no year twice.
            return tuple(built)
        if len(set(numbers)) != len(numbers):
            return None  # a year written twice: the detailed path says which
        return tuple(item for _, item in sorted(zip(numbers, built, strict=True), key=_first))

    return fast_table
