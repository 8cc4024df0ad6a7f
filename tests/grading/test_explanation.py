"""Explanations written on first reading behave as the two strings results held before."""

from __future__ import annotations

import decimal
import gc
import pickle
import types
from pathlib import Path

import attrs

import kpiplan as kp
from kpiplan.grading._explanation import Explanation, said

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [
    ROOT / "examples" / "digital_tokushima.toml",
    ROOT / "examples" / "kanagawa_health.toml",
]


def _texts(evaluation: kp.Evaluation) -> list[str]:
    found: list[str] = []
    for result in evaluation.indicators:
        years = list(result.years) + [y for s in result.series for y in s.years]
        found += [text for y in years for text in (y.explanation_ja, y.explanation_en)]
        forecasts = [result.forecast, *(s.forecast for s in result.series)]
        found += [
            t for f in forecasts if f is not None for t in (f.explanation_ja, f.explanation_en)
        ]
    return found


def test_text_does_not_depend_on_the_readers_decimal_context() -> None:
    # Written when read, the figures in the text are still computed in the evaluation's
    # context: a caller's 2-digit context must not round "g = 45.7%" to "46%".
    for path in EXAMPLES:
        plan = kp.load(path)
        expected = _texts(kp.evaluate(plan))
        later = kp.evaluate(plan)
        with decimal.localcontext(decimal.Context(prec=2)):
            assert _texts(later) == expected


def test_repr_shows_the_two_texts_where_the_fields_were() -> None:
    result = kp.evaluate(kp.load(EXAMPLES[0])).indicators[0]
    year = result.years[0]
    shown = repr(year)
    assert (
        f"explanation_ja={year.explanation_ja!r}, explanation_en={year.explanation_en!r}" in shown
    )
    assert shown.index("provisional=") < shown.index("explanation_ja=") < shown.index("basis=")
    assert "explanation=" not in shown
    assert result.forecast is not None
    assert repr(result.forecast).endswith(
        f"explanation_ja={result.forecast.explanation_ja!r}, "
        f"explanation_en={result.forecast.explanation_en!r})"
    )


def test_results_compare_hash_and_pickle_by_their_text() -> None:
    year = kp.evaluate(kp.load(EXAMPLES[0])).indicators[0].years[0]
    fixed = attrs.evolve(
        year, explanation=Explanation.fixed(year.explanation_ja, year.explanation_en)
    )
    assert fixed == year
    assert hash(fixed) == hash(year)
    other = attrs.evolve(year, explanation=Explanation((said("別の説明", "another"),)))
    assert other != year
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(year, protocol=protocol))
        assert restored == year
        assert repr(restored) == repr(year)


def test_sentences_are_written_once() -> None:
    calls: list[int] = []

    def sentence() -> tuple[str, str]:
        calls.append(1)
        return "一", "one"

    explanation = Explanation((sentence, said("二", "two")))
    assert not calls
    assert (explanation.ja, explanation.en, explanation.ja) == ("一。二", "one; two", "一。二")
    assert len(calls) == 1
    assert Explanation().texts == ("", "")


def test_an_evaluation_leaves_no_closures_for_the_cyclic_collector() -> None:
    # The collection that runs when an evaluation ends scans every tracked object it
    # made: a sentence kept as a closure adds a function, its cells and their tuple.
    plans = [kp.load(path) for path in EXAMPLES]
    for plan in plans:
        kp.evaluate(plan)
    gc.collect()
    before = {id(found) for found in gc.get_objects()}
    evaluations = [kp.evaluate(plan) for plan in plans]
    left = [found for found in gc.get_objects() if id(found) not in before]
    cells = [found for found in left if isinstance(found, types.CellType)]
    assert evaluations
    assert not cells
