"""The ``csv`` exporter: the evaluation's tidy records, for Excel, pandas and DuckDB.

One row per indicator and fiscal year of the plan, the rows of
``Evaluation.records()`` with their columns in the same order. Excel opens the
default file (UTF-8 with a BOM, CRLF line ends) without mojibake; ``encoding=cp932``
serves older office systems that read Shift_JIS only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar, Final

import attrs

from kpiplan_exporters import ExporterError, ExportJob, neutralise_formula

__all__ = ["COLUMNS", "ENCODINGS", "NEWLINES", "CsvExporter"]

ENCODINGS: Final = ("utf-8-sig", "utf-8", "cp932")
"""The encodings offered: UTF-8 with a BOM (Excel's cue that the file is UTF-8),
UTF-8 without one, and cp932 (Windows' Shift_JIS)."""

NEWLINES: Final = {"crlf": "\r\n", "lf": "\n"}
"""Line ends by option value."""

COLUMNS: Final[Mapping[str, Mapping[str, str]]] = {
    "ja": {
        "indicator": "指標ID",
        "csf": "CSF",
        "name": "指標名",
        "fiscal_year": "年度",
        "target": "目標",
        "actual": "実績",
        "unit": "単位",
        "status": "実績の状況",
        "rate": "達成率（%）",
        "grade": "評価",
        "provisional": "暫定評価",
        "pending": "評価保留",
        "target_text": "目標（文言）",
        "actual_text": "実績（文言）",
        "grade_label_ja": "評価（日本語）",
        "grade_label_en": "評価（英語）",
        "official_grade": "公表評価",
        "series": "系列",
        "target_kind": "目標の種類",
        "original_target": "当初目標",
        "original_target_text": "当初目標（文言）",
        "revised_target": "見直し後目標",
        "revised_target_text": "見直し後目標（文言）",
        "revision": "見直し",
        "reason": "評価しない理由",
    },
    "en": {
        "indicator": "indicator",
        "csf": "csf",
        "name": "name",
        "fiscal_year": "fiscal_year",
        "target": "target",
        "actual": "actual",
        "unit": "unit",
        "status": "status",
        "rate": "rate",
        "grade": "grade",
        "provisional": "provisional",
        "pending": "pending",
        "target_text": "target_text",
        "actual_text": "actual_text",
        "grade_label_ja": "grade_label_ja",
        "grade_label_en": "grade_label_en",
        "official_grade": "official_grade",
        "series": "series",
        "target_kind": "target_kind",
        "original_target": "original_target",
        "original_target_text": "original_target_text",
        "revised_target": "revised_target",
        "revised_target_text": "revised_target_text",
        "revision": "revision",
        "reason": "reason",
    },
}
"""Column headings by language, keyed by the record's field; the keys are in the
order of ``Evaluation.records()``. A field this table does not know is headed by its
own name."""


def _one_of(options: Iterable[str]) -> Any:
    """A validator: the option is one of ``options`` (the message names option and value)."""
    allowed = tuple(options)

    def check(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in allowed:
            raise ValueError(
                f"`{type(instance).__name__}.{attribute.name}` should be one of "
                f"{', '.join(allowed)}, but was {value!r}"
            )

    return check


def _cell(value: object) -> str:
    """One value as CSV text: numbers exact and bare, booleans as Excel writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        # Fixed-point, never exponent form: 1E+3 would be text to Excel, not 1000.
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    # Numbers above stay numbers (a negative actual is -5, not '-5); text is guarded.
    return neutralise_formula(str(value))


@attrs.frozen(kw_only=True)
class CsvExporter:
    """Writes the evaluation's records as CSV: one row per indicator and fiscal year.

    Columns follow ``Evaluation.records()``: ids, names, the western fiscal year,
    target (the year's expected value), actual, unit, the actual's status
    (``estimate`` for 見込み, ``in_progress`` for 作成中 …), the published rate,
    grade (a symbol of the plan's grading rule: ``A``, ``◎``, ``順調``),
    ``provisional``/``pending`` as TRUE/FALSE, the target's and actual's words
    (stages, statements, 作成中), the grade's words in Japanese and English and the
    grade the government published (公表評価), if the plan records one. Numbers are
    written exactly from their decimals; text that a spreadsheet would run as a
    formula starts with an apostrophe. The same plan gives the same bytes.
    """

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = ".csv"
    media_type: ClassVar[str] = "text/csv"
    description: ClassVar[str] = (
        "tidy records, one row per indicator and year (UTF-8 with BOM or cp932, for Excel)"
    )

    encoding: str = attrs.field(default="utf-8-sig", validator=_one_of(ENCODINGS))
    """``utf-8-sig`` (default: UTF-8 with a BOM, so Excel reads Japanese right),
    ``utf-8`` (no BOM, for programs) or ``cp932`` (Shift_JIS, for older systems)."""
    newline: str = attrs.field(default="crlf", validator=_one_of(NEWLINES))
    """Line ends: ``crlf`` (default, as RFC 4180 and Excel write CSV) or ``lf``."""
    language: str = attrs.field(default="ja", validator=_one_of(COLUMNS))
    """Language of the column headings: ``ja`` (default) or ``en``; values are the
    same in both, so one analysis reads either file."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the records.

        Args:
            job: The plan and its evaluation.
            stream: The binary stream to write the encoded CSV to.

        Raises:
            ExporterError: A value cannot be written in ``encoding`` (cp932 lacks
                many characters); every such value is listed with its record.
        """
        records = job.evaluation.records()
        headings = COLUMNS[self.language]
        fields = list(records[0]) if records else list(headings)
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator=NEWLINES[self.newline])
        writer.writerow([headings.get(field, field) for field in fields])
        for record in records:
            writer.writerow([_cell(record[field]) for field in fields])
        text = buffer.getvalue()
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError:
            raise ExporterError(self.name, self._unencodable(records, fields)) from None
        stream.write(data)

    def _unencodable(self, records: list[dict[str, Any]], fields: list[str]) -> str:
        """Every value ``encoding`` cannot hold, named by record, field and character."""
        problems = []
        for number, record in enumerate(records, start=1):
            for field in fields:
                text = _cell(record[field])
                bad = sorted({c for c in text if not _encodes(c, self.encoding)})
                if bad:
                    chars = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in bad)
                    problems.append(
                        f"record {number} ({record.get('indicator')} "
                        f"FY{record.get('fiscal_year')}) {field}: {chars}"
                    )
        return (
            f"cannot write in {self.encoding}: {len(problems)} value(s) hold characters it "
            f"lacks; use encoding=utf-8-sig instead, or change the plan's text:\n  "
            + "\n  ".join(problems)
        )


def _encodes(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
