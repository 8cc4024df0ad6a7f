"""Reading what an official typed into a 目標, 実績 or 状態 cell of the 指標 sheet.

A cell is read into the model's own values (:class:`kpiplan.Target`,
:class:`kpiplan.Actual`), so the model's checks (finite numbers, at most
:data:`kpiplan.MAX_SIGNIFICANT_DIGITS` significant digits, a status that fits its
value) are the ones that apply, and their messages are reported at the cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import attrs

from kpiplan import (
    Actual,
    ActualStatus,
    Assessment,
    Direction,
    FiscalYear,
    Indicator,
    KpiplanError,
    Plan,
    Problem,
    Target,
    format_date,
    parse_amount,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.layout import NO_VALUE, parse_assessment, parse_status

_T = TypeVar("_T")

__all__ = [
    "INVALID",
    "Cell",
    "Edits",
    "Invalid",
    "is_percent_format",
    "read_actual",
    "read_assessment",
    "read_target",
    "same",
]


@attrs.frozen
class Cell:
    """A cell as read: its address, value and Excel type (``n``, ``s``, ``f``, ``e``…)."""

    ref: str
    value: object
    data_type: str | None
    number_format: str | None = None
    """Its number format: one with a bare ``%`` means Excel stored 98% as 0.98."""


class Edits:
    """Collects the problems found while applying a sheet's edits."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.cells: dict[str, str] = {}
        """Plan path of an edited target or actual → the cell it came from."""

    def problem(self, ref: str, message: str) -> None:
        self.problems.append(Problem(f"{self.sheet}!{ref}", message))


def same(shown: object, cell: Cell) -> bool:
    """Whether a cell still holds what the exporter wrote there."""
    value = cell.value
    if cell.data_type == "f":
        return False
    if shown is None:
        return value is None or value == ""
    if isinstance(shown, Decimal):
        number = number_of(value)
        return number is not None and number == shown
    return isinstance(value, str) and value == shown


def number_of(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that reads back to the same float: the
        # number the cell shows, not the float's binary expansion.
        return Decimal(repr(value))
    return None


class Invalid:
    """Marks a cell that could not be read (its problem is already recorded)."""


INVALID: Final = Invalid()


def _formula_or_error(cell: Cell, edits: Edits) -> bool:
    if cell.data_type == "f":
        edits.problem(
            cell.ref,
            f"holds the formula {cell.value}; type the value itself, not a formula",
        )
        return True
    if cell.data_type == "e":
        edits.problem(cell.ref, f"holds the error {cell.value}; type a value")
        return True
    return False


_QUOTED = re.compile(r'"[^"]*"|\\.')
# What a number typed by a Japanese office starts with: a sign (△ and ▲ mean minus),
# a digit, full-width ones included.
_NUMBER_START = re.compile(r"^[+\-−△▲]?\s*[0-9]")


def is_percent_format(number_format: str | None) -> bool:
    """Whether a cell's number format scales by 100 (``0%``), not a quoted ``"%"``.

    Args:
        number_format: The cell's number format.

    Returns:
        True when a ``%`` stands outside quotes and escapes: Excel then stores a
        typed 98% as 0.98.
    """
    return bool(number_format) and "%" in _QUOTED.sub("", number_format or "")


def _cell_number(cell: Cell, indicator: Indicator, edits: Edits) -> Decimal | Invalid | None:
    """The number in a numeric cell, as the person typed it; None for no number.

    Excel stores a typed 98% as 0.98 with a percent format: in a ``%`` indicator
    that is 98; in an indicator of another unit it is ambiguous, so an error.
    """
    number = number_of(cell.value)
    if number is None or not is_percent_format(cell.number_format):
        return number
    if indicator.unit != "%":
        edits.problem(
            cell.ref,
            f"{number * 100}% was typed as a percent, but {indicator.id} counts in "
            f"{indicator.unit or 'words or stages'}; type the number in {indicator.unit}",
        )
        return INVALID
    return number * 100


def _text_number(
    text: str, indicator: Indicator, ref: str, edits: Edits
) -> Decimal | Invalid | None:
    """A number typed as text (``1,800件``, ``１，８００``, ``95,027千円``, ``△3``).

    Read in the indicator's unit (converted exactly from a unit of the same kind).
    Text that starts like a number but does not read as one (``1,8件``, ``12人`` in a
    件 indicator) is an error at its cell; other text is None (words).
    """
    if indicator.unit is None:
        return None
    try:
        return parse_amount(text, unit=indicator.unit).value
    except (ValueError, KpiplanError) as exc:
        normal = unicodedata.normalize("NFKC", text).strip()
        if _NUMBER_START.match(normal):
            edits.problem(ref, f"{text!r} does not read as a number in {indicator.unit}: {exc}")
            return INVALID
        return None


def _wrong_type(cell: Cell, edits: Edits) -> bool:
    if cell.value is None or (
        isinstance(cell.value, str | int | float) and not isinstance(cell.value, bool)
    ):
        return False
    kind = "a date" if isinstance(cell.value, date) else f"a {type(cell.value).__name__}"
    edits.problem(cell.ref, f"holds {kind}; type a number or a text")
    return True


def read_target(
    plan: Plan,
    indicator: Indicator,
    year: FiscalYear,
    current: Target | None,
    cell: Cell,
    edits: Edits,
) -> Target | Invalid | None:
    if _formula_or_error(cell, edits) or _wrong_type(cell, edits):
        return INVALID
    note = current.note if current is not None else None
    through = current.through if current is not None else None
    value = cell.value
    number = _cell_number(cell, indicator, edits)
    if isinstance(number, Invalid):
        return INVALID
    if number is None and isinstance(value, str):
        text = value.strip()
        if text in ("", NO_VALUE, "-"):
            return None
        if text in plan.ladder_of(indicator):
            return _built(
                Target, cell.ref, edits, year=year, stage=text, through=through, note=note
            )
        number = _text_number(text, indicator, cell.ref, edits)
        if isinstance(number, Invalid):
            return INVALID
        if number is None:
            if current is not None and current.is_numeric:
                edits.problem(
                    cell.ref,
                    f"{text!r} is text where the {year} target of {indicator.id} is a number; "
                    f"type a number (in {indicator.unit})",
                )
                return INVALID
            return _built(
                Target, cell.ref, edits, year=year, statement=text, through=through, note=note
            )
    if number is None:
        return None
    if indicator.unit is None:
        edits.problem(
            cell.ref,
            f"{indicator.id} has no unit (a qualitative indicator): its targets are stages "
            f"({'・'.join(plan.ladder_of(indicator))}) or text, not numbers",
        )
        return INVALID
    if indicator.direction is Direction.RANGE:
        edits.problem(cell.ref, f"{indicator.id} has range targets; change them in the plan file")
        return INVALID
    return _built(Target, cell.ref, edits, year=year, value=number, note=note)


def read_actual(
    plan: Plan,
    indicator: Indicator,
    year: FiscalYear,
    current: Actual | None,
    value_cell: Cell,
    status_of: Cell,
    edits: Edits,
) -> Actual | Invalid | None:
    bad = _formula_or_error(value_cell, edits) | _wrong_type(value_cell, edits)
    bad |= _formula_or_error(status_of, edits) | _wrong_type(status_of, edits)
    if bad:
        return INVALID
    status: ActualStatus | None = None
    as_of: date | None = None
    status_text = status_of.value
    if isinstance(status_text, int | float):
        edits.problem(status_of.ref, "a status is text: 確定, 見込み, 作成中 or 未報告")
        return INVALID
    if isinstance(status_text, str) and status_text.strip():
        try:
            parsed = parse_status(status_text)
        except ValueError as exc:
            edits.problem(status_of.ref, str(exc))
            return INVALID
        status, as_of = parsed.status, parsed.as_of
    number = _cell_number(value_cell, indicator, edits)
    if isinstance(number, Invalid):
        return INVALID
    text: str | None = None
    stage: str | None = None
    raw = value_cell.value
    if number is None and isinstance(raw, str) and raw.strip():
        typed = raw.strip()
        if typed in (NO_VALUE, "-"):
            status = status or ActualStatus.NOT_REPORTED
        elif typed in plan.ladder_of(indicator):
            stage = typed
        else:
            number = _text_number(typed, indicator, value_cell.ref, edits)
            if isinstance(number, Invalid):
                return INVALID
            if number is None:
                target = indicator.target_for(year)
                numeric_year = indicator.unit is not None and (target is None or target.is_numeric)
                if numeric_year and status is not ActualStatus.IN_PROGRESS:
                    edits.problem(
                        value_cell.ref,
                        f"{typed!r} is text where the {year} actual of {indicator.id} is a "
                        f"number; type a number (in {indicator.unit})",
                    )
                    return INVALID
                text = typed
    if number is not None and indicator.unit is None:
        edits.problem(
            value_cell.ref,
            f"{indicator.id} has no unit (a qualitative indicator): its actuals are stages "
            f"({'・'.join(plan.ladder_of(indicator))}) or text, not numbers",
        )
        return INVALID
    has_result = number is not None or stage is not None or text is not None
    if status is None:
        if not has_result:
            return None  # both cells emptied: the actual is removed
        status = ActualStatus.CONFIRMED
    if status is ActualStatus.NOT_REPORTED and has_result:
        edits.problem(
            status_of.ref,
            f"says not reported (未報告) but {value_cell.ref} holds a result; clear one of them",
        )
        return INVALID
    if status is ActualStatus.IN_PROGRESS:
        if number is not None or stage is not None:
            edits.problem(
                status_of.ref,
                f"says in progress (作成中) but {value_cell.ref} holds a result; "
                "set the status to 確定 or 見込み",
            )
            return INVALID
        text = text or label(ActualStatus.IN_PROGRESS)
    if status in (ActualStatus.CONFIRMED, ActualStatus.ESTIMATE) and not has_result:
        edits.problem(
            value_cell.ref,
            f"is empty but {status_of.ref} says {status_of.value}; type the {year} result",
        )
        return INVALID
    if status is ActualStatus.ESTIMATE:
        written = as_of
        as_of = (
            as_of
            or (current.as_of if current is not None and current.is_estimate else None)
            or plan.actuals_as_of
        )
        if written is None and as_of is not None and as_of < year.start:
            edits.problem(
                status_of.ref,
                f"an estimate for {year} needs the date it was made: write "
                f"見込み（{_example_date(year)}）; the plan's actuals date "
                f"{format_date(as_of, 'short')} is before {year} began",
            )
            return INVALID
        if as_of is None:
            edits.problem(
                status_of.ref,
                "an estimate needs the date it was made: write 見込み（R5.3.31）",
            )
            return INVALID
    else:
        as_of = None
    return _built(
        Actual,
        value_cell.ref,
        edits,
        year=year,
        status=status,
        value=number,
        stage=stage,
        text=text,
        as_of=as_of,
        # What the cells do not show is kept: the owner's assessment, a grade set
        # by hand, the footnote, the published grade, and the share while the
        # value it accompanies is unchanged.
        assessment=current.assessment if current is not None else None,
        override=current.override if current is not None else None,
        note=current.note if current is not None else None,
        share=current.share if current is not None and current.value == number else None,
        official_grade=current.official_grade if current is not None else None,
    )


def read_assessment(cell: Cell, edits: Edits) -> Assessment | Invalid | None:
    """Read a 達成度 cell: 達成, 一部達成, 未達成; None when emptied."""
    if _formula_or_error(cell, edits) or _wrong_type(cell, edits):
        return INVALID
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_assessment(str(value))
    except ValueError as exc:
        edits.problem(cell.ref, str(exc))
        return INVALID


def _built(make: Callable[..., _T], ref: str, edits: Edits, **fields: Any) -> _T | Invalid:
    """The model's value made from ``fields``; its own complaint is reported at ``ref``.

    The model checks what a cell must not hold (more than
    :data:`kpiplan.MAX_SIGNIFICANT_DIGITS` significant digits, a value that is not
    finite, a status that contradicts the value), so the reader does not repeat it.
    """
    try:
        return make(**fields)
    except (ValueError, TypeError, InvalidOperation) as exc:
        edits.problem(ref, str(exc))
        return INVALID


def _example_date(year: FiscalYear) -> str:
    """The last day of ``year`` in short form (R5.3.31), for messages."""
    return format_date(year.end, "short")
