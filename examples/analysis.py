"""Answer the questions a plan's owners ask of its evaluation.

Run it on the example plan (or any plan file):

    python examples/analysis.py
    python examples/analysis.py plan.toml --as-of 令和3年度

It prints, in Japanese with the English alongside:

1. which indicators are behind (graded below A, or trending too slowly) or pending;
2. which targets look too low (met, or projected to be met, years early);
3. what each budget line cost per unit of output (千円 per FAQ entry added …);
4. how the R4 request compares with the R3 budget, in total and line by line;
5. the published rates year by year, summarised with pandas (when it is installed).

Years may be given in any form kpiplan takes (R3, 令和3年度, 2021年度, 2021); a year
outside the plan period is refused with the period in the message.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import kpiplan
from kpiplan import Evaluation, MissingDependencyError, NotFoundError, YearLike, evaluate

EXAMPLE = Path(__file__).resolve().parent / "digital_tokushima.toml"


def amount(value: Decimal) -> str:
    """A number with thousands grouped and no trailing zeros: 4,940."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def behind_or_pending(evaluation: Evaluation) -> list[str]:
    """Indicators graded below A, pending, or with a forecast short of on track."""
    lines = []
    for result in evaluation.indicators:
        current = result.current
        if current is None:
            continue
        notes = []
        if current.pending:
            notes.append(
                f"作成中のため評価保留 (pending: {current.actual and current.actual.text})"
            )
        elif current.graded and current.grade not in ("A", "S"):
            rate = f" {current.rate_rounded}%" if current.rate_rounded is not None else ""
            notes.append(
                f"評価 {current.grade}{rate} {current.grade_label_ja} ({current.grade_label_en})"
            )
        forecast = result.forecast
        if forecast is not None and forecast.status in (
            "needs_acceleration",
            "limited",
            "deteriorating",
        ):
            notes.append(f"見通し: {forecast.label_ja} ({forecast.label_en})")
        if notes:
            lines.append(f"  {result.indicator_id} {result.name}: " + "、".join(notes))
    return lines


def too_low(evaluation: Evaluation) -> list[str]:
    """Indicators whose final target is met, or projected met, well before its year."""
    lines = []
    for result in evaluation.indicators:
        forecast = result.forecast
        if forecast is None or not forecast.target_too_low:
            continue
        unit = result.unit or ""
        reached = forecast.status == "achieved"
        lines.append(
            f"  {result.indicator_id} {result.name}: 最終目標 {amount(forecast.final_target)}{unit}"
            f"（{forecast.final_year}）に {forecast.reaches_target} で"
            + ("到達済み (already reached in " if reached else "到達の見込み (projected in ")
            + f"{forecast.reaches_target})"
        )
    return lines


def cost_per_unit(evaluation: Evaluation) -> list[str]:
    """Every budget line linked to a quantitative indicator, with its cost per unit."""
    lines = []
    for year in evaluation.budgets.years:
        for line in year.lines:
            for cost in line.costs:
                if cost.cost_rounded is None:
                    figure = "単価なし (no output yet)"
                else:
                    mark = "（見込み）" if cost.provisional else ""
                    figure = f"{amount(cost.cost_rounded)}{cost.unit_label}{mark}"
                lines.append(f"  {year.year} {line.name} → {cost.indicator_id}: {figure}")
    return lines


def compare_budgets(
    evaluation: Evaluation, new: YearLike = "R4", old: YearLike = "令和3年度"
) -> list[str]:
    """The new year's budget against the old one, in total and line by line."""
    try:
        after = evaluation.budgets.year(new)
        before = evaluation.budgets.year(old)
    except NotFoundError as missing:
        # The message lists the years the plan has budgets for.
        return [f"  {missing.key} の予算がない ({missing})"]
    lines = [f"  {after.explanation_ja}", f"  ({after.explanation_en})"]
    old_lines = {line.name: line.amount for line in before.lines}
    new_lines = {line.name: line.amount for line in after.lines}
    for name, value in new_lines.items():
        if name not in old_lines:
            lines.append(f"  新規 (new) {name}: {amount(value)}{after.unit}")
        elif value != old_lines[name]:
            change = value - old_lines[name]
            sign = "+" if change > 0 else ""
            lines.append(
                f"  増減 (change) {name}: {amount(old_lines[name])} → {amount(value)}{after.unit}"
                f" ({sign}{amount(change)})"
            )
    for name, value in old_lines.items():
        if name not in new_lines:
            lines.append(f"  終了 (ended) {name}: {amount(value)}{before.unit}")
    return lines


def rates_by_year(evaluation: Evaluation) -> list[str]:
    """How many indicators were graded each year, and their published rates (pandas)."""
    try:
        frame = evaluation.to_dataframe()
    except MissingDependencyError:
        return ['  pandas が必要 (needs pip install "kpiplan[pandas]")']
    # rate is float64 with NaN where there is none: pandas counts and averages it as is.
    graded = frame[frame["fiscal_year"] <= evaluation.as_of.year]
    table = graded.groupby("fiscal_year")["rate"].agg(["count", "median", "min", "max"])
    lines = []
    for western, row in table.iterrows():
        year = kpiplan.FiscalYear.coerce(int(western))
        if row["count"] == 0:
            lines.append(f"  {year} 達成率なし (no rates)")
            continue
        lines.append(
            f"  {year} {int(row['count'])}指標 (indicators): 中央値 (median) "
            f"{row['median']:.1f}%、最小 (min) {row['min']:.1f}%、最大 (max) {row['max']:.1f}%"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the four answers for a plan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", nargs="?", default=str(EXAMPLE), help="the plan file")
    parser.add_argument("--as-of", help="fiscal year to evaluate at: R3, 令和3年度 or 2021年度")
    args = parser.parse_args(argv)
    try:
        plan = kpiplan.load(args.plan)
        evaluation = evaluate(plan, as_of=args.as_of)
    except kpiplan.KpiplanError as error:
        print(f"analysis: {error}", file=sys.stderr)
        return 1
    print(f"{plan.title} — {evaluation.as_of.japanese()}（{evaluation.as_of}）時点")
    sections = [
        ("1. 遅れている・評価保留の指標 (behind or pending)", behind_or_pending(evaluation)),
        ("2. 低すぎる可能性のある目標 (targets that look too low)", too_low(evaluation)),
        ("3. 事業の成果1単位あたりの費用 (cost per unit of output)", cost_per_unit(evaluation)),
        ("4. R4要求とR3予算の比較 (R4 request against R3)", compare_budgets(evaluation)),
        ("5. 年度別の達成率 (published rates by year)", rates_by_year(evaluation)),
    ]
    for title, lines in sections:
        print()
        print(title)
        print("\n".join(lines) if lines else "  なし (none)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
