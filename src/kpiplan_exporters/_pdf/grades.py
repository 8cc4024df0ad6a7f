"""The grades the report shows, as the evaluation's grading rule defines them.

A plan graded ◎○△× gets ◎○△× in its tables, charts and legends, in the rule's
colours: nothing here knows a letter. A plan whose CSFs or indicators use rules of
their own shows every scale's grades, the plan's first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.colors import Color

if TYPE_CHECKING:
    from kpiplan import Evaluation, GradeScale

__all__ = ["GradeLook"]


class GradeLook:
    """Symbols, words and colours of the grades of one evaluation."""

    def __init__(self, evaluation: Evaluation) -> None:
        """The look of ``evaluation``'s grades.

        Args:
            evaluation: The evaluation; its rule and its indicators' rules.
        """
        self.evaluation = evaluation
        self.rule = evaluation.rule
        self.ungraded = self.rule.scale.ungraded.symbol

    def _scales(self) -> Iterator[GradeScale]:
        yield self.rule.scale
        for result in self.evaluation.indicators:
            yield result.rule.scale

    def columns(self) -> list[str]:
        """The grades a summary counts, best first, the ungraded mark last.

        Every grade the rules award, and one they do not (S until a method sets its
        threshold) only when some indicator has it.
        """
        counted = {g for rollup in self.evaluation.rollups for g, n in rollup.counts.items() if n}
        shown: list[str] = []
        for scale in self._scales():
            for grade in scale.grades:
                if grade.symbol not in shown and (grade.awarded or grade.symbol in counted):
                    shown.append(grade.symbol)
        return [*shown, self.ungraded]

    def colour(self, symbol: str) -> Color:
        """The grade's chart colour (grey for the ungraded mark or an unknown symbol)."""
        for scale in self._scales():
            if symbol in scale:
                return colors.HexColor(scale.colour(symbol))
        return colors.HexColor(self.rule.scale.ungraded.colour)

    def fill(self, symbol: str) -> Color | None:
        """The pale background of a cell showing the grade, if the rule gives one."""
        for scale in self._scales():
            if symbol in scale:
                fill = scale.fill(symbol)
                return None if fill is None else colors.HexColor(fill)
        return None

    def satisfactory_floor(self) -> str:
        """The lowest grade the plan's rule counts as satisfactory (B: B以上の割合)."""
        awarded = self.rule.scale.awarded
        satisfactory = [g.symbol for g in awarded if g.satisfactory]
        if satisfactory:
            return satisfactory[-1]
        return awarded[0].symbol if awarded else self.ungraded

    def has_official(self) -> bool:
        """True when some indicator records the grade its government published this year."""
        return any(
            r.current is not None and r.current.official_grade is not None
            for r in self.evaluation.indicators
        )
