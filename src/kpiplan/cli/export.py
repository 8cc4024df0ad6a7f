"""``kpiplan export``: write a plan with one exporter, or with every working one."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kpiplan.cli._base import (
    EXIT_OK,
    PlanRun,
    Subcommands,
    UsageError,
    add_many_options,
    is_many,
    load_plan,
)
from kpiplan.cli._grading import add_grading_options, method_from
from kpiplan.cli._known_at import (
    add_known_at_option,
    known_at_plan,
    refuse_known_at_for_many,
)

if TYPE_CHECKING:
    from kpiplan._export import Exporter, ExportJob
    from kpiplan._fiscal import FiscalYear
    from kpiplan._many import PlanResult
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
        "  kpiplan export plan.toml --format all -o build/\n"
        "  kpiplan export plans/ --format csv -o all.csv\n"
        "  kpiplan export plans/ --format xlsx -o build/\n\n"
        "Several plans or a folder: csv and parquet write one file with a plan "
        "column; other exporters write one file per plan into the folder -o names.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "plan", metavar="PLAN", nargs="+", help="the plan file; or several, or a folder"
    )
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
    add_many_options(parser)
    return parser


def _parse_options(pairs: Sequence[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip()] = value
    return options


def _run_many(args: argparse.Namespace, options: dict[str, str], as_of: FiscalYear | None) -> int:
    """Several plans or a folder: one file with a plan column, or one file per plan."""
    from kpiplan._export import ExporterNotFoundError, available, make_exporter
    from kpiplan._files import atomic_write

    refuse_known_at_for_many(args)
    if args.format == "all":
        raise UsageError("--format all writes one plan; give one plan file, or one format")
    if args.format not in available():
        raise UsageError(str(ExporterNotFoundError(args.format, available())))
    exporter = make_exporter(args.format, options)
    plans = PlanRun(args, args.plan, as_of, method=method_from(args))
    if not hasattr(exporter, "write_records"):
        return _one_file_per_plan(args, exporter, plans)
    target = _many_target(args, exporter.extension)
    atomic_write(target, functools.partial(_write_records, exporter, plans))
    print(f"{args.format}: wrote {len(plans.files) - len(plans.failures)} plans to {target}")
    return plans.exit_code()


def _many_target(args: argparse.Namespace, extension: str) -> Path:
    """Where one file of many plans goes: -o, or beside the one folder given."""
    output = Path(args.output) if args.output else None
    if output is not None and not output.is_dir():
        return output
    if len(args.plan) == 1:
        name = Path(args.plan[0]).resolve().name + extension
        return (output or Path(args.plan[0]).resolve().parent) / name
    if output is None:
        raise UsageError("with several plan files, give the file to write with -o")
    return output / ("plans" + extension)


def _write_records(exporter: Exporter, plans: PlanRun, stream: BinaryIO) -> None:
    from kpiplan._many import plan_records

    # Only each plan's records travel back from the workers, not plan and evaluation.
    records = (row for _, rows in plans.map(plan_records) for row in rows)
    exporter.write_records(records, stream)  # type: ignore[attr-defined]


def _one_file_per_plan(args: argparse.Namespace, exporter: Exporter, plans: PlanRun) -> int:
    """An exporter of one plan per file: each plan into the folder -o names, all or none.

    The files are written into a hidden folder beside their place and moved there
    only once every plan was read (or ``--keep-going`` skipped the bad ones), so a
    bad plan leaves the folder as it was. Each worker process writes its own plans'
    files, so that no plan travels back to this process.
    """
    import pickle
    import shutil
    import tempfile

    folder = Path(args.output) if args.output else None
    if folder is None or not folder.is_dir():
        raise UsageError(
            f"{args.format} writes one plan per file: give an existing folder with -o "
            "to write one file per plan (csv and parquet write many plans to one file)"
        )
    names = [path.stem + exporter.extension for path in plans.files]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise UsageError(f"two plans would be written to the same file: {', '.join(clashes)}")
    staging = Path(tempfile.mkdtemp(prefix=".kpiplan-", dir=folder))
    write = functools.partial(_write_plan, exporter, staging)
    results: Iterator[tuple[Path, str]]
    try:
        pickle.dumps(exporter)
    except Exception:
        # A plugin's exporter that cannot travel to a worker writes here instead.
        results = ((result.path, write(result)) for result in plans)
    else:
        results = plans.map(write)
    try:
        written = [name for _, name in results]
        for name in written:
            (staging / name).replace(folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{args.format}: wrote {len(written)} files to {folder}")
    return plans.exit_code()


def _write_plan(exporter: Exporter, folder: Path, result: PlanResult) -> str:
    """Write one plan's file into ``folder`` (in a worker) and give its name."""
    from kpiplan._export import ExportJob
    from kpiplan._files import atomic_write

    job = ExportJob(result.plan, as_of=result.evaluation.as_of, evaluation=result.evaluation)
    name = result.path.stem + exporter.extension
    atomic_write(folder / name, functools.partial(_write_with, exporter, job))
    return name


def run(args: argparse.Namespace) -> int:
    """Check the exporters, options, year and output paths first, then load the plan,
    check the year is in its period, and write each file: a mistake found before
    anything is rendered."""
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
    if is_many(args.plan):
        if "division" in options:
            raise UsageError("--division takes one plan file")
        return _run_many(args, options, as_of)
    plan_path = Path(args.plan[0])
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
    plan = known_at_plan(args, load_plan(args.plan[0]))
    if as_of is not None:
        as_of = plan.period.fiscal_year(args.as_of)
    job = ExportJob(plan, as_of=as_of, evaluation=_evaluation(plan, as_of, method))
    for name, exporter, target in targets:
        atomic_write(target, functools.partial(_write_with, exporter, job))
        print(f"{name}: wrote {target}")
    for entry in skipped:
        print(f"{entry.name}: skipped: {entry.reason}", file=sys.stderr)
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
    plan = known_at_plan(args, load_plan(args.plan[0]))
    if as_of is not None:
        as_of = plan.period.fiscal_year(args.as_of)
    job = ExportJob(plan, as_of=as_of, evaluation=_evaluation(plan, as_of, method))
    divisions = sorted({d for _, indicator in plan.indicators() for d in indicator.divisions})
    folder.mkdir(parents=True, exist_ok=True)
    for division in divisions:
        exporter = make_exporter(args.format, {**options, "division": division})
        # A division's name becomes a file name: keep it one, whatever it holds.
        safe = "".join("_" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in division)
        target = check_writable(folder / f"{Path(args.plan[0]).stem}-{safe}{exporter.extension}")
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
