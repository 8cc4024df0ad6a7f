"""What every command module shares: the command contract, exit codes, usage errors.

Imported when the command line is built, so it imports nothing heavy.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

if TYPE_CHECKING:
    from kpiplan._model import Plan

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "Subcommands",
    "UsageError",
    "load_plan",
]

EXIT_OK = 0
"""Done: the plan is valid, the files are written."""
EXIT_INVALID = 1
"""The input has problems (each listed)."""
EXIT_USAGE = 2
"""The command was used wrongly."""

Subcommands: TypeAlias = "argparse._SubParsersAction[Any]"
"""The sub-parsers of the ``kpiplan`` parser, which a command adds itself to."""


class Command(Protocol):
    """A command of the ``kpiplan`` command line: a module with two functions."""

    def register(self, commands: Subcommands) -> argparse.ArgumentParser:
        """Add the command's sub-parser (its name, help and arguments) and return it."""

    def run(self, args: argparse.Namespace) -> int:
        """Do the command's work with the parsed arguments and return the exit code.

        Errors are raised, not printed: the command line turns them into messages.
        """


class UsageError(Exception):
    """The command line is wrong (exit 2)."""


def load_plan(path: str, *, strict: bool = False) -> Plan:
    """Read the plan file a command was given (pint and cattrs load here, not before).

    Args:
        path: The plan file.
        strict: Refuse a workbook edited outside its input cells (its reader's
            ``strict`` option); plan files of other types are read as always.
    """
    from pathlib import Path

    from kpiplan._files import load

    if strict and Path(path).suffix.lower() not in (".json", ".toml"):
        return load(path, options={"strict": True})
    return load(path)
