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
  final target (its methods in ``_forecast_linear`` and ``_forecast_growth``, what
  they share in ``_forecast_inputs``); ``_budget``: budget metrics; ``_evaluate``:
  :func:`evaluate`, which runs them all; ``_data``: an evaluation as JSON-ready data;
  ``_numbers``: the exact arithmetic and number text they share; ``_explanation``:
  :class:`Explanation`, the words of a result, written when first read.

- ``_rules``: :class:`GradingRule` — a government's rule as data (what is compared,
  how, bands, rounding, exceptions); ``_presets``: the shipped ``presets/*.toml``,
  rule files and a plan's ``[grading]`` table (``docs/grading.md``).

A government's rule is a :class:`GradingRule`: usually a new preset file, no code.
A rule that compares with something new adds its comparison to ``COMPARISONS`` and
``_judge``, a new measure to ``MEASURES`` and ``_judge``. Nothing outside this
package tests grade letters.
"""

from kpiplan.grading._budget import (
    BudgetLineMetrics,
    BudgetMetrics,
    BudgetYearMetrics,
    CostPerUnit,
)
from kpiplan.grading._evaluate import evaluate
from kpiplan.grading._evaluation import RECORD_FIELDS, Evaluation, MissingDependencyError
from kpiplan.grading._explanation import Explanation
from kpiplan.grading._forecast import FORECAST_LABELS, Forecast
from kpiplan.grading._method import (
    BASES,
    CUMULATIVE_BASES,
    DEFAULT_LABELS_EN,
    DEFAULT_LABELS_JA,
    FORECAST_METHODS,
    ROLLUP_MODES,
    TARGET_BASES,
    Method,
)
from kpiplan.grading._presets import (
    PlanGrading,
    UnknownPresetError,
    load_preset,
    load_rule,
    plan_grading,
    preset_names,
    shipped_presets,
)
from kpiplan.grading._results import (
    EXCLUSION_REASONS,
    UNGRADED_REASONS,
    Exclusion,
    IndicatorResult,
    Rollup,
    SeriesResult,
    YearResult,
)
from kpiplan.grading._rules import (
    COMPARISONS,
    DEFAULT_RULE,
    MEASURES,
    MOVES,
    ROUNDINGS,
    TOLERANCE_EDGES,
    TOLERANCE_UNITS,
    GradingRule,
)
from kpiplan.grading._scale import DEFAULT_GRADE_SCALE, NO_GRADE, Grade, GradeScale

__all__ = [
    "BASES",
    "COMPARISONS",
    "CUMULATIVE_BASES",
    "DEFAULT_GRADE_SCALE",
    "DEFAULT_LABELS_EN",
    "DEFAULT_LABELS_JA",
    "DEFAULT_RULE",
    "EXCLUSION_REASONS",
    "FORECAST_LABELS",
    "FORECAST_METHODS",
    "MEASURES",
    "MOVES",
    "NO_GRADE",
    "RECORD_FIELDS",
    "ROLLUP_MODES",
    "ROUNDINGS",
    "TARGET_BASES",
    "TOLERANCE_EDGES",
    "TOLERANCE_UNITS",
    "UNGRADED_REASONS",
    "BudgetLineMetrics",
    "BudgetMetrics",
    "BudgetYearMetrics",
    "CostPerUnit",
    "Evaluation",
    "Exclusion",
    "Explanation",
    "Forecast",
    "Grade",
    "GradeScale",
    "GradingRule",
    "IndicatorResult",
    "Method",
    "MissingDependencyError",
    "PlanGrading",
    "Rollup",
    "SeriesResult",
    "UnknownPresetError",
    "YearResult",
    "evaluate",
    "load_preset",
    "load_rule",
    "plan_grading",
    "preset_names",
    "shipped_presets",
]
