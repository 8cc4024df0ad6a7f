"""Limits on what a plan file may hold, against files made to exhaust memory or time."""

from __future__ import annotations

import contextvars
from typing import Any

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits", "current_limits"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`Limits.{attribute.name}` must be a positive integer, but was {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """How large a plan file may be before kpiplan refuses to read it.

    Every limit is far above what a real plan needs (the Digital Tokushima plan is
    20 KB with 13 indicators); pass your own to ``kpiplan.load(path, limits=…)`` to
    raise one. Each error names the limit it hit and this way to raise it.
    """

    max_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    """Largest file read, in bytes (256 MiB: over 200,000 indicators of canonical JSON,
    which load into about 5 times their size in memory)."""
    max_text_length: int = attrs.field(default=100_000, validator=_positive)
    """Longest single text (a name, statement or note), in characters."""
    max_indicators: int = attrs.field(default=500_000, validator=_positive)
    """Most indicators (KGIs and KPIs together) in one plan."""
    max_workbook_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    """Largest total uncompressed size of a workbook's parts (against zip bombs)."""


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""

_current: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "kpiplan_limits", default=DEFAULT_LIMITS
)


def current_limits() -> Limits:
    """The limits in force for the plan being read."""
    return _current.get()


def use_limits(limits: Limits) -> contextvars.Token[Limits]:
    """Put ``limits`` in force until the returned token is reset."""
    return _current.set(limits)


def reset_limits(token: contextvars.Token[Limits]) -> None:
    """Restore the limits in force before :func:`use_limits`."""
    _current.reset(token)
