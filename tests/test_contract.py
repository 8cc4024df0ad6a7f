"""Every built-in exporter passes the contract test kit plugin authors run."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from typing import Any, BinaryIO, ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
import kpiplan_exporters
from kpiplan_exporters.testing import ExporterContract, hostile_plan, sample_plan


def _needs(module: str) -> pytest.MarkDecorator:
    # Skip only while the built-in exporter's module has not been written yet.
    return pytest.mark.skipif(
        importlib.util.find_spec(module) is None, reason=f"{module} does not exist yet"
    )


class TestJsonContract(ExporterContract):
    """The json exporter, pretty."""

    exporter_name = "json"
    model_parts = True


class TestJsonCompactContract(ExporterContract):
    """The json exporter, compact, with the option given as text (as on the CLI)."""

    exporter_name = "json"
    options: ClassVar[dict[str, Any]] = {"compact": "true"}

    def test_compact_is_one_line(self) -> None:
        """The text option ``compact=true`` is converted and gives one line."""
        assert self.render(sample_plan()).count(b"\n") == 1


@_needs("kpiplan_exporters.xlsx")
class TestXlsxContract(ExporterContract):
    """The xlsx exporter; visible text is every string cell (formulas are not text)."""

    exporter_name = "xlsx"
    model_parts = True

    def visible_text(self, output: bytes) -> str | None:
        """Every string cell of every sheet; a cell read as a formula is left out."""
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(output))
        return "\n".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "s" and cell.value is not None
        )


@_needs("kpiplan_exporters.pdf")
class TestPdfContract(ExporterContract):
    """The pdf exporter; visible text is what pypdf extracts."""

    exporter_name = "pdf"
    model_parts = True

    def visible_text(self, output: bytes) -> str | None:
        """The text of every page, as pypdf extracts it."""
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(output))
        return "\n".join(page.extract_text() for page in reader.pages)


class TestKit:
    """The kit's own plans are what it promises."""

    def test_sample_plan_is_valid_and_rich(self) -> None:
        """The sample plan validates and has estimates, 作成中, spans, notes and budgets."""
        import kpiplan as kp

        plan = sample_plan()
        kp.validate(plan)
        actuals = [a for _, i in plan.indicators() for a in i.actuals]
        targets = [t for _, i in plan.indicators() for t in i.targets]
        assert any(a.status is kp.ActualStatus.ESTIMATE for a in actuals)
        assert any(a.status is kp.ActualStatus.IN_PROGRESS for a in actuals)
        assert any(t.through is not None for t in targets)
        assert any(t.note for t in targets)
        assert all(b.lines_total == b.total for b in plan.budgets if b.lines)

    def test_sample_plan_round_trips(self) -> None:
        """The sample plan survives canonical JSON unchanged."""
        import kpiplan as kp

        plan = sample_plan()
        assert kp.loads(kp.dumps(plan)) == plan

    def test_hostile_plan_text_reaches_json(self) -> None:
        """The hostile plan is valid and its text is in the canonical JSON verbatim."""
        import kpiplan as kp

        plan = hostile_plan()
        kp.validate(plan)
        data = json.loads(kp.dumps(plan))
        assert data["title"] == "<b>太字</b>"


class TestFormulaGuard:
    """kpiplan_exporters' one guard for text a spreadsheet would run as a formula."""

    @pytest.mark.parametrize("text", ["=SUM(A1)", "+81-88", "-1", "@here", "\t=1", "\r=1"])
    def test_formula_starts(self, text: str) -> None:
        """= + - @ tab and CR (OWASP's set) start a formula; the guard quotes them."""
        assert kpiplan_exporters.is_formula_like(text)
        assert kpiplan_exporters.neutralise_formula(text) == "'" + text

    @pytest.mark.parametrize("text", ["達成率 = 95%", "R&D", " =x", "\n=x", "'=x", ""])
    def test_other_text_unchanged(self, text: str) -> None:
        """Text not starting with one of them is left as written."""
        assert not kpiplan_exporters.is_formula_like(text)
        assert kpiplan_exporters.neutralise_formula(text) == text

    @given(st.text())
    def test_neutralised_text_is_never_a_formula(self, text: str) -> None:
        """Whatever the text, the guarded text starts no formula and keeps the text."""
        guarded = kpiplan_exporters.neutralise_formula(text)
        assert not kpiplan_exporters.is_formula_like(guarded)
        assert guarded.endswith(text)


@attrs.frozen(kw_only=True)
class _CsvExporter:
    """A CSV exporter of indicator names, guarded or not, for testing the kit."""

    name: ClassVar[str] = "csv-test"
    extension: ClassVar[str] = ".csv"
    media_type: ClassVar[str] = "text/csv"
    description: ClassVar[str] = "indicator names"

    guard: bool = True

    def write(self, job: kp.ExportJob, stream: BinaryIO) -> None:
        text = io.StringIO()
        writer = csv.writer(text)
        for _, indicator in job.plan.indicators():
            name = indicator.name
            guarded = kpiplan_exporters.neutralise_formula(name) if self.guard else name
            writer.writerow([indicator.code, guarded, -1])
        stream.write(text.getvalue().encode("utf-8"))


class _CsvContract(ExporterContract):
    exporter_name = "csv-test"
    guard = True

    @property
    def exporter(self) -> type[kp.Exporter]:
        return _CsvExporter

    def render(self, plan: kp.Plan, **options: Any) -> bytes:
        stream = io.BytesIO()
        _CsvExporter(guard=self.guard).write(kp.ExportJob(plan), stream)
        return stream.getvalue()


class TestKitFindsFormulaCells:
    """The kit's formula test fails an unguarded CSV exporter and passes a guarded one."""

    def test_guarded_passes(self) -> None:
        """Guarded names and negative numbers are no formula cells."""
        _CsvContract().test_no_formula_cells()

    def test_unguarded_fails(self) -> None:
        """A name written as typed (=SUM…, a leading tab) is reported."""
        contract = _CsvContract()
        contract.guard = False
        with pytest.raises(AssertionError, match="would run as formulas") as failure:
            contract.test_no_formula_cells()
        assert "=SUM(A1:A9)" in str(failure.value)
        assert "\\t=1+2" in str(failure.value)

    def test_other_formats_skip(self) -> None:
        """JSON output has no cells; the test skips and says why."""
        with pytest.raises(pytest.skip.Exception, match="override cells"):
            TestJsonContract().test_no_formula_cells()
