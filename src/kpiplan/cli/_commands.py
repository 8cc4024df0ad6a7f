"""The commands of the ``kpiplan`` command line, in the order ``--help`` lists them."""

from __future__ import annotations

from kpiplan.cli import (
    audit,
    check,
    collect,
    diff,
    dump,
    export,
    exporters,
    gradings,
    new,
    summary,
)
from kpiplan.cli._base import Command

__all__ = ["COMMANDS"]

COMMANDS: tuple[Command, ...] = (
    check,
    dump,
    export,
    exporters,
    summary,
    gradings,
    audit,
    diff,
    collect,
    new,
)
"""Every command module; add a new one here (see :mod:`kpiplan.cli`)."""
