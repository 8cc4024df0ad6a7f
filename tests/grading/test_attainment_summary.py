"""The ``kpiplan summary`` command."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kpiplan.cli import main, summary


def _summary(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["summary", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestJson:
    """``--format json``: the records, roll-ups, forecasts, budgets and the rule."""

    def test_example_as_of_r3(self, capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
        """The done-when command prints the results of the example as of R3."""
        code, out, _ = _summary(capsys, str(example_path), "--as-of", "R3", "--format", "json")
        assert code == 0
        rows = json.loads(out)["records"]
        r3 = {row["indicator"]: row for row in rows if row["fiscal_year"] == 2021}
        assert (r3["KGI"]["rate"], r3["KGI"]["grade"], r3["KGI"]["provisional"]) == (
            105.6,
            "A",
            True,
        )
        assert r3["CSF-1/KPI-1"]["rate"] == 170
        assert r3["CSF-1/KPI-2"]["rate"] == 247
        assert r3["CSF-3/KPI-4"]["rate"] == 118.2
        assert (r3["CSF-1/KPI-3"]["grade"], r3["CSF-1/KPI-3"]["pending"]) == ("－", True)
        assert r3["CSF-3/KPI-5"]["grade"] == "C"
        assert r3["CSF-2/KPI-2"]["grade"] == "A"

    def test_numbers_are_json_numbers(
        self, capsys: pytest.CaptureFixture[str], example_path: Path
    ) -> None:
        """Integral Decimals are ints, others floats, missing ones null; Japanese unescaped."""
        _, out, _ = _summary(capsys, str(example_path), "--as-of", "R3", "--format", "json")
        rows = json.loads(out)["records"]
        kgi = next(r for r in rows if r["indicator"] == "KGI" and r["fiscal_year"] == 2021)
        assert isinstance(kgi["target"], int)
        assert isinstance(kgi["rate"], float)
        assert kgi["rate"] == 105.6
        first = next(r for r in rows if r["fiscal_year"] == 2020)
        assert first["rate"] is None
        assert "公文書" in out


class TestTableAndCsv:
    """``--format table`` (default) and ``--format csv``."""

    def test_table(self, capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
        """The table shows the evaluation year, the grades and the roll-ups."""
        code, out, _ = _summary(capsys, str(example_path))
        assert code == 0
        assert "令和3年度（R3）時点の評価" in out
        kgi = next(line for line in out.splitlines() if line.startswith("KGI "))
        assert "105.6%" in kgi
        assert "A 達成" in kgi
        assert "見込み" in kgi
        rpa = next(line for line in out.splitlines() if line.startswith("CSF-1/KPI-3"))
        assert "作成中" in rpa
        assert "plan" in out

    def test_table_columns_align(
        self, capsys: pytest.CaptureFixture[str], example_path: Path
    ) -> None:
        """Rate cells end at the same display column, counting wide characters as two."""
        from kpiplan.cli.summary import _width

        _, out, _ = _summary(capsys, str(example_path))
        matches = [re.search(r"[0-9.]+%(?=  [SABCD] )", line) for line in out.splitlines()]
        ends = {_width(m.string[: m.end()]) for m in matches if m is not None}
        assert len([m for m in matches if m]) == 8
        assert len(ends) == 1

    def test_csv(self, capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
        """CSV has a header and exact numbers."""
        code, out, _ = _summary(capsys, str(example_path), "--format", "csv", "--as-of", "R3")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        kgi = next(r for r in rows if r["indicator"] == "KGI" and r["fiscal_year"] == "2021")
        assert (kgi["rate"], kgi["grade"], kgi["provisional"]) == ("105.6", "A", "true")
        assert kgi["csf"] == ""

    def test_csv_formula_text_stays_text(self) -> None:
        """Text starting with = gets a leading quote in CSV; numbers are untouched."""
        from decimal import Decimal

        from kpiplan.cli.summary import records_csv

        text = records_csv([{"name": "=SUM(A1)", "rate": Decimal("-3.5")}])
        assert text.splitlines()[1] == "'=SUM(A1),-3.5"

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_csv_every_formula_start_is_quoted(self, start: str) -> None:
        """Each first character a spreadsheet runs as a formula (tab and CR too) is quoted."""
        from kpiplan.cli.summary import records_csv

        rows = list(csv.reader(io.StringIO(records_csv([{"name": f"{start}1+1"}]))))
        assert rows[1] == [f"'{start}1+1"]


class TestErrors:
    """Errors are messages with exit code 1, never tracebacks."""

    def test_bad_year(self, capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
        """An --as-of that is no fiscal year is reported with the reason."""
        code, _, err = _summary(capsys, str(example_path), "--as-of", "X9")
        assert code == 1
        assert "unknown era" in err

    def test_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A missing plan file is an error message."""
        code, _, err = _summary(capsys, str(tmp_path / "none.toml"))
        assert code == 1
        assert "none.toml" in err

    def test_bad_format(self, capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
        """An unknown --format is a usage error (exit 2)."""
        with pytest.raises(SystemExit) as raised:
            main(["summary", str(example_path), "--format", "xml"])
        assert raised.value.code == 2


class TestHandler:
    """The sub-command on its own parser, and its import cost."""

    def test_own_parser(self, example_path: Path) -> None:
        """The command registers on any argparse parser; ``run`` writes to a stream."""
        parser = argparse.ArgumentParser()
        summary.register(parser.add_subparsers())
        args = parser.parse_args(["summary", str(example_path), "--format", "json"])
        out = io.StringIO()
        assert summary.run(args, out) == 0
        assert json.loads(out.getvalue())["records"][0]["indicator"] == "KGI"

    def test_help_does_not_import_evaluation(self) -> None:
        """Building the command line imports neither the evaluation nor pint."""
        code = (
            "import sys; from kpiplan.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('pint', 'kpiplan.grading') if m in sys.modules))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"
