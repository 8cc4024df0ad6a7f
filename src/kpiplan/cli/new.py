"""``kpiplan new``: write a blank, guided workbook to draft a new plan in.

The workbook comes from a template found by the file's suffix in the entry-point
group ``kpiplan.templates`` (``xlsx`` is ``kpiplan_exporters.draft:write_draft``), so
that the command line imports no exporter; ``kpiplan.load`` reads the filled one back.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from kpiplan.cli._base import EXIT_OK, Subcommands, UsageError, load_plan

if TYPE_CHECKING:
    from kpiplan._fiscal import FiscalYear

TEMPLATES_GROUP = "kpiplan.templates"
"""Entry-point group of draft templates, keyed by file suffix (``xlsx``). A template is
called as ``write(stream, plan=None, *, period=(first, last))``."""

#: Years a blank workbook's period spans unless --period says otherwise.
_DEFAULT_YEARS = 5


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``new`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "new",
        help="write a blank workbook to draft a new plan in",
        description="Write a guided workbook (計画, 体系, 指標, 予算 sheets, lists to pick "
        "from, instructions in Japanese) to draft a new plan in Excel. Read the filled "
        "workbook with `kpiplan check` or `kpiplan dump plan.xlsx -o plan.toml`.",
    )
    parser.add_argument("output", metavar="OUT", help="the workbook to write (.xlsx)")
    parser.add_argument(
        "--from",
        dest="source",
        metavar="PLAN",
        help="prefill the workbook from this plan (its parts a draft carries)",
    )
    parser.add_argument(
        "--period",
        metavar="FIRST-LAST",
        help="the plan period of a blank workbook, e.g. R7-R11 (default: the next "
        f"{_DEFAULT_YEARS} fiscal years)",
    )
    return parser


def _period(text: str | None) -> tuple[FiscalYear, FiscalYear]:
    from kpiplan._errors import FiscalYearError
    from kpiplan._fiscal import FiscalYear

    if text is None:
        start = FiscalYear.from_date(date.today()).year + 1
        return FiscalYear(start), FiscalYear(start + _DEFAULT_YEARS - 1)
    first_text, separator, last_text = text.replace("～", "-").replace("〜", "-").partition("-")
    if not separator:
        raise UsageError(f"--period: expected FIRST-LAST such as R7-R11, got {text!r}")
    try:
        first, last = FiscalYear.parse(first_text.strip()), FiscalYear.parse(last_text.strip())
    except FiscalYearError as exc:
        raise UsageError(f"--period: {exc}") from None
    if last < first:
        raise UsageError(f"--period: the last year {last_text} is before the first {first_text}")
    return first, last


def _template(suffix: str) -> Any:
    from importlib.metadata import entry_points

    from kpiplan._errors import KpiplanError

    for entry_point in entry_points(group=TEMPLATES_GROUP, name=suffix):
        return entry_point.load()
    known = sorted({entry.name for entry in entry_points(group=TEMPLATES_GROUP)})
    raise KpiplanError(
        f"no template writes .{suffix} files; known: "
        + (", ".join(f".{name}" for name in known) or "none (install kpiplan's exporters)")
    )


def run(args: argparse.Namespace) -> int:
    """Write the workbook atomically; the same bytes for the same arguments."""
    from pathlib import Path

    from kpiplan._files import atomic_write

    if args.source and args.period:
        raise UsageError("--period: a workbook made --from a plan has that plan's period")
    write = _template(Path(args.output).suffix.lower().lstrip("."))
    if args.source:
        plan = load_plan(args.source)
        atomic_write(args.output, lambda stream: write(stream, plan))
    else:
        period = _period(args.period)
        atomic_write(args.output, lambda stream: write(stream, period=period))
    return EXIT_OK
