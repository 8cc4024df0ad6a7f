"""The plan file stays the person's file: updates keep comments, order and layout."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import attrs
import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan.cycle import updated_toml, write_plan
from tests.cycle.test_diff import _with_indicator
from tests.strategies import plans

R3, R4 = kp.FiscalYear.parse("R3"), kp.FiscalYear.parse("R4")


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


class TestExample:
    """Updates to examples/digital_tokushima.toml touch only their own lines."""

    def test_one_actual_changes_one_line(self, example_path: Path) -> None:
        """KPI-2's R3 estimate 4,940 → 5,000: exactly that line differs."""
        text = example_path.read_text("utf-8")
        plan = kp.loads(text, "toml")
        kpi2 = plan.indicator("CSF-1/KPI-2")
        actual = kpi2.actual_for(R3)
        assert actual is not None
        changed = attrs.evolve(kpi2, actuals=(kpi2.actuals[0], attrs.evolve(actual, value=5000)))
        after = updated_toml(text, _with_indicator(plan, changed))
        assert _changed_lines(text, after) == [
            '-R3 = { value = 4940, status = "estimate", as_of = "R4.3.31" }',
            '+R3 = { value = 5000, status = "estimate", as_of = "R4.3.31" }',
        ]

    def test_confirmed_with_history_and_a_new_year(self, example_path: Path) -> None:
        """A confirmed value with its history replaces the estimate's line; a new year
        goes right after the table's last value, before the next section's comment."""
        text = example_path.read_text("utf-8")
        plan = kp.loads(text, "toml")
        kgi = plan.indicator("KGI")
        estimate = kgi.actual_for(R3)
        assert estimate is not None
        confirmed = kp.Actual(R3, value=96, recorded=date(2022, 8, 1), history=(estimate.state(),))
        updated = _with_indicator(
            plan, attrs.evolve(kgi, actuals=(kgi.actuals[0], confirmed, kp.Actual(R4, value=99)))
        )
        after = updated_toml(text, updated)
        assert kp.loads(after, "toml") == updated
        assert _changed_lines(text, after) == [
            '-R3 = { value = 95, status = "estimate", as_of = "R4.3.31" }',
            '+R3 = { value = 96, recorded = "2022-08-01", history = '
            '[{ status = "estimate", value = 95, as_of = "2022-03-31" }] }',
            "+R4 = 99",
        ]
        lines = after.splitlines()
        assert lines[lines.index("R4 = 99") + 2].startswith("# ----")

    def test_unchanged_plan_is_the_same_text(self, example_path: Path) -> None:
        """Writing the plan the file already says returns the very same text."""
        text = example_path.read_text("utf-8")
        assert updated_toml(text, kp.loads(text, "toml")) is text

    def test_write_plan_keeps_the_file_and_is_atomic(
        self, example_path: Path, tmp_path: Path
    ) -> None:
        """write_plan(based_on=) writes the base's layout to a new file; JSON is canonical."""
        plan = kp.load(example_path)
        changed = attrs.evolve(plan, title="デジタルとくしま推進プラン（改訂）")
        out = tmp_path / "plan.toml"
        write_plan(changed, out, based_on=example_path)
        text = out.read_text("utf-8")
        assert _changed_lines(example_path.read_text("utf-8"), text) == [
            '-title = "デジタルとくしま推進プラン"',
            '+title = "デジタルとくしま推進プラン（改訂）"',
        ]
        write_plan(changed, tmp_path / "plan.json")
        assert (tmp_path / "plan.json").read_text("utf-8") == kp.dumps(changed)
        assert not list(tmp_path.glob("*.part"))

    def test_file_own_spelling_is_kept(self) -> None:
        """Years written 令和3年度 and values written 2,000件 stay as written when only
        another year changes."""
        text = (
            'title = "t"\norganization = "o"\nperiod = { first = "R2", last = "R4" }\n'
            '\n[[kgis]]\nid = "K"\nname = "n"\ndivisions = ["d"]\nunit = "件"\n'
            '[kgis.actuals]\n"令和2年度" = "1,800件"  # 当初値\n"令和3年度" = 10\n'
        )
        plan = kp.loads(text, "toml")
        kgi = plan.kgis[0]
        updated = attrs.evolve(
            plan, kgis=(attrs.evolve(kgi, actuals=(kgi.actuals[0], kp.Actual(R3, value=12))),)
        )
        after = updated_toml(text, updated)
        assert _changed_lines(text, after) == ['-"令和3年度" = 10', '+"令和3年度" = 12']


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(plans(), plans())
def test_any_update_reads_back_as_the_new_plan(old: kp.Plan, new: kp.Plan) -> None:
    """Merging any plan into any other's TOML text gives a file that reads as the new one;
    an unchanged plan gives identical bytes."""
    text = tomlkit.dumps(kp.to_data(old))
    assert updated_toml(text, old) == text
    assert kp.loads(updated_toml(text, new), "toml") == new


def test_refuses_a_file_that_is_no_plan(example_plan: kp.Plan, tmp_path: Path) -> None:
    """A base file that is no plan is refused with its problems and left as it was."""
    base = tmp_path / "plan.toml"
    base.write_text('title = "t"\n', "utf-8")
    with pytest.raises(kp.ValidationError):
        write_plan(example_plan, base)
    assert base.read_text("utf-8") == 'title = "t"\n'
    assert not list(tmp_path.glob("*.part"))
