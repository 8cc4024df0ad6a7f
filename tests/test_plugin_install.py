"""The example plugin installs for real into a fresh virtual environment and runs.

The class ``TestInstall`` builds a venv (a few seconds); deselect it with
``-k "not TestInstall"``. It works offline: the new venv sees the packages of the
environment running the tests (attrs, cattrs, pint, pytest, hatchling…) through a
``.pth`` file, and kpiplan and the plugin are installed with ``--no-deps``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "kpiplan-markdown-exporter"
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
DOC = ROOT / "docs" / "writing-an-exporter.md"

# Deselect with `pytest -m "not install"` when iterating; `make test` runs it.
pytestmark = pytest.mark.install


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return result


def _hatchling_importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("hatchling") is not None


@pytest.fixture(scope="module")
def plugin_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with kpiplan (editable) and the example plugin installed."""
    home = tmp_path_factory.mktemp("venv")
    # venv from a venv's python is based on the *base* interpreter, so its
    # --system-site-packages would not see our dependencies; a .pth line does.
    venv.EnvBuilder(with_pip=True).create(home)
    python = home / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    parents = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    (Path(purelib.stdout.strip()) / "_parent_env.pth").write_text("\n".join(parents) + "\n")
    # Without hatchling here, pip fetches it (needs the network) in an isolated build.
    isolation = ["--no-build-isolation"] if _hatchling_importable() else []
    pip = [python, "-m", "pip", "install", "--quiet", "--no-deps", *isolation]
    _run(*pip, "-e", ROOT)
    _run(*pip, PLUGIN)
    return home


class TestInstall:
    """Installed with pip into a clean venv, the plugin is found like a built-in."""

    def test_listed_by_cli(self, plugin_venv: Path) -> None:
        """``kpiplan exporters`` lists markdown, working, beside the built-ins."""
        out = _run(plugin_venv / "bin" / "kpiplan", "exporters").stdout
        lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
        assert "markdown" in lines, out
        assert "BROKEN" not in lines["markdown"], out
        assert "kpiplan-markdown-exporter" in lines["markdown"], out
        assert "json" in lines, out

    def test_available_from_python(self, plugin_venv: Path) -> None:
        """``kpiplan_exporters.available()`` names it; ``get`` loads the installed class."""
        code = (
            "import kpiplan_exporters as k; print(k.available()); "
            "print(k.get('markdown').__module__)"
        )
        out = _run(plugin_venv / "bin" / "python", "-c", code).stdout
        assert "'markdown'" in out
        assert "kpiplan_markdown" in out
        # Installed for real (a copy in the venv), not imported from the repo.
        where = _run(
            plugin_venv / "bin" / "python",
            "-c",
            "import kpiplan_markdown; print(kpiplan_markdown.__file__)",
        ).stdout
        assert str(plugin_venv) in where

    def test_export_through_cli(self, plugin_venv: Path, tmp_path: Path) -> None:
        """``kpiplan export --format markdown`` writes the example plan's report."""
        out = tmp_path / "plan.md"
        _run(
            plugin_venv / "bin" / "kpiplan",
            "export",
            EXAMPLE,
            "--format",
            "markdown",
            "-o",
            out,
            "--option",
            "language=en",
        )
        text = out.read_text("utf-8")
        assert text.startswith("# デジタルとくしま推進プラン\n")
        assert "| Target |" in text
        assert "95% (estimate)" in text
        assert "作成中" in text
        assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]

    def test_plugin_own_tests_pass(self, plugin_venv: Path, tmp_path: Path) -> None:
        """The plugin's tests, built on the contract kit, pass in its own venv."""
        _run(
            plugin_venv / "bin" / "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            PLUGIN / "tests",
            cwd=tmp_path,
        )


class TestDocExample:
    """docs/writing-an-exporter.md shows the plugin's code as it is."""

    def test_doc_shows_the_plugin_code(self) -> None:
        """The doc's code block of kpiplan_markdown/__init__.py equals the file."""
        doc = DOC.read_text("utf-8")
        source = (PLUGIN / "src" / "kpiplan_markdown" / "__init__.py").read_text("utf-8")
        blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.DOTALL)
        assert source in blocks

    def test_doc_shows_the_registration(self) -> None:
        """The doc's registration snippet is the plugin's pyproject.toml entry point."""
        doc = DOC.read_text("utf-8")
        pyproject = (PLUGIN / "pyproject.toml").read_text("utf-8")
        snippet = (
            '[project.entry-points."kpiplan.exporters"]\n'
            'markdown = "kpiplan_markdown:MarkdownExporter"'
        )
        assert snippet in pyproject
        assert snippet in doc
