"""The least a pure-Python load of a plan into kpiplan's model can cost.

Issue #16 asks for ``kpiplan.load`` within 3x ``json.loads`` of the same file. This
module measures how much of that budget any loader that builds kpiplan's public
model in pure Python must spend before it checks anything, so a reader of
``make bench`` can see what is left for the checks:

- ``parse``: the file's bytes read and parsed with exact decimals
  (``json.loads(..., parse_float=Decimal)``), with no duplicate-key check;
- ``visit``: every value of the parsed tree read once in Python (a loader has to
  look at each value to put it somewhere; this reads them and does nothing else);
- ``objects``: the loaded plan's model objects made again bare, one straight-line
  function per class that sets every slot from a value already at hand
  (``object.__new__`` and the slot's descriptor, as a generated constructor with no
  validators would), and its tuples: no key read, no conversion, no check.

Only public Python and attrs calls are used (``attrs.fields``, the classes' slot
descriptors), so the same measurement holds for any loader of these classes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import attrs

__all__ = ["PARTS", "FloorParts", "bare_objects", "floor_parts", "visit_values"]

#: The parts :func:`floor_parts`' callables measure, in the order they run.
PARTS = ("parse", "visit", "objects")


class FloorParts(NamedTuple):
    """What to time for a plan's floor: each part as a call of no arguments."""

    parse: Callable[[], object]
    """Read the file and parse it with exact decimals."""
    visit: Callable[[], object]
    """Read every value of the parsed tree once."""
    objects: Callable[[], object]
    """Make the plan's objects and tuples again, bare."""
    count: int
    """How many model objects the plan has (tuples not counted)."""
    slots: int
    """How many slots those objects have in all."""


def visit_values(tree: object) -> int:
    """Read every value of a parsed JSON tree once; returns how many were read.

    Args:
        tree: What ``json.loads`` returned.

    Returns:
        The number of values (dicts, lists and scalars) read.
    """
    pending = [tree]
    seen = 0
    while pending:
        node = pending.pop()
        seen += 1
        kind = type(node)
        if kind is dict:
            pending.extend(node.values())  # type: ignore[attr-defined]
        elif kind is list:
            pending.extend(node)  # type: ignore[arg-type]
    return seen


def _maker(cls: type) -> Callable[..., object]:
    """A function that makes a bare ``cls`` from its fields' values in field order.

    Straight-line code (one call per slot, no loop), generated as attrs and cattrs
    generate theirs, so the floor is not slowed by a loop a real builder would not
    have.
    """
    names = [field.name for field in attrs.fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def make({', '.join(f'v{i}' for i in range(len(names)))}):", "    o = new(cls)"]
    for index, name in enumerate(names):
        descriptor = next((vars(klass)[name] for klass in cls.__mro__ if name in vars(klass)), None)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            namespace[f"s{index}"] = descriptor.__set__
            lines.append(f"    s{index}(o, v{index})")
        else:  # a class without slots keeps its fields in __dict__
            lines.append(f"    object.__setattr__(o, {name!r}, v{index})")
    lines.append("    return o")
    exec("\n".join(lines), namespace)
    return namespace["make"]  # type: ignore[no-any-return]


def bare_objects(plan: object) -> tuple[Callable[[], object], int, int]:
    """A call that makes ``plan``'s attrs objects and tuples again, bare.

    Args:
        plan: A loaded plan (any tree of attrs instances, tuples and mappings).

    Returns:
        The call, the number of attrs objects it makes and their number of slots.
    """
    recipe: list[tuple[Callable[..., object], tuple[object, ...]]] = []
    tuples: list[list[object]] = []
    makers: dict[type, Callable[..., object]] = {}
    seen: set[int] = set()
    pending: list[object] = [plan]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        kind = type(node)
        if attrs.has(kind):
            values = tuple(getattr(node, field.name) for field in attrs.fields(kind))
            if kind not in makers:
                makers[kind] = _maker(kind)
            recipe.append((makers[kind], values))
            pending.extend(values)
        elif kind is tuple:
            tuples.append(list(node))  # type: ignore[call-overload]
            pending.extend(node)  # type: ignore[arg-type]
        elif isinstance(node, Mapping):
            pending.extend(node.values())
        elif isinstance(node, (list, set, frozenset)):
            pending.extend(node)

    def make() -> object:
        return [make(*values) for make, values in recipe], [tuple(items) for items in tuples]

    return make, len(recipe), sum(len(values) for _, values in recipe)


def floor_parts(path: Path, plan: object) -> FloorParts:
    """The three parts of the floor of loading ``path``, whose loaded plan is ``plan``.

    Args:
        path: A plan's canonical JSON file.
        plan: ``kpiplan.load(path)``.

    Returns:
        The calls to time, and the plan's number of objects and slots.
    """
    tree = json.loads(path.read_bytes(), parse_float=Decimal)
    make, count, slots = bare_objects(plan)
    return FloorParts(
        parse=lambda: json.loads(path.read_bytes(), parse_float=Decimal),
        visit=lambda: visit_values(tree),
        objects=make,
        count=count,
        slots=slots,
    )
