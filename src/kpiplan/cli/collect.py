"""``kpiplan collect``: merge the figures returned by each division into the plan.

Each returned file is read by the ordinary loader (a workbook through its reader)
and compared with the plan; mistakes and conflicts are listed with both files and
the cell, and nothing is written; otherwise the updated plan is written (a TOML plan
keeps its comments and layout) and the change report printed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kpiplan.cli._base import EXIT_OK, Subcommands, load_plan

__all__ = ["register", "run"]


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``collect`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "collect",
        help="merge the targets and actuals of returned files into the plan",
        description="Read each returned file (.xlsx, .toml, .json), check that it was made "
        "from this version of the plan and changes only its division's targets and "
        "actuals, and that no two files disagree; then write the updated plan to -o "
        "(replaced actuals kept in their history) and print what changed. On any "
        "problem nothing is written and every problem is listed with its file and cell.",
        epilog="examples:\n"
        "  kpiplan collect plan.toml returned/*.xlsx -o plan.toml\n"
        "  kpiplan collect plan.toml a.xlsx b.xlsx -o plan-r4.toml --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan the files were made from")
    parser.add_argument("returned", metavar="RETURNED", nargs="+", help="the returned files")
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        required=True,
        help="the updated plan (.toml keeps PLAN's comments and layout; .json is canonical)",
    )
    parser.add_argument(
        "--recorded",
        metavar="DATE",
        help="the date the collected values are recorded on (default: today)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="the change report's format"
    )
    parser.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="words of the text report"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse a workbook edited outside its input cells (default: such edits "
        "are ignored with a warning naming each cell)",
    )
    return parser


def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Collect, write the plan, print the report."""
    from datetime import date

    from kpiplan._fiscal import parse_date
    from kpiplan.cycle import collect, write_plan

    out = stream if stream is not None else sys.stdout
    recorded = parse_date(args.recorded) if args.recorded else date.today()
    plan = load_plan(args.plan)
    returned = [(path, load_plan(path, strict=args.strict)) for path in args.returned]
    result = collect(plan, returned, recorded=recorded, source=args.plan)
    based_on = args.plan if args.plan.lower().endswith(".toml") else None
    write_plan(result.plan, args.output, based_on=based_on)
    out.write(result.to_json() if args.format == "json" else result.to_text(args.lang))
    return EXIT_OK
