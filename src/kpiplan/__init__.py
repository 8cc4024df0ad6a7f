"""kpiplan: the plans Japanese prefectures and municipalities run on.

A plan has a KGI, critical success factors (CSFs) with measures (施策) and KPIs,
yearly targets and actuals, budgets, activities and issues. Read one with
:func:`load`, check it with :func:`validate`, write it with :func:`dump`.
"""

import importlib
from typing import TYPE_CHECKING, Any

from kpiplan._errors import (
    FiscalYearError,
    KpiplanError,
    PlanFileError,
    Problem,
    UnitError,
    ValidationError,
)
from kpiplan._files import atomic_write, dump, dumps, load, loads
from kpiplan._fiscal import ERAS, Era, FiscalYear, YearMonth, format_date, parse_date
from kpiplan._limits import Limits
from kpiplan._model import (
    DEFAULT_STAGE_LADDER,
    Accumulation,
    Activity,
    ActivityDetail,
    Actual,
    ActualStatus,
    Assessment,
    Baseline,
    Budget,
    BudgetLine,
    BudgetStatus,
    CategoryFlag,
    Csf,
    Direction,
    Execution,
    Goal,
    GradeOverride,
    Indicator,
    Issue,
    Measure,
    Observation,
    Plan,
    PlanPeriod,
    Positioning,
    Target,
)
from kpiplan._units import (
    Amount,
    check_unit,
    convert,
    format_amount,
    known_units,
    parse_amount,
    same_kind,
)
from kpiplan._validate import check, validate
from kpiplan._version import __version__

if TYPE_CHECKING:
    from kpiplan._export import ExporterError, export
    from kpiplan._many import (
        ManyPlans,
        PlanFailure,
        PlanResult,
        PlansError,
        find_plan_files,
        iter_many,
        load_many,
        map_many,
        plan_records,
    )
    from kpiplan.grading import (
        DEFAULT_GRADE_SCALE,
        BudgetLineMetrics,
        BudgetMetrics,
        BudgetYearMetrics,
        CostPerUnit,
        Evaluation,
        Forecast,
        Grade,
        GradeScale,
        IndicatorResult,
        Method,
        MissingDependencyError,
        Rollup,
        YearResult,
        evaluate,
    )

# Evaluation and exporting are imported on first use, so that `import kpiplan` (and
# the command line's start-up) stays quick.
_LAZY = {
    **dict.fromkeys(
        (
            "DEFAULT_GRADE_SCALE",
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
        ),
        "kpiplan.grading",
    ),
    "ExporterError": "kpiplan._export",
    "export": "kpiplan._export",
    **dict.fromkeys(
        (
            "ManyPlans",
            "PlanFailure",
            "PlanResult",
            "PlansError",
            "find_plan_files",
            "iter_many",
            "load_many",
            "map_many",
            "plan_records",
        ),
        "kpiplan._many",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kpiplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "DEFAULT_GRADE_SCALE",
    "DEFAULT_STAGE_LADDER",
    "ERAS",
    "Accumulation",
    "Activity",
    "ActivityDetail",
    "Actual",
    "ActualStatus",
    "Amount",
    "Assessment",
    "Baseline",
    "Budget",
    "BudgetLine",
    "BudgetLineMetrics",
    "BudgetMetrics",
    "BudgetStatus",
    "BudgetYearMetrics",
    "CategoryFlag",
    "CostPerUnit",
    "Csf",
    "Direction",
    "Era",
    "Evaluation",
    "Execution",
    "ExporterError",
    "FiscalYear",
    "FiscalYearError",
    "Forecast",
    "Goal",
    "Grade",
    "GradeOverride",
    "GradeScale",
    "Indicator",
    "IndicatorResult",
    "Issue",
    "KpiplanError",
    "Limits",
    "ManyPlans",
    "Measure",
    "Method",
    "MissingDependencyError",
    "Observation",
    "Plan",
    "PlanFailure",
    "PlanFileError",
    "PlanPeriod",
    "PlanResult",
    "PlansError",
    "Positioning",
    "Problem",
    "Rollup",
    "Target",
    "UnitError",
    "ValidationError",
    "YearMonth",
    "YearResult",
    "__version__",
    "atomic_write",
    "check",
    "check_unit",
    "convert",
    "dump",
    "dumps",
    "evaluate",
    "export",
    "find_plan_files",
    "format_amount",
    "format_date",
    "iter_many",
    "known_units",
    "load",
    "load_many",
    "loads",
    "map_many",
    "parse_amount",
    "parse_date",
    "plan_records",
    "same_kind",
    "validate",
]
