"""``kpiplan dump``: write a plan as canonical JSON, or as a TOML file to edit by hand."""

from __future__ import annotations

import argparse
import sys

from kpiplan.cli._base import EXIT_OK, Subcommands, load_plan


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``dump`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "dump",
        help="write a plan as canonical JSON (or TOML)",
        description="Read a plan file (.toml, .json, .xlsx) and write its canonical JSON "
        "(stdout, or -o PATH); an -o PATH ending in .toml gets a TOML file to edit by hand.",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument("-o", "--output", metavar="PATH", help="the file to write: .json, or .toml")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the plan's canonical JSON (or TOML) to ``--output`` atomically, or to stdout."""
    from kpiplan._files import atomic_write, dump, dumps

    plan = load_plan(args.plan)
    if args.output and args.output.lower().endswith(".toml"):
        import tomlkit

        from kpiplan._converter import to_data

        # A new file with the canonical data: the person's own TOML file is never
        # merged into here (kpiplan collect does that, keeping its comments).
        text = tomlkit.dumps(to_data(plan))
        atomic_write(args.output, lambda stream: stream.write(text.encode("utf-8")))
    elif args.output:
        dump(plan, args.output)
    else:
        sys.stdout.write(dumps(plan))
    return EXIT_OK
