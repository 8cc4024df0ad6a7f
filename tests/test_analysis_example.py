"""examples/analysis.py answers the owners' questions on the example plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "analysis.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def output() -> str:
    """The script's output on the example plan (its default)."""
    result = _run()
    assert result.returncode == 0, result.stderr
    return result.stdout


def _section(output: str, number: int) -> list[str]:
    blocks = output.split("\n\n")
    block = next(b for b in blocks if b.startswith(f"{number}. "))
    return block.splitlines()[1:]


class TestAnalysisExample:
    """Each of the four questions gets the answer the evaluation gives."""

    def test_stands_at_r3(self, output: str) -> None:
        """Without --as-of the example is read as of R3, its latest actuals."""
        assert output.splitlines()[0] == "デジタルとくしま推進プラン — 令和3年度（R3）時点"

    def test_behind_or_pending(self, output: str) -> None:
        """The RPA count is pending and the evangelist system is behind (C)."""
        lines = _section(output, 1)
        assert len(lines) == 2
        assert lines[0].startswith("  CSF-1/KPI-3 ")
        assert "作成中" in lines[0]
        assert lines[1].startswith("  CSF-3/KPI-5 ")
        assert "評価 C" in lines[1]

    def test_too_low(self, output: str) -> None:
        """The FAQ target (5,000 in R6) is flagged, projected to be reached in R4."""
        lines = _section(output, 2)
        faq = next(line for line in lines if "CSF-1/KPI-2" in line)
        assert "最終目標 5,000件（R6）に R4 で到達の見込み" in faq
        assert not any(line.startswith("  KGI ") for line in lines)

    def test_cost_per_unit(self, output: str) -> None:
        """The FAQ line cost 11,550千円 over 3,140 entries added: 3.68千円/件."""
        lines = _section(output, 3)
        assert (
            "  R3 AIを活用した全庁総合FAQシステム運用事業 → CSF-1/KPI-2: 3.68千円/件（見込み）"
            in lines
        )
        assert any("CSF-1/KPI-3: 単価なし" in line for line in lines)

    def test_budget_comparison(self, output: str) -> None:
        """R4's request is +121.5% over R3 and is marked requested; new lines are listed."""
        lines = _section(output, 4)
        assert "+121.5%" in lines[0]
        assert "要求中" in lines[0]
        assert "  新規 (new) 県庁業務デジタル化推進事業: 44,000千円" in lines
        assert any(line.startswith("  終了 (ended) 県庁会議室DX化事業") for line in lines)

    def test_rates_by_year(self, output: str) -> None:
        """Section 5 summarises the float64 rate column by year with pandas."""
        lines = _section(output, 5)
        assert lines[0] == "  R2 達成率なし (no rates)"
        assert lines[1].startswith("  R3 8指標 (indicators): 中央値 (median) 111.9%")
        assert "最大 (max) 247.0%" in lines[1]

    def test_year_forms(self) -> None:
        """--as-of 2021年度 is R3; a year outside the plan period is exit 1 with the period."""
        result = _run("--as-of", "2021年度")
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0].endswith("令和3年度（R3）時点")
        outside = _run("--as-of", "令和10年度")
        assert outside.returncode == 1
        assert "R10 is outside the plan period R2–R6" in outside.stderr

    def test_bad_plan(self, tmp_path: Path) -> None:
        """A plan that cannot be read gives a message and exit code 1."""
        broken = tmp_path / "broken.toml"
        broken.write_text("title = ", encoding="utf-8")
        result = _run(str(broken))
        assert result.returncode == 1
        assert "broken.toml" in result.stderr
