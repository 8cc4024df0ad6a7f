"""The 概要 (summary) sheet: the plan, its KGI and the grades per CSF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpiplan import (
    GradeScale,
    Plan,
)
from kpiplan.vocabulary import POSITIONING_LABELS, applies_label
from kpiplan_exporters._xlsx.layout import (
    actual_cell,
    status_cell,
    target_cell,
    text_safe,
)

if TYPE_CHECKING:
    from kpiplan import Evaluation

from kpiplan_exporters._xlsx.book import (
    HEADER_FILL,
    Book,
    column_widths,
    date_text,
    grade_cell,
    grade_fill,
    rate_cell,
    value_cell,
    year_text,
)

# ----------------------------------------------------------------------------- 概要


def summary(book: Book, plan: Plan, evaluation: Evaluation) -> None:
    ja = book.language == "ja"
    sheet = book.sheet("summary", heading="")
    column_widths(sheet, (22, 60, 14, 14, 14, 12, 12, 12, 12, 12, 12, 14))
    s = book.styles

    def pair(label: str, value: object) -> list[Any]:
        shown = value if not isinstance(value, str) else text_safe(value)
        return [
            s.cell(label, font="bold", fill=HEADER_FILL, border=True),
            s.cell(shown, align="wrap", border=True),
        ]

    sheet.append([s.cell(text_safe(plan.title), font="title")])
    sheet.append([])
    period = plan.period
    sheet.append(pair("組織" if ja else "Organization", plan.organization))
    sheet.append(
        pair(
            "計画期間" if ja else "Period",
            f"{year_text(period.first, book.language)}～{year_text(period.last, book.language)}"
            f"（{period.first}–{period.last}）",
        )
    )
    if plan.positioning is not None:
        for field, words in POSITIONING_LABELS.items():
            sheet.append(pair(words[0 if ja else 1], getattr(plan.positioning, field)))
    if plan.actuals_as_of is not None:
        sheet.append(
            pair(
                "実績の時点" if ja else "Actuals as of",
                date_text(plan.actuals_as_of, book.language),
            )
        )
    sheet.append(
        pair("評価の年度" if ja else "Evaluated at", year_text(evaluation.as_of, book.language))
    )
    for flag in plan.categories:
        applies = applies_label(flag.applies, book.language)
        sheet.append(pair(("案件種別 " if ja else "Category ") + text_safe(flag.name), applies))
    for note in plan.footnotes:
        sheet.append(pair("※", note))

    sheet.append([])
    sheet.append([s.cell("KGIの状況" if ja else "KGI status", font="heading")])
    heads: tuple[str, ...] = (
        ("指標", "年度", "目標", "実績", "状態", "達成率", "評価")
        if ja
        else ("Indicator", "Year", "Target", "Actual", "Status", "Attainment", "Grade")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center") for h in heads]
    )
    for kgi in plan.kgis:
        result = evaluation.result(kgi.id).current
        year = evaluation.as_of if result is None else result.fiscal_year
        target, _ = target_cell(kgi, year)
        actual = kgi.actual_for(year)
        shown = actual_cell(actual)
        sheet.append(
            [
                s.cell(text_safe(kgi.name), align="wrap", border=True),
                s.cell(str(year), border=True, align="center"),
                value_cell(book, target, kgi.unit),
                value_cell(
                    book, shown, kgi.unit, estimate=actual is not None and actual.is_estimate
                ),
                s.cell(status_cell(actual, book.language), border=True),
                rate_cell(book, None if result is None else result.rate_rounded),
                grade_cell(
                    book,
                    None if result is None else result.grade,
                    evaluation.result(kgi.id).rule.scale,
                    provisional=bool(result is not None and result.provisional),
                ),
            ]
        )

    sheet.append([])
    sheet.append([s.cell("CSF別の評価" if ja else "Grades by CSF", font="heading")])
    scale = evaluation.rule.scale
    grades = (*scale.symbols, scale.ungraded.symbol)
    heads = (
        ("CSF", "タイトル", *grades, "評価数", "作成中", "見込み", _share_head(scale, ja))
        if ja
        else ("CSF", "Title", *grades, "Graded", "Pending", "Provisional", _share_head(scale, ja))
    )
    sheet.append(
        [
            s.cell(
                h,
                font="bold",
                fill=grade_fill(scale, h) or HEADER_FILL,
                border=True,
                align="center",
            )
            for h in heads
        ]
    )
    titles = {csf.code: csf.title for csf in plan.csfs}
    for rollup in evaluation.rollups:
        scope = "計画全体" if ja and rollup.scope == "plan" else rollup.scope
        title = titles.get(rollup.scope, rollup.title)
        sheet.append(
            [
                s.cell(text_safe(scope), border=True, font="bold"),
                s.cell(text_safe(title), align="wrap", border=True),
                *(s.cell(rollup.counts.get(g, 0), border=True, align="center") for g in grades),
                s.cell(rollup.evaluated, border=True, align="center"),
                s.cell(rollup.pending, border=True, align="center"),
                s.cell(rollup.provisional, border=True, align="center"),
                rate_cell(book, rollup.share_a),
            ]
        )

    _legend(book, sheet, scale)

    sheet.append([])
    sheet.append([s.cell("CSFと施策" if ja else "CSFs and measures", font="heading")])
    heads = (
        ("CSF / 施策", "内容", "期限", "目標", "指標")
        if ja
        else ("CSF / measure", "Description", "Deadline", "Target", "Indicators")
    )
    sheet.append(
        [s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center") for h in heads]
    )
    for csf in plan.csfs:
        sheet.append([s.cell(text_safe(f"{csf.code} {csf.title}"), font="bold", border=True)])
        for measure in csf.measures:
            sheet.append(
                [
                    s.cell(text_safe(measure.title), align="wrap", border=True),
                    s.cell(text_safe(measure.description or ""), align="wrap", border=True),
                    s.cell(
                        None if measure.deadline is None else str(measure.deadline), border=True
                    ),
                    s.cell(
                        None
                        if measure.target_statement is None
                        else text_safe(measure.target_statement),
                        align="wrap",
                        border=True,
                    ),
                    s.cell(
                        text_safe("、".join(measure.indicators)) or None, align="wrap", border=True
                    ),
                ]
            )
    sheet.append([])
    sheet.append(
        [
            s.cell("記入方法" if ja else "How to edit", font="bold", align="wrap"),
            s.cell(
                "「指標」シートの目標・実績・状態の欄を記入して kpiplan.load で読み込むと計画に"
                "反映されます。状態は 確定・見込み（R5.3.31）・作成中・未報告 のいずれかです。"
                "行や列は削除しないでください。"
                if ja
                else "Type targets, actuals and their status on the Indicators sheet; "
                "kpiplan.load reads them back into the plan. A status is confirmed, "
                "estimate (2023-03-31), in progress or not reported. Do not delete rows "
                "or columns.",
                align="wrap",
            ),
        ]
    )
    sheet.print_title_rows = "1:1"


def _share_head(scale: GradeScale, ja: bool) -> str:
    """The heading of the share of met grades: A以上の割合, ○以上の割合."""
    met = [grade.symbol for grade in scale.awarded if grade.met]
    if not met:
        return "達成の割合" if ja else "Share met"
    return f"{met[-1]}以上の割合" if ja else f"Share {met[-1]} or better"


def _legend(book: Book, sheet: Any, scale: GradeScale) -> None:
    """The grades of the plan's rule: symbol in its colour, and its words in both languages."""
    ja = book.language == "ja"
    s = book.styles
    sheet.append([])
    sheet.append([s.cell("評価の凡例" if ja else "Grades", font="heading")])
    sheet.append(
        [
            s.cell(h, font="bold", fill=HEADER_FILL, border=True, align="center")
            for h in (("評価", "意味") if ja else ("Grade", "Meaning"))
        ]
    )
    for grade in (*scale.awarded, scale.ungraded):
        sheet.append(
            [
                s.cell(
                    text_safe(grade.symbol),
                    font="bold",
                    fill=grade_fill(scale, grade.symbol),
                    border=True,
                    align="center",
                ),
                s.cell(
                    text_safe(scale.label(grade.symbol, book.language)), align="wrap", border=True
                ),
            ]
        )
