"""``kpiplan diff``: what changed between two versions of a plan.

Exit 0 when the two are equal, 1 when they differ (as ``diff`` itself does), so a
review pipeline can ask "did anything change?".
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kpiplan.cli._base import EXIT_INVALID, EXIT_OK, Subcommands, load_plan
from kpiplan.cli._grading import add_grading_options, method_from

__all__ = ["FORMATS", "register", "run"]

FORMATS = ("text", "json", "markdown")
"""Output formats of ``kpiplan diff``."""


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``diff`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "diff",
        help="list what changed between two versions of a plan (exit 1 when they differ)",
        description="Compare two plan files of any readable format (.toml, .json, .xlsx): "
        "indicators added or removed, targets changed or revised, actuals entered, "
        "estimates confirmed, grades that moved (both evaluated at the same year), "
        "budget changes, and any other difference by its path. Exit 0 when equal, 1 "
        "when they differ.",
        epilog="examples:\n"
        "  kpiplan diff plan-2022.toml plan-2023.toml\n"
        "  kpiplan diff plan.toml returned.xlsx --format markdown --lang en",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("old", metavar="OLD", help="the earlier version")
    parser.add_argument("new", metavar="NEW", help="the later version")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), json or markdown"
    )
    parser.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="words of text and markdown"
    )
    parser.add_argument(
        "--as-of",
        metavar="YEAR",
        help="fiscal year both are graded at (default: the later of their latest years)",
    )
    add_grading_options(parser)
    return parser


def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Load both, compare, print; 1 when they differ."""
    from kpiplan.cycle import diff

    out = stream if stream is not None else sys.stdout
    method = method_from(args)
    changes = diff(load_plan(args.old), load_plan(args.new), as_of=args.as_of, method=method)
    if args.format == "json":
        out.write(changes.to_json())
    elif args.format == "markdown":
        out.write(changes.to_markdown(args.lang))
    else:
        out.write(changes.to_text(args.lang))
    return EXIT_INVALID if changes else EXIT_OK
