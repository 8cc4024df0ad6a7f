"""A grading rule as data: what a value is compared with, how, the bands and the rounding.

:class:`GradingRule` is everything that decides one indicator's grade in one year;
its :class:`~kpiplan.grading.GradeScale` holds the bands (labels, order, scores,
colours). The defaults are kpiplan's own method (Tokushima's), so a :class:`Method`
without a rule grades as it always has. Presets and plan files build rules through
:mod:`kpiplan.grading._presets`; this module needs no cattrs.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from kpiplan._frozen import FrozenMap
from kpiplan.grading._numbers import CONTEXT
from kpiplan.grading._scale import DEFAULT_GRADE_SCALE, GradeScale

__all__ = [
    "COMPARISONS",
    "DEFAULT_RULE",
    "MEASURES",
    "MOVES",
    "ROUNDINGS",
    "TOLERANCE_EDGES",
    "TOLERANCE_UNITS",
    "GradingRule",
    "choice_of",
]

COMPARISONS = ("target", "straight_line", "share_of_target")
"""What an actual is compared with: ``target`` (the year's target or 期待値 as the plan
gives it, a missing year on the straight line between its neighbours),
``straight_line`` (期待値 on the straight line from the baseline to the final target),
``share_of_target`` (year k of n expects k/n of the final target)."""

MEASURES = ("auto", "ratio", "progress", "movement", "met")
"""How: a rate (``auto``, ``ratio``, ``progress``: see :data:`~kpiplan.grading.BASES`),
``movement`` from the baseline with a tolerance, or ``met`` or not."""

MOVES = ("forward", "flat", "back")
"""The movements from the baseline a ``movement`` rule grades: 前進, 横ばい, 後退."""

ROUNDINGS = ("half_up", "truncate")
"""How a rate is rounded before grading: 四捨五入, or 切り捨て (towards zero)."""

TOLERANCE_UNITS = ("points", "percent")
"""A tolerance in the indicator's own unit (points, for a % indicator), or in percent
of the baseline."""

TOLERANCE_EDGES = ("moved", "flat")
"""A change of exactly the tolerance counts as ``moved`` ("under ±3 points is no
change") or as ``flat`` ("within ±10% of the baseline")."""


def choice_of(options: tuple[str, ...]) -> Any:
    """A validator: the field is one of ``options`` (the message names field and value)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in options:
            raise ValueError(
                f"`{type(instance).__name__}.{attribute.name}` should be one of "
                f"{', '.join(options)}, but was {value!r}"
            )

    return check


def _decimal(value: object) -> object:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _frozen_map(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenMap(value or {})


def _digits(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or value not in (0, 1, 2):
        raise ValueError(f"`GradingRule.digits` should be 0, 1 or 2, but was {value!r}")


def _tolerance(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ValueError(f"`GradingRule.tolerance` should be a number >= 0, but was {value!r}")


@attrs.frozen(kw_only=True)
class GradingRule:
    """How one government grades an indicator in a year, as data.

    >>> from decimal import Decimal
    >>> rule = GradingRule(rounding="truncate")
    >>> rule.round(Decimal("79.96")), GradingRule().round(Decimal("79.96"))
    (Decimal('79.9'), Decimal('80.0'))
    """

    name: str = "default"
    """The rule's name, e.g. ``ibaraki`` (a preset's file name)."""
    government: str = ""
    """Whose rule it is, e.g. 茨城県."""
    family: str = "ratio"
    """Its family in words: ratio, expected value, movement, points, symbols."""
    source: str = ""
    """The document the rule is printed in (title and address)."""
    compare: str = attrs.field(default="target", validator=choice_of(COMPARISONS))
    """What the actual is compared with (see :data:`COMPARISONS`)."""
    measure: str = attrs.field(default="auto", validator=choice_of(MEASURES))
    """How it is measured (see :data:`MEASURES`)."""
    cumulative: str = attrs.field(default="running", validator=choice_of(("running", "increment")))
    """累計 indicators: compare ``running`` totals or each year's ``increment``."""
    interpolate: bool = True
    """With ``compare = "target"``: a year without a target expects the straight line
    between its neighbouring anchors (baseline or numeric targets)."""
    tolerance: Decimal = attrs.field(default=Decimal(0), converter=_decimal, validator=_tolerance)
    """A ``movement`` rule: the change from the baseline that still counts as flat."""
    tolerance_unit: str = attrs.field(default="points", validator=choice_of(TOLERANCE_UNITS))
    """The tolerance's unit (see :data:`TOLERANCE_UNITS`)."""
    tolerance_edge: str = attrs.field(default="moved", validator=choice_of(TOLERANCE_EDGES))
    """What a change of exactly the tolerance is (see :data:`TOLERANCE_EDGES`)."""
    movement: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    """A ``movement`` rule: the grade of each move not meeting the target
    (``forward``, ``flat``, ``back``; see :data:`MOVES`)."""
    rounding: str = attrs.field(default="half_up", validator=choice_of(ROUNDINGS))
    """How the graded figure is rounded (see :data:`ROUNDINGS`)."""
    digits: int = attrs.field(default=1, validator=_digits)
    """Decimal places of the graded figure, 0–2."""
    scale: GradeScale = DEFAULT_GRADE_SCALE
    """The bands: labels, order, minimums, scores and colours."""
    exceptions: Mapping[str, Mapping[str, Any]] = attrs.field(
        factory=dict, converter=_frozen_map, hash=False
    )
    """Named variants a kind of indicator uses, as the rule's fields they change
    (Fukuoka City: ``survey = {tolerance = 3}``); a plan names an indicator's kind."""

    def __attrs_post_init__(self) -> None:
        if self.measure == "movement":
            missing = [move for move in MOVES if move not in self.movement]
            unknown = sorted(set(self.movement) - set(MOVES))
            if missing or unknown:
                raise ValueError(
                    "`GradingRule.movement` should give a grade for each of "
                    f"{', '.join(MOVES)}, but misses {missing} and has unknown {unknown}"
                )
        for move, symbol in self.movement.items():
            if symbol not in self.scale:
                raise ValueError(
                    f"`GradingRule.movement` gives {move} the grade {symbol!r}, which is "
                    f"not on the scale {list(self.scale.symbols)}"
                )

    @property
    def places(self) -> Decimal:
        """The precision of the graded figure, e.g. ``Decimal("0.1")``."""
        return _PLACES[self.digits]

    def round(self, value: Decimal) -> Decimal:
        """Round a figure as the rule publishes it (half-up or truncated, 0–2 places)."""
        if value.adjusted() > 30:
            return value
        mode = ROUND_DOWN if self.rounding == "truncate" else ROUND_HALF_UP
        return value.quantize(self.places, rounding=mode, context=CONTEXT)

    def rounding_text(self) -> tuple[str, str]:
        """How figures are rounded, in Japanese and English (for explanations)."""
        if self.rounding == "half_up" and self.digits == 1:
            return "小数第2位を四捨五入", "rounded half-up"
        how_ja = "四捨五入" if self.rounding == "half_up" else "切り捨て"
        how_en = "rounded half-up" if self.rounding == "half_up" else "truncated"
        return (
            f"小数第{self.digits + 1}位を{how_ja}",
            f"{how_en} to {self.digits} place{'s' if self.digits != 1 else ''}",
        )


_PLACES = {0: Decimal(1), 1: Decimal("0.1"), 2: Decimal("0.01")}
"""The precision of each allowed ``digits``: every published rate is rounded to one,
and parsing it anew per figure showed in an evaluation's profile."""


DEFAULT_RULE = GradingRule(
    name="default",
    government="kpiplan 既定",
    family="ratio",
    source="kpiplan's default rule, as デジタルとくしま推進プラン grades (preset tokushima)",
)
"""kpiplan's own method, for a plan that states no rule: the year's target, ratio or
progress, A met, B ≥ 80, C ≥ 50, D. It grades as the ``tokushima`` preset does, but a
plan that names no rule is not said to follow another government's."""
