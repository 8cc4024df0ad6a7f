"""Every exporter gives the same bytes for the same plan, whatever the hash seed or time zone.

The plans are written to canonical JSON, then each exporter runs on them in fresh
interpreters with different ``PYTHONHASHSEED`` and ``TZ`` settings; the outputs must
be byte-identical to each other and to the ones made in this process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._export import ExportJob, entries, make_exporter

from .strategies import plans

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"

#: Each run's environment: hash seeds and time zones far apart (UTC, +9, -10).
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "0", "TZ": "UTC"},
    {"PYTHONHASHSEED": "12345", "TZ": "Asia/Tokyo"},
    {"PYTHONHASHSEED": "random", "TZ": "Pacific/Honolulu"},
)

#: Run in each fresh interpreter: export every plan in a folder with every exporter.
_SCRIPT = """
import sys
from pathlib import Path
import kpiplan
from kpiplan._export import ExportJob, make_exporter
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
for plan_path in sorted(folder.glob("*.json")):
    plan = kpiplan.load(plan_path)
    for name in sys.argv[3:]:
        exporter = make_exporter(name)
        with open(out / f"{plan_path.stem}.{name}", "wb") as stream:
            exporter.write(ExportJob(plan), stream)
"""


def _working_exporters() -> list[str]:
    """The exporters that load and can write the example now.

    An exporter whose own kpiplan modules are still being written (a
    ModuleNotFoundError for a ``kpiplan`` module) is left out until they exist;
    any other failure is a real one and fails the test.
    """
    plan = kp.load(EXAMPLE)
    names = []
    for entry in entries():
        if not entry.ok:
            continue
        try:
            make_exporter(entry.name).write(ExportJob(plan), io.BytesIO())
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("kpiplan"):
                continue
            raise
        names.append(entry.name)
    return names


def _export_here(plan: kp.Plan, name: str) -> bytes:
    stream = io.BytesIO()
    make_exporter(name).write(ExportJob(plan), stream)
    return stream.getvalue()


def _export_everywhere(folder: Path, names: list[str]) -> list[dict[str, bytes]]:
    """Each environment's outputs, by file name."""
    results = []
    for index, extra in enumerate(ENVIRONMENTS):
        out = folder / f"out-{index}"
        out.mkdir()
        # SOURCE_DATE_EPOCH would pin reportlab's dates and hide a dependence on the clock.
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | extra
        subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(folder), str(out), *names],
            env=env,
            check=True,
            capture_output=True,
        )
        results.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    return results


def _assert_same_everywhere(plans_by_name: dict[str, kp.Plan], folder: Path) -> None:
    names = _working_exporters()
    assert "json" in names
    for stem, plan in plans_by_name.items():
        (folder / f"{stem}.json").write_text(kp.dumps(plan), "utf-8")
    runs = _export_everywhere(folder, names)
    here = {
        f"{stem}.{name}": _export_here(plan, name)
        for stem, plan in plans_by_name.items()
        for name in names
    }
    assert sorted(here) == sorted(runs[0])
    for run in runs:
        for file_name, data in here.items():
            assert run[file_name] == data, f"{file_name} differs between runs"


class TestDeterminism:
    """Same plan, same bytes: across hash seeds, time zones and processes."""

    @settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(plans(), min_size=3, max_size=3))
    def test_example_and_generated_plans(self, generated: list[kp.Plan]) -> None:
        """The example and generated plans (hostile text included) export to the same
        bytes in every environment as in this process."""
        import tempfile

        chosen = {"example": kp.load(EXAMPLE)}
        chosen.update({f"generated-{i}": plan for i, plan in enumerate(generated)})
        with tempfile.TemporaryDirectory() as folder:
            _assert_same_everywhere(chosen, Path(folder))

    def test_environments_differ(self) -> None:
        """The runs really differ in hash seed and time zone (else the test proves nothing)."""
        seeds = {env["PYTHONHASHSEED"] for env in ENVIRONMENTS}
        zones = {env["TZ"] for env in ENVIRONMENTS}
        assert len(seeds) == len(ENVIRONMENTS)
        assert len(zones) == len(ENVIRONMENTS)
        outputs = []
        for env in ENVIRONMENTS[:2]:
            result = subprocess.run(
                [sys.executable, "-c", "import time; print(time.strftime('%z'), hash('kpiplan'))"],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=True,
            )
            outputs.append(result.stdout)
        assert outputs[0] != outputs[1]
