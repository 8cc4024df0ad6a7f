"""The command line's one way to add a command: a module in ``COMMANDS``."""

from __future__ import annotations

import argparse
import re
import types
from pathlib import Path

import pytest

from kpiplan import PlanFileError
from kpiplan.cli import COMMANDS, build_parser, main
from kpiplan.cli._base import EXIT_OK, Subcommands, UsageError

ROOT = Path(__file__).resolve().parent.parent


def _command_names() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def _hello(error: BaseException | None = None) -> types.SimpleNamespace:
    """A command module made on the spot: ``kpiplan hello NAME``."""

    def register(commands: Subcommands) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser("hello", help="greet")
        parser.add_argument("name")
        return parser

    def run(args: argparse.Namespace) -> int:
        if error is not None:
            raise error
        print(f"hello {args.name}")
        return EXIT_OK

    return types.SimpleNamespace(register=register, run=run)


class TestCommands:
    """Every command is a module with ``register`` and ``run``, listed once."""

    def test_each_module_registers_one_command(self) -> None:
        """COMMANDS gives the commands --help lists, in its order."""
        assert _command_names() == [
            "check",
            "dump",
            "export",
            "exporters",
            "summary",
            "gradings",
            "audit",
            "diff",
            "collect",
            "new",
        ]
        assert len(COMMANDS) == len(_command_names())
        for command in COMMANDS:
            assert callable(command.register)
            assert callable(command.run)

    def test_every_command_documented(self) -> None:
        """docs/cli.md has a row for every command."""
        text = (ROOT / "docs" / "cli.md").read_text("utf-8")
        documented = set(re.findall(r"^\| `kpiplan (\w+)", text, re.M))
        assert set(_command_names()) <= documented


class TestAddingACommand:
    """A module added to COMMANDS is a command, with the same error handling."""

    def test_added_module_runs(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Adding a module to COMMANDS is all it takes."""
        monkeypatch.setattr("kpiplan.cli._main.COMMANDS", (*COMMANDS, _hello()))
        assert main(["hello", "徳島"]) == 0
        assert capsys.readouterr().out == "hello 徳島\n"

    @pytest.mark.parametrize(
        ("error", "code", "message"),
        [
            (PlanFileError("plan.toml", "bad syntax", line=3), 1, "kpiplan: error: plan.toml:3"),
            (FileNotFoundError(2, "No such file", "x.toml"), 1, "kpiplan: error: "),
            (UsageError("--name is wrong"), 2, "kpiplan: error: --name is wrong"),
            (ZeroDivisionError("oops"), 70, "internal error: ZeroDivisionError: oops"),
        ],
    )
    def test_errors_become_messages(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        error: Exception,
        code: int,
        message: str,
    ) -> None:
        """A command raises; the command line prints a message and the exit code, no traceback."""
        monkeypatch.setattr("kpiplan.cli._main.COMMANDS", (*COMMANDS, _hello(error)))
        assert main(["hello", "x"]) == code
        err = capsys.readouterr().err
        assert message in err
        assert "Traceback" not in err

    def test_debug_shows_the_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With --debug an unexpected error propagates."""
        monkeypatch.setattr(
            "kpiplan.cli._main.COMMANDS", (*COMMANDS, _hello(ZeroDivisionError("oops")))
        )
        with pytest.raises(ZeroDivisionError):
            main(["--debug", "hello", "x"])


def test_export_all_says_why_an_exporter_was_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exporter whose extra is not installed is "skipped" with the install hint, not
    called broken, and the others are written."""
    import kpiplan._export as registry

    real = registry.entries()
    missing = registry.ExporterEntry(
        "parquet",
        "kpiplan",
        "kpiplan_exporters.parquet:ParquetExporter",
        None,
        'needs the pyarrow package: pip install "kpiplan[parquet]"',
    )
    others = tuple(entry for entry in real if entry.name != "parquet")
    monkeypatch.setattr(registry, "entries", lambda: (*others, missing))
    code = main(
        ["export", "examples/digital_tokushima.toml", "--format", "all", "-o", str(tmp_path)]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert 'parquet: skipped: needs the pyarrow package: pip install "kpiplan[parquet]"' in err
    assert "broken" not in err
    assert (tmp_path / "digital_tokushima.json").exists()
