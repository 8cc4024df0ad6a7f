"""The command line's manners: paths and years checked before any work, messages that help."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import kpiplan as kp
from kpiplan.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "digital_tokushima.toml"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The exporters whose write ran (the pdf and json exporters are watched)."""
    from kpiplan_exporters.json import JsonExporter
    from kpiplan_exporters.pdf import PdfExporter

    calls: list[str] = []
    for cls in (PdfExporter, JsonExporter):
        original = cls.write

        def watched(self: Any, job: Any, stream: Any, _original: Any = original) -> None:
            calls.append(type(self).__name__)
            _original(self, job, stream)

        monkeypatch.setattr(cls, "write", watched)
    return calls


def _export(*args: str) -> int:
    return main(["export", str(EXAMPLE), *args])


class TestOutputPath:
    """A place that cannot take the file is refused before anything is rendered."""

    def test_existing_folder(
        self, tmp_path: Path, rendered: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o DIR for one file: exit 1, a message (not [Errno 21]), no exporter ran."""
        assert _export("-f", "pdf", "-o", str(tmp_path)) == 1
        err = capsys.readouterr().err
        assert f"{tmp_path}: is a folder, not a file" in err
        assert "Errno" not in err
        assert "Traceback" not in err
        assert rendered == []
        assert list(tmp_path.iterdir()) == []

    def test_missing_folder(
        self, tmp_path: Path, rendered: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file in a folder that does not exist: exit 1 naming the folder."""
        target = tmp_path / "build" / "plan.pdf"
        assert _export("-f", "pdf", "-o", str(target)) == 1
        assert f"the folder {tmp_path / 'build'} does not exist" in capsys.readouterr().err
        assert rendered == []

    def test_folder_is_a_file(
        self, tmp_path: Path, rendered: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A 'folder' that is a file cannot be written in."""
        (tmp_path / "notes.txt").write_text("x", "utf-8")
        assert _export("-f", "json", "-o", str(tmp_path / "notes.txt" / "plan.json")) == 1
        assert "notes.txt is a file, not a folder" in capsys.readouterr().err
        assert rendered == []

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0,
        reason="root writes in a read-only folder; needs an ordinary user",
    )
    def test_unwritable_folder(
        self, tmp_path: Path, rendered: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder the user may not write in is refused by name."""
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            assert _export("-f", "json", "-o", str(locked / "plan.json")) == 1
        finally:
            locked.chmod(0o700)
        assert "permission denied" in capsys.readouterr().err
        assert rendered == []

    def test_good_path_renders(self, tmp_path: Path, rendered: list[str]) -> None:
        """The watch sees a normal export: the tests above would notice a render."""
        assert _export("-f", "json", "-o", str(tmp_path / "plan.json")) == 0
        assert rendered == ["JsonExporter"]

    def test_dump_to_a_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """kpiplan.dump (atomic_write) gives the same message for a folder."""
        assert main(["dump", str(EXAMPLE), "-o", str(tmp_path)]) == 1
        assert "is a folder, not a file" in capsys.readouterr().err


class TestAsOf:
    """--as-of outside the plan period: exit 1 with the period, nothing written."""

    def test_export(
        self, tmp_path: Path, rendered: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """export --as-of R10 writes nothing."""
        target = tmp_path / "plan.json"
        assert _export("-f", "json", "-o", str(target), "--as-of", "R10") == 1
        assert "R10 is outside the plan period R2–R6" in capsys.readouterr().err
        assert not target.exists()
        assert rendered == []

    def test_summary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """summary --as-of 令和10年度 prints no table."""
        assert main(["summary", str(EXAMPLE), "--as-of", "令和10年度"]) == 1
        captured = capsys.readouterr()
        assert "R10 is outside the plan period R2–R6" in captured.err
        assert captured.out == ""

    def test_every_form(self, tmp_path: Path) -> None:
        """--as-of takes the forms the API takes (2021年度 here)."""
        target = tmp_path / "plan.json"
        assert _export("-f", "json", "-o", str(target), "--as-of", "2021年度") == 0
        assert '"as_of": "R3"' in target.read_text("utf-8")


class TestReadMessages:
    """Messages on reading say what would work."""

    def test_unknown_suffix(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """check r.xls lists every readable suffix, the installed readers' included."""
        path = tmp_path / "r.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0")
        assert main(["check", str(path)]) == 1
        err = capsys.readouterr().err
        assert "unknown file type .xls" in err
        assert "ending in .json, .toml, .xlsx" in err
        assert kp.readable_suffixes() == (".json", ".toml", ".xlsx")

    @pytest.mark.parametrize(
        ("line", "fixed"),
        [
            ("令和10年度 = 5", '"令和10年度" = 5'),
            ("targets = {令和4年度 = 2}", 'targets = {"令和4年度" = 2}'),
            ("[指標]", '["指標"]'),
        ],
    )
    def test_bare_japanese_key(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, fixed: str
    ) -> None:
        """An unquoted Japanese key gets the parser's message, its line and the quoted form."""
        path = tmp_path / "plan.toml"
        path.write_text(f'title = "計画"\n{line}\n', "utf-8")
        assert main(["check", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"{path}:2:" in err
        assert "not valid TOML: Invalid" in err  # the parser's own words
        key = fixed.split('"')[1]
        assert f'must be quoted in TOML: write "{key}"' in err
        assert f"`{fixed}`" in err
        assert "Traceback" not in err

    def test_ascii_key_no_hint(self) -> None:
        """Another TOML fault gets no quoting hint."""
        with pytest.raises(kp.PlanFileError) as info:
            kp.loads("title = \n", "toml", source="p.toml")
        assert "quoted" not in str(info.value)
        assert info.value.line == 1
