"""The workbook shows #10's plan parts: series, target kinds, revisions, years as written."""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import kpiplan as kp
from kpiplan._export import export
from kpiplan_exporters.xlsx_reader import IgnoredEditWarning
from tests.xlsx_support import indicator_cell

KANAGAWA = Path(__file__).parents[1] / "examples" / "kanagawa_health.toml"


@pytest.fixture(scope="module")
def kanagawa_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kanagawa example written once as a workbook."""
    return export(kp.load(KANAGAWA), "xlsx", tmp_path_factory.mktemp("k") / "kanagawa.xlsx")


def _notes(sheet: Any, ident: str, kind: str) -> str:
    cell = indicator_cell(sheet, ident, kind, "R4")
    return str(sheet.cell(row=cell.row, column=sheet.max_column).value or "")


class TestKanagawa:
    def test_reads_back_unchanged(self, kanagawa_path: Path) -> None:
        """export → load gives the very plan, with no edit reported."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert kp.load(kanagawa_path) == kp.load(KANAGAWA)

    def test_series_rows(self, kanagawa_path: Path) -> None:
        """Each series has its rows of target, actual and grade, the target in words."""
        sheet = openpyxl.load_workbook(kanagawa_path)["指標"]
        for name in ("男性", "女性"):
            assert indicator_cell(sheet, "健康寿命", f"目標（{name}）", "R4").value == "延伸"
            assert indicator_cell(sheet, "健康寿命", f"評価（{name}）", "R4").value == "－"
            assert indicator_cell(sheet, "健康寿命", f"実績（{name}）", "R4").value is None
        assert indicator_cell(sheet, "健康寿命", "目標（男性）", "R3").value is None

    def test_trend_target_in_words_and_year_as_written(self, kanagawa_path: Path) -> None:
        """縮小 is shown as printed; the year written 平成34年度 is shown with its Reiwa name."""
        sheet = openpyxl.load_workbook(kanagawa_path)["指標"]
        assert indicator_cell(sheet, "健康格差", "目標", "R4").value == "縮小"
        assert "R4: 表記 令和4年度（平成34年度）" in _notes(sheet, "健康格差", "目標")

    def test_revision_shows_original_and_revised(self, kanagawa_path: Path) -> None:
        """A revised series target shows the original, the revised one, and the revision."""
        sheet = openpyxl.load_workbook(kanagawa_path)["指標"]
        notes = _notes(sheet, "健康寿命", "目標（男性）")
        assert "R4: 当初 延伸 → 見直し 延伸（例示）（中間評価 2019-03-31）" in notes

    def test_data_sheet_rows_per_series(self, kanagawa_path: Path) -> None:
        """データ has a row per series and year, with the series and the kind in words."""
        data = openpyxl.load_workbook(kanagawa_path)["データ"]
        heads = [c.value for c in data[1]]
        rows = [
            dict(zip(heads, (c.value for c in row), strict=True))
            for row in data.iter_rows(min_row=2)
        ]
        male = [r for r in rows if r["系列"] == "男性"]
        assert male
        assert {r["目標の種類"] for r in male} == {"方向"}

    def test_series_edit_is_outside_the_input_cells(
        self, kanagawa_path: Path, tmp_path: Path
    ) -> None:
        """A series' rows are shown, not read: typing there is reported and ignored."""
        book = openpyxl.load_workbook(kanagawa_path)
        cell = indicator_cell(book["指標"], "健康寿命", "実績（男性）", "R4")
        cell.value = 72.1
        book.save(tmp_path / "s.xlsx")
        with pytest.warns(IgnoredEditWarning, match=cell.coordinate):
            assert kp.load(tmp_path / "s.xlsx") == kp.load(KANAGAWA)


@pytest.fixture(scope="module")
def kinds_book(tmp_path_factory: pytest.TempPathFactory, example_plan: kp.Plan) -> Any:
    """The example with a rank, a no-target and a projected-volume year."""
    r4 = kp.FiscalYear(2022)
    changed = {
        "CSF-1/KPI-1": kp.Target(year=r4, rank=5),
        "CSF-1/KPI-2": kp.Target(year=r4, no_target="国の調査が終了したため"),
        "CSF-2/KPI-1": kp.Target(year=kp.FiscalYear(2021), value=Decimal(40), projected=True),
    }
    plan = example_plan
    for ident, target in changed.items():
        indicator = plan.indicator(ident)
        targets = tuple(
            sorted(
                (*(t for t in indicator.targets if t.year != target.year), target),
                key=lambda t: t.year,
            )
        )
        replaced = attrs.evolve(indicator, targets=targets)
        plan = attrs.evolve(
            plan,
            csfs=tuple(
                attrs.evolve(
                    csf,
                    indicators=tuple(replaced if i.id == ident else i for i in csf.indicators),
                )
                for csf in plan.csfs
            ),
        )
    path = export(plan, "xlsx", tmp_path_factory.mktemp("kinds") / "kinds.xlsx")
    assert kp.load(path) == plan
    return openpyxl.load_workbook(path)


class TestTargetKinds:
    def test_words_of_each_kind(self, kinds_book: Any) -> None:
        """A rank and a deliberate no-target show as the plan prints them."""
        sheet = kinds_book["指標"]
        assert indicator_cell(sheet, "CSF-1/KPI-1", "目標", "R4").value == "全国5位以内"
        assert indicator_cell(sheet, "CSF-1/KPI-2", "目標", "R4").value == "設定しない"

    def test_projected_volume_and_its_reason(self, kinds_book: Any) -> None:
        """A 見込量 is a number said to be one, and its year says why it is not graded."""
        sheet = kinds_book["指標"]
        assert indicator_cell(sheet, "CSF-2/KPI-1", "目標", "R3").value == 40
        assert "R3: 見込量（評価しない）" in _notes(sheet, "CSF-2/KPI-1", "目標")
        grade_notes = _notes(sheet, "CSF-2/KPI-1", "評価")
        assert "R3: 評価しない（" in grade_notes
