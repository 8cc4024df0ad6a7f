"""A read-only mapping that pickles, for the mapping fields of frozen value objects.

``types.MappingProxyType`` is read-only but the standard pickler refuses it, so an
evaluation holding one could not come back from a worker process. A
:class:`FrozenMap` keeps its own copy of the items, offers no way to change them,
and pickles as that copy.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar, overload

__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class FrozenMap(Mapping[K, V]):
    """A mapping that cannot be changed after it is made, and that pickles.

    It equals any mapping with the same items (a dict too) and, like a dict, does not
    hash: its values need not be hashable.

    >>> counts = FrozenMap({"A": 3, "B": 1})
    >>> counts["A"], counts == {"A": 3, "B": 1}, dict(counts)
    (3, True, {'A': 3, 'B': 1})
    """

    __slots__ = ("_items",)

    _items: dict[K, V]

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        """Copy ``items``, so that changing what was given leaves this map as it was."""
        object.__setattr__(self, "_items", dict(items))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FrozenMap cannot be changed, but {name!r} was set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"FrozenMap cannot be changed, but {name!r} was deleted")

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return type(self), (self._items,)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    # The dict's own methods, rather than Mapping's generic ones built on __getitem__:
    # grades are looked up in the innermost loops of an evaluation.
    def __contains__(self, key: object) -> bool:
        return key in self._items

    @overload
    def get(self, key: K, /) -> V | None: ...

    @overload
    def get(self, key: K, default: V | D, /) -> V | D: ...

    def get(self, key: K, default: Any = None, /) -> Any:
        """The value of ``key``, or ``default`` when there is none."""
        return self._items.get(key, default)

    def keys(self) -> KeysView[K]:
        """The keys, in the order they were given."""
        return self._items.keys()

    def values(self) -> ValuesView[V]:
        """The values, in the keys' order."""
        return self._items.values()

    def items(self) -> ItemsView[K, V]:
        """The ``(key, value)`` pairs, in the keys' order."""
        return self._items.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"
