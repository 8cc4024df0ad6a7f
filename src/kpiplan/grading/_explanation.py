"""Explanations written when first read.

An evaluation judges every indicator-year and forecasts every indicator, but a report
prints the explanation of few of them (the evaluation year's): writing every
sentence up front was a tenth of an evaluation's instructions. An :class:`Explanation` keeps
each sentence as a function of the judgement's inputs and writes the text once, on
first reading; it compares, hashes and pickles by that text, so a result behaves as
if it held the two strings.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

import attrs

from kpiplan.grading._numbers import CONTEXT

__all__ = ["Explained", "Explanation", "Said", "explained_repr", "said", "written"]

Said = Callable[[], tuple[str, str]] | tuple[str, str]
"""One sentence of an explanation: (Japanese, English), or a function that writes it
when called."""


def said(ja: str, en: str) -> Said:
    """A sentence already written (a fixed text, or one cheap to write)."""
    # A tuple, not a closure: one object for the cyclic collector instead of four.
    return (ja, en)


def written(part: Said) -> tuple[str, str]:
    """A sentence's text: as it is, or written now."""
    return part if isinstance(part, tuple) else part()


class Explanation:
    """How a result was reached, in Japanese and English: sentences joined by ``。``
    and by ``; ``, written on first reading.

    Args:
        parts: The sentences, each (Japanese, English) or a function returning it.
    """

    __slots__ = ("_parts", "_texts")

    def __init__(self, parts: tuple[Said, ...] = ()) -> None:
        self._parts = parts
        self._texts: tuple[str, str] | None = None

    @classmethod
    def fixed(cls, ja: str, en: str) -> Explanation:
        """An explanation whose text is already written.

        Args:
            ja: The text in Japanese.
            en: The text in English.
        """
        explanation = cls()
        explanation._texts = (ja, en)
        return explanation

    @property
    def texts(self) -> tuple[str, str]:
        """(Japanese, English), written on the first call."""
        if self._texts is None:
            # The sentences compute shown figures: in the evaluation's context, not the reader's.
            with decimal.localcontext(CONTEXT):
                said = [written(part) for part in self._parts]
            self._texts = ("。".join(ja for ja, _ in said), "; ".join(en for _, en in said))
            self._parts = ()
        return self._texts

    @property
    def ja(self) -> str:
        """The text in Japanese."""
        return self.texts[0]

    @property
    def en(self) -> str:
        """The text in English."""
        return self.texts[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return self.texts == other.texts

    def __hash__(self) -> int:
        return hash(self.texts)

    def __repr__(self) -> str:
        return f"Explanation.fixed({self.ja!r}, {self.en!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The sentences are closures over the judgement's inputs: a pickle holds the text.
        return (Explanation.fixed, self.texts)


def explained_repr(value: Any) -> str:
    """The repr attrs writes for ``value``, with each :class:`Explanation` field
    ``explanation`` shown as the two strings ``explanation_ja=…, explanation_en=…``
    that results held before their explanations were written on demand."""
    shown: list[str] = []
    for field in attrs.fields(type(value)):
        if not field.repr:
            continue
        found = getattr(value, field.name)
        if isinstance(found, Explanation):
            shown.append(f"{field.name}_ja={found.ja!r}")
            shown.append(f"{field.name}_en={found.en!r}")
        else:
            shown.append(f"{field.name}={found!r}")
    return f"{type(value).__qualname__}({', '.join(shown)})"


class Explained:
    """What a result with an :class:`Explanation` field ``explanation`` reads from it:
    the two texts as properties, and the repr that shows them."""

    __slots__ = ()
    explanation: Explanation

    @property
    def explanation_ja(self) -> str:
        """The explanation in Japanese."""
        return self.explanation.ja

    @property
    def explanation_en(self) -> str:
        """The explanation in English."""
        return self.explanation.en

    def __repr__(self) -> str:
        return explained_repr(self)
