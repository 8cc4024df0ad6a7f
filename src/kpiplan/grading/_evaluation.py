"""A plan judged as of one fiscal year (:class:`Evaluation`), and its tidy records."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import attrs

from kpiplan._errors import KpiplanError, NotFoundError
from kpiplan._fiscal import FiscalYear
from kpiplan._model import INDICATOR_ID_FORM, Plan
from kpiplan.grading._budget import BudgetMetrics
from kpiplan.grading._method import Method
from kpiplan.grading._results import (
    IndicatorResult,
    Rollup,
    YearResult,
    actual_text,
    revision_text,
    target_text,
)
from kpiplan.grading._rules import GradingRule

__all__ = ["RECORD_FIELDS", "Evaluation", "MissingDependencyError"]

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
    "grade_label_ja",
    "grade_label_en",
    "official_grade",
    "series",
    "target_kind",
    "original_target",
    "original_target_text",
    "revised_target",
    "revised_target_text",
    "revision",
    "reason",
)
"""The keys of :meth:`Evaluation.records` rows, in order."""

_FLOAT_COLUMNS = ("target", "actual", "rate", "original_target", "revised_target")
"""Record fields that are Decimals (or None): float64 in a DataFrame, NaN where missing."""

_DTYPES = {"fiscal_year": "int64", "provisional": "bool", "pending": "bool"}
"""The dtypes of the record fields that are always there and are not Decimals."""


class MissingDependencyError(KpiplanError, ImportError):
    """An optional package is needed for this and is not installed."""


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
            NotFoundError: No indicator has this id (a KeyError; the message lists
                the close ids).
        """
        try:
            return self._index[indicator_id]
        except KeyError:
            raise NotFoundError(
                "indicator", indicator_id, self._index, form=INDICATOR_ID_FORM
            ) from None

    def rollup(self, csf_code: str | None = None) -> Rollup:
        """The roll-up of one CSF, or of the plan (``None`` or ``"plan"``).

        Raises:
            NotFoundError: No CSF has this code (a KeyError; the message lists the
                close codes).
        """
        scope = "plan" if csf_code is None else csf_code
        for rollup in self.rollups:
            if rollup.scope == scope:
                return rollup
        raise NotFoundError(
            "CSF",
            scope,
            [rollup.scope for rollup in self.rollups],
            form='a CSF is named by its code, e.g. CSF-1; the whole plan by None or "plan"',
        )

    @property
    def rule(self) -> GradingRule:
        """The plan's grading rule (an indicator's own is on its :class:`IndicatorResult`)."""
        return self.method.grading

    def departures(self) -> list[tuple[IndicatorResult, YearResult]]:
        """Every indicator-year whose published grade differs from the rule's grade.

        Returns:
            (indicator, year) pairs in plan order, then year order, up to the
            evaluation year.
        """
        return [
            (result, year)
            for result in self.indicators
            for year in result.years
            if year.departs and year.fiscal_year <= self.as_of
        ]

    def records(self) -> list[dict[str, Any]]:
        """Tidy rows, one per indicator, series and plan year, of plain Python values.

        Keys are :data:`RECORD_FIELDS`: ``fiscal_year`` is the western year (int),
        ``target``/``actual``/``rate`` Decimals or None (``rate`` is the published,
        rounded one; ``target`` the number compared with, or a 見込量 shown),
        ``status`` the actual's status value (``estimate`` …) or None,
        ``grade`` a str (a symbol of the rule's scale, e.g. ``◎``), ``provisional``/
        ``pending`` bools; ``target_text`` and ``actual_text`` carry stages, statements,
        directions, ranks and reported text; ``grade_label_ja``/``grade_label_en`` the
        grade's words and ``official_grade`` the published grade, if recorded.
        ``series`` is None on the indicator's own row (the combined judgement, for an
        indicator with series) and the series' name on each series' rows;
        ``target_kind`` is :attr:`YearResult.target_kind`; ``original_target(_text)``
        and ``revised_target(_text)`` are both targets where a revision changed the
        year's, and ``revision`` says which (``中間評価 2019-03-31``); ``reason`` is
        why a year the plan speaks of is not graded (:attr:`YearResult.reason_ja`).

        Returns:
            The rows, in plan order; each indicator's years, then each series' years.
        """
        rows: list[dict[str, Any]] = []
        for result in self.indicators:
            for year in result.years:
                rows.append(_record(result, None, year))
            for series in result.series:
                for year in series.years:
                    rows.append(_record(result, series.name, year))
        return rows

    def to_data(self) -> dict[str, Any]:
        """The whole evaluation as JSON-ready data, for exporters and services.

        Numbers are ints or floats that read back as the same decimal digits
        (integral values are ints; a figure of at most 15 significant digits is kept
        as it is; a longer, computed one, such as a straight-line expected value, is
        rounded half-up to 4 places), exact rates also as text (``rate_exact``),
        fiscal years as ``R3`` text,
        statuses as their values. Keys keep a fixed order: the same evaluation gives
        the same data.

        Returns:
            A dict with ``as_of``, ``method``, ``rule`` (its bands with labels,
            scores and colours), ``indicators``, ``rollups``, ``budgets``.
        """
        # Imported here: the JSON rules of numbers bring cattrs, which evaluating does not need.
        from kpiplan.grading._data import evaluation_data

        return evaluation_data(self.as_of, self.method, self.indicators, self.rollups, self.budgets)

    def to_dataframe(self, *, exact: bool = False) -> Any:
        """The records as a pandas DataFrame (needs ``pip install "kpiplan[pandas]"``).

        The numbers are for analysis and plots: ``target``, ``actual`` and ``rate``
        are float64 columns with NaN where there is no number, ``fiscal_year`` is
        int64 and ``provisional``/``pending`` are bool, so ``df.plot.bar(y="rate")``
        and ``df.describe()`` work as they do on any numeric frame. The exact figures
        are in :meth:`records`, or here with ``exact=True``.

        Args:
            exact: Keep ``target``, ``actual`` and ``rate`` as the exact Decimals
                (object columns, None where missing) instead of float64.

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
        records = self.records()
        if not exact:
            nan = float("nan")
            for row in records:
                for column in _FLOAT_COLUMNS:
                    value = row[column]
                    row[column] = nan if value is None else float(value)
        frame = pandas.DataFrame.from_records(records, columns=list(RECORD_FIELDS))
        dtypes = dict(_DTYPES)
        if not exact:
            dtypes.update(dict.fromkeys(_FLOAT_COLUMNS, "float64"))
        return frame.astype(dtypes)


def _record(result: IndicatorResult, series: str | None, year: YearResult) -> dict[str, Any]:
    """One row of :meth:`Evaluation.records`."""
    target, actual = year.target, year.actual
    shown = year.expected
    if shown is None and target is not None and target.projected:
        shown = target.value
    original, revised = year.original_target, year.revised_target
    return {
        "indicator": result.indicator_id,
        "csf": result.csf,
        "name": result.name,
        "fiscal_year": year.fiscal_year.year,
        "target": shown,
        "actual": actual.value if actual is not None else None,
        "unit": result.unit,
        "status": actual.status.value if actual is not None else None,
        "rate": year.rate_rounded,
        "grade": year.grade,
        "provisional": year.provisional,
        "pending": year.pending,
        "target_text": target_text(target),
        "actual_text": actual_text(actual),
        "grade_label_ja": year.grade_label_ja,
        "grade_label_en": year.grade_label_en,
        "official_grade": year.official_grade,
        "series": series,
        "target_kind": year.target_kind,
        "original_target": original.value if original is not None else None,
        "original_target_text": target_text(original),
        "revised_target": revised.value if revised is not None else None,
        "revised_target_text": target_text(revised),
        "revision": revision_text(year.revision),
        "reason": year.reason_ja,
    }
