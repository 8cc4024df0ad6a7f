"""Reading a workbook written by the ``xlsx`` exporter back into a plan.

``kpiplan.load("report.xlsx")`` comes here through the entry-point group
``kpiplan.readers`` (``kpiplan_exporters.xlsx_reader:read_workbook``). The cells an
official edits on the 指標 sheet are applied on top of the plan the workbook
carries; every problem is reported at once with its cell (``指標!F12``). The work
is done in :mod:`kpiplan_exporters._xlsx.reader`; importing this module does not
import openpyxl. A cell edited outside the input cells is ignored with an
:class:`IgnoredEditWarning` naming it, or refused with ``strict=True``
(``kpiplan.load(path, options={"strict": True})``).
"""

from kpiplan_exporters._xlsx.reader import MAX_WORKBOOK_BYTES, IgnoredEditWarning, read_workbook

__all__ = ["MAX_WORKBOOK_BYTES", "IgnoredEditWarning", "read_workbook"]
