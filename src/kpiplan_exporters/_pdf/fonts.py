"""The report's fonts: a Japanese TrueType font embedded, or the built-in CID fonts.

By default the report embeds the first Japanese TrueType font found in the usual
places (IPAex Gothic, IPA Gothic, Noto Sans JP as TrueType; MS Gothic on Windows),
so that it looks the same in every viewer. Without one it falls back to the CID
fonts every viewer has (not embedded) and warns how to get one. Noto Sans CJK as
shipped by most systems (.otf/.ttc) has CFF outlines, which reportlab cannot embed.

Imported only while a report is written (it imports reportlab).
"""

from __future__ import annotations

import functools
import hashlib
import os
import warnings
from pathlib import Path
from typing import Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from kpiplan import ExporterError
from kpiplan_exporters._pdf.notices import FontNotEmbeddedWarning

__all__ = [
    "CID",
    "FONT_FILES",
    "GOTHIC",
    "MINCHO",
    "find_font",
    "register_cid",
    "register_fonts",
    "register_truetype",
]

GOTHIC = "HeiseiKakuGo-W5"
MINCHO = "HeiseiMin-W3"
#: The ``font`` option's value that asks for the CID fonts, without a warning.
CID: Final = "cid"

#: Japanese TrueType fonts reportlab can embed, by file name, best first.
FONT_FILES: Final = (
    "ipaexg.ttf",  # IPAex Gothic: Debian/Ubuntu fonts-ipaexfont-gothic
    "ipag.ttf",  # IPA Gothic: fonts-ipafont-gothic, Fedora ipa-gothic-fonts
    "fonts-japanese-gothic.ttf",  # Debian's alternatives link to the preferred gothic
    "NotoSansJP-Regular.ttf",  # Noto Sans JP, TrueType build (Google Fonts)
    "msgothic.ttc",  # MS Gothic, Windows
)


def _font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        home / "Library/Fonts",
        Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    ]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    return dirs


@functools.cache
def find_font() -> Path | None:
    """The best Japanese TrueType font installed in the usual places, if any.

    Returns:
        Its path, or None.
    """
    found: dict[str, Path] = {}
    wanted = {name.casefold() for name in FONT_FILES}
    for folder in _font_dirs():
        if not folder.is_dir():
            continue
        for root, _, files in os.walk(folder):
            for name in files:
                key = name.casefold()
                if key in wanted and key not in found:
                    found[key] = Path(root) / name
    for name in FONT_FILES:
        if name.casefold() in found:
            return found[name.casefold()]
    return None


def register_fonts(font: str | None) -> tuple[str, str]:
    """Register the report's fonts as the ``font`` option asks.

    Args:
        font: A TrueType font's path; :data:`CID` for the CID fonts; None for the best
            font installed (:func:`find_font`), or the CID fonts with a warning.

    Returns:
        The sans (headings, tables) and serif (prose) font names.

    Raises:
        ExporterError: The font file is missing or cannot be embedded.
    """
    if font == CID:
        return register_cid()
    if font is not None:
        name = register_truetype(font)
        return name, name
    found = find_font()
    if found is not None:
        try:
            name = register_truetype(str(found))
        except ExporterError:
            pass  # an unusable system font: fall back as if there were none
        else:
            return name, name
    warnings.warn(
        "pdf: no Japanese TrueType font found, so the report uses the CID fonts "
        f"{GOTHIC} and {MINCHO}, which are not embedded (viewers substitute their own). "
        "To embed one, install IPAex Gothic (Debian/Ubuntu: apt-get install "
        "fonts-ipaexfont-gothic; elsewhere https://moji.or.jp/ipafont/) or give "
        "font=PATH of a .ttf; font=cid keeps the CID fonts without this warning",
        FontNotEmbeddedWarning,
        stacklevel=2,
    )
    return register_cid()


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
