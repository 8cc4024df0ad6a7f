"""The plan domain model: a KGI, CSFs, measures, indicators, budgets and reports.

Every class is a frozen attrs value object. The model knows no file format: reading
and writing files is ``_files``'s job, checking a whole plan is ``_validate``'s.
Validators here check only what one object can know about itself; rules that look
across objects (unit kinds, years in the plan period, links) live in ``_validate``
so that every problem in a plan can be reported at once.

Japanese terms: 目標 target, 実績 actual, 見込み estimate, 作成中 being compiled,
累計 cumulative, 担当課 responsible division, 施策 measure, 予算 budget,
要求中 requested, 補正 supplementary budget, 課題とアクション issues and actions.

This is the longest module of the package on purpose: it is the vocabulary every
other module speaks (as attrs' ``_make`` is attrs' engine), one small value class per
part of a plan, read top to bottom from the enums to :class:`Plan`. Each class is
short; what is long is the domain.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from kpiplan._errors import FiscalYearError, NotFoundError
from kpiplan._fiscal import ERA_TOKENS, FiscalYear, YearLike, YearMonth
from kpiplan._frozen import FrozenMap

__all__ = [
    "DEFAULT_STAGE_LADDER",
    "Accumulation",
    "Activity",
    "ActivityDetail",
    "Actual",
    "ActualState",
    "ActualStatus",
    "AmountBasis",
    "Assessment",
    "Baseline",
    "Budget",
    "BudgetLine",
    "BudgetStatus",
    "CategoryFlag",
    "Csf",
    "Direction",
    "Execution",
    "Goal",
    "GradeOverride",
    "GradingChoice",
    "Handout",
    "Indicator",
    "Issue",
    "Measure",
    "NationalRank",
    "Observation",
    "Plan",
    "PlanPeriod",
    "Positioning",
    "Revision",
    "Series",
    "SeriesRule",
    "Source",
    "Target",
    "TargetKind",
    "Trend",
    "UnitDefinition",
    "YearBasis",
]

DEFAULT_STAGE_LADDER: tuple[str, ...] = ("検討", "構築", "運用", "改善")
"""The PDCA ladder of stages used when a plan does not define its own:
検討 (study) → 構築 (build) → 運用 (operate) → 改善 (improve)."""

#: Numbers in a plan keep at most this many significant digits, so that every one of
#: them survives a trip through a JSON number exactly.
MAX_SIGNIFICANT_DIGITS = 15


class Direction(enum.Enum):
    """Which way is good for a quantitative indicator."""

    HIGHER = "higher"
    """Higher is better (件数, 利用率)."""
    LOWER = "lower"
    """Lower is better (待ち時間, 事故件数)."""
    RANGE = "range"
    """Keep within a range (目標範囲内)."""


class Accumulation(enum.Enum):
    """How a quantitative indicator's yearly values add up."""

    ANNUAL = "annual"
    """A flow counted afresh each fiscal year (年間)."""
    CUMULATIVE = "cumulative"
    """A running total since the start (累計): targets and actuals are totals."""
    LEVEL = "level"
    """A level or rate at the time of measurement (率, 割合)."""


class ActualStatus(enum.Enum):
    """How final a reported actual is."""

    CONFIRMED = "confirmed"
    """A confirmed result (確定値)."""
    ESTIMATE = "estimate"
    """An estimate (見込み) as of a date, to be confirmed later."""
    IN_PROGRESS = "in_progress"
    """Being compiled (作成中): reported as text, no value yet."""
    NOT_REPORTED = "not_reported"
    """Nothing was reported for the year (－)."""
    PRELIMINARY = "preliminary"
    """A preliminary figure (速報値): published, to be revised, with no date of its own
    (unlike an estimate, 見込み, which is made as of a date)."""


class Assessment(enum.Enum):
    """The plan owner's assessment of a result against a statement target."""

    ACHIEVED = "achieved"
    """達成."""
    PARTIAL = "partial"
    """一部達成."""
    NOT_ACHIEVED = "not_achieved"
    """未達成."""


class BudgetStatus(enum.Enum):
    """Where a budget stands in the budget cycle."""

    REQUESTED = "requested"
    """要求中: requested by the department, not yet decided."""
    PROPOSED = "proposed"
    """予算案: proposed to the assembly."""
    ENACTED = "enacted"
    """成立: passed by the assembly (当初予算 or with 補正)."""
    SETTLED = "settled"
    """決算: closed accounts of a finished year."""


class Trend(enum.Enum):
    """The way a direction-only target points (増加を目指す, 減少)."""

    INCREASE = "increase"
    """増加, 延伸, 向上: more than the baseline."""
    DECREASE = "decrease"
    """減少, 縮小, 低下: less than the baseline."""
    MAINTAIN = "maintain"
    """維持: no less (or, for lower-is-better indicators, no more) than the baseline."""


class TargetKind(enum.Enum):
    """What a target states; see :attr:`Target.kind`."""

    VALUE = "value"
    """A number (目標値), or a projected volume (見込量) when ``projected``."""
    RANGE = "range"
    """A range: minimum and maximum."""
    STAGE = "stage"
    """A stage on the PDCA ladder."""
    STATEMENT = "statement"
    """Words."""
    TREND = "trend"
    """A direction only: 増加を目指す, 減少, 基準年度より増加."""
    RANK = "rank"
    """A rank: 全国5位以内."""
    NONE = "none"
    """Deliberately no target (設定しない), with the reason."""


class SeriesRule(enum.Enum):
    """How the results of an indicator's series combine into one judgement."""

    ALL = "all"
    """Met only when every series meets its target (男女とも)."""
    ANY = "any"
    """Met when at least one series meets its target."""
    MEAN = "mean"
    """Judged on the mean of the series' attainment rates."""
    WORST = "worst"
    """Judged as the worst of the series."""


class YearBasis(enum.Enum):
    """Which years an indicator's year keys name."""

    FISCAL = "fiscal"
    """Fiscal years (年度), April to March: R4 is FY2022."""
    CALENDAR = "calendar"
    """Calendar years (暦年), January to December: 平成26年, 2016年. The keys are
    held as :class:`FiscalYear` values whose ``year`` is the calendar year."""


class AmountBasis(enum.Enum):
    """What a budget line's ``amount`` is, measured against its execution."""

    INITIAL = "initial"
    """当初予算額: equals ``execution.initial``."""
    CURRENT = "current"
    """予算現額: equals ``execution.current`` (当初 + 補正 + 繰越 + 流用)."""


def _non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"`{type(instance).__name__}.{attribute.name}` must not be empty")


def _optional_non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _non_empty(instance, attribute, value)


def _finite_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal):
        raise TypeError(
            f"`{type(instance).__name__}.{attribute.name}` must be a Decimal, "
            f"but was {type(value).__name__} {value!r}"
        )
    if not value.is_finite():
        raise ValueError(
            f"`{type(instance).__name__}.{attribute.name}` must be a finite number, but was {value}"
        )
    digits = len(value.as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS:
        # Trailing zeros are not significant (1000 is one digit); count them out only
        # in this rare case, since normalize() is costly on the common path.
        digits = len(value.normalize().as_tuple().digits)
    if digits > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            f"`{type(instance).__name__}.{attribute.name}` may have at most "
            f"{MAX_SIGNIFICANT_DIGITS} significant digits, but {value} has {digits}"
        )
    # Bounding the size too keeps every number writable as a plain JSON number and
    # an Excel cell: 1E+400 would become a 401-digit integer, 1E-400 would become 0.
    if value and not -MAX_SIGNIFICANT_DIGITS <= value.adjusted() < MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            f"`{type(instance).__name__}.{attribute.name}` must lie between "
            f"1E-{MAX_SIGNIFICANT_DIGITS} and 1E+{MAX_SIGNIFICANT_DIGITS} in size, but was {value}"
        )


def _as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Any iterable as a tuple (typed, unlike ``tuple`` itself as an attrs converter)."""
    return tuple(items)


def _optional_tuple(items: Iterable[Any] | None) -> tuple[Any, ...] | None:
    return None if items is None else tuple(items)


def _to_decimal(value: object) -> object:
    """Accept ints for convenience; reject floats, which are never exact."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def _optional_decimal(value: object) -> object:
    return None if value is None else _to_decimal(value)


def _positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"`{type(instance).__name__}.{attribute.name}` must be a whole number of 1 or more, "
            f"but was {value!r}"
        )


def _not_negative(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Decimal) and value.is_finite() and value < 0:
        raise ValueError(
            f"`{type(instance).__name__}.{attribute.name}` must not be negative, but was {value}"
        )


def _check_own_fields(instance: Any, fields: tuple[tuple[attrs.Attribute[Any], bool], ...]) -> None:
    """Check optional numbers and texts, as field validators would.

    Targets and actuals are the most numerous objects of a plan: one call here, in
    ``__attrs_post_init__``, replaces a validator call per field (most of them None),
    with the same messages in the same field order.

    Args:
        instance: The object being built.
        fields: Its optional fields in field order, each with True for a number
            (it must be a finite Decimal that fits the model) and False for a text
            (it must not be empty).
    """
    for field, is_number in fields:
        value = getattr(instance, field.name)
        if value is None:
            continue
        if not is_number:
            _non_empty(instance, field, value)
            continue
        _finite_number(instance, field, value)


def _own_fields(cls: type[Any], numbers: tuple[str, ...], texts: tuple[str, ...]) -> Any:
    """The fields :func:`_check_own_fields` checks on ``cls``, in field order."""
    return tuple(
        (field, field.name in numbers)
        for field in attrs.fields(cls)
        if field.name in numbers or field.name in texts
    )


INDICATOR_ID_FORM = (
    "a KGI's id is its code (KGI); a KPI's is its CSF's code and its own (CSF-1/KPI-1)"
)
"""How indicator ids are written, for messages about an id not found."""


@attrs.frozen
class PlanPeriod:
    """The fiscal years a plan covers, first and last included (計画期間)."""

    first: FiscalYear = attrs.field()
    """First fiscal year of the plan, e.g. R2."""
    last: FiscalYear = attrs.field()
    """Last fiscal year of the plan, e.g. R6."""

    @last.validator
    def _check_order(self, attribute: attrs.Attribute[Any], value: FiscalYear) -> None:
        if value < self.first:
            raise ValueError(
                f"`PlanPeriod.last` must not be before `first` ({self.first}), but was {value}"
            )

    @property
    def years(self) -> tuple[FiscalYear, ...]:
        """Every fiscal year of the period, in order."""
        return tuple(FiscalYear(y) for y in range(self.first.year, self.last.year + 1))

    def __contains__(self, year: object) -> bool:
        """Whether a fiscal year (in any form :meth:`FiscalYear.coerce` takes) is in the period.

        Raises:
            FiscalYearError: ``year`` is text that names no fiscal year (any other
                value that is no year is simply not in the period).
        """
        try:
            wanted = FiscalYear.coerce(year)  # type: ignore[arg-type]
        except FiscalYearError:
            if isinstance(year, str):
                raise
            return False
        return self.first.year <= wanted.year <= self.last.year

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    def fiscal_year(self, year: YearLike) -> FiscalYear:
        """The fiscal year ``year`` names, which must lie in the period.

        Args:
            year: A :class:`FiscalYear`, text such as ``"R3"`` or ``"令和3年度"``, or
                the western year as an int.

        Returns:
            The fiscal year.

        Raises:
            FiscalYearError: ``year`` names no fiscal year, or one outside the period
                (the message names both: ``R10 is outside the plan period R4–R6``).
        """
        wanted = FiscalYear.coerce(year)
        if not self.first.year <= wanted.year <= self.last.year:
            raise FiscalYearError(year, f"{wanted} is outside the plan period {self}")
        return wanted


@attrs.frozen
class Positioning:
    """Where the plan sits in the prefecture's strategy (プロジェクトの位置づけ)."""

    society: str = attrs.field(validator=_non_empty)
    """目指すべき社会: the society to aim for."""
    goal: str = attrs.field(validator=_non_empty)
    """基本目標（分野）: the basic goal or field."""
    strategy: str = attrs.field(validator=_non_empty)
    """重点戦略: the key strategy the plan serves."""


@attrs.frozen
class Baseline:
    """The starting point of a quantitative indicator (基準値)."""

    year: FiscalYear
    """The fiscal year the baseline was measured in."""
    value: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_finite_number
    )
    """The baseline value in the indicator's unit; None means "the actual reported
    for ``year``", so the number is written once (unless ``text`` is given)."""
    text: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """A baseline that is no number, as printed: ``‐`` (nothing at plan start),
    今後算定 (to be computed). It never falls back to the year's actual."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """A ※ footnote on the baseline."""
    share: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_finite_number
    )
    """A companion share in percent printed beside the value: 91人（7%） is 7."""

    def __attrs_post_init__(self) -> None:
        if self.text is not None and self.value is not None:
            raise ValueError("a baseline is either a value or a text, not both")


@attrs.frozen
class Goal:
    """The headline goal printed beside an indicator, e.g. KGI 2022(R4)年度 100%."""

    year: FiscalYear
    """The fiscal year by which the goal is to be reached."""
    value: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_finite_number
    )
    """The goal in the indicator's unit, if it is a number."""
    statement: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """The goal in words, if it is not a number."""


@attrs.frozen
class Target:
    """An indicator's target for one fiscal year, or a statement spanning several (目標).

    Exactly one of ``value``, ``minimum``/``maximum``, ``stage``, ``statement``,
    ``trend``, ``rank`` or ``no_target`` is set; :attr:`kind` says which.
    """

    # Every optional field is checked in __attrs_post_init__, in field order and only
    # when given: per-field validators would cost every target of a large plan a
    # dozen calls.
    year: FiscalYear
    """The fiscal year of the target (the first one, for a spanning statement)."""
    value: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """A numeric target in the indicator's unit (a running total for 累計 indicators)."""
    minimum: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """Lower bound of a range target (direction ``range``)."""
    maximum: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """Upper bound of a range target (direction ``range``)."""
    stage: str | None = None
    """A stage on the indicator's ladder, e.g. 運用."""
    statement: str | None = None
    """A target in words, e.g. より使いやすい利用環境へ改善（ＰＤＣＡ）."""
    through: FiscalYear | None = None
    """The last fiscal year a statement covers (a merged cell spanning R4–R6)."""
    note: str | None = None
    """A ※ footnote on this target, e.g. ４手続で全体の100%."""
    trend: Trend | None = None
    """A direction-only target: 増加を目指す, 減少, 基準年度より増加 (against the baseline)."""
    rank: int | None = None
    """A rank target: 5 for 全国5位以内 (5th place or better)."""
    no_target: str | None = None
    """Deliberately no target (設定しない), with the reason printed; a year with no
    target at all is simply left out."""
    projected: bool = False
    """True for a projected volume (見込量): a number shown beside the actuals but
    never graded, unlike a target value (目標値)."""
    printed: str | None = None
    """The cell as printed, when it says more than the kind holds: 増加を目指す,
    全国5位以内."""

    def __attrs_post_init__(self) -> None:
        _check_own_fields(self, _TARGET_OWN_FIELDS)
        _check_target(self)

    @property
    def kind(self) -> TargetKind:
        """What the target states: a value, range, stage, statement, trend, rank or none."""
        if self.value is not None:
            return TargetKind.VALUE
        if self.minimum is not None or self.maximum is not None:
            return TargetKind.RANGE
        if self.stage is not None:
            return TargetKind.STAGE
        if self.statement is not None:
            return TargetKind.STATEMENT
        if self.trend is not None:
            return TargetKind.TREND
        if self.rank is not None:
            return TargetKind.RANK
        return TargetKind.NONE

    @property
    def years(self) -> tuple[FiscalYear, ...]:
        """The fiscal years this target covers."""
        last = self.through or self.year
        return tuple(FiscalYear(y) for y in range(self.year.year, last.year + 1))

    @property
    def is_numeric(self) -> bool:
        """True for a value or range target (a projected volume included)."""
        return self.value is not None or self.minimum is not None or self.maximum is not None


def _check_target(target: Target) -> None:
    """A target's checks across its fields (its numbers and texts are checked apart)."""
    ranged = target.minimum is not None or target.maximum is not None
    # Counted without building lists: this runs for every target of a large plan.
    present = (
        (target.value is not None)
        + ranged
        + (target.stage is not None)
        + (target.statement is not None)
        + (target.trend is not None)
        + (target.rank is not None)
        + (target.no_target is not None)
    )
    if present != 1:
        given = [
            name
            for name, here in (
                ("value", target.value is not None),
                ("minimum/maximum", ranged),
                ("stage", target.stage is not None),
                ("statement", target.statement is not None),
                ("trend", target.trend is not None),
                ("rank", target.rank is not None),
                ("no_target", target.no_target is not None),
            )
            if here
        ]
        raise ValueError(
            "a target needs exactly one of value, minimum/maximum, stage, statement, "
            "trend, rank or no_target, "
            f"but {'has ' + ' and '.join(given) if given else 'has none'}"
        )
    if target.through is not None:
        if target.statement is None and target.stage is None:
            raise ValueError("`Target.through` spans years only for a statement or stage")
        if target.through < target.year:
            raise ValueError(
                f"`Target.through` must not be before the target's year ({target.year}), "
                f"but was {target.through}"
            )
    if (
        target.minimum is not None
        and target.maximum is not None
        and target.minimum > target.maximum
    ):
        raise ValueError(
            f"`Target.minimum` ({target.minimum}) must not exceed `maximum` ({target.maximum})"
        )
    if target.projected and target.value is None:
        raise ValueError("`Target.projected` marks a projected volume (見込量): give a value")
    if target.rank is not None:
        _positive_int(target, attrs.fields(Target).rank, target.rank)
    if target.no_target is not None:
        _non_empty(target, attrs.fields(Target).no_target, target.no_target)
    if target.printed is not None:
        _non_empty(target, attrs.fields(Target).printed, target.printed)


_TARGET_OWN_FIELDS = _own_fields(
    Target, ("value", "minimum", "maximum"), ("stage", "statement", "note")
)


def _decided_by(decided: date | YearMonth, as_of: date) -> bool:
    if isinstance(decided, YearMonth):
        return (decided.year, decided.month) <= (as_of.year, as_of.month)
    return decided <= as_of


@attrs.frozen
class Revision:
    """A revision of targets (中間見直し, 上方修正): when, why, and the new targets.

    The original targets stay where they are; a revision's target for a year takes
    their place from the revision on (see :meth:`Indicator.target_for`).
    """

    decided: date | YearMonth
    """When the revision was decided: a date, or the month plans usually print."""
    reason: str = attrs.field(validator=_non_empty)
    """Why the targets were revised, as printed."""
    label: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """What the plan calls it: 中間見直し, 上方修正, 改訂."""
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_as_tuple)
    """The revised targets by fiscal year, in year order."""

    @targets.validator
    def _check_targets(self, attribute: attrs.Attribute[Any], value: tuple[Target, ...]) -> None:
        if not value:
            raise ValueError("a revision needs at least one revised target")


def _target_in_force(
    targets: tuple[Target, ...],
    revisions: tuple[Revision, ...],
    year: FiscalYear,
    as_of: date | None,
    original: bool,
) -> Target | None:
    """The target covering ``year``: the latest revision's, else the original."""
    if not original:
        for revision in reversed(revisions):
            if as_of is not None and not _decided_by(revision.decided, as_of):
                continue
            found = _covering(revision.targets, year)
            if found is not None:
                return found
    return _covering(targets, year)


def _actual_of(actuals: tuple[Actual, ...], year: YearLike) -> Actual | None:
    wanted = FiscalYear.coerce(year)
    for actual in actuals:
        if actual.year == wanted:
            return actual
    return None


def _covering(targets: tuple[Target, ...], year: FiscalYear) -> Target | None:
    for target in targets:
        if target.year <= year <= (target.through or target.year):
            return target
    return None


@attrs.frozen
class GradeOverride:
    """A grade set by hand instead of computed, with the reason for the record."""

    grade: str = attrs.field(validator=_non_empty)
    """The grade to publish, e.g. ``B``."""
    reason: str = attrs.field(validator=_non_empty)
    """Why the computed grade was overridden; shown with the result."""


def _check_result(actual: Actual | ActualState) -> None:
    """The checks an actual and each of its earlier states share."""
    has_result = actual.value is not None or actual.stage is not None
    if actual.status is ActualStatus.NOT_REPORTED and (has_result or actual.text):
        raise ValueError("an actual with status not_reported carries no value, stage or text")
    if actual.status is ActualStatus.IN_PROGRESS and actual.text is None:
        raise ValueError("an actual with status in_progress needs the reported `text` (作成中)")
    if actual.status is ActualStatus.IN_PROGRESS and has_result:
        raise ValueError("an actual with status in_progress has no value or stage yet")
    if (
        actual.status in (ActualStatus.CONFIRMED, ActualStatus.ESTIMATE, ActualStatus.PRELIMINARY)
        and not has_result
        and actual.text is None
    ):
        raise ValueError(
            f"a {actual.status.value} actual needs a value, a stage or a text, but has none"
        )
    if actual.value is not None and actual.stage is not None:
        raise ValueError("an actual is either a value or a stage, not both")
    if actual.share is not None and actual.value is None:
        raise ValueError("a share (91人（7%）) accompanies a value; give the value too")


@attrs.frozen
class ActualState:
    """An earlier state of an actual, kept in its ``history`` (履歴).

    A 見込み of 95% as of R4.3.31, confirmed as 96% on R4.8.1, is an actual of 96
    recorded on R4.8.1 whose history holds the estimate. The fields mean what they
    mean on :class:`Actual`.
    """

    recorded: date | None = None
    """When this state was recorded; an estimate without it is dated by ``as_of``."""
    status: ActualStatus = ActualStatus.CONFIRMED
    """Confirmed, estimate (見込み), preliminary (速報値), in progress or not reported."""
    value: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """The number then reported, in the indicator's unit."""
    stage: str | None = None
    """The stage then reported."""
    text: str | None = None
    """The result then reported in words."""
    as_of: date | None = None
    """For an estimate: the date it was made."""
    assessment: Assessment | None = None
    """The owner's assessment then recorded against a statement target."""
    note: str | None = None
    """A ※ footnote then printed on the actual."""
    share: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """A companion share in percent then printed beside the value."""

    # Optional numbers and texts are checked in __attrs_post_init__ (as a target's
    # are), with the messages their validators gave.

    def __attrs_post_init__(self) -> None:
        _check_own_fields(self, _STATE_OWN_FIELDS)
        _check_result(self)

    @property
    def known_since(self) -> date | None:
        """The date this state was known from: ``recorded``, else ``as_of``."""
        return self.recorded if self.recorded is not None else self.as_of

    def as_actual(self, year: FiscalYear, history: Iterable[ActualState] = ()) -> Actual:
        """This state as the actual of ``year``, with ``history`` before it."""
        return Actual(
            year=year,
            status=self.status,
            value=self.value,
            stage=self.stage,
            text=self.text,
            as_of=self.as_of,
            assessment=self.assessment,
            note=self.note,
            share=self.share,
            recorded=self.recorded,
            history=tuple(history),
        )


@attrs.frozen
class Actual:
    """What was achieved for one fiscal year (実績), and how final it is."""

    year: FiscalYear
    """The fiscal year the actual belongs to."""
    status: ActualStatus = ActualStatus.CONFIRMED
    """Confirmed, estimate (見込み), in progress (作成中) or not reported (－)."""
    value: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """The number reached, in the indicator's unit (a running total for 累計)."""
    stage: str | None = None
    """The stage reached on the indicator's ladder, e.g. 運用."""
    text: str | None = None
    """The result as reported in words: 作成中, 構築済, 検討・令和４年度創設予定."""
    as_of: date | None = None
    """For an estimate: the date it was made (R4.3.31)."""
    assessment: Assessment | None = None
    """The owner's assessment against a statement target."""
    override: GradeOverride | None = None
    """A grade set by hand, with its reason."""
    note: str | None = None
    """A ※ footnote on this actual, e.g. 令和３年度全体立入調査数 ３３件."""
    share: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    """A companion share in percent printed beside the value: 91人（7%） is 7."""
    official_grade: str | None = None
    """The grade the government published for this year, kept beside the computed one
    (``kpiplan audit`` lists where they differ)."""

    recorded: date | None = None
    """When this state of the actual was recorded (entered, confirmed); None: not
    said, taken as known from the start when the plan is read as known on a date."""
    history: tuple[ActualState, ...] = attrs.field(default=(), converter=_as_tuple)
    """The earlier states of this actual, oldest first (a 見込み later confirmed);
    collecting appends the replaced state here instead of overwriting it."""

    # Optional numbers and texts are checked in __attrs_post_init__ (as a target's
    # are), with the messages their validators gave.

    def __attrs_post_init__(self) -> None:
        _check_own_fields(self, _ACTUAL_OWN_FIELDS)
        _check_result(self)

    def state(self) -> ActualState:
        """This actual's current state, as it would be kept in a later one's history."""
        return ActualState(
            recorded=self.recorded,
            status=self.status,
            value=self.value,
            stage=self.stage,
            text=self.text,
            as_of=self.as_of,
            assessment=self.assessment,
            note=self.note,
            share=self.share,
        )

    def known_at(self, day: date) -> Actual | None:
        """The actual as it stood on ``day``: its latest state recorded by then.

        A state is dated by ``recorded``, else by ``as_of`` (an estimate's date); a
        current state with neither date counts as known from the start.

        Args:
            day: The date to stand at.

        Returns:
            This actual, or one built from an earlier state (with the states before
            it as its history), or None when nothing was recorded by ``day``.
        """
        states = (*self.history, self.state())
        for index in range(len(states) - 1, -1, -1):
            when = states[index].known_since
            if when is None or when <= day:
                if index == len(states) - 1:
                    return self
                return states[index].as_actual(self.year, history=states[:index])
        return None

    @property
    def is_estimate(self) -> bool:
        """True for an estimate (見込み)."""
        return self.status is ActualStatus.ESTIMATE

    @property
    def is_pending(self) -> bool:
        """True while the result is being compiled (作成中)."""
        return self.status is ActualStatus.IN_PROGRESS


_STATE_OWN_FIELDS = _own_fields(ActualState, ("value", "share"), ("stage", "text", "note"))
_ACTUAL_OWN_FIELDS = _own_fields(
    Actual, ("value", "share"), ("stage", "text", "note", "official_grade")
)


@attrs.frozen
class Observation:
    """A dated interim measurement inside a fiscal year, e.g. R3.4 38%."""

    month: YearMonth
    """The month of the measurement."""
    value: Decimal = attrs.field(converter=_to_decimal, validator=_finite_number)
    """The measured value, in ``unit``."""
    unit: str = attrs.field(validator=_non_empty)
    """The unit of ``value``, e.g. ``%``."""


@attrs.frozen
class NationalRank:
    """The indicator's national rank as the plan prints it (全国順位: 全国12位)."""

    rank: int = attrs.field(validator=_positive_int)
    """The place, 1 for the first."""
    year: FiscalYear | None = None
    """The year the rank stands for (in the indicator's year basis)."""
    among: int | None = attrs.field(default=None, validator=_positive_int)
    """How many were ranked, e.g. 47 prefectures."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """Anything more printed with it."""

    @among.validator
    def _check_among(self, attribute: attrs.Attribute[Any], value: int | None) -> None:
        if value is not None and self.rank > value:
            raise ValueError(f"`NationalRank.rank` {self.rank} is beyond `among` ({value})")


@attrs.frozen
class Series:
    """One disaggregated series of an indicator (男/女, 小学生/中学生, an area).

    Each series has its own baseline, targets and actuals, in the indicator's unit;
    the indicator's ``combine`` rule makes one judgement of them.
    """

    name: str = attrs.field(validator=_non_empty)
    """The series' name as printed: 男性, 小学生, 県西地域."""
    baseline: Baseline | None = None
    """Where the series started, if known."""
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_as_tuple)
    """Targets by fiscal year, in year order."""
    actuals: tuple[Actual, ...] = attrs.field(default=(), converter=_as_tuple)
    """Actuals by fiscal year, in year order."""
    revisions: tuple[Revision, ...] = attrs.field(default=(), converter=_as_tuple)
    """Revisions of this series' targets, oldest first."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """A ※ footnote on the series."""
    national_rank: NationalRank | None = None
    """The series' national rank, when the plan prints one per series (男性 全国12位)."""

    def target_for(
        self, year: YearLike, *, as_of: date | None = None, original: bool = False
    ) -> Target | None:
        """The series' target covering ``year``; see :meth:`Indicator.target_for`."""
        return _target_in_force(
            self.targets, self.revisions, FiscalYear.coerce(year), as_of, original
        )

    def actual_for(self, year: YearLike) -> Actual | None:
        """The actual reported for ``year`` (``"R3"``, ``2021`` …), if any."""
        return _actual_of(self.actuals, year)


@attrs.frozen
class Source:
    """Where an indicator's figures come from (出典): a survey or statistic."""

    name: str = attrs.field(validator=_non_empty)
    """The survey or statistic as printed: 県民健康・栄養調査, 人口動態統計."""
    year: FiscalYear | None = None
    """The year of the survey the baseline comes from (in the indicator's year basis)."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """Anything more the plan prints about the source."""


@attrs.frozen
class Indicator:
    """A KGI or KPI: what is measured, who is responsible, targets and actuals.

    Quantitative indicators have a ``unit`` (with ``direction`` and ``accumulation``);
    qualitative (PDCA) indicators have stage or statement targets. One indicator may
    mix both, e.g. a number for R3 and a PDCA statement for R4–R6.
    """

    id: str = attrs.field(validator=_non_empty)
    """Unique in the plan: ``KGI``, ``CSF-1/KPI-1``, …"""
    code: str = attrs.field(validator=_non_empty)
    """The code as printed in the plan: ``KGI``, ``KPI-1``."""
    name: str = attrs.field(validator=_non_empty)
    """The indicator's name, e.g. ＡＩ技術活用事業数."""
    divisions: tuple[str, ...] = attrs.field(converter=_as_tuple)
    """Responsible divisions (担当課), the lead one first."""
    unit: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """Unit of numeric targets and actuals (件, %, 人, …); None for purely qualitative."""
    direction: Direction = Direction.HIGHER
    """Which way is good."""
    accumulation: Accumulation = Accumulation.ANNUAL
    """Annual flow, cumulative running total (累計), or level."""
    baseline: Baseline | None = None
    """Where the indicator started, if known."""
    goal: Goal | None = None
    """A headline goal printed beside the indicator (2022(R4)年度 100%)."""
    ladder: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_tuple)
    """This indicator's own stage ladder; None uses the plan's."""
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_as_tuple)
    """Targets by fiscal year, in year order."""
    actuals: tuple[Actual, ...] = attrs.field(default=(), converter=_as_tuple)
    """Actuals by fiscal year, in year order."""
    observations: tuple[Observation, ...] = attrs.field(default=(), converter=_as_tuple)
    """Dated interim measurements inside a year."""
    footnotes: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """※ notes on the indicator as a whole."""
    series: tuple[Series, ...] = attrs.field(default=(), converter=_as_tuple)
    """Disaggregated series (男/女 …), each with its own targets and actuals; the
    indicator's own targets and actuals, if any, are the total (総数)."""
    combine: SeriesRule = SeriesRule.ALL
    """How the series make one judgement: all must meet, any, mean, or worst."""
    revisions: tuple[Revision, ...] = attrs.field(default=(), converter=_as_tuple)
    """Revisions of the indicator's targets (中間見直し), oldest first."""
    year_basis: YearBasis = YearBasis.FISCAL
    """Whether the year keys are fiscal years (年度) or calendar years (暦年)."""
    source: Source | None = None
    """出典: the survey or statistic the figures come from."""
    survey: bool = False
    """True for a survey-type (意識系) indicator, measured by asking people."""
    rationale: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """設定根拠 (目標値の考え方): why this target."""
    national_rank: NationalRank | None = None
    """The national rank printed beside the indicator (全国順位)."""

    @divisions.validator
    def _check_divisions(self, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        if not value:
            raise ValueError(f"`Indicator.divisions` of {self.id} needs at least one 担当課")

    @property
    def is_quantitative(self) -> bool:
        """True when the indicator has a unit (numbers may be mixed with statements)."""
        return self.unit is not None

    def target_for(
        self, year: YearLike, *, as_of: date | None = None, original: bool = False
    ) -> Target | None:
        """The target covering ``year`` (a spanning statement covers several).

        Args:
            year: The fiscal (or, for a calendar-basis indicator, calendar) year:
                a :class:`FiscalYear`, ``"R3"``, ``"令和3年度"`` or ``2021``.
            as_of: Only revisions decided on or before this date count; None: all.
            original: Ignore every revision and give the target first set.

        Returns:
            The latest revised target for ``year`` in force, else the original one,
            or None when the year has no target.

        Raises:
            FiscalYearError: ``year`` names no fiscal year.
        """
        return _target_in_force(
            self.targets, self.revisions, FiscalYear.coerce(year), as_of, original
        )

    def series_named(self, name: str) -> Series:
        """The series called ``name``.

        Raises:
            NotFoundError: No series has this name (a KeyError; the message lists
                the close names).
        """
        for series in self.series:
            if series.name == name:
                return series
        raise NotFoundError(f"series of {self.id}", name, (s.name for s in self.series))

    def actual_for(self, year: YearLike) -> Actual | None:
        """The actual reported for ``year``, if any.

        Args:
            year: A :class:`FiscalYear`, ``"R3"``, ``"令和3年度"`` or ``2021``.

        Raises:
            FiscalYearError: ``year`` names no fiscal year.
        """
        return _actual_of(self.actuals, year)

    def baseline_value(self) -> Decimal | None:
        """The baseline's number: its own value, or the actual of its year."""
        if self.baseline is None:
            return None
        if self.baseline.value is not None or self.baseline.text is not None:
            return self.baseline.value
        actual = self.actual_for(self.baseline.year)
        return actual.value if actual is not None else None


@attrs.frozen
class Measure:
    """A measure (施策) through which a CSF is pursued."""

    id: str = attrs.field(validator=_non_empty)
    """Unique in the plan, e.g. ``CSF-2/M-1``; budget lines link to it."""
    title: str = attrs.field(validator=_non_empty)
    """The measure's title, e.g. 電子決裁システムの利用促進."""
    description: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """What the measure does, as written in the plan; None when the plan prints the
    title only."""
    deadline: FiscalYear | None = None
    """The fiscal year by which its target is to be reached."""
    target_statement: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """Its target in words, e.g. 2022年度までに100%電子化."""
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """Ids of the indicators that track it."""


@attrs.frozen
class Csf:
    """A critical success factor (CSF, 重要成功要因) with its measures and KPIs."""

    code: str = attrs.field(validator=_non_empty)
    """The CSF's code, e.g. ``CSF-1`` (printed ①)."""
    title: str = attrs.field(validator=_non_empty)
    """Its title, e.g. 最新デジタル技術の活用拡大."""
    measures: tuple[Measure, ...] = attrs.field(default=(), converter=_as_tuple)
    """Measures (施策) under this CSF."""
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_as_tuple)
    """KPIs of this CSF."""


@attrs.frozen
class Execution:
    """How a budget line was executed (予算執行), in the budget's unit."""

    initial: Decimal = attrs.field(converter=_to_decimal, validator=[_finite_number, _not_negative])
    """当初予算: the initial budget."""
    supplementary: Decimal = attrs.field(
        default=Decimal(0), converter=_to_decimal, validator=_finite_number
    )
    """補正: supplementary budgets, added up (may be negative)."""
    carried_over: Decimal = attrs.field(
        default=Decimal(0), converter=_to_decimal, validator=[_finite_number, _not_negative]
    )
    """繰越: carried over from the previous year (繰越明許費 etc.)."""
    transfers: Decimal = attrs.field(
        default=Decimal(0), converter=_to_decimal, validator=_finite_number
    )
    """流用・予備費充用: transfers in (positive) or out (negative)."""
    spent: Decimal = attrs.field(
        default=Decimal(0), converter=_to_decimal, validator=[_finite_number, _not_negative]
    )
    """支出済額: spent."""
    carried_forward: Decimal = attrs.field(
        default=Decimal(0), converter=_to_decimal, validator=[_finite_number, _not_negative]
    )
    """翌年度繰越額: carried forward into the next year."""

    @property
    def current(self) -> Decimal:
        """予算現額: initial + supplementary + carried over + transfers."""
        return self.initial + self.supplementary + self.carried_over + self.transfers

    @property
    def unused(self) -> Decimal:
        """不用額: current budget less spent and carried forward."""
        return self.current - self.spent - self.carried_forward


@attrs.frozen
class BudgetLine:
    """One project (事業) in a year's budget."""

    name: str = attrs.field(validator=_non_empty)
    """The project's name, e.g. RPA環境拡充事業."""
    amount: Decimal = attrs.field(converter=_to_decimal, validator=[_finite_number, _not_negative])
    """The amount, in the budget's unit (exact)."""
    links: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """Ids of the indicators or measures this line serves."""
    execution: Execution | None = None
    """How it was executed, where known."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """A note on the line."""


@attrs.frozen
class Budget:
    """A fiscal year's budget for the plan (予算)."""

    year: FiscalYear
    """The fiscal year of the budget."""
    total: Decimal = attrs.field(converter=_to_decimal, validator=[_finite_number, _not_negative])
    """The total as stated in the plan; the lines must add up to it."""
    unit: str = "千円"
    """The money unit of ``total`` and every line (円, 千円, 百万円, 億円)."""
    status: BudgetStatus = BudgetStatus.ENACTED
    """要求中 (requested), 予算案, 成立 (enacted) or 決算 (settled)."""
    basis: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """What the total includes, e.g. 令和２年度２月補正（先議）含む."""
    lines: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_as_tuple)
    """The projects (事業) in the budget."""
    amount_basis: AmountBasis | None = None
    """What the lines' amounts are: 当初 (``initial``) or 現額 (``current``); when set,
    each line's amount must equal that figure of its execution. None: not stated."""

    @property
    def lines_total(self) -> Decimal:
        """The sum of the lines' amounts."""
        return sum((line.amount for line in self.lines), Decimal(0))


@attrs.frozen
class ActivityDetail:
    """One point under an activity, with what it dates or measures."""

    text: str = attrs.field(validator=_non_empty)
    """The point as written."""
    since: date | None = None
    """The date from which it applies (令和４年１月１７日より実施)."""
    observations: tuple[Observation, ...] = attrs.field(default=(), converter=_as_tuple)
    """Dated measurements the point reports (R3.4 38%, R4.1 80%)."""


@attrs.frozen
class Activity:
    """A main activity (主な取組) of a fiscal year (取組内容)."""

    year: FiscalYear
    """The fiscal year of the activity."""
    title: str = attrs.field(validator=_non_empty)
    """Its title, e.g. 県庁会議室のDX化."""
    details: tuple[ActivityDetail, ...] = attrs.field(default=(), converter=_as_tuple)
    """Its points, in order."""


@attrs.frozen
class Issue:
    """An issue (課題) and the actions (アクション) taken on it."""

    text: str = attrs.field(validator=_non_empty)
    """The issue as written."""
    actions: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """The actions, in order."""


@attrs.frozen
class CategoryFlag:
    """A yes/no category of the project (案件種別), e.g. 「ＶＳ東京」案件."""

    name: str = attrs.field(validator=_non_empty)
    """The category, e.g. ＶＳ東京."""
    applies: bool
    """該当あり (True) or 該当なし (False)."""


def _raw_table(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return FrozenMap(value or {})


@attrs.frozen
class GradingChoice:
    """A plan's ``[grading]`` table: the rule it is graded by, as the plan writes it.

    The rule's own fields are checked when the plan is read (``kpiplan.grading``
    builds the rule); here they are kept as written.
    """

    preset: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """A shipped preset's name (``kpiplan gradings`` lists them); None: the default rule."""
    rule: Mapping[str, Any] = attrs.field(factory=dict, converter=_raw_table, hash=False)
    """Rule fields the plan changes, e.g. ``{"tolerance": 3}``."""
    csfs: Mapping[str, Mapping[str, Any]] = attrs.field(
        factory=dict, converter=_raw_table, hash=False
    )
    """Per CSF code, rule fields that differ for its indicators."""
    indicators: Mapping[str, Mapping[str, Any]] = attrs.field(
        factory=dict, converter=_raw_table, hash=False
    )
    """Per indicator id, rule fields that differ for it."""
    kinds: Mapping[str, str] = attrs.field(factory=dict, converter=_raw_table, hash=False)
    """Per indicator id, the rule's named exception it uses, e.g. ``survey``."""


@attrs.frozen
class UnitDefinition:
    """A unit a plan declares: a new count, or a multiple of a known unit.

    A count (no ``of``) is a kind of its own and never mixes with another. A multiple
    says how it converts: ``factor`` of ``of`` make one of it (万件: 10000 件), or one
    ``of`` is ``per`` of it (分: 60 per 時間).
    """

    symbol: str = attrs.field(validator=_non_empty)
    """The unit as printed, e.g. 歳, 品目."""
    of: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """The known unit this one is a multiple of; None for a count of its own."""
    factor: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_finite_number
    )
    """How many ``of`` one of this unit is (10000 for 万件 of 件); default 1."""
    per: int | None = attrs.field(default=None, validator=_positive_int)
    """How many of this unit one ``of`` is (60 for 分 per 時間)."""
    kind: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """The name of a count's kind (default: its symbol)."""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """Other spellings of the unit."""
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """What the unit counts, for readers."""

    def __attrs_post_init__(self) -> None:
        if self.of is None and (self.factor is not None or self.per is not None):
            raise ValueError("`UnitDefinition.factor` and `per` need `of`, the unit they scale")
        if self.of is not None and self.kind is not None:
            raise ValueError(
                "`UnitDefinition.kind` is for a new count; a multiple takes its `of`'s"
            )
        if self.factor is not None and self.factor <= 0:
            raise ValueError(f"`UnitDefinition.factor` must be more than 0, but was {self.factor}")


@attrs.frozen
class Handout:
    """What a file handed out to a division for filling in says about itself (照会).

    The exporter writes it into the plan data a workbook carries; ``kpiplan collect``
    reads it back to check that a returned file changes only its division's
    indicators and was made from the plan being collected into
    (docs/yearly-cycle.md). A plan file of one's own has none.
    """

    fingerprint: str = attrs.field(validator=_non_empty)
    """``kpiplan.cycle.fingerprint(plan, division=…)`` of the plan the file was made
    from: a returned file whose fingerprint the plan no longer has was made from
    another version of it."""
    division: str | None = attrs.field(default=None, validator=_optional_non_empty)
    """The 担当課 the file is for (it holds that division's indicators only); None:
    the whole plan."""
    issued: date | None = None
    """When the file was handed out."""
    cells: Mapping[str, str] = attrs.field(factory=dict, converter=_raw_table, hash=False)
    """Where each value sits in the file, by its path in the plan
    (``csfs[CSF-1].indicators[KPI-2].actuals[R4]`` → ``指標!F12``): an exporter or a
    reader fills it so that collecting names the cell of a conflicting value."""


@attrs.frozen
class Plan:
    """A plan: its positioning, KGIs, CSFs with measures and KPIs, budgets and reports."""

    title: str = attrs.field(validator=_non_empty)
    """The plan's title, e.g. デジタルとくしま推進プラン."""
    organization: str = attrs.field(validator=_non_empty)
    """Who owns the plan, e.g. 徳島県."""
    period: PlanPeriod
    """The fiscal years the plan covers."""
    positioning: Positioning | None = None
    """目指すべき社会 → 基本目標 → 重点戦略."""
    actuals_as_of: date | None = None
    """The date the reported actuals stand at (R4.3.31)."""
    stage_ladder: tuple[str, ...] = attrs.field(default=DEFAULT_STAGE_LADDER, converter=_as_tuple)
    """The ordered stages of qualitative indicators, lowest first."""
    kgis: tuple[Indicator, ...] = attrs.field(default=(), converter=_as_tuple)
    """The key goal indicators (KGI)."""
    csfs: tuple[Csf, ...] = attrs.field(default=(), converter=_as_tuple)
    """The critical success factors, in order."""
    budgets: tuple[Budget, ...] = attrs.field(default=(), converter=_as_tuple)
    """Budgets by fiscal year."""
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=_as_tuple)
    """Main activities by fiscal year (取組内容)."""
    issues: tuple[Issue, ...] = attrs.field(default=(), converter=_as_tuple)
    """Issues and actions (課題とアクション)."""
    categories: tuple[CategoryFlag, ...] = attrs.field(default=(), converter=_as_tuple)
    """Category flags (案件種別)."""
    footnotes: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)
    """※ notes on the plan as a whole, e.g. 実績値はR4.3.31見込み."""
    units: tuple[UnitDefinition, ...] = attrs.field(default=(), converter=_as_tuple)
    """Units the plan declares beside kpiplan's own (units.md)."""
    default_era: str | None = attrs.field(default=None)
    """The era a bare year such as 32年度 is read in (平成 for a plan made in
    Heisei); None: a bare year is an error."""

    @default_era.validator
    def _check_default_era(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in ERA_TOKENS:
            raise ValueError(
                f"`Plan.default_era` must name an era (平成, H, 令和, R …), but was {value!r}"
            )

    grading: GradingChoice | None = None
    """The plan's grading rule (``[grading]``): a preset and the parts it changes;
    None: kpiplan's default rule."""
    handout: Handout | None = None
    """Set in a file handed out to a division to fill in (a workbook per 担当課);
    None in a plan of one's own."""

    def indicators(self) -> Iterator[tuple[Csf | None, Indicator]]:
        """Every indicator with its CSF (None for KGIs), KGIs first, in plan order."""
        for kgi in self.kgis:
            yield None, kgi
        for csf in self.csfs:
            for indicator in csf.indicators:
                yield csf, indicator

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id.

        Raises:
            NotFoundError: No indicator has this id (a KeyError; the message lists
                the close ids, e.g. ``CSF-1/KPI-1`` for ``KPI-1``).
        """
        for _, indicator in self.indicators():
            if indicator.id == indicator_id:
                return indicator
        raise NotFoundError(
            "indicator",
            indicator_id,
            (indicator.id for _, indicator in self.indicators()),
            form=INDICATOR_ID_FORM,
        )

    def measures(self) -> Iterator[tuple[Csf, Measure]]:
        """Every measure with its CSF, in plan order."""
        for csf in self.csfs:
            for measure in csf.measures:
                yield csf, measure

    def ladder_of(self, indicator: Indicator) -> tuple[str, ...]:
        """The stage ladder that applies to ``indicator``."""
        return indicator.ladder if indicator.ladder is not None else self.stage_ladder
