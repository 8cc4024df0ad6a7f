"""Code in the docs runs: every ``>>>`` example in docs/*.md and the READMEs."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("docs/*.md"), *ROOT.glob("README*.md")])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's examples give the output the page shows (run from the repo root)."""
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        encoding="utf-8",
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} example(s) failed in {page.name}"


def test_pages_found() -> None:
    """The docs are where this test looks for them."""
    assert any(p.name == "README.md" for p in PAGES)
    assert len(PAGES) >= 3
    assert os.path.isdir(ROOT / "docs")


def _toml_blocks(page: Path) -> list[str]:
    import re

    return re.findall(r"```toml\n(.*?)```", page.read_text("utf-8"), re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_toml_blocks_are_plans(page: Path) -> None:
    """Every TOML block in the docs is a complete, valid plan."""
    import kpiplan

    for block in _toml_blocks(page):
        kpiplan.loads(block, "toml", source=page.name)


def test_small_plan_file_matches_doc() -> None:
    """docs/examples/small-plan.toml is the first block shown in docs/file-format.md."""
    block = _toml_blocks(ROOT / "docs" / "file-format.md")[0]
    assert (ROOT / "docs" / "examples" / "small-plan.toml").read_text("utf-8") == block
