"""Fuzzing kpiplan's loaders (JSON, TOML, xlsx) with hypothesis.

Run for a set time with ``python -m tests.fuzz --seconds 300 [--target json]``;
``tests/test_fuzz_short.py`` runs a short bounded pass as part of the test suite.
A crash is saved under ``build/fuzz-crashes/`` to become a case in tests/data/bad.
"""

from tests.fuzz.run import fuzz, run_target
from tests.fuzz.targets import TARGETS, available_targets, check_text, check_workbook

__all__ = ["TARGETS", "available_targets", "check_text", "check_workbook", "fuzz", "run_target"]
