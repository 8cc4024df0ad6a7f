"""Shared fixtures and the hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("fuzz", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def example_path() -> Path:
    """The Digital Tokushima example plan."""
    return EXAMPLE


@pytest.fixture(scope="session")
def example_plan():  # type: ignore[no-untyped-def]
    """The Digital Tokushima example plan, loaded once."""
    import kpiplan

    return kpiplan.load(EXAMPLE)
