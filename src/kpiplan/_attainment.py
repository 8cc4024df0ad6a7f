"""Attainment: rates, grades, roll-ups, forecasts and budget metrics of a plan.

:func:`evaluate` judges every indicator in every year of the plan, as of one fiscal
year, the way Japanese prefectures publish it (達成率 and A/B/C/D 評価), and explains
each figure in Japanese and English so that an auditor can recompute it by hand.
The method is documented in ``docs/attainment.md``; in short:

1. Expected value: the year's target, or (option) the straight line from the last
   anchor (baseline or earlier target) to the next numeric target.
2. Met test first: higher A ≥ T, lower A ≤ T, range lo ≤ A ≤ hi.
3. Rate, exact and uncapped, rounded half-up to 0.1 point before grading.
4. Grade: A met, B ≥ 80, C ≥ 50, D < 50, － no actual or no rate; stages compare
   ranks on the ladder, statements use the recorded assessment.
"""

from __future__ import annotations

import decimal
import importlib
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from kpiplan._attainment_numbers import (
    CONTEXT,
    HUNDRED,
    fmt,
    fmt_rate,
    percent,
    round_to,
)
from kpiplan._attainment_numbers import year_label as _label
from kpiplan._budget_metrics import (
    BudgetLineMetrics,
    BudgetMetrics,
    BudgetYearMetrics,
    CostPerUnit,
    budget_metrics,
)
from kpiplan._bulk import no_cyclic_gc
from kpiplan._errors import KpiplanError
from kpiplan._fiscal import FiscalYear
from kpiplan._forecast import FORECAST_LABELS, Forecast, forecast_indicator
from kpiplan._model import (
    Accumulation,
    Actual,
    ActualStatus,
    Assessment,
    Csf,
    Direction,
    Indicator,
    Plan,
    Target,
)

__all__ = [
    "BASES",
    "CUMULATIVE_BASES",
    "DEFAULT_LABELS_EN",
    "DEFAULT_LABELS_JA",
    "FORECAST_LABELS",
    "FORECAST_METHODS",
    "NO_GRADE",
    "RECORD_FIELDS",
    "ROLLUP_MODES",
    "BudgetLineMetrics",
    "BudgetMetrics",
    "BudgetYearMetrics",
    "CostPerUnit",
    "Evaluation",
    "Forecast",
    "IndicatorResult",
    "Method",
    "MissingDependencyError",
    "Rollup",
    "YearResult",
    "evaluate",
]

NO_GRADE = "－"
"""The grade of a year that is not graded (no actual, no target, no rate, pending)."""

BASES = ("auto", "ratio", "progress")
"""Rate bases: ``auto`` (ratio where it is meaningful, else progress), ``ratio``
(A/T, or T/A for lower is better), ``progress`` ((A−B)/(T−B))."""

CUMULATIVE_BASES = ("running", "increment")
"""How 累計 indicators compare: running totals, or the year's increases."""

ROLLUP_MODES = ("score", "mean_rate", "worst")
"""How a roll-up's grade is set: mean grade score, capped weighted mean rate, worst child."""

FORECAST_METHODS = ("linear", "cagr")
"""Forecast methods: least-squares line, or Open SDG's compound annual growth rate."""

DEFAULT_LABELS_JA: Mapping[str, str] = types.MappingProxyType(
    {
        "S": "大幅に達成",
        "A": "達成",
        "B": "概ね達成",
        "C": "一部達成",
        "D": "未達成",
        NO_GRADE: "評価なし",
    }
)
"""Grade labels in Japanese."""

DEFAULT_LABELS_EN: Mapping[str, str] = types.MappingProxyType(
    {
        "S": "well exceeded",
        "A": "met",
        "B": "mostly met",
        "C": "partly met",
        "D": "not met",
        NO_GRADE: "not graded",
    }
)
"""Grade labels in English."""

RECORD_FIELDS = (
    "indicator",
    "csf",
    "name",
    "fiscal_year",
    "target",
    "actual",
    "unit",
    "status",
    "rate",
    "grade",
    "provisional",
    "pending",
    "target_text",
    "actual_text",
)
"""The keys of :meth:`Evaluation.records` rows, in order."""

#: Grade scores of the mean-grade roll-up (A=4 … D=1); S counts as A.
_SCORES = {"S": 4, "A": 4, "B": 3, "C": 2, "D": 1}
#: Worst first, for the worst-child roll-up.
_ORDER = ("D", "C", "B", "A", "S")
_SCORE_PLACES = Decimal("0.01")


class MissingDependencyError(KpiplanError, ImportError):
    """An optional package is needed for this and is not installed."""


def _choice(options: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in options:
            raise ValueError(
                f"`{type(instance).__name__}.{attribute.name}` should be one of "
                f"{', '.join(options)}, but was {value!r}"
            )

    return check


def _merge(defaults: Mapping[str, str], value: Mapping[str, str] | None) -> Mapping[str, str]:
    merged = dict(defaults)
    merged.update(value or {})
    return types.MappingProxyType(merged)


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
    return types.MappingProxyType(converted)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Method:
    """How attainment is judged. The defaults follow common prefectural practice."""

    basis: str = attrs.field(default="auto", validator=_choice(BASES))
    """Rate basis: ``auto``, ``ratio`` or ``progress`` (see :data:`BASES`)."""
    cumulative: str = attrs.field(default="running", validator=_choice(CUMULATIVE_BASES))
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
    rollup: str = attrs.field(default="score", validator=_choice(ROLLUP_MODES))
    """How a roll-up's ``grade`` is set (see :data:`ROLLUP_MODES`)."""
    weights: Mapping[str, Decimal] = attrs.field(default=None, converter=_weights, hash=False)
    """Weights of indicators (by id) in the mean rate; 1 when not given."""
    forecast: str = attrs.field(default="linear", validator=_choice(FORECAST_METHODS))
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

    def label_ja(self, grade: str) -> str:
        """The Japanese label of a grade (the grade itself if it has none)."""
        return self.labels_ja.get(grade, grade)

    def label_en(self, grade: str) -> str:
        """The English label of a grade (the grade itself if it has none)."""
        return self.labels_en.get(grade, grade)


@attrs.frozen
class YearResult:
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
    """``rate`` rounded half-up to 0.1 point: the published and graded figure."""
    met: bool | None
    """Whether the target was met; None when it cannot be told."""
    grade: str
    """``S`` (optional), ``A``, ``B``, ``C``, ``D``, or ``－`` when not graded."""
    grade_label_ja: str
    """The grade's Japanese label, e.g. 達成."""
    grade_label_en: str
    """The grade's English label, e.g. met."""
    pending: bool
    """True while the actual is being compiled (作成中): not graded, counted apart."""
    provisional: bool
    """True when graded on an estimate (見込み)."""
    explanation_ja: str
    """Formula, inputs and rule applied, in Japanese."""
    explanation_en: str
    """Formula, inputs and rule applied, in English."""
    basis: str | None = None
    """The formula used: ``ratio``, ``progress``, ``range``, ``stage``,
    ``assessment`` or ``override``; None when nothing was computed."""

    @property
    def graded(self) -> bool:
        """True when the year has a grade (not ``－``)."""
        return self.grade != NO_GRADE


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

    def year(self, fiscal_year: FiscalYear | str) -> YearResult:
        """The result in one fiscal year.

        Args:
            fiscal_year: The year, e.g. ``FiscalYear(2021)`` or ``"R3"``.

        Returns:
            Its result.

        Raises:
            KeyError: The year is not in the plan period.
        """
        wanted = FiscalYear.parse(fiscal_year) if isinstance(fiscal_year, str) else fiscal_year
        for result in self.years:
            if result.fiscal_year == wanted:
                return result
        raise KeyError(str(wanted))


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
    """Indicators left out of the grade counts, with the reason."""
    indicators: tuple[str, ...] = ()
    """Ids of the indicators in the group, in plan order."""


@attrs.frozen
class Evaluation:
    """A plan judged as of one fiscal year."""

    as_of: FiscalYear
    """The fiscal year the evaluation stands at."""
    method: Method
    """How it was judged."""
    indicators: tuple[IndicatorResult, ...]
    """Every indicator's results, in plan order, KGIs first."""
    rollups: tuple[Rollup, ...]
    """One roll-up per CSF in order, then the plan's."""
    budgets: BudgetMetrics
    """The budget metrics."""
    plan: Plan = attrs.field(repr=False, eq=False)
    """The plan evaluated."""
    _index: Mapping[str, IndicatorResult] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {r.indicator_id: r for r in self.indicators})

    def result(self, indicator_id: str) -> IndicatorResult:
        """The results of one indicator.

        Raises:
            KeyError: No indicator has this id.
        """
        return self._index[indicator_id]

    def rollup(self, csf_code: str | None = None) -> Rollup:
        """The roll-up of one CSF, or of the plan (``None`` or ``"plan"``).

        Raises:
            KeyError: No CSF has this code.
        """
        scope = "plan" if csf_code is None else csf_code
        for rollup in self.rollups:
            if rollup.scope == scope:
                return rollup
        raise KeyError(scope)

    def records(self) -> list[dict[str, Any]]:
        """Tidy rows, one per indicator and plan year, of plain Python values.

        Keys are :data:`RECORD_FIELDS`: ``fiscal_year`` is the western year (int),
        ``target``/``actual``/``rate`` Decimals or None (``rate`` is the published,
        rounded one), ``status`` the actual's status value (``estimate`` …) or None,
        ``grade`` a str, ``provisional``/``pending`` bools; ``target_text`` and
        ``actual_text`` carry stages, statements and reported text.

        Returns:
            The rows, in plan order then year order.
        """
        rows: list[dict[str, Any]] = []
        for result in self.indicators:
            for year in result.years:
                target, actual = year.target, year.actual
                rows.append(
                    {
                        "indicator": result.indicator_id,
                        "csf": result.csf,
                        "name": result.name,
                        "fiscal_year": year.fiscal_year.year,
                        "target": year.expected,
                        "actual": actual.value if actual is not None else None,
                        "unit": result.unit,
                        "status": actual.status.value if actual is not None else None,
                        "rate": year.rate_rounded,
                        "grade": year.grade,
                        "provisional": year.provisional,
                        "pending": year.pending,
                        "target_text": _target_text(target),
                        "actual_text": _actual_text(actual),
                    }
                )
        return rows

    def to_data(self) -> dict[str, Any]:
        """The whole evaluation as JSON-ready data, for exporters and services.

        Numbers are ints or floats by the rule of the plan JSON (integral values are
        ints; the others have at most 15 significant digits, so floats keep them),
        exact rates also as text (``rate_exact``), fiscal years as ``R3`` text,
        statuses as their values. Keys keep a fixed order: the same evaluation gives
        the same data.

        Returns:
            A dict with ``as_of``, ``method``, ``indicators``, ``rollups``, ``budgets``.
        """
        from kpiplan._attainment_data import evaluation_data

        return evaluation_data(self)

    def to_dataframe(self) -> Any:
        """The records as a pandas DataFrame (needs ``pip install "kpiplan[pandas]"``).

        Returns:
            A ``pandas.DataFrame`` with the columns :data:`RECORD_FIELDS`.

        Raises:
            MissingDependencyError: pandas is not installed.
        """
        try:
            # Imported by name: pandas is optional and ships without type stubs.
            pandas: Any = importlib.import_module("pandas")
        except ImportError:
            raise MissingDependencyError(
                'to_dataframe() needs pandas: pip install "kpiplan[pandas]"'
            ) from None
        return pandas.DataFrame.from_records(self.records(), columns=list(RECORD_FIELDS))


def _target_text(target: Target | None) -> str | None:
    if target is None:
        return None
    if target.stage is not None:
        return target.stage
    if target.statement is not None:
        return target.statement
    if target.value is None:
        low = fmt(target.minimum) if target.minimum is not None else ""
        high = fmt(target.maximum) if target.maximum is not None else ""
        return f"{low}–{high}"
    return None


def _actual_text(actual: Actual | None) -> str | None:
    if actual is None:
        return None
    if actual.text is not None:
        return actual.text
    return actual.stage


# --------------------------------------------------------------------------- evaluate


def _resolve_as_of(plan: Plan, as_of: FiscalYear | str | None) -> FiscalYear:
    if isinstance(as_of, FiscalYear):
        return as_of
    if isinstance(as_of, str):
        return FiscalYear.parse(as_of)
    if as_of is not None:
        raise TypeError(
            f"as_of should be a FiscalYear, a str such as 'R3', or None, "
            f"but was {type(as_of).__name__} {as_of!r}"
        )
    latest: int | None = None
    for _, indicator in plan.indicators():
        for actual in indicator.actuals:
            reported = (
                actual.value is not None or actual.stage is not None or actual.text is not None
            )
            if reported and (latest is None or actual.year.year > latest):
                latest = actual.year.year
    if latest is not None:
        return FiscalYear(latest)
    if plan.actuals_as_of is not None:
        try:
            return FiscalYear.from_date(plan.actuals_as_of)
        except KpiplanError:
            pass
    return plan.period.first


def evaluate(
    plan: Plan, as_of: FiscalYear | str | None = None, method: Method | None = None
) -> Evaluation:
    """Judge every indicator of a plan as of a fiscal year.

    Args:
        plan: The plan (a valid one; any plan ``kpiplan.load`` returns).
        as_of: The fiscal year to stand at (``FiscalYear``, or text such as ``"R3"``);
            None: the latest year with any reported actual (a value, stage or text).
            Actuals after it are ignored.
        method: How to judge; None uses :class:`Method`'s defaults.

    Returns:
        The evaluation: per-indicator results, roll-ups and budget metrics.

    Raises:
        FiscalYearError: ``as_of`` is text that is no fiscal year.
        TypeError: ``as_of`` or ``method`` is of a wrong type.
    """
    year = _resolve_as_of(plan, as_of)
    if method is None:
        method = Method()
    elif not isinstance(method, Method):
        raise TypeError(f"method should be a Method, but was {type(method).__name__}")
    with decimal.localcontext(CONTEXT), no_cyclic_gc():
        years = plan.period.years
        results = tuple(
            _evaluate_indicator(plan, csf, indicator, year, method, years)
            for csf, indicator in plan.indicators()
        )
        by_id = {r.indicator_id: r for r in results}
        rollups = [
            _rollup(csf.code, csf.title, [by_id[i.id] for i in csf.indicators], method)
            for csf in plan.csfs
        ]
        rollups.append(_rollup("plan", plan.title, list(results), method))
        budgets = budget_metrics(plan, year)
    return Evaluation(
        as_of=year,
        method=method,
        indicators=results,
        rollups=tuple(rollups),
        budgets=budgets,
        plan=plan,
    )


@attrs.frozen
class _Context:
    """What grading one indicator needs, computed once."""

    indicator: Indicator
    method: Method
    as_of: int
    ladder: tuple[str, ...]
    baseline: Decimal | None
    baseline_year: int | None
    unit: str
    targets: Mapping[int, Target]
    actuals: Mapping[int, Actual]
    expected: Mapping[int, Decimal | None]
    interpolated: Mapping[int, str]


def _targets_by_year(indicator: Indicator) -> dict[int, Target]:
    # Fiscal years compare through attrs' generic ordering, which is slow; an index by
    # western year makes a plan of 10,000 indicators evaluate faster than it loads.
    found: dict[int, Target] = {}
    for target in indicator.targets:
        last = (target.through or target.year).year
        for year in range(target.year.year, last + 1):
            found.setdefault(year, target)
    return found


def _expected_values(
    indicator: Indicator,
    years: tuple[int, ...],
    method: Method,
    targets: Mapping[int, Target],
    baseline: Decimal | None,
) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    """Each year's expected value, and for interpolated ones how (ja|en)."""
    numeric = sorted(
        ((t.year.year, t.value) for t in indicator.targets if t.value is not None),
        key=lambda pair: pair[0],
    )
    anchors = list(numeric)
    if baseline is not None and indicator.baseline is not None:
        anchors.insert(0, (indicator.baseline.year.year, baseline))
        anchors.sort(key=lambda pair: pair[0])
    expected: dict[int, Decimal | None] = {}
    how: dict[int, str] = {}
    unit = indicator.unit or ""
    for year in years:
        target = targets.get(year)
        if target is not None:
            expected[year] = target.value
            continue
        expected[year] = None
        if not method.interpolate or indicator.unit is None:
            continue
        before = [(y, v) for y, v in anchors if y < year]
        after = [(y, v) for y, v in numeric if y > year]
        if not before or not after:
            continue
        (y0, v0), (y1, v1) = before[-1], after[0]
        value = v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
        expected[year] = value
        start, end = _label(y0), _label(y1)
        how[year] = (
            f"{fmt(v0)}{unit}（{start}）から{fmt(v1)}{unit}（{end}）への直線補間|"
            f"straight line from {fmt(v0)}{unit} ({start}) to {fmt(v1)}{unit} ({end})"
        )
    return expected, how


def _evaluate_indicator(
    plan: Plan,
    csf: Csf | None,
    indicator: Indicator,
    as_of: FiscalYear,
    method: Method,
    years: tuple[FiscalYear, ...],
) -> IndicatorResult:
    targets = _targets_by_year(indicator)
    baseline = indicator.baseline_value()
    expected, how = _expected_values(
        indicator, tuple(y.year for y in years), method, targets, baseline
    )
    context = _Context(
        indicator=indicator,
        method=method,
        as_of=as_of.year,
        ladder=plan.ladder_of(indicator),
        baseline=baseline,
        baseline_year=indicator.baseline.year.year if indicator.baseline is not None else None,
        unit=indicator.unit or "",
        targets=targets,
        actuals={actual.year.year: actual for actual in indicator.actuals},
        expected=expected,
        interpolated=how,
    )
    results = tuple(_grade_year(context, year) for year in years)
    current = next((r for r in results if r.fiscal_year.year == as_of.year), None)
    forecast = forecast_indicator(
        indicator,
        as_of,
        method=method.forecast,
        on_track=method.on_track,
        acceleration=method.needs_acceleration,
        too_low_margin=method.too_low_margin,
        zero=method.forecast_zero,
    )
    return IndicatorResult(
        indicator_id=indicator.id,
        csf=csf.code if csf is not None else None,
        name=indicator.name,
        unit=indicator.unit,
        years=results,
        current=current,
        forecast=forecast,
        indicator=indicator,
    )


@attrs.frozen
class _Outcome:
    """A computed judgement before labels and the override are applied."""

    grade: str
    met: bool | None = None
    rate: Decimal | None = None
    basis: str | None = None
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


def _grade_from_rate(method: Method, met: bool, rounded: Decimal | None) -> tuple[str, str, str]:
    """Grade, and the rule applied in ja and en."""
    if met:
        if method.s_threshold is not None and rounded is not None and rounded >= method.s_threshold:
            return (
                "S",
                f"目標を達成し達成率 {fmt_rate(rounded)}% ≥ {fmt(method.s_threshold)} → S",
                f"target met and rate {fmt_rate(rounded)}% ≥ {fmt(method.s_threshold)} → S",
            )
        return "A", "目標を達成 → A", "target met → A"
    if rounded is None:
        return NO_GRADE, "未達成だが達成率を定義できない → －", "not met, no meaningful rate → －"
    shown = fmt_rate(rounded)
    if rounded >= method.b_threshold:
        if rounded >= HUNDRED:
            return (
                "B",
                f"達成率 {shown}% だが目標未達のため最高 B",
                f"rate {shown}% but the target is not met, so at most B",
            )
        return (
            "B",
            f"未達成、達成率 {shown}% ≥ {fmt(method.b_threshold)} → B",
            f"not met, rate {shown}% ≥ {fmt(method.b_threshold)} → B",
        )
    if rounded >= method.c_threshold:
        return (
            "C",
            f"未達成、達成率 {shown}% ≥ {fmt(method.c_threshold)} → C",
            f"not met, rate {shown}% ≥ {fmt(method.c_threshold)} → C",
        )
    return (
        "D",
        f"未達成、達成率 {shown}% < {fmt(method.c_threshold)} → D",
        f"not met, rate {shown}% < {fmt(method.c_threshold)} → D",
    )


def _rate(
    direction: Direction,
    actual: Decimal,
    target: Decimal,
    base: Decimal | None,
    basis: str,
    unit: str,
) -> tuple[Decimal | None, str | None, str, str]:
    """(rate, basis used, formula ja, formula en) for higher or lower is better."""
    a, t = f"{fmt(actual)}{unit}", f"{fmt(target)}{unit}"
    # Progress needs the target on the good side of the baseline: a higher-is-better
    # target below its baseline would make the rate fall as the actual rises.
    if direction is Direction.LOWER:
        progress_ok = base is not None and base > target
        ratio_ok = target > 0 and actual > 0
        order = ("progress", "ratio")
    else:
        progress_ok = base is not None and base < target
        ratio_ok = target > 0 and actual >= 0
        order = ("ratio", "progress")
    candidates = order if basis == "auto" else (basis,)
    for kind in candidates:
        if kind == "ratio" and ratio_ok:
            if direction is Direction.LOWER:
                rate = percent(target, actual)
                return rate, kind, f"目標 {t} ÷ 実績 {a} × 100", f"target {t} / actual {a} × 100"
            rate = percent(actual, target)
            return rate, kind, f"実績 {a} ÷ 目標 {t} × 100", f"actual {a} / target {t} × 100"
        if kind == "progress" and progress_ok:
            assert base is not None
            b = f"{fmt(base)}{unit}"
            if direction is Direction.LOWER:
                rate = percent(base - actual, base - target)
                return (
                    rate,
                    kind,
                    f"(基準値 {b} − 実績 {a}) ÷ (基準値 {b} − 目標 {t}) × 100",
                    f"(baseline {b} − actual {a}) / (baseline {b} − target {t}) × 100",
                )
            rate = percent(actual - base, target - base)
            return (
                rate,
                kind,
                f"(実績 {a} − 基準値 {b}) ÷ (目標 {t} − 基準値 {b}) × 100",
                f"(actual {a} − baseline {b}) / (target {t} − baseline {b}) × 100",
            )
    if basis == "auto":
        why_ja, why_en = "比も進捗率も定義できない", "neither ratio nor progress is defined"
    elif basis == "ratio":
        why_ja, why_en = "比を定義できない（目標・実績が正でない）", "no ratio (values not > 0)"
    else:
        why_ja, why_en = (
            "基準値がないか、目標が基準値より良い側にない",
            "no baseline, or the target is not on the good side of it",
        )
    return None, None, why_ja, why_en


def _previous(context: _Context, year: int) -> tuple[Decimal | None, Decimal | None]:
    """The previous year's actual value and expected value, for increments."""
    before = year - 1
    found = context.actuals.get(before) if before <= context.as_of else None
    prev_actual = found.value if found is not None else None
    prev_target = context.expected.get(before)
    if context.baseline is not None and context.baseline_year is not None:
        if prev_actual is None and context.baseline_year == before:
            prev_actual = context.baseline
        if prev_target is None and context.baseline_year == before:
            prev_target = context.baseline
    return prev_actual, prev_target


def _numeric(
    context: _Context, year: FiscalYear, target: Target | None, value: Decimal
) -> _Outcome:
    indicator, method, unit = context.indicator, context.method, context.unit
    ja: list[str] = []
    en: list[str] = []
    direction = indicator.direction
    expected = context.expected.get(year.year)
    if year.year in context.interpolated:
        text_ja, text_en = context.interpolated[year.year].split("|")
        label, shown = _label(year.year), fmt(expected or Decimal(0))
        ja.append(f"{label}の目標がないため、目標 {shown}{unit} は{text_ja}")
        en.append(f"no target for {label}: expected {shown}{unit} on the {text_en}")
    if target is not None and target.value is None:
        # A range target (minimum/maximum).
        low, high = target.minimum, target.maximum
        inside = (low is None or value >= low) and (high is None or value <= high)
        bounds = _target_text(target)
        if inside:
            ja.append(f"実績 {fmt(value)}{unit} は目標範囲 {bounds} 内 → 達成率 100")
            en.append(f"actual {fmt(value)}{unit} within the range {bounds} → rate 100")
            return _Outcome("A", True, HUNDRED, "range", tuple(ja), tuple(en))
        if low is not None and value < low:
            direction, bound = Direction.HIGHER, low
        else:
            assert high is not None
            direction, bound = Direction.LOWER, high
        ja.append(f"目標範囲 {bounds} の外のため境界 {fmt(bound)}{unit} と比較")
        en.append(f"outside the range {bounds}: compared with its bound {fmt(bound)}{unit}")
        rate, basis, f_ja, f_en = _rate(
            direction, value, bound, context.baseline, method.basis, unit
        )
        return _rated(method, False, rate, basis or "range", f_ja, f_en, ja, en)
    assert expected is not None
    actual_v, target_v, base = value, expected, context.baseline
    if indicator.accumulation is Accumulation.CUMULATIVE and method.cumulative == "increment":
        prev_actual, prev_target = _previous(context, year.year)
        if prev_actual is None or prev_target is None:
            ja.append("累計の増加分で比較するが前年度の値がない → －")
            en.append("increment basis, but the year before has no value → －")
            return _Outcome(NO_GRADE, None, None, None, tuple(ja), tuple(en))
        actual_v, target_v, base = value - prev_actual, expected - prev_target, Decimal(0)
        ja.append(
            f"累計の増加分で比較: 実績増 {fmt(actual_v)} = {fmt(value)} − {fmt(prev_actual)}、"
            f"目標増 {fmt(target_v)} = {fmt(expected)} − {fmt(prev_target)}"
        )
        en.append(
            f"increment basis: actual increase {fmt(actual_v)} = {fmt(value)} − "
            f"{fmt(prev_actual)}, target increase {fmt(target_v)} = {fmt(expected)} − "
            f"{fmt(prev_target)}"
        )
    met = actual_v <= target_v if direction is Direction.LOWER else actual_v >= target_v
    rate, basis, f_ja, f_en = _rate(direction, actual_v, target_v, base, method.basis, unit)
    return _rated(method, met, rate, basis, f_ja, f_en, ja, en)


def _rated(
    method: Method,
    met: bool,
    rate: Decimal | None,
    basis: str | None,
    formula_ja: str,
    formula_en: str,
    ja: list[str],
    en: list[str],
) -> _Outcome:
    rounded = round_to(rate) if rate is not None else None
    if rate is not None and rounded is not None:
        exact = fmt(round_to(rate, Decimal("0.0001")))
        ja.append(f"達成率 = {formula_ja} = {exact} → {fmt_rate(rounded)}%（小数第2位を四捨五入）")
        en.append(f"rate = {formula_en} = {exact} → {fmt_rate(rounded)}% (rounded half-up)")
    else:
        ja.append(f"達成率なし（{formula_ja}）")
        en.append(f"no rate ({formula_en})")
    grade, rule_ja, rule_en = _grade_from_rate(method, met, rounded)
    ja.append(rule_ja)
    en.append(rule_en)
    return _Outcome(grade, met, rate, basis, tuple(ja), tuple(en))


_ASSESSMENT_GRADES = {
    Assessment.ACHIEVED: ("A", True, "達成", "achieved"),
    Assessment.PARTIAL: ("C", False, "一部達成", "partly achieved"),
    Assessment.NOT_ACHIEVED: ("D", False, "未達成", "not achieved"),
}


def _assessed(actual: Actual, what_ja: str, what_en: str) -> _Outcome:
    if actual.assessment is None:
        return _Outcome(
            NO_GRADE,
            None,
            ja=(f"{what_ja}に対する評価（達成・一部達成・未達成）が記録されていない → －",),
            en=(f"no assessment recorded against the {what_en} → －",),
        )
    grade, met, word_ja, word_en = _ASSESSMENT_GRADES[actual.assessment]
    return _Outcome(
        grade,
        met,
        basis="assessment",
        ja=(f"{what_ja}に対し計画に記録された評価「{word_ja}」 → {grade}",),
        en=(f"the plan records the result against the {what_en} as {word_en} → {grade}",),
    )


def _staged(context: _Context, target: Target, actual: Actual) -> _Outcome:
    assert target.stage is not None
    if actual.stage is None:
        return _assessed(actual, f"段階目標「{target.stage}」", f"stage target {target.stage}")
    ladder = context.ladder
    if target.stage not in ladder or actual.stage not in ladder:
        return _Outcome(
            NO_GRADE,
            None,
            ja=(f"段階が段階表 {' → '.join(ladder)} にない → －",),
            en=(f"a stage is not on the ladder {' → '.join(ladder)} → －",),
        )
    short = ladder.index(target.stage) - ladder.index(actual.stage)
    steps = f"目標「{target.stage}」、実績「{actual.stage}」（段階表 {' → '.join(ladder)}）"
    steps_en = f"target {target.stage}, actual {actual.stage} (ladder {' → '.join(ladder)})"
    if short <= 0:
        return _Outcome(
            "A",
            True,
            basis="stage",
            ja=(f"{steps}: 目標段階に到達 → A",),
            en=(f"{steps_en}: reached → A",),
        )
    grade = "C" if short == 1 else "D"
    return _Outcome(
        grade,
        False,
        basis="stage",
        ja=(f"{steps}: {short}段階不足 → {grade}",),
        en=(f"{steps_en}: {short} stage(s) short → {grade}",),
    )


def _judge(context: _Context, year: FiscalYear, target: Target | None, actual: Actual) -> _Outcome:
    if target is not None and target.stage is not None:
        return _staged(context, target, actual)
    if target is not None and target.statement is not None:
        return _assessed(actual, f"目標「{target.statement}」", "statement target")
    expected = context.expected.get(year.year)
    is_range = target is not None and target.value is None
    if expected is None and not is_range:
        label = _label(year.year)
        return _Outcome(
            NO_GRADE, ja=(f"{label}の目標がない → －",), en=(f"no target for {label} → －",)
        )
    if actual.value is None:
        if actual.assessment is not None:
            return _assessed(actual, "数値目標", "numeric target")
        return _Outcome(
            NO_GRADE,
            ja=("実績が数値でない → －",),
            en=("the actual is not a number → －",),
        )
    return _numeric(context, year, target, actual.value)


def _grade_year(context: _Context, year: FiscalYear) -> YearResult:
    method = context.method
    target = context.targets.get(year.year)
    expected = context.expected.get(year.year)
    actual = context.actuals.get(year.year) if year.year <= context.as_of else None
    pending = False
    provisional = False
    if actual is None:
        if year.year > context.as_of:
            as_of = _label(context.as_of)
            outcome = _Outcome(
                NO_GRADE,
                ja=(f"評価年度 {as_of} より後の年度 → －",),
                en=(f"after the evaluation year {as_of} → －",),
            )
        else:
            outcome = _Outcome(NO_GRADE, ja=("実績なし → －",), en=("no actual → －",))
    elif actual.status is ActualStatus.NOT_REPORTED:
        outcome = _Outcome(NO_GRADE, ja=("実績の報告なし（－） → －",), en=("not reported → －",))
    elif actual.status is ActualStatus.IN_PROGRESS:
        pending = True
        outcome = _Outcome(
            NO_GRADE,
            ja=(f"実績は「{actual.text}」のため評価保留 → －",),
            en=(f"the actual is being compiled ({actual.text}): pending → －",),
        )
    else:
        outcome = _judge(context, year, target, actual)
    grade = outcome.grade
    ja, en = list(outcome.ja), list(outcome.en)
    basis = outcome.basis
    if actual is not None and actual.override is not None:
        ja.append(f"評価を手動で {actual.override.grade} に変更（理由: {actual.override.reason}）")
        en.append(
            f"grade set by hand to {actual.override.grade} (reason: {actual.override.reason})"
        )
        grade = actual.override.grade
        basis = "override"
        pending = False
    if actual is not None and actual.is_estimate and grade != NO_GRADE:
        provisional = True
        when = f"（{actual.as_of.isoformat()}時点）" if actual.as_of is not None else ""
        when_en = f" as of {actual.as_of.isoformat()}" if actual.as_of is not None else ""
        ja.append(f"見込み値{when}による暫定評価")
        en.append(f"provisional: graded on an estimate{when_en}")
    rate = outcome.rate
    return YearResult(
        fiscal_year=year,
        target=target,
        actual=actual,
        expected=expected,
        rate=rate,
        rate_rounded=round_to(rate) if rate is not None else None,
        met=outcome.met,
        grade=grade,
        grade_label_ja=method.label_ja(grade),
        grade_label_en=method.label_en(grade),
        pending=pending,
        provisional=provisional,
        explanation_ja="。".join(ja),
        explanation_en="; ".join(en),
        basis=basis,
    )


# --------------------------------------------------------------------------- roll-ups


def _score_grade(score: Decimal) -> str:
    if score >= Decimal("3.5"):
        return "A"
    if score >= Decimal("2.5"):
        return "B"
    if score >= Decimal("1.5"):
        return "C"
    return "D"


def _excluded_reason(result: IndicatorResult) -> str:
    current = result.current
    if current is None:
        return "evaluation year outside the plan period (評価年度が計画期間外)"
    if current.pending:
        return "pending (作成中)"
    actual = current.actual
    if actual is None:
        return "no actual (実績なし)"
    if actual.status is ActualStatus.NOT_REPORTED:
        return "not reported (－)"
    if current.target is None and current.expected is None:
        return "no target (目標なし)"
    return "no rate or assessment (達成率・評価なし)"


def _rollup(scope: str, title: str, results: list[IndicatorResult], method: Method) -> Rollup:
    counts: dict[str, int] = {}
    if method.s_threshold is not None:
        counts["S"] = 0
    counts.update({"A": 0, "B": 0, "C": 0, "D": 0, NO_GRADE: 0})
    excluded: list[tuple[str, str]] = []
    graded: list[YearResult] = []
    pending = provisional = 0
    scores: list[int] = []
    weighted = Decimal(0)
    total_weight = Decimal(0)
    for result in results:
        current = result.current
        grade = current.grade if current is not None else NO_GRADE
        counts[grade] = counts.get(grade, 0) + 1
        if current is None or grade == NO_GRADE:
            excluded.append((result.indicator_id, _excluded_reason(result)))
            if current is not None and current.pending:
                pending += 1
            continue
        graded.append(current)
        provisional += current.provisional
        if grade in _SCORES:
            scores.append(_SCORES[grade])
        if current.rate_rounded is not None:
            weight = method.weights.get(result.indicator_id, Decimal(1))
            weighted += min(current.rate_rounded, HUNDRED) * weight
            total_weight += weight
    evaluated = len(graded)
    share_a = share_ab = mean_score = mean_rate = None
    mean_grade = worst = NO_GRADE
    if evaluated:
        tops = sum(1 for r in graded if r.grade in ("S", "A"))
        share_a = round_to(percent(Decimal(tops), Decimal(evaluated)))
        top_b = tops + sum(1 for r in graded if r.grade == "B")
        share_ab = round_to(percent(Decimal(top_b), Decimal(evaluated)))
        ranked = [_ORDER.index(r.grade) for r in graded if r.grade in _ORDER]
        if ranked:
            worst = _ORDER[min(ranked)]
    if scores:
        mean_score = round_to(Decimal(sum(scores)) / Decimal(len(scores)), _SCORE_PLACES)
        mean_grade = _score_grade(mean_score)
    if total_weight > 0:
        mean_rate = round_to(weighted / total_weight)
    if method.rollup == "score":
        grade = mean_grade
    elif method.rollup == "worst":
        grade = worst
    elif mean_rate is None:
        grade = NO_GRADE
    else:
        grade, _, _ = _grade_from_rate(method, mean_rate >= HUNDRED, mean_rate)
    return Rollup(
        scope=scope,
        title=title,
        counts=types.MappingProxyType(counts),
        evaluated=evaluated,
        pending=pending,
        provisional=provisional,
        share_a=share_a,
        share_ab=share_ab,
        mean_score=mean_score,
        mean_grade=mean_grade,
        mean_rate=mean_rate,
        worst_grade=worst,
        grade=grade,
        excluded=tuple(excluded),
        indicators=tuple(r.indicator_id for r in results),
    )
