"""Writing a plan back into the person's own TOML file: comments, order, layout kept.

A hand-written plan file is the planning section's document: its comments say why a
target is what it is, its order follows the printed plan. Writing updated values
back changes only the values that changed, in place, through tomlkit (which keeps
everything else byte for byte). What is compared is the plan's canonical data, so a
value the file writes its own way (``"2,000件"``, ``令和4年度``, ``R2 = 87`` for a
confirmed 87) is left as written unless its meaning changed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kpiplan._converter import to_data
from kpiplan._errors import FiscalYearError, PlanFileError
from kpiplan._files import atomic_write, dumps, loads
from kpiplan._fiscal import FiscalYear
from kpiplan._model import Plan

__all__ = ["updated_toml", "write_plan"]

#: Tables keyed by year, whose keys the file may spell its own way (令和4年度, 2022).
_YEARLY = frozenset({"targets", "actuals"})

_MISSING: Any = object()


def updated_toml(text: str, plan: Plan, *, source: str = "<toml>") -> str:
    """The TOML text of a plan file, changed only where ``plan`` differs from it.

    Args:
        text: The plan file as written (comments, order and layout are kept).
        plan: The plan to write.
        source: The file's name, for messages.

    Returns:
        The new text; ``text`` itself when the file already says ``plan``.

    Raises:
        PlanFileError: ``text`` is no plan, or the update could not be placed in
            its layout (write JSON instead).
        ValidationError: ``text`` is not a valid plan.
    """
    import tomlkit

    written = loads(text.removeprefix("\ufeff"), "toml", source=source)
    old, new = to_data(written), to_data(plan)
    if old == new:
        return text
    document = tomlkit.parse(text.removeprefix("\ufeff"))
    _merge(document, old, new, era=written.default_era, calendar=False)
    result = text[: len(text) - len(text.removeprefix("\ufeff"))] + tomlkit.dumps(document)
    if loads(result, "toml", source=source) != plan:
        raise PlanFileError(
            source,
            "the updated values could not be placed in this file's layout; "
            "write the plan as JSON (kpiplan dump) and report the file's shape",
        )
    return result


def write_plan(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    based_on: str | os.PathLike[str] | None = None,
) -> None:
    """Write a plan file, keeping a hand-written TOML file's layout; atomic.

    A ``.toml`` target is written as ``based_on`` (default: the target itself, when it
    exists) with only the changed values changed; a new ``.toml`` file gets the
    canonical data as TOML; any other target gets canonical JSON (``kpiplan.dump``).

    Args:
        plan: The plan to write.
        path: The file to write; replaced only once the new one is complete.
        based_on: The TOML file whose comments, order and layout to keep.

    Raises:
        PlanFileError: ``based_on`` cannot be read, or is no valid plan.
        KpiplanError: The file could not be written.
    """
    import tomlkit

    target = Path(path)
    base = Path(based_on) if based_on is not None else target
    if target.suffix.lower() != ".toml":
        text = dumps(plan)
    elif base.suffix.lower() == ".toml" and base.exists():
        try:
            written = base.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanFileError(str(base), f"cannot be read as UTF-8 text: {exc}") from None
        text = updated_toml(written, plan, source=str(base))
    else:
        text = tomlkit.dumps(to_data(plan))
    atomic_write(target, lambda stream: stream.write(text.encode("utf-8")))


# -- the merge ------------------------------------------------------------------------


def _canonical_year(key: str, era: str | None, calendar: bool) -> str:
    """A year key as the canonical data writes it (令和4年度 → R4); other keys as they are."""
    try:
        return FiscalYear.parse(key, default_era=era, calendar=calendar).canonical()
    except FiscalYearError:
        return key


def _year_keys(node: Any, era: str | None, calendar: bool) -> dict[str, str]:
    """The file's own key of each year, by the canonical key (R4 → 令和4年度)."""
    return {_canonical_year(str(key), era, calendar): str(key) for key in node}


def _merge(
    node: Any, old: Mapping[str, Any], new: Mapping[str, Any], *, era: str | None, calendar: bool
) -> None:
    """Change ``node`` (a tomlkit table) from saying ``old`` to saying ``new``, in place."""
    calendar = calendar or new.get("year_basis") == "calendar"
    era = new.get("default_era", era)
    for key in old:
        if key not in new and key in node:
            del node[key]
    for key, value in new.items():
        before = old.get(key, _MISSING)
        if before == value:
            continue
        if key in node:
            _replace(node, key, before, value, era=era, calendar=calendar)
        else:
            _add(node, key, _item(value))


def _replace(node: Any, key: str, old: Any, new: Any, *, era: str | None, calendar: bool) -> None:
    """Change the value at ``node[key]`` from ``old`` to ``new``."""
    child = node[key]
    yearly = key in _YEARLY
    if isinstance(old, dict) and isinstance(new, dict) and isinstance(child, dict):
        if _inline(child):
            node[key] = _patched_inline(child, old, new, era, calendar, yearly=yearly)
        elif yearly:
            _merge_years(child, old, new, era=era, calendar=calendar)
        else:
            _merge(child, old, new, era=era, calendar=calendar)
        return
    lists = isinstance(old, list) and isinstance(new, list) and isinstance(child, list)
    if (
        lists
        and len(child) == len(old)
        and _merge_list(child, old, new, era=era, calendar=calendar)
    ):
        return
    node[key] = _item(new, like=child)


def _merge_years(
    node: Any, old: Mapping[str, Any], new: Mapping[str, Any], *, era: str | None, calendar: bool
) -> None:
    keys = _year_keys(node, era, calendar)
    for year in old:
        if year not in new and year in keys:
            del node[keys[year]]
    for year, value in new.items():
        before = old.get(year, _MISSING)
        if before == value:
            continue
        own = keys.get(year)
        if own is None:
            _add(node, year, _yearly_item(value, None))
            continue
        child = node[own]
        if isinstance(before, dict) and isinstance(value, dict) and isinstance(child, dict):
            if _inline(child):
                node[own] = _patched_inline(child, before, value, era, calendar, yearly=False)
            else:
                _merge(child, before, value, era=era, calendar=calendar)
        else:
            node[own] = _yearly_item(value, child)


def _merge_list(
    node: Any, old: list[Any], new: list[Any], *, era: str | None, calendar: bool
) -> bool:
    """Merge a list of tables item by item, or append to its kept items; False: cannot."""
    if not all(isinstance(item, dict) for item in (*old, *new, *node)):
        return False
    if len(new) == len(old):
        for child, before, after in zip(node, old, new, strict=True):
            if before != after:
                _merge(child, before, after, era=era, calendar=calendar)
        return True
    if len(new) > len(old) and new[: len(old)] == old:
        for extra in new[len(old) :]:
            node.append(_item(extra, like=node[0] if len(node) else None))
        return True
    return False


def _inline(item: Any) -> bool:
    from tomlkit.items import InlineTable

    return isinstance(item, InlineTable)


def _add(node: Any, key: str, item: Any) -> None:
    """Add a key after the table's last value, before its trailing comments and tables."""
    from tomlkit.container import Container
    from tomlkit.items import AoT, Table

    container = node if isinstance(node, Container) else getattr(node, "value", None)
    if not isinstance(container, Container) or _inline(node) or isinstance(item, Table | AoT):
        node[key] = item
        return
    body = container.body
    last = max(
        (i for i, (name, value) in enumerate(body) if name and not isinstance(value, Table | AoT)),
        default=-1,
    )
    if last + 1 >= len(body):
        node[key] = item
    else:
        container._insert_at(last + 1, key, item)


def _key(name: str) -> str:
    import tomlkit

    return str(tomlkit.key(name).as_string())


def _inline_table(pairs: list[tuple[str, Any]]) -> Any:
    """An inline table written as the example writes them: ``{ value = 95, as_of = … }``."""
    import tomlkit

    text = "{ " + ", ".join(f"{key} = {item.as_string()}" for key, item in pairs) + " }"
    return tomlkit.parse(f"x = {text if pairs else '{}'}\n").item("x")


def _patched_inline(
    node: Any,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    era: str | None,
    calendar: bool,
    *,
    yearly: bool,
) -> Any:
    """An inline table rewritten: unchanged entries as the file spells them, in its order."""
    pairs: list[tuple[str, Any]] = []
    seen = set()
    for key, item in node.value.body:
        if key is None:
            continue
        name = _canonical_year(key.key, era, calendar) if yearly else key.key
        seen.add(name)
        if name not in new:
            continue
        if old.get(name, _MISSING) == new[name]:
            pairs.append((key.as_string().strip(), item))
        else:
            fresh = _yearly_item(new[name], item) if yearly else _item(new[name], like=item)
            pairs.append((key.as_string().strip(), fresh))
    for name, value in new.items():
        if name not in seen:
            pairs.append((_key(name), _yearly_item(value, None) if yearly else _item(value)))
    return _inline_table(pairs)


def _yearly_item(value: Any, like: Any) -> Any:
    """A year's target or actual: a bare number where the file writes bare numbers."""
    import tomlkit

    if isinstance(value, dict) and set(value) == {"value"} and not isinstance(like, dict):
        return tomlkit.item(value["value"])
    return _item(value)


def _item(value: Any, *, like: Any = None) -> Any:
    """Plain data as a tomlkit item: tables inline, except where ``like`` (what the file
    has there) is a table or an array of tables of its own."""
    import tomlkit
    from tomlkit.items import AoT, Table

    if isinstance(value, dict):
        if not isinstance(like, Table):
            return _inline_table([(_key(name), _item(part)) for name, part in value.items()])
        table = tomlkit.table()
        for name, part in value.items():
            table[name] = _item(part)
        return table
    if isinstance(value, list):
        if isinstance(like, AoT) and all(isinstance(part, dict) for part in value):
            return AoT([_item(part, like=tomlkit.table()) for part in value])
        array = tomlkit.array()
        for part in value:
            array.append(_item(part))
        return array
    return tomlkit.item(value)
