"""The yearly cycle: values with their history, what changed, collecting returned files.

A planning section sends each responsible division (担当課) its indicators, collects
the filled-in figures, merges them into the plan with their history, and compares
versions (docs/yearly-cycle.md):

>>> import kpiplan
>>> from kpiplan.cycle import diff
>>> plan = kpiplan.load("examples/digital_tokushima.toml")
>>> bool(diff(plan, plan))
False

Importing this package imports cattrs (the plan's data) but no exporter.
"""

from kpiplan._history import as_known_at
from kpiplan.cycle._collect import Collection, collect, fingerprint, handout
from kpiplan.cycle._diff import Change, ChangeKind, PlanDiff, diff, indicator_paths
from kpiplan.cycle._tomlfile import updated_toml, write_plan

__all__ = [
    "Change",
    "ChangeKind",
    "Collection",
    "PlanDiff",
    "as_known_at",
    "collect",
    "diff",
    "fingerprint",
    "handout",
    "indicator_paths",
    "updated_toml",
    "write_plan",
]
