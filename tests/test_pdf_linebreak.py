"""The report's line breaking takes its short cuts without changing a line.

``break_lines`` skips its character by character loop for a text that fits on its
first line, and ``JaParagraph`` reads a paragraph's characters and widths once and
makes each line from runs of a fragment: the lines, and so the PDF's bytes, must be
the ones the loop and reportlab's glyph by glyph ``makeCJKParaLine`` give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from kpiplan_exporters._pdf.fonts import register_cid, register_truetype
from kpiplan_exporters._pdf.linebreak import (
    CANNOT_END,
    CANNOT_START,
    JaParagraph,
    _break_lines,
    break_lines,
)

IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

#: Japanese, Latin and the characters 禁則 is about, spaces of both widths included.
ALPHABET = (
    "あいうえおかきくけこっゃゅょーアイウエオッャ漢字指標達成率目標実績"
    "ABCxyz0123456789-./%: 　" + "".join(sorted(CANNOT_START)) + "".join(sorted(CANNOT_END))
)
TEXTS = st.text(alphabet=ALPHABET, max_size=120)


def fonts() -> list[str]:
    """The fonts the report uses here: the CID gothic, and IPAex Gothic when installed."""
    names = [register_cid()[0]]
    if IPAEX.is_file():
        names.append(register_truetype(str(IPAEX)))
    return names


def lines_of(para_lines: Any) -> list[dict[str, Any]]:
    """The lines of a wrapped paragraph as plain data, fragments included."""
    found = []
    for line in para_lines.lines:
        data = dict(line.__dict__)
        data["words"] = [dict(word.__dict__) for word in line.words]
        found.append(data)
    return [{"kind": para_lines.kind}, *found]


class TestBreakLines:
    """``break_lines`` with its one-line short cut gives the loop's lines."""

    @given(
        TEXTS,
        st.sampled_from([7.5, 8, 9, 10.5]),
        st.floats(min_value=1, max_value=400),
        st.floats(min_value=1, max_value=400),
        st.data(),
    )
    def test_same_lines_as_the_loop(
        self, text: str, size: float, first: float, later: float, data: st.DataObject
    ) -> None:
        """Any text, any widths, forced breaks or none: the same (start, end) spans."""
        font = data.draw(st.sampled_from(fonts()))
        widths = [stringWidth(char, font, size) for char in text]
        hard = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
        for forced in ([], hard):
            expected = _break_lines(list(text), widths, [first, later], forced)
            assert break_lines(list(text), widths, [first, later], forced) == expected

    def test_too_wide_after_a_forced_break(self) -> None:
        """A character wider than the line right after a <br/> gets a line of its own.

        The loop used to add an empty line there for ever, until memory ran out.
        """
        spans = break_lines(list("目標値"), [30.0, 30.0, 30.0], [20.0], [True, False, False])
        assert spans == [(0, 1), (1, 2), (2, 3)]

    def test_fitting_exactly_is_one_line(self) -> None:
        """A text exactly as wide as its line is one line both ways."""
        widths = [10.0, 10.0, 10.0]
        assert break_lines(list("指標値"), widths, [30.0]) == [(0, 3)]
        assert _break_lines(list("指標値"), widths, [30.0], []) == [(0, 3)]
        assert break_lines(list("指標値"), widths, [29.0]) == [(0, 2), (2, 3)]


#: Markup around a piece of text: plain, another size, another colour, underlined.
WRAPS = st.sampled_from(
    ["{}", '<font size="7">{}</font>', '<font color="red">{}</font>', "<u>{}</u>"]
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    """Paragraph markup of escaped pieces of text in several styles, with <br/>."""
    pieces = []
    for text in draw(st.lists(TEXTS, max_size=5)):
        pieces.append(draw(WRAPS).format(escape(text)))
        pieces.append(draw(st.sampled_from(["", "", "<br/>", "<br/><br/>"])))
    return "".join(pieces)


class TestJaParagraph:
    """A paragraph's lines are the ones reportlab's glyph by glyph way makes."""

    @settings(max_examples=200, deadline=None)
    @given(
        markup(),
        st.sampled_from([7.5, 8, 9]),
        st.lists(st.floats(min_value=5, max_value=300), min_size=1, max_size=2),
        st.floats(min_value=5, max_value=300),
        st.data(),
    )
    def test_same_lines_as_glyph_by_glyph(
        self,
        text: str,
        size: float,
        widths: list[float],
        before: float,
        data: st.DataObject,
    ) -> None:
        """Same lines, words and widths, also when wrapped at another width first."""
        font = data.draw(st.sampled_from(fonts()))
        style = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.3)
        paragraph = JaParagraph(text, style)
        paragraph.breakLinesCJK([before])  # reportlab wraps a cell more than once
        fast = lines_of(paragraph.breakLinesCJK(widths))
        assert fast == lines_of(JaParagraph(text, style)._break_glyphs(widths))

    def test_empty_paragraph(self) -> None:
        """A paragraph of no text has no lines, as reportlab's own gives it."""
        style = ParagraphStyle("cell", fontName=register_cid()[0], fontSize=8)
        assert lines_of(JaParagraph("", style).breakLinesCJK([50])) == lines_of(
            JaParagraph("", style)._break_glyphs([50])
        )

    def test_font_registered_again_is_measured_again(self) -> None:
        """Widths are kept per font, not per name: a font registered anew is measured anew."""
        name = "KpiplanLinebreakTest"
        text = "iiiiiiiiii"
        style = ParagraphStyle("cell", fontName=name, fontSize=10)
        for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
            addMapping(name, bold, italic, name)
        spans = []
        for face in ("Helvetica", "Courier"):
            pdfmetrics.registerFont(pdfmetrics.Font(name, face, "WinAnsiEncoding"))
            para_lines = JaParagraph(text, style).breakLinesCJK([40])
            spans.append([line.words[0].text for line in para_lines.lines])
        # Helvetica's i is 2.2 points wide at 10 points, Courier's 6.
        assert spans == [[text], ["iiiiii", "iiii"]]


@pytest.mark.parametrize("font", fonts())
def test_table_cell_of_one_line(font: str) -> None:
    """The common case, a cell that fits, is one line holding the whole text."""
    style = ParagraphStyle("cell", fontName=font, fontSize=8)
    para_lines = JaParagraph("達成率 87.5%（見込み）", style).breakLinesCJK([200])
    assert [[word.text for word in line.words] for line in para_lines.lines] == [
        ["達成率 87.5%（見込み）"]
    ]
