"""What every command module shares: the command contract, exit codes, usage errors.

Imported when the command line is built, so it imports nothing heavy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    from kpiplan._fiscal import FiscalYear
    from kpiplan._many import PlanFailure, PlanResult
    from kpiplan._model import Plan
    from kpiplan.grading import Method

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "PlanRun",
    "Subcommands",
    "UsageError",
    "add_many_options",
    "is_many",
    "load_plan",
]

EXIT_OK = 0
"""Done: the plan is valid, the files are written."""
EXIT_INVALID = 1
"""The input has problems (each listed)."""
EXIT_USAGE = 2
"""The command was used wrongly."""

T = TypeVar("T")

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


def add_many_options(parser: argparse.ArgumentParser) -> None:
    """Add what a command taking several plans or a folder needs: jobs, keep-going, quiet."""
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes reading and evaluating plans (default: the CPU count)",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="skip plans that cannot be read (each is reported; the exit code is 1)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar (there is none anyway when stderr is not a terminal)",
    )


def is_many(paths: Sequence[str]) -> bool:
    """True when the command was given several plans or a folder, not one plan file."""
    from pathlib import Path

    return len(paths) != 1 or Path(paths[0]).is_dir()


class PlanRun:
    """Many plans read and evaluated for a command, with a progress bar and failures.

    Iterating gives each plan that was read, in the input's order; :meth:`map` gives
    only what a function keeps of each, computed in the worker processes. A plan that cannot
    be read is reported on stderr at once with ``--keep-going``; without it, every
    such plan is listed in one :class:`~kpiplan.PlansError` raised when the iteration
    ends, so whatever was being written is discarded.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        paths: Sequence[str],
        as_of: FiscalYear | None = None,
        *,
        method: Method | None = None,
    ) -> None:
        from kpiplan._many import find_plan_files

        if args.jobs is not None and args.jobs < 1:
            raise UsageError(f"--jobs takes a number of 1 or more, not {args.jobs}")
        self.files: tuple[Path, ...] = find_plan_files(paths)
        self.jobs: int | None = args.jobs
        self.keep_going: bool = args.keep_going
        self.quiet: bool = args.quiet
        self.as_of = as_of
        self.method = method
        self.failures: list[PlanFailure] = []

    def __iter__(self) -> Iterator[PlanResult]:
        from kpiplan._many import _keep

        for _, result in self.map(_keep):
            yield result

    def map(self, function: Callable[[PlanResult], T]) -> Iterator[tuple[Path, T]]:
        """Each plan's file and what ``function`` keeps of it, computed in the workers.

        Args:
            function: A module-level function of a :class:`~kpiplan.PlanResult`.

        Yields:
            The file and the function's value, for each plan read, in order.

        Raises:
            PlansError: At the end, when plans could not be read and not ``--keep-going``.
        """
        from kpiplan._many import PlanFailure, PlansError, map_many

        bar = _progress(len(self.files), quiet=self.quiet)
        try:
            for path, value in map_many(
                function, self.files, jobs=self.jobs, as_of=self.as_of, method=self.method
            ):
                bar.update(1)
                if isinstance(value, PlanFailure):
                    self.failures.append(value)
                    if self.keep_going:
                        bar.write(f"kpiplan: skipped {value}", file=sys.stderr)
                else:
                    yield path, value
        finally:
            bar.close()
        if self.failures and not self.keep_going:
            raise PlansError(self.failures)

    def exit_code(self) -> int:
        """0 when every plan was read; 1 (after a count on stderr) when some were skipped."""
        if not self.failures:
            return EXIT_OK
        count = len(self.failures)
        print(
            f"kpiplan: {count} of {len(self.files)} plan file{'s' if count != 1 else ''} "
            "skipped (--keep-going)",
            file=sys.stderr,
        )
        return EXIT_INVALID


def _progress(total: int, *, quiet: bool) -> Any:
    """A tqdm bar on stderr, shown only when stderr is a terminal and not ``--quiet``."""
    from tqdm import tqdm

    # No monitor thread: it would run beside the worker processes for nothing.
    tqdm.monitor_interval = 0
    return tqdm(
        total=total,
        unit="plan",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
        leave=False,
    )
