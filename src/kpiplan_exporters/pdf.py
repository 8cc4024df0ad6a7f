"""The ``pdf`` exporter: the plan's progress report, in Japanese, ready to print and file.

A4 pages: a cover (positioning, period, the KGI and its status), a summary of the
grades per CSF with a chart, then per CSF its measures (施策) and 主な指標及び工程 —
for every indicator a table of years × 目標/実績/達成率/評価 with units, 見込み marks,
※ footnotes and 担当課, and a target-versus-actual chart — then activities, budgets,
課題とアクション and category flags. Page numbers "n / N", a header with the plan
title and as-of date, bookmarks per section, CSF and indicator.

Importing this module does not import reportlab; writing a report does.
"""

from __future__ import annotations

from typing import BinaryIO, ClassVar

import attrs

from kpiplan import ExportJob
from kpiplan_exporters._pdf.labels import LANGUAGES, labels_for

__all__ = ["PdfExporter"]


def _check_language(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(
            f"`PdfExporter.language` should be one of {', '.join(LANGUAGES)}, but was {value!r}"
        )


@attrs.frozen(kw_only=True)
class PdfExporter:
    """Writes the plan's progress report as an A4 PDF (reportlab).

    Text is Japanese by default in the built-in CID fonts (HeiseiKakuGo-W5 and
    HeiseiMin-W3), which every PDF viewer has, so no font file is needed; give
    ``font`` to embed a TrueType font instead (an archival copy that looks the same
    everywhere). The same plan gives the same bytes every time.
    """

    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "progress report (A4 PDF, Japanese or English, with charts)"
    requires: ClassVar[tuple[str, ...]] = ("reportlab",)
    extra: ClassVar[str] = "pdf"

    language: str = attrs.field(default="ja", validator=_check_language)
    """Language of the report's own words: ``ja`` (default) or ``en``; plan text is
    printed as written."""
    font: str | None = None
    """Path of a TrueType font (.ttf/.ttc, e.g. IPAex Gothic ipaexg.ttf) to embed;
    None uses the built-in CID fonts, which are not embedded."""
    charts: bool = True
    """Draw the target-versus-actual and grade charts."""
    evaluation: bool = True
    """Show attainment rates, grades, the summary page and the KGI status."""
    author: str | None = None
    """The document's author in its metadata; None uses the plan's organization."""

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the progress report.

        Args:
            job: The plan and its evaluation.
            stream: The binary stream to write the PDF to.

        Raises:
            ExporterError: The font cannot be read or embedded.
        """
        from kpiplan_exporters._pdf.report import ReportSettings, write_report

        settings = ReportSettings(
            labels=labels_for(self.language),
            font=self.font,
            charts=self.charts,
            author=self.author,
        )
        evaluation = job.evaluation if self.evaluation else None
        write_report(job.plan, evaluation, settings, stream)
