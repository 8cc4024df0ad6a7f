"""The ``kpiplan`` command line: one module per command, and one way to add one.

Only the command line is the interface here; nothing else imports this package
(an import-linter contract checks it). The modules:

- ``check``, ``dump``, ``export``, ``exporters``, ``summary``: one per command;
- ``_base``: what they share (the :class:`~kpiplan.cli._base.Command` contract, exit
  codes, ``UsageError``, ``load_plan``, and ``PlanRun`` with ``add_many_options`` for
  commands over several plans or a folder);
- ``_commands``: ``COMMANDS``, the tuple of command modules, in ``--help`` order;
- ``_main``: the parser, :func:`main`, and the messages that replace tracebacks.

Adding a command, e.g. ``kpiplan audit``:

1. Write ``kpiplan/cli/audit.py`` with two functions::

       def register(commands: Subcommands) -> argparse.ArgumentParser:
           parser = commands.add_parser("audit", help="…", description="…")
           parser.add_argument("plan", metavar="PLAN", help="the plan file")
           return parser

       def run(args: argparse.Namespace) -> int:
           plan = load_plan(args.plan)
           ...
           return EXIT_OK

   Import anything heavy (the evaluation, pint, cattrs, an exporter) inside ``run``:
   ``kpiplan --help`` must stay quick (a test checks it). Raise errors rather than
   printing them: a ``KpiplanError`` or ``OSError`` becomes a message and exit 1,
   ``UsageError`` a usage message and exit 2, anything else a bug report (exit 70).
2. Add the module to ``COMMANDS`` in ``kpiplan/cli/_commands.py``.
3. Give it a row in docs/cli.md (a test checks every command has one), and tests.
"""

from __future__ import annotations

from kpiplan.cli._base import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from kpiplan.cli._commands import COMMANDS
from kpiplan.cli._main import build_parser, main, report_error

__all__ = [
    "COMMANDS",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "report_error",
]
