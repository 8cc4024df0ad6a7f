"""``kpiplan export``: write a plan with one exporter, or with every working one."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO

from kpiplan.cli._base import EXIT_OK, Subcommands, UsageError, load_plan
from kpiplan.cli._grading import add_grading_options, method_from
from kpiplan.cli._known_at import add_known_at_option, known_at_plan

if TYPE_CHECKING:
    from kpiplan._export import Exporter, ExportJob
    from kpiplan._fiscal import FiscalYear
    from kpiplan._model import Plan
    from kpiplan.grading import Evaluation, Method


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``export`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "export",
        help="write a plan with an exporter (json, xlsx, pdf, plugins)",
        description="Write a plan with the named exporter. The output is written "
        "atomically: a failure leaves no partial file and keeps an existing one.",
        epilog="examples:\n"
        "  kpiplan export plan.toml --format pdf\n"
        "  kpiplan export plan.toml --format xlsx -o report.xlsx --option language=en\n"
        "  kpiplan export plan.toml --format xlsx --division 薬務課 -o 薬務課.xlsx\n"
        "  kpiplan export plan.toml --format xlsx --division '*' -o 照会/\n"
        "  kpiplan export plan.toml --format all -o build/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument(
        "-f",
        "--format",
        required=True,
        metavar="NAME",
        help="exporter name (see `kpiplan exporters`), or `all`",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write (default: the plan's name with the exporter's extension); "
        "a folder with --format all",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an exporter option; repeat for several",
    )
    parser.add_argument(
        "--division",
        metavar="NAME",
        help="only this 担当課's indicators (the same as --option division=NAME); "
        "'*' writes one file per division into the folder -o names",
    )
    parser.add_argument(
        "--as-of", metavar="YEAR", help="fiscal year the evaluation stands at, e.g. R3"
    )
    add_known_at_option(parser)
    add_grading_options(parser)
    return parser


def _parse_options(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip()] = value
    return options


def run(args: argparse.Namespace) -> int:
    """Check the exporters, options, year and output paths first, then load the plan,
    check the year is in its period, and write each file: a mistake found before
    anything is rendered."""
    from pathlib import Path

    from kpiplan._export import (
        ExporterNotFoundError,
        ExportJob,
        available,
        entries,
        make_exporter,
    )
    from kpiplan._files import atomic_write, check_writable
    from kpiplan._fiscal import FiscalYear

    options = _parse_options(args.option)
    if args.division is not None:
        if args.format == "all":
            raise UsageError("--division writes one format: name it with --format")
        options["division"] = args.division
    as_of = FiscalYear.coerce(args.as_of) if args.as_of else None
    plan_path = Path(args.plan)
    if options.get("division") == "*":
        return _each_division(args, options, as_of)
    if args.format == "all":
        found = entries()
        names = [entry.name for entry in found if entry.ok]
        skipped = [entry for entry in found if not entry.ok]
        folder = Path(args.output) if args.output else plan_path.parent
        if not folder.is_dir():
            raise UsageError(f"with --format all, -o must be an existing folder: {folder}")
    else:
        if args.format not in available():
            raise UsageError(str(ExporterNotFoundError(args.format, available())))
        names = [args.format]
        skipped = []
        folder = None
    exporters = [(name, make_exporter(name, options if len(names) == 1 else {})) for name in names]
    targets = []
    for name, exporter in exporters:
        if folder is not None:
            target = folder / (plan_path.stem + exporter.extension)
        elif args.output:
            target = Path(args.output)
        else:
            target = plan_path.with_suffix(exporter.extension)
        targets.append((name, exporter, check_writable(target)))
    method = method_from(args)
    plan = known_at_plan(args, load_plan(args.plan))
    if as_of is not None:
        as_of = plan.period.fiscal_year(args.as_of)
    job = ExportJob(plan, as_of=as_of, evaluation=_evaluation(plan, as_of, method))
    for name, exporter, target in targets:
        atomic_write(target, functools.partial(_write_with, exporter, job))
        print(f"{name}: wrote {target}")
    for entry in skipped:
        print(f"{entry.name}: skipped, broken: {entry.reason}", file=sys.stderr)
    return EXIT_OK


def _each_division(
    args: argparse.Namespace, options: dict[str, str], as_of: FiscalYear | None
) -> int:
    """One file per 担当課 into the folder ``-o`` names (made if missing)."""
    from pathlib import Path

    from kpiplan._export import ExporterNotFoundError, ExportJob, available, make_exporter
    from kpiplan._files import atomic_write, check_writable

    if args.format not in available():
        raise UsageError(str(ExporterNotFoundError(args.format, available())))
    if not args.output:
        raise UsageError("with --division '*', -o must name the folder to write into")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"with --division '*', -o must be a folder: {folder}")
    method = method_from(args)
    plan = known_at_plan(args, load_plan(args.plan))
    if as_of is not None:
        as_of = plan.period.fiscal_year(args.as_of)
    job = ExportJob(plan, as_of=as_of, evaluation=_evaluation(plan, as_of, method))
    divisions = sorted({d for _, indicator in plan.indicators() for d in indicator.divisions})
    folder.mkdir(parents=True, exist_ok=True)
    for division in divisions:
        exporter = make_exporter(args.format, {**options, "division": division})
        # A division's name becomes a file name: keep it one, whatever it holds.
        safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in division)
        target = check_writable(folder / f"{Path(args.plan).stem}-{safe}{exporter.extension}")
        atomic_write(target, functools.partial(_write_with, exporter, job))
        print(f"{args.format}: wrote {target} ({division})")
    return EXIT_OK


def _evaluation(plan: Plan, as_of: FiscalYear | None, method: Method) -> Evaluation | None:
    """The evaluation graded by the command line's method; None: the job's own default."""
    from kpiplan.grading import Method, evaluate

    if method == Method():
        return None
    return evaluate(plan, as_of=as_of, method=method)


def _write_with(exporter: Exporter, job: ExportJob, stream: BinaryIO) -> None:
    exporter.write(job, stream)
