"""Reading a workbook back into a plan: a progress workbook or a draft.

``kpiplan.load("report.xlsx")`` comes here through the entry-point group
``kpiplan.readers`` (``kpiplan_exporters.xlsx_reader:read_workbook``). This is the one
place that tells the two kinds of workbook apart: a draft (``kpiplan new``, marked by
its hidden ``_kpiplan_draft`` sheet) is read as a new plan
(:mod:`kpiplan_exporters.draft`); any other workbook as one written by the ``xlsx``
exporter, whose cells an official edits on the 指標 sheet are applied on top of the
plan it carries. Either way every problem is reported at once with its cell
(``指標!F12``). Importing this module does not import openpyxl. In a progress
workbook, a cell edited outside the input cells is ignored with an
:class:`IgnoredEditWarning` naming it, or refused with ``strict=True``
(``kpiplan.load(path, options={"strict": True})``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpiplan import Plan
from kpiplan_exporters._xlsx import reader
from kpiplan_exporters._xlsx.reader import MAX_WORKBOOK_BYTES, IgnoredEditWarning
from kpiplan_exporters.draft import is_draft, read_draft

__all__ = ["MAX_WORKBOOK_BYTES", "IgnoredEditWarning", "read_workbook"]


def read_workbook(path: Path, *, strict: bool = False, **limits: Any) -> Plan:
    """Read a draft or a progress workbook as a plan.

    Args:
        path: The ``.xlsx`` file.
        strict: For a progress workbook, refuse edits outside its input cells
            instead of ignoring them with an :class:`IgnoredEditWarning`. A draft
            has no cells outside its input cells, so it reads the same either way.
        **limits: ``max_bytes``, ``max_members``, ``max_uncompressed``, ``max_ratio``
            (see :func:`kpiplan_exporters._xlsx.reader.read_workbook`).

    Returns:
        The plan.

    Raises:
        PlanFileError: The file is missing, too large, no workbook, not written by
            kpiplan, or breaks a size limit.
        ValidationError: Cells in the wrong form or a plan that is not valid; every
            problem names its cell (with ``strict``, edits outside the input cells too).

    Warns:
        IgnoredEditWarning: A progress workbook was edited outside its input cells.
    """
    if is_draft(path):
        return read_draft(path, **limits)
    return reader.read_workbook(Path(path), strict=strict, **limits)
