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
from kpiplan._limits import Limits, current_limits
from kpiplan._model import (
    DEFAULT_STAGE_LADDER,
    MAX_SIGNIFICANT_DIGITS,
    Accumulation,
    Activity,
    ActivityDetail,
    Actual,
    ActualStatus,
    AmountBasis,
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
    GradingChoice,
    Indicator,
    Issue,
    Measure,
    NationalRank,
    Observation,
    Plan,
    PlanPeriod,
    Positioning,
    Revision,
    Series,
    SeriesRule,
    Source,
    Target,
    TargetKind,
    Trend,
    UnitDefinition,
    YearBasis,
)
from kpiplan._text import FORMULA_STARTS, is_formula_like, neutralise_formula
from kpiplan._units import (
    Amount,
    check_unit,
    convert,
    format_amount,
    is_money,
    known_units,
    parse_amount,
    same_kind,
    unit_kind,
    units_of,
)
from kpiplan._validate import check, validate
from kpiplan._version import __version__

if TYPE_CHECKING:
    from kpiplan._converter import to_data
    from kpiplan._export import (
        EXPORTER_GROUP,
        Exporter,
        ExporterEntry,
        ExporterError,
        ExporterNotFoundError,
        ExportJob,
        export,
        exporter_entries,
        exporter_names,
        get_exporter,
        make_exporter,
        refresh_exporters,
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
        GradingRule,
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
            "GradingRule",
            "IndicatorResult",
            "Method",
            "MissingDependencyError",
            "Rollup",
            "YearResult",
            "evaluate",
        ),
        "kpiplan.grading",
    ),
    **dict.fromkeys(
        (
            "EXPORTER_GROUP",
            "ExportJob",
            "Exporter",
            "ExporterEntry",
            "ExporterError",
            "ExporterNotFoundError",
            "export",
            "exporter_entries",
            "exporter_names",
            "get_exporter",
            "make_exporter",
            "refresh_exporters",
        ),
        "kpiplan._export",
    ),
    "to_data": "kpiplan._converter",
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
    "EXPORTER_GROUP",
    "FORMULA_STARTS",
    "MAX_SIGNIFICANT_DIGITS",
    "Accumulation",
    "Activity",
    "ActivityDetail",
    "Actual",
    "ActualStatus",
    "Amount",
    "AmountBasis",
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
    "ExportJob",
    "Exporter",
    "ExporterEntry",
    "ExporterError",
    "ExporterNotFoundError",
    "FiscalYear",
    "FiscalYearError",
    "Forecast",
    "Goal",
    "Grade",
    "GradeOverride",
    "GradeScale",
    "GradingChoice",
    "GradingRule",
    "Indicator",
    "IndicatorResult",
    "Issue",
    "KpiplanError",
    "Limits",
    "Measure",
    "Method",
    "MissingDependencyError",
    "NationalRank",
    "Observation",
    "Plan",
    "PlanFileError",
    "PlanPeriod",
    "Positioning",
    "Problem",
    "Revision",
    "Rollup",
    "Series",
    "SeriesRule",
    "Source",
    "Target",
    "TargetKind",
    "Trend",
    "UnitDefinition",
    "UnitError",
    "ValidationError",
    "YearBasis",
    "YearMonth",
    "YearResult",
    "__version__",
    "atomic_write",
    "check",
    "check_unit",
    "convert",
    "current_limits",
    "dump",
    "dumps",
    "evaluate",
    "export",
    "exporter_entries",
    "exporter_names",
    "format_amount",
    "format_date",
    "get_exporter",
    "is_formula_like",
    "is_money",
    "known_units",
    "load",
    "loads",
    "make_exporter",
    "neutralise_formula",
    "parse_amount",
    "parse_date",
    "refresh_exporters",
    "same_kind",
    "to_data",
    "unit_kind",
    "units_of",
    "validate",
]
