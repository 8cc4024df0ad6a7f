"""Bad and hostile input: every file in tests/data/bad gives its expected error.

Each case is read with ``kpiplan.load`` (a ``KpiplanError`` naming the place) and
given to the command line in a subprocess (one message per problem on stderr, exit
1, no traceback, and an existing output file left byte for byte as it was). Cases
too large to keep in the repository (a 10 MB string, 100,000 levels of nesting,
workbook bombs) are made by the tests.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kpiplan as kp
from kpiplan._cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads((BAD / "expected.toml").read_text("utf-8"))
SMALL = ROOT / "docs" / "examples" / "small-plan.toml"
XLSX_READER = ROOT / "src" / "kpiplan_exporters" / "_xlsx" / "reader.py"
OLD_OUTPUT = b"an earlier export that must survive\n"


def _case(name: str) -> Any:
    """A parameter for one corpus file, expected to fail while its bug is open."""
    bug = EXPECTED[name].get("bug")
    marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
    return pytest.param(name, id=name, marks=marks)


BROKEN = [_case(name) for name in sorted(EXPECTED) if not EXPECTED[name].get("valid")]
VALID = sorted(name for name in EXPECTED if EXPECTED[name].get("valid"))


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kpiplan`` in a subprocess, with UTF-8 output."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kpiplan", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=env,
        check=False,
    )


def assert_load_fails(path: Path, case: dict[str, Any], limits: kp.Limits | None = None) -> None:
    """``kpiplan.load`` raises the expected error for one case, naming the place."""
    with pytest.raises(kp.KpiplanError) as info:
        kp.load(path) if limits is None else kp.load(path, limits=limits)
    error = info.value
    assert type(error).__name__ == case["error"]
    if isinstance(error, kp.ValidationError):
        assert error.source == str(path)
        if "problems" in case:
            assert [str(p) for p in error.problems] == case["problems"]
        else:
            assert case["place"] in [p.path for p in error.problems]
    else:
        assert isinstance(error, kp.PlanFileError)
        assert error.source == str(path)
        if "contains" in case:
            assert case["contains"] in error.reason
        else:
            assert error.reason == case["reason"]
            assert error.line == case.get("line")
            assert error.column == case.get("column")


@pytest.fixture(scope="module")
def export_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """``kpiplan export`` run in a subprocess on every corpus file (in parallel, once).

    Each case gets its own folder holding a copy of the file and an existing
    ``out.json``, so that what the command left behind can be compared afterwards.
    """

    def run_one(name: str) -> tuple[str, dict[str, Any]]:
        folder = tmp_path_factory.mktemp("cli")
        (folder / name).write_bytes((BAD / name).read_bytes())
        (folder / "out.json").write_bytes(OLD_OUTPUT)
        result = cli("export", name, "--format", "json", "-o", "out.json", cwd=folder)
        return name, {"folder": folder, "result": result}

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(run_one, sorted(EXPECTED)))


def expected_stderr(name: str) -> list[str]:
    """The lines the command must print on stderr for a corpus file with a known error."""
    case = EXPECTED[name]
    if case["error"] == "ValidationError":
        count = len(case["problems"])
        return [
            *(f"{name}: {problem}" for problem in case["problems"]),
            f"{count} problem{'s' if count != 1 else ''} found",
        ]
    where = name + "".join(f":{case[k]}" for k in ("line", "column") if k in case)
    return [f"kpiplan: error: {where}: {case['reason']}"]


class TestCorpus:
    """Every file in tests/data/bad gives exactly the error expected.toml names."""

    def test_every_file_has_an_expectation(self) -> None:
        """No corpus file is left without its expected error, and no expectation without a file."""
        files = {path.name for path in BAD.iterdir() if path.name != "expected.toml"}
        assert files == set(EXPECTED)

    @pytest.mark.parametrize("name", BROKEN)
    def test_load_gives_expected_error(self, name: str) -> None:
        """kpiplan.load raises the expected KpiplanError subclass, place and message."""
        assert_load_fails(BAD / name, EXPECTED[name])

    @pytest.mark.parametrize("name", VALID)
    def test_hostile_but_valid_plan_loads_unchanged(self, name: str) -> None:
        """A plan whose text imitates markup loads, and its text survives a round trip."""
        plan = kp.load(BAD / name)
        assert kp.loads(kp.dumps(plan)) == plan
        assert "<" in plan.title


class TestCommandLine:
    """The command prints one line per problem, exits 1 and leaves outputs alone."""

    @pytest.mark.parametrize("name", BROKEN)
    def test_check_prints_each_problem(
        self, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """kpiplan check prints each problem once, with the file, and exits 1."""
        monkeypatch.chdir(BAD)
        assert main(["check", "-q", name]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        case = EXPECTED[name]
        if "contains" in case:
            assert captured.err.startswith(f"kpiplan: error: {name}: {case['contains']}")
        elif "place" in case:
            assert f"{name}: {case['place']}: " in captured.err
        else:
            assert captured.err.splitlines() == expected_stderr(name)

    @pytest.mark.parametrize("name", BROKEN)
    def test_export_keeps_existing_output(self, name: str, export_runs: dict[str, Any]) -> None:
        """kpiplan export (a subprocess) exits 1, prints the problems, no traceback,
        and leaves the existing out.json as it was with no partial file beside it."""
        run = export_runs[name]
        result = run["result"]
        assert "Traceback" not in result.stderr
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        case = EXPECTED[name]
        if "contains" in case:
            assert result.stderr.startswith(f"kpiplan: error: {name}: {case['contains']}")
        elif "place" in case:
            assert f"{name}: {case['place']}: " in result.stderr
        else:
            assert result.stderr.splitlines() == expected_stderr(name)
        assert (run["folder"] / "out.json").read_bytes() == OLD_OUTPUT
        assert sorted(p.name for p in run["folder"].iterdir()) == sorted([name, "out.json"])

    @pytest.mark.parametrize("name", VALID)
    def test_valid_hostile_plan_exports(self, name: str, export_runs: dict[str, Any]) -> None:
        """The hostile but valid plan exports, replacing out.json with the same plan."""
        run = export_runs[name]
        assert run["result"].returncode == 0, run["result"].stderr
        assert kp.load(run["folder"] / "out.json") == kp.load(BAD / name)

    def test_check_in_subprocess(self, tmp_path: Path) -> None:
        """kpiplan check run as a program prints the same lines and exits 1."""
        name = "wrong-types.toml"
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
        result = cli("check", name, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == expected_stderr(name)

    def test_export_to_new_file_leaves_nothing(self, tmp_path: Path) -> None:
        """A failed export to a new path creates no file at all (not even a .part)."""
        plan = tmp_path / "plan.toml"
        plan.write_bytes((BAD / "wrong-types.toml").read_bytes())
        result = cli("export", "plan.toml", "--format", "all", "-o", ".", cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]

    def test_usage_error_exits_2(self, tmp_path: Path) -> None:
        """An unknown exporter is a usage error (exit 2), and no file is written."""
        (tmp_path / "plan.toml").write_bytes(SMALL.read_bytes())
        result = cli("export", "plan.toml", "--format", "nosuch", "-o", "x.out", cwd=tmp_path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "nosuch" in result.stderr
        assert not (tmp_path / "x.out").exists()


class TestGeneratedHostileFiles:
    """Files too large to keep in the repository are made here, then refused."""

    def test_ten_megabyte_string(self, tmp_path: Path) -> None:
        """A 10 MB title is over max_text_length; the error names the limit and the way up."""
        path = tmp_path / "big.json"
        text = kp.dumps(kp.load(SMALL)).replace("窓口デジタル化計画", "長" * 10_000_000, 1)
        path.write_text(text, "utf-8")
        with pytest.raises(kp.ValidationError) as info:
            kp.load(path)
        [problem] = info.value.problems
        assert problem.path == "title"
        assert "max_text_length=100,000" in problem.message
        assert "kpiplan.Limits(max_text_length=" in problem.message
        raised = kp.load(path, limits=kp.Limits(max_text_length=10_000_000))
        assert raised.title == "長" * 10_000_000

    @pytest.mark.parametrize("suffix", ["json", "toml"])
    def test_nested_100000_deep(self, tmp_path: Path, suffix: str) -> None:
        """JSON/TOML nested 100,000 deep is a PlanFileError, not a RecursionError."""
        depth = 100_000
        path = tmp_path / f"deep.{suffix}"
        if suffix == "json":
            path.write_text('{"title": ' + "[" * depth + "]" * depth + "}", "utf-8")
        else:
            path.write_text("title = " + "[" * depth + "]" * depth + "\n", "utf-8")
        with pytest.raises(kp.PlanFileError) as info:
            kp.load(path)
        assert info.value.reason == "nested too deeply to be a plan"
        result = cli("check", path.name, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr == f"kpiplan: error: {path.name}: nested too deeply to be a plan\n"

    def test_nested_just_deep_enough_is_fine(self) -> None:
        """Nesting a plan never needs (a few levels) is refused only by validation."""
        with pytest.raises(kp.ValidationError) as info:
            kp.loads('{"title": ' + "[" * 50 + "]" * 50 + "}")
        assert "title: expected text, got list" in str(info.value)

    def test_utf8_bom_accepted(self, tmp_path: Path) -> None:
        """A UTF-8 byte order mark (as Notepad writes) is allowed in JSON and TOML."""
        for suffix, text in (
            ("toml", SMALL.read_text("utf-8")),
            ("json", kp.dumps(kp.load(SMALL))),
        ):
            path = tmp_path / f"bom.{suffix}"
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
            assert kp.load(path) == kp.load(SMALL)


class TestFullWidthDigits:
    """Full-width digits (全角) mean what they show, after NFKC; the rest errors."""

    def test_accepted_after_nfkc(self) -> None:
        """Ｒ４, 令和５年度, ３０, mixed 3０ and １，８００ read as their half-width selves."""
        text = (
            SMALL.read_text("utf-8")
            .replace(
                'period = { first = "R4", last = "R6" }',
                'period = { first = "Ｒ４", last = "令和６年度" }',
            )
            .replace(
                "targets = { R5 = 30, R6 = 50 }", 'targets = { "R５" = "3０", R6 = "５０．０" }'
            )
            .replace("amount = 9000", 'amount = "９，０００"')
        )
        plan = kp.loads(text, "toml")
        assert plan.period == kp.PlanPeriod(kp.FiscalYear(2022), kp.FiscalYear(2024))
        kgi = plan.kgis[0]
        assert [(str(t.year), t.value) for t in kgi.targets] == [
            ("R5", Decimal(30)),
            ("R6", Decimal(50)),
        ]
        assert plan.budgets[0].lines[0].amount == Decimal(9000)
        assert plan == kp.load(SMALL)

    def test_rejected_after_nfkc(self) -> None:
        """Full-width text that is no number or year after NFKC names the place."""
        assert_load_fails(BAD / "fullwidth-bad.toml", EXPECTED["fullwidth-bad.toml"])


class TestLimits:
    """Each limit is enforced, named in the error with the way to raise it."""

    def test_max_bytes(self, example_path: Path) -> None:
        """A file over max_bytes is refused before it is read; a higher limit reads it."""
        size = example_path.stat().st_size
        with pytest.raises(kp.PlanFileError) as info:
            kp.load(example_path, limits=kp.Limits(max_bytes=1000))
        assert info.value.reason == (
            f"file is {size:,} bytes, over the limit max_bytes=1,000; "
            "to read it, pass limits=kpiplan.Limits(max_bytes=…) to kpiplan.load "
            "or --limit max_bytes=… to the kpiplan command"
        )
        assert kp.load(example_path, limits=kp.Limits(max_bytes=size)).title

    def test_max_indicators(self) -> None:
        """A plan with more indicators than max_indicators is refused, whole."""
        with pytest.raises(kp.ValidationError) as info:
            kp.load(SMALL, limits=kp.Limits(max_indicators=2))
        assert [str(p) for p in info.value.problems] == [
            "3 indicators are over the limit max_indicators=2; "
            "to read them, pass limits=kpiplan.Limits(max_indicators=…) to kpiplan.load "
            "or --limit max_indicators=… to the kpiplan command"
        ]
        assert len(list(kp.load(SMALL, limits=kp.Limits(max_indicators=3)).indicators())) == 3

    def test_limits_do_not_leak(self) -> None:
        """Limits given to one load do not apply to the next."""
        with pytest.raises(kp.ValidationError):
            kp.load(SMALL, limits=kp.Limits(max_indicators=1))
        assert kp.load(SMALL).title == "窓口デジタル化計画"

    @pytest.mark.parametrize(
        "field", ["max_bytes", "max_text_length", "max_indicators", "max_workbook_bytes"]
    )
    def test_limits_must_be_positive(self, field: str) -> None:
        """A limit of zero (or not an integer) is refused with its name."""
        with pytest.raises(ValueError, match=f"Limits.{field}"):
            kp.Limits(**{field: 0})


# -- workbooks ------------------------------------------------------------------

needs_reader = pytest.mark.skipif(
    not XLSX_READER.exists(),
    reason="the xlsx reader (kpiplan_exporters/_xlsx/reader.py) is not written yet",
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def _entity_bomb(levels: int = 10) -> str:
    """The 'billion laughs': entities of entities, a few hundred bytes that expand to GBs."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE workbook [\n'
        + "\n".join(entities)
        + "\n]>\n"
        + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<sheets><sheet name="&lol{levels - 1};" sheetId="1"/></sheets></workbook>'
    )


def _workbook_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _indicator_cells(path: Path) -> Iterator[tuple[str, Any]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    try:
        for sheet in workbook.worksheets:
            if sheet.title != "指標":
                continue
            for row in sheet.iter_rows():
                for cell in row:
                    yield f"{sheet.title}!{cell.coordinate}", cell
    finally:
        workbook.close()


@needs_reader
class TestHostileWorkbooks:
    """Workbooks that attack the reader are refused with a KpiplanError naming why."""

    def test_entity_bomb(self, tmp_path: Path) -> None:
        """An XML entity bomb in workbook.xml is refused, never expanded."""
        path = _workbook_zip(
            tmp_path / "laughs.xlsx",
            {
                "[Content_Types].xml": _CONTENT_TYPES.encode(),
                "_rels/.rels": _RELS.encode(),
                "xl/workbook.xml": _entity_bomb().encode(),
            },
        )
        with pytest.raises(kp.PlanFileError) as info:
            kp.load(path)
        assert info.value.source == str(path)
        result = cli("check", path.name, cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"kpiplan: error: {path.name}: ")

    def test_zip_bomb(self, tmp_path: Path) -> None:
        """A member that unpacks thousands of times its size is refused before parsing."""
        path = _workbook_zip(
            tmp_path / "bomb.xlsx",
            {
                "[Content_Types].xml": _CONTENT_TYPES.encode(),
                "_rels/.rels": _RELS.encode(),
                "xl/worksheets/sheet1.xml": b"\0" * (64 * 1024 * 1024),
            },
        )
        assert path.stat().st_size < 1024 * 1024
        with pytest.raises(kp.PlanFileError) as info:
            kp.load(path)
        assert "xl/worksheets/sheet1.xml" in info.value.reason
        assert "compression ratio" in info.value.reason

    def test_over_max_workbook_bytes(self, tmp_path: Path) -> None:
        """A workbook unpacking past Limits.max_workbook_bytes names that limit."""
        path = _workbook_zip(
            tmp_path / "large.xlsx",
            {
                "[Content_Types].xml": _CONTENT_TYPES.encode(),
                "_rels/.rels": _RELS.encode(),
                "xl/worksheets/sheet1.xml": os.urandom(300_000),
            },
        )
        with pytest.raises(kp.PlanFileError) as info:
            kp.load(path, limits=kp.Limits(max_workbook_bytes=100_000))
        assert "max_workbook_bytes" in info.value.reason

    def test_not_a_zip(self, tmp_path: Path) -> None:
        """A text file named .xlsx is refused as no workbook."""
        path = tmp_path / "fake.xlsx"
        path.write_bytes(SMALL.read_bytes())
        with pytest.raises(kp.PlanFileError, match="not an Excel workbook"):
            kp.load(path)

    def test_formula_where_a_value_belongs(self, tmp_path: Path, example_plan: kp.Plan) -> None:
        """A formula typed into a target cell is refused, naming its sheet and cell."""
        import openpyxl

        from kpiplan._export import export

        path = tmp_path / "plan.xlsx"
        export(example_plan, "xlsx", path)
        kgi_target = str(example_plan.kgis[0].targets[0].value)
        where = None
        for ref, cell in _indicator_cells(path):
            if cell.data_type == "n" and str(cell.value) == kgi_target:
                where = ref
                break
        assert where is not None, "the KGI's first target is shown in some cell"
        sheet_name, coordinate = where.split("!")
        workbook = openpyxl.load_workbook(path)
        workbook[sheet_name][coordinate] = "=90+1"
        workbook.save(path)
        workbook.close()
        with pytest.raises(kp.ValidationError) as info:
            kp.load(path)
        assert [p.path for p in info.value.problems] == [where]
        assert "formula" in info.value.problems[0].message
        before = b"kept\n"
        (tmp_path / "out.json").write_bytes(before)
        result = cli("export", "plan.xlsx", "--format", "json", "-o", "out.json", cwd=tmp_path)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert (tmp_path / "out.json").read_bytes() == before
        assert f"{where}: " in result.stderr


# -- the pdf exporter and markup -----------------------------------------------------


class TestMarkupIsText:
    """Text made to look like markup is printed as written in the PDF report."""

    def test_pdf_prints_markup_as_text(self, tmp_path: Path) -> None:
        """Every hostile text of pdf-markup.toml appears verbatim in the PDF's text."""
        pytest.importorskip("kpiplan_exporters.pdf")
        pytest.importorskip("kpiplan.grading")
        pypdf = pytest.importorskip("pypdf")
        from kpiplan._export import export

        plan = kp.load(BAD / "pdf-markup.toml")
        path = tmp_path / "markup.pdf"
        export(plan, "pdf", path)
        reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
        shown = "".join("".join(page.extract_text().split()) for page in reader.pages)
        texts = [
            plan.title,
            plan.organization,
            *plan.footnotes,
            plan.kgis[0].name,
            plan.csfs[0].title,
            plan.csfs[0].measures[0].title,
            plan.csfs[0].indicators[0].name,
        ]
        for text in texts:
            assert "".join(text.split()) in shown, text
