"""kpiplan's exporters, and the contract every exporter (ours or a plugin's) follows.

Exporters are found through the entry-point group ``kpiplan.exporters``; kpiplan's own
(``json``, ``xlsx``, ``pdf``) are registered there exactly as a plugin's would be.
Listing names imports no exporter; a broken plugin is reported, never fatal.

Writing one: see ``docs/writing-an-exporter.md`` and :mod:`kpiplan_exporters.testing`.
The registry is kpiplan's (``kpiplan.get_exporter`` …); this package gives it the
short names a plugin author types, with the guard every exporter puts on plan text.
"""

from kpiplan import EXPORTER_GROUP as GROUP
from kpiplan import (
    FORMULA_STARTS,
    Exporter,
    ExporterEntry,
    ExporterError,
    ExporterNotFoundError,
    ExportJob,
    is_formula_like,
    make_exporter,
    neutralise_formula,
)
from kpiplan import exporter_entries as entries
from kpiplan import exporter_names as available
from kpiplan import get_exporter as get
from kpiplan import refresh_exporters as refresh

__all__ = [
    "FORMULA_STARTS",
    "GROUP",
    "ExportJob",
    "Exporter",
    "ExporterEntry",
    "ExporterError",
    "ExporterNotFoundError",
    "available",
    "entries",
    "get",
    "is_formula_like",
    "make_exporter",
    "neutralise_formula",
    "refresh",
]
