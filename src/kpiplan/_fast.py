"""A fast way to read per-year tables (targets, actuals) of regular, canonical data.

Targets and actuals are two thirds of a plan's objects. cattrs reads each through a
copied dict (the year put in), kpiplan's attrs hook and the generated structuring
function; :func:`make_fast_table` reads a whole table straight into the constructor,
with the converter's own scalar hooks and a few cheaper checks in front of them.

It only ever says "built" or "not mine": on any irregularity (a key that is not a
year text, an item that is not a table, an unknown key, a value a hook or the
constructor refuses) it returns None and the converter's detailed path reads the
table as before, so every problem is reported exactly as without it
(tests/test_fast_path.py proves both paths agree, with hypothesis).

It also shares equal values between a plan's objects where that is cheap: the same
Decimal for the same small int, the same str for the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

__all__ = ["make_fast_table", "shared_number", "shared_text"]

#: Bounded against a file made of many different values; cleared when full.
_CACHE_SIZE = 4096

_numbers: dict[int, Decimal] = {}
_texts: dict[str, str] = {}


def shared_number(value: int) -> Decimal:
    """``Decimal(value)``, the same object for the same int (Decimals are immutable)."""
    number = _numbers.get(value)
    if number is None:
        number = Decimal(value)
        if len(_numbers) >= _CACHE_SIZE:
            _numbers.clear()
        _numbers[value] = number
    return number


#: Longer texts are not shared: few repeat, and the cache would keep them alive.
_SHARED_TEXT_LENGTH = 100


def shared_text(value: str) -> str:
    """``value``, or an equal str already read: a plan repeats its stages and notes."""
    if len(value) > _SHARED_TEXT_LENGTH:
        return value
    text = _texts.get(value)
    if text is None:
        if len(_texts) >= _CACHE_SIZE:
            _texts.clear()
        _texts[value] = text = value
    return text


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
        items: dict[int, Any] = {}
        years = years_in(era, calendar)
        try:
            for key, raw in table.items():
                if type(key) is not str or type(raw) is not dict or "year" in raw:
                    return None
                year = years.get(key) or parse_year(key, era, calendar)
                if year.year in items:
                    return None
                items[year.year] = build(raw, year)
        except Exception:
            # Whatever went wrong, the detailed path finds it and says where.
            return None
        return tuple(items[number] for number in sorted(items))

    return fast_table
