"""The published JSON Schema (docs/plan.schema.json) describes what dumps writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import kpiplan as kp

from .strategies import plans

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "plan.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


class TestSchema:
    """Canonical JSON validates; broken JSON does not."""

    def test_schema_is_valid(self) -> None:
        """The schema itself is a valid Draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(SCHEMA)

    def test_example_validates(self, example_plan: kp.Plan) -> None:
        """The example plan's canonical JSON validates."""
        VALIDATOR.validate(json.loads(kp.dumps(example_plan)))

    @given(plans())
    def test_generated_plans_validate(self, plan: kp.Plan) -> None:
        """Every generated plan's canonical JSON validates."""
        VALIDATOR.validate(json.loads(kp.dumps(plan)))

    @pytest.mark.parametrize(
        "breakage",
        [
            lambda d: d.pop("title"),
            lambda d: d.update(titel="typo"),
            lambda d: d["kgis"][0].update(direction="up"),
            lambda d: d["budgets"][0].update(status="maybe"),
        ],
    )
    def test_broken_json_fails(self, example_plan: kp.Plan, breakage: Any) -> None:
        """Missing fields, unknown keys and unknown enum values are rejected."""
        data = json.loads(kp.dumps(example_plan))
        breakage(data)
        assert not VALIDATOR.is_valid(data)
