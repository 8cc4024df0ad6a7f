"""A workbook that is safe to fill in: protection, formats, lists, and what offices type."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import kpiplan as kp
from kpiplan._export import export
from kpiplan.cli import main
from kpiplan_exporters._xlsx.layout import cell_digest
from kpiplan_exporters.xlsx_reader import IgnoredEditWarning, read_workbook
from tests.xlsx_support import indicator_cell

R4 = kp.FiscalYear(2022)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory, example_plan: kp.Plan) -> Path:
    """The example plan written once as a workbook."""
    return export(example_plan, "xlsx", tmp_path_factory.mktemp("fill") / "plan.xlsx")


def _filled(source: Path, target: Path, cells: dict[tuple[str, str, str], Any]) -> Path:
    """The workbook with cells typed into as Excel stores them: (id, 項目, year) → value
    or (value, number format)."""
    book = openpyxl.load_workbook(source)
    sheet = book["指標"]
    for (ident, kind, year), typed in cells.items():
        cell = indicator_cell(sheet, ident, kind, year)
        if isinstance(typed, tuple):
            cell.value, cell.number_format = typed
        else:
            cell.value = typed
    book.save(target)
    return target


def _quiet_load(path: Path) -> kp.Plan:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return kp.load(path)


class TestProtection:
    def test_sheets_protected_without_password(self, workbook_path: Path) -> None:
        """Every visible sheet is protected, with no password, filters still usable."""
        book = openpyxl.load_workbook(workbook_path)
        for name in ("概要", "指標", "予算", "データ", "グラフ"):
            protection = book[name].protection
            assert protection.sheet, name
            assert protection.password is None, name
            assert not protection.autoFilter, name

    def test_input_cells_unlocked_computed_cells_locked(self, workbook_path: Path) -> None:
        """目標, 実績, 状態, 達成度 and 実績基準日 are unlocked; names, rates and grades locked."""
        sheet = openpyxl.load_workbook(workbook_path)["指標"]
        for kind in ("目標", "実績", "状態"):
            assert not indicator_cell(sheet, "KGI", kind, "R4").protection.locked, kind
        assert not indicator_cell(sheet, "CSF-2/KPI-2", "達成度", "R4").protection.locked
        assert indicator_cell(sheet, "CSF-2/KPI-2", "達成度", "R2").protection.locked
        assert not sheet["B2"].protection.locked
        for kind in ("達成率", "評価"):
            assert indicator_cell(sheet, "KGI", kind, "R3").protection.locked, kind
        name = indicator_cell(sheet, "KGI", "目標", "R4").offset(column=-(4 + 6))
        assert name.protection.locked

    def test_empty_actual_formatted_for_the_unit(self, workbook_path: Path) -> None:
        """An empty 実績 cell already shows the indicator's unit when a number is typed."""
        sheet = openpyxl.load_workbook(workbook_path)["指標"]
        assert indicator_cell(sheet, "CSF-1/KPI-1", "実績", "R4").number_format == '#,##0"件"'
        assert indicator_cell(sheet, "KGI", "実績", "R4").number_format == '#,##0"%"'

    def test_validation_lists(self, workbook_path: Path) -> None:
        """Status and assessment cells offer their lists; number cells accept numbers."""
        sheet = openpyxl.load_workbook(workbook_path)["指標"]
        checks = sheet.data_validations.dataValidation
        by_kind = {v.type: v for v in checks}
        status = next(v for v in checks if "速報値" in (v.formula1 or ""))
        assert "見込み" in status.formula1
        assert "作成中" in status.formula1
        ref = indicator_cell(sheet, "KGI", "状態", "R4").coordinate
        assert ref in status.sqref
        assessment = next(v for v in checks if "一部達成" in (v.formula1 or ""))
        assert indicator_cell(sheet, "CSF-2/KPI-2", "達成度", "R5").coordinate in assessment.sqref
        number = by_kind["decimal"]
        assert indicator_cell(sheet, "CSF-1/KPI-1", "実績", "R4").coordinate in number.sqref
        assert indicator_cell(sheet, "CSF-2/KPI-2", "実績", "R4").coordinate not in number.sqref
        assert by_kind["date"].sqref == openpyxl.worksheet.cell_range.MultiCellRange("B2")

    def test_untouched_workbook_reads_back_without_warning(
        self, workbook_path: Path, example_plan: kp.Plan
    ) -> None:
        """A workbook as exported is the plan, with no warning."""
        assert _quiet_load(workbook_path) == example_plan


class TestWhatOfficesType:
    def test_percent_typed_as_excel_stores_it(self, tmp_path: Path, workbook_path: Path) -> None:
        """98% typed into a % indicator (stored 0.98 with a percent format) is 98."""
        path = _filled(
            tmp_path.joinpath("src.xlsx")
            if False
            else Path(
                export(kp.load("examples/digital_tokushima.toml"), "xlsx", tmp_path / "a.xlsx")
            ),
            tmp_path / "b.xlsx",
            {("KGI", "実績", "R4"): (0.98, "0%")},
        )
        actual = _quiet_load(path).indicator("KGI").actual_for(R4)
        assert actual is not None
        assert actual.value == Decimal(98)

    def test_percent_in_another_unit_is_an_error(self, tmp_path: Path, workbook_path: Path) -> None:
        """A percent typed where the indicator counts 件 is ambiguous: an error at its cell."""
        path = _filled(
            workbook_path, tmp_path / "p.xlsx", {("CSF-1/KPI-1", "実績", "R4"): (0.5, "0%")}
        )
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        (problem,) = caught.value.problems
        assert problem.path.startswith("指標!")
        assert "percent" in problem.message

    @pytest.mark.parametrize(
        ("typed", "value"),
        [("１，８００", 1800), ("1,800件", 1800), ("△3", -3), ("▲1,200 件", -1200), ("１２件", 12)],
    )
    def test_numbers_as_offices_write_them(
        self, tmp_path: Path, workbook_path: Path, typed: str, value: int
    ) -> None:
        """Full-width digits, a unit after the number, △ or ▲ for minus: read as meant."""
        path = _filled(workbook_path, tmp_path / "n.xlsx", {("CSF-1/KPI-1", "実績", "R4"): typed})
        actual = _quiet_load(path).indicator("CSF-1/KPI-1").actual_for(R4)
        assert actual is not None
        assert actual.value == Decimal(value)

    def test_thousand_yen_converted_exactly(self, tmp_path: Path, example_plan: kp.Plan) -> None:
        """95,027千円 typed for an indicator counted in 円 is 95,027,000 exactly."""
        indicator = attrs.evolve(example_plan.indicator("CSF-1/KPI-1"), unit="円")
        csf = attrs.evolve(
            example_plan.csfs[0], indicators=(indicator, *example_plan.csfs[0].indicators[1:])
        )
        plan = attrs.evolve(example_plan, csfs=(csf, *example_plan.csfs[1:]))
        source = export(plan, "xlsx", tmp_path / "yen.xlsx")
        path = _filled(source, tmp_path / "y.xlsx", {("CSF-1/KPI-1", "実績", "R4"): "95,027千円"})
        actual = _quiet_load(path).indicator("CSF-1/KPI-1").actual_for(R4)
        assert actual is not None
        assert actual.value == Decimal(95_027_000)

    @pytest.mark.parametrize("typed", ["1,8件", "12人", "１２ 人"])
    def test_ambiguous_numbers_are_errors_at_their_cell(
        self, tmp_path: Path, workbook_path: Path, typed: str
    ) -> None:
        """A malformed number or a unit of another kind is an error naming the cell."""
        path = _filled(workbook_path, tmp_path / "x.xlsx", {("CSF-1/KPI-1", "実績", "R4"): typed})
        sheet = openpyxl.load_workbook(path)["指標"]
        ref = indicator_cell(sheet, "CSF-1/KPI-1", "実績", "R4").coordinate
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        (problem,) = caught.value.problems
        assert problem.path == f"指標!{ref}"
        assert "does not read as a number in 件" in problem.message


class TestAssessmentAndAsOf:
    def test_statement_target_assessed(self, tmp_path: Path, workbook_path: Path) -> None:
        """達成度 on a statement target becomes the actual's assessment, and grades the year."""
        path = _filled(
            workbook_path,
            tmp_path / "a.xlsx",
            {
                ("CSF-2/KPI-2", "実績", "R4"): "改善",
                ("CSF-2/KPI-2", "達成度", "R4"): "一部達成",
            },
        )
        plan = _quiet_load(path)
        actual = plan.indicator("CSF-2/KPI-2").actual_for(R4)
        assert actual is not None
        assert actual.assessment is kp.Assessment.PARTIAL
        result = kp.evaluate(plan, as_of="R4").result("CSF-2/KPI-2").year(R4)
        assert result.grade is not None

    def test_assessment_without_result_is_an_error(
        self, tmp_path: Path, workbook_path: Path
    ) -> None:
        """An assessment of a year with no result names its cell."""
        path = _filled(
            workbook_path, tmp_path / "a.xlsx", {("CSF-2/KPI-2", "達成度", "R5"): "達成"}
        )
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        (problem,) = caught.value.problems
        assert "has none" in problem.message
        assert problem.path.startswith("指標!")

    def test_unknown_assessment_is_an_error(self, tmp_path: Path, workbook_path: Path) -> None:
        """A word that is no assessment says what to write."""
        path = _filled(
            workbook_path, tmp_path / "a.xlsx", {("CSF-2/KPI-2", "達成度", "R4"): "まあまあ"}
        )
        with pytest.raises(kp.ValidationError, match="達成, 一部達成 or 未達成"):
            kp.load(path)

    def test_as_of_date_updates_plan_and_footnote(
        self, tmp_path: Path, workbook_path: Path
    ) -> None:
        """A new 実績基準日 becomes actuals_as_of, and the footnote names the new date."""
        book = openpyxl.load_workbook(workbook_path)
        book["指標"]["B2"].value = datetime(2023, 3, 31)
        book.save(tmp_path / "d.xlsx")
        plan = _quiet_load(tmp_path / "d.xlsx")
        assert plan.actuals_as_of == date(2023, 3, 31)
        assert plan.footnotes == ("実績値はR5.3.31見込み",)

    def test_as_of_typed_as_era_text(self, tmp_path: Path, workbook_path: Path) -> None:
        """The date may be typed as text in era form (R5.3.31)."""
        book = openpyxl.load_workbook(workbook_path)
        book["指標"]["B2"].value = "R5.3.31"
        book.save(tmp_path / "d.xlsx")
        assert _quiet_load(tmp_path / "d.xlsx").actuals_as_of == date(2023, 3, 31)

    def test_as_of_not_a_date(self, tmp_path: Path, workbook_path: Path) -> None:
        """Text that is no date is an error at B2."""
        book = openpyxl.load_workbook(workbook_path)
        book["指標"]["B2"].value = "先月末"
        book.save(tmp_path / "d.xlsx")
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(tmp_path / "d.xlsx")
        assert [p.path for p in caught.value.problems] == ["指標!B2"]


def _edited_outside(source: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(source)
    sheet = book["指標"]
    indicator_cell(sheet, "KGI", "評価", "R3").value = "S"
    sheet["C4"].value = "名前を直した"
    sheet["Z40"].value = "メモ"
    book["概要"]["A1"].value = "別の計画"
    book.save(target)
    return target


class TestEditsOutsideInputCells:
    def test_reported_by_cell_and_ignored(
        self, tmp_path: Path, workbook_path: Path, example_plan: kp.Plan
    ) -> None:
        """A grade in 評価, a corrected name, a note, the 概要 sheet: each named, none applied."""
        path = _edited_outside(workbook_path, tmp_path / "o.xlsx")
        with pytest.warns(IgnoredEditWarning) as caught:
            plan = kp.load(path)
        assert plan == example_plan
        (warning,) = caught
        places = [p.path for p in warning.message.problems]  # type: ignore[union-attr]
        grade = indicator_cell(openpyxl.load_workbook(path)["指標"], "KGI", "評価", "R3")
        assert sorted(places) == sorted(
            ["指標!C4", "指標!Z40", f"指標!{grade.coordinate}", "概要!A1"]
        )
        assert "'S'" in str(warning.message)
        assert "outside the input cells" in str(warning.message)

    def test_strict_refuses(self, tmp_path: Path, workbook_path: Path) -> None:
        """With strict, the same workbook is refused, every cell named."""
        path = _edited_outside(workbook_path, tmp_path / "o.xlsx")
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path, options={"strict": True})
        assert len(caught.value.problems) == 4
        assert all("refused" in p.message for p in caught.value.problems)
        with pytest.raises(kp.ValidationError):
            read_workbook(path, strict=True)

    def test_unknown_reader_option(self, workbook_path: Path) -> None:
        """An option the reader does not take is refused by name."""
        with pytest.raises(kp.PlanFileError, match="takes no option colour"):
            kp.load(workbook_path, options={"colour": "red"})

    def test_cli_check_warns_and_strict_fails(
        self, tmp_path: Path, workbook_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`kpiplan check` prints each ignored cell as a warning; with --strict it fails."""
        path = _edited_outside(workbook_path, tmp_path / "o.xlsx")
        assert main(["check", "-q", str(path)]) == 0
        err = capsys.readouterr().err
        assert err.startswith("kpiplan: warning: ")
        assert "指標!C4" in err
        assert "Traceback" not in err
        assert main(["check", "-q", "--strict", str(path)]) == 1
        err = capsys.readouterr().err
        assert "指標!C4" in err
        assert "4 problems found" in err

    def test_sheet_added_and_deleted(self, tmp_path: Path, workbook_path: Path) -> None:
        """An added sheet and a deleted one are named too."""
        book = openpyxl.load_workbook(workbook_path)
        book.create_sheet("メモ")["A1"] = "x"
        del book["課題"]
        book.save(tmp_path / "s.xlsx")
        with pytest.warns(IgnoredEditWarning) as caught:
            kp.load(tmp_path / "s.xlsx")
        text = str(caught[0].message)
        assert "the sheet メモ was added" in text
        assert "the sheet 課題 was deleted" in text


class TestDigests:
    @pytest.mark.parametrize(
        ("written", "read"),
        [
            # openpyxl writes a long Decimal with 16 digits; LibreOffice keeps 15.
            (Decimal("0.13333333333333333333333"), 0.1333333333333333),
            (Decimal("0.13333333333333333333333"), 0.133333333333333),
            (Decimal(87), 87.0),
            (True, True),
            ("a\r\nb", "a\nb"),
            (datetime(2022, 3, 31), datetime(2022, 3, 31)),
        ],
    )
    def test_value_read_back_has_the_written_digest(self, written: object, read: object) -> None:
        """A value as a spreadsheet gives it back is no edit."""
        assert cell_digest(written) == cell_digest(read)

    def test_empty_and_changed(self) -> None:
        """An emptied cell and a changed number are noticed."""
        assert cell_digest(None) == cell_digest("") == ".."
        assert cell_digest(Decimal(87)) != cell_digest(88)
