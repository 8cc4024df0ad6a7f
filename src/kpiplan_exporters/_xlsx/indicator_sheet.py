"""The 指標 sheet: a block of rows per indicator (目標, 実績, 状態, 達成率, 評価) by year.

Its 目標, 実績 and 状態 cells are what an official edits and the reader reads back
(see :mod:`kpiplan_exporters._xlsx.layout`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from kpiplan import (
    Actual,
    ActualStatus,
    Assessment,
    Csf,
    FiscalYear,
    Indicator,
    Plan,
    Revision,
    Target,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.layout import (
    AS_OF_CELL,
    ASSESSED_KINDS,
    ASSESSMENT_KIND,
    COLUMNS,
    EDITABLE_KINDS,
    EVALUATED_KINDS,
    NO_VALUE,
    OFFICIAL_KIND,
    actual_cell,
    assessment_cell,
    block_kinds,
    number_format,
    status_cell,
    target_cell,
    target_value,
    text_safe,
)

if TYPE_CHECKING:
    from kpiplan import Evaluation
    from kpiplan.grading import IndicatorResult, YearResult

from kpiplan_exporters._xlsx.book import (
    DATE_FORMAT,
    ESTIMATE_FILL,
    HEADER_FILL,
    PENDING_FILL,
    TARGET_FILL,
    Book,
    column_widths,
    grade_cell,
    grade_fill,
    number_cell,
    rate_cell,
    value_cell,
)
from kpiplan_exporters._xlsx.row_xml import cell_list

# ----------------------------------------------------------------------------- 指標


@attrs.frozen
class Layout:
    """Where the 指標 sheet put things, for the hidden sheet."""

    first_row: int
    """The first row of the first indicator block."""
    kinds: tuple[str, ...]
    """The row kinds of every block, in order."""


def _notes(book: Book, indicator: Indicator, kind: str, years: Sequence[FiscalYear]) -> str | None:
    ja = book.language == "ja"
    lines: list[str] = []
    if kind == "target":
        lines.extend(f"※ {note}" for note in indicator.footnotes)
        lines.extend(f"{t.year}: ※ {t.note}" for t in indicator.targets if t.note)
        lines.extend(
            f"{t.year}: {'見込量（評価しない）' if ja else 'projected volume (not graded)'}"
            for t in indicator.targets
            if t.projected
        )
        dated = [t.year for t in indicator.targets] + [a.year for a in indicator.actuals]
        for series in indicator.series:
            dated += [t.year for t in series.targets] + [a.year for a in series.actuals]
        written = {year for year in dated if year.written is not None}
        lines.extend(
            f"{year}: {'表記' if ja else 'written'} {year.display()}" for year in sorted(written)
        )
        lines.extend(_revision_notes(book, indicator.targets, indicator.revisions))
    elif kind == "actual":
        for actual in indicator.actuals:
            if actual.year not in years:
                continue
            if actual.note:
                lines.append(f"{actual.year}: ※ {actual.note}")
            if actual.assessment is not None:
                word = label(actual.assessment, book.language)
                lines.append(f"{actual.year}: {'評価' if ja else 'assessed'} {word}")
            if actual.override is not None:
                lines.append(
                    f"{actual.year}: {'評価を手動で' if ja else 'grade set to'} "
                    f"{actual.override.grade}（{actual.override.reason}）"
                )
    return text_safe("\n".join(lines)) if lines else None


def _revision_notes(
    book: Book, targets: Sequence[Target], revisions: Sequence[Revision]
) -> list[str]:
    """Each revised target beside its original: ``R4: 当初 100 → 見直し 120（中間評価 …）``."""
    ja = book.language == "ja"
    original = {target.year: target for target in targets}
    lines = []
    for revision in revisions:
        decided = revision.decided
        day = decided.isoformat() if isinstance(decided, date) else decided.iso()
        when = f"{revision.label or ('改訂' if ja else 'revised')} {day}"
        for target in revision.targets:
            before = original.get(target.year)
            shown = _shown(None if before is None else target_value(before))
            lines.append(
                f"{target.year}: {'当初' if ja else 'original'} {shown} → "
                f"{'見直し' if ja else 'revised'} {_shown(target_value(target))}（{when}）"
            )
    return lines


def _result_notes(book: Book, years: Sequence[YearResult]) -> list[str]:
    """The 評価 row's notes: why a year with a result is not graded (見込量, 設定しない…)."""
    ja = book.language == "ja"
    lines = []
    for year in years:
        reason = year.reason_ja if ja else year.reason_en
        # A year without a target (the baseline year, most often) shows － and needs
        # no note on every indicator; データ gives every reason.
        if reason and year.actual is not None and year.reason != "missing_target":
            lines.append(f"{year.fiscal_year}: {'評価しない' if ja else 'not graded'}（{reason}）")
    return lines


def _shown(value: object) -> str:
    return f"{value:,}" if isinstance(value, Decimal) else str(value or "－")


def _series_rows(
    book: Book, result: IndicatorResult, unit: str | None, scale: Any, fixed: int
) -> list[tuple[list[Any], str]]:
    """The rows of an indicator's series (男性, 女性): target, actual and grade by year."""
    s = book.styles
    rows: list[tuple[list[Any], str]] = []
    for series in result.series:
        by_year = {year.fiscal_year: year for year in series.years}
        for kind in ("target", "actual", "grade"):
            cells: list[Any] = [s.cell(text_safe(result.indicator_id), font="dim", border=True)]
            cells.extend(None for _ in range(fixed - 2))
            heading = f"{book.labels[kind]}（{series.name}）"
            cells.append(s.cell(text_safe(heading), font="bold", border=True, align="center"))
            for year in result.years:
                found = by_year.get(year.fiscal_year)
                if kind == "target":
                    target = found.target if found is not None else None
                    # The year the series states it, as the indicator's own row shows it.
                    own = target is not None and target.year == year.fiscal_year
                    shown = target_value(target) if target is not None and own else None
                    cells.append(value_cell(book, shown, unit, fill=TARGET_FILL))
                elif kind == "actual":
                    actual = found.actual if found is not None else None
                    cells.append(_actual(book, actual, unit, unlocked=False))
                else:
                    grade = found.grade if found is not None else None
                    provisional = found.provisional if found is not None else False
                    cells.append(grade_cell(book, grade, scale, provisional=provisional))
            notes = _result_notes(book, series.years) if kind == "grade" else []
            if kind == "target":
                notes = _revision_notes(book, series.series.targets, series.series.revisions)
                if series.series.note:
                    notes.insert(0, f"※ {series.series.note}")
            cells.append(
                s.cell(text_safe("\n".join(notes)) or None, align="wrap", border=True, font="dim")
            )
            rows.append((cells, kind))
    return rows


def _comment(text: str) -> Any:
    from openpyxl.comments import Comment

    comment = Comment(text_safe(f"※ {text}"), "kpiplan")
    comment.width = 240
    comment.height = 90
    return comment


def _indicator_header(book: Book, years: Sequence[FiscalYear]) -> list[Any]:
    s = book.styles
    labels = [book.labels[key] for key in COLUMNS]
    return [
        *(
            s.cell(label, font="bold", fill=HEADER_FILL, border=True, align="center")
            for label in labels
        ),
        *(
            s.cell(str(year), font="bold", fill=HEADER_FILL, border=True, align="center")
            for year in years
        ),
        s.cell(book.labels["notes"], font="bold", fill=HEADER_FILL, border=True, align="center"),
    ]


def indicators(
    book: Book,
    plan: Plan,
    evaluation: Evaluation,
    cells_map: dict[str, str] | None = None,
) -> Layout:
    """Write the 指標 sheet.

    Args:
        book: The workbook.
        plan: The plan.
        evaluation: Its evaluation.
        cells_map: Filled with each input cell's address by its value's plan path
            (``Handout.cells``), if given.

    Returns:
        Where the blocks are, for the hidden sheet.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ja = book.language == "ja"
    years = plan.period.years
    fixed = len(COLUMNS)
    header_row = 3
    sheet = book.sheet(
        "indicators",
        freeze=f"{get_column_letter(fixed + 1)}{header_row + 1}",
        # The descriptive cells are merged down the block's rows (room enough), the
        # ID is short and small.
        skip=frozenset(range(fixed)),
        heading="主な指標及び工程" if ja else None,
    )
    notes_column = fixed + len(years) + 1
    column_widths(sheet, (10, 16, 34, 7, 10, 7, 16, 12, 7, *(18 for _ in years), 36))
    s = book.styles
    sheet.append(
        [
            s.cell(
                text_safe(("主な指標及び工程　" if ja else "Indicators: ") + plan.title),
                font="title",
            )
        ]
    )
    as_of = plan.actuals_as_of
    sheet.append(
        [
            s.cell(book.labels["as_of"], font="bold", border=True, fill=HEADER_FILL),
            s.cell(
                None if as_of is None else datetime(as_of.year, as_of.month, as_of.day),
                fmt=DATE_FORMAT,
                border=True,
                unlocked=True,
                align="center",
            ),
            s.cell(
                "目標・実績・状態・達成度の欄と実績基準日に記入できます"
                "（状態: 確定／見込み（R5.3.31）／速報値／作成中／未報告）。"
                "行・列を削除しないでください。"
                if ja
                else "Type into the target, actual, status and assessment cells and the actuals "
                "date only (status: confirmed / estimate (2023-03-31) / preliminary / "
                "in progress / not reported). Do not delete rows or columns.",
                font="dim",
            ),
        ],
        inputs=(1,),
    )
    sheet.append(_indicator_header(book, years))
    official = any(a.official_grade for _, i in plan.indicators() for a in i.actuals)
    kinds: tuple[str, ...] = (
        *EDITABLE_KINDS,
        *EVALUATED_KINDS,
        *((OFFICIAL_KIND,) if official else ()),
    )
    layout = Layout(header_row + 1, kinds)

    merges: list[str] = []
    #: Input cells by the check Excel makes on them: (column, row), as openpyxl sorts them.
    validated: dict[str, list[tuple[int, int]]] = {"number": [], "status": [], "assessment": []}
    first_year_letter = get_column_letter(fixed + 1)
    last_year_letter = get_column_letter(fixed + len(years))
    kind_letter = get_column_letter(fixed)
    row = layout.first_row
    for csf, indicator in plan.indicators():
        result = evaluation.result(indicator.id)
        scale = result.rule.scale
        block_first = row
        group = "KGI" if csf is None else f"{csf.code} {csf.title}"
        baseline = indicator.baseline_value()
        baseline_text = None
        if baseline is not None and indicator.baseline is not None:
            baseline_text = f"{baseline:,}{indicator.unit or ''}（{indicator.baseline.year}）"
        descriptive = [
            s.cell(text_safe(group), align="wrap", border=True),
            s.cell(
                text_safe(f"{indicator.code} {indicator.name}"),
                align="wrap",
                border=True,
                font="bold",
            ),
            s.cell(indicator.unit and text_safe(indicator.unit), align="center", border=True),
            s.cell(
                label(indicator.direction, book.language, short=True),
                align="center",
                border=True,
            ),
            s.cell(
                label(indicator.accumulation, book.language, short=True),
                align="center",
                border=True,
            ),
            s.cell(text_safe("、".join(indicator.divisions)), align="wrap", border=True),
            s.cell(baseline_text, align="center", border=True),
        ]
        for kind in block_kinds(indicator, kinds):
            cells: list[Any] = [s.cell(text_safe(indicator.id), font="dim", border=True)]
            cells.extend(
                descriptive
                if kind == "target"
                # Merged away under the first row's cells: nothing to write.
                else (None for _ in descriptive)
            )
            cells.append(s.cell(book.labels[kind], font="bold", border=True, align="center"))
            spans: dict[int, int] = {}
            inputs: list[int] = []
            for column, year in enumerate(years, start=fixed + 1):
                ref = f"{get_column_letter(column)}{row}"
                if kind in EDITABLE_KINDS:
                    inputs.append(column - 1)
                if kind == "target":
                    value, target = target_cell(indicator, year)
                    cell = value_cell(book, value, indicator.unit, fill=TARGET_FILL, unlocked=True)
                    if indicator.unit is not None and (target is None or target.is_numeric):
                        validated["number"].append((column, row))
                    if target is not None and target.year == year:
                        if target.note:
                            cell.comment = _comment(target.note)
                        last = target.through
                        if last is not None and last > year:
                            end = min(last.year, years[-1].year) - years[0].year + fixed + 1
                            merges.append(f"{ref}:{get_column_letter(end)}{row}")
                            spans[column - 1] = end - column + 1
                elif kind == "actual":
                    actual = indicator.actual_for(year)
                    cell = _actual(book, actual, indicator.unit)
                    target = indicator.target_for(year)
                    if indicator.unit is not None and (target is None or target.is_numeric):
                        validated["number"].append((column, row))
                elif kind == "status":
                    actual = indicator.actual_for(year)
                    cell = _actual_look(book, actual, status_cell(actual, book.language))
                    validated["status"].append((column, row))
                elif kind == ASSESSMENT_KIND:
                    target = indicator.target_for(year)
                    if target is not None and target.kind in ASSESSED_KINDS:
                        inputs.append(column - 1)
                        validated["assessment"].append((column, row))
                        cell = s.cell(
                            assessment_cell(indicator.actual_for(year), book.language),
                            border=True,
                            align="center",
                            unlocked=True,
                        )
                    else:
                        cell = s.cell(None, border=True)
                elif kind == "rate":
                    cell = rate_cell(book, result.year(year).rate_rounded)
                elif kind == "grade":
                    year_result = result.year(year)
                    cell = grade_cell(
                        book, year_result.grade, scale, provisional=year_result.provisional
                    )
                else:
                    published = result.year(year).official_grade
                    cell = grade_cell(book, published, scale, provisional=False)
                if kind in ("target", "actual") and cells_map is not None:
                    cells_map[_path(csf, indicator, kind, year)] = f"{sheet.title}!{ref}"
                cells.append(cell)
            notes = _notes(book, indicator, kind, years)
            if kind == "grade":
                extra = "\n".join(_result_notes(book, result.years))
                notes = "\n".join(part for part in (notes, text_safe(extra)) if part) or None
            cells.append(
                s.cell(
                    notes,
                    align="wrap",
                    border=True,
                    font="dim" if kind != "target" else None,
                )
            )
            sheet.append(cells, spans=spans, inputs=inputs)
            row += 1
        for cells, _kind in _series_rows(book, result, indicator.unit, scale, fixed):
            sheet.append(cells)
            row += 1
        block_last = row - 1
        for column in range(2, fixed):
            letter = get_column_letter(column)
            merges.append(f"{letter}{block_first}:{letter}{block_last}")

    sheet.merge(merges)
    last_row = row - 1
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if last_row >= layout.first_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(notes_column)}{last_row}"
        scales = {evaluation.result(i.id).rule.scale for _, i in plan.indicators()}
        if len(scales) == 1:
            # The rule's colours also as conditional formats: a grade corrected by hand
            # takes its colour. Each grade cell has its own scale's fill as well, so a
            # plan whose indicators are graded on different scales is right without it.
            area = f"{first_year_letter}{layout.first_row}:{last_year_letter}{last_row}"
            (scale,) = scales
            for band in scale.grades:
                colour = grade_fill(scale, band.symbol)
                if colour is None:
                    continue
                sheet.conditional_formatting.add(
                    area,
                    FormulaRule(
                        formula=[
                            f'AND(${kind_letter}{layout.first_row}="{book.labels["grade"]}",'
                            f'{first_year_letter}{layout.first_row}="{band.symbol}")'
                        ],
                        fill=PatternFill("solid", start_color=colour, end_color=colour),
                        font=Font(bold=True),
                    ),
                )
    _validations(book, sheet, validated)
    return layout


def _path(csf: Csf | None, indicator: Indicator, kind: str, year: FiscalYear) -> str:
    """The plan path of an input cell's value, as ``Handout.cells`` keys it."""
    base = "kgis" if csf is None else f"csfs[{csf.code}].indicators"
    what = "targets" if kind == "target" else "actuals"
    return f"{base}[{indicator.code}].{what}[{year}]"


def _validations(book: Book, sheet: Any, validated: dict[str, list[tuple[int, int]]]) -> None:
    """Excel's checks on the input cells: numbers, and the lists of statuses and assessments.

    A wrong entry is warned about, not refused (``errorStyle="warning"``): a number
    typed with its unit (1,800件) is text to Excel but read as meant by kpiplan.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    ja = book.language == "ja"
    statuses = ",".join(label(status, book.language) for status in ActualStatus)
    assessments = ",".join(label(assessment, book.language) for assessment in Assessment)
    checks = {
        "number": DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
            errorStyle="warning",
            error="数値を入力してください（1,800件 のように単位を付けても読めます）"
            if ja
            else "Type a number (a number with its unit, 1,800件, is read too)",
        ),
        "status": DataValidation(
            type="list",
            formula1=f'"{statuses}"',
            allow_blank=True,
            showErrorMessage=False,
            promptTitle=book.labels["status"],
            prompt="確定・見込み（R5.3.31）・速報値・作成中・未報告"
            if ja
            else "confirmed, estimate (2023-03-31), preliminary, in progress or not reported",
            showInputMessage=True,
        ),
        "assessment": DataValidation(
            type="list",
            formula1=f'"{assessments}"',
            allow_blank=True,
            errorStyle="stop",
            promptTitle=book.labels["assessment"],
            prompt="目標（文・段階）に対する達成度: 達成・一部達成・未達成"
            if ja
            else "how the statement or stage target was met: achieved, partial, not achieved",
            showInputMessage=True,
        ),
    }
    for key, validation in checks.items():
        if validated[key]:
            validation.sqref = cell_list(validated[key])
            sheet.data_validations.append(validation)
    as_of = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        errorStyle="warning",
        error="日付を入力してください（2023/3/31 または R5.3.31）"
        if ja
        else "Type a date (2023-03-31)",
    )
    as_of.sqref = AS_OF_CELL
    sheet.data_validations.append(as_of)


def _actual_look(book: Book, actual: Actual | None, value: object) -> Any:
    look: dict[str, Any] = {"border": True, "align": "center", "unlocked": True}
    if actual is not None and actual.status is ActualStatus.ESTIMATE:
        return book.styles.cell(value, font="estimate", fill=ESTIMATE_FILL, **look)
    if actual is not None and actual.status is ActualStatus.IN_PROGRESS:
        return book.styles.cell(value, font="pending", fill=PENDING_FILL, **look)
    return book.styles.cell(value, **look)


def _actual(book: Book, actual: Actual | None, unit: str | None, *, unlocked: bool = True) -> Any:
    value = actual_cell(actual)
    look: dict[str, Any] = {"border": True, "unlocked": unlocked}
    if actual is not None and actual.status is ActualStatus.ESTIMATE:
        look.update(font="estimate", fill=ESTIMATE_FILL)
    elif actual is not None and actual.status is ActualStatus.IN_PROGRESS:
        look.update(font="pending", fill=PENDING_FILL)
    if isinstance(value, Decimal):
        cell = number_cell(book, value, unit, **look)
    elif value is None and unit is not None:
        # An empty cell of a number, formatted for the indicator's unit ahead of typing.
        cell = book.styles.cell(value, fmt=number_format(unit), **look)
    else:
        cell = book.styles.cell(value, align="wrap" if value != NO_VALUE else "center", **look)
    if actual is not None and actual.note:
        cell.comment = _comment(actual.note)
    return cell
