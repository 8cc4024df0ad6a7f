"""The xlsx exporter and the workbook reader: content, safety, determinism, round trip."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._export import ExportJob, export
from kpiplan_exporters import get
from kpiplan_exporters.xlsx import XlsxExporter
from kpiplan_exporters.xlsx_reader import read_workbook
from tests.strategies import plans
from tests.xlsx_support import indicator_cell

HOSTILE = ("=SUM(A1:A9)", "+81-88", "-1", "@here", '=HYPERLINK("http://x","y")')


def _write(plan: kp.Plan, path: Path, **options: Any) -> Path:
    return export(plan, "xlsx", path, **options)


def _bytes(plan: kp.Plan, **options: Any) -> bytes:
    stream = io.BytesIO()
    XlsxExporter(**options).write(ExportJob(plan), stream)
    return stream.getvalue()


_cell = indicator_cell


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory, example_plan: kp.Plan) -> Path:
    """The example plan written once as a workbook."""
    return _write(example_plan, tmp_path_factory.mktemp("xlsx") / "plan.xlsx")


@pytest.fixture(scope="module")
def workbook(workbook_path: Path) -> Any:
    """The example workbook opened with openpyxl."""
    return openpyxl.load_workbook(workbook_path)


def _hostile(plan: kp.Plan) -> kp.Plan:
    """The example plan with formula-like text in names, notes, statements and budgets."""
    kgi = plan.kgis[0]
    kgi = attrs.evolve(
        kgi,
        name=HOSTILE[0],
        divisions=(HOSTILE[1],),
        footnotes=(HOSTILE[2],),
        targets=(attrs.evolve(kgi.targets[0], note=HOSTILE[3]), *kgi.targets[1:]),
    )
    csf = plan.csfs[1]
    telework = csf.indicators[1]
    statement = telework.targets[-1]
    telework = attrs.evolve(
        telework, targets=(*telework.targets[:-1], attrs.evolve(statement, statement=HOSTILE[4]))
    )
    csf = attrs.evolve(
        csf, title=HOSTILE[0], indicators=(csf.indicators[0], telework, *csf.indicators[2:])
    )
    budget = plan.budgets[0]
    line = attrs.evolve(budget.lines[0], name=HOSTILE[0], note=HOSTILE[2])
    budget = attrs.evolve(budget, lines=(line, *budget.lines[1:]))
    return attrs.evolve(
        plan,
        title=HOSTILE[4],
        kgis=(kgi,),
        csfs=(plan.csfs[0], csf, *plan.csfs[2:]),
        budgets=(budget, *plan.budgets[1:]),
        issues=(kp.Issue(text=HOSTILE[0], actions=(HOSTILE[3],)),),
    )


class TestRegistration:
    def test_found_by_name(self) -> None:
        """The registry finds the xlsx exporter through its entry point."""
        assert get("xlsx") is XlsxExporter
        assert XlsxExporter.requires == ("openpyxl",)
        assert XlsxExporter.extra == "xlsx"

    def test_modules_do_not_import_openpyxl(self) -> None:
        """Importing the exporter and the reader leaves openpyxl unimported."""
        code = (
            "import sys, kpiplan_exporters.xlsx, kpiplan_exporters.xlsx_reader;"
            "sys.exit('openpyxl' in sys.modules)"
        )
        subprocess.run([sys.executable, "-c", code], check=True)

    def test_bad_language_is_refused(self) -> None:
        """An unknown language option is an error, not a silent default."""
        with pytest.raises(ValueError, match="language"):
            XlsxExporter(language="fr")


class TestContent:
    def test_sheets(self, workbook: Any) -> None:
        """The workbook has the sheets of the issue, the data sheet very hidden."""
        assert workbook.sheetnames == [
            "概要",
            "指標",
            "予算",
            "取組",
            "課題",
            "データ",
            "グラフ",
            "_kpiplan",
        ]
        assert workbook["_kpiplan"].sheet_state == "veryHidden"
        assert workbook["指標"].sheet_state == "visible"

    def test_numbers_are_numbers_with_unit_formats(self, workbook: Any) -> None:
        """Targets and actuals are numeric cells whose format carries the unit."""
        sheet = workbook["指標"]
        target = _cell(sheet, "CSF-1/KPI-2", "目標", "R3")
        assert target.value == 2000
        assert target.data_type == "n"
        assert target.number_format == '#,##0"件"'
        kgi = _cell(sheet, "KGI", "実績", "R2")
        assert kgi.value == 87
        assert kgi.number_format == '#,##0"%"'

    def test_estimates_and_pending_are_marked(self, workbook: Any) -> None:
        """見込み and 作成中 keep their status in the 状態 row and look different."""
        sheet = workbook["指標"]
        status = _cell(sheet, "KGI", "状態", "R3")
        assert status.value == "見込み（R4.3.31）"
        estimate = _cell(sheet, "KGI", "実績", "R3")
        assert estimate.font.i is True
        assert estimate.fill.fgColor.rgb.endswith("FFF2CC")
        pending = _cell(sheet, "CSF-1/KPI-3", "実績", "R3")
        assert pending.value == "作成中"
        assert _cell(sheet, "CSF-1/KPI-3", "状態", "R3").value == "作成中"
        assert _cell(sheet, "CSF-1/KPI-3", "状態", "R2").value == "確定"

    def test_rates_and_grades(self, workbook: Any) -> None:
        """達成率 is a number in percent (105.6, shown 105.6%) and 評価 the evaluation's grade."""
        sheet = workbook["指標"]
        rate = _cell(sheet, "KGI", "達成率", "R3")
        assert rate.value == pytest.approx(105.6)
        assert rate.number_format == '0.0"%"'
        assert _cell(sheet, "KGI", "評価", "R3").value == "A"
        assert _cell(sheet, "CSF-3/KPI-5", "評価", "R3").value == "C"
        assert sheet.conditional_formatting  # grades coloured by rule

    def test_spanning_statement_is_one_merged_cell(self, workbook: Any) -> None:
        """A statement covering R4–R6 is shown once, in a cell merged across the years."""
        sheet = workbook["指標"]
        cell = _cell(sheet, "CSF-2/KPI-2", "目標", "R4")
        assert cell.value == "より使いやすい利用環境へ改善（ＰＤＣＡ）"
        merged = [str(r) for r in sheet.merged_cells.ranges if cell.coordinate in r]
        assert merged == [f"{cell.coordinate}:{cell.offset(column=2).coordinate}"]

    def test_footnotes_are_comments_and_notes(self, workbook: Any) -> None:
        """A ※ note on a target is a cell comment and is listed in the notes column."""
        sheet = workbook["指標"]
        cell = _cell(sheet, "CSF-2/KPI-3", "目標", "R6")
        assert cell.comment is not None
        assert "４手続で全体の100％" in cell.comment.text
        notes = sheet.cell(row=cell.row, column=sheet.max_column).value
        assert "R6: ※ ４手続で全体の100％" in notes

    def test_budget_total_is_a_number_equal_to_the_stated_total(self, workbook: Any) -> None:
        """Each budget's total is a number (no formula) equal to its lines' sum and the plan's."""
        sheet = workbook["予算"]
        totals = [row for row in sheet.iter_rows() if row[0].value == "合計"]
        assert len(totals) == 2
        header_rows = [row[0].row for row in sheet.iter_rows() if row[0].value == "事業"]
        for row, first, stated in zip(totals, header_rows, (95027, 210487), strict=True):
            assert row[1].data_type == "n"
            assert row[1].value == stated
            amounts = [sheet.cell(row=r, column=2).value for r in range(first + 1, row[1].row)]
            assert sum(amounts) == stated
            assert row[1].number_format == '#,##0"千円"'
        statuses = [row[1].value for row in sheet.iter_rows() if row[1].value in ("成立", "要求中")]
        assert statuses == ["成立", "要求中"]

    def test_data_sheet_is_a_table(self, workbook: Any, example_plan: kp.Plan) -> None:
        """データ holds one row per indicator and year, as an Excel table."""
        sheet = workbook["データ"]
        table = sheet.tables["kpiplan_data"]
        indicators = sum(1 for _ in example_plan.indicators())
        years = len(example_plan.period.years)
        assert table.ref == f"A1:V{indicators * years + 1}"
        assert sheet["A1"].value == "指標ID"

    def test_charts(self, workbook: Any) -> None:
        """Quantitative indicators get a target/actual chart on the グラフ sheet."""
        charts = workbook["グラフ"]._charts
        assert len(charts) == 9  # KGI and the eight KPIs with numbers

    def test_print_setup(self, workbook: Any) -> None:
        """Sheets print A4 landscape, one page wide, header row repeated, page numbers."""
        sheet = workbook["指標"]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$3:$3"
        assert "&P" in sheet.oddFooter.center.text
        assert sheet.freeze_panes == "J4"
        assert sheet.auto_filter.ref.startswith("A3:")

    def test_english_labels(self, tmp_path: Path, example_plan: kp.Plan) -> None:
        """language=en labels sheets and rows in English, and still reads back."""
        path = _write(example_plan, tmp_path / "en.xlsx", language="en")
        book = openpyxl.load_workbook(path)
        assert book.sheetnames[:2] == ["Summary", "Indicators"]
        assert _cell(book["Indicators"], "KGI", "Status", "R3").value == "estimate (2022-03-31)"
        assert kp.load(path) == example_plan


class TestFormulaInjection:
    def test_hostile_text_stays_text(self, tmp_path: Path, example_plan: kp.Plan) -> None:
        """Names, notes, statements and titles starting with = + - @ are string cells."""
        plan = _hostile(example_plan)
        path = _write(plan, tmp_path / "hostile.xlsx")
        book = openpyxl.load_workbook(path)
        seen = set()
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert sheet.title == "予算"
                        assert cell.value.startswith("=SUM(B")
                    elif isinstance(cell.value, str) and cell.value in HOSTILE:
                        seen.add(cell.value)
                        assert cell.data_type == "s"
                        assert cell.quotePrefix
        assert seen == set(HOSTILE)
        assert kp.load(path) == plan

    @pytest.mark.parametrize("start", ["\t", "\r"])
    def test_tab_and_cr_starts_are_guarded(
        self, tmp_path: Path, example_plan: kp.Plan, start: str
    ) -> None:
        """Text starting with a tab or CR gets the quote prefix too (OWASP's set)."""
        kgi = example_plan.kgis[0]
        name = f"{start}=1+2"
        plan = attrs.evolve(example_plan, kgis=(attrs.evolve(kgi, name=name),))
        path = _write(plan, tmp_path / "tab.xlsx")
        book = openpyxl.load_workbook(path)
        found = [
            cell
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            # XML reads a CR back as a line feed.
            if cell.value in (name, name.replace("\r", "\n"))
        ]
        assert found
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)
        assert kp.load(path) == plan

    @given(plans(model_parts=True))
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def test_no_generated_text_becomes_a_formula(self, plan: kp.Plan) -> None:
        """In any generated plan, the only formulas are the budget totals."""
        book = openpyxl.load_workbook(io.BytesIO(_bytes(plan)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert sheet.title == "予算"
                        assert cell.value.startswith("=SUM(B")


class TestDeterminism:
    def test_same_bytes_twice(self, example_plan: kp.Plan) -> None:
        """Two exports of one plan are byte-identical."""
        assert _bytes(example_plan) == _bytes(example_plan)

    def test_same_bytes_in_another_time_zone(self, tmp_path: Path) -> None:
        """The bytes do not depend on the TZ environment variable or the clock."""
        code = (
            "import sys, kpiplan; from kpiplan._export import export;"
            "export(kpiplan.load(sys.argv[1]), 'xlsx', sys.argv[2])"
        )
        example = Path(__file__).resolve().parent.parent / "examples" / "digital_tokushima.toml"
        outputs = []
        for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
            target = tmp_path / f"{zone.replace('/', '_')}.xlsx"
            env = {**os.environ, "TZ": zone}
            subprocess.run(
                [sys.executable, "-c", code, str(example), str(target)], env=env, check=True
            )
            outputs.append(target.read_bytes())
        assert outputs[0] == outputs[1] == outputs[2]

    def test_fixed_dates(self, example_plan: kp.Plan) -> None:
        """Zip members carry a fixed date and the document dates are the plan's."""
        data = _bytes(example_plan)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        properties = openpyxl.load_workbook(io.BytesIO(data)).properties
        assert properties.created.date() == date(2022, 3, 31)
        assert properties.modified == properties.created


class TestRoundTrip:
    def test_example(self, workbook_path: Path, example_plan: kp.Plan) -> None:
        """The example plan reads back from its workbook unchanged."""
        assert kp.load(workbook_path) == example_plan

    @given(plans(model_parts=True))
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def test_generated_plans(self, plan: kp.Plan) -> None:
        """Every generated plan (hostile text, series, target kinds, revisions and years
        as written included) survives xlsx → plan unchanged, with no edit reported."""
        import tempfile
        import warnings

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "plan.xlsx"
            path.write_bytes(_bytes(plan))
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                assert read_workbook(path) == plan

    def test_kanagawa_example(self, tmp_path: Path) -> None:
        """The Kanagawa example (trend targets, series, years as written) reads back unchanged."""
        plan = kp.load(Path(__file__).parents[1] / "examples" / "kanagawa_health.toml")
        assert kp.load(_write(plan, tmp_path / "kanagawa.xlsx")) == plan

    def test_resaved_by_openpyxl(
        self, tmp_path: Path, workbook_path: Path, example_plan: kp.Plan
    ) -> None:
        """A workbook opened and saved again (as Excel would) still reads back the same."""
        book = openpyxl.load_workbook(workbook_path)
        path = tmp_path / "resaved.xlsx"
        book.save(path)
        assert kp.load(path) == example_plan


def _edit(source: Path, target: Path, edits: dict[tuple[str, str, str], object]) -> Path:
    book = openpyxl.load_workbook(source)
    sheet = book["指標"]
    for (indicator_id, kind, year), value in edits.items():
        _cell(sheet, indicator_id, kind, year).value = value
    book.save(target)
    return target


class TestEdits:
    def test_typed_r4_actuals_come_back(
        self, tmp_path: Path, workbook_path: Path, example_plan: kp.Plan
    ) -> None:
        """Actuals typed into empty 実績 cells are added to the plan; nothing else changes."""
        path = _edit(
            workbook_path,
            tmp_path / "r4.xlsx",
            {
                ("KGI", "実績", "R4"): 100,
                ("CSF-1/KPI-1", "実績", "R4"): 12,
                ("CSF-1/KPI-2", "実績", "R4"): 5120.5,
                ("CSF-1/KPI-2", "状態", "R4"): "見込み（R5.3.31）",
                ("CSF-2/KPI-2", "実績", "R4"): "改善",
                ("CSF-1/KPI-3", "状態", "R4"): "作成中",
            },
        )
        plan = kp.load(path)
        assert plan.indicator("KGI").actual_for(kp.FiscalYear(2022)) == kp.Actual(
            year=kp.FiscalYear(2022), value=Decimal(100)
        )
        assert plan.indicator("CSF-1/KPI-2").actual_for(kp.FiscalYear(2022)) == kp.Actual(
            year=kp.FiscalYear(2022),
            status=kp.ActualStatus.ESTIMATE,
            value=Decimal("5120.5"),
            as_of=date(2023, 3, 31),
        )
        assert plan.indicator("CSF-2/KPI-2").actual_for(kp.FiscalYear(2022)) == kp.Actual(
            year=kp.FiscalYear(2022), stage="改善"
        )
        assert plan.indicator("CSF-1/KPI-3").actual_for(kp.FiscalYear(2022)) == kp.Actual(
            year=kp.FiscalYear(2022), status=kp.ActualStatus.IN_PROGRESS, text="作成中"
        )
        expected = example_plan
        for indicator_id in ("KGI", "CSF-1/KPI-1", "CSF-1/KPI-2", "CSF-2/KPI-2", "CSF-1/KPI-3"):
            changed = plan.indicator(indicator_id)
            original = expected.indicator(indicator_id)
            assert changed.actuals[: len(original.actuals)] == original.actuals
            assert changed.targets == original.targets
        untouched = [i for _, i in plan.indicators() if i.id == "CSF-3/KPI-1"]
        assert untouched == [example_plan.indicator("CSF-3/KPI-1")]
        assert plan.budgets == example_plan.budgets

    def test_estimate_confirmed(self, tmp_path: Path, workbook_path: Path) -> None:
        """Changing 見込み to 確定 confirms the R3 estimate and drops its date."""
        path = _edit(workbook_path, tmp_path / "c.xlsx", {("KGI", "状態", "R3"): "確定"})
        actual = kp.load(path).indicator("KGI").actual_for(kp.FiscalYear(2021))
        assert actual == kp.Actual(year=kp.FiscalYear(2021), value=Decimal(95))

    def test_target_edit_and_removal(self, tmp_path: Path, workbook_path: Path) -> None:
        """A typed target replaces the old one; an emptied target cell removes it."""
        path = _edit(
            workbook_path,
            tmp_path / "t.xlsx",
            {("CSF-1/KPI-1", "目標", "R5"): 14, ("CSF-1/KPI-1", "目標", "R6"): None},
        )
        kpi = kp.load(path).indicator("CSF-1/KPI-1")
        assert kpi.target_for(kp.FiscalYear(2023)) == kp.Target(
            year=kp.FiscalYear(2023), value=Decimal(14)
        )
        assert kpi.target_for(kp.FiscalYear(2024)) is None

    def test_every_problem_at_once_with_cells(self, tmp_path: Path, workbook_path: Path) -> None:
        """Text in a number cell, a formula, a bad status and a date all name their cells."""
        book = openpyxl.load_workbook(workbook_path)
        sheet = book["指標"]
        text = _cell(sheet, "CSF-1/KPI-2", "実績", "R4")
        formula = _cell(sheet, "CSF-1/KPI-1", "実績", "R4")
        status = _cell(sheet, "KGI", "状態", "R4")
        when = _cell(sheet, "CSF-3/KPI-4", "実績", "R4")
        text.value = "たくさん"
        formula.value = "=1+2"
        status.value = "たぶん"
        when.value = date(2023, 3, 1)
        path = tmp_path / "bad.xlsx"
        book.save(path)
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        error = caught.value
        assert error.source == str(path)
        paths = [problem.path for problem in error.problems]
        assert paths == [
            f"指標!{status.coordinate}",
            f"指標!{formula.coordinate}",
            f"指標!{text.coordinate}",
            f"指標!{when.coordinate}",
        ]
        messages = " ".join(problem.message for problem in error.problems)
        assert "type a number" in messages
        assert "formula" in messages
        assert "no status" in messages
        assert "date" in messages

    def test_broken_formula_and_contradiction(self, tmp_path: Path, workbook_path: Path) -> None:
        """An error value (#REF!) and 未報告 beside a number are both reported."""
        book = openpyxl.load_workbook(workbook_path)
        sheet = book["指標"]
        broken = _cell(sheet, "CSF-3/KPI-1", "実績", "R4")
        broken.value = "#REF!"
        number = _cell(sheet, "CSF-3/KPI-4", "実績", "R4")
        number.value = 900
        status = _cell(sheet, "CSF-3/KPI-4", "状態", "R4")
        status.value = "未報告"
        path = tmp_path / "broken.xlsx"
        book.save(path)
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        problems = {p.path: p.message for p in caught.value.problems}
        assert "#REF!" in problems[f"指標!{broken.coordinate}"]
        assert "not reported" in problems[f"指標!{status.coordinate}"]

    def test_amount_typed_as_text(self, tmp_path: Path, workbook_path: Path) -> None:
        """`1,800件` typed as text is read as the number in the indicator's unit."""
        path = _edit(workbook_path, tmp_path / "a.xlsx", {("CSF-1/KPI-2", "実績", "R4"): "5,100件"})
        actual = kp.load(path).indicator("CSF-1/KPI-2").actual_for(kp.FiscalYear(2022))
        assert actual == kp.Actual(year=kp.FiscalYear(2022), value=Decimal(5100))

    def test_invalid_plan_points_at_the_cell(self, tmp_path: Path, workbook_path: Path) -> None:
        """A cumulative target typed lower than the year before is reported at its cell."""
        book = openpyxl.load_workbook(workbook_path)
        cell = _cell(book["指標"], "CSF-1/KPI-2", "目標", "R5")
        cell.value = 10
        path = tmp_path / "fall.xlsx"
        book.save(path)
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        (problem,) = caught.value.problems
        assert problem.path == f"指標!{cell.coordinate}"
        assert "cumulative" in problem.message

    def test_estimate_without_usable_date(self, tmp_path: Path, workbook_path: Path) -> None:
        """見込み for R4 without a date, when the plan's date is before R4, asks for one."""
        path = _edit(
            workbook_path,
            tmp_path / "e.xlsx",
            {("KGI", "実績", "R4"): 98, ("KGI", "状態", "R4"): "見込み"},
        )
        with pytest.raises(kp.ValidationError, match=r"見込み（R5\.3\.31）"):
            kp.load(path)

    def test_deleted_row(self, tmp_path: Path, workbook_path: Path) -> None:
        """A deleted 実績 row is reported with the row it was on."""
        book = openpyxl.load_workbook(workbook_path)
        sheet = book["指標"]
        row = _cell(sheet, "CSF-1/KPI-1", "実績", "R2").row
        sheet.delete_rows(row)
        path = tmp_path / "deleted.xlsx"
        book.save(path)
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        (problem,) = caught.value.problems
        assert problem.path == f"指標!A{row}"
        assert "実績 row of CSF-1/KPI-1 is missing" in problem.message

    def test_unknown_year_column(self, tmp_path: Path, workbook_path: Path) -> None:
        """A year column renamed to a year outside the plan is an error at its header."""
        book = openpyxl.load_workbook(workbook_path)
        sheet = book["指標"]
        header = next(c for c in sheet[3] if c.value == "R6")
        header.value = "R7"
        path = tmp_path / "year.xlsx"
        book.save(path)
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        paths = [p.path for p in caught.value.problems]
        assert f"指標!{header.coordinate}" in paths
        assert any("R6 is missing" in p.message for p in caught.value.problems)

    def test_model_limits_are_reported_at_the_cell(
        self, tmp_path: Path, workbook_path: Path
    ) -> None:
        """16 significant digits in a target and an actual, the model's words, at the cell."""
        path = _edit(
            workbook_path,
            tmp_path / "digits.xlsx",
            {
                ("CSF-1/KPI-1", "目標", "R5"): 1234567890123456,
                ("KGI", "実績", "R5"): 1.2345678901234567,
            },
        )
        with pytest.raises(kp.ValidationError) as caught:
            kp.load(path)
        target = _cell(openpyxl.load_workbook(path)["指標"], "CSF-1/KPI-1", "目標", "R5")
        actual = _cell(openpyxl.load_workbook(path)["指標"], "KGI", "実績", "R5")
        messages = {p.path: p.message for p in caught.value.problems}
        assert (
            "`Target.value` may have at most 15 significant digits"
            in messages[f"指標!{target.coordinate}"]
        )
        assert (
            "`Actual.value` may have at most 15 significant digits"
            in messages[f"指標!{actual.coordinate}"]
        )

    def test_edit_keeps_what_the_cells_do_not_show(self, tmp_path: Path) -> None:
        """Confirming an estimate keeps its published grade and footnote."""
        r3 = kp.FiscalYear(2021)
        kgi = kp.Indicator(
            id="KGI",
            code="KGI",
            name="n",
            divisions=("県民課",),
            unit="件",
            targets=(kp.Target(r3, value=Decimal(10)),),
            actuals=(
                kp.Actual(
                    year=r3,
                    status=kp.ActualStatus.ESTIMATE,
                    value=Decimal(9),
                    as_of=date(2022, 3, 31),
                    note="速報",
                    official_grade="B",
                ),
            ),
        )
        plan = kp.Plan(
            title="t",
            organization="o",
            period=kp.PlanPeriod(r3, kp.FiscalYear(2022)),
            kgis=(kgi,),
        )
        path = _edit(
            _write(plan, tmp_path / "k.xlsx"), tmp_path / "e.xlsx", {("KGI", "状態", "R3"): "確定"}
        )
        actual = kp.load(path).indicator("KGI").actual_for(r3)
        assert actual == kp.Actual(year=r3, value=Decimal(9), note="速報", official_grade="B")

    @given(st.integers(0, 10**6))
    @settings(
        max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    def test_typed_numbers_are_exact(self, workbook_path: Path, value: int) -> None:
        """Any whole number typed as an actual comes back exactly as a Decimal."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = _edit(
                workbook_path, Path(folder) / "n.xlsx", {("CSF-1/KPI-1", "実績", "R5"): value}
            )
            actual = kp.load(path).indicator("CSF-1/KPI-1").actual_for(kp.FiscalYear(2023))
        assert actual is not None
        assert actual.value == Decimal(value)
        assert actual.status is kp.ActualStatus.CONFIRMED


class TestUntrusted:
    def test_not_a_zip(self, tmp_path: Path) -> None:
        """A file that is no zip is refused with a clear reason."""
        path = tmp_path / "fake.xlsx"
        path.write_bytes(b"not a workbook")
        with pytest.raises(kp.PlanFileError, match="not an Excel workbook"):
            kp.load(path)

    def test_zip_bomb_ratio(self, tmp_path: Path) -> None:
        """A member packed far tighter than any sheet is refused, naming the limit."""
        path = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
        with pytest.raises(kp.PlanFileError, match="compression ratio"):
            kp.load(path)

    def test_member_count(self, tmp_path: Path) -> None:
        """A workbook with too many zip members is refused, naming the limit."""
        path = tmp_path / "many.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            for index in range(30):
                archive.writestr(f"m{index}", b"x")
        with pytest.raises(kp.PlanFileError, match="member count"):
            read_workbook(path, max_members=20)

    def test_total_size(self, tmp_path: Path, workbook_path: Path) -> None:
        """A workbook unpacking past the size limit is refused, naming the limit."""
        with pytest.raises(kp.PlanFileError, match="total uncompressed size"):
            read_workbook(workbook_path, max_uncompressed=10_000)

    def test_limits_in_force(self, tmp_path: Path, workbook_path: Path) -> None:
        """kpiplan.load's Limits.max_workbook_bytes applies, and the error names it."""
        with pytest.raises(kp.PlanFileError, match="max_workbook_bytes"):
            kp.load(workbook_path, limits=kp.Limits(max_workbook_bytes=10_000))

    def test_foreign_workbook(self, tmp_path: Path) -> None:
        """A workbook not written by kpiplan says so and how to get one."""
        book = openpyxl.Workbook()
        book.active["A1"] = "hello"
        path = tmp_path / "other.xlsx"
        book.save(path)
        with pytest.raises(kp.PlanFileError, match="not a workbook written by kpiplan"):
            kp.load(path)

    def test_damaged_hidden_plan(self, tmp_path: Path, workbook_path: Path) -> None:
        """A hidden plan that no longer matches its checksum is refused."""
        book = openpyxl.load_workbook(workbook_path)
        hidden = book["_kpiplan"]
        hidden["B5"] = hidden["B5"].value.replace("徳島県", "香川県")
        path = tmp_path / "damaged.xlsx"
        book.save(path)
        with pytest.raises(kp.PlanFileError, match="damaged"):
            kp.load(path)

    def test_defused_xml(self) -> None:
        """openpyxl parses with defusedxml (no entity expansion) in this environment."""
        from openpyxl.xml import DEFUSEDXML

        assert DEFUSEDXML


class TestRangeTargetsRoundTrip:
    def test_trailing_zero_bounds(self, tmp_path: Path) -> None:
        """A range 0.01～0.50 reads back unchanged (its JSON copy says 0.5): a bug fixed."""
        fy = kp.FiscalYear
        indicator = kp.Indicator(
            id="CSF-1/KPI-1",
            code="KPI-1",
            name="待ち時間",
            divisions=("県民課",),
            unit="件",
            direction=kp.Direction.RANGE,
            targets=(kp.Target(fy(2021), minimum=Decimal("0.01"), maximum=Decimal("0.50")),),
        )
        plan = kp.Plan(
            title="t",
            organization="o",
            period=kp.PlanPeriod(fy(2021), fy(2022)),
            csfs=(kp.Csf("CSF-1", "c", indicators=(indicator,)),),
        )
        path = _write(plan, tmp_path / "range.xlsx")
        assert kp.loads(kp.dumps(kp.load(path))) == kp.loads(kp.dumps(plan))
