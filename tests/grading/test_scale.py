"""The grade scale: grades, order, thresholds, scores and colours in one object."""

from __future__ import annotations

import doctest
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpiplan as kp
from kpiplan import DEFAULT_GRADE_SCALE as SCALE
from kpiplan.grading import NO_GRADE, Grade, GradeScale, _scale

rates = st.decimals(min_value=-500, max_value=500, places=1, allow_nan=False)


def _today(rate: Decimal | None, met: bool, s: Decimal | None = None) -> str:
    """The rule as docs/attainment.md states it, written out by hand."""
    if met:
        return "S" if s is not None and rate is not None and rate >= s else "A"
    if rate is None:
        return NO_GRADE
    return "B" if rate >= 80 else "C" if rate >= 50 else "D"


class TestDefault:
    def test_grades_best_first(self) -> None:
        """S, A, B, C, D, best first; the ungraded mark is －."""
        assert SCALE.symbols == ("S", "A", "B", "C", "D")
        assert [SCALE.rank(s) for s in (*SCALE.symbols, NO_GRADE)] == [0, 1, 2, 3, 4, 5]
        assert SCALE.ungraded.symbol == NO_GRADE

    @given(st.none() | rates, st.booleans())
    def test_grade_for_is_the_documented_rule(self, rate: Decimal | None, met: bool) -> None:
        """A met, B ≥ 80, C ≥ 50, D below, － without a rate; no S by default."""
        assert SCALE.grade_for(rate, met) == _today(rate, met)

    @given(st.none() | rates, st.booleans(), st.sampled_from([Decimal(110), Decimal(150)]))
    def test_s_band_once_set(self, rate: Decimal | None, met: bool, s: Decimal) -> None:
        """With an S threshold, a met target at or above it is S."""
        scale = SCALE.with_minimums({"S": s})
        assert scale.grade_for(rate, met) == _today(rate, met, s)

    def test_scores_labels_and_colours(self) -> None:
        """Scores S/A 4 … D 1; words and colours the reports print today."""
        assert [SCALE.score(s) for s in SCALE.symbols] == [4, 4, 3, 2, 1]
        assert SCALE.score(NO_GRADE) is None
        assert SCALE.label("B") == "概ね達成"
        assert SCALE.label("B", "en") == "mostly met"
        assert SCALE.label(NO_GRADE) == "評価なし"
        assert SCALE.label("Z") == "Z"
        assert SCALE.colour("A") == "#5AAE61"
        assert SCALE.colour(NO_GRADE) == "#BDBDBD"
        assert SCALE.fill("D") == "#FFC7CE"
        assert SCALE.fill(NO_GRADE) is None

    def test_met_and_satisfactory(self) -> None:
        """S and A count as met; S, A and B as satisfactory."""
        assert [s for s in SCALE.symbols if SCALE.is_met(s)] == ["S", "A"]
        assert [s for s in SCALE.symbols if SCALE.is_satisfactory(s)] == ["S", "A", "B"]

    @pytest.mark.parametrize(
        ("score", "grade"),
        [("4", "A"), ("3.5", "A"), ("3.49", "B"), ("2.5", "B"), ("1.5", "C"), ("1.49", "D")],
    )
    def test_grade_for_score(self, score: str, grade: str) -> None:
        """Mean scores: ≥ 3.5 A, ≥ 2.5 B, ≥ 1.5 C, else D, also with S awarded."""
        assert SCALE.grade_for_score(Decimal(score)) == grade
        awarded = SCALE.with_minimums({"S": Decimal(120)})
        assert awarded.grade_for_score(Decimal(score)) == grade

    def test_worst(self) -> None:
        """The worst grade on the scale; grades off it are ignored."""
        assert SCALE.worst(["A", "C", "B", "Z"]) == "C"
        assert SCALE.worst(["Z"]) == NO_GRADE

    def test_unknown_symbol(self) -> None:
        """Asking for a grade the scale lacks raises KeyError."""
        with pytest.raises(KeyError):
            SCALE.rank("Z")
        with pytest.raises(KeyError):
            SCALE.with_minimums({"Z": Decimal(1)})

    def test_docstring_examples(self) -> None:
        """The module's examples give what they show."""
        assert doctest.testmod(_scale).failed == 0


class TestMethodScale:
    def test_method_carries_its_scale(self) -> None:
        """Method's thresholds and labels are its scale's."""
        method = kp.Method(b_threshold=90, s_threshold=120, labels_en={"S": "far exceeded"})
        scale = method.scale
        assert scale.grade("B").minimum == 90
        assert scale.grade("S").awarded
        assert scale.label("S", "en") == "far exceeded"
        assert kp.Method().scale == SCALE

    def test_method_scale_grades_like_method(self) -> None:
        """A 75 % rate is B with B at 70, C with the default 80."""
        assert kp.Method(b_threshold=70).scale.grade_for(Decimal(75), met=False) == "B"
        assert kp.Method().scale.grade_for(Decimal(75), met=False) == "C"


class TestOtherScales:
    def _symbols(self) -> GradeScale:
        def grade(symbol: str, **more: object) -> Grade:
            return Grade(symbol=symbol, label_ja=symbol, label_en=symbol, colour="#000000", **more)  # type: ignore[arg-type]

        return GradeScale(
            grades=[
                grade("◎", met=True, score=3),
                grade("○", minimum=Decimal(80), score=2),
                grade("△", minimum=Decimal(50), score=1),
                grade("×", score=0),
            ],
            ungraded=grade("－"),
        )

    def test_symbols_scale(self) -> None:
        """A scale of symbols grades and scores by its own bands."""
        scale = self._symbols()
        assert scale.grade_for(Decimal(85), met=False) == "○"
        assert scale.grade_for(Decimal(10), met=False) == "×"
        assert scale.grade_for_score(Decimal("2.6")) == "◎"
        assert scale.worst(["◎", "△"]) == "△"

    def test_repeated_symbol_refused(self) -> None:
        """Two grades with one symbol are refused, naming it."""
        a = SCALE.grade("A")
        with pytest.raises(ValueError, match="'A'"):
            GradeScale(grades=[a, a], ungraded=SCALE.ungraded)

    def test_needs_a_grade_for_met(self) -> None:
        """A scale that cannot grade a met target is refused."""
        with pytest.raises(ValueError, match="met target"):
            GradeScale(grades=[SCALE.grade("B")], ungraded=SCALE.ungraded)

    def test_colour_checked(self) -> None:
        """A colour that is no #RRGGBB is refused, naming the field and value."""
        with pytest.raises(ValueError, match=r"`Grade.colour`.*'green'"):
            attrs.evolve(SCALE.grade("A"), colour="green")
