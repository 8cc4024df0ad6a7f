"""``kpiplan dump``: write a plan as canonical JSON."""

from __future__ import annotations

import argparse
import sys

from kpiplan.cli._base import EXIT_OK, Subcommands, load_plan


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``dump`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "dump",
        help="write a plan as canonical JSON",
        description="Read a plan file and write its canonical JSON (stdout, or -o PATH).",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument("-o", "--output", metavar="PATH", help="the JSON file to write")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the plan's canonical JSON to ``--output`` (atomically) or to stdout."""
    from kpiplan._files import dump, dumps

    plan = load_plan(args.plan)
    if args.output:
        dump(plan, args.output)
    else:
        sys.stdout.write(dumps(plan))
    return EXIT_OK
