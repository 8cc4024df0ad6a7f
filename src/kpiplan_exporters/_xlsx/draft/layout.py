"""What the draft writer and the draft reader agree on: sheets, columns, cell words.

A draft workbook (``kpiplan new plan.xlsx``) is where a planning section writes a
new plan. Each sheet is a table whose columns are fixed here; the writer puts a
Japanese header with its English key under it, the reader finds each value by its
column. This module imports no openpyxl.
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = [
    "BUDGETS",
    "DITTO",
    "DRAFT_SHEET",
    "EXAMPLE",
    "FIRST_ROW",
    "FORMAT_VERSION",
    "INDICATORS",
    "MARKER",
    "MEASURE",
    "PLAN",
    "PLAN_ROWS",
    "TREE",
    "Column",
    "Table",
    "split_list",
]

DRAFT_SHEET: Final = "_kpiplan_draft"
"""The very hidden sheet that marks a draft workbook (A1 :data:`MARKER`, B1 the version)."""

MARKER: Final = "kpiplan-draft"
"""Cell A1 of :data:`DRAFT_SHEET`."""

FORMAT_VERSION: Final = 1
"""Cell B1 of :data:`DRAFT_SHEET`: the layout version the reader expects."""

FIRST_ROW: Final = 5
"""The first row a table's entries are read from (title, guide, header, example above)."""

EXAMPLE: Final = "記入例"
"""Column A of the example row: the reader skips every row that starts with it."""

DITTO: Final = ("〃", "同上")
"""A target cell that repeats the one to its left: the target spans that year too."""

MEASURE: Final = "施策"
"""The 区分 of a measure's row on the 体系 sheet (a CSF's row says ``CSF``)."""


@attrs.frozen
class Column:
    """One column of a table: its Japanese header, its key, and its guide."""

    ja: str
    """The header as officials read it (指標名)."""
    key: str
    """The English key printed under it, and the model's field it fills (``name``)."""
    width: float
    """Column width in characters."""
    example: object = None
    """What the example row shows in this column."""


@attrs.frozen
class Table:
    """A sheet of rows: its name, its title and guide, and its columns in order."""

    sheet: str
    """The sheet's name (指標)."""
    title: str
    """Row 1."""
    guide: str
    """Row 2: how to fill it in, in Japanese (English after a slash)."""
    columns: tuple[Column, ...]

    def index(self, key: str) -> int:
        """The 1-based column number of ``key``."""
        return next(i for i, column in enumerate(self.columns, start=1) if column.key == key)


PLAN_ROWS: Final[tuple[tuple[str, str, str], ...]] = (
    ("title", "計画名", "例: デジタル推進プラン"),
    ("organization", "団体名", "例: 某県"),
    ("period.first", "計画期間（初年度）", "例: R4、令和4年度、2022年度"),
    ("period.last", "計画期間（最終年度）", "例: R8"),
    (
        "default_era",
        "元号（年だけの年度を読む元号）",
        "通常は空欄。平成32年度のような表記を使う計画は「平成」",
    ),
    ("positioning.society", "目指すべき社会", "3つとも記入するか、3つとも空欄"),
    ("positioning.goal", "基本目標（分野）", ""),
    ("positioning.strategy", "重点戦略", ""),
    ("actuals_as_of", "実績の時点", "例: R4.3.31（空欄可）"),
    ("footnotes", "注記（※）", "1行に1つ（セル内改行: Alt+Enter）"),
)
"""The 計画 sheet: one row per plan field (key, label, guide), from :data:`FIRST_ROW`."""

PLAN: Final = Table(
    "計画",
    "計画の概要 / The plan",
    "C列に記入してください。B列のキーは変更しないでください。 / Fill in column C; keep column B.",
    (
        Column("項目", "item", 30),
        Column("キー", "key", 20),
        Column("内容", "value", 50),
        Column("記入のしかた", "guide", 60),
    ),
)

TREE: Final = Table(
    "体系",
    "施策体系（CSF・施策） / CSFs and measures",
    "1行に1つ。区分は CSF か 施策。施策の行には属する CSF のコードを書きます。"
    "指標IDは「、」区切り。"
    " / One row each; a measure names its CSF; indicator ids separated by 、.",
    (
        Column("区分", "kind", 10, EXAMPLE),
        Column("CSFコード", "csf", 12, "CSF-1"),
        Column("施策ID", "id", 14, "CSF-1/M-1"),
        Column("名称", "title", 34, "電子申請システムの拡充"),
        Column("説明", "description", 40, "申請の多い手続から順にオンライン化する。"),
        Column("期限", "deadline", 10, "R6"),
        Column("目標（文章）", "target_statement", 30, "主要50手続をオンライン化"),
        Column("指標ID", "indicators", 26, "CSF-1/KPI-1"),
    ),
)

INDICATORS: Final = Table(
    "指標",
    "指標（KGI・KPI）と年度別目標 / Indicators and their targets",
    "区分は KGI か CSF のコード。単位・方向・累計区分はリストから。"
    "年度の列に目標値（数値・段階・文章）、前の年度と同じ目標が続くときは「〃」。"
    " / Kind: KGI or a CSF code; targets by year, 〃 repeats.",
    (
        Column("区分", "kind", 10, EXAMPLE),
        Column("指標ID", "id", 14, "CSF-1/KPI-1"),
        Column("コード", "code", 9, "KPI-1"),
        Column("指標名", "name", 34, "オンライン化した手続数（累計）"),
        Column("担当課", "divisions", 18, "デジタル推進課、市民課"),
        Column("単位", "unit", 8, "手続"),
        Column("方向", "direction", 12, "高いほど良い"),
        Column("累計区分", "accumulation", 10, "累計"),
        Column("基準年度", "baseline.year", 10, "R4"),
        Column("基準値", "baseline.value", 10, 10),
        Column("目標年度", "goal.year", 10, "R8"),
        Column("目標値", "goal.value", 10, 50),
    ),
)
"""The 指標 sheet; one column per fiscal year of the period follows the last one."""

BUDGETS: Final = Table(
    "予算",
    "予算（事業別） / Budgets by line",
    "1行に1事業。同じ年度の行の金額の合計がその年度の予算額です。単位・状態・内訳は年度の最初の行に。"
    " / One row per line; a year's total is the sum of its lines.",
    (
        Column("年度", "year", 10, EXAMPLE),
        Column("事業名", "name", 34, "電子申請システム改修事業"),
        Column("金額", "amount", 14, 9000),
        Column("単位", "unit", 8, "千円"),
        Column("状態", "status", 10, "要求中"),
        Column("関連する指標・施策のID", "links", 26, "CSF-1/KPI-1"),
        Column("予算額の内訳", "basis", 30, "２月補正含む"),
    ),
)

TABLES: Final = (TREE, INDICATORS, BUDGETS)


def split_list(text: str) -> tuple[str, ...]:
    """The items of a cell that lists several (``、``, ``,`` or a line break between)."""
    for separator in ("，", ",", "\n", "､"):
        text = text.replace(separator, "、")
    return tuple(item.strip() for item in text.split("、") if item.strip())
