"""The exceptions kpiplan raises: one base, subclasses mixed with builtins.

Every one survives pickling with its message and attributes, so that a process pool
reports a bad plan instead of breaking (:meth:`KpiplanError.__reduce__`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs


def _rebuild(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    """An exception of ``cls`` with ``args``, made without calling its ``__init__``."""
    return cls.__new__(cls, *args)


class KpiplanError(Exception):
    """Base of every error kpiplan raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*self.args), which breaks for subclasses whose
        # __init__ takes other arguments than the message it passes on (a pool then
        # raises BrokenProcessPool). Rebuild without __init__ instead, and restore the
        # attributes (and ImportError's name and path) from the builtin's own state.
        state = super().__reduce__()[2:]
        return (_rebuild, (type(self), self.args), *state)


@attrs.frozen
class Problem:
    """One thing wrong with a plan, and where."""

    path: str
    """Where in the plan, e.g. ``csfs[CSF-2].indicators[KPI-3].targets[R4]``
    (or ``指標!F12`` in a workbook). Empty for the plan as a whole."""

    message: str
    """What is wrong, in words a plan's author can act on."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(KpiplanError, ValueError):
    """A plan (or a file holding one) is not valid; every problem is listed.

    Attributes:
        problems: Each problem with its path and message, in document order.
        source: The file (or other source) the plan came from, if known.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        head = f"{where}{count} problem{'s' if count != 1 else ''} found"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class PlanFileError(KpiplanError, ValueError):
    """A plan file cannot be read at all (bad syntax, encoding, size).

    Attributes:
        source: The file's name.
        line: 1-based line of the fault, if known.
        column: 1-based column of the fault, if known.
        reason: What is wrong.
    """

    def __init__(
        self, source: str, reason: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {reason}")


class FiscalYearError(KpiplanError, ValueError):
    """A fiscal year, era or date could not be understood.

    Attributes:
        text: The text (or value) that was given.
        reason: Why it is not a valid year or date.
    """

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r}: {reason}")


class UnitError(KpiplanError, ValueError):
    """A unit or quantity is unknown, malformed, or of the wrong kind.

    Attributes:
        text: The text, unit or value that was given.
        reason: What is wrong with it.
    """

    def __init__(self, text: object, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r}: {reason}")


class NotFoundError(KpiplanError, KeyError):
    """A lookup by id, code, name or year found nothing; the message offers the close ones.

    It is a :class:`KeyError` (and so a :class:`LookupError`), as a failed lookup
    in a mapping would be, but its message reads as a sentence, not a quoted key.

    Attributes:
        kind: What was looked up, e.g. ``indicator`` or ``CSF``.
        key: What was asked for.
        suggestions: Known keys close to ``key``, the likeliest first (may be empty).
        known: Every key that would have been found, in their order.
    """

    def __init__(
        self, kind: str, key: object, known: Iterable[str], *, form: str | None = None
    ) -> None:
        self.kind = kind
        self.key = key
        self.known: tuple[str, ...] = tuple(known)
        self.suggestions = _close_matches(str(key), self.known)
        message = f"no {kind} {key!r}"
        if self.suggestions:
            message += f"; did you mean {', '.join(self.suggestions)}?"
        elif self.known:
            shown = ", ".join(self.known[:10])
            more = f" and {len(self.known) - 10} more" if len(self.known) > 10 else ""
            message += f"; the plan has {shown}{more}"
        else:
            message += f"; there is no {kind} at all"
        if form:
            message += f" ({form})"
        super().__init__(message)

    def __str__(self) -> str:
        # KeyError would show the message quoted, as if it were the missing key.
        return str(self.args[0]) if self.args else ""


def _close_matches(key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """Known keys that ``key`` may have meant: those ending in it first, then difflib's."""
    import difflib

    folded = key.strip().upper()
    ending = [k for k in known if k.upper() == folded or k.upper().endswith("/" + folded)]
    close = difflib.get_close_matches(key, known, n=5, cutoff=0.6)
    return tuple(dict.fromkeys([*ending, *close]))[:5]
