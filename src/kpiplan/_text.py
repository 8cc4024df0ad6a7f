"""The one guard for plan text that a spreadsheet could take for a formula.

It lives in the core so that the command line (summary CSV) and every exporter
(re-exported by :mod:`kpiplan_exporters`) ask the same question.

A cell (in a workbook, or in a CSV file a spreadsheet opens) whose text begins with
``=``, ``+``, ``-`` or ``@`` is run as a formula or a DDE call; one beginning with a
tab or a carriage return is too, since spreadsheets skip them before looking
(OWASP, "CSV Injection"). Plan text is data: every exporter asks this module
whether text needs guarding, so they all agree on what is dangerous.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_STARTS", "is_formula_like", "neutralise_formula"]

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula if it started a cell.

    Args:
        text: Plan text, as it would be written into the cell.

    Returns:
        True when it begins with = + - @, a tab or a carriage return.
    """
    return text.startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """``text`` made safe for a cell in a format with no text type (CSV, TSV).

    A leading apostrophe makes a spreadsheet show the rest as text; other text is
    returned unchanged. Formats with a text type (xlsx) store the text as a
    string instead and need not change it.

    Args:
        text: Plan text.

    Returns:
        ``'`` + text when :func:`is_formula_like`, else text.
    """
    return "'" + text if is_formula_like(text) else text
