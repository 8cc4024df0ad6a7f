"""What changed between two versions of a plan: kpiplan.cycle.diff and `kpiplan diff`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import kpiplan as kp
from kpiplan.cli import main
from kpiplan.cycle import ChangeKind, diff
from tests.strategies import plans

R3, R4 = kp.FiscalYear.parse("R3"), kp.FiscalYear.parse("R4")


def _with_indicator(plan: kp.Plan, indicator: kp.Indicator) -> kp.Plan:
    """The plan with one indicator replaced (found by id)."""
    changes: dict[str, Any] = {
        "kgis": tuple(indicator if i.id == indicator.id else i for i in plan.kgis),
        "csfs": tuple(
            attrs.evolve(
                csf,
                indicators=tuple(indicator if i.id == indicator.id else i for i in csf.indicators),
            )
            for csf in plan.csfs
        ),
    }
    return attrs.evolve(plan, **changes)


def _next_year(plan: kp.Plan) -> kp.Plan:
    """The example a year later: KGI R3 confirmed at 96%, KPI-2 R4 entered, R4 target of
    KPI-1 revised, an indicator renamed, the R4 budget total changed."""
    kgi = plan.indicator("KGI")
    estimate = kgi.actual_for(R3)
    assert estimate is not None
    confirmed = kp.Actual(R3, value=96, recorded=date(2022, 8, 1), history=(estimate.state(),))
    plan = _with_indicator(plan, attrs.evolve(kgi, actuals=(kgi.actuals[0], confirmed)))
    kpi2 = plan.indicator("CSF-1/KPI-2")
    plan = _with_indicator(
        plan, attrs.evolve(kpi2, actuals=(*kpi2.actuals, kp.Actual(R4, value=2900)))
    )
    kpi1 = plan.indicator("CSF-1/KPI-1")
    revision = kp.Revision(
        decided=date(2022, 6, 1), reason="上方修正", targets=(kp.Target(R4, value=15),)
    )
    plan = _with_indicator(plan, attrs.evolve(kpi1, revisions=(revision,), name="AI活用事業数"))
    budgets = tuple(
        attrs.evolve(b, status=kp.BudgetStatus.ENACTED) if b.year == R4 else b for b in plan.budgets
    )
    return attrs.evolve(plan, budgets=budgets)


class TestDiff:
    """Each kind of change is named with its place, old and new value."""

    def test_a_plan_equals_itself(self, example_plan: kp.Plan) -> None:
        """No changes, falsy, and the text says so."""
        changes = diff(example_plan, example_plan)
        assert not changes
        assert changes.to_text() == "変更なし\n"
        assert changes.to_data() == {"equal": True, "changes": []}

    def test_a_year_later(self, example_plan: kp.Plan) -> None:
        """Confirmed estimate, entered actual, revised target, rename, budget, grades."""
        changes = diff(example_plan, _next_year(example_plan))
        found = {(c.kind, c.path) for c in changes}
        assert {
            (ChangeKind.ESTIMATE_CONFIRMED, "kgis[KGI].actuals[R3]"),
            (ChangeKind.ACTUAL_ENTERED, "csfs[CSF-1].indicators[KPI-2].actuals[R4]"),
            (ChangeKind.TARGET_REVISED, "csfs[CSF-1].indicators[KPI-1].revisions[0].targets[R4]"),
            (ChangeKind.CHANGED, "csfs[CSF-1].indicators[KPI-1].name"),
            (ChangeKind.BUDGET_CHANGED, "budgets[R4].status"),
            (ChangeKind.GRADE_MOVED, "csfs[CSF-1].indicators[KPI-2].grades[R4]"),
        } <= found
        revised = changes.of_kind(ChangeKind.TARGET_REVISED)[0]
        assert (revised.old, revised.new, revised.year) == ({"value": 11}, {"value": 15}, R4)
        confirmed = changes.of_kind(ChangeKind.ESTIMATE_CONFIRMED)[0]
        assert confirmed.old == {"value": 95, "status": "estimate", "as_of": "2022-03-31"}
        assert confirmed.new["value"] == 96
        assert confirmed.new["history"] == [confirmed.old]
        moved = next(c for c in changes.of_kind(ChangeKind.GRADE_MOVED) if c.year == R4)
        assert moved.old == "－"
        assert moved.new != "－"

    def test_indicators_added_and_removed(self, example_plan: kp.Plan) -> None:
        """A KGI dropped and put back is removed, then added, with its data."""
        without = attrs.evolve(example_plan, kgis=())
        (removed,) = diff(example_plan, without, grades=False).of_kind(ChangeKind.INDICATOR_REMOVED)
        assert (removed.path, removed.indicator, removed.new) == ("kgis[KGI]", "KGI", None)
        assert removed.old["name"] == example_plan.kgis[0].name
        (added,) = diff(without, example_plan, grades=False).of_kind(ChangeKind.INDICATOR_ADDED)
        assert added.path == "kgis[KGI]"

    def test_words_in_both_languages(self, example_plan: kp.Plan) -> None:
        """Text and Markdown show values with units and status words, ja and en."""
        changes = diff(example_plan, _next_year(example_plan))
        text = changes.to_text()
        assert "見込みの確定  kgis[KGI].actuals[R3]: 95%（見込み） → 96%" in text
        assert text.endswith(f"変更 {len(changes)} 件\n")
        markdown = changes.to_markdown("en")
        assert "| estimate confirmed | kgis[KGI].actuals[R3] | 95% (estimate) | 96% |" in markdown
        assert markdown.startswith("| change | place | old | new |\n| --- |")

    @given(plans())
    def test_diff_of_a_plan_with_itself_is_empty(self, plan: kp.Plan) -> None:
        """Any plan, compared with itself and with its canonical JSON read back, is equal."""
        assert not diff(plan, plan)
        assert not diff(plan, kp.loads(kp.dumps(plan), "json"), grades=False)


class TestCommand:
    """`kpiplan diff OLD NEW`: text, json, markdown; exit 0 equal, 1 differ."""

    @pytest.fixture
    def versions(
        self, example_plan: kp.Plan, example_path: Path, tmp_path: Path
    ) -> tuple[str, str]:
        """The example (TOML) and a year later (JSON)."""
        later = tmp_path / "later.json"
        kp.dump(_next_year(example_plan), later)
        return str(example_path), str(later)

    def test_equal_files_exit_0(
        self, example_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A plan and itself: exit 0, 変更なし."""
        assert main(["diff", str(example_path), str(example_path)]) == 0
        assert capsys.readouterr().out == "変更なし\n"

    def test_json(self, versions: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """--format json lists the changes as data; exit 1."""
        assert main(["diff", *versions, "--format", "json"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert data["equal"] is False
        entered = [c for c in data["changes"] if c["kind"] == "actual_entered"]
        assert entered == [
            {
                "kind": "actual_entered",
                "path": "csfs[CSF-1].indicators[KPI-2].actuals[R4]",
                "indicator": "CSF-1/KPI-2",
                "year": "R4",
                "old": None,
                "new": {"value": 2900},
            }
        ]

    def test_markdown_english(
        self, versions: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format markdown --lang en gives an English table."""
        assert main(["diff", *versions, "--format", "markdown", "--lang", "en"]) == 1
        out = capsys.readouterr().out
        assert (
            "| actual entered | csfs[CSF-1].indicators[KPI-2].actuals[R4] | － | 2,900件 |" in out
        )

    def test_unreadable_file_is_a_message(
        self, example_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file is named, no traceback."""
        code = main(["diff", str(example_path), str(tmp_path / "missing.toml")])
        assert code == 1
        err = capsys.readouterr().err
        assert "missing.toml" in err
        assert "Traceback" not in err


def test_decimal_values_are_exact(example_plan: kp.Plan) -> None:
    """A changed value keeps its digits (95.8, not a float's 95.79999…)."""
    kgi = example_plan.indicator("KGI")
    changed = attrs.evolve(kgi, actuals=(kgi.actuals[0], kp.Actual(R3, value=Decimal("95.8"))))
    (change,) = diff(example_plan, _with_indicator(example_plan, changed), grades=False)
    assert change.describe()[3] == "95.8%"
