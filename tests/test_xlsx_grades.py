"""The workbook speaks the plan's own grades: symbols, colours, legend, published grades."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import kpiplan as kp
from kpiplan._export import export
from kpiplan.vocabulary import label
from tests.xlsx_support import indicator_cell

_cell = indicator_cell


def _rgb(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


@pytest.fixture(scope="module")
def ino_plan(example_plan: kp.Plan) -> kp.Plan:
    """The example graded by the Ino preset (◎○△×)."""
    return attrs.evolve(example_plan, grading=kp.GradingChoice(preset="ino"))


@pytest.fixture(scope="module")
def ino_book(tmp_path_factory: pytest.TempPathFactory, ino_plan: kp.Plan) -> Any:
    path = export(ino_plan, "xlsx", tmp_path_factory.mktemp("ino") / "ino.xlsx")
    return openpyxl.load_workbook(path)


class TestRuleGrades:
    def test_grade_cells_carry_the_rule_symbols_and_fills(
        self, ino_book: Any, ino_plan: kp.Plan
    ) -> None:
        """Every 評価 cell holds the rule's symbol in the rule's fill colour."""
        evaluation = kp.evaluate(ino_plan)
        scale = evaluation.rule.scale
        assert scale.symbols == ("◎", "○", "△", "×")
        sheet = ino_book["指標"]
        seen = set()
        for _, indicator in ino_plan.indicators():
            for year in ino_plan.period.years:
                grade = evaluation.result(indicator.id).year(year).grade
                cell = _cell(sheet, indicator.id, "評価", str(year))
                assert cell.value == grade
                if grade in scale.symbols:
                    seen.add(grade)
                    assert _rgb(cell) == str(scale.fill(grade)).lstrip("#").upper()
        assert seen
        assert seen <= set(scale.symbols)
        assert not {"A", "B", "C", "D"} & {
            c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
        }

    def test_conditional_formatting_uses_the_scale(self, ino_book: Any) -> None:
        """The 評価 rows' conditional formats name the rule's symbols and fills."""
        rules = [r for cf in ino_book["指標"].conditional_formatting for r in cf.rules]
        formulas = " ".join(f for r in rules for f in r.formula)
        for symbol in ("◎", "○", "△", "×"):
            assert f'="{symbol}"' in formulas
        assert '="A"' not in formulas

    def test_summary_rollup_and_legend(self, ino_book: Any, ino_plan: kp.Plan) -> None:
        """概要 counts per ◎○△× and has a legend with each grade's words and colour."""
        sheet = ino_book["概要"]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        head = next(r for r in rows if r[0] == "CSF")
        assert head[2:7] == ["◎", "○", "△", "×", "－"]
        assert head[-1] == "○以上の割合"
        scale = kp.evaluate(ino_plan).rule.scale
        legend = next(i for i, r in enumerate(rows) if r[0] == "評価の凡例")
        symbols = [rows[i][0] for i in range(legend + 2, legend + 7)]
        assert symbols == ["◎", "○", "△", "×", "－"]
        assert rows[legend + 2][1] == scale.label("◎")
        legend_cell = sheet.cell(row=legend + 3, column=1)
        assert _rgb(legend_cell) == str(scale.fill("◎")).lstrip("#").upper()

    def test_default_rule_keeps_its_letters(self, example_plan: kp.Plan, tmp_path: Path) -> None:
        """The Tokushima example still says A以上の割合 and colours A as before (C6EFCE)."""
        book = openpyxl.load_workbook(export(example_plan, "xlsx", tmp_path / "t.xlsx"))
        rows = [[c.value for c in row] for row in book["概要"].iter_rows()]
        assert next(r for r in rows if r[0] == "CSF")[-1] == "A以上の割合"
        assert _rgb(_cell(book["指標"], "KGI", "評価", "R3")) == "C6EFCE"


class TestVocabulary:
    def test_enum_words_come_from_the_vocabulary(
        self, example_plan: kp.Plan, tmp_path: Path
    ) -> None:
        """方向, 集計, 状態 and the budget status are kpiplan.vocabulary's words."""
        for language in ("ja", "en"):
            book = openpyxl.load_workbook(
                export(example_plan, "xlsx", tmp_path / f"{language}.xlsx", language=language)
            )
            sheet = book.worksheets[1]
            words = {c.value for row in sheet.iter_rows() for c in row}
            kgi = example_plan.indicator("KGI")
            assert label(kgi.direction, language, short=True) in words
            assert label(kgi.accumulation, language, short=True) in words
            assert label(kp.ActualStatus.CONFIRMED, language) in words
            budget_words = {c.value for row in book.worksheets[2].iter_rows() for c in row}
            assert label(example_plan.budgets[0].status, language) in budget_words


class TestPublishedGrades:
    @pytest.fixture
    def published(self, example_plan: kp.Plan) -> kp.Plan:
        kgi = example_plan.indicator("KGI")
        actuals = tuple(
            attrs.evolve(a, official_grade="B") if a.year == kp.FiscalYear(2020) else a
            for a in kgi.actuals
        )
        changes: dict[str, Any] = {"kgis": (attrs.evolve(kgi, actuals=actuals),)}
        return attrs.evolve(example_plan, **changes)

    def test_official_grade_row_and_column(self, published: kp.Plan, tmp_path: Path) -> None:
        """A plan with published grades gets a 公表評価 row and data column; reads back."""
        path = export(published, "xlsx", tmp_path / "p.xlsx")
        book = openpyxl.load_workbook(path)
        assert _cell(book["指標"], "KGI", "公表評価", "R2").value == "B"
        assert _cell(book["指標"], "KGI", "公表評価", "R3").value is None
        data = book["データ"]
        heads = [c.value for c in data[1]]
        assert heads[-1] == "公表評価"
        values = [row[-1].value for row in data.iter_rows(min_row=2)]
        assert values.count("B") == 1
        assert kp.load(path) == published

    def test_no_official_row_without_published_grades(
        self, example_plan: kp.Plan, tmp_path: Path
    ) -> None:
        """The example records no published grade: no 公表評価 row or column."""
        book = openpyxl.load_workbook(export(example_plan, "xlsx", tmp_path / "e.xlsx"))
        kinds = {row[8].value for row in book["指標"].iter_rows(min_row=4)}
        assert "公表評価" not in kinds
        assert "公表評価" not in [c.value for c in book["データ"][1]]
