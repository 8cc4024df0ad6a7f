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
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, Final

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

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
        widths: The width of each character.
        max_widths: The width of each line; the last one for every further line.
        hard: Per character, True when a forced break follows it (``<br/>``).

    Returns:
        (start, end) of each line, ``chars[start:end]``.
    """
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
        if fits == count or (hard and hard[fits - 1]):
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


class JaParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines break by :func:`break_lines` (used with ``wordWrap="CJK"``)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """The paragraph's lines within ``maxWidths``, by Japanese line breaking."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        self.height = 0
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
        widths = [glyph.width for glyph in glyphs]
        chars = [str(glyph) or "\n" for glyph in glyphs]
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        lines = []
        for number, (start, end) in enumerate(break_lines(chars, widths, maxWidths, hard)):
            width = maxWidths[min(number, len(maxWidths) - 1)]
            # A space that ends a line takes no room there.
            shown = end
            while shown > start and _space(chars[shown - 1]):
                shown -= 1
            used = sum(widths[start:shown])
            line_break = hard[end - 1]
            lines.append(
                makeCJKParaLine(
                    glyphs[start:end], width, used, width - used, line_break, calc_bounds
                )
            )
        return ParaLines(kind=1, lines=lines)
