"""A short, bounded pass of the loader fuzz targets (``python -m tests.fuzz`` runs longer)."""

from __future__ import annotations

import pytest

import kpiplan as kp
from tests.fuzz.run import run_target
from tests.fuzz.targets import available_targets, check_text, known_bug, text_seeds

#: Inputs per target in the suite: a few seconds each (xlsx loads are slower).
EXAMPLES = {"json": 300, "toml": 300, "xlsx": 25}


class TestFuzzShort:
    """Mutated plan files load as a round-tripping plan or raise a KpiplanError."""

    @pytest.mark.parametrize("target", available_targets())
    def test_no_crash(self, target: str) -> None:
        """A bounded run of the target finds no input that crashes the loader."""
        crash = run_target(target, EXAMPLES[target])
        assert crash is None, f"{target} crashed on {crash.data[:200]!r}:\n{crash.error}"

    @pytest.mark.parametrize("format", ["json", "toml"])
    def test_seeds_are_valid(self, format: str) -> None:
        """The seeds the mutations start from are valid plans (else nothing is fuzzed)."""
        for seed in text_seeds(format):
            plan = kp.loads(seed, format)  # type: ignore[arg-type]
            assert known_bug(plan) is None
            check_text(seed, format)

    def test_check_catches_a_crash(self) -> None:
        """The property fails on a non-KpiplanError, so the fuzzer can find crashes."""
        with pytest.raises(AttributeError) as info:
            check_text(None, "json")  # type: ignore[arg-type]
        assert not isinstance(info.value, kp.KpiplanError)
