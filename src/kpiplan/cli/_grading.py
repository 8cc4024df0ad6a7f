"""The grading options ``summary`` and ``export`` share: ``--grading`` and the method's.

Imported when the command line is built, so it imports nothing heavy: rules and the
method are built only when a command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kpiplan.cli._base import UsageError

if TYPE_CHECKING:
    from kpiplan.grading import Method

__all__ = ["add_grading_options", "method_from"]


def add_grading_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--grading`` and the method options to a command's parser."""
    group = parser.add_argument_group("grading (default: the plan's [grading], else kpiplan's)")
    group.add_argument(
        "--grading",
        metavar="PRESET_OR_FILE",
        help="a preset (see `kpiplan gradings`) or a rule file (.toml/.json); "
        "it replaces the plan's own [grading]",
    )
    group.add_argument(
        "--basis", choices=("auto", "ratio", "progress"), help="rate basis (default: the rule's)"
    )
    group.add_argument(
        "--cumulative",
        choices=("running", "increment"),
        help="累計 indicators: running totals or each year's increment",
    )
    group.add_argument(
        "--no-interpolate",
        action="store_true",
        help="a year without a target is not graded (no straight line between targets)",
    )
    group.add_argument(
        "--rollup", choices=("score", "mean_rate", "worst"), help="how a roll-up's grade is set"
    )
    group.add_argument("--forecast", choices=("linear", "cagr"), help="forecast method")


def method_from(args: argparse.Namespace) -> Method:
    """The method the options describe (defaults where an option is not given).

    Raises:
        UsageError: ``--grading`` names no preset and no file.
        ValidationError: The rule file is not a valid rule.
    """
    from kpiplan.grading import Method, UnknownPresetError, load_rule

    rule = None
    if args.grading:
        try:
            rule = load_rule(args.grading)
        except UnknownPresetError as exc:
            raise UsageError(f"--grading: {exc}, and no such file") from None
    options: dict[str, object] = {"rule": rule, "interpolate": not args.no_interpolate}
    for name in ("basis", "cumulative", "rollup", "forecast"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    return Method(**options)  # type: ignore[arg-type]
