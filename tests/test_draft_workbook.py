"""The draft workbook: `kpiplan new`, filled in as an official would, read as a plan."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings

import kpiplan
from kpiplan import DEFAULT_STAGE_LADDER, FiscalYear, Plan
from kpiplan.cli import main
from kpiplan.vocabulary import label
from kpiplan_exporters.draft import is_draft, write_draft
from kpiplan_exporters.testing import plans

EXAMPLE = Path(__file__).parent.parent / "examples" / "digital_tokushima.toml"

#: Target fields the draft's year cells carry.
_TARGET_KEYS = ("value", "stage", "statement", "through")


def carried(plan: Plan) -> Plan:
    """The parts of ``plan`` a draft workbook carries (see docs/new-plan.md)."""
    data = kpiplan.to_data(plan)
    kept = {"schema_version", "title", "organization", "period", "positioning"}
    kept |= {"actuals_as_of", "footnotes", "default_era", "kgis", "csfs", "budgets"}
    out: dict[str, Any] = {key: value for key, value in data.items() if key in kept}
    out["kgis"] = [_indicator(plan, kgi) for kgi in data.get("kgis", [])]
    out["csfs"] = [
        {
            **{key: csf[key] for key in ("code", "title", "measures") if key in csf},
            "indicators": [_indicator(plan, kpi) for kpi in csf.get("indicators", [])],
        }
        for csf in data.get("csfs", [])
    ]
    out["budgets"] = [
        {
            **{key: b[key] for key in ("year", "total", "unit", "status", "basis") if key in b},
            "lines": [
                {key: line[key] for key in ("name", "amount", "links") if key in line}
                for line in b.get("lines", [])
            ],
        }
        for b in data.get("budgets", [])
    ]
    return kpiplan.loads(_json(out), "json")


def _indicator(plan: Plan, data: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "code", "name", "divisions", "unit", "direction", "accumulation", "goal")
    out = {key: data[key] for key in keys if key in data}
    if "goal" in out and "value" in out["goal"]:
        out["goal"] = {key: out["goal"][key] for key in ("year", "value")}
    if "baseline" in data:
        baseline = {
            key: data["baseline"][key]
            for key in ("year", "value", "text")
            if key in data["baseline"]
        }
        if "value" not in baseline and "text" not in baseline:
            baseline["value"] = plan.indicator(data["id"]).baseline_value()
        out["baseline"] = baseline
    out["targets"] = {
        year: {key: target[key] for key in _TARGET_KEYS if key in target}
        if isinstance(target, dict)
        else target
        for year, target in data.get("targets", {}).items()
        if not isinstance(target, dict) or any(key in target for key in _TARGET_KEYS[:3])
    }
    return out


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, default=str)


def _draft(tmp_path: Path, plan: Plan | None = None, name: str = "plan.xlsx") -> Path:
    path = tmp_path / name
    stream = io.BytesIO()
    if plan is None:
        write_draft(stream, period=(FiscalYear.parse("R7"), FiscalYear.parse("R9")))
    else:
        write_draft(stream, plan)
    path.write_bytes(stream.getvalue())
    return path


def _problems(path: Path) -> dict[str, str]:
    with pytest.raises(kpiplan.ValidationError) as caught:
        kpiplan.load(path)
    return {problem.path: problem.message for problem in caught.value.problems}


def _fill(path: Path, *, mistakes: bool = False) -> None:
    """Fill a blank draft as a planning official would, with openpyxl."""
    book = openpyxl.load_workbook(path)
    plan = book["計画"]
    plan["C5"] = "窓口デジタル化計画"
    plan["C6"] = "某市"
    plan["C7"] = "R7"
    plan["C8"] = "R9"
    tree = book["体系"]
    tree.append(["CSF", "CSF-1", None, "手続のオンライン化"])
    tree.append(["施策", "CSF-1", "CSF-1/M-1", "電子申請の拡充", None, "R9", None, "CSF-1/KPI-1"])
    sheet = book["指標"]
    sheet.append(
        [
            "KGI",
            "KGI",
            "KGI",
            "オンライン申請率",
            "デジタル推進課",
            "%",
            "高いほど良い",
            "水準・率",
            "R7",
            12,
            None,
            None,
            20,
            30,
            50,
        ]
    )
    sheet.append(
        [
            "CSF-1",
            "CSF-1/KPI-1",
            "KPI-1",
            None if mistakes else "オンライン化した手続数",
            "デジタル推進課、市民課",
            "てつづき" if mistakes else "手続",
            "高いほど良い",
            "累計",
            None,
            None,
            None,
            None,
            10,
            "1,800手続",
            None,
        ]
    )
    sheet.append(
        [
            "CSF-1",
            "CSF-1/KPI-2",
            "KPI-2",
            "操作研修の実施",
            "人事課",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "検討",
            "研修内容を改善（ＰＤＣＡ）",
            "〃",
        ]
    )
    sheet["M5"].number_format = "0%"
    sheet["M5"] = 0.2  # typed as 20% in Excel
    if mistakes:
        sheet["O3"] = "目標\nR12"
    budget = book["予算"]
    budget.append(["R8", "電子申請システム改修事業", 9000, "千円", "要求中", "CSF-1/KPI-1"])
    budget.append(["R8", "研修経費", "3,000千円", None, None, "CSF-1/KPI-2"])
    book.save(path)


INTENDED = """
title = "窓口デジタル化計画"
organization = "某市"
period = { first = "R7", last = "R9" }

[[kgis]]
id = "KGI"
code = "KGI"
name = "オンライン申請率"
divisions = ["デジタル推進課"]
unit = "%"
accumulation = "level"
baseline = { year = "R7", value = 12 }
targets = { R7 = 20, R8 = 30, R9 = 50 }

[[csfs]]
code = "CSF-1"
title = "手続のオンライン化"

[[csfs.measures]]
id = "CSF-1/M-1"
title = "電子申請の拡充"
deadline = "R9"
indicators = ["CSF-1/KPI-1"]

[[csfs.indicators]]
id = "CSF-1/KPI-1"
code = "KPI-1"
name = "オンライン化した手続数"
divisions = ["デジタル推進課", "市民課"]
unit = "手続"
accumulation = "cumulative"
targets = { R7 = 10, R8 = 1800 }

[[csfs.indicators]]
id = "CSF-1/KPI-2"
code = "KPI-2"
name = "操作研修の実施"
divisions = ["人事課"]
targets.R7 = { stage = "検討" }
targets.R8 = { statement = "研修内容を改善（ＰＤＣＡ）", through = "R9" }

[[budgets]]
year = "R8"
total = 12000
status = "requested"
lines = [
  { name = "電子申請システム改修事業", amount = 9000, links = ["CSF-1/KPI-1"] },
  { name = "研修経費", amount = 3000, links = ["CSF-1/KPI-2"] },
]
"""


class TestBlankWorkbook:
    def test_same_bytes_every_time(self, tmp_path: Path) -> None:
        """Two blank workbooks of one period are byte for byte the same."""
        assert (
            _draft(tmp_path, name="a.xlsx").read_bytes()
            == _draft(tmp_path, name="b.xlsx").read_bytes()
        )

    def test_sheets_lists_and_year_columns(self, tmp_path: Path) -> None:
        """The guide and four tables, the vocabulary's words as lists, a column per year."""
        book = openpyxl.load_workbook(_draft(tmp_path))
        assert book.sheetnames[:5] == ["説明", "計画", "体系", "指標", "予算"]
        assert book["_kpiplan_draft"].sheet_state == "veryHidden"
        sheet = book["指標"]
        lists = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
        assert all(label(d, "ja") in lists["G"] for d in kpiplan.Direction)
        assert all(label(a, "ja") in lists["H"] for a in kpiplan.Accumulation)
        assert "千円" in lists["F"]
        assert [sheet.cell(3, column).value for column in (13, 14, 15)] == [
            "目標\nR7",
            "目標\nR8",
            "目標\nR9",
        ]
        assert book["説明"]["A1"].value.startswith("新しい計画")

    def test_is_draft(self, tmp_path: Path) -> None:
        """A draft is told from a progress workbook and from other files."""
        report = tmp_path / "report.xlsx"
        kpiplan.export(kpiplan.load(EXAMPLE), "xlsx", report)
        assert is_draft(_draft(tmp_path))
        assert not is_draft(report)
        assert not is_draft(EXAMPLE)

    def test_blank_reads_with_what_is_missing(self, tmp_path: Path) -> None:
        """An untouched blank workbook names its empty required cells."""
        problems = _problems(_draft(tmp_path))
        assert set(problems) == {"計画!C5", "計画!C6", "計画!C7", "計画!C8"}


class TestFilledWorkbook:
    def test_reads_the_intended_plan(self, tmp_path: Path) -> None:
        """A workbook filled as an official would reads as the plan they meant."""
        path = _draft(tmp_path)
        _fill(path)
        assert kpiplan.load(path) == kpiplan.loads(INTENDED, "toml")

    def test_every_mistake_at_its_cell(self, tmp_path: Path) -> None:
        """A missing name, an unknown unit and a year outside the period, all at once."""
        path = _draft(tmp_path)
        _fill(path, mistakes=True)
        problems = _problems(path)
        assert "required" in problems["指標!D6"]
        assert "てつづき" in problems["指標!F6"]
        assert "outside the plan period" in problems["指標!O5"]

    def test_unknown_words_and_moved_columns(self, tmp_path: Path) -> None:
        """A word not on a list and a moved header are reported at their cells."""
        path = _draft(tmp_path)
        _fill(path)
        book = openpyxl.load_workbook(path)
        book["指標"]["G5"] = "多いほど良い"
        book["予算"]["C3"] = "予算額"
        book.save(path)
        problems = _problems(path)
        assert "多いほど良い" in problems["指標!G5"]
        assert "amount" in problems["予算!C3"]

    def test_dump_gives_the_toml_file(self, tmp_path: Path) -> None:
        """`kpiplan dump plan.xlsx -o plan.toml` writes a TOML plan that reads the same."""
        path = _draft(tmp_path)
        _fill(path)
        assert main(["dump", str(path), "-o", str(tmp_path / "plan.toml")]) == 0
        text = (tmp_path / "plan.toml").read_text(encoding="utf-8")
        assert 'title = "窓口デジタル化計画"' in text
        assert kpiplan.load(tmp_path / "plan.toml") == kpiplan.load(path)


class TestFromPlan:
    def test_example_round_trip(self, tmp_path: Path) -> None:
        """--from the Tokushima example reads back as the parts the draft carries."""
        assert main(["new", str(tmp_path / "t.xlsx"), "--from", str(EXAMPLE)]) == 0
        assert kpiplan.load(tmp_path / "t.xlsx") == carried(kpiplan.load(EXAMPLE))

    def test_cli_blank_and_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`kpiplan new --period` writes a blank workbook; check names its empty cells."""
        assert main(["new", str(tmp_path / "n.xlsx"), "--period", "R7-R9"]) == 0
        assert main(["check", str(tmp_path / "n.xlsx")]) == 1
        assert "計画!C5" in capsys.readouterr().err
        assert main(["new", str(tmp_path / "n.xlsx"), "--period", "R9-R7"]) == 2

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(plan=plans())
    def test_round_trip(self, tmp_path: Path, plan: Plan) -> None:
        """Any plan's carried parts survive a draft workbook unchanged."""
        expected = carried(plan)
        assume(all(_listable(line.links) for b in expected.budgets for line in b.lines))
        assume(all(_listable(m.indicators) for c in expected.csfs for m in c.measures))
        assume(
            all(
                _unambiguous(indicator)
                for indicator in [*expected.kgis, *(k for c in expected.csfs for k in c.indicators)]
            )
        )
        stream = io.BytesIO()
        write_draft(stream, plan)
        path = tmp_path / "h.xlsx"
        path.write_bytes(stream.getvalue())
        assert kpiplan.load(path) == expected


def _listable(items: tuple[str, ...]) -> bool:
    """Whether a list survives one cell: no item with a separator or outer spaces."""
    from kpiplan_exporters._xlsx.draft.layout import split_list

    return all(split_list(item) == (item,) for item in items)


def _unambiguous(indicator: kpiplan.Indicator) -> bool:
    """Whether every statement and list of ``indicator`` reads back as written."""
    if not _listable(indicator.divisions):
        return False
    from kpiplan_exporters._xlsx.draft.reader import _numeric

    texts = [t.statement for t in indicator.targets if t.statement is not None]
    texts += [
        t.stage
        for t in indicator.targets
        if t.stage is not None and t.stage not in DEFAULT_STAGE_LADDER
    ]
    return all(
        text.strip() == text
        and text not in DEFAULT_STAGE_LADDER
        and text not in ("〃", "同上")
        and not _numeric(text)
        for text in texts
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_resave(tmp_path: Path) -> None:
    """A filled draft re-saved by LibreOffice still reads as the same plan."""
    path = _draft(tmp_path)
    _fill(path)
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out / "plan.xlsx"
    assert is_draft(resaved)
    assert kpiplan.load(resaved) == kpiplan.load(path)
