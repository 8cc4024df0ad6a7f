"""The warnings of the pdf exporter (no reportlab: :mod:`kpiplan_exporters.pdf` re-exports them)."""

from __future__ import annotations

__all__ = ["FontNotEmbeddedWarning"]


class FontNotEmbeddedWarning(UserWarning):
    """No Japanese TrueType font was found: the report uses the CID fonts, not embedded.

    Viewers substitute their own fonts for them. Install IPAex Gothic (Debian/Ubuntu:
    ``apt-get install fonts-ipaexfont-gothic``) or give the ``font`` option; ``font="cid"``
    asks for the CID fonts and does not warn.
    """
