"""``--known-at``, which ``summary`` and ``export`` share: the report as known on a date.

Imported when the command line is built, so it imports nothing heavy.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kpiplan._model import Plan

__all__ = ["add_known_at_option", "known_at_plan"]


def add_known_at_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--known-at DATE`` to a command's parser."""
    parser.add_argument(
        "--known-at",
        metavar="DATE",
        help="reproduce the report as it could have been made on this date (R4.3.31 or "
        "2022-03-31): actuals as recorded by then, revisions decided by then",
    )


def known_at_plan(args: argparse.Namespace, plan: Plan) -> Plan:
    """The plan as known on ``--known-at`` (the plan itself without the option).

    Raises:
        FiscalYearError: ``--known-at`` is no date.
    """
    if not args.known_at:
        return plan
    from kpiplan._fiscal import parse_date
    from kpiplan._history import as_known_at

    return as_known_at(plan, parse_date(args.known_at))


def refuse_known_at_for_many(args: argparse.Namespace) -> None:
    """Refuse ``--known-at`` with several plans rather than ignore it.

    Raises:
        UsageError: ``--known-at`` was given.
    """
    if getattr(args, "known_at", None):
        from kpiplan.cli._base import UsageError

        raise UsageError("--known-at reproduces one plan's report: give one plan file")
