"""The ``kpiplan`` parser, ``main()``, and the error messages that replace tracebacks.

Exit codes: 0 done, 1 the input has problems (each listed), 2 the command was used
wrongly, 70 a bug in kpiplan. Messages, never tracebacks, unless ``--debug`` is given.
Start-up stays quick: the plan machinery is imported only once a command runs.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TextIO

from kpiplan.cli._base import EXIT_INVALID, EXIT_USAGE, UsageError
from kpiplan.cli._commands import COMMANDS

__all__ = ["build_parser", "main", "report_error"]

#: The exit code of a bug in kpiplan (EX_SOFTWARE of sysexits.h).
_EXIT_BUG = 70
_EXIT_INTERRUPTED = 130

_EPILOG = """\
examples:
  kpiplan check examples/digital_tokushima.toml
  kpiplan export examples/digital_tokushima.toml --format xlsx -o build/plan.xlsx
  kpiplan export examples/digital_tokushima.toml --format all -o build/
  kpiplan export plan.toml --format json --option compact=true
  kpiplan summary examples/digital_tokushima.toml --as-of R3
  kpiplan exporters
  kpiplan dump examples/digital_tokushima.toml -o build/digital_tokushima.json

exit codes: 0 ok, 1 the plan has problems (each listed), 2 wrong usage.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``kpiplan`` command.

    Returns:
        The parser, with one sub-command per module in ``COMMANDS``; each sub-command
        sets ``handler`` to its module's ``run``.
    """
    from kpiplan._version import __version__

    parser = _Parser(
        prog="kpiplan",
        description="Check and convert plans: KGI, CSFs, measures (施策), KPIs, budgets.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kpiplan {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of unexpected errors"
    )
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a size limit for reading plans, e.g. max_text_length=200000 "
        "(max_bytes, max_text_length, max_indicators, max_workbook_bytes)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.register(commands).set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        _apply_limits(args.limit)
        with warnings.catch_warnings():
            # A reader's warning (a workbook edited outside its input cells) is a
            # message to the person, not a developer's warning with a source line.
            warnings.filterwarnings("always", category=UserWarning)
            warnings.showwarning = _show_warning
            return handler(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"kpiplan: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kpiplan: interrupted", file=sys.stderr)
        return _EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        return report_error(exc)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"kpiplan: warning: {message}", file=file or sys.stderr)


def report_error(exc: Exception, stream: TextIO | None = None) -> int:
    """Print an error as a message (one line per problem) and give its exit code.

    Args:
        exc: The error.
        stream: Where to print (default: stderr).

    Returns:
        ``EXIT_INVALID`` for errors in the input, or 70 for a bug in kpiplan.
    """
    from kpiplan._errors import KpiplanError, ValidationError

    out = stream or sys.stderr
    if isinstance(exc, ValidationError):
        source = f"{exc.source}: " if exc.source else ""
        for problem in exc.problems:
            print(f"{source}{problem}", file=out)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=out)
        return EXIT_INVALID
    if isinstance(exc, KpiplanError | OSError):
        print(f"kpiplan: error: {exc}", file=out)
        return EXIT_INVALID
    print(
        f"kpiplan: internal error: {type(exc).__name__}: {exc}\n"
        "this is a bug in kpiplan; run again with --debug and report the traceback",
        file=out,
    )
    return _EXIT_BUG


def _apply_limits(pairs: Sequence[str]) -> None:
    if not pairs:
        return
    import attrs

    from kpiplan._limits import Limits, current_limits, use_limits

    known = [field.name for field in attrs.fields(Limits)]
    changes: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in known:
            raise UsageError(f"--limit takes NAME=N with NAME one of {', '.join(known)}")
        try:
            changes[name] = int(value.replace(",", "").replace("_", ""))
        except ValueError:
            raise UsageError(f"--limit {name} needs a whole number, not {value!r}") from None
    try:
        use_limits(attrs.evolve(current_limits(), **changes))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
