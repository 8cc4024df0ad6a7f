"""``kpiplan gradings``: the shipped grading presets, with their sources."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kpiplan.cli._base import EXIT_OK, Subcommands

__all__ = ["register", "run"]


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``gradings`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "gradings",
        help="list the grading presets (name, government, family, labels, source)",
        description="List the grading rules kpiplan ships. A plan names one with "
        '[grading] preset = "NAME"; summary and export take --grading NAME.',
    )
    return parser


def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Print one block per preset."""
    from kpiplan.grading import shipped_presets

    out = stream if stream is not None else sys.stdout
    for rule in shipped_presets():
        # A grade whose word is its symbol (順調) is written once, not 順調（順調）.
        labels = " ".join(
            g.symbol if g.label_ja == g.symbol else f"{g.symbol}（{g.label_ja}）"
            for g in rule.scale.awarded
        )
        out.write(f"{rule.name}\t{rule.government}\t{rule.family}\n")
        out.write(f"  評価区分: {labels}\n")
        out.write(f"  出典: {rule.source}\n")
    return EXIT_OK
