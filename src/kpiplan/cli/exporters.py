"""``kpiplan exporters``: list the installed exporters, broken ones with their reason."""

from __future__ import annotations

import argparse

from kpiplan.cli._base import EXIT_OK, Subcommands


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``exporters`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "exporters",
        help="list the installed exporters, broken ones with their reason",
        description="List every exporter registered under the entry-point group "
        "kpiplan.exporters: working ones with what they write, broken ones with why.",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Print one line per registered exporter: name, extension, description, package."""
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
