"""The ``kpiplan`` command.

Exit codes: 0 done, 1 the input has problems (each listed), 2 the command was used
wrongly. Messages, never tracebacks, unless ``--debug`` is given. Start-up stays
quick: the plan machinery is imported only once a command runs.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, BinaryIO, TextIO

if TYPE_CHECKING:
    from kpiplan._export import Exporter, ExportJob
    from kpiplan._model import Plan

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

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
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise a size limit for reading plans, e.g. max_text_length=200000 "
        "(max_bytes, max_text_length, max_indicators, max_workbook_bytes)",
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

    export = commands.add_parser(
        "export",
        help="write a plan with an exporter (json, xlsx, pdf, plugins)",
        description="Write a plan with the named exporter. The output is written "
        "atomically: a failure leaves no partial file and keeps an existing one.",
        epilog="examples:\n"
        "  kpiplan export plan.toml --format pdf\n"
        "  kpiplan export plan.toml --format xlsx -o report.xlsx --option language=en\n"
        "  kpiplan export plan.toml --format all -o build/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("plan", metavar="PLAN", help="the plan file")
    export.add_argument(
        "-f",
        "--format",
        required=True,
        metavar="NAME",
        help="exporter name (see `kpiplan exporters`), or `all`",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write (default: the plan's name with the exporter's extension); "
        "a folder with --format all",
    )
    export.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an exporter option; repeat for several",
    )
    export.add_argument(
        "--as-of", metavar="YEAR", help="fiscal year the evaluation stands at, e.g. R3"
    )
    export.set_defaults(handler=_cmd_export)

    exporters = commands.add_parser(
        "exporters",
        help="list the installed exporters, broken ones with their reason",
        description="List every exporter registered under the entry-point group "
        "kpiplan.exporters: working ones with what they write, broken ones with why.",
    )
    exporters.set_defaults(handler=_cmd_exporters)
    _add_optional_commands(commands)
    return parser


def _add_optional_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    from kpiplan._summary import add_summary_command

    add_summary_command(commands)


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
        return handler(args)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"kpiplan: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
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
            raise _UsageError(f"--limit takes NAME=N with NAME one of {', '.join(known)}")
        try:
            changes[name] = int(value.replace(",", "").replace("_", ""))
        except ValueError:
            raise _UsageError(f"--limit {name} needs a whole number, not {value!r}") from None
    try:
        use_limits(attrs.evolve(current_limits(), **changes))
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _parse_options(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise _UsageError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip()] = value
    return options


class _UsageError(Exception):
    """The command line is wrong (exit 2)."""


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kpiplan._export import (
        ExporterNotFoundError,
        ExportJob,
        available,
        entries,
        make_exporter,
    )
    from kpiplan._files import atomic_write
    from kpiplan._fiscal import FiscalYear

    options = _parse_options(args.option)
    as_of = FiscalYear.parse(args.as_of) if args.as_of else None
    plan_path = Path(args.plan)
    if args.format == "all":
        found = entries()
        names = [entry.name for entry in found if entry.ok]
        skipped = [entry for entry in found if not entry.ok]
        folder = Path(args.output) if args.output else plan_path.parent
        if not folder.is_dir():
            raise _UsageError(f"with --format all, -o must be an existing folder: {folder}")
    else:
        if args.format not in available():
            raise _UsageError(str(ExporterNotFoundError(args.format, available())))
        names = [args.format]
        skipped = []
        folder = None
    exporters = [(name, make_exporter(name, options if len(names) == 1 else {})) for name in names]
    plan = _load(args.plan)
    job = ExportJob(plan, as_of=as_of)
    for name, exporter in exporters:
        if folder is not None:
            target = folder / (plan_path.stem + exporter.extension)
        elif args.output:
            target = Path(args.output)
        else:
            target = plan_path.with_suffix(exporter.extension)
        atomic_write(target, functools.partial(_write_with, exporter, job))
        print(f"{name}: wrote {target}")
    for entry in skipped:
        print(f"{entry.name}: skipped, broken: {entry.reason}", file=sys.stderr)
    return EXIT_OK


def _write_with(exporter: Exporter, job: ExportJob, stream: BinaryIO) -> None:
    exporter.write(job, stream)


def _cmd_exporters(args: argparse.Namespace) -> int:
    from kpiplan._export import entries

    found = entries()
    if not found:
        print("no exporters installed")
        return EXIT_OK
    width = max(len(entry.name) for entry in found)
    for entry in found:
        origin = entry.distribution or "?"
        if entry.exporter is not None:
            cls = entry.exporter
            print(f"{entry.name:<{width}}  {cls.extension:<6} {cls.description} [{origin}]")
        else:
            print(f"{entry.name:<{width}}  BROKEN {entry.reason} [{origin}: {entry.target}]")
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from kpiplan._files import dump, dumps

    plan = _load(args.plan)
    if args.output:
        dump(plan, args.output)
    else:
        sys.stdout.write(dumps(plan))
    return EXIT_OK
