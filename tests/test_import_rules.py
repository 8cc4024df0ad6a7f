"""The import rules in pyproject.toml fail ``lint-imports`` (so ``make test``) when broken.

Each test copies the source tree, adds one forbidden import, and runs lint-imports on
the copy with the project's own configuration.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

CORE = "kpiplan imports no exporter, openpyxl or reportlab"
PUBLIC = "kpiplan_exporters imports only public kpiplan names"
CLI = "nothing imports the command line"
CIRCLES = "no import circles between sibling modules"


def lint_imports(src: Path) -> tuple[int, dict[str, str]]:
    """Run lint-imports on the packages in ``src``; the exit code and each contract's verdict."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=src,
        env=env,
        check=False,
    )
    verdicts = dict(re.findall(r"^(.+?) (KEPT|BROKEN)\b", result.stdout, re.M))
    return result.returncode, verdicts


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A copy of the source tree to break."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _add(src: Path, module: str, line: str) -> None:
    path = src / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text("utf-8") + f"\n{line}\n", "utf-8")


class TestImportRules:
    """One forbidden import breaks its contract and fails the run."""

    def test_the_tree_as_it_is_passes(self, src: Path) -> None:
        """The unchanged copy keeps every contract (so the failures below are the imports')."""
        code, verdicts = lint_imports(src)
        assert verdicts == dict.fromkeys([CORE, PUBLIC, CLI, CIRCLES], "KEPT")
        assert code == 0

    @pytest.mark.parametrize(
        ("module", "line", "contract"),
        [
            ("kpiplan._limits", "import openpyxl", CORE),
            ("kpiplan._limits", "import reportlab", CORE),
            ("kpiplan._limits", "import kpiplan_exporters.json", CORE),
            ("kpiplan_exporters.json", "from kpiplan._limits import Limits", PUBLIC),
            ("kpiplan_exporters.json", "import kpiplan.cli", PUBLIC),
            ("kpiplan._files", "import kpiplan.cli", CLI),
            ("kpiplan._limits", "import kpiplan._files", CIRCLES),
        ],
    )
    def test_forbidden_import_fails(self, src: Path, module: str, line: str, contract: str) -> None:
        """lint-imports exits non-zero and names the broken contract."""
        _add(src, module, line)
        code, verdicts = lint_imports(src)
        assert code != 0
        assert verdicts[contract] == "BROKEN"

    def test_public_names_are_allowed(self, src: Path) -> None:
        """An exporter importing kpiplan itself breaks nothing."""
        _add(src, "kpiplan_exporters.json", "import kpiplan")
        assert lint_imports(src)[0] == 0
