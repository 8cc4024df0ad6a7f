"""The ``parquet`` exporter: the evaluation's tidy records for DuckDB, pandas and Spark.

The same rows and columns as the ``csv`` exporter (``Evaluation.records()``), typed:
numbers as float64 with their exact decimal text beside them, booleans as booleans,
the fiscal year as an integer. Needs pyarrow: ``pip install "kpiplan[parquet]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar, Final

import attrs

from kpiplan.grading import RECORD_FIELDS
from kpiplan_exporters import ExportJob

__all__ = ["COLUMNS", "EXACT_FIELDS", "ParquetExporter"]

EXACT_FIELDS: Final = ("target", "actual", "rate", "original_target", "revised_target")
"""The number fields: each is a float64 column, followed by ``<field>_exact``, the
same number as exact decimal text (``"0.1"``, ``"33.33333333333333333333333333"``)."""

_TYPES: Final = {
    "fiscal_year": "int32",
    "provisional": "bool_",
    "pending": "bool_",
    **dict.fromkeys(EXACT_FIELDS, "float64"),
}


def _columns() -> tuple[tuple[str, str], ...]:
    columns: list[tuple[str, str]] = []
    for field in RECORD_FIELDS:
        columns.append((field, _TYPES.get(field, "string")))
        if field in EXACT_FIELDS:
            columns.append((f"{field}_exact", "string"))
    return tuple(columns)


COLUMNS: Final = _columns()
"""The columns and their Arrow types, in order; with many plans a ``plan`` column
(string: the plan's file) comes first."""

#: Rows in a row group: large groups read fast, and a fixed size makes the bytes
#: depend only on the rows.
_ROW_GROUP = 65_536


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One record as a row of the table: each number as a float and as exact text."""
    row: dict[str, Any] = {"plan": record["plan"]} if "plan" in record else {}
    for field in RECORD_FIELDS:
        value = record[field]
        if field in EXACT_FIELDS:
            row[field] = _float(value)
            row[f"{field}_exact"] = _exact(value)
        else:
            row[field] = value
    return row


@attrs.frozen(kw_only=True)
class ParquetExporter:
    """Writes the evaluation's records as Parquet: one row per indicator and fiscal year.

    Columns follow ``Evaluation.records()`` (see :data:`COLUMNS`). Numbers are
    float64, which every engine sums and compares, and each also comes as exact text
    (``target_exact`` …) for figures a float cannot hold to the last digit: a plan's
    numbers have at most 15 significant digits and round-trip through float64, but
    an expected value interpolated between targets may have 34. The file is
    Snappy-compressed and holds no timestamp: the same plans give the same bytes
    with the same pyarrow version.
    """

    name: ClassVar[str] = "parquet"
    extension: ClassVar[str] = ".parquet"
    media_type: ClassVar[str] = "application/vnd.apache.parquet"
    description: ClassVar[str] = (
        "tidy records as Parquet, typed, for DuckDB, pandas and Spark (needs pyarrow)"
    )
    #: Read by the registry before import: without pyarrow, it says what to install.
    requires: ClassVar[tuple[str, ...]] = ("pyarrow",)
    extra: ClassVar[str] = "parquet"

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write one plan's records.

        Args:
            job: The plan and its evaluation.
            stream: The binary stream to write the Parquet file to.
        """
        self.write_records(job.evaluation.records(), stream)

    def write_records(self, records: Iterable[Mapping[str, Any]], stream: BinaryIO) -> None:
        """Write tidy records: one plan's, or many plans' with a ``plan`` column first.

        Args:
            records: Rows of :meth:`Evaluation.records`, or of
                ``kpiplan.ManyPlans.records()`` (their ``plan`` becomes the first
                column, a string).
            stream: The binary stream to write the Parquet file to.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = iter(records)
        first = next(rows, None)
        many = first is not None and "plan" in first
        columns = ((("plan", "string"),) if many else ()) + COLUMNS
        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
        with pq.ParquetWriter(stream, schema, compression="snappy") as writer:
            pending = [] if first is None else [_row(first)]
            for record in rows:
                pending.append(_row(record))
                if len(pending) == _ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                    pending = []
            if pending or first is None:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
