"""The report's look: page geometry, colours, paragraph and table styles.

Imported only while a report is written (it imports reportlab). Every piece of plan
text goes through :func:`esc` before it reaches reportlab's paragraph markup, so
``<``, ``&`` and ``<a href=…>`` in a plan are printed, never interpreted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from kpiplan_exporters._pdf.labels import DASH

__all__ = [
    "ACCENT",
    "CELL_PADDING",
    "CELL_SIZE",
    "CONTENT_WIDTH",
    "HEAD_FILL",
    "INK",
    "LABEL_FILL",
    "LABEL_WIDTH",
    "MARGIN",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "RULE",
    "SOFT",
    "esc",
    "grid",
    "lines",
    "make_styles",
    "percent",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 22 * mm
#: Font size and side padding of table cells.
CELL_SIZE = 8
CELL_PADDING = 3

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#8c8c8c")
HEAD_FILL = colors.HexColor("#dde6f0")
LABEL_FILL = colors.HexColor("#f1f4f8")
SOFT = colors.HexColor("#5a5a5a")


def make_styles(sans: str, serif: str) -> dict[str, ParagraphStyle]:
    """The paragraph styles of the report, by name, in the given fonts.

    Args:
        sans: The font of headings and tables.
        serif: The font of prose.

    Returns:
        Style name → style.
    """
    base = ParagraphStyle(
        "body", fontName=serif, fontSize=9, leading=13.5, wordWrap="CJK", textColor=INK
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": style("small", fontName=sans, fontSize=7.5, leading=10, textColor=SOFT),
        "note": style("note", fontName=sans, fontSize=7.5, leading=10.5),
        "title": style("title", fontName=sans, fontSize=24, leading=32, alignment=TA_CENTER),
        "subtitle": style("subtitle", fontName=sans, fontSize=14, leading=20, alignment=TA_CENTER),
        "center": style("center", fontName=sans, fontSize=10, leading=15, alignment=TA_CENTER),
        "h1": style(
            "h1",
            fontName=sans,
            fontSize=15,
            leading=21,
            textColor=colors.white,
            backColor=ACCENT,
            borderPadding=(4, 6, 4, 6),
            spaceBefore=2,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=sans,
            fontSize=11.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=sans,
            fontSize=10,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "cell": style("cell", fontName=sans, fontSize=8, leading=10.5),
        "cell_center": style(
            "cell_center", fontName=sans, fontSize=8, leading=10.5, alignment=TA_CENTER
        ),
        "cell_right": style(
            "cell_right", fontName=sans, fontSize=8, leading=10.5, alignment=TA_RIGHT
        ),
        "cell_head": style(
            "cell_head", fontName=sans, fontSize=8, leading=10.5, alignment=TA_CENTER
        ),
        "box": style("box", fontName=sans, fontSize=10.5, leading=15, alignment=TA_CENTER),
    }


def esc(text: str) -> str:
    """Plan text made safe for Paragraph markup: ``<``, ``>`` and ``&`` become entities."""
    return escape(text)


def lines(*parts: str) -> str:
    """Escaped lines joined with line breaks (the breaks are our markup, not the plan's)."""
    return "<br/>".join(esc(part) for part in parts if part)


def percent(value: Decimal | None) -> str:
    """A published rate or share: ``105.6%``, or － when there is none."""
    # The published figure keeps its decimal place: 170.0%, not 170%.
    return DASH if value is None else f"{value:,f}%"


def grid(extra: list[tuple[Any, ...]]) -> TableStyle:
    """The tables' thin grid and padding, and ``extra`` commands."""
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            *extra,
        ]
    )
