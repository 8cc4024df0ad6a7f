"""The report's fonts: the built-in CID fonts, or a TrueType font embedded.

Imported only while a report is written (it imports reportlab).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from kpiplan import ExporterError

__all__ = ["GOTHIC", "MINCHO", "register_cid", "register_truetype"]

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"


def register_cid() -> tuple[str, str]:
    """Register the built-in CID fonts (not embedded) and name them.

    Returns:
        The gothic (sans) and mincho (serif) font names.
    """
    for name in (GOTHIC, MINCHO):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))
    return GOTHIC, MINCHO


def register_truetype(font: str) -> str:
    """Register a TrueType font to embed, under a name derived from its bytes.

    Args:
        font: The font file's path (.ttf, .ttc: the first face).

    Returns:
        The registered font name.

    Raises:
        ExporterError: The file is missing or cannot be embedded.
    """
    path = Path(font)
    if not path.is_file():
        raise ExporterError("pdf", f"font {font}: no such file")
    # The name goes into the PDF: derive it from the file's bytes, not from where
    # it lies, so that the same font gives the same output on every machine.
    data = path.read_bytes()
    name = f"Kpiplan-{path.stem}-{hashlib.sha256(data).hexdigest()[:8]}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    except (TTFError, OSError, ValueError, KeyError) as exc:
        raise ExporterError(
            "pdf",
            f"font {font}: cannot embed it ({exc}); use a TrueType font such as "
            "IPAex Gothic (ipaexg.ttf); CFF-based OpenType fonts (Noto CJK) are not supported",
        ) from None
    return name
