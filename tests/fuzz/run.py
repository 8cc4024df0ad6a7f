"""Running the fuzz targets: bounded by examples (in the suite) or by time (``make fuzz``)."""

from __future__ import annotations

import hashlib
import random
import time
import traceback
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, seed, settings

from tests.fuzz.targets import TARGETS


@attrs.frozen
class Crash:
    """An input that made a target raise something other than a KpiplanError."""

    target: str
    """The target's name: json, toml or xlsx."""
    data: bytes
    """The (shrunk) input that crashed it."""
    error: str
    """The traceback."""

    def save(self, folder: Path) -> Path:
        """Write the input as ``<target>-<hash>.<target>`` in ``folder``, for the corpus."""
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(self.data).hexdigest()[:12]
        path = folder / f"{self.target}-{digest}.{self.target}"
        path.write_bytes(self.data)
        path.with_suffix(path.suffix + ".txt").write_text(self.error, "utf-8")
        return path


def run_target(name: str, max_examples: int, random_seed: int | None = None) -> Crash | None:
    """Run one target on ``max_examples`` inputs; the (shrunk) crash found, if any.

    Args:
        name: The target: json, toml or xlsx.
        max_examples: How many inputs to try.
        random_seed: The hypothesis seed (random when None).

    Returns:
        The crash found, or None when every input passed.
    """
    strategy, check = TARGETS[name]
    last: list[bytes] = []

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy())
    def target(data: bytes) -> None:
        last[:] = [data]
        check(data)

    if random_seed is not None:
        target = seed(random_seed)(target)
    try:
        target()
    except Exception:
        return Crash(name, last[0] if last else b"", traceback.format_exc())
    return None


def fuzz(
    seconds: float, targets: list[str], crash_dir: Path, batch: int = 50
) -> list[tuple[Crash, Path]]:
    """Run the targets in turn, in batches with fresh seeds, until the time is up.

    Args:
        seconds: How long to run in all.
        targets: The targets to run.
        crash_dir: Where crashing inputs are saved.
        batch: Inputs per target per turn.

    Returns:
        Each crash found with the file its input was saved to.
    """
    found: list[tuple[Crash, Path]] = []
    counts = dict.fromkeys(targets, 0)
    end = time.monotonic() + seconds
    rng = random.Random()
    while time.monotonic() < end:
        for name in targets:
            if time.monotonic() >= end:
                break
            size = batch if name != "xlsx" else max(1, batch // 10)
            crash = run_target(name, size, rng.getrandbits(64))
            counts[name] += size
            if crash is not None:
                path = crash.save(crash_dir)
                print(f"{name}: CRASH, input saved to {path}\n{crash.error}", flush=True)
                found.append((crash, path))
    for name, count in counts.items():
        print(f"{name}: about {count:,} inputs tried")
    return found
