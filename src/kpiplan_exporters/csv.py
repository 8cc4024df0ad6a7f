"""The ``csv`` exporter: the evaluation's tidy records, for Excel, pandas and DuckDB.

One row per indicator and fiscal year of the plan, the rows of
``Evaluation.records()`` with their columns in the same order. Excel opens the
default file (UTF-8 with a BOM, CRLF line ends) without mojibake; ``encoding=cp932``
serves older office systems that read Shift_JIS only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar, Final

import attrs

from kpiplan_exporters import ExporterError, ExportJob, neutralise_formula

__all__ = ["COLUMNS", "ENCODINGS", "NEWLINES", "PLAN_COLUMN", "CsvExporter"]

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

PLAN_COLUMN: Final[Mapping[str, str]] = {"ja": "計画", "en": "plan"}
"""The heading of the ``plan`` column of many plans' records
(:meth:`CsvExporter.write_records`): the plan's file, as given or found in a folder."""


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
        self.write_records(job.evaluation.records(), stream)

    def write_records(self, records: Iterable[Mapping[str, Any]], stream: BinaryIO) -> None:
        """Write tidy records: one plan's, or many plans' with a ``plan`` column first.

        The columns are the first record's keys, in order; a ``plan`` key is headed
        by :data:`PLAN_COLUMN`. Records are encoded as they come, so thousands of
        plans' records are never all in memory.

        Args:
            records: Rows of :meth:`Evaluation.records`, or of
                ``kpiplan.ManyPlans.records()``.
            stream: The binary stream to write the encoded CSV to.

        Raises:
            ExporterError: Values cannot be written in ``encoding``; every one is
                listed with its record.
        """
        headings = {**COLUMNS[self.language], "plan": PLAN_COLUMN[self.language]}
        newline = NEWLINES[self.newline]
        problems: list[str] = []
        fields: list[str] | None = None
        encoding = self.encoding
        for number, chunk in _chunks(records):
            if fields is None:
                fields = list(chunk[0])
                text = self._lines([[headings.get(f, f) for f in fields]], newline)
                stream.write(text.encode(encoding))
                # The BOM of utf-8-sig goes once, at the start, not before every chunk.
                encoding = "utf-8" if encoding == "utf-8-sig" else encoding
            rows = [[_cell(record[field]) for field in fields] for record in chunk]
            try:
                data = self._lines(rows, newline).encode(encoding)
            except UnicodeEncodeError:
                problems += self._unencodable(number, chunk, fields)
                continue
            if not problems:
                stream.write(data)
        if fields is None:
            header = [headings[field] for field in COLUMNS[self.language]]
            stream.write(self._lines([header], newline).encode(encoding))
        if problems:
            raise ExporterError(
                self.name,
                f"cannot write in {self.encoding}: {len(problems)} value(s) hold characters "
                "it lacks; use encoding=utf-8-sig instead, or change the plan's text:\n  "
                + "\n  ".join(problems),
            )

    @staticmethod
    def _lines(rows: list[list[str]], newline: str) -> str:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator=newline).writerows(rows)
        return buffer.getvalue()

    def _unencodable(
        self, first: int, records: list[Mapping[str, Any]], fields: list[str]
    ) -> list[str]:
        """Every value ``encoding`` cannot hold, named by record, field and character."""
        problems = []
        for number, record in enumerate(records, start=first):
            plan = f"{record['plan']} " if "plan" in record else ""
            for field in fields:
                text = _cell(record[field])
                bad = sorted({c for c in text if not _encodes(c, self.encoding)})
                if bad:
                    chars = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in bad)
                    problems.append(
                        f"record {number} ({plan}{record.get('indicator')} "
                        f"FY{record.get('fiscal_year')}) {field}: {chars}"
                    )
        return problems


#: Records encoded and written at a time: large enough to be quick, small enough
#: that many plans' records are never all held as text.
_CHUNK = 10_000


def _chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, list[Mapping[str, Any]]]]:
    """The records in lists of up to ``_CHUNK``, each with its first record's number."""
    chunk: list[Mapping[str, Any]] = []
    number = 1
    for record in records:
        chunk.append(record)
        if len(chunk) == _CHUNK:
            yield number, chunk
            number += len(chunk)
            chunk = []
    if chunk:
        yield number, chunk


def _encodes(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
