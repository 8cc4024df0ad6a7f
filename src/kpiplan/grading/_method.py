"""How attainment is judged: the options of :class:`Method` and the scale they make."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from kpiplan._frozen import FrozenMap
from kpiplan.grading._rules import DEFAULT_RULE, GradingRule, choice_of
from kpiplan.grading._scale import DEFAULT_GRADE_SCALE, GradeScale

__all__ = [
    "BASES",
    "CUMULATIVE_BASES",
    "DEFAULT_LABELS_EN",
    "DEFAULT_LABELS_JA",
    "FORECAST_METHODS",
    "ROLLUP_MODES",
    "TARGET_BASES",
    "Method",
]

BASES = ("auto", "ratio", "progress")
"""Rate bases: ``auto`` (ratio where it is meaningful, else progress), ``ratio``
(A/T, or T/A for lower is better), ``progress`` ((A−B)/(T−B))."""

CUMULATIVE_BASES = ("running", "increment")
"""How 累計 indicators compare: running totals, or the year's increases."""

ROLLUP_MODES = ("score", "mean_rate", "worst")
"""How a roll-up's grade is set: mean grade score, capped weighted mean rate, worst child."""

TARGET_BASES = ("in_force", "original")
"""Which targets are graded: those ``in_force`` at the evaluation year (a revision
decided by the end of that fiscal year replaces the original), or the ``original``
ones, revisions ignored. Results show both where they differ either way."""

FORECAST_METHODS = ("linear", "cagr")
"""Forecast methods: least-squares line, or Open SDG's compound annual growth rate."""

DEFAULT_LABELS_JA: Mapping[str, str] = FrozenMap(
    {g.symbol: g.label_ja for g in (*DEFAULT_GRADE_SCALE.grades, DEFAULT_GRADE_SCALE.ungraded)}
)
"""Grade labels in Japanese (those of :data:`DEFAULT_GRADE_SCALE`)."""

DEFAULT_LABELS_EN: Mapping[str, str] = FrozenMap(
    {g.symbol: g.label_en for g in (*DEFAULT_GRADE_SCALE.grades, DEFAULT_GRADE_SCALE.ungraded)}
)
"""Grade labels in English (those of :data:`DEFAULT_GRADE_SCALE`)."""


def _merge(defaults: Mapping[str, str], value: Mapping[str, str] | None) -> Mapping[str, str]:
    merged = dict(defaults)
    merged.update(value or {})
    return FrozenMap(merged)


def _labels_ja(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return _merge(DEFAULT_LABELS_JA, value)


def _labels_en(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return _merge(DEFAULT_LABELS_EN, value)


def _decimal(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value)
    return value


def _optional_decimal(value: object) -> object:
    return None if value is None else _decimal(value)


def _weights(value: Mapping[str, object] | None) -> Mapping[str, Decimal]:
    converted = {key: _decimal(weight) for key, weight in (value or {}).items()}
    for key, weight in converted.items():
        if not isinstance(weight, Decimal) or not weight.is_finite() or weight < 0:
            raise ValueError(
                f"`Method.weights` should map indicator ids to numbers >= 0, "
                f"but {key!r} has {weight!r}"
            )
    return FrozenMap(converted)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Method:
    """How attainment is judged. The defaults follow common prefectural practice."""

    basis: str = attrs.field(default="auto", validator=choice_of(BASES))
    """Rate basis: ``auto``, ``ratio`` or ``progress`` (see :data:`BASES`)."""
    cumulative: str = attrs.field(default="running", validator=choice_of(CUMULATIVE_BASES))
    """累計 indicators: compare ``running`` totals or each year's ``increment``."""
    interpolate: bool = True
    """Where a year has no target, use the straight line from the previous anchor
    (baseline or numeric target) to the next numeric target."""
    b_threshold: Decimal = attrs.field(default=Decimal(80), converter=_decimal)
    """Lowest published rate graded B (概ね達成) when the target is not met."""
    c_threshold: Decimal = attrs.field(default=Decimal(50), converter=_decimal)
    """Lowest published rate graded C; below it, D."""
    s_threshold: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """If set, a met target whose published rate is at least this is graded S."""
    labels_ja: Mapping[str, str] = attrs.field(default=None, converter=_labels_ja, hash=False)
    """Grade labels in Japanese; given ones replace the defaults."""
    labels_en: Mapping[str, str] = attrs.field(default=None, converter=_labels_en, hash=False)
    """Grade labels in English; given ones replace the defaults."""
    rollup: str = attrs.field(default="score", validator=choice_of(ROLLUP_MODES))
    """How a roll-up's ``grade`` is set (see :data:`ROLLUP_MODES`)."""
    weights: Mapping[str, Decimal] = attrs.field(default=None, converter=_weights, hash=False)
    """Weights of indicators (by id) in the mean rate; 1 when not given."""
    forecast: str = attrs.field(default="linear", validator=choice_of(FORECAST_METHODS))
    """Forecast method: ``linear`` or ``cagr``."""
    on_track: Decimal = attrs.field(default=Decimal("0.95"), converter=_decimal)
    """Forecast ratio from which an indicator is on track."""
    needs_acceleration: Decimal = attrs.field(default=Decimal("0.6"), converter=_decimal)
    """Forecast ratio from which progress is made but must speed up."""
    too_low_margin: int = 2
    """Meeting the final target this many years before it stands at its final value
    flags the target as possibly too low."""
    forecast_zero: Decimal | None = attrs.field(
        default=Decimal("0.001"), converter=_optional_decimal
    )
    """What a zero base or target becomes in a growth rate (Open SDG: 0.001); None
    keeps kpiplan's stricter rule: such a growth forecast is ``unable``."""
    targets: str = attrs.field(default="in_force", validator=choice_of(TARGET_BASES))
    """Grade against the targets ``in_force`` at the evaluation year (revisions
    decided by its end applied) or the ``original`` ones (see :data:`TARGET_BASES`)."""
    rule: GradingRule | None = None
    """The grading rule; None: the default rule with this method's thresholds and
    labels (or, in :func:`evaluate`, the rule the plan's ``[grading]`` table states).
    ``basis``, ``cumulative`` and ``interpolate`` set away from their defaults win over
    the rule's; the thresholds and labels are the default rule's and cannot be
    combined with a rule (its scale has its own bands)."""
    _grading: GradingRule = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.c_threshold <= self.b_threshold:
            raise ValueError(
                f"`Method.c_threshold` ({self.c_threshold}) must not exceed "
                f"`b_threshold` ({self.b_threshold})"
            )
        if self.forecast_zero is not None and not self.forecast_zero > 0:
            raise ValueError(
                f"`Method.forecast_zero` should be > 0 or None, but was {self.forecast_zero}"
            )
        if not self.needs_acceleration <= self.on_track:
            raise ValueError(
                f"`Method.needs_acceleration` ({self.needs_acceleration}) must not exceed "
                f"`on_track` ({self.on_track})"
            )
        object.__setattr__(self, "_grading", self._effective_rule())

    def _effective_rule(self) -> GradingRule:
        if self.rule is None:
            scale = DEFAULT_GRADE_SCALE.with_minimums(
                {"S": self.s_threshold, "B": self.b_threshold, "C": self.c_threshold}
            ).with_labels(self.labels_ja, self.labels_en)
            rule = attrs.evolve(DEFAULT_RULE, scale=scale)
        else:
            changed = [
                name
                for name in ("b_threshold", "c_threshold", "s_threshold", "labels_ja", "labels_en")
                if getattr(self, name) != getattr(_DEFAULTS, name)
            ]
            if changed:
                raise ValueError(
                    f"`Method.{changed[0]}` sets the default rule's bands; with "
                    f"`Method.rule` ({self.rule.name}) set the bands in the rule's scale"
                )
            rule = self.rule
        return self.applied(rule)

    def applied(self, rule: GradingRule) -> GradingRule:
        """A rule with this method's ``basis``, ``cumulative`` and ``interpolate`` where
        they are set away from their defaults."""
        if self.basis != "auto":
            rule = attrs.evolve(rule, measure=self.basis)
        if self.cumulative != "running":
            rule = attrs.evolve(rule, cumulative=self.cumulative)
        if not self.interpolate:
            rule = attrs.evolve(rule, interpolate=False)
        return rule

    @property
    def grading(self) -> GradingRule:
        """The rule this method grades by: ``rule`` (or the default one) with its options."""
        return self._grading

    @property
    def scale(self) -> GradeScale:
        """The grades this method gives: its rule's scale (the default one with its
        thresholds and labels, without a rule)."""
        return self._grading.scale

    def with_rule(self, rule: GradingRule) -> Method:
        """This method with a rule, unless it has one already (the caller's wins)."""
        return self if self.rule is not None else attrs.evolve(self, rule=rule)

    def label_ja(self, grade: str) -> str:
        """The Japanese label of a grade (the grade itself if it has none)."""
        return self.scale.label(grade, "ja")

    def label_en(self, grade: str) -> str:
        """The English label of a grade (the grade itself if it has none)."""
        return self.scale.label(grade, "en")


_DEFAULTS = Method()
