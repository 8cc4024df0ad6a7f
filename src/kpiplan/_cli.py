"""The ``kpiplan`` command.

Exit codes: 0 done, 1 the input has problems (each listed), 2 the command was used
wrongly. Messages, never tracebacks, unless ``--debug`` is given. Start-up stays
quick: the plan machinery is imported only once a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from kpiplan._model import Plan

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_EPILOG = """\
examples:
  kpiplan check examples/digital_tokushima.toml
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
        The parser, with one sub-command per job.
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="validate a plan and print its outline",
        description="Validate a plan file (.toml or .json) and print a short outline. "
        "Every problem is listed with its place in the file.",
    )
    check.add_argument("plan", metavar="PLAN", help="the plan file")
    check.add_argument("-q", "--quiet", action="store_true", help="print nothing when valid")
    check.set_defaults(handler=_cmd_check)

    dump = commands.add_parser(
        "dump",
        help="write a plan as canonical JSON",
        description="Read a plan file and write its canonical JSON (stdout, or -o PATH).",
    )
    dump.add_argument("plan", metavar="PLAN", help="the plan file")
    dump.add_argument("-o", "--output", metavar="PATH", help="the JSON file to write")
    dump.set_defaults(handler=_cmd_dump)
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
        return handler(args)
    except KeyboardInterrupt:
        print("kpiplan: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        return report_error(exc)


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
    return 70


def _load(path: str) -> Plan:
    from kpiplan._files import load

    return load(path)


def _cmd_check(args: argparse.Namespace) -> int:
    plan = _load(args.plan)
    if not args.quiet:
        from kpiplan._outline import outline

        print(outline(plan))
        print(f"{args.plan}: valid")
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from kpiplan._files import dump, dumps

    plan = _load(args.plan)
    if args.output:
        dump(plan, args.output)
    else:
        sys.stdout.write(dumps(plan))
    return EXIT_OK
