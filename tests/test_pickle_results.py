"""Plans and evaluations pickle with the standard pickler, so a process pool returns them."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan._frozen import FrozenMap
from kpiplan.grading import Evaluation, GradeScale, Method, evaluate, load_preset, preset_names
from kpiplan_exporters.testing import plans

from .grading.test_plan_grading import PLAN

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    ROOT / "examples" / "digital_tokushima.toml",
    ROOT / "examples" / "kanagawa_health.toml",
]
PROTOCOLS = range(2, pickle.HIGHEST_PROTOCOL + 1)

# The Fukuoka City plan of the [grading] tests, with a per-indicator change too: every
# mapping a [grading] table and a preset with named exceptions hold.
GRADED_PLAN = PLAN.replace(
    "[grading.kinds]", '[grading.indicators."CSF-1/KPI-1"]\ntolerance = 5\n\n[grading.kinds]'
)


def _round_trip(value: Any, protocol: int = pickle.DEFAULT_PROTOCOL) -> Any:
    return pickle.loads(pickle.dumps(value, protocol=protocol))


def assert_same_evaluation(restored: Evaluation, evaluation: Evaluation) -> None:
    """Everything a user reads from an evaluation survives, the fields left out of == too."""
    assert restored == evaluation
    assert restored.plan == evaluation.plan
    assert restored.records() == evaluation.records()
    assert restored.method.scale == evaluation.method.scale
    for mine, theirs in zip(restored.indicators, evaluation.indicators, strict=True):
        assert (mine.indicator, mine.rule) == (theirs.indicator, theirs.rule)
        assert restored.result(mine.indicator_id) == theirs
    assert [dict(r.counts) for r in restored.rollups] == [
        dict(r.counts) for r in evaluation.rollups
    ]


class TestFrozenMap:
    """The read-only mapping of result and rule fields."""

    def test_equals_mappings_with_the_same_items(self) -> None:
        """It equals a dict, a mapping proxy and another map with its items, in any order."""
        import types

        counts = FrozenMap({"A": 2, "B": 0})
        assert counts == {"B": 0, "A": 2}
        assert counts == types.MappingProxyType({"A": 2, "B": 0})
        assert counts == FrozenMap([("B", 0), ("A", 2)])
        assert counts != {"A": 2}
        assert counts != [("A", 2), ("B", 0)]

    def test_cannot_be_changed(self) -> None:
        """No item or attribute can be set or deleted, and the given dict is copied."""
        given_items = {"A": 1}
        counts = FrozenMap(given_items)
        given_items["A"] = 5
        assert counts["A"] == 1
        with pytest.raises(TypeError):
            counts["A"] = 2  # type: ignore[index]
        with pytest.raises(TypeError):
            del counts["A"]  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            counts._items = {}  # type: ignore[misc]
        with pytest.raises(AttributeError):
            del counts._items
        assert not hasattr(counts, "update")
        assert counts == {"A": 1}

    def test_does_not_hash(self) -> None:
        """Like a dict (and the mapping proxy it replaces) it is unhashable."""
        with pytest.raises(TypeError):
            hash(FrozenMap({"A": 1}))

    def test_keeps_order_and_reads_like_a_dict(self) -> None:
        """Keys, values, items, get and ``in`` follow the given order and items."""
        labels = FrozenMap({"B": "概ね達成", "A": "達成"})
        assert list(labels) == list(labels.keys()) == ["B", "A"]
        assert list(labels.values()) == ["概ね達成", "達成"]
        assert list(labels.items()) == [("B", "概ね達成"), ("A", "達成")]
        assert (labels.get("A"), labels.get("Z"), labels.get("Z", "－")) == ("達成", None, "－")
        assert ("A" in labels, "Z" in labels, len(labels)) == (True, False, 2)
        assert repr(labels) == "FrozenMap({'B': '概ね達成', 'A': '達成'})"

    @pytest.mark.parametrize("protocol", PROTOCOLS)
    def test_pickles_and_copies(self, protocol: int) -> None:
        """It comes back from pickle and copy equal, still a FrozenMap, still read-only."""
        weights = FrozenMap({"KPI-1": Decimal("1.5"), "KPI-2": Decimal(0)})
        for restored in (
            _round_trip(weights, protocol),
            copy.copy(weights),
            copy.deepcopy(weights),
        ):
            assert type(restored) is FrozenMap
            assert restored == weights
            with pytest.raises(TypeError):
                restored["KPI-1"] = Decimal(2)


class TestExamples:
    """The shipped examples' plans and evaluations pickle with every protocol."""

    @pytest.mark.parametrize("protocol", PROTOCOLS)
    @pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
    def test_plan_and_evaluation(self, path: Path, protocol: int) -> None:
        """pickle.loads(pickle.dumps(x)) == x for the plan and its evaluation."""
        plan = kp.load(path)
        evaluation = evaluate(plan)
        assert _round_trip(plan, protocol) == plan
        assert_same_evaluation(_round_trip(evaluation, protocol), evaluation)

    def test_restored_evaluation_still_works(self) -> None:
        """A restored evaluation answers lookups, labels and roll-ups as the original does."""
        evaluation = evaluate(kp.load(EXAMPLES[0]))
        restored = _round_trip(evaluation)
        scale = restored.method.scale
        assert [scale.label(s) for s in scale.symbols] == [
            evaluation.method.scale.label(s) for s in scale.symbols
        ]
        assert restored.rollup() == evaluation.rollup()
        assert type(restored.rollup().counts) is FrozenMap
        with pytest.raises(TypeError):
            restored.rollup().counts["A"] = 0  # type: ignore[index]

    def test_grading_table_and_preset(self, tmp_path: Path) -> None:
        """A plan with a [grading] table, graded by a preset with exceptions, pickles."""
        path = tmp_path / "plan.toml"
        path.write_text(GRADED_PLAN, "utf-8")
        plan = kp.load(path)
        assert plan.grading is not None
        assert plan.grading.kinds
        assert plan.grading.indicators
        evaluation = evaluate(plan, as_of="R4")
        assert evaluation.result("CSF-1/KPI-2").rule.exceptions
        for protocol in PROTOCOLS:
            assert _round_trip(plan.grading, protocol) == plan.grading
            assert _round_trip(plan, protocol) == plan
            assert_same_evaluation(_round_trip(evaluation, protocol), evaluation)

    @pytest.mark.parametrize("name", preset_names())
    def test_every_preset(self, name: str) -> None:
        """Every shipped rule (movement grades, scales of other bands) pickles equal."""
        rule = load_preset(name)
        restored = _round_trip(rule)
        assert restored == rule
        assert (restored.movement, restored.exceptions) == (rule.movement, rule.exceptions)
        assert _round_trip(rule.scale) == rule.scale
        assert isinstance(restored.scale, GradeScale)
        assert [restored.scale.grade(s) for s in rule.scale.symbols] == list(rule.scale.grades)


_TABLES = st.dictionaries(
    st.text(max_size=5), st.integers() | st.text(max_size=5) | st.booleans(), max_size=3
)
_GRADING = st.builds(
    kp.GradingChoice,
    preset=st.none() | st.sampled_from(preset_names()),
    rule=_TABLES,
    csfs=st.dictionaries(st.text(min_size=1, max_size=5), _TABLES, max_size=2),
    kinds=st.dictionaries(st.text(min_size=1, max_size=5), st.text(min_size=1), max_size=2),
)


@st.composite
def _methods(draw: st.DrawFn, plan: kp.Plan) -> Method:
    """A preset's rule, or the default rule with other thresholds, labels and weights."""
    if draw(st.booleans()):
        return Method(rule=load_preset(draw(st.sampled_from(preset_names()))))
    ids = [indicator.id for _, indicator in plan.indicators()]
    return Method(
        s_threshold=draw(st.none() | st.integers(100, 150)),
        labels_ja=draw(st.dictionaries(st.sampled_from("SABCD"), st.text(max_size=5))),
        weights=draw(
            st.dictionaries(
                st.sampled_from(ids) if ids else st.nothing(),
                st.decimals(min_value=0, max_value=10, places=2),
            )
        ),
        rollup=draw(st.sampled_from(("score", "mean_rate", "worst"))),
    )


class TestProperties:
    """Drawn plans (other governments' parts too) and their evaluations pickle equal."""

    @given(data=st.data(), plan=plans(model_parts=True), protocol=st.sampled_from(PROTOCOLS))
    def test_plan_and_evaluation_round_trip(
        self, data: st.DataObject, plan: kp.Plan, protocol: int
    ) -> None:
        """Plan, evaluation and records come back equal, whatever rule judged them."""
        evaluation = evaluate(plan, method=data.draw(_methods(plan)))
        assert _round_trip(plan, protocol) == plan
        assert_same_evaluation(_round_trip(evaluation, protocol), evaluation)
        graded = attrs.evolve(plan, grading=data.draw(_GRADING))
        assert _round_trip(graded, protocol) == graded


def _evaluate_file(path: Path) -> Evaluation:
    return evaluate(kp.load(path))


def _records_of(evaluation: Evaluation) -> list[dict[str, Any]]:
    return evaluation.records()


class TestProcessPool:
    """What a user's own process pool sends and receives."""

    def test_pool_returns_an_evaluation(self) -> None:
        """A worker's Evaluation comes back whole through ProcessPoolExecutor."""
        with ProcessPoolExecutor(max_workers=1) as pool:
            returned = pool.submit(_evaluate_file, EXAMPLES[1]).result()
        assert_same_evaluation(returned, _evaluate_file(EXAMPLES[1]))

    def test_fresh_interpreter_receives_an_evaluation(self) -> None:
        """An evaluation sent to a spawned worker (nothing imported yet) unpickles there."""
        evaluation = _evaluate_file(EXAMPLES[0])
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            records = pool.submit(_records_of, evaluation).result()
        assert records == evaluation.records()
