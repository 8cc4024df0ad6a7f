"""Grading: how a plan's indicators are judged, and what the judgement holds.

:func:`evaluate` judges every indicator in every year of a plan, as of one fiscal
year, the way Japanese prefectures publish it (達成率 and A/B/C/D 評価), and
explains each figure in Japanese and English; ``docs/attainment.md`` is the method.

Where things live (private modules, public names re-exported here):

- ``_scale``: :class:`GradeScale` — which grades there are, their order, rate
  thresholds, roll-up scores, colours and words. Every module that gives, counts
  or colours grades asks the scale, never a letter.
- ``_method``: :class:`Method` — the options of a judgement; ``Method.scale``.
- ``_results``: :class:`YearResult`, :class:`IndicatorResult`, :class:`Rollup` —
  plain values; ``_evaluation``: :class:`Evaluation` and its records.
- ``_judge``: one indicator in one year (expected value, met test, rate, grade).
- ``_rollup``: a CSF's or the plan's grades; ``_forecast``: trends against the
  final target; ``_budget``: budget metrics; ``_evaluate``: :func:`evaluate`,
  which runs them all; ``_data``: an evaluation as JSON-ready data;
  ``_numbers``: the exact arithmetic and number text they share.

A new grading rule family (a ratio with other bands, movement from the baseline,
symbols such as ◎○△×) starts as a new :class:`GradeScale` (its grades, thresholds,
scores, colours and words) carried by the :class:`Method`; a rule that compares
with something else than the year's target adds its comparison to ``_judge``
beside the ratio and progress rates. Nothing outside this package tests grade
letters.
"""

from kpiplan.grading._budget import (
    BudgetLineMetrics,
    BudgetMetrics,
    BudgetYearMetrics,
    CostPerUnit,
)
from kpiplan.grading._evaluate import evaluate
from kpiplan.grading._evaluation import RECORD_FIELDS, Evaluation, MissingDependencyError
from kpiplan.grading._forecast import FORECAST_LABELS, Forecast
from kpiplan.grading._method import (
    BASES,
    CUMULATIVE_BASES,
    DEFAULT_LABELS_EN,
    DEFAULT_LABELS_JA,
    FORECAST_METHODS,
    ROLLUP_MODES,
    Method,
)
from kpiplan.grading._results import IndicatorResult, Rollup, YearResult
from kpiplan.grading._scale import DEFAULT_GRADE_SCALE, NO_GRADE, Grade, GradeScale

__all__ = [
    "BASES",
    "CUMULATIVE_BASES",
    "DEFAULT_GRADE_SCALE",
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
    "Grade",
    "GradeScale",
    "IndicatorResult",
    "Method",
    "MissingDependencyError",
    "Rollup",
    "YearResult",
    "evaluate",
]
