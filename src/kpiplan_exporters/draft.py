"""The draft workbook: a new plan written in Excel, and read back as a plan.

``kpiplan new plan.xlsx`` finds :func:`write_draft` through the entry-point group
``kpiplan.templates`` (keyed by suffix, like ``kpiplan.readers``), so that the core
never imports an exporter; a plugin may register a template for another suffix::

    [project.entry-points."kpiplan.templates"]
    xlsx = "kpiplan_exporters.draft:write_draft"

``kpiplan.load("plan.xlsx")`` reads a filled-in draft through the ``.xlsx`` reader
(:func:`kpiplan_exporters.xlsx_reader.read_workbook`), which tells a draft from a
progress workbook by :func:`is_draft`. Importing this module does not import openpyxl.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kpiplan import Plan
from kpiplan_exporters._xlsx.draft.layout import DRAFT_SHEET
from kpiplan_exporters._xlsx.draft.writer import write_draft

__all__ = ["is_draft", "read_draft", "write_draft"]

#: workbook.xml of a draft is a few kilobytes; a larger one is no draft of ours.
_MAX_WORKBOOK_XML = 1024 * 1024


def is_draft(path: str | Path) -> bool:
    """Whether a file is a draft workbook (it has the hidden ``_kpiplan_draft`` sheet).

    Only the workbook's sheet list is looked at, as bytes, never parsed as XML; a
    file that is no workbook is no draft.

    Args:
        path: The file.

    Returns:
        True for a draft workbook, also after Excel or LibreOffice saved it.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _MAX_WORKBOOK_XML:
                return False
            content = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f'name="{DRAFT_SHEET}"'.encode() in content


def read_draft(path: str | Path, **limits: Any) -> Plan:
    """Read a filled-in draft workbook as a plan.

    Args:
        path: The ``.xlsx`` file.
        **limits: The size limits of :func:`kpiplan_exporters.xlsx_reader.read_workbook`.

    Returns:
        The plan.

    Raises:
        PlanFileError: The file is missing, too large, or no workbook.
        ValidationError: Every problem, each at its cell (``指標!F12``).
    """
    from kpiplan_exporters._xlsx.draft.reader import read_draft_workbook
    from kpiplan_exporters._xlsx.reader import open_workbook

    source = str(path)
    workbook = open_workbook(Path(path), **limits)
    try:
        return read_draft_workbook(workbook, source)
    finally:
        workbook.close()
