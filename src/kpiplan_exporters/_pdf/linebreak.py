"""Japanese line breaking (禁則処理) for the report's paragraphs.

reportlab's ``wordWrap="CJK"`` knows which characters may not start a line, but
hangs such a character past the right edge (so it runs across a table cell's
border), never checks which may not *end* a line (a line could end with （), and
breaks a run of Latin text right after an opening bracket. :class:`JaParagraph`
breaks lines itself, by :func:`break_lines`:

- no line starts with a closing bracket, 、。, ー, ・, 々 or a small kana;
- no line ends with an opening bracket （「『【 …;
- a run of Latin letters and digits (``2022-03-31``, ``RPA``) stays whole, breaking
  at its spaces, unless it alone is wider than the line;
- no line is wider than its width: nothing hangs into the margin.

Only when a line holds no allowed break at all (one unbroken run wider than the
line) is it cut where it is full.

The report sets some 23,000 paragraphs at 1,000 indicators, most of them table
cells of one line, and reportlab wraps each two or three times (to measure a
table, to split it, to draw it). So a paragraph's characters and their widths are
read once (:class:`_Text`, widths cached per font and size), a text that fits on
its first line skips the breaker, and each line is made from runs of one fragment
instead of glyph by glyph. The lines are the ones reportlab's ``makeCJKParaLine``
makes from the same glyphs (tests/test_pdf_linebreak.py), so the PDF's bytes are too.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (
    FragLine,
    ParaLines,
    cjkU,
    makeCJKParaLine,
    sameFrag,
)

__all__ = ["CANNOT_END", "CANNOT_START", "JaParagraph", "break_lines"]

#: Characters no line may start with: closing brackets and stops (JIS X 4051's
#: 行頭禁則), the long vowel mark, middle dot, iteration marks and small kana.
CANNOT_START: Final = frozenset(
    "、。，．,.:;?!！？：；)]}）〕］｝〉》」』】〙〗〟’”»"
    "ー・ヽヾゝゞ々〻‐゠–〜～"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "％%‰℃°′″"
)
#: Characters no line may end with: opening brackets (行末禁則).
CANNOT_END: Final = frozenset("([{（〔［｛〈《「『【〘〖〝‘“«")


def _latin(char: str) -> bool:
    # Letters, digits and their punctuation below U+3000 form words that stay whole.
    return ord(char) < 0x3000 and not char.isspace()


@functools.cache
def _space(char: str) -> bool:
    return unicodedata.category(char) == "Zs"


def _may_break(chars: Sequence[str], at: int) -> bool:
    """True when a line may end before ``chars[at]``."""
    before, after = chars[at - 1], chars[at]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if _space(after):
        # A space ends the line it follows, so a line never starts with one.
        return False
    return not (_latin(before) and _latin(after))


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard: Sequence[bool] = (),
) -> list[tuple[int, int]]:
    """Where the lines of a text end, by the rules of Japanese line breaking.

    Args:
        chars: The text, one character each.
        widths: The width of each character, none negative.
        max_widths: The width of each line; the last one for every further line.
        hard: Per character, True when a forced break follows it (``<br/>``).

    Returns:
        (start, end) of each line, ``chars[start:end]``.
    """
    count = len(chars)
    # Widths are never negative, so a text whose whole width fits the first line
    # never overflows on the way: it is one line, as the loop below would find.
    if count and not any(hard) and sum(widths) <= max_widths[0] + 1e-6:
        return [(0, count)]
    return _break_lines(chars, widths, max_widths, hard)


def _break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard: Sequence[bool],
) -> list[tuple[int, int]]:
    """:func:`break_lines` character by character, for texts wider than one line."""
    lines: list[tuple[int, int]] = []
    start = 0
    count = len(chars)
    while start < count:
        room = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        fits = start
        while end < count:
            used += widths[end]
            end += 1
            if hard and hard[end - 1]:
                fits = end
                break
            if used > room + 1e-6 and not _space(chars[end - 1]):
                end -= 1
                break
            fits = end
        # fits == start: the first character alone is too wide (it is cut below).
        if fits == count or (hard and fits > start and hard[fits - 1]):
            lines.append((start, fits))
            start = fits
            continue
        cut = next((at for at in range(fits, start, -1) if _may_break(chars, at)), None)
        if cut is None:
            # One unbroken run fills the line: cut it where it is full.
            cut = max(fits, start + 1)
        lines.append((start, cut))
        start = cut
    return lines


#: Width of each character, per (font name, size), with the font it was measured in.
_WIDTHS: dict[tuple[str, float], tuple[Any, dict[str, float]]] = {}


def _widths_in(font_name: str, size: float) -> dict[str, float]:
    """The widths of characters measured so far in a font and size."""
    font = getFont(font_name)
    known = _WIDTHS.get((font_name, size))
    if known is None or known[0] is not font:
        # A font registered again under the same name has widths of its own.
        known = _WIDTHS[(font_name, size)] = (font, {})
    return known[1]


class _Text:
    """A paragraph's characters, their widths, and the fragments they come from.

    Holds what reportlab's ``cjkU`` glyphs hold, read once per paragraph: a
    ``<br/>`` with no character before it is an empty glyph (``"\\n"`` here).
    """

    __slots__ = ("chars", "hard", "runs", "widths")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.widths: list[float] = []
        self.hard: list[bool] = []
        #: (start, end, fragment, its glyphs' text, sameFrag(fragment, fragment)).
        self.runs: list[tuple[int, int, Any, str, bool]] = []

    @classmethod
    def of(cls, frags: Sequence[Any]) -> _Text | None:
        """The text of a paragraph's fragments; None if one holds an image or a callback.

        Args:
            frags: The paragraph's fragments.

        Returns:
            The text, or None for the glyph by glyph way.
        """
        text = cls()
        chars, widths, hard = text.chars, text.widths, text.hard
        for frag in frags:
            if hasattr(frag, "cbDefn"):
                return None
            if frag.text:
                known = _widths_in(frag.fontName, frag.fontSize)
                for char in frag.text:
                    width = known.get(char)
                    if width is None:
                        width = known[char] = stringWidth(char, frag.fontName, frag.fontSize)
                    widths.append(width)
                text._add(frag, frag.text, frag.text)
            if hasattr(frag, "lineBreak"):
                if chars and not hard[-1]:
                    hard[-1] = True
                else:
                    widths.append(stringWidth("", frag.fontName, frag.fontSize))
                    text._add(frag, "\n", "")
                    hard[-1] = True
        return text

    def _add(self, frag: Any, chars: str, shown: str) -> None:
        start = len(self.chars)
        self.chars += chars
        self.hard += [False] * len(chars)
        self.runs.append((start, len(self.chars), frag, shown, bool(sameFrag(frag, frag))))

    def line(self, start: int, end: int, max_width: float, used: float, line_break: bool) -> Any:
        """The line of ``chars[start:end]``, as ``makeCJKParaLine`` makes it of their glyphs.

        Args:
            start: Its first character.
            end: After its last character.
            max_width: The width of the line.
            used: The width its characters take.
            line_break: Whether a forced break ends it.

        Returns:
            The reportlab ``FragLine``.
        """
        words = []
        current: Any = FragLine()
        parts: list[str] = []
        max_size: float = 0
        max_ascent: float = 0
        min_descent: float = 0
        for first, last, frag, shown, self_same in self.runs:
            if last <= start:
                continue
            if first >= end:
                break
            size = frag.fontSize
            ascent, descent = getAscentDescent(frag.fontName, size)
            max_size = max(max_size, size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            begin, stop = max(first, start) - first, min(last, end) - first
            # makeCJKParaLine starts a word at each glyph unlike the one before it;
            # the glyphs of one fragment are alike unless it is a <br/>.
            for at in range(begin, stop if not self_same else begin + 1):
                if not sameFrag(current, frag):
                    words.append(_word(current, parts))
                    parts = []
                    current = frag
                parts.append(shown[at : at + 1] if not self_same else shown[at:stop])
        if parts:
            words.append(_word(current, parts))
        return FragLine(
            kind=1,
            extraSpace=max_width - used,
            wordCount=1,
            words=words[1:],
            fontSize=max_size,
            ascent=max_ascent,
            descent=min_descent,
            maxWidth=max_width,
            currentWidth=used,
            lineBreak=line_break,
        )


def _word(frag: Any, parts: list[str]) -> Any:
    """A copy of ``frag`` holding the text of ``parts``: a word of a line."""
    word = frag.clone()
    word.text = "".join(parts)
    return word


class JaParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines break by :func:`break_lines` (used with ``wordWrap="CJK"``)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """The paragraph's lines within ``maxWidths``, by Japanese line breaking."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        self.height = 0
        read = getattr(self, "_ja_text", None)
        if read is None or read[0] is not self.frags:
            # reportlab wraps a paragraph several times; its fragments stay the same.
            read = self._ja_text = (self.frags, _Text.of(self.frags))
        text = read[1]
        if text is None:
            return self._break_glyphs(maxWidths)
        if not text.chars:
            return self._no_lines()
        chars, widths, hard = text.chars, text.widths, text.hard
        lines = []
        for number, (start, end) in enumerate(break_lines(chars, widths, maxWidths, hard)):
            width = maxWidths[min(number, len(maxWidths) - 1)]
            lines.append(
                text.line(start, end, width, _used(chars, widths, start, end), hard[end - 1])
            )
        return ParaLines(kind=1, lines=lines)

    def _break_glyphs(self, maxWidths: Sequence[float]) -> Any:
        """:meth:`breakLinesCJK` glyph by glyph (reportlab's ``cjkU``, ``makeCJKParaLine``)."""
        glyphs: list[Any] = []
        hard: list[bool] = []
        for frag in self.frags:
            if frag.text:
                glyphs += [cjkU(char, frag, "utf8") for char in frag.text]
                hard += [False] * len(frag.text)
            if hasattr(frag, "lineBreak"):
                if glyphs and not hard[-1]:
                    hard[-1] = True
                else:
                    glyphs.append(cjkU("", frag, "utf8"))
                    hard.append(True)
        if not glyphs:
            return self._no_lines()
        widths = [glyph.width for glyph in glyphs]
        chars = [str(glyph) or "\n" for glyph in glyphs]
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        lines = []
        for number, (start, end) in enumerate(break_lines(chars, widths, maxWidths, hard)):
            width = maxWidths[min(number, len(maxWidths) - 1)]
            used = _used(chars, widths, start, end)
            lines.append(
                makeCJKParaLine(
                    glyphs[start:end], width, used, width - used, hard[end - 1], calc_bounds
                )
            )
        return ParaLines(kind=1, lines=lines)

    def _no_lines(self) -> Any:
        style = self.style
        return ParaLines(
            kind=0,
            fontSize=style.fontSize,
            fontName=style.fontName,
            textColor=style.textColor,
            lines=[],
            ascent=style.fontSize,
            descent=-0.2 * style.fontSize,
        )


def _used(chars: Sequence[str], widths: Sequence[float], start: int, end: int) -> float:
    """The width ``chars[start:end]`` take: a space that ends a line takes no room there."""
    shown = end
    while shown > start and _space(chars[shown - 1]):
        shown -= 1
    return sum(widths[start:shown])
