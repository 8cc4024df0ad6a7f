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

import os
from typing import BinaryIO, ClassVar

import attrs

from kpiplan import ExporterError, ExportJob
from kpiplan_exporters._pdf.labels import LANGUAGES, labels_for
from kpiplan_exporters._pdf.notices import FontNotEmbeddedWarning

__all__ = ["FontNotEmbeddedWarning", "PdfExporter"]


def _check_source_date_epoch() -> None:
    # reportlab reads SOURCE_DATE_EPOCH itself and fails with a bare ValueError on
    # anything but an integer: say what is wrong in our words first.
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not value.isdigit():
        raise ExporterError(
            "pdf",
            "SOURCE_DATE_EPOCH should be a whole number of seconds since "
            f"1970-01-01 00:00 UTC, but was {value!r}",
        )


def _check_language(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(
            f"`PdfExporter.language` should be one of {', '.join(LANGUAGES)}, but was {value!r}"
        )


@attrs.frozen(kw_only=True)
class PdfExporter:
    """Writes the plan's progress report as an A4 PDF (reportlab).

    Text is Japanese by default, set in the first Japanese TrueType font installed
    in the usual places (IPAex Gothic, IPA Gothic, Noto Sans JP TrueType, MS Gothic),
    embedded so that the report looks the same everywhere. Without one the built-in
    CID fonts (HeiseiKakuGo-W5, HeiseiMin-W3) are used, not embedded, with a
    :class:`FontNotEmbeddedWarning`. The same plan and fonts give the same bytes
    every time; the creation date is ``SOURCE_DATE_EPOCH`` when set, else 2000-01-01.
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
    ``cid`` for the built-in CID fonts (not embedded); None for the best Japanese
    TrueType font installed, or the CID fonts with a warning."""
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
            ExporterError: The font cannot be read or embedded, or
                ``SOURCE_DATE_EPOCH`` is not a number of seconds.
        """
        from kpiplan_exporters._pdf.report import ReportSettings, write_report

        _check_source_date_epoch()
        settings = ReportSettings(
            labels=labels_for(self.language),
            font=self.font,
            charts=self.charts,
            author=self.author,
        )
        evaluation = job.evaluation if self.evaluation else None
        write_report(job.plan, evaluation, settings, stream)
