"""Every built-in exporter passes the contract test kit plugin authors run."""

from __future__ import annotations

import importlib.util
import io
import json
from typing import Any, ClassVar

import pytest

from kpiplan_exporters.testing import ExporterContract, hostile_plan, sample_plan


def _needs(module: str) -> pytest.MarkDecorator:
    # Skip only while the built-in exporter's module has not been written yet.
    return pytest.mark.skipif(
        importlib.util.find_spec(module) is None, reason=f"{module} does not exist yet"
    )


class TestJsonContract(ExporterContract):
    """The json exporter, pretty."""

    exporter_name = "json"


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
