"""Exporters: the contract, the lazy and isolated entry-point registry, and ``export()``.

An exporter is a small class found through the entry-point group ``kpiplan.exporters``.
kpiplan's own exporters (``json``, ``xlsx``, ``pdf`` in ``kpiplan_exporters``) are
registered there exactly as a third party's would be. Plugin authors import this
contract from ``kpiplan_exporters``; it lives here so that ``kpiplan.export()`` works
without kpiplan importing any exporter (or openpyxl, or reportlab) before one runs.

Registering an exporter, in the plugin's ``pyproject.toml``::

    [project.entry-points."kpiplan.exporters"]
    markdown = "kpiplan_markdown:MarkdownExporter"
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, Protocol, runtime_checkable

import attrs

from kpiplan._errors import KpiplanError
from kpiplan._fiscal import FiscalYear
from kpiplan._model import Plan

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from kpiplan.grading import Evaluation

__all__ = [
    "GROUP",
    "ExportJob",
    "Exporter",
    "ExporterEntry",
    "ExporterError",
    "ExporterNotFoundError",
    "available",
    "entries",
    "export",
    "get",
    "make_exporter",
    "refresh",
]

GROUP = "kpiplan.exporters"
"""The entry-point group exporters register under."""

#: The distribution whose exporters win a name clash: kpiplan's own.
_BUILTIN_DISTRIBUTION = "kpiplan"


class ExporterError(KpiplanError, RuntimeError):
    """An exporter is broken, missing a dependency, or was given bad options.

    Attributes:
        name: The exporter's name.
        distribution: The package that registered it, if known.
        reason: What is wrong and, where possible, how to fix it.
    """

    def __init__(self, name: str, reason: str, distribution: str | None = None) -> None:
        self.name = name
        self.reason = reason
        self.distribution = distribution
        origin = f" (from {distribution})" if distribution else ""
        super().__init__(f"exporter {name!r}{origin}: {reason}")


class ExporterNotFoundError(ExporterError, LookupError):
    """No exporter of that name is installed.

    Attributes:
        known: The names that are installed.
    """

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.known = known
        super().__init__(name, f"no such exporter; installed: {', '.join(known) or 'none'}")


@attrs.define
class ExportJob:
    """What an exporter writes: the plan, and what is computed from it on demand.

    New things are added here as attributes computed on first use, so exporters
    written before them keep working unchanged.
    """

    plan: Plan
    """The plan to write."""
    as_of: FiscalYear | None = None
    """The fiscal year the evaluation stands at; None: the latest with actuals."""
    _evaluation: Evaluation | None = attrs.field(default=None, alias="evaluation")

    @property
    def evaluation(self) -> Evaluation:
        """The plan's evaluation (attainment rates, grades, roll-ups), computed once."""
        if self._evaluation is None:
            from kpiplan.grading import evaluate

            self._evaluation = evaluate(self.plan, as_of=self.as_of)
        return self._evaluation


@runtime_checkable
class Exporter(Protocol):
    """The contract of an exporter.

    An exporter is a class; its options are keyword-only ``__init__`` parameters
    (an attrs class with ``kw_only=True`` fields is the easy way), each with a
    default, so ``Exporter()`` works. Its class attributes describe it.
    """

    #: Unique short name, the same as its entry-point name: ``--format NAME``.
    name: ClassVar[str]
    #: File name extension of what it writes, with the dot: ``.xlsx``.
    extension: ClassVar[str]
    #: IANA media type of what it writes.
    media_type: ClassVar[str]
    #: One line saying what it writes, for ``kpiplan exporters``.
    description: ClassVar[str]

    def write(self, job: ExportJob, stream: BinaryIO) -> None:
        """Write the plan to a binary stream.

        Args:
            job: The plan and what is computed from it (``job.evaluation``).
            stream: Where to write; the caller opens and closes it.
        """


#: Optional class attributes the registry reads without importing anything heavy:
#: ``requires`` (module names the exporter imports when it runs) and ``extra``
#: (the pip extra that installs them).
_REQUIRED_ATTRIBUTES = ("name", "extension", "media_type", "description", "write")


@attrs.frozen
class ExporterEntry:
    """One registered exporter as the registry sees it: working or broken, and why."""

    name: str
    """The entry point's name."""
    distribution: str | None
    """The package that registered it."""
    target: str
    """Where it points: ``module:Class``."""
    exporter: type[Any] | None
    """The exporter class, when it loaded and passed the checks."""
    reason: str | None = None
    """Why it is broken (None when it works)."""

    @property
    def ok(self) -> bool:
        """True when the exporter can be used."""
        return self.exporter is not None


def _distribution(entry_point: EntryPoint) -> str | None:
    return entry_point.dist.name if entry_point.dist is not None else None


@functools.cache
def _entry_points() -> tuple[EntryPoint, ...]:
    # importlib.metadata costs tens of milliseconds; import it only when listing.
    from importlib.metadata import entry_points

    found = sorted(entry_points(group=GROUP), key=lambda e: (e.name, _distribution(e) or ""))
    # The same distribution seen twice (installed and on a path) is one registration.
    unique: dict[tuple[str, str, str | None], EntryPoint] = {}
    for entry_point in found:
        unique.setdefault(
            (entry_point.name, entry_point.value, _distribution(entry_point)), entry_point
        )
    return tuple(unique.values())


def refresh() -> None:
    """Forget what was discovered, so that newly installed exporters are found."""
    _entry_points.cache_clear()
    _load.cache_clear()


def available() -> tuple[str, ...]:
    """The names of the registered exporters, sorted, without importing any of them.

    Returns:
        Every registered name (a broken exporter is listed too; see :func:`entries`).
    """
    return tuple(sorted({entry_point.name for entry_point in _entry_points()}))


def _clash(entry_point: EntryPoint) -> str | None:
    rivals = [e for e in _entry_points() if e.name == entry_point.name and e != entry_point]
    if not rivals:
        return None
    mine = _distribution(entry_point)
    rival_names = ", ".join(sorted({_distribution(e) or e.value for e in rivals}))
    if mine == _BUILTIN_DISTRIBUTION:
        return None
    return (
        f"the name {entry_point.name!r} is also registered by {rival_names}; "
        "rename the entry point or uninstall one of them"
    )


@functools.cache
def _load(entry_point: EntryPoint) -> ExporterEntry:
    distribution = _distribution(entry_point)

    def broken(reason: str) -> ExporterEntry:
        return ExporterEntry(entry_point.name, distribution, entry_point.value, None, reason)

    clash = _clash(entry_point)
    if clash:
        return broken(clash)
    try:
        loaded = entry_point.load()
    except ImportError as exc:
        return broken(f"cannot be imported: {exc}; reinstall {distribution or 'its package'}")
    except Exception as exc:
        return broken(f"failed while loading: {type(exc).__name__}: {exc}")
    if not isinstance(loaded, type):
        return broken(f"{entry_point.value} is a {type(loaded).__name__}, not an exporter class")
    missing = [a for a in _REQUIRED_ATTRIBUTES if not hasattr(loaded, a)]
    if missing:
        return broken(f"{entry_point.value} is not an exporter: it lacks {', '.join(missing)}")
    declared = getattr(loaded, "name", None)
    if declared != entry_point.name:
        return broken(
            f"{entry_point.value} calls itself {declared!r} but is registered as "
            f"{entry_point.name!r}; the two must match"
        )
    from importlib.util import find_spec

    for module in getattr(loaded, "requires", ()):
        if find_spec(module) is None:
            extra = getattr(loaded, "extra", None)
            package = f'"{distribution}[{extra}]"' if extra and distribution else module
            return broken(f"needs the {module} package: pip install {package}")
    return ExporterEntry(entry_point.name, distribution, entry_point.value, loaded)


def entries() -> tuple[ExporterEntry, ...]:
    """Every registered exporter, loaded and checked; broken ones carry their reason.

    Returns:
        One entry per registration, sorted by name. A broken plugin never raises here.
    """
    return tuple(_load(entry_point) for entry_point in _entry_points())


def get(name: str) -> type[Exporter]:
    """The exporter class registered under ``name``.

    Args:
        name: The exporter's name, e.g. ``json``.

    Returns:
        The exporter class.

    Raises:
        ExporterNotFoundError: No exporter has this name.
        ExporterError: It is registered but broken; the reason says how to fix it.
    """
    candidates = [e for e in _entry_points() if e.name == name]
    if not candidates:
        raise ExporterNotFoundError(name, available())
    loaded = [_load(entry_point) for entry_point in candidates]
    for entry in loaded:
        if entry.exporter is not None:
            exporter: type[Exporter] = entry.exporter
            return exporter
    first = loaded[0]
    raise ExporterError(name, first.reason or "broken", first.distribution)


def make_exporter(name: str, options: Mapping[str, Any] | None = None) -> Exporter:
    """An exporter of ``name`` with its options set.

    Args:
        name: The exporter's name.
        options: Option values by name; text values (from the command line) are
            converted to the option's type.

    Returns:
        The exporter, ready to write.

    Raises:
        ExporterError: The exporter is missing or broken, or an option is unknown
            or has a wrong value.
    """
    cls = get(name)
    given = dict(options or {})
    if attrs.has(cls):
        fields = {field.alias or field.name: field for field in attrs.fields(cls)}
        unknown = sorted(set(given) - set(fields))
        if unknown:
            known = ", ".join(sorted(fields)) or "none"
            raise ExporterError(name, f"unknown option {', '.join(unknown)}; options: {known}")
        for key, value in list(given.items()):
            if isinstance(value, str):
                given[key] = _convert_option(name, key, value, fields[key].type)
    try:
        return cls(**given)
    except (TypeError, ValueError) as exc:
        raise ExporterError(name, f"bad options: {exc}") from None


def _convert_option(name: str, key: str, value: str, annotation: Any) -> Any:
    text = str(annotation)
    if text in ("bool", "<class 'bool'>"):
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ExporterError(name, f"option {key} takes true or false, not {value!r}")
    if text in ("int", "<class 'int'>"):
        try:
            return int(value)
        except ValueError:
            raise ExporterError(name, f"option {key} takes a whole number, not {value!r}") from None
    if text.startswith("int |") or text.endswith("| int"):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def export(
    plan: Plan,
    format: str,
    path: str | os.PathLike[str],
    *,
    as_of: FiscalYear | None = None,
    **options: Any,
) -> Path:
    """Write the plan with the named exporter, atomically.

    Args:
        plan: The plan.
        format: The exporter's name (``json``, ``xlsx``, ``pdf`` or a plugin's).
        path: The file to write; an existing one is replaced only on success.
        as_of: The fiscal year the evaluation stands at (default: latest actuals).
        **options: The exporter's options.

    Returns:
        The path written.

    Raises:
        ExporterError: The exporter is missing, broken or given bad options.
    """
    from kpiplan._files import atomic_write

    exporter = make_exporter(format, options)
    job = ExportJob(plan, as_of=as_of)
    target = Path(path)
    atomic_write(target, lambda stream: exporter.write(job, stream))
    return target


# kpiplan re-exports the registry under names that say what they are about
# (``kpiplan.get`` would not); ``kpiplan_exporters`` keeps the short ones.
EXPORTER_GROUP = GROUP
exporter_names = available
exporter_entries = entries
get_exporter = get
refresh_exporters = refresh
