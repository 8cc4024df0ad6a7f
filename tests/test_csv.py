"""The csv exporter: tidy records that Excel, pandas and DuckDB read as they are."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpiplan
from kpiplan_exporters import ExporterError, ExportJob, make_exporter
from kpiplan_exporters import neutralise_formula as neutralise
from kpiplan_exporters.csv import COLUMNS
from kpiplan_exporters.testing import ExporterContract, plans, sample_plan

EXAMPLE = Path(__file__).parent.parent / "examples" / "digital_tokushima.toml"


def _write(plan: kpiplan.Plan, **options: str) -> bytes:
    stream = io.BytesIO()
    make_exporter("csv", options).write(ExportJob(plan), stream)
    return stream.getvalue()


def _rows(output: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(output.decode(encoding), newline="")))


def _renamed(plan: kpiplan.Plan, indicator_id: str, name: str) -> kpiplan.Plan:
    """The plan with one KPI renamed (the first CSF's indicators only)."""
    csf = plan.csfs[0]
    indicators = tuple(
        attrs.evolve(i, name=name) if i.id == indicator_id else i for i in csf.indicators
    )
    return attrs.evolve(plan, csfs=(attrs.evolve(csf, indicators=indicators), *plan.csfs[1:]))


class TestCsvContract(ExporterContract):
    """The csv exporter with its defaults; visible text is every parsed cell."""

    exporter_name = "csv"
    model_parts = True

    def visible_text(self, output: bytes) -> str | None:
        """Every cell, as a CSV reader (and a spreadsheet) splits them."""
        return "\n".join(cell for row in _rows(output) for cell in row)


class TestCsvEnglishLfContract(TestCsvContract):
    """The csv exporter with English headings and LF line ends, options given as text."""

    options: ClassVar[dict[str, Any]] = {"language": "en", "newline": "lf", "encoding": "utf-8"}


class TestRecords:
    """The rows are ``Evaluation.records()``, exactly, in order."""

    def test_one_row_per_indicator_and_year(self) -> None:
        """The example gives a heading and one row per indicator and plan year."""
        plan = kpiplan.load(EXAMPLE)
        rows = _rows(_write(plan))
        indicators = list(plan.indicators())
        assert len(rows) == 1 + len(indicators) * len(plan.period.years)
        assert rows[0] == list(COLUMNS["ja"].values())
        assert [r[0] for r in rows[1:6]] == ["KGI"] * 5

    def test_estimate_row_of_the_example(self) -> None:
        """KPI-1's R3 row: target 10, estimate 17, 170.0%, grade A, provisional."""
        rows = _rows(_write(kpiplan.load(EXAMPLE), language="en"))
        header, body = rows[0], rows[1:]
        found = [dict(zip(header, r, strict=True)) for r in body]
        row = next(
            r for r in found if r["indicator"] == "CSF-1/KPI-1" and r["fiscal_year"] == "2021"
        )
        assert row == {
            "indicator": "CSF-1/KPI-1",
            "csf": "CSF-1",
            "name": "ＡＩ技術活用事業数",
            "fiscal_year": "2021",
            "target": "10",
            "actual": "17",
            "unit": "件",
            "status": "estimate",
            "rate": "170.0",
            "grade": "A",
            "provisional": "TRUE",
            "pending": "FALSE",
            "target_text": "",
            "actual_text": "",
            "grade_label_ja": "達成",
            "grade_label_en": "met",
            "official_grade": "",
            "series": "",
            "target_kind": "value",
            "original_target": "",
            "original_target_text": "",
            "revised_target": "",
            "revised_target_text": "",
            "revision": "",
            "reason": "",
        }
        pending = next(
            r for r in found if r["indicator"] == "CSF-1/KPI-3" and r["fiscal_year"] == "2021"
        )
        assert (pending["status"], pending["pending"], pending["actual_text"]) == (
            "in_progress",
            "TRUE",
            "作成中",
        )

    def test_preset_grades_labels_and_published_grade(self) -> None:
        """A plan graded with Ino's preset writes ◎○△× with their words and 公表評価."""
        plan = attrs.evolve(kpiplan.load(EXAMPLE), grading=kpiplan.GradingChoice(preset="ino"))
        kgi = plan.kgis[0]
        actuals = tuple(
            attrs.evolve(a, official_grade="○") if a.year.year == 2021 else a for a in kgi.actuals
        )
        plan = attrs.evolve(plan, kgis=(attrs.evolve(kgi, actuals=actuals), *plan.kgis[1:]))
        rows = _rows(_write(plan))
        header = rows[0]
        start = header.index("評価（日本語）")
        assert header[start : start + 3] == ["評価（日本語）", "評価（英語）", "公表評価"]
        found = [dict(zip(header, r, strict=True)) for r in rows[1:]]
        row = next(r for r in found if r["指標ID"] == "KGI" and r["年度"] == "2021")
        assert (row["評価"], row["評価（日本語）"], row["評価（英語）"], row["公表評価"]) == (
            "◎",
            "目標を上回る",
            "above the target",
            "○",
        )
        assert {r["評価"] for r in found} <= {"◎", "○", "△", "×", "－"}

    def test_second_example(self) -> None:
        """Kanagawa's plan (Heisei years, series, trend targets) writes a row per
        indicator, series and year."""
        plan = kpiplan.load(EXAMPLE.with_name("kanagawa_health.toml"))
        rows = _rows(_write(plan, language="en"))
        lines = sum(1 + len(indicator.series) for _, indicator in plan.indicators())
        assert len(rows) == 1 + lines * len(plan.period.years)
        assert [r[3] for r in rows[1:11]] == [str(year) for year in range(2013, 2023)]
        series = rows[0].index("series")
        assert {r[series] for r in rows[1:]} == {"", "男性", "女性"}

    @settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=plans())
    def test_cells_read_back_to_the_records(self, plan: kpiplan.Plan) -> None:
        """Every number reads back exactly and every text as written (guard aside)."""
        rows = _rows(_write(plan, language="en"))
        records = kpiplan.evaluate(plan).records()
        assert len(rows) == 1 + len(records)
        for row, record in zip(rows[1:], records, strict=True):
            for cell, (field, value) in zip(row, record.items(), strict=True):
                if value is None:
                    assert cell == "", field
                elif isinstance(value, bool):
                    assert cell == ("TRUE" if value else "FALSE"), field
                elif isinstance(value, Decimal | int):
                    assert Decimal(cell) == value, field
                else:
                    assert cell == neutralise(value), field


class TestEncoding:
    """UTF-8 with a BOM by default; cp932 on request, never lossy."""

    def test_default_has_bom_and_crlf(self) -> None:
        """The default file starts with the UTF-8 BOM and ends every line with CRLF."""
        output = _write(sample_plan())
        assert output.startswith(b"\xef\xbb\xbf")
        assert output.count(b"\n") == output.count(b"\r\n") > 1

    def test_utf8_without_bom_and_lf(self) -> None:
        """``encoding=utf-8`` leaves the BOM out; ``newline=lf`` writes no CR."""
        output = _write(sample_plan(), encoding="utf-8", newline="lf")
        assert not output.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in output
        assert output.decode("utf-8") == _write(sample_plan()).decode("utf-8-sig").replace(
            "\r\n", "\n"
        )

    def test_cp932_is_the_same_text(self) -> None:
        """The example in cp932 decodes to exactly the UTF-8 file's text (－ included)."""
        plan = kpiplan.load(EXAMPLE)
        shift_jis = _write(plan, encoding="cp932")
        assert shift_jis.decode("cp932") == _write(plan).decode("utf-8-sig")
        assert "－".encode("cp932") in shift_jis

    def test_unencodable_character_is_an_error_naming_every_record(self) -> None:
        """A character cp932 lacks is reported with record, field and code point, all at once."""
        plan = _renamed(kpiplan.load(EXAMPLE), "CSF-1/KPI-2", "𠮷野家の店舗数")
        with pytest.raises(ExporterError) as caught:
            _write(plan, encoding="cp932")
        reason = caught.value.reason
        assert "cp932" in reason
        assert "U+20BB7" in reason
        # Every year's row of the indicator is named, not only the first.
        for year in range(2020, 2025):
            assert f"(CSF-1/KPI-2 FY{year}) name" in reason
        assert "?" not in reason.split(":", 1)[0]

    def test_cli_reports_it_without_traceback(self, tmp_path: Path) -> None:
        """``kpiplan export --option encoding=cp932`` fails with the reason, no traceback."""
        plan = _renamed(kpiplan.load(EXAMPLE), "CSF-1/KPI-1", "髙橋𠮷の事業数")
        source = tmp_path / "plan.json"
        kpiplan.dump(plan, source)
        target = tmp_path / "out.csv"
        command = ["export", str(source), "--format", "csv", "--option", "encoding=cp932"]
        result = subprocess.run(
            [sys.executable, "-m", "kpiplan", *command, "-o", str(target)],
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0
        assert "U+20BB7" in result.stderr
        assert "CSF-1/KPI-1" in result.stderr
        assert "Traceback" not in result.stderr
        assert not target.exists()

    def test_bad_option_names_the_choices(self) -> None:
        """An unknown encoding is refused with the ones offered."""
        with pytest.raises(ExporterError, match="utf-8-sig, utf-8, cp932"):
            make_exporter("csv", {"encoding": "latin-1"})


class TestFormulaGuard:
    """Text a spreadsheet would run is prefixed; numbers stay numbers."""

    @given(st.text())
    def test_guarded_text_never_starts_a_formula(self, text: str) -> None:
        """The result never starts with = + - @ TAB CR, and only an apostrophe is added."""
        guarded = neutralise(text)
        assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert guarded in (text, "'" + text)

    @pytest.mark.parametrize(
        "name", ['=HYPERLINK("http://x","y")', "+81-88", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
    )
    def test_formula_names_are_prefixed(self, name: str) -> None:
        """A name starting a formula reaches the file behind an apostrophe."""
        plan = _renamed(sample_plan(), "CSF-1/KPI-1", name)
        cells = {cell for row in _rows(_write(plan)) for cell in row}
        assert "'" + name in cells
        assert name not in cells

    def test_negative_number_stays_a_number(self) -> None:
        """A negative actual is written as -5, a number, not as text."""
        plan = sample_plan()
        csf = plan.csfs[1]
        lower = next(i for i in csf.indicators if i.id == "CSF-2/KPI-3")
        changed = attrs.evolve(lower, actuals=(kpiplan.Actual(lower.actuals[0].year, value=-5),))
        indicators = tuple(changed if i is lower else i for i in csf.indicators)
        plan = attrs.evolve(plan, csfs=(plan.csfs[0], attrs.evolve(csf, indicators=indicators)))
        rows = _rows(_write(plan, language="en"))
        actual = rows[0].index("actual")
        values = [r[actual] for r in rows[1:] if r[0] == "CSF-2/KPI-3" and r[actual]]
        assert values == ["-5"]
