"""The parquet exporter: the records read back equal, exact numbers, many plans, no pyarrow."""

from __future__ import annotations

import importlib.util
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kpiplan
from kpiplan_exporters import ExporterError, ExportJob, make_exporter, refresh
from kpiplan_exporters.testing import ExporterContract

pa = pytest.importorskip("pyarrow", reason="the parquet exporter needs pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"


def _table(output: bytes) -> Any:
    return pq.read_table(io.BytesIO(output))


def _write(records: Any = None, plan: kpiplan.Plan | None = None) -> bytes:
    stream = io.BytesIO()
    exporter = make_exporter("parquet")
    if records is None:
        exporter.write(ExportJob(plan or kpiplan.load(EXAMPLE)), stream)
    else:
        exporter.write_records(records, stream)  # type: ignore[attr-defined]
    return stream.getvalue()


class TestParquetContract(ExporterContract):
    """The parquet exporter passes the kit; its visible text is every string cell."""

    exporter_name = "parquet"
    model_parts = True

    def visible_text(self, output: bytes) -> str | None:
        """Every string value of the table, as a reader of the file gets it."""
        table = _table(output)
        return "\n".join(
            value
            for column in table.columns
            if pa.types.is_string(column.type)
            for value in column.to_pylist()
            if value is not None
        )


class TestRecords:
    """The file holds Evaluation.records(), typed, numbers exact."""

    def test_read_back_equals_records(self) -> None:
        """Each row read back equals its record; the exact text gives the Decimal back."""
        plan = kpiplan.load(EXAMPLE)
        records = kpiplan.evaluate(plan).records()
        rows = _table(_write(plan=plan)).to_pylist()
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            for field, value in record.items():
                if field in ("target", "actual", "rate"):
                    exact = row[f"{field}_exact"]
                    assert (Decimal(exact) if exact is not None else None) == value
                    assert row[field] == (float(value) if value is not None else None)
                else:
                    assert row[field] == value, field

    def test_column_types(self) -> None:
        """Years are integers, flags booleans, numbers float64 beside exact text."""
        schema = _table(_write()).schema
        assert schema.field("fiscal_year").type == pa.int32()
        assert schema.field("provisional").type == pa.bool_()
        assert schema.field("rate").type == pa.float64()
        assert schema.field("rate_exact").type == pa.string()

    def test_digits_beyond_a_float_are_kept_as_text(self) -> None:
        """An interpolated expected value of 34 digits survives in ``target_exact``."""
        third = Decimal(1) / Decimal(3)
        record: dict[str, Any] = dict.fromkeys(kpiplan.grading.RECORD_FIELDS)
        record.update(target=third, provisional=False, pending=False)
        (row,) = _table(_write([record])).to_pylist()
        assert Decimal(row["target_exact"]) == third
        assert row["target"] == float(third)

    def test_no_timestamp_in_the_file(self) -> None:
        """The metadata names the writer, never a time: the same plan, the same bytes."""
        output = _write()
        metadata = pq.ParquetFile(io.BytesIO(output)).metadata
        assert metadata.created_by.startswith("parquet-cpp-arrow")
        assert _write() == output


class TestMany:
    """write_records of many plans' records gives one table with a plan column."""

    def test_plan_column_first_and_in_order(self) -> None:
        """Rows of each plan follow its label, plans in the order given."""
        records = kpiplan.evaluate(kpiplan.load(EXAMPLE)).records()
        rows = [{"plan": label, **r} for label in ("plans/b.toml", "plans/a.toml") for r in records]
        table = _table(_write(iter(rows)))
        assert table.column_names[0] == "plan"
        labels = table.column("plan").to_pylist()
        assert labels == ["plans/b.toml"] * len(records) + ["plans/a.toml"] * len(records)

    def test_row_groups_keep_every_row(self) -> None:
        """More rows than one row group holds are all written, in order."""
        from kpiplan_exporters import parquet

        records = kpiplan.evaluate(kpiplan.load(EXAMPLE)).records()
        rows = [{"plan": str(n), **r} for n in range(2000) for r in records]
        assert len(rows) > parquet._ROW_GROUP
        file = pq.ParquetFile(io.BytesIO(_write(rows)))
        assert file.metadata.num_row_groups == 2
        assert file.read().column("plan").to_pylist() == [row["plan"] for row in rows]


class TestWithoutPyarrow:
    """Without pyarrow the registry says what to install."""

    def test_registry_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`pip install "kpiplan[parquet]"` is the reason given."""
        real = importlib.util.find_spec

        def find_spec(name: str, *args: Any) -> Any:
            return None if name == "pyarrow" else real(name, *args)

        monkeypatch.setattr(importlib.util, "find_spec", find_spec)
        refresh()
        try:
            with pytest.raises(ExporterError, match=r'pip install "kpiplan\[parquet\]"'):
                make_exporter("parquet")
        finally:
            monkeypatch.undo()
            refresh()
