"""The ``xlsx`` exporter: an Excel workbook officials read, print, fill in and send back.

Sheets: 概要 (summary), 指標 (indicators with 目標/実績/状態/達成率/評価 by year),
予算 (budgets, totals as numbers), 取組 (activities), 課題 (issues), データ (tidy
records as an Excel table), グラフ (a chart per quantitative indicator) and a very
hidden sheet carrying the whole plan, so that :func:`kpiplan.load` reads the workbook
back (see :mod:`kpiplan_exporters.xlsx_reader`). openpyxl is imported only when
:meth:`XlsxExporter.write` runs.
"""

from __future__ import annotations

from typing import BinaryIO, ClassVar

import attrs

from kpiplan import ExportJob

__all__ = ["XlsxExporter"]


@attrs.frozen(kw_only=True)
class XlsxExporter:
    """Writes the plan as an Excel workbook that reads back into the same plan.

    The output is deterministic: the same plan gives the same bytes (zip dates
    and document properties are fixed). Plan text is always text, never a formula.
    """

    name: ClassVar[str] = "xlsx"
    extension: ClassVar[str] = ".xlsx"
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    description: ClassVar[str] = (
        "Excel workbook: summary, indicators by year, budgets, data table, charts; "
        "kpiplan.load reads it back"
    )
    requires: ClassVar[tuple[str, ...]] = ("openpyxl",)
    extra: ClassVar[str] = "xlsx"

    language: str = attrs.field(default="ja", validator=attrs.validators.in_(("ja", "en")))
    """Labels in Japanese (``ja``, the default) or English (``en``)."""
    max_charts: int = attrs.field(default=50, validator=attrs.validators.ge(0))
    """Most indicators that get a chart on the グラフ sheet (plan order)."""
    division: str | None = attrs.field(default=None)
    """Only this 担当課's indicators: the workbook to send a division to fill in
    (``kpiplan.cycle.handout``); None: the whole plan. ``kpiplan export --division``
    sets it, and ``--division '*'`` writes one workbook per division."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the plan as an .xlsx workbook.

        Args:
            job: The plan and its evaluation.
            stream: The binary stream to write the workbook to.
        """
        from kpiplan_exporters._xlsx.layout import Language
        from kpiplan_exporters._xlsx.writer import write_workbook

        language: Language = "en" if self.language == "en" else "ja"
        write_workbook(
            job,
            stream,
            language=language,
            max_charts=self.max_charts,
            division=self.division,
        )
