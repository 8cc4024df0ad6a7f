"""What an evaluation finds: one indicator's year, an indicator, a roll-up.

Plain values with no algorithm: :mod:`kpiplan.grading._judge` and
:mod:`kpiplan.grading._rollup` make them, exporters read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from kpiplan._errors import NotFoundError
from kpiplan._fiscal import FiscalYear, YearLike
from kpiplan._model import Actual, Indicator, Revision, Series, SeriesRule, Target
from kpiplan.grading._explanation import Explained, Explanation
from kpiplan.grading._forecast import Forecast
from kpiplan.grading._numbers import fmt
from kpiplan.grading._rules import DEFAULT_RULE, GradingRule
from kpiplan.grading._scale import NO_GRADE
from kpiplan.vocabulary import label

__all__ = [
    "EXCLUSION_REASONS",
    "UNGRADED_REASONS",
    "Exclusion",
    "IndicatorResult",
    "Rollup",
    "SeriesResult",
    "YearResult",
    "actual_text",
    "revision_text",
    "target_text",
]

UNGRADED_REASONS = (
    "missing_target",
    "no_target",
    "projected",
    "no_rank",
    "no_baseline",
    "baseline_text",
    "series_incomplete",
)
"""Why a year that has a result is not graded, as :attr:`YearResult.reason` codes:
``missing_target`` (目標未設定: the plan sets none for the year), ``no_target``
(設定しない: deliberately none, with the plan's reason), ``projected`` (見込量は評価
対象外), ``no_rank`` (a rank target without the year's 全国順位), ``no_baseline`` and
``baseline_text`` (a baseline-relative judgement without a baseline number, or with a
baseline that is text such as 今後算定), ``series_incomplete`` (a ``combine = "all"``
or ``"mean"`` indicator whose series are not all graded)."""


@attrs.frozen(repr=False)
class YearResult(Explained):
    """One indicator in one fiscal year: target, actual, rate, grade and why."""

    fiscal_year: FiscalYear
    """The fiscal year."""
    target: Target | None
    """The plan's target covering the year, if any."""
    actual: Actual | None
    """The plan's actual for the year, if any (None after the evaluation year)."""
    expected: Decimal | None
    """The number the actual is compared with: the target, or the interpolated one."""
    rate: Decimal | None
    """達成率 in percent, exact and uncapped; None when no rate is meaningful."""
    rate_rounded: Decimal | None
    """``rate`` rounded as the rule says (default half-up to 0.1 point): the
    published and graded figure."""
    met: bool | None
    """Whether the target was met; None when it cannot be told."""
    grade: str
    """The grade's symbol on the rule's scale (default ``S``, ``A``, ``B``, ``C``,
    ``D``), or ``－`` when not graded."""
    grade_label_ja: str
    """The grade's Japanese label, e.g. 達成."""
    grade_label_en: str
    """The grade's English label, e.g. met."""
    pending: bool
    """True while the actual is being compiled (作成中): not graded, counted apart."""
    provisional: bool
    """True when graded on an estimate (見込み)."""
    explanation: Explanation
    """Formula, inputs and rule applied, in both languages, written when first read
    (:attr:`explanation_ja`, :attr:`explanation_en`)."""
    basis: str | None = None
    """The formula used: ``ratio``, ``progress``, ``range``, ``stage``,
    ``assessment`` or ``override``; None when nothing was computed."""
    computed_grade: str | None = None
    """The grade the rule gives, before a hand override (``grade`` without one)."""
    official_grade: str | None = None
    """The grade the government published for the year (the actual's
    ``official_grade``), if the plan records one."""
    reason: str | None = None
    """Why the year is not graded although the plan speaks of it, as a code of
    :data:`UNGRADED_REASONS` (``projected``, ``no_target`` …); None otherwise (no
    actual, a year after the evaluation year: the explanation says so)."""
    reason_ja: str | None = None
    """The reason in Japanese, e.g. 見込量は評価対象外, 目標未設定, or 設定しない and the
    plan's own reason."""
    reason_en: str | None = None
    """The reason in English."""
    original_target: Target | None = None
    """The target first set for the year, when a revision changed it (None when it
    was never revised); ``target`` is the one graded."""
    revised_target: Target | None = None
    """The revised target in force at the evaluation year, when it differs from the
    original (None when never revised)."""
    revision: Revision | None = None
    """The revision (中間見直し …) that set :attr:`revised_target`: its date and reason."""

    @property
    def departs(self) -> bool:
        """True when a published grade is recorded and the rule gives another."""
        computed = self.computed_grade if self.computed_grade is not None else self.grade
        return self.official_grade is not None and self.official_grade != computed

    @property
    def graded(self) -> bool:
        """True when the year has a grade (not ``－``)."""
        return self.grade != NO_GRADE

    @property
    def target_kind(self) -> str | None:
        """What the graded target states: a :class:`~kpiplan.TargetKind` value, or
        ``projected`` for a projected volume (見込量); None without a target."""
        if self.target is None:
            return None
        if self.target.projected:
            return "projected"
        return self.target.kind.value


def _year_in(years: tuple[YearResult, ...], fiscal_year: YearLike, whose: str) -> YearResult:
    wanted = FiscalYear.coerce(fiscal_year)
    for result in years:
        if result.fiscal_year == wanted:
            return result
    raise NotFoundError(
        f"result of {whose} for the year",
        str(wanted),
        [str(result.fiscal_year) for result in years],
        form="results cover the plan period",
    )


@attrs.frozen
class SeriesResult:
    """One series of an indicator (男性, 小学生 …) judged like an indicator: its own
    baseline, targets, revisions and actuals, in every year of the plan."""

    name: str
    """The series' name, e.g. 男性."""
    years: tuple[YearResult, ...]
    """One result per year of the plan period, in order."""
    current: YearResult | None
    """The result in the evaluation year (None if it is outside the plan period)."""
    forecast: Forecast | None
    """The series' trend against its final target (or its growth, for a trend target)."""
    series: Series = attrs.field(repr=False, eq=False)
    """The series itself."""

    def year(self, fiscal_year: YearLike) -> YearResult:
        """The result in one fiscal year; see :meth:`IndicatorResult.year`.

        Raises:
            KeyError: The year is not in the plan period.
        """
        return _year_in(self.years, fiscal_year, f"series {self.name}")


@attrs.frozen
class IndicatorResult:
    """An indicator's results in every year of the plan, and its forecast."""

    indicator_id: str
    """The indicator's id, e.g. ``CSF-1/KPI-2``."""
    csf: str | None
    """The code of its CSF; None for a KGI."""
    name: str
    """The indicator's name."""
    unit: str | None
    """Its unit, None for a qualitative indicator."""
    years: tuple[YearResult, ...]
    """One result per year of the plan period, in order."""
    current: YearResult | None
    """The result in the evaluation year (None if it is outside the plan period)."""
    forecast: Forecast | None
    """The trend against the final target; None without a numeric target."""
    indicator: Indicator = attrs.field(repr=False, eq=False)
    """The indicator itself."""
    rule: GradingRule = attrs.field(default=DEFAULT_RULE, repr=False, eq=False)
    """The rule the indicator was graded by (its scale: labels, colours, scores)."""
    series: tuple[SeriesResult, ...] = ()
    """Each series' results, in the plan's order; empty for an indicator without
    series. With series, :attr:`years` hold the combined judgement by :attr:`combine`."""
    combine: SeriesRule | None = None
    """How the series' results were combined into :attr:`years`; None without series."""

    def year(self, fiscal_year: YearLike) -> YearResult:
        """The result in one fiscal year.

        Args:
            fiscal_year: The year: ``FiscalYear(2021)``, ``"R3"``, ``"令和3年度"`` or ``2021``.

        Returns:
            Its result.

        Raises:
            FiscalYearError: ``fiscal_year`` names no fiscal year.
            NotFoundError: The year is not in the plan period (a KeyError; the
                message gives the period's years).
        """
        return _year_in(self.years, fiscal_year, self.indicator_id)

    def series_named(self, name: str) -> SeriesResult:
        """The results of the series called ``name``.

        Raises:
            NotFoundError: The indicator has no series of this name (also a KeyError).
        """
        for found in self.series:
            if found.name == name:
                return found
        raise NotFoundError(
            f"series of {self.indicator_id}",
            name,
            [found.name for found in self.series],
            form="series are named as the plan names them, e.g. 男性",
        )


EXCLUSION_REASONS = (
    "outside_period",
    "pending",
    "no_actual",
    "not_reported",
    "no_target",
    "no_rate",
)
"""Why a roll-up leaves an indicator out, besides the :data:`UNGRADED_REASONS` of its
year: ``outside_period`` (評価年度が計画期間外), ``pending`` (作成中), ``no_actual``
(実績なし), ``not_reported`` (－), ``no_target`` (目標なし: neither a target nor an
expected value) and ``no_rate`` (達成率・評価なし)."""


@attrs.frozen
class Exclusion:
    """An indicator a roll-up leaves out of its grade counts, and why, in both languages."""

    indicator_id: str
    """The indicator's id, e.g. ``CSF-1/KPI-3``."""
    reason: str
    """Why, as a code of :data:`EXCLUSION_REASONS` or :data:`UNGRADED_REASONS`."""
    reason_ja: str
    """The reason in Japanese, e.g. 作成中, 見込量は評価対象外."""
    reason_en: str
    """The reason in English, e.g. pending."""


@attrs.frozen
class Rollup:
    """Grades of a group of indicators (a CSF, or the plan) in the evaluation year."""

    scope: str
    """The CSF's code, or ``plan``."""
    title: str
    """The CSF's title, or the plan's."""
    counts: Mapping[str, int] = attrs.field(hash=False)
    """How many indicators got each grade, ``－`` included."""
    evaluated: int
    """How many were graded."""
    pending: int
    """How many are pending (作成中)."""
    provisional: int
    """How many were graded on an estimate (見込み)."""
    share_a: Decimal | None
    """Share of A (and S) among the graded, in percent, rounded to 0.1."""
    share_ab: Decimal | None
    """Share of A (and S) and B among the graded, in percent, rounded to 0.1."""
    mean_score: Decimal | None
    """Mean grade score (S/A 4, B 3, C 2, D 1), rounded half-up to 0.01."""
    mean_grade: str
    """The mean score's grade: ≥ 3.5 A, ≥ 2.5 B, ≥ 1.5 C, else D; ``－`` if none graded."""
    mean_rate: Decimal | None
    """Weighted mean of published rates capped at 100, rounded to 0.1."""
    worst_grade: str
    """The worst grade among the graded (``－`` if none)."""
    grade: str
    """The roll-up's grade by the method's ``rollup`` mode."""
    excluded: tuple[tuple[str, str], ...]
    """Indicators left out of the grade counts, with the reason in both languages as
    one string, ``pending (作成中)``; :attr:`exclusions` keeps the two apart."""
    indicators: tuple[str, ...] = ()
    """Ids of the indicators in the group, in plan order."""
    exclusions: tuple[Exclusion, ...] = ()
    """The indicators left out of the grade counts, each with its reason as a code and
    in Japanese and English, in plan order."""


def target_text(target: Target | None) -> str | None:
    """A target that is no number in words: its stage, statement, range (``lo–hi``),
    direction (増加を目指す, as printed, else 増加), rank (全国5位以内) or 設定しない."""
    if target is None:
        return None
    if target.stage is not None:
        return target.stage
    if target.statement is not None:
        return target.statement
    if target.trend is not None:
        return target.printed or label(target.trend)
    if target.rank is not None:
        return target.printed or f"全国{target.rank}位以内"
    if target.no_target is not None:
        return target.printed or "設定しない"
    if target.value is None:
        low = fmt(target.minimum) if target.minimum is not None else ""
        high = fmt(target.maximum) if target.maximum is not None else ""
        return f"{low}–{high}"
    return None


def actual_text(actual: Actual | None) -> str | None:
    """What an actual reports besides its number: its text, else its stage."""
    if actual is None:
        return None
    if actual.text is not None:
        return actual.text
    return actual.stage


def revision_text(revision: Revision | None) -> str | None:
    """A revision in a few words: what the plan calls it and when, ``中間評価 2019-03-31``."""
    if revision is None:
        return None
    decided = revision.decided
    when = decided.isoformat() if isinstance(decided, date) else decided.iso()
    return f"{revision.label or '改訂'} {when}"
