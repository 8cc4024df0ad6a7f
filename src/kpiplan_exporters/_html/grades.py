"""The grades as the page shows them: the rule's symbols, words and colours.

Every grade on the page comes from the grading rule that gave it (its
:class:`kpiplan.GradeScale`): a plan graded with Ino's ◎○△× shows ◎○△× with their
words and colours, never letters. Colours become CSS classes numbered in the order
the rules list their grades, so the same plan gives the same stylesheet; a grade is
always written out too, so colour never carries it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from kpiplan_exporters._html.words import DASH, Words

if TYPE_CHECKING:
    from kpiplan import Evaluation, GradeScale, GradingRule, Rollup

__all__ = ["GradeKey", "GradeStyle", "Grades", "RuleNote"]

#: The page's text colours; a grade's text takes whichever reads better on its colour.
_DARK, _LIGHT = "#1A1A1A", "#FFFFFF"


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour."""
    channels = []
    for start in (1, 3, 5):
        c = int(colour[start : start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ink_on(colour: str) -> str:
    """Dark or white text, whichever has the higher WCAG contrast on ``colour``."""
    background = _luminance(colour)
    dark = (background + 0.05) / (_luminance(_DARK) + 0.05)
    light = (_luminance(_LIGHT) + 0.05) / (background + 0.05)
    return _DARK if dark >= light else _LIGHT


@attrs.frozen
class GradeStyle:
    """The colours of one grade, as the CSS class the page's stylesheet defines."""

    name: str
    """The class, ``grade-1`` …, numbered by first use."""
    colour: str
    """The grade's colour (charts, legend keys, the badge's border)."""
    background: str
    """The badge's background: the grade's pale fill, else its colour."""
    ink: str
    """Text on the background."""
    chart_ink: str
    """Text on the colour (a label inside a chart's segment)."""


@attrs.frozen
class GradeKey:
    """A grade in a legend or a column head: symbol, words and class."""

    symbol: str
    label: str
    """The grade's words; empty when they are the symbol itself (Nagano's 順調)."""
    css: str


@attrs.frozen
class RuleNote:
    """A grading rule used on the page: whose, from where, its grades, what uses it."""

    title: str
    source: str
    grades: tuple[GradeKey, ...]
    used_by: tuple[str, ...]
    """Codes of the indicators graded by it, for a rule other than the plan's."""


class Grades:
    """The grading rules of an evaluation and the styles of their grades."""

    def __init__(self, evaluation: Evaluation, words: Words) -> None:
        """Collect the rules (the plan's first) and number their grades' colours.

        Args:
            evaluation: The evaluation whose rules the page shows.
            words: The page's words.
        """
        self.evaluation = evaluation
        self.words = words
        self.rules: list[GradingRule] = [evaluation.rule]
        for result in evaluation.indicators:
            if result.rule not in self.rules:
                self.rules.append(result.rule)
        self.styles: dict[tuple[str, str | None], GradeStyle] = {}
        for rule in self.rules:
            for grade in rule.scale.grades:
                key = (grade.colour, grade.fill)
                if key not in self.styles:
                    background = grade.fill or grade.colour
                    self.styles[key] = GradeStyle(
                        f"grade-{len(self.styles) + 1}",
                        grade.colour,
                        background,
                        ink_on(background),
                        ink_on(grade.colour),
                    )

    @property
    def scale(self) -> GradeScale:
        """The plan's scale (its roll-up speaks it)."""
        return self.evaluation.rule.scale

    def css(self, symbol: str, scale: GradeScale | None = None) -> str:
        """The class of a grade on ``scale`` (the plan's by default).

        ``grade-none`` for the ungraded mark, ``grade-other`` for a symbol the scale lacks.
        """
        scale = scale if scale is not None else self.scale
        if symbol == DASH or symbol == scale.ungraded.symbol:
            return "grade-none"
        if symbol not in scale:
            return "grade-other"
        grade = scale.grade(symbol)
        return self.styles[(grade.colour, grade.fill)].name

    def label(self, symbol: str, scale: GradeScale | None = None) -> str:
        """A grade's words, or empty when its symbol already says them."""
        scale = scale if scale is not None else self.scale
        words = scale.label(symbol, self.words.language)
        return "" if words == symbol else words

    def key(self, symbol: str, scale: GradeScale | None = None) -> GradeKey:
        """Symbol, words and class of a grade."""
        return GradeKey(symbol, self.label(symbol, scale), self.css(symbol, scale))

    def scope_scale(self, rollup: Rollup) -> GradeScale:
        """The scale a roll-up counted in: its CSF's rule's, else the plan's."""
        wanted = list(rollup.counts)
        for rule in self.rules:
            scale = rule.scale
            if wanted == [*(g.symbol for g in scale.awarded), scale.ungraded.symbol]:
                return scale
        return self.scale

    def columns(self) -> list[GradeKey]:
        """The grades the summary counts, in scale order, the ungraded mark last."""
        keys: dict[str, GradeKey] = {}
        for rollup in self.evaluation.rollups:
            scale = self.scope_scale(rollup)
            for symbol in rollup.counts:
                if symbol != scale.ungraded.symbol and symbol not in keys:
                    keys[symbol] = self.key(symbol, scale)
        return [*keys.values(), self.key(self.scale.ungraded.symbol)]

    def satisfactory(self) -> str:
        """The lowest grade counted in a roll-up's share of satisfactory grades (B)."""
        counted = [g.symbol for g in self.scale.awarded if g.satisfactory]
        return counted[-1] if counted else DASH

    def notes(self) -> list[RuleNote]:
        """Every rule used, the plan's first: name, source, grades and what uses it."""
        notes = []
        for number, rule in enumerate(self.rules):
            used_by: tuple[str, ...] = ()
            if number:
                used_by = tuple(
                    r.indicator.code for r in self.evaluation.indicators if r.rule == rule
                )
            title = f"{rule.government}（{rule.name}）" if rule.government else rule.name
            grades = tuple(self.key(g.symbol, rule.scale) for g in rule.scale.awarded)
            notes.append(RuleNote(title, rule.source, grades, used_by))
        return notes

    def all_styles(self) -> Iterable[GradeStyle]:
        """The styles in class order, for the stylesheet."""
        return self.styles.values()
