"""Page furniture: the header (plan title, dates), the footer ``n / N`` and the document.

Text drawn straight on the canvas (header, footer, outline) is not markup and needs
no escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kpiplan import Plan, __version__
from kpiplan_exporters._pdf.labels import Labels
from kpiplan_exporters._pdf.styles import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SOFT,
)

__all__ = ["document"]

#: The form XObject that holds the page count, drawn on every page and defined last.
PAGE_COUNT_FORM = "kpiplanPageCount"


class _ReportCanvas(Canvas):  # type: ignore[misc]
    """A canvas that counts its pages and writes the count into a form every page shows."""

    def __init__(self, *args: Any, count_font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages = 0
        self._count_font = (count_font, 8.0)

    def showPage(self) -> None:
        self._pages += 1
        super().showPage()

    def save(self) -> None:
        # "n / N" needs N before it is known: every page draws the form, defined here.
        self.beginForm(PAGE_COUNT_FORM)
        self.setFont(*self._count_font)
        self.setFillColor(SOFT)
        self.drawString(0, 0, str(self._pages))
        self.endForm()
        super().save()


def _truncate(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def document(
    stream: BinaryIO,
    plan: Plan,
    words: Labels,
    *,
    font: str,
    header_right: str,
    subject: str,
    author: str,
) -> tuple[BaseDocTemplate, Callable[..., Canvas]]:
    """The A4 document with its header and footer on every page, and its canvas maker.

    Args:
        stream: Where the PDF goes.
        plan: The plan (its title heads every page).
        words: The report's labels.
        font: The font of the header and footer.
        header_right: The header's right side (実績基準日, 評価年度).
        subject: The document's subject in its metadata.
        author: The document's author in its metadata.

    Returns:
        The document template and the canvas maker to build it with.
    """

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(SOFT)
        top = PAGE_HEIGHT - 11 * mm
        right_width = pdfmetrics.stringWidth(header_right, font, 8)
        title_width = CONTENT_WIDTH - right_width - 8 * mm
        canvas.drawString(MARGIN, top, _truncate(plan.title, font, 8, title_width))
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, header_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
        footer = words["page"].format(page=canvas.getPageNumber())
        width = pdfmetrics.stringWidth(footer, font, 8)
        x = PAGE_WIDTH / 2 - width / 2 - 4
        canvas.drawString(x, 9 * mm, footer)
        canvas.translate(x + width, 9 * mm)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()

    def make_canvas(*args: Any, **kwargs: Any) -> _ReportCanvas:
        canvas = _ReportCanvas(*args, count_font=font, **kwargs)
        canvas.showOutline()
        return canvas

    doc = BaseDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=plan.title,
        author=author,
        subject=subject,
        creator=f"kpiplan {__version__}",
        keywords=["KPI", "KGI", "CSF", plan.organization],
        lang=words.pdf_language,
        invariant=1,
        # The canvas's initial font is named on every page: ours, so that the PDF
        # refers to no font it does not embed (reportlab's default is Helvetica).
        initialFontName=font,
    )
    frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - 2 * MARGIN, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    return doc, make_canvas
