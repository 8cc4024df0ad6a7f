"""The kpiplan command: exit codes, messages never tracebacks, outputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kpiplan as kp
from kpiplan._cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kpiplan`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "kpiplan", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def broken_copy(folder: Path) -> Path:
    """The example with a text target and a budget that does not add up."""
    text = EXAMPLE.read_text("utf-8")
    text = text.replace("\nR4 = 2\n", '\nR4 = "many"\n', 1).replace(
        "total = 95027", "total = 95000", 1
    )
    path = folder / "broken.toml"
    path.write_text(text, "utf-8")
    return path


class TestCheck:
    """kpiplan check."""

    def test_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A valid plan prints its outline and exits 0."""
        assert main(["check", str(EXAMPLE)]) == 0
        out = capsys.readouterr().out
        assert "デジタルとくしま推進プラン (徳島県)" in out
        assert "budget R4: 210,487千円 (requested), 8 lines" in out
        assert out.rstrip().endswith("valid")

    def test_invalid_lists_every_problem(self, tmp_path: Path) -> None:
        """A broken plan lists each problem with file and path, exits 1, no traceback."""
        path = broken_copy(tmp_path)
        result = run("check", "broken.toml", cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        readme = (ROOT / "README.md").read_text("utf-8")
        shown = re.search(r"\$ kpiplan check broken.toml\n(.*?)```", readme, re.S)
        assert shown is not None
        assert result.stderr == shown.group(1)
        assert path.exists()

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing file is a message and exit 1."""
        assert main(["check", "no/such/plan.toml"]) == 1
        assert "no/such/plan.toml" in capsys.readouterr().err

    def test_usage_error(self) -> None:
        """An unknown option is a usage error, exit 2."""
        result = run("check", "--bogus")
        assert result.returncode == 2
        assert "usage:" in result.stderr

    def test_no_command(self) -> None:
        """No command prints help and exits 2."""
        assert run().returncode == 2

    def test_version(self) -> None:
        """--version prints the version."""
        result = run("--version")
        assert result.returncode == 0
        assert result.stdout.strip() == f"kpiplan {kp.__version__}"

    def test_help_has_examples(self) -> None:
        """--help shows examples and exit codes."""
        result = run("--help")
        assert result.returncode == 0
        assert "kpiplan export examples/digital_tokushima.toml" in result.stdout
        assert "exit codes" in result.stdout

    def test_help_imports_nothing_heavy(self) -> None:
        """kpiplan --help imports no pint, openpyxl, reportlab or exporter."""
        code = (
            "import sys\n"
            "from kpiplan._cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pint', 'openpyxl', 'reportlab', 'kpiplan_exporters.json',"
            " 'cattrs') if m in sys.modules]\n"
            "print('HEAVY', heavy)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "HEAVY []" in result.stdout


class TestDump:
    """kpiplan dump."""

    def test_dump_to_file(self, tmp_path: Path) -> None:
        """dump -o writes canonical JSON equal to kpiplan.dumps."""
        out = tmp_path / "plan.json"
        assert main(["dump", str(EXAMPLE), "-o", str(out)]) == 0
        assert out.read_text("utf-8") == kp.dumps(kp.load(EXAMPLE))

    def test_dump_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dump without -o prints the JSON."""
        assert main(["dump", str(EXAMPLE)]) == 0
        assert json.loads(capsys.readouterr().out)["title"] == "デジタルとくしま推進プラン"


class TestExport:
    """kpiplan export and kpiplan exporters."""

    def test_export_json(self, tmp_path: Path) -> None:
        """--format json writes the canonical JSON atomically."""
        out = tmp_path / "out.json"
        assert main(["export", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
        assert kp.load(out) == kp.load(EXAMPLE)

    def test_export_option(self, tmp_path: Path) -> None:
        """--option compact=true reaches the exporter."""
        out = tmp_path / "out.json"
        args = ["export", str(EXAMPLE), "-f", "json", "-o", str(out), "--option", "compact=true"]
        assert main(args) == 0
        assert out.read_text("utf-8").count("\n") == 1

    def test_unknown_option(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown exporter option is named with the known ones; no file written."""
        out = tmp_path / "out.json"
        args = ["export", str(EXAMPLE), "-f", "json", "-o", str(out), "--option", "colour=red"]
        assert main(args) == 1
        assert "unknown option colour; options: compact, evaluation" in capsys.readouterr().err
        assert not out.exists()

    def test_unknown_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown exporter is a usage error listing the installed ones."""
        assert main(["export", str(EXAMPLE), "--format", "docx"]) == 2
        err = capsys.readouterr().err
        assert "no such exporter; installed: " in err
        assert "json" in err

    def test_bad_option_syntax(self) -> None:
        """--option without = is a usage error."""
        assert main(["export", str(EXAMPLE), "-f", "json", "--option", "compact"]) == 2

    def test_invalid_plan_keeps_old_output(self, tmp_path: Path) -> None:
        """An invalid plan exits 1 and never touches an existing output."""
        out = tmp_path / "out.json"
        out.write_text("previous good output")
        result = run("export", str(broken_copy(tmp_path)), "-f", "json", "-o", str(out))
        assert result.returncode == 1
        assert out.read_text() == "previous good output"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml", "out.json"]

    def test_all_formats(self, tmp_path: Path) -> None:
        """--format all writes one file per working exporter into the folder."""
        assert main(["export", str(EXAMPLE), "--format", "all", "-o", str(tmp_path)]) == 0
        assert (tmp_path / "digital_tokushima.json").exists()

    def test_exporters_listing(self, capsys: pytest.CaptureFixture[str]) -> None:
        """kpiplan exporters lists json with its description."""
        assert main(["exporters"]) == 0
        out = capsys.readouterr().out
        assert re.search(r"^json\s+\.json\s+canonical plan JSON", out, re.M)


class TestLimitOption:
    """--limit raises a reading limit from the command line."""

    def test_limit_raised(self, tmp_path: Path) -> None:
        """A plan over max_indicators is refused, and read with --limit."""
        refused = run("--limit", "max_indicators=12", "check", str(EXAMPLE))
        assert refused.returncode == 1
        assert "or --limit max_indicators=… to the kpiplan command" in refused.stderr
        assert run("--limit", "max_indicators=13", "check", "-q", str(EXAMPLE)).returncode == 0

    def test_bad_limit(self) -> None:
        """An unknown limit name or a non-number is a usage error."""
        assert run("--limit", "max_pages=3", "check", str(EXAMPLE)).returncode == 2
        assert run("--limit", "max_bytes=lots", "check", str(EXAMPLE)).returncode == 2
        assert run("--limit", "max_bytes=0", "check", str(EXAMPLE)).returncode == 2
