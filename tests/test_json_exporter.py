"""The json exporter: canonical plan JSON plus the evaluation, valid against the schema."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
from hypothesis import given

import kpiplan as kp
from kpiplan_exporters import ExportJob, make_exporter

from .strategies import plans

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "plan.schema.json").read_text("utf-8")
)


def export(plan: kp.Plan, **options: object) -> bytes:
    """The json exporter's bytes for a plan."""
    stream = io.BytesIO()
    make_exporter("json", options).write(ExportJob(plan), stream)
    return stream.getvalue()


class TestJsonExporter:
    """What the json exporter writes."""

    def test_includes_evaluation(self, example_plan: kp.Plan) -> None:
        """The evaluation holds the published KGI result as of R3."""
        data = json.loads(export(example_plan), parse_float=Decimal)
        evaluation = data["evaluation"]
        assert evaluation["as_of"] == "R3"
        kgi = evaluation["indicators"][0]
        r3 = next(year for year in kgi["years"] if year["fiscal_year"] == "R3")
        assert (r3["rate"], r3["grade"], r3["provisional"]) == (Decimal("105.6"), "A", True)

    def test_validates_against_schema(self, example_plan: kp.Plan) -> None:
        """The output validates against docs/plan.schema.json."""
        jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(export(example_plan)))

    def test_reads_back(self, example_plan: kp.Plan, tmp_path: Path) -> None:
        """kpiplan.load reads the output back into the same plan."""
        path = tmp_path / "plan.json"
        path.write_bytes(export(example_plan))
        assert kp.load(path) == example_plan

    def test_without_evaluation_is_dumps(self, example_plan: kp.Plan) -> None:
        """evaluation=false gives exactly kpiplan.dumps."""
        assert export(example_plan, evaluation=False).decode("utf-8") == kp.dumps(example_plan)

    def test_compact(self, example_plan: kp.Plan) -> None:
        """compact=true writes one line with the same data."""
        compact = export(example_plan, compact=True)
        assert compact.count(b"\n") == 1
        assert json.loads(compact) == json.loads(export(example_plan))

    @given(plans())
    def test_generated_plans(self, plan: kp.Plan) -> None:
        """Every generated plan exports, validates and reads back the same."""
        data = export(plan)
        assert data == export(plan)
        jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(data))
        assert kp.loads(data) == plan
