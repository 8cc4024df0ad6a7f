"""What the ``xlsx`` exporter and the workbook reader agree on: names, labels, cell texts.

The 指標 sheet is the part of the workbook an official edits: each indicator is a
block of rows (目標, 実績, 状態, 達成度 for a statement or stage target, then 達成率
and 評価, then its series' rows), with one column per fiscal year, and the
実績基準日 cell (:data:`AS_OF_CELL`). The writer fills these cells with
:func:`target_cell`, :func:`actual_cell` and :func:`status_cell`; the reader calls
the same functions on the plan stored in the hidden sheet and treats every cell
that differs as an edit. So an untouched workbook reads back to the very same plan,
and only what an official changed has to be parsed. Every other cell of every
visible sheet is compared by its :func:`cell_digest`, so an edit outside the input
cells is noticed and named.

This module imports no openpyxl.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from datetime import date, datetime
from decimal import Decimal
from typing import Final

import attrs

from kpiplan import (
    Actual,
    ActualStatus,
    Assessment,
    FiscalYear,
    Indicator,
    Target,
    TargetKind,
    format_date,
    parse_date,
)
from kpiplan.vocabulary import Language, label, parse_label

__all__ = [
    "ASSESSED_KINDS",
    "ASSESSMENT_KIND",
    "AS_OF_CELL",
    "DATA_SHEET",
    "DIGESTS_KEY",
    "EMPTY_DIGEST",
    "FORMAT_VERSION",
    "INPUT_DIGEST",
    "LABELS",
    "MARKER",
    "OFFICIAL_KIND",
    "RATE_FORMAT",
    "Language",
    "ParsedStatus",
    "actual_cell",
    "assessed",
    "assessment_cell",
    "block_kinds",
    "cell_digest",
    "number_format",
    "parse_assessment",
    "parse_status",
    "status_cell",
    "target_cell",
    "target_value",
    "text_safe",
    "text_width",
]


DATA_SHEET: Final = "_kpiplan"
"""The very hidden sheet that carries the whole plan as canonical JSON."""

DIGESTS_KEY: Final = "cells"
"""Column A of the hidden rows that carry each visible sheet's cell digests
(:func:`cell_digest`), as JSON ``{sheet: [row, …]}`` split over as many rows as needed."""

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
#: The row where the owner assesses a statement or stage target (達成／一部達成／未達成),
#: after 状態 in the blocks of indicators that have such a target.
ASSESSMENT_KIND: Final = "assessment"

AS_OF_CELL: Final = "B2"
"""The 指標 sheet's 実績基準日 cell (the plan's ``actuals_as_of``), which may be edited."""

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
        "assessment": "達成度",
        "as_of": "実績基準日",
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
        "assessment": "Assessed",
        "as_of": "Actuals as of",
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
    return target_value(target), target


def target_value(target: Target) -> CellValue:
    """What a 目標 cell shows of ``target``: its number, range, or words.

    Args:
        target: The target.

    Returns:
        The number; a range as ``lo～hi``; else the words the plan prints.
    """
    if target.value is not None:
        return target.value
    if target.minimum is not None or target.maximum is not None:
        low = "" if target.minimum is None else f"{_as_stored(target.minimum):,}"
        high = "" if target.maximum is None else f"{_as_stored(target.maximum):,}"
        return f"{low}～{high}"
    return text_safe(_target_words(target))


def _target_words(target: Target) -> str:
    """A target that is no number, as the plan prints it: its stage or statement, a
    direction (縮小, 増加を目指す), a rank (全国5位以内) or 設定しない."""
    if target.stage is not None or target.statement is not None:
        return target.stage or target.statement or ""
    if target.printed is not None:
        return target.printed
    if target.trend is not None:
        return label(target.trend)
    if target.rank is not None:
        return f"全国{target.rank}位以内"
    return "設定しない" if target.no_target is not None else ""


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


ASSESSED_KINDS: Final = frozenset({TargetKind.STATEMENT, TargetKind.STAGE})
"""The kinds of target the owner assesses in a 達成度 cell."""


def assessed(indicator: Indicator) -> bool:
    """Whether ``indicator``'s block has a 達成度 row: it has a statement or stage target.

    Args:
        indicator: The indicator.

    Returns:
        True when some target is a statement or a stage, which the owner assesses.
    """
    return any(target.kind in ASSESSED_KINDS for target in indicator.targets)


def block_kinds(indicator: Indicator, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The row kinds of ``indicator``'s block: ``kinds``, with 達成度 where it is assessed.

    Args:
        indicator: The indicator.
        kinds: The row kinds every block has (as the hidden sheet records them).

    Returns:
        The block's row kinds, in order.
    """
    if not assessed(indicator):
        return kinds
    at = kinds.index("status") + 1
    return (*kinds[:at], ASSESSMENT_KIND, *kinds[at:])


def assessment_cell(actual: Actual | None, language: Language) -> str | None:
    """The 達成度 cell: 達成, 一部達成, 未達成, or empty.

    Args:
        actual: The year's actual, if any.
        language: The workbook's language.

    Returns:
        The assessment's word; None when there is none.
    """
    if actual is None or actual.assessment is None:
        return None
    return label(actual.assessment, language)


def parse_assessment(text: str) -> Assessment:
    """Read a 達成度 cell: 達成, 一部達成 or 未達成 (or the English words).

    Args:
        text: The cell's text, not empty.

    Returns:
        The assessment.

    Raises:
        ValueError: The text names no assessment; the message says what to write.
    """
    try:
        return parse_label(Assessment, unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        raise ValueError(f"{text!r} is no assessment; write 達成, 一部達成 or 未達成") from None


def _canonical(value: object) -> str:
    """A cell's value as text that survives a re-save by Excel or LibreOffice.

    Numbers to the 15 significant digits a spreadsheet keeps (a Decimal of 20 digits
    reads back rounded), line ends as XML reads them back (``\r`` becomes ``\n``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        # 15 significant digits, as spreadsheets keep and show them: openpyxl writes a
        # long Decimal with 16 or 17, LibreOffice re-saves it with 15.
        number = Decimal(format(float(value), ".15g"))
        if number == number.to_integral_value():
            return str(int(number))
        return str(number.normalize())
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def cell_digest(value: object) -> str:
    """Two hex digits standing for a cell's value, to notice edits outside the input cells.

    An empty cell is ``..``; any other value a byte of its CRC-32, so a changed
    cell goes unnoticed once in 256 changes.

    Args:
        value: The cell's value (as written, or as read back).

    Returns:
        Two characters.
    """
    text = _canonical(value)
    if text == "":
        return EMPTY_DIGEST
    return f"{zlib.crc32(text.encode('utf-8')) & 0xFF:02x}"


EMPTY_DIGEST: Final = ".."
"""The digest of an empty cell."""
INPUT_DIGEST: Final = "--"
"""The digest of an input cell: what an official types there is read, not compared."""
