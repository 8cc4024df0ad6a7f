"""Writing a draft workbook: a blank, guided plan in Excel, or one prefilled from a plan.

The workbook has a 説明 sheet (how to fill it in), then 計画, 体系, 指標 and 予算,
one table each (:mod:`~kpiplan_exporters._xlsx.draft.layout`). Lists (単位, 方向,
累計区分, 状態, 区分) are data validations whose words come from
:mod:`kpiplan.vocabulary`; every table shows one grey 記入例 row that the reader
skips. The bytes are the same on every run (fixed zip dates and document dates).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, BinaryIO

from kpiplan import (
    ERAS,
    Accumulation,
    BudgetStatus,
    Direction,
    FiscalYear,
    Plan,
    known_units,
    to_data,
)
from kpiplan.vocabulary import label
from kpiplan_exporters._xlsx.archive import FixedZipFile
from kpiplan_exporters._xlsx.draft.layout import (
    BUDGETS,
    DITTO,
    DRAFT_SHEET,
    FIRST_ROW,
    FORMAT_VERSION,
    INDICATORS,
    MARKER,
    MEASURE,
    PLAN,
    PLAN_ROWS,
    TREE,
    Table,
)
from kpiplan_exporters._xlsx.layout import text_safe

__all__ = ["GUIDE", "write_draft"]

GUIDE: tuple[str, ...] = (
    "新しい計画の下書き / A new plan",
    "",
    "このブックに計画を書き、kpiplan で読み込みます。 / Write the plan here; kpiplan reads it.",
    "1. 「計画」シートに計画名・団体名・計画期間などを書きます。",
    "2. 「体系」シートに CSF（重要成功要因）と施策を1行ずつ書きます。",
    "3. 「指標」シートに KGI・KPI を1行ずつ書きます。区分は KGI か、属する CSF のコード。",
    "   単位・方向・累計区分はセルのリストから選びます。",
    "   年度の列に目標を書きます: 数値（1,800 や 95％）、段階（検討・構築・運用・改善）、",
    "   または文章。",
    "   前の年度と同じ文章・段階が続くときは「〃」と書きます（その年度までの目標になります）。",
    "   計画期間を変えたときは、年度の列見出し（R4 など）も書き換えてください。",
    "4. 「予算」シートに事業ごとの金額を書きます。同じ年度の行の合計が予算額です。",
    "5. 灰色の「記入例」の行は読み込まれません。消しても構いません。",
    "",
    "読み込み / Reading it back:",
    "   kpiplan check plan.xlsx          誤りをセルの位置（指標!F12 など）とともに表示",
    "   kpiplan dump plan.xlsx -o plan.toml   手で編集できる計画ファイルに変換",
    "",
    "このブックに書かないもの（計画ファイルで追加します）: 実績、系列（男性・女性など）、",
    "目標の見直し、取組内容、課題、独自の単位、目標の注記（※）。",
    "Not in this workbook (add them in the plan file): actuals, series, revisions,",
    "activities, issues, declared units, notes on targets.",
)
"""The 説明 sheet, line by line."""

_HEADER_FILL = "DDEBF7"
_EXAMPLE_FONT = "808080"


def _put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write a value; text always as text (never a formula), numbers as numbers."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = text_safe(value)
        # openpyxl takes a string starting with "=" for a formula; plan text is data.
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _style_table(sheet: Any, table: Table, header_row: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(wrap_text=False)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for cell in sheet[header_row]:
        cell.fill = fill
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table(workbook: Any, table: Table, extra: Sequence[str] = ()) -> Any:
    """A sheet with the table's title, guide, header (Japanese over key) and example."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(table.sheet)
    _put(sheet, 1, 1, table.title)
    _put(sheet, 2, 1, table.guide)
    headers = [f"{column.ja}\n{column.key}" for column in table.columns] + list(extra)
    for number, header in enumerate(headers, start=1):
        _put(sheet, 3, number, header)
        width = (
            max(table.columns[number - 1].width, len(table.columns[number - 1].key) + 2)
            if number <= len(table.columns)
            else 10
        )
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.row_dimensions[3].height = 32
    for number, column in enumerate(table.columns, start=1):
        _put(sheet, 4, number, column.example)
        sheet.cell(row=4, column=number).font = Font(italic=True, color=_EXAMPLE_FONT)
    _style_table(sheet, table, 3)
    return sheet


def _validation(sheet: Any, column: int, words: Sequence[str], *, strict: bool, rows: int) -> None:
    """A list to pick from in ``column``, from the first entry row down ``rows`` rows."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(words) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle="kpiplan",
        error="リストから選んでください / pick from the list",
    )
    validation.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + rows - 1}")
    sheet.add_data_validation(validation)


def _words(kind: Any) -> list[str]:
    return [label(member, "ja") for member in kind]


def _guide(workbook: Any) -> None:
    from openpyxl.styles import Font

    sheet = workbook.active
    sheet.title = "説明"
    for number, line in enumerate(GUIDE, start=1):
        _put(sheet, number, 1, line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100


def _plan_sheet(workbook: Any, data: Mapping[str, Any]) -> None:
    from openpyxl.styles import Font

    sheet = _table(workbook, PLAN)
    for number in range(1, 5):
        sheet.cell(row=4, column=number).value = None
    _put(sheet, 4, 1, "（C列に記入 / fill in column C）")
    sheet.cell(row=4, column=1).font = Font(italic=True, color=_EXAMPLE_FONT)
    for row, (key, name, hint) in enumerate(PLAN_ROWS, start=FIRST_ROW):
        _put(sheet, row, 1, name)
        _put(sheet, row, 2, key)
        _put(sheet, row, 3, _plan_value(data, key))
        _put(sheet, row, 4, hint)
    era_row = FIRST_ROW + [key for key, _, _ in PLAN_ROWS].index("default_era")
    validation_rows = 1
    _validation(sheet, 3, [era.name for era in ERAS], strict=True, rows=validation_rows)
    # The list applies to the 元号 row only: move its range there.
    sheet.data_validations.dataValidation[-1].sqref = f"C{era_row}"


def _plan_value(data: Mapping[str, Any], key: str) -> object:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    if isinstance(node, list):
        return "\n".join(node)
    return node


def _tree_sheet(workbook: Any, data: Mapping[str, Any]) -> None:
    sheet = _table(workbook, TREE)
    row = FIRST_ROW
    for csf in data.get("csfs", []):
        _row(sheet, row, TREE, {"kind": "CSF", "csf": csf["code"], "title": csf["title"]})
        row += 1
        for measure in csf.get("measures", []):
            values = dict(measure, kind=MEASURE, csf=csf["code"])
            values["indicators"] = "、".join(measure.get("indicators", []))
            _row(sheet, row, TREE, values)
            row += 1
    _validation(sheet, TREE.index("kind"), ["CSF", MEASURE], strict=True, rows=max(row, 200))


def _row(sheet: Any, row: int, table: Table, values: Mapping[str, Any]) -> None:
    for number, column in enumerate(table.columns, start=1):
        _put(sheet, row, number, _plan_value(values, column.key))


def _indicator_sheet(workbook: Any, data: Mapping[str, Any], years: Sequence[str]) -> None:
    sheet = _table(workbook, INDICATORS, [f"目標\n{year}" for year in years])
    first_year = len(INDICATORS.columns) + 1
    row = FIRST_ROW
    owned = [("KGI", kgi) for kgi in data.get("kgis", [])] + [
        (csf["code"], indicator)
        for csf in data.get("csfs", [])
        for indicator in csf.get("indicators", [])
    ]
    for kind, indicator in owned:
        values = dict(indicator, kind=kind)
        values["divisions"] = "、".join(indicator["divisions"])
        baseline = indicator.get("baseline", {})
        if "text" in baseline:
            values["baseline"] = {**baseline, "value": baseline["text"]}
        goal = indicator.get("goal", {})
        if "value" not in goal and "statement" in goal:
            values["goal"] = {**goal, "value": goal["statement"]}
        for key, kind_enum in (("direction", Direction), ("accumulation", Accumulation)):
            if key in indicator:
                values[key] = label(kind_enum(indicator[key]), "ja")
        _row(sheet, row, INDICATORS, values)
        for column, text in enumerate(
            _target_cells(indicator, years, data.get("default_era")), start=first_year
        ):
            _put(sheet, row, column, text)
        row += 1
    rows = max(row, 200)
    _validation(sheet, INDICATORS.index("unit"), known_units(), strict=False, rows=rows)
    _validation(sheet, INDICATORS.index("direction"), _words(Direction), strict=True, rows=rows)
    _validation(
        sheet, INDICATORS.index("accumulation"), _words(Accumulation), strict=True, rows=rows
    )


def _target_cells(
    indicator: Mapping[str, Any], years: Sequence[str], era: str | None
) -> list[object]:
    """The target of each year's cell: a number, a stage, a statement, or 〃."""
    cells: dict[str, object] = {}
    targets: Mapping[str, Any] = indicator.get("targets", {})
    for written, target in targets.items():
        year = FiscalYear.parse(written, default_era=era).canonical()
        if not isinstance(target, Mapping):
            cells[year] = target
            continue
        cells[year] = target.get("value", target.get("stage", target.get("statement")))
        through = target.get("through")
        if through is not None:
            through = FiscalYear.parse(through, default_era=era).canonical()
        if through is not None and year in years and through in years:
            for spanned in years[years.index(year) + 1 : years.index(through) + 1]:
                cells[spanned] = DITTO[0]
    return [_number(cells.get(year)) for year in years]


def _number(value: object) -> object:
    # Decimals keep their digits in the sheet as text would not: Excel stores a number.
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _budget_sheet(workbook: Any, data: Mapping[str, Any]) -> None:
    sheet = _table(workbook, BUDGETS)
    row = FIRST_ROW
    for budget in data.get("budgets", []):
        head = {
            "year": budget["year"],
            "unit": budget.get("unit", "千円"),
            "status": label(BudgetStatus(budget.get("status", "enacted")), "ja"),
            "basis": budget.get("basis"),
        }
        lines = budget.get("lines") or [{"amount": budget["total"]}]
        for number, line in enumerate(lines):
            values = dict(line, year=budget["year"])
            values["links"] = "、".join(line.get("links", []))
            values.update(head if number == 0 else {})
            _row(sheet, row, BUDGETS, values)
            row += 1
    rows = max(row, 200)
    money = ["円", "千円", "百万円", "億円"]
    _validation(sheet, BUDGETS.index("unit"), money, strict=True, rows=rows)
    _validation(sheet, BUDGETS.index("status"), _words(BudgetStatus), strict=True, rows=rows)


def _marker(workbook: Any) -> None:
    sheet = workbook.create_sheet(DRAFT_SHEET)
    sheet.sheet_state = "veryHidden"
    _put(sheet, 1, 1, MARKER)
    _put(sheet, 1, 2, FORMAT_VERSION)


def _with_baseline_values(plan: Plan) -> dict[str, Any]:
    """The plan's data, each baseline given the number it stands for.

    A baseline without a value takes the actual of its year; the draft carries no
    actuals, so it writes that number into the baseline's cell instead.
    """
    data = to_data(plan)
    owned = [*data.get("kgis", [])] + [
        indicator for csf in data.get("csfs", []) for indicator in csf.get("indicators", [])
    ]
    for indicator in owned:
        baseline = indicator.get("baseline")
        if baseline is None or "value" in baseline or "text" in baseline:
            continue
        value = plan.indicator(indicator["id"]).baseline_value()
        if value is not None:
            baseline["value"] = value
    return data


def _period_years(first: FiscalYear, last: FiscalYear) -> list[str]:
    return [FiscalYear(number).canonical() for number in range(first.year, last.year + 1)]


def write_draft(
    stream: BinaryIO,
    plan: Plan | None = None,
    *,
    period: tuple[FiscalYear, FiscalYear] | None = None,
) -> None:
    """Write a draft workbook to ``stream``, the same bytes every time.

    Args:
        stream: A binary stream.
        plan: Prefill the workbook with this plan's parts the workbook carries;
            None: a blank workbook.
        period: The first and last fiscal year of a blank workbook's target
            columns (a plan brings its own period).

    Raises:
        ValueError: Neither ``plan`` nor ``period`` is given.
    """
    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    if plan is not None:
        data: Mapping[str, Any] = _with_baseline_values(plan)
        first, last = plan.period.first, plan.period.last
    elif period is not None:
        data = {}
        first, last = period
    else:
        raise ValueError("write_draft needs a plan or a period")
    workbook = openpyxl.Workbook()
    _guide(workbook)
    _plan_sheet(workbook, data)
    _tree_sheet(workbook, data)
    _indicator_sheet(workbook, data, _period_years(first, last))
    _budget_sheet(workbook, data)
    _marker(workbook)
    stamp = datetime(first.start.year, first.start.month, first.start.day)
    properties = workbook.properties
    properties.created = properties.modified = stamp
    properties.creator = "kpiplan"
    properties.lastModifiedBy = None
    properties.title = text_safe(plan.title)[:255] if plan else "新しい計画"
    with FixedZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
