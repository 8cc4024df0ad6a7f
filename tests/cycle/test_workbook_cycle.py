"""The yearly cycle with real workbooks: out to each division, filled in, collected back."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kpiplan as kp
from kpiplan.cli import main
from tests.xlsx_support import indicator_cell

EXAMPLE = Path(__file__).parents[2] / "examples" / "digital_tokushima.toml"
R4 = kp.FiscalYear(2022)
SMART = "スマート県庁推進課"
JINJI = "人事課"
YAKUMU = "薬務課"


@pytest.fixture(scope="module")
def handed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TOML copy of the example and one workbook per division, exported by the CLI."""
    folder = tmp_path_factory.mktemp("cycle")
    shutil.copy(EXAMPLE, folder / "plan.toml")
    code = main(
        [
            "export",
            str(folder / "plan.toml"),
            "--format",
            "xlsx",
            "--division",
            "*",
            "-o",
            str(folder / "out"),
        ]
    )
    assert code == 0
    return folder


def _book(folder: Path, division: str) -> Path:
    return folder / "out" / f"plan-{division}.xlsx"


def _fill(source: Path, target: Path, cells: dict[tuple[str, str, str], Any]) -> dict[str, str]:
    """Type into a division's workbook as Excel stores it; gives each cell's address."""
    book = openpyxl.load_workbook(source)
    sheet = book["指標"]
    refs = {}
    for (ident, kind, year), typed in cells.items():
        cell = indicator_cell(sheet, ident, kind, year)
        if isinstance(typed, tuple):
            cell.value, cell.number_format = typed
        else:
            cell.value = typed
        refs[f"{ident} {kind} {year}"] = f"指標!{cell.coordinate}"
    book.save(target)
    return refs


def _export(folder: Path, exporter: str, *options: str) -> int:
    """`kpiplan export` of the plan in ``folder``; ``-o`` names a path in ``folder``."""
    args = [
        str(folder / o) if before == "-o" else o
        for before, o in zip(("", *options), options, strict=False)
    ]
    return main(["export", str(folder / "plan.toml"), "--format", exporter, *args])


class TestOutToEachDivision:
    def test_one_workbook_per_division_with_only_its_indicators(self, handed_out: Path) -> None:
        """Each division's workbook carries its handout and only its indicators."""
        plan = kp.load(handed_out / "plan.toml")
        divisions = sorted({d for _, i in plan.indicators() for d in i.divisions})
        assert sorted(p.name for p in (handed_out / "out").iterdir()) == [
            f"plan-{d}.xlsx" for d in divisions
        ]
        part = kp.load(_book(handed_out, YAKUMU))
        assert [i.id for _, i in part.indicators()] == ["CSF-2/KPI-4"]
        assert part.handout is not None
        assert part.handout.division == YAKUMU
        sheet = openpyxl.load_workbook(_book(handed_out, YAKUMU))["指標"]
        ref = indicator_cell(sheet, "CSF-2/KPI-4", "実績", "R4").coordinate
        assert part.handout.cells["csfs[CSF-2].indicators[KPI-4].actuals[R4]"] == f"指標!{ref}"
        handout = kp.cycle.handout(plan, YAKUMU)
        assert kp.to_data(part)["csfs"] == kp.to_data(handout)["csfs"]

    def test_unknown_division_is_named(
        self, handed_out: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A division no indicator has is an error offering the close one."""
        code = _export(handed_out, "xlsx", "--option", "division=薬務", "-o", "x.xlsx")
        assert code == 1
        assert "did you mean 薬務課" in capsys.readouterr().err

    def test_division_needs_one_format(
        self, handed_out: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--division with --format all is a usage error, not silently the whole plan."""
        code = _export(handed_out, "all", "--division", YAKUMU, "-o", ".")
        assert code == 2
        assert "--division writes one format" in capsys.readouterr().err


class TestBack:
    def test_collect_filled_workbooks(
        self, handed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Filled as offices fill them, collected into the TOML plan: values, history, report."""
        smart = tmp_path / "smart.xlsx"
        refs = _fill(
            _book(handed_out, SMART),
            smart,
            {
                ("KGI", "実績", "R4"): (0.98, "0%"),  # 98% as Excel stores it
                ("KGI", "状態", "R3"): "確定",
                ("CSF-1/KPI-1", "実績", "R4"): "１２",  # full-width digits
                ("CSF-1/KPI-2", "実績", "R4"): "5,210件",  # a unit after the number
                ("CSF-3/KPI-5", "実績", "R4"): "研修を実施",
                ("CSF-3/KPI-5", "達成度", "R4"): "達成",
            },
        )
        book = openpyxl.load_workbook(smart)
        book["指標"]["C4"].value = "名前を直した"  # a wrong edit, outside the input cells
        book.save(smart)
        yakumu = tmp_path / "yakumu.xlsx"
        _fill(_book(handed_out, YAKUMU), yakumu, {("CSF-2/KPI-4", "実績", "R4"): 6})
        out = tmp_path / "plan-r4.toml"
        code = main(
            [
                "collect",
                str(handed_out / "plan.toml"),
                str(smart),
                str(yakumu),
                "-o",
                str(out),
                "--recorded",
                "R4.8.1",
            ]
        )
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert "kpiplan: warning:" in captured.err
        assert f"{smart}: 1 edit outside the input cells" in captured.err
        assert "指標!C4" in captured.err
        plan = kp.load(out)
        kgi = plan.indicator("KGI")
        assert kgi.actual_for(R4) == kp.Actual(
            year=R4, value=Decimal(98), recorded=date(2022, 8, 1)
        )
        r3 = kgi.actual_for(kp.FiscalYear(2021))
        assert r3 is not None
        assert r3.status is kp.ActualStatus.CONFIRMED
        assert [state.status for state in r3.history] == [kp.ActualStatus.ESTIMATE]
        assert plan.indicator("CSF-1/KPI-1").actual_for(R4).value == Decimal(12)  # type: ignore[union-attr]
        assert plan.indicator("CSF-1/KPI-2").actual_for(R4).value == Decimal(5210)  # type: ignore[union-attr]
        assessed = plan.indicator("CSF-3/KPI-5").actual_for(R4)
        assert assessed is not None
        assert assessed.assessment is kp.Assessment.ACHIEVED
        assert plan.indicator("CSF-2/KPI-4").actual_for(R4).value == Decimal(6)  # type: ignore[union-attr]
        assert plan.indicator("CSF-1/KPI-1").name == kp.load(EXAMPLE).indicator("CSF-1/KPI-1").name
        text = out.read_text(encoding="utf-8")
        assert "# " in text  # the hand-written file keeps its comments
        report = captured.out
        assert str(smart) in report
        assert str(yakumu) in report
        assert refs["KGI 実績 R4"]  # the cells were found

    def test_conflicts_and_wrong_division_name_files_and_cells(
        self, handed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two files disagreeing on a value: an error naming both files and both cells."""
        smart, jinji = tmp_path / "smart.xlsx", tmp_path / "jinji.xlsx"
        mine = _fill(_book(handed_out, SMART), smart, {("CSF-3/KPI-4", "実績", "R4"): 30})
        theirs = _fill(_book(handed_out, JINJI), jinji, {("CSF-3/KPI-4", "実績", "R4"): 31})
        out = tmp_path / "never.toml"
        code = main(
            ["collect", str(handed_out / "plan.toml"), str(smart), str(jinji), "-o", str(out)]
        )
        err = capsys.readouterr().err
        assert code == 1
        assert not out.exists()
        line = next(line for line in err.splitlines() if "disagrees" in line)
        assert f"{jinji} {theirs['CSF-3/KPI-4 実績 R4']}" in line
        assert f"{smart} {mine['CSF-3/KPI-4 実績 R4']}" in line

    def test_workbook_from_another_version(
        self, handed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A workbook made from an older plan is refused, the file named."""
        yakumu = tmp_path / "yakumu.xlsx"
        _fill(_book(handed_out, YAKUMU), yakumu, {("CSF-2/KPI-4", "実績", "R4"): 6})
        newer = tmp_path / "plan.toml"
        text = (handed_out / "plan.toml").read_text(encoding="utf-8")
        newer.write_text(text.replace("遠隔立入調査数", "遠隔立入検査数"), encoding="utf-8")
        code = main(["collect", str(newer), str(yakumu), "-o", str(tmp_path / "o.toml")])
        assert code == 1
        assert f"{yakumu}: made from another version of the plan" in capsys.readouterr().err

    def test_json_report(
        self, handed_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format json gives the change report as data, per file."""
        yakumu = tmp_path / "yakumu.xlsx"
        _fill(_book(handed_out, YAKUMU), yakumu, {("CSF-2/KPI-4", "実績", "R4"): "７件"})
        code = main(
            [
                "collect",
                str(handed_out / "plan.toml"),
                str(yakumu),
                "-o",
                str(tmp_path / "o.json"),
                "--format",
                "json",
                "--recorded",
                "R4.8.1",
            ]
        )
        assert code == 0
        report = json.loads(capsys.readouterr().out)
        (entry,) = report["files"]
        assert entry["file"] == str(yakumu)
        assert len(entry["changes"]) == 1


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
class TestLibreOffice:
    def test_resaved_by_libreoffice_collects_the_same(
        self, handed_out: Path, tmp_path: Path
    ) -> None:
        """A filled workbook re-saved by LibreOffice reads back the same, with no warning."""
        filled = tmp_path / "filled.xlsx"
        _fill(
            _book(handed_out, SMART),
            filled,
            {("KGI", "実績", "R4"): (0.98, "0%"), ("CSF-1/KPI-1", "実績", "R4"): "１２"},
        )
        folder = tmp_path / "lo"
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(folder), str(filled)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            resaved = kp.load(folder / "filled.xlsx")
        assert resaved == kp.load(filled)
        actual = resaved.indicator("KGI").actual_for(R4)
        assert actual is not None
        assert actual.value == Decimal(98)
