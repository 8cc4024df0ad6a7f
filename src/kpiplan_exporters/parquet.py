"""The ``parquet`` exporter: the evaluation's tidy records for DuckDB, pandas and Spark.

The same rows and columns as the ``csv`` exporter (``Evaluation.records()``), typed:
numbers as float64 with their exact decimal text beside them, booleans as booleans,
the fiscal year as an integer. Needs pyarrow: ``pip install "kpiplan[parquet]"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, BinaryIO, ClassVar, Final

import attrs

from kpiplan.grading import RECORD_FIELDS
from kpiplan_exporters import ExportJob

__all__ = ["COLUMNS", "EXACT_FIELDS", "ParquetExporter"]

EXACT_FIELDS: Final = ("target", "actual", "rate")
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

#: Rows gathered before a row group is written: large groups read fast, and the
#: bytes depend only on the rows, never on timing.
_ROW_GROUP = 65_536


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rows(label: str | None, records: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        row: dict[str, Any] = {} if label is None else {"plan": label}
        for field in RECORD_FIELDS:
            value = record[field]
            if field in EXACT_FIELDS:
                row[field] = _float(value)
                row[f"{field}_exact"] = _exact(value)
            else:
                row[field] = value
        yield row


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
        self._write([(None, job)], stream)

    def write_many(self, jobs: Iterable[tuple[str, ExportJob]], stream: BinaryIO) -> None:
        """Write the records of many plans as one table, a ``plan`` column first.

        Args:
            jobs: Each plan's label (its file) and job, in the order to write.
            stream: The binary stream to write the Parquet file to.
        """
        self._write(jobs, stream, many=True)

    def _write(
        self,
        jobs: Iterable[tuple[str | None, ExportJob]],
        stream: BinaryIO,
        *,
        many: bool = False,
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = ((("plan", "string"),) if many else ()) + COLUMNS
        schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
        with pq.ParquetWriter(stream, schema, compression="snappy") as writer:
            pending: list[dict[str, Any]] = []
            for label, job in jobs:
                pending.extend(_rows(label, job.evaluation.records()))
                if len(pending) >= _ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                    pending = []
            if pending or not many:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
