"""Values with their history: earlier states kept, and the plan as known on a date."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

import kpiplan as kp
from kpiplan.cli import main
from kpiplan.cycle import as_known_at

PLAN = """
title = "履歴テスト"
organization = "テスト県"
period = { first = "R2", last = "R6" }

[[kgis]]
id = "KGI"
name = "電子化率"
divisions = ["スマート県庁推進課"]
unit = "%"
accumulation = "level"
targets = { R3 = 90, R4 = 100 }

[kgis.actuals]
R2 = 87
R3 = { value = 86, recorded = "R4.8.1", history = [
  { status = "estimate", value = 95, as_of = "R4.3.31" },
] }

[[kgis.revisions]]
decided = "R4.6.1"
reason = "上方修正"
targets = { R4 = 80 }
"""


@pytest.fixture
def plan() -> kp.Plan:
    """A KGI whose R3 estimate of 95% was confirmed as 86% on R4.8.1."""
    return kp.loads(PLAN, "toml")


class TestModel:
    """An actual keeps its earlier states, dated, oldest first."""

    def test_history_is_read(self, plan: kp.Plan) -> None:
        """The estimate is kept under the confirmed value with its date."""
        actual = plan.kgis[0].actual_for(kp.FiscalYear.parse("R3"))
        assert actual is not None
        assert actual.value == 86
        assert actual.recorded == date(2022, 8, 1)
        (earlier,) = actual.history
        assert earlier.status is kp.ActualStatus.ESTIMATE
        assert earlier.value == 95
        assert earlier.known_since == date(2022, 3, 31)

    def test_known_at_picks_the_state_of_the_day(self, plan: kp.Plan) -> None:
        """Before the confirmation the estimate stands; before the estimate, nothing."""
        actual = plan.kgis[0].actuals[1]
        assert actual.known_at(date(2022, 8, 1)) is actual
        then = actual.known_at(date(2022, 7, 31))
        assert then is not None
        assert (then.status, then.value, then.history) == (kp.ActualStatus.ESTIMATE, 95, ())
        assert actual.known_at(date(2022, 3, 30)) is None

    def test_canonical_json_round_trips_and_omits_empty_history(self, plan: kp.Plan) -> None:
        """History survives JSON; an actual without one writes no history key."""
        text = kp.dumps(plan)
        assert kp.loads(text, "json") == plan
        actuals = json.loads(text)["kgis"][0]["actuals"]
        assert "history" not in actuals["R2"]
        assert "recorded" not in actuals["R2"]
        assert actuals["R3"]["history"] == [
            {"status": "estimate", "value": 95, "as_of": "2022-03-31"}
        ]

    def test_example_without_history_is_byte_identical(self, example_plan: kp.Plan) -> None:
        """A plan that has no history dumps as before: no new keys anywhere."""
        text = kp.dumps(example_plan)
        assert '"history"' not in text
        assert '"recorded"' not in text
        assert '"handout"' not in text

    def test_an_inconsistent_state_is_refused(self) -> None:
        """An earlier state obeys the rules of an actual (in progress needs its text)."""
        with pytest.raises(ValueError, match="in_progress needs the reported `text`"):
            kp.ActualState(status=kp.ActualStatus.IN_PROGRESS, recorded=date(2022, 4, 1))


class TestValidation:
    """Every problem in a history is reported with its path."""

    def test_unordered_states(self) -> None:
        """States out of order and an actual older than its history are each named; an
        undated state is allowed (known from the start, like an undated actual)."""
        bad = PLAN.replace(
            '{ status = "estimate", value = 95, as_of = "R4.3.31" },',
            '{ value = 92 }, { value = 90, recorded = "R4.5.1" }, '
            '{ value = 91, recorded = "R4.4.1" },',
        ).replace('recorded = "R4.8.1"', 'recorded = "R4.4.15"')
        with pytest.raises(kp.ValidationError) as caught:
            kp.loads(bad, "toml")
        found = {(p.path, p.message.split(",")[0]) for p in caught.value.problems}
        assert found == {
            ("kgis[KGI].actuals[R3].history[2]", "recorded 2022-04-01"),
            ("kgis[KGI].actuals[R3]", "recorded 2022-04-15"),
        }

    def test_estimate_state_needs_its_date(self) -> None:
        """An estimate in the history needs as_of, as a current estimate does."""
        bad = PLAN.replace('as_of = "R4.3.31"', 'recorded = "R4.3.31"')
        with pytest.raises(kp.ValidationError) as caught:
            kp.loads(bad, "toml")
        assert [p.path for p in caught.value.problems] == ["kgis[KGI].actuals[R3].history[0]"]
        assert "needs the date it was made" in caught.value.problems[0].message


class TestKnownAt:
    """evaluate(known_at=…) reproduces the report as it could have been made then."""

    def _r3(self, evaluation: kp.Evaluation) -> kp.YearResult:
        return next(y for y in evaluation.indicators[0].years if str(y.fiscal_year) == "R3")

    def test_before_confirmation_the_estimate_is_graded(self, plan: kp.Plan) -> None:
        """On R4.7.1 the R3 result is the 95% estimate (A); now it is 86% (B)."""
        now = kp.evaluate(plan, as_of="R3")
        then = kp.evaluate(plan, as_of="R3", known_at=date(2022, 7, 1))
        assert (self._r3(now).actual.value, self._r3(now).grade) == (Decimal(86), "B")
        assert (self._r3(then).actual.value, self._r3(then).grade) == (Decimal(95), "A")
        assert self._r3(then).actual.is_estimate

    def test_nothing_known_yet_leaves_the_year_ungraded(self, plan: kp.Plan) -> None:
        """Before the estimate was made the year has no actual; as_of falls back to R2."""
        then = kp.evaluate(plan, known_at=date(2022, 3, 1))
        assert str(then.as_of) == "R2"
        assert self._r3(then).actual is None

    def test_revisions_decided_later_are_left_out(self, plan: kp.Plan) -> None:
        """The R4 target revised on R4.6.1 is not in force on R4.5.31."""
        year = kp.FiscalYear.parse("R4")
        before = as_known_at(plan, date(2022, 5, 31)).kgis[0]
        after = as_known_at(plan, date(2022, 6, 1)).kgis[0]
        assert before.revisions == ()
        assert before.target_for(year).value == 100  # type: ignore[union-attr]
        assert after.target_for(year).value == 80  # type: ignore[union-attr]

    def test_example_as_known_on_its_date(self, example_plan: kp.Plan) -> None:
        """The example's R3 estimates date from R4.3.31: known on that day, not the
        day before; its undated results count as known from the start."""
        assert as_known_at(example_plan, date(2022, 3, 31)) is example_plan
        before = as_known_at(example_plan, date(2022, 3, 30))
        kept = [a for _, i in before.indicators() for a in i.actuals]
        assert not any(a.is_estimate for a in kept)
        assert {a.year for a in kept} >= {kp.FiscalYear.parse("R2")}
        assert kp.evaluate(example_plan, known_at=date(2022, 3, 31)) == kp.evaluate(example_plan)

    def test_known_at_must_be_a_date(self, plan: kp.Plan) -> None:
        """A string is refused with the type named."""
        with pytest.raises(TypeError, match="known_at should be a date"):
            kp.evaluate(plan, known_at="R4.3.31")  # type: ignore[arg-type]


class TestCommandLine:
    """--known-at on summary and export."""

    def test_summary_known_at(self, plan: kp.Plan, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """summary --known-at grades the estimate known then."""
        path = tmp_path / "plan.toml"
        path.write_text(PLAN, "utf-8")
        assert main(["summary", str(path), "--as-of", "R3", "--format", "json"]) == 0
        now = json.loads(capsys.readouterr().out)
        assert (
            main(
                ["summary", str(path), "--as-of", "R3", "--known-at", "R4.7.1", "--format", "json"]
            )
            == 0
        )
        then = json.loads(capsys.readouterr().out)

        def grade(data: dict) -> str:  # type: ignore[type-arg]
            return next(r["grade"] for r in data["records"] if r["fiscal_year"] == 2021)

        assert (grade(now), grade(then)) == ("B", "A")

    def test_summary_table_says_known_at(self, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """The table's title says it is the report as known on that date."""
        path = tmp_path / "plan.toml"
        path.write_text(PLAN, "utf-8")
        assert main(["summary", str(path), "--as-of", "R3", "--known-at", "R4.7.1"]) == 0
        title = capsys.readouterr().out.splitlines()[0]
        assert title.endswith("時点の評価（R4.7.1 に判明していた値による）")

    def test_export_known_at(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        """export --known-at writes the plan as known then (the json exporter shows it)."""
        path = tmp_path / "plan.toml"
        path.write_text(PLAN, "utf-8")
        out = tmp_path / "then.json"
        code = main(
            ["export", str(path), "--format", "json", "-o", str(out), "--known-at", "2022-05-01"]
        )
        assert code == 0
        data = json.loads(out.read_text("utf-8"))
        assert data["kgis"][0]["actuals"]["R3"]["value"] == 95
        assert "revisions" not in data["kgis"][0]

    def test_bad_date_is_a_message(self, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """A date that does not exist is an error message, exit 1, no traceback."""
        path = tmp_path / "plan.toml"
        path.write_text(PLAN, "utf-8")
        assert main(["summary", str(path), "--known-at", "R4.2.30"]) == 1
        assert "Traceback" not in capsys.readouterr().err
