"""``kpiplan audit``: where a published grade departs from the rule's grade.

For a review pipeline: exit 0 when every published grade (``official_grade``)
follows the rule, 1 when any does not, each listed with the rule's reasoning.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from kpiplan.cli._base import EXIT_INVALID, EXIT_OK, Subcommands, load_plan
from kpiplan.cli._grading import add_grading_options, method_from

__all__ = ["register", "run"]


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``audit`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "audit",
        help="list indicator-years whose published grade differs from the rule's (exit 1)",
        description="Grade the plan by its rule and compare each published grade "
        "(an actual's official_grade) with it. Every difference is listed with the "
        "rule's reasoning in Japanese and English; the exit code is 1 when any differ.",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file")
    parser.add_argument(
        "--as-of", metavar="YEAR", help="fiscal year to stand at (default: the latest with actuals)"
    )
    add_grading_options(parser)
    return parser


def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Evaluate and list the departures; 1 when there are any."""
    from kpiplan.grading import evaluate

    out = stream if stream is not None else sys.stdout
    method = method_from(args)
    plan = load_plan(args.plan)
    evaluation = evaluate(plan, as_of=args.as_of, method=method)
    departures = evaluation.departures()
    published = sum(
        year.official_grade is not None
        for result in evaluation.indicators
        for year in result.years
        if year.fiscal_year <= evaluation.as_of
    )
    for result, year in departures:
        computed = year.computed_grade or year.grade
        out.write(
            f"{result.indicator_id} {year.fiscal_year}: 公表 {year.official_grade} / "
            f"規則 {computed}（{evaluation.rule.name}） {result.name}\n"
        )
        out.write(f"  {year.explanation_ja}\n  {year.explanation_en}\n")
    out.write(
        f"{len(departures)} of {published} published grades differ from the rule "
        f"{evaluation.rule.name}（公表評価 {published} 件中 {len(departures)} 件が規則と異なる）\n"
    )
    return EXIT_INVALID if departures else EXIT_OK
