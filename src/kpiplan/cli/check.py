"""``kpiplan check``: validate a plan and print its outline."""

from __future__ import annotations

import argparse

from kpiplan.cli._base import EXIT_OK, Subcommands, load_plan


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``check`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "check",
        help="validate a plan and print its outline",
        description="Validate a plan file (.toml, .json, or a type a reader plugin adds, "
        "such as .xlsx) and print a short outline. "
        "Every problem is listed with its place in the file.",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing when valid")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse a workbook edited outside its input cells (default: such edits "
        "are ignored with a warning naming each cell)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Load the plan (which checks it whole); print its outline unless ``--quiet``."""
    plan = load_plan(args.plan, strict=args.strict)
    if not args.quiet:
        from kpiplan._outline import outline

        print(outline(plan))
        print(f"{args.plan}: valid")
    return EXIT_OK
