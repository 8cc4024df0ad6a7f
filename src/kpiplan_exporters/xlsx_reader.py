"""Reading a workbook back into a plan: a progress workbook or a draft.

``kpiplan.load("report.xlsx")`` comes here through the entry-point group
``kpiplan.readers`` (``kpiplan_exporters.xlsx_reader:read_workbook``). This is the one
place that tells the two kinds of workbook apart: a draft (``kpiplan new``, marked by
its hidden ``_kpiplan_draft`` sheet) is read as a new plan
(:mod:`kpiplan_exporters.draft`); any other workbook as one written by the ``xlsx``
exporter, whose cells an official edits on the 指標 sheet are applied on top of the
plan it carries. Either way every problem is reported at once with its cell
(``指標!F12``). Importing this module does not import openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpiplan import Plan
from kpiplan_exporters._xlsx import reader
from kpiplan_exporters._xlsx.reader import MAX_WORKBOOK_BYTES
from kpiplan_exporters.draft import is_draft, read_draft

__all__ = ["MAX_WORKBOOK_BYTES", "read_workbook"]


def read_workbook(path: Path, **limits: Any) -> Plan:
    """Read a draft or a progress workbook as a plan.

    Args:
        path: The ``.xlsx`` file.
        **limits: ``max_bytes``, ``max_members``, ``max_uncompressed``, ``max_ratio``
            (see :func:`kpiplan_exporters._xlsx.reader.read_workbook`).

    Returns:
        The plan.

    Raises:
        PlanFileError: The file is missing, too large, no workbook, not written by
            kpiplan, or breaks a size limit.
        ValidationError: Cells in the wrong form or a plan that is not valid; every
            problem names its cell.
    """
    if is_draft(path):
        return read_draft(path, **limits)
    return reader.read_workbook(Path(path), **limits)
