"""The grade scale: which grades there are, in what order, and what each one means.

Every module that gives, counts, orders, scores or colours grades asks a
:class:`GradeScale` instead of testing letters, so a grading rule with other bands
(◎○△×, B+, 1–5) is one new scale, not edits across the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["DEFAULT_GRADE_SCALE", "NO_GRADE", "Grade", "GradeScale"]

NO_GRADE = "－"
"""The grade of a year that is not graded (no actual, no target, no rate, pending)."""

_HALF = Decimal("0.5")


def _optional_decimal(value: object) -> object:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _colour(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "fill":
        return
    text = value if isinstance(value, str) else ""
    if len(text) != 7 or text[0] != "#" or any(c not in "0123456789ABCDEF" for c in text[1:]):
        raise ValueError(
            f"`Grade.{attribute.name}` should be a hex RGB colour such as '#5AAE61' "
            f"(upper case), but was {value!r}"
        )


@attrs.frozen(kw_only=True)
class Grade:
    """One grade of a scale: its symbol, words, when it is given, score and colours."""

    symbol: str = attrs.field(validator=attrs.validators.min_len(1))
    """What a result's ``grade`` holds and a report prints, e.g. ``A`` or ``◎``."""
    label_ja: str
    """The grade in Japanese words, e.g. 達成."""
    label_en: str
    """The grade in English words, e.g. met."""
    met: bool = False
    """Given only to a met target (and counted as met: 達成); otherwise only to one not met."""
    minimum: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """The lowest published (rounded) rate that earns the grade; None: any rate."""
    above: bool = False
    """True when the rate must exceed ``minimum`` rather than reach it (◎ above target)."""
    awarded: bool = True
    """False for a grade the scale knows (words, order, colour) but does not give,
    such as S until a method sets its threshold."""
    satisfactory: bool = False
    """Counted in a roll-up's share of satisfactory grades (A and B: 概ね達成 or better)."""
    score: int | None = None
    """Points in the mean-grade roll-up (A 4 … D 1); None: not scored."""
    colour: str = attrs.field(validator=_colour)
    """The grade's colour in charts, hex RGB such as ``#5AAE61``."""
    fill: str | None = attrs.field(default=None, validator=_colour)
    """The pale background of a cell showing the grade, hex RGB; None: no fill."""

    def reaches(self, rate: Decimal | None) -> bool:
        """True when ``rate`` is in this grade's band (any rate, if it has no minimum)."""
        if self.minimum is None:
            return True
        if rate is None:
            return False
        return rate > self.minimum if self.above else rate >= self.minimum


def _grades(value: Iterable[Grade]) -> tuple[Grade, ...]:
    return tuple(value)


_UNGRADED = Grade(symbol=NO_GRADE, label_ja="評価なし", label_en="not graded", colour="#BDBDBD")


@attrs.frozen(kw_only=True)
class GradeScale:
    """The grades of a grading rule, best first, and the mark of a year not graded.

    >>> from decimal import Decimal
    >>> from kpiplan import DEFAULT_GRADE_SCALE as scale
    >>> scale.grade_for(Decimal("85.0"), met=False), scale.grade_for(None, met=True)
    ('B', 'A')
    >>> scale.symbols, scale.score("C"), scale.colour("A")
    (('S', 'A', 'B', 'C', 'D'), 2, '#5AAE61')
    """

    grades: tuple[Grade, ...] = attrs.field(converter=_grades)
    """Every grade, best first."""
    ungraded: Grade = _UNGRADED
    """The mark and words of a year that is not graded (``－``, 評価なし)."""
    _index: Mapping[str, Grade] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _ranks: Mapping[str, int] = attrs.field(init=False, repr=False, eq=False, hash=False)
    """Each grade's place on the scale, 0 for the best (the ungraded mark not
    included): roll-ups ask it of every indicator."""

    def __attrs_post_init__(self) -> None:
        symbols = [grade.symbol for grade in self.grades]
        repeated = sorted({s for s in symbols if symbols.count(s) > 1})
        if self.ungraded.symbol in symbols:
            repeated.append(self.ungraded.symbol)
        if repeated:
            raise ValueError(
                "`GradeScale.grades` should have one grade per symbol, apart from the "
                f"ungraded {self.ungraded.symbol!r}, but repeats {repeated}"
            )
        # A met target falls through to the rate bands when no met grade takes it
        # (Port of Nagoya: 順調 for a met target and for a rate of 80 or more alike).
        if not any(g.awarded and g.minimum is None for g in self.grades):
            raise ValueError(
                "`GradeScale.grades` should have a grade for any met target (a met grade, "
                "or a lowest band, with no minimum)"
            )
        # Private and never handed out: a plain dict is read-only enough, and pickles.
        index = {grade.symbol: grade for grade in (*self.grades, self.ungraded)}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_ranks", {s: place for place, s in enumerate(symbols)})

    @property
    def symbols(self) -> tuple[str, ...]:
        """The symbols of the grades, best first (the ungraded mark not included)."""
        return tuple(grade.symbol for grade in self.grades)

    @property
    def awarded(self) -> tuple[Grade, ...]:
        """The grades the scale gives, best first."""
        return tuple(grade for grade in self.grades if grade.awarded)

    def grade(self, symbol: str) -> Grade:
        """The grade with this symbol (the ungraded mark too).

        Raises:
            KeyError: The scale has no such grade.
        """
        return self._index[symbol]

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._index

    def label(self, symbol: str, language: str = "ja") -> str:
        """A grade in words (達成, met); a symbol the scale lacks is its own label.

        Args:
            symbol: E.g. ``A``, or ``－``.
            language: ``ja`` (default) or ``en``.

        Returns:
            The words.
        """
        grade = self._index.get(symbol)
        if grade is None:
            return symbol
        return grade.label_en if language == "en" else grade.label_ja

    def rank(self, symbol: str) -> int:
        """The grade's place, 0 for the best; the ungraded mark ranks last.

        Raises:
            KeyError: The scale has no such grade.
        """
        if symbol == self.ungraded.symbol:
            return len(self.grades)
        return self._ranks[symbol]

    def score(self, symbol: str) -> int | None:
        """The grade's points in the mean-grade roll-up; None if it has none or is unknown."""
        grade = self._index.get(symbol)
        return None if grade is None else grade.score

    def colour(self, symbol: str) -> str:
        """The grade's chart colour, hex RGB (``#5AAE61``).

        Raises:
            KeyError: The scale has no such grade.
        """
        return self._index[symbol].colour

    def fill(self, symbol: str) -> str | None:
        """The pale cell background of the grade, hex RGB, or None.

        Raises:
            KeyError: The scale has no such grade.
        """
        return self._index[symbol].fill

    def is_met(self, symbol: str) -> bool:
        """True for a grade that counts as met (A, S)."""
        grade = self._index.get(symbol)
        return grade is not None and grade.met

    def is_satisfactory(self, symbol: str) -> bool:
        """True for a grade counted in the share of satisfactory grades (S, A, B)."""
        grade = self._index.get(symbol)
        return grade is not None and grade.satisfactory

    def grade_for(self, rate: Decimal | None, met: bool) -> str:
        """The grade of a result: the best awarded grade it qualifies for.

        A met target earns the best met grade whose minimum the rate reaches (or, on a
        scale without one that fits, the best band its rate reaches); a target not
        met, the best grade not met whose minimum the rate reaches, and no grade
        without a rate.

        Args:
            rate: The published (rounded) rate, or None when none is meaningful.
            met: Whether the target was met.

        Returns:
            The grade's symbol, or the ungraded mark.
        """
        return self.band_for(rate, met).symbol

    def band_for(self, rate: Decimal | None, met: bool) -> Grade:
        """Like :meth:`grade_for`, the :class:`Grade` itself (the ungraded one if none)."""
        if not met and rate is None:
            return self.ungraded
        sides = (True, False) if met else (False,)
        for side in sides:
            for grade in self.grades:
                if grade.awarded and grade.met == side and grade.reaches(rate):
                    return grade
        return self.ungraded

    def next_better(self, grade: Grade) -> Grade | None:
        """The awarded grade just above ``grade`` on the same side of met, if any."""
        above = [g for g in self.awarded if g.met == grade.met]
        place = above.index(grade)
        return above[place - 1] if place else None

    def grade_for_score(self, score: Decimal) -> str:
        """The grade of a mean score: the best whose score is at most half a point above.

        Of grades with the same score the lower ranked wins (S and A both 4: A), so
        with A 4 … D 1: ≥ 3.5 A, ≥ 2.5 B, ≥ 1.5 C, else D.

        Args:
            score: The mean score.

        Returns:
            The grade's symbol; the ungraded mark if the scale scores no grade.
        """
        scored = [g for g in reversed(self.awarded) if g.score is not None]
        if not scored:
            return self.ungraded.symbol
        found = scored[0]
        for grade in scored[1:]:
            assert grade.score is not None
            assert found.score is not None
            if score >= grade.score - _HALF and grade.score > found.score:
                found = grade
        return found.symbol

    def worst(self, symbols: Iterable[str]) -> str:
        """The worst of some grades; the ungraded mark if none is on the scale."""
        places = self._ranks
        ranks = [places[s] for s in symbols if s in places]
        return self.grades[max(ranks)].symbol if ranks else self.ungraded.symbol

    def with_minimums(self, minimums: Mapping[str, Decimal | None]) -> GradeScale:
        """This scale with other rate minimums; a grade given one is awarded, None: not.

        Args:
            minimums: Symbol → lowest rounded rate, e.g. ``{"B": Decimal(90)}``.

        Returns:
            The new scale.

        Raises:
            KeyError: A symbol is not on the scale.
        """
        for symbol in minimums:
            self.grade(symbol)
        grades = []
        for grade in self.grades:
            if grade.symbol in minimums:
                minimum = minimums[grade.symbol]
                grade = attrs.evolve(grade, minimum=minimum, awarded=minimum is not None)
            grades.append(grade)
        return attrs.evolve(self, grades=grades)

    def with_labels(self, labels_ja: Mapping[str, str], labels_en: Mapping[str, str]) -> GradeScale:
        """This scale with other words for some grades (the ungraded mark included).

        Args:
            labels_ja: Symbol → Japanese words.
            labels_en: Symbol → English words.

        Returns:
            The new scale; symbols not on it are ignored.
        """

        def relabel(grade: Grade) -> Grade:
            return attrs.evolve(
                grade,
                label_ja=labels_ja.get(grade.symbol, grade.label_ja),
                label_en=labels_en.get(grade.symbol, grade.label_en),
            )

        return attrs.evolve(
            self, grades=[relabel(g) for g in self.grades], ungraded=relabel(self.ungraded)
        )


DEFAULT_GRADE_SCALE = GradeScale(
    grades=(
        Grade(
            symbol="S",
            label_ja="大幅に達成",
            label_en="well exceeded",
            met=True,
            awarded=False,
            satisfactory=True,
            score=4,
            colour="#1B7837",
            fill="#8DB4E2",
        ),
        Grade(
            symbol="A",
            label_ja="達成",
            label_en="met",
            met=True,
            satisfactory=True,
            score=4,
            colour="#5AAE61",
            fill="#C6EFCE",
        ),
        Grade(
            symbol="B",
            label_ja="概ね達成",
            label_en="mostly met",
            minimum=Decimal(80),
            satisfactory=True,
            score=3,
            colour="#D9C84A",
            fill="#FFEB9C",
        ),
        Grade(
            symbol="C",
            label_ja="一部達成",
            label_en="partly met",
            minimum=Decimal(50),
            score=2,
            colour="#F1A340",
            fill="#F8CBAD",
        ),
        Grade(
            symbol="D",
            label_ja="未達成",
            label_en="not met",
            score=1,
            colour="#D73027",
            fill="#FFC7CE",
        ),
    ),
    ungraded=_UNGRADED,
)
"""The prefectural default (Tokushima): A met, B ≥ 80, C ≥ 50, D below; S (met and a
rate of at least a threshold) only when a method sets the threshold."""
