"""What the ``xlsx`` exporter and the workbook reader agree on: names, labels, cell texts.

The 指標 sheet is the part of the workbook an official edits: each indicator is a
block of rows (目標, 実績, 状態, then 達成率 and 評価 when the plan is evaluated),
with one column per fiscal year. The writer fills these cells with
:func:`target_cell`, :func:`actual_cell` and :func:`status_cell`; the reader calls
the same functions on the plan stored in the hidden sheet and treats every cell
that differs as an edit. So an untouched workbook reads back to the very same plan,
and only what an official changed has to be parsed.

This module imports no openpyxl.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from kpiplan import (
    Actual,
    ActualStatus,
    FiscalYear,
    Indicator,
    Target,
    format_date,
    parse_date,
)
from kpiplan.vocabulary import Language, label, parse_label

__all__ = [
    "DATA_SHEET",
    "FORMAT_VERSION",
    "LABELS",
    "MARKER",
    "OFFICIAL_KIND",
    "RATE_FORMAT",
    "Language",
    "ParsedStatus",
    "actual_cell",
    "number_format",
    "parse_status",
    "status_cell",
    "target_cell",
    "text_safe",
    "text_width",
]


DATA_SHEET: Final = "_kpiplan"
"""The very hidden sheet that carries the whole plan as canonical JSON."""

MARKER: Final = "kpiplan-workbook"
"""Cell A1 of the hidden sheet: tells a kpiplan workbook from any other."""

FORMAT_VERSION: Final = 1
"""Cell B1 of the hidden sheet: the layout version the reader expects."""

CHUNK_CHARS: Final = 16_000
"""Characters of plan JSON per hidden cell. A cell holds 32,767 UTF-16 units; a
character outside the BMP takes two, so 16,000 characters always fit."""

NO_VALUE: Final = "－"
"""What Japanese plans print for "no value" (not reported)."""

#: Row kinds of an indicator block on the 指標 sheet, in order.
EDITABLE_KINDS: Final = ("target", "actual", "status")
EVALUATED_KINDS: Final = ("rate", "grade")
#: The row of published grades, after the evaluated rows when the plan records any.
OFFICIAL_KIND: Final = "official"

LABELS: Final[dict[str, dict[str, str]]] = {
    "ja": {
        "summary": "概要",
        "indicators": "指標",
        "budgets": "予算",
        "activities": "取組",
        "issues": "課題",
        "data": "データ",
        "charts": "グラフ",
        "target": "目標",
        "actual": "実績",
        "status": "状態",
        "rate": "達成率",
        "grade": "評価",
        "official": "公表評価",
        "id": "ID",
        "group": "区分",
        "name": "指標名",
        "unit": "単位",
        "direction": "方向",
        "accumulation": "集計",
        "divisions": "担当課",
        "baseline": "基準値",
        "kind": "項目",
        "notes": "注記（※）",
    },
    "en": {
        "summary": "Summary",
        "indicators": "Indicators",
        "budgets": "Budget",
        "activities": "Activities",
        "issues": "Issues",
        "data": "Data",
        "charts": "Charts",
        "target": "Target",
        "actual": "Actual",
        "status": "Status",
        "rate": "Attainment",
        "grade": "Grade",
        "official": "Published grade",
        "id": "ID",
        "group": "Group",
        "name": "Indicator",
        "unit": "Unit",
        "direction": "Direction",
        "accumulation": "Counted",
        "divisions": "Divisions",
        "baseline": "Baseline",
        "kind": "Row",
        "notes": "Notes (※)",
    },
}
"""The workbook's own labels (sheets, columns, row kinds), by language. The words of
the model's enums come from :mod:`kpiplan.vocabulary`, grade words from the rule's scale."""

#: Indicator sheet columns before the years, by key; the years follow, then notes.
COLUMNS: Final = (
    "id",
    "group",
    "name",
    "unit",
    "direction",
    "accumulation",
    "divisions",
    "baseline",
    "kind",
)

# Characters XML 1.0 (and so a workbook) cannot hold; a plan could contain them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_safe(text: str) -> str:
    """Text a workbook cell can hold: characters XML forbids become U+FFFD.

    Args:
        text: Plan text.

    Returns:
        The text with control characters replaced; everything else unchanged.
    """
    return _ILLEGAL.sub("\ufffd", text)


def text_width(text: str) -> int:
    """Width of one line of text in Excel column units (of a 10-point font).

    Wide and full-width characters (Unicode East Asian Width ``W``, ``F``) count
    two; so do the ambiguous ones (``A``: ※, ○, ①, Greek and Cyrillic), which a
    Japanese font draws wide.

    Args:
        text: One line of text.

    Returns:
        The width, in halves of a full-width character.
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


RATE_FORMAT: Final = '0.0"%"'
"""達成率 everywhere in the workbook is a number in percent (105.6, as plans print it
and :meth:`kpiplan.Evaluation.records` gives it), shown with one decimal and a % sign
that is part of the format, not a scaling by 100."""

CellValue = Decimal | str | None


def target_cell(indicator: Indicator, year: FiscalYear) -> tuple[CellValue, Target | None]:
    """The 目標 cell of ``indicator`` for ``year``, and the target it shows.

    Args:
        indicator: The indicator.
        year: A year of the plan period.

    Returns:
        The cell's value (a number, a text, or None for an empty cell) and the
        target behind it. A statement spanning years shows in its first year; the
        later years of the span return ``(None, target)`` (they are merged away).
    """
    target = indicator.target_for(year)
    if target is None:
        return None, None
    if target.year != year:
        return None, target
    if target.value is not None:
        return target.value, target
    if target.minimum is not None or target.maximum is not None:
        low = "" if target.minimum is None else f"{_as_stored(target.minimum):,}"
        high = "" if target.maximum is None else f"{_as_stored(target.maximum):,}"
        return f"{low}～{high}", target
    return text_safe(target.stage or target.statement or ""), target


def _as_stored(value: Decimal) -> Decimal:
    """``value`` as the plan's JSON gives it back (0.50 reads back as 0.5).

    The reader compares a cell with the plan stored in the hidden sheet, so a
    range written from 0.50 must show 0.5, or the untouched cell reads as an edit.
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def actual_cell(actual: Actual | None) -> CellValue:
    """The 実績 cell: the number, the text as reported, the stage, or －.

    Args:
        actual: The year's actual, if any.

    Returns:
        The cell's value; None (an empty cell) when nothing is recorded.
    """
    if actual is None:
        return None
    if actual.status is ActualStatus.NOT_REPORTED:
        return NO_VALUE
    if actual.value is not None:
        return actual.value
    return text_safe(actual.text or actual.stage or "")


def status_cell(actual: Actual | None, language: Language) -> str | None:
    """The 状態 cell: 確定, 見込み（R4.3.31）, 作成中 or 未報告.

    Args:
        actual: The year's actual, if any.
        language: The workbook's language.

    Returns:
        The status text; None (an empty cell) when there is no actual.
    """
    if actual is None:
        return None
    word = label(actual.status, language)
    if actual.status is ActualStatus.ESTIMATE and actual.as_of is not None:
        when = format_date(actual.as_of, "short" if language == "ja" else "iso")
        return f"{word}（{when}）" if language == "ja" else f"{word} ({when})"
    return word


@attrs.frozen
class ParsedStatus:
    """A status typed into a 状態 cell: the status and, for an estimate, its date."""

    status: ActualStatus
    """The status named."""
    as_of: date | None
    """The date written with an estimate (見込み（R4.3.31）), if any."""


#: What officials type for a status besides its words in :mod:`kpiplan.vocabulary`.
_EXTRA_STATUS_WORDS: Final[dict[str, ActualStatus]] = {
    NO_VALUE: ActualStatus.NOT_REPORTED,
    "-": ActualStatus.NOT_REPORTED,
    "見込": ActualStatus.ESTIMATE,
}
_STATUS_RE = re.compile(r"^(?P<word>[^(（]+?)\s*(?:[(（]\s*(?P<date>[^)）]*?)\s*[)）])?$")


def parse_status(text: str) -> ParsedStatus:
    """Read a 状態 cell: ``確定``, ``見込み``, ``見込み（R5.3.31）``, ``作成中``, ``未報告``.

    English labels (``estimate (2023-03-31)``) are read too, in any letter case.

    Args:
        text: The cell's text, not empty.

    Returns:
        The status and the estimate's date, if one is written.

    Raises:
        ValueError: The text names no status, or its date is not a date; the
            message says what to write.
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    # NFKC turns the full-width － into an ASCII hyphen-minus, handled below.
    match = _STATUS_RE.match(normal)
    status = _status_word(match["word"] if match else normal) or _status_word(text)
    if match is None or status is None:
        raise ValueError(
            f"{text!r} is no status; write 確定, 見込み, 見込み（R5.3.31）, 作成中 or 未報告"
        )
    as_of = None
    if match["date"]:
        if status is not ActualStatus.ESTIMATE:
            raise ValueError(f"{text!r}: only an estimate (見込み) carries a date")
        try:
            as_of = parse_date(match["date"])
        except ValueError as exc:
            raise ValueError(f"{text!r}: the estimate's date is not a date ({exc})") from None
    return ParsedStatus(status, as_of)


def _status_word(word: str) -> ActualStatus | None:
    word = word.strip()
    extra = _EXTRA_STATUS_WORDS.get(word)
    if extra is not None:
        return extra
    try:
        return parse_label(ActualStatus, word)
    except ValueError:
        return None


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point that show ``value`` exactly (0 for 1800)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_format(unit: str | None, places: int = 0) -> str:
    """An Excel number format showing a value with its unit: ``#,##0"件"``.

    Args:
        unit: The unit, or None for a bare number.
        places: Digits after the decimal point.

    Returns:
        The format code; the unit is quoted so that ``%`` does not scale by 100.
    """
    digits = "#,##0" + ("." + "0" * places if places else "")
    if not unit:
        return digits
    return f'{digits}"{unit.replace(chr(34), "")}"'
