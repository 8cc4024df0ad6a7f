"""The command line over several plans or a folder: summary, export, keep-going, progress."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kpiplan.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A folder of two good plans."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "kochi.toml")
    shutil.copy(EXAMPLE, folder / "aichi.toml")
    return folder


@pytest.fixture
def with_bad(plans: Path) -> Path:
    """The same folder with one invalid plan."""
    shutil.copy(BAD / "dates.toml", plans / "broken.toml")
    return plans


class TestSummary:
    """kpiplan summary FOLDER gives one table across plans and a roll-up per plan."""

    def test_table_has_plan_column_and_rollups(
        self, plans: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each indicator row starts with its plan's file; each plan gets a roll-up line."""
        assert main(["summary", str(plans), "--jobs", "2"]) == 0
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert lines[0] == "2計画の評価（各計画の評価年度時点）"
        assert lines[2].split()[:3] == ["計画", "指標", "目標"]
        aichi, kochi = str(plans / "aichi.toml"), str(plans / "kochi.toml")
        assert lines[3].startswith(f"{aichi}  KGI")
        assert sum(line.startswith(kochi) for line in lines) == 13
        rollups = lines[lines.index("計画ごとの集計（ロールアップ）") + 1 :]
        assert [line.split()[0] for line in rollups] == [aichi, kochi]
        assert "評価 A  [A11 B0 C1 D0 －1]" in rollups[0]

    @pytest.mark.parametrize("format", ["csv", "json"])
    def test_records_have_a_plan_column(
        self, plans: Path, format: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format csv and json give every record with its plan first."""
        assert main(["summary", str(plans), "--format", format, "--jobs", "1"]) == 0
        out = capsys.readouterr().out
        rows = json.loads(out) if format == "json" else list(csv.DictReader(io.StringIO(out)))
        assert next(iter(rows[0])) == "plan"
        assert [row["plan"] for row in rows[::65]] == [
            str(plans / "aichi.toml"),
            str(plans / "kochi.toml"),
        ]
        assert len(rows) == 2 * 65

    @pytest.mark.parametrize("command", ["summary", "export"])
    def test_known_at_is_refused_not_ignored(
        self, plans: Path, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--known-at with several plans is a usage error, never silently dropped."""
        args = [command, str(plans), "--known-at", "R4.3.31"]
        if command == "export":
            args += ["--format", "csv", "-o", str(tmp_path / "all.csv")]
        assert main(args) == 2
        assert "--known-at reproduces one plan's report" in capsys.readouterr().err
        assert not (tmp_path / "all.csv").exists()

    def test_division_takes_one_plan(
        self, plans: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--division with a folder of plans is a usage error, not a silent whole export."""
        args = ["export", str(plans), "--format", "xlsx", "--division", "*", "-o", str(tmp_path)]
        assert main(args) == 2
        assert "--division takes one plan file" in capsys.readouterr().err
        assert not list(tmp_path.glob("*.xlsx"))

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_grading_reaches_every_plan(
        self, plans: Path, jobs: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--grading grades every plan of a folder by that rule, in the workers too."""
        args = ["summary", str(plans), "--format", "json", "--jobs", jobs, "--grading", "ino"]
        assert main(args) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {row["grade"] for row in rows} <= {"◎", "○", "△", "×", "－"}
        assert "◎" in {row["grade"] for row in rows}

    def test_bad_plan_fails_the_run_naming_it(
        self, with_bad: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --keep-going a bad plan is an error naming its file; nothing is printed."""
        assert main(["summary", str(with_bad)]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "1 plan file could not be read" in captured.err
        assert f"{with_bad / 'broken.toml'}: 2 problems found" in captured.err
        assert "Traceback" not in captured.err

    def test_keep_going_prints_the_rest_and_reports(
        self, with_bad: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --keep-going the good plans are shown, the bad one reported, exit 1."""
        assert main(["summary", str(with_bad), "--keep-going", "--format", "csv"]) == 1
        captured = capsys.readouterr()
        assert {row["plan"] for row in csv.DictReader(io.StringIO(captured.out))} == {
            str(with_bad / "aichi.toml"),
            str(with_bad / "kochi.toml"),
        }
        assert f"kpiplan: skipped {with_bad / 'broken.toml'}" in captured.err
        assert "1 of 3 plan file skipped (--keep-going)" in captured.err

    def test_one_file_keeps_the_single_plan_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One plan file gives the one-plan table, without a plan column."""
        assert main(["summary", str(EXAMPLE)]) == 0
        assert capsys.readouterr().out.startswith("デジタルとくしま推進プラン — 令和3年度")


class TestExport:
    """kpiplan export FOLDER writes one file with a plan column, or one file per plan."""

    def test_csv_is_one_file_with_a_plan_column(self, plans: Path, tmp_path: Path) -> None:
        """csv supports many plans: one file, 計画 first, rows of both plans."""
        target = tmp_path / "all.csv"
        assert main(["export", str(plans), "--format", "csv", "-o", str(target)]) == 0
        text = target.read_text(encoding="utf-8-sig")
        assert "\ufeff" not in text, "one BOM, at the start of the file only"
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:2] == ["計画", "指標ID"]
        assert {row[0] for row in rows[1:]} == {
            str(plans / "aichi.toml"),
            str(plans / "kochi.toml"),
        }

    def test_default_target_is_beside_the_folder(self, plans: Path) -> None:
        """Without -o, plans/ is written to plans.csv beside it."""
        assert main(["export", str(plans), "--format", "csv"]) == 0
        assert (plans.parent / "plans.csv").is_file()

    def test_bad_plan_leaves_no_file(self, with_bad: Path, tmp_path: Path) -> None:
        """A bad plan without --keep-going: exit 1, the old file kept, no temporary left."""
        target = tmp_path / "all.csv"
        target.write_text("old", encoding="utf-8")
        assert main(["export", str(with_bad), "--format", "csv", "-o", str(target)]) == 1
        assert target.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "plans"]

    def test_one_plan_exporter_writes_a_file_per_plan(self, plans: Path, tmp_path: Path) -> None:
        """json needs one plan per file: -o FOLDER gets one file per plan."""
        out = tmp_path / "out"
        out.mkdir()
        assert main(["export", str(plans), "--format", "json", "-o", str(out)]) == 0
        assert sorted(p.name for p in out.iterdir()) == ["aichi.json", "kochi.json"]

    def test_one_plan_exporter_all_or_nothing(self, with_bad: Path, tmp_path: Path) -> None:
        """A bad plan leaves the folder untouched; with --keep-going the good ones land."""
        out = tmp_path / "out"
        out.mkdir()
        assert main(["export", str(with_bad), "--format", "json", "-o", str(out)]) == 1
        assert list(out.iterdir()) == []
        args = ["export", str(with_bad), "--format", "json", "-o", str(out), "--keep-going"]
        assert main(args) == 1
        assert sorted(p.name for p in out.iterdir()) == ["aichi.json", "kochi.json"]

    def test_one_plan_exporter_needs_a_folder(
        self, plans: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without -o FOLDER, an exporter of one plan says what to do (exit 2)."""
        assert main(["export", str(plans), "--format", "json"]) == 2
        assert "json writes one plan per file: give an existing folder with -o" in (
            capsys.readouterr().err
        )


class TestProgress:
    """The progress bar shows on a terminal only, and never with --quiet."""

    def test_no_bar_when_stderr_is_not_a_terminal(
        self, plans: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Captured stderr is no TTY: it stays empty."""
        assert main(["summary", str(plans), "--format", "csv", "--jobs", "1"]) == 0
        assert capsys.readouterr().err == ""

    @pytest.mark.parametrize("quiet", [False, True])
    def test_bar_on_a_terminal_unless_quiet(
        self, plans: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool
    ) -> None:
        """On a terminal the bar counts plans; --quiet silences it."""
        stderr = io.StringIO()
        stderr.isatty = lambda: True  # type: ignore[method-assign]
        monkeypatch.setattr(sys, "stderr", stderr)
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        args = ["summary", str(plans), "--format", "csv", "--jobs", "1"]
        assert main([*args, "--quiet"] if quiet else args) == 0
        shown = stderr.getvalue()
        assert ("/2 [" in shown and "plan/s" in shown) is not quiet

    def test_help_imports_no_progress_bar(self) -> None:
        """kpiplan --help and summary --help import neither tqdm nor the pool."""
        code = (
            "import sys\nfrom kpiplan.cli import main\n"
            "for argv in (['--help'], ['summary', '--help'], ['export', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print([m for m in ('tqdm', 'rich', 'concurrent.futures.process', 'pint', "
            "'cattrs', 'pyarrow') if m in sys.modules])\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip().splitlines()[-1] == "[]"


class TestCsvRecords:
    """The csv exporter's write_records over many plans."""

    def test_cp932_problem_names_the_plan(self) -> None:
        """A character cp932 lacks is reported with its plan, record and field."""
        import kpiplan
        from kpiplan_exporters import ExporterError, make_exporter

        records = kpiplan.evaluate(kpiplan.load(EXAMPLE)).records()
        rows = [{"plan": "plans/𠮷野川市.toml", **row} for row in records[:2]]
        exporter = make_exporter("csv", {"encoding": "cp932"})
        with pytest.raises(ExporterError) as caught:
            exporter.write_records(rows, io.BytesIO())  # type: ignore[attr-defined]
        message = str(caught.value)
        assert "cannot write in cp932: 2 value(s)" in message
        assert "record 1 (plans/𠮷野川市.toml KGI FY2020) plan: '𠮷' (U+20BB7)" in message
