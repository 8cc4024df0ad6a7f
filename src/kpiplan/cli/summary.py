"""``kpiplan summary``: a plan's attainment as a table, JSON or CSV.

Imported whenever the command line is built, so it imports nothing heavy: the
evaluation (and pint, through the plan loader) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from kpiplan._text import neutralise_formula
from kpiplan.cli._base import (
    EXIT_OK,
    PlanRun,
    Subcommands,
    add_many_options,
    is_many,
    load_plan,
)
from kpiplan.cli._grading import add_grading_options, method_from
from kpiplan.cli._known_at import (
    add_known_at_option,
    known_at_plan,
    refuse_known_at_for_many,
)

if TYPE_CHECKING:
    from kpiplan._many import PlanResult
    from kpiplan.grading import Evaluation, Rollup, YearResult

__all__ = [
    "FORMATS",
    "evaluation_json",
    "many_table",
    "records_csv",
    "records_json",
    "register",
    "run",
    "table",
]

FORMATS = ("table", "json", "csv")
"""Output formats of ``kpiplan summary``."""


def register(commands: Subcommands) -> argparse.ArgumentParser:
    """Add ``summary`` to the command line."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "summary",
        help="print the attainment of each indicator (rates, grades) as of a year",
        description="Evaluate a plan and print each indicator's target, actual, "
        "rate (達成率) and grade as of a fiscal year. `table` shows the evaluation "
        "year and the roll-ups; `json` and `csv` give every indicator in every "
        "plan year (the tidy records of kpiplan.evaluate(plan).records()); `json` "
        "adds the roll-ups, forecasts, budget metrics and the grading rule "
        "(Evaluation.to_data()). Grades are in the rule's own labels. Given "
        "several plans or a folder, one table across plans with a plan column, "
        "and a roll-up per plan; plans are read in parallel processes.",
        epilog="examples:\n"
        "  kpiplan summary examples/digital_tokushima.toml\n"
        "  kpiplan summary plan.toml --as-of R3 --format json\n"
        "  kpiplan summary plan.toml --grading ibaraki --cumulative increment\n"
        "  kpiplan summary plan.toml --format csv > records.csv\n"
        "  kpiplan summary plans/ --format csv > all.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "plan", metavar="PLAN", nargs="+", help="the plan file; or several, or a folder"
    )
    parser.add_argument(
        "--as-of",
        metavar="YEAR",
        help="fiscal year to evaluate at, e.g. R3 (default: the latest year with actuals)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), json (records, roll-ups, forecasts, budgets, rule) or csv",
    )
    add_known_at_option(parser)
    add_grading_options(parser)
    add_many_options(parser)
    return parser


def run(args: argparse.Namespace, stream: TextIO | None = None) -> int:
    """Load, evaluate, print.

    Args:
        args: The parsed arguments (``plan``, ``as_of``, ``format``, the grading
            options, and for many plans ``jobs``, ``keep_going``, ``quiet``).
        stream: Where to print (default: stdout).

    Returns:
        The exit code: 0, or 1 when ``--keep-going`` skipped plans.

    Raises:
        KpiplanError: A plan cannot be read (``PlansError`` lists every one), or
            ``--as-of`` is no fiscal year.
    """
    from kpiplan.grading import evaluate

    out = stream if stream is not None else sys.stdout
    method = method_from(args)
    if is_many(args.plan):
        return _run_many(args, out)
    plan = known_at_plan(args, load_plan(args.plan[0]))
    evaluation = evaluate(plan, as_of=args.as_of, method=method)
    if args.format == "json":
        out.write(evaluation_json(evaluation))
    elif args.format == "csv":
        out.write(records_csv(evaluation.records()))
    else:
        out.write(table(evaluation, known_at=args.known_at))
    return EXIT_OK


def _run_many(args: argparse.Namespace, out: TextIO) -> int:
    from kpiplan._fiscal import FiscalYear
    from kpiplan._many import plan_records

    refuse_known_at_for_many(args)
    as_of = FiscalYear.coerce(args.as_of) if args.as_of else None
    plans = PlanRun(args, args.plan, as_of, method=method_from(args))
    if args.format == "table":
        # The workers make each plan's lines: only text travels back, and a folder
        # of thousands of plans is never all in memory.
        rows: list[list[str]] = []
        rollups: list[str] = []
        for _, (plan_rows, rollup) in plans.map(_table_lines):
            rows += plan_rows
            rollups.append(rollup)
        out.write(many_table(rows, rollups))
    else:
        records = [row for _, rows in plans.map(plan_records) for row in rows]
        out.write(records_json(records) if args.format == "json" else records_csv(records))
    return plans.exit_code()


def _table_lines(result: PlanResult) -> tuple[list[list[str]], str]:
    """One plan's rows of the table across plans, and its roll-up line (in a worker)."""
    rows = [[result.label, *row] for row in _indicator_rows(result.evaluation)]
    return rows, _plan_rollup(result)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        from kpiplan.grading._data import json_number

        return json_number(value)
    return value


def evaluation_json(evaluation: Evaluation) -> str:
    """The whole evaluation as a JSON object: ``records`` first, then ``to_data()``.

    Args:
        evaluation: The evaluation.

    Returns:
        Pretty UTF-8 JSON text with Japanese unescaped, ending in a newline.
    """
    import json

    records = [
        {key: _json_value(value) for key, value in row.items()} for row in evaluation.records()
    ]
    data = {"plan": evaluation.plan.title, "records": records, **evaluation.to_data()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def records_json(records: Sequence[dict[str, Any]]) -> str:
    """The records as a JSON list: Decimals as numbers, None as null.

    Args:
        records: Rows from :meth:`Evaluation.records`.

    Returns:
        Pretty UTF-8 JSON text with Japanese unescaped, ending in a newline.
    """
    import json

    data = [{key: _json_value(value) for key, value in row.items()} for row in records]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    # A spreadsheet would run such text as a formula; the quote keeps it text.
    return neutralise_formula(text) if isinstance(value, str) else text


def records_csv(records: Sequence[dict[str, Any]]) -> str:
    """The records as CSV with a header row.

    Numbers are written exactly (``105.6``), None as an empty cell, bools as
    ``true``/``false``; text starting with ``= + - @``, a tab or a carriage return
    gets a leading ``'`` so a spreadsheet shows it as text rather than running it.

    Args:
        records: Rows from :meth:`Evaluation.records`.

    Returns:
        The CSV text (``\\r\\n`` line ends, as RFC 4180 says).
    """
    import csv
    import io

    from kpiplan.grading import RECORD_FIELDS

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    fields = list(records[0]) if records else list(RECORD_FIELDS)
    writer.writerow(fields)
    for row in records:
        writer.writerow([_csv_cell(row[key]) for key in fields])
    return buffer.getvalue()


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _number(value: Decimal | None, unit: str | None) -> str:
    if value is None:
        return "－"
    from kpiplan.grading._numbers import fmt

    return fmt(value) + (unit or "")


def _satisfactory(evaluation: Evaluation) -> str:
    """The satisfactory grades in the rule's own symbols, e.g. ``A+B`` or ``◎+○``."""
    scale = evaluation.rule.scale
    return "+".join(g.symbol for g in scale.awarded if g.satisfactory) or "－"


def _grade_text(symbol: str, label: str) -> str:
    """``A 達成``; a grade whose symbol is its words (順調) once."""
    return symbol if symbol == label else f"{symbol} {label}"


def _row(key: str, name: str, unit: str | None, current: YearResult, too_low: bool) -> list[str]:
    """One line of the table: an indicator's (or a series') evaluation year."""
    from kpiplan.grading._numbers import fmt_rate
    from kpiplan.grading._results import target_text as _target_text

    target = current.target
    if current.expected is not None:
        target_text = _number(current.expected, unit)
    elif target is not None and target.projected:
        target_text = _number(target.value, unit)
    elif target is not None:
        target_text = _target_text(target) or "－"
    else:
        target_text = "－"
    actual = current.actual
    if actual is None:
        actual_text = "－"
    elif actual.value is not None:
        actual_text = _number(actual.value, unit)
    else:
        actual_text = actual.text or actual.stage or "－"
    rate = f"{fmt_rate(current.rate_rounded)}%" if current.rate_rounded is not None else "－"
    notes = []
    if current.pending:
        notes.append("作成中")
    if current.provisional:
        preliminary = actual is not None and actual.status.value == "preliminary"
        notes.append("速報値" if preliminary else "見込み")
    if current.reason_ja is not None and current.reason != "missing_target":
        notes.append(current.reason_ja)
    if current.revised_target is not None:
        notes.append("目標見直しあり")
    if too_low:
        notes.append("目標が低い可能性")
    return [
        key,
        target_text,
        actual_text,
        rate,
        _grade_text(current.grade, current.grade_label_ja),
        current.official_grade or "",
        "・".join(notes),
        name,
    ]


_HEADER = ["指標", "目標", "実績", "達成率", "評価", "公表評価", "備考", "名称"]
_NUMERIC = {"目標", "実績", "達成率"}


def table(evaluation: Evaluation, known_at: str | None = None) -> str:
    """The evaluation year as an aligned table, then the roll-ups.

    Args:
        evaluation: The evaluation.
        known_at: The ``--known-at`` date as given, said in the title: the table is
            the report as it could have been made on that date.

    Returns:
        The text, lines ending in ``\\n``.
    """
    as_of = evaluation.as_of
    title = f"{evaluation.plan.title} — {as_of.japanese()}（{as_of}）時点の評価"
    if known_at:
        title += f"（{known_at} に判明していた値による）"
    lines = [title, ""]
    lines += _aligned(_HEADER, _indicator_rows(evaluation))
    lines.append("")
    rule = evaluation.rule
    lines.append(f"評価基準: {rule.name}（{rule.government}・{rule.family}）")
    lines.append("集計（ロールアップ）")
    lines += [
        f"  {_pad(rollup.scope, 6)} {_rollup_text(rollup, evaluation)}"
        for rollup in evaluation.rollups
    ]
    return "\n".join(lines) + "\n"


def many_table(rows: Sequence[list[str]], rollups: Sequence[str]) -> str:
    """Many plans' evaluation years as one table with a plan column, then a roll-up each.

    Args:
        rows: Each indicator's row, its plan's label first (see :func:`table`).
        rollups: Each plan's roll-up line.

    Returns:
        The text, lines ending in ``\\n``.
    """
    count = len(rollups)
    lines = [f"{count}計画の評価（各計画の評価年度時点）", ""]
    lines += _aligned(["計画", *_HEADER], rows)
    lines += ["", "計画ごとの集計（ロールアップ）", *rollups]
    return "\n".join(lines) + "\n"


def _plan_rollup(result: PlanResult) -> str:
    evaluation = result.evaluation
    (whole,) = [rollup for rollup in evaluation.rollups if rollup.scope == "plan"]
    return f"  {result.label}  {evaluation.as_of.japanese()}時点  {_rollup_text(whole, evaluation)}"


def _rollup_text(rollup: Rollup, evaluation: Evaluation) -> str:
    from kpiplan.grading._numbers import fmt_rate

    counts = " ".join(f"{grade}{count}" for grade, count in rollup.counts.items())
    share = f"{fmt_rate(rollup.share_ab)}%" if rollup.share_ab is not None else "－"
    score = format(rollup.mean_score, "f") if rollup.mean_score is not None else "－"
    return (
        f"評価 {rollup.grade}  [{counts}]  "
        f"評価済 {rollup.evaluated}・保留 {rollup.pending}・見込み {rollup.provisional}  "
        f"{_satisfactory(evaluation)} {share}  平均点 {score}  {rollup.title}"
    )


def _aligned(header: list[str], rows: Sequence[list[str]]) -> list[str]:
    """Rows padded to their columns' widths; numbers right-aligned, the last column free."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    numeric = {i for i, name in enumerate(header) if name in _NUMERIC}
    lines = []
    for row in [header, *rows]:
        cells = [_pad(row[i], widths[i], right=i in numeric) for i in range(len(widths))]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _indicator_rows(evaluation: Evaluation) -> list[list[str]]:
    """One row per indicator (and series) at the evaluation year, in ``_HEADER``'s columns."""
    rows: list[list[str]] = []
    for result in evaluation.indicators:
        current = result.current
        if current is None:
            rows.append(
                [result.indicator_id, "－", "－", "－", "－", "", "計画期間外", result.name]
            )
            continue
        too_low = result.forecast is not None and result.forecast.target_too_low
        rows.append(_row(result.indicator_id, result.name, result.unit, current, too_low))
        for series in result.series:
            if series.current is not None:
                # Each series under its indicator, whose row is their combination.
                rows.append(_row(f" └ {series.name}", "", result.unit, series.current, False))
    return rows
