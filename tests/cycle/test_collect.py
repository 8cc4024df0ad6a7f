"""Out to each division and back: handouts, fingerprints, collect and `kpiplan collect`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import kpiplan as kp
from kpiplan.cli import main
from kpiplan.cycle import ChangeKind, collect, fingerprint, handout
from tests.cycle.test_diff import _with_indicator
from tests.strategies import plans

R3, R4 = kp.FiscalYear.parse("R3"), kp.FiscalYear.parse("R4")
SMART = "スマート県庁推進課"
YAKUMU = "薬務課"
DAY = date(2022, 8, 1)


def _fill(
    plan: kp.Plan, ident: str, *actuals: kp.Actual, cells: dict[str, str] | None = None
) -> kp.Plan:
    """A returned file: ``plan`` with these actuals of one indicator typed in."""
    indicator = plan.indicator(ident)
    by_year = {a.year: a for a in indicator.actuals}
    by_year.update({a.year: a for a in actuals})
    plan = _with_indicator(
        plan, attrs.evolve(indicator, actuals=tuple(by_year[y] for y in sorted(by_year)))
    )
    if cells is not None and plan.handout is not None:
        plan = attrs.evolve(plan, handout=attrs.evolve(plan.handout, cells=cells))
    return plan


class TestHandout:
    """A division's file holds its indicators and says for whom and from which version."""

    def test_only_the_division_indicators(self, example_plan: kp.Plan) -> None:
        """薬務課 gets its one KPI, its CSF, no budgets; the result is a valid plan."""
        part = handout(example_plan, YAKUMU, issued=date(2022, 4, 1))
        assert [i.id for _, i in part.indicators()] == ["CSF-2/KPI-4"]
        assert [csf.code for csf in part.csfs] == ["CSF-2"]
        assert part.budgets == ()
        assert part.handout == kp.Handout(
            fingerprint=fingerprint(example_plan, division=YAKUMU),
            division=YAKUMU,
            issued=date(2022, 4, 1),
        )
        kp.validate(part)
        assert kp.loads(kp.dumps(part), "json") == part

    def test_unknown_division(self, example_plan: kp.Plan) -> None:
        """A division no indicator names is refused with the known ones."""
        with pytest.raises(ValueError, match=r"divisions: .*薬務課"):
            handout(example_plan, "財政課")

    def test_fingerprint_follows_only_the_division(self, example_plan: kp.Plan) -> None:
        """Changing スマート県庁推進課's KGI changes its fingerprint, not 薬務課's."""
        changed = _fill(example_plan, "KGI", kp.Actual(R4, value=99))
        assert fingerprint(changed, division=YAKUMU) == fingerprint(example_plan, division=YAKUMU)
        assert fingerprint(changed, division=SMART) != fingerprint(example_plan, division=SMART)
        assert fingerprint(changed) != fingerprint(example_plan)


class TestCollect:
    """Returned values are merged with their history; mistakes are named."""

    def test_two_divisions_merge(self, example_plan: kp.Plan) -> None:
        """Each division's figures land in the plan; the estimate is kept in history."""
        smart = _fill(handout(example_plan, SMART), "KGI", kp.Actual(R3, value=96))
        yakumu = _fill(handout(example_plan, YAKUMU), "CSF-2/KPI-4", kp.Actual(R4, value=30))
        result = collect(
            example_plan, [("smart.xlsx", smart), ("yakumu.xlsx", yakumu)], recorded=DAY
        )
        kgi = result.plan.indicator("KGI").actual_for(R3)
        assert kgi is not None
        assert (kgi.value, kgi.status, kgi.recorded) == (96, kp.ActualStatus.CONFIRMED, DAY)
        (estimate,) = kgi.history
        assert (estimate.value, estimate.status, estimate.as_of) == (
            95,
            kp.ActualStatus.ESTIMATE,
            date(2022, 3, 31),
        )
        entered = result.plan.indicator("CSF-2/KPI-4").actual_for(R4)
        assert entered is not None
        assert (entered.value, entered.history) == (30, ())
        kinds = {name: [c.kind for c in changes] for name, changes in result.changes}
        assert kinds == {
            "smart.xlsx": [ChangeKind.ESTIMATE_CONFIRMED],
            "yakumu.xlsx": [ChangeKind.ACTUAL_ENTERED],
        }
        kp.validate(result.plan)
        then = kp.evaluate(result.plan, as_of="R3", known_at=date(2022, 7, 31))
        assert then == kp.evaluate(example_plan, as_of="R3")

    def test_a_changed_target_becomes_a_revision(self, example_plan: kp.Plan) -> None:
        """The original target stays; a revision decided on the day carries the new one."""
        part = handout(example_plan, SMART)
        kgi = part.indicator("KGI")
        targets = tuple(kp.Target(R4, value=95) if t.year == R4 else t for t in kgi.targets)
        returned = _with_indicator(part, attrs.evolve(kgi, targets=targets))
        result = collect(example_plan, [("smart.xlsx", returned)], recorded=DAY)
        updated = result.plan.indicator("KGI")
        assert updated.targets == example_plan.indicator("KGI").targets
        assert updated.target_for(R4).value == 95  # type: ignore[union-attr]
        assert updated.target_for(R4, as_of=date(2022, 7, 31)).value == 100  # type: ignore[union-attr]
        assert updated.revisions[-1].reason == "回収: smart.xlsx"

    def test_outside_the_division(self, example_plan: kp.Plan) -> None:
        """薬務課's file changing the KGI names the file, the cell and the owner."""
        part = handout(example_plan, YAKUMU)
        kgi = example_plan.indicator("KGI")
        sneaked = attrs.evolve(
            part, kgis=(attrs.evolve(kgi, actuals=(*kgi.actuals, kp.Actual(R4, value=99))),)
        )
        sneaked = attrs.evolve(
            sneaked,
            handout=attrs.evolve(part.handout, cells={"kgis[KGI].actuals[R4]": "指標!F5"}),  # type: ignore[arg-type]
        )
        with pytest.raises(kp.ValidationError) as caught:
            collect(example_plan, [("yakumu.xlsx", sneaked)], recorded=DAY, source="plan.toml")
        messages = [str(p) for p in caught.value.problems]
        assert (
            "yakumu.xlsx 指標!F5: changes KGI, which is not 薬務課's (担当課: スマート県庁推進課)"
            in messages
        )
        assert caught.value.source == "plan.toml"

    def test_two_files_disagree(self, example_plan: kp.Plan) -> None:
        """Two files giving one value differently: both files and cells are named."""
        part = handout(example_plan, SMART)
        path = "kgis[KGI].actuals[R4]"
        first = _fill(part, "KGI", kp.Actual(R4, value=99), cells={path: "指標!F5"})
        second = _fill(part, "KGI", kp.Actual(R4, value=98), cells={path: "指標!F5"})
        same = _fill(part, "KGI", kp.Actual(R4, value=99))
        with pytest.raises(kp.ValidationError) as caught:
            collect(
                example_plan,
                [("a.xlsx", first), ("b.xlsx", second), ("c.xlsx", same)],
                recorded=DAY,
            )
        (problem,) = caught.value.problems
        assert str(problem) == (
            "b.xlsx 指標!F5: disagrees with a.xlsx 指標!F5 on kgis[KGI].actuals[R4]: "
            "98% here, 99% there"
        )

    def test_made_from_another_version(self, example_plan: kp.Plan) -> None:
        """A file made before the division's figures changed is refused, named."""
        old_sheet = handout(example_plan, SMART)
        newer = _fill(example_plan, "KGI", kp.Actual(R4, value=90))
        with pytest.raises(kp.ValidationError) as caught:
            collect(newer, [("old.xlsx", old_sheet)], recorded=DAY)
        (problem,) = caught.value.problems
        assert problem.path == "old.xlsx"
        assert "made from another version of the plan" in problem.message

    def test_edits_outside_targets_and_actuals_are_named(self, example_plan: kp.Plan) -> None:
        """A renamed indicator or a cleared actual is not dropped silently."""
        part = handout(example_plan, YAKUMU)
        kpi = part.indicator("CSF-2/KPI-4")
        renamed = _with_indicator(part, attrs.evolve(kpi, name="別名", actuals=()))
        with pytest.raises(kp.ValidationError) as caught:
            collect(example_plan, [("y.xlsx", renamed)], recorded=DAY)
        paths = {p.path for p in caught.value.problems}
        assert "y.xlsx csfs[CSF-2].indicators[KPI-4].name" in paths
        assert any(".actuals[" in path for path in paths)

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(plans())
    def test_collecting_unchanged_files_is_the_identity(self, plan: kp.Plan) -> None:
        """Every division's untouched file, and the whole plan's, change nothing."""
        divisions = sorted({d for _, i in plan.indicators() for d in i.divisions})
        returned: list[tuple[str, Any]] = [(f"{d}.xlsx", handout(plan, d)) for d in divisions]
        returned.append(("all.json", handout(plan)))
        result = collect(plan, returned, recorded=DAY)
        assert result.plan == plan
        assert not result


class TestCommand:
    """`kpiplan collect PLAN RETURNED… -o OUT`."""

    def test_writes_the_plan_keeping_its_comments(
        self, example_plan: kp.Plan, example_path: Path, tmp_path: Path, capsys: Any
    ) -> None:
        """The TOML output is the example's text with the collected lines changed."""
        returned = tmp_path / "smart.json"
        kp.dump(
            _fill(handout(example_plan, SMART), "CSF-1/KPI-1", kp.Actual(R4, value=12)), returned
        )
        out = tmp_path / "plan.toml"
        code = main(
            ["collect", str(example_path), str(returned), "-o", str(out), "--recorded", "R4.8.1"]
        )
        assert code == 0
        before = example_path.read_text("utf-8")
        after = out.read_text("utf-8")
        assert after.startswith(before.split("\n[positioning]")[0])
        assert 'R4 = { value = 12, recorded = "2022-08-01" }' in after
        assert "実績の入力" in capsys.readouterr().out
        assert kp.load(out).indicator("CSF-1/KPI-1").actual_for(R4).value == 12  # type: ignore[union-attr]

    def test_conflict_writes_nothing(
        self, example_plan: kp.Plan, example_path: Path, tmp_path: Path, capsys: Any
    ) -> None:
        """On a conflict: exit 1, the problem listed, no output file."""
        part = handout(example_plan, SMART)
        for name, value in (("a.json", 99), ("b.json", 98)):
            kp.dump(_fill(part, "KGI", kp.Actual(R4, value=value)), tmp_path / name)
        out = tmp_path / "out.toml"
        code = main(
            [
                "collect",
                str(example_path),
                str(tmp_path / "a.json"),
                str(tmp_path / "b.json"),
                "-o",
                str(out),
                "--format",
                "json",
            ]
        )
        assert code == 1
        assert "disagrees with" in capsys.readouterr().err
        assert not out.exists()

    def test_json_report(
        self, example_plan: kp.Plan, example_path: Path, tmp_path: Path, capsys: Any
    ) -> None:
        """--format json gives each file's changes as data."""
        returned = tmp_path / "y.json"
        kp.dump(
            _fill(handout(example_plan, YAKUMU), "CSF-2/KPI-4", kp.Actual(R4, value=30)), returned
        )
        out = tmp_path / "out.json"
        assert (
            main(["collect", str(example_path), str(returned), "-o", str(out), "--format", "json"])
            == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert [c["kind"] for c in data["files"][0]["changes"]] == ["actual_entered"]
        assert (
            json.loads(out.read_text("utf-8"))["csfs"][1]["indicators"][3]["actuals"]["R4"]["value"]
            == 30
        )
