"""Many plans at once: find the plan files, read and evaluate them in parallel processes.

:func:`load_many` gives every plan of a folder (or a list of files) with its
evaluation; :func:`iter_many` gives them one at a time, in the input's order, so a
writer can stream thousands of plans without holding them all. Each plan is read and
evaluated in a worker process; a plan that cannot be read is a :class:`PlanFailure`
naming its file, reported with all the others at once (:class:`PlansError`) unless
the caller asked to keep going.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from kpiplan._errors import KpiplanError
from kpiplan._limits import Limits, current_limits

if TYPE_CHECKING:
    from concurrent.futures import Future

    from kpiplan._fiscal import FiscalYear
    from kpiplan._model import Plan
    from kpiplan.grading import Evaluation, Method

__all__ = [
    "ManyPlans",
    "Outcome",
    "PlanFailure",
    "PlanResult",
    "PlansError",
    "default_jobs",
    "find_plan_files",
    "iter_many",
    "load_many",
    "map_many",
    "plan_records",
    "plan_suffixes",
]

T = TypeVar("T")

#: Results a worker may have finished ahead of the one the caller waits for, per
#: worker: enough to keep every worker busy, few enough to bound the memory held.
_AHEAD_PER_JOB = 4


@attrs.frozen
class PlanResult:
    """One plan read and evaluated, with the file it came from."""

    path: Path
    """The plan file, as given or as found in the folder."""
    evaluation: Evaluation = attrs.field(repr=False)
    """Its evaluation (rates, grades, roll-ups); ``evaluation.plan`` is the plan."""

    @property
    def plan(self) -> Plan:
        """The plan."""
        return self.evaluation.plan

    @property
    def label(self) -> str:
        """The value of the ``plan`` column in records: the file's path as text."""
        return str(self.path)


@attrs.frozen
class PlanFailure:
    """A plan file that could not be read or evaluated, and why."""

    path: Path
    """The plan file."""
    error: Exception = attrs.field(eq=False)
    """The error: a ``ValidationError`` listing every problem, a ``PlanFileError`` …"""
    message: str = attrs.field(default=attrs.Factory(lambda self: str(self.error), takes_self=True))
    """The error's message."""

    def __str__(self) -> str:
        # Most errors name their file already (a ValidationError's source).
        where = str(self.path)
        return self.message if self.message.startswith(where) else f"{where}: {self.message}"


Outcome: TypeAlias = "PlanResult | PlanFailure"
"""What :func:`iter_many` gives for each plan file."""


class PlansError(KpiplanError, ValueError):
    """Some plan files could not be read; each is listed with its file and problems.

    Attributes:
        failures: Every failed file, in the input's order.
    """

    def __init__(self, failures: Sequence[PlanFailure]) -> None:
        self.failures = tuple(failures)
        count = len(self.failures)
        head = f"{count} plan file{'s' if count != 1 else ''} could not be read"
        super().__init__("\n".join([head, *(str(failure) for failure in self.failures)]))


@attrs.frozen
class ManyPlans:
    """The plans :func:`load_many` read and evaluated, in the input's order."""

    results: tuple[PlanResult, ...]
    """Each plan read, with its file and evaluation."""
    failures: tuple[PlanFailure, ...] = ()
    """The files skipped with ``keep_going=True`` (empty otherwise)."""

    def __iter__(self) -> Iterator[PlanResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def records(self) -> list[dict[str, Any]]:
        """Every plan's tidy records, each row starting with a ``plan`` column.

        Returns:
            The rows of :meth:`Evaluation.records` of each plan, in plan order, with
            ``plan`` (the file's path as text) first.
        """
        return [row for result in self.results for row in plan_records(result)]


def plan_records(result: PlanResult) -> list[dict[str, Any]]:
    """One plan's records with the ``plan`` column first.

    Args:
        result: The plan and its evaluation.

    Returns:
        The rows of its evaluation's records, each with ``plan`` put first.
    """
    label = result.label
    return [{"plan": label, **row} for row in result.evaluation.records()]


def plan_suffixes() -> tuple[str, ...]:
    """The file suffixes a folder is searched for: ``.json``, ``.toml`` and the readers'.

    Returns:
        Lower-case suffixes with the dot, sorted; readers registered under
        ``kpiplan.readers`` add theirs (kpiplan's own adds ``.xlsx``).
    """
    from importlib.metadata import entry_points

    from kpiplan._files import READERS_GROUP

    readers = {f".{entry.name.lower()}" for entry in entry_points(group=READERS_GROUP)}
    return tuple(sorted({".json", ".toml", *readers}))


def _is_plan_file(path: Path, suffixes: tuple[str, ...]) -> bool:
    # Hidden files and the lock files office programs leave beside an open
    # workbook (~$plan.xlsx) end in a plan suffix but are not plans.
    name = path.name
    return path.suffix.lower() in suffixes and not name.startswith((".", "~$")) and path.is_file()


def find_plan_files(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[Path, ...]:
    """The plan files a folder, a file, or a list of both stands for.

    A folder stands for the plan files directly in it (not in its sub-folders):
    every file with a suffix of :func:`plan_suffixes`, except hidden files and
    office lock files (``~$…``), sorted by name so every run reads the same order.
    A file given by name is taken whatever its suffix (reading it says if it is no
    plan).

    Args:
        sources: One path, or several; each a plan file or a folder of them.

    Returns:
        The files, folders expanded in place, each once, in the order given.

    Raises:
        PlanFileError: A path does not exist, or a folder holds no plan file.
    """
    from kpiplan._errors import PlanFileError

    given = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    suffixes = plan_suffixes()
    found: dict[Path, None] = {}
    for source in given:
        path = Path(source)
        if path.is_dir():
            inside = sorted(
                (child for child in path.iterdir() if _is_plan_file(child, suffixes)),
                key=lambda child: child.name,
            )
            if not inside:
                raise PlanFileError(
                    str(path), f"the folder holds no plan file ({', '.join(suffixes)})"
                )
            found.update(dict.fromkeys(inside))
        elif path.exists():
            found[path] = None
        else:
            raise PlanFileError(str(path), "no such file or folder")
    return tuple(found)


def default_jobs() -> int:
    """The number of worker processes used when none is asked for: the usable CPUs."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux: every CPU counts
        return os.cpu_count() or 1


@attrs.frozen
class _Settings:
    """What every worker needs besides the file: the same for all plans of a run."""

    as_of: FiscalYear | None
    method: Method | None
    limits: Limits


def _outcome(path: Path, settings: _Settings) -> Outcome:
    """Read and evaluate one plan; an error in the plan becomes a failure, not a raise."""
    from kpiplan._files import load
    from kpiplan.grading import evaluate

    try:
        plan = load(path, limits=settings.limits)
        return PlanResult(path, evaluate(plan, as_of=settings.as_of, method=settings.method))
    except (KpiplanError, OSError) as exc:
        return PlanFailure(path, exc)


def _applied(
    function: Callable[[PlanResult], T], path: Path, settings: _Settings
) -> T | PlanFailure:
    outcome = _outcome(path, settings)
    return outcome if isinstance(outcome, PlanFailure) else function(outcome)


def _keep(result: PlanResult) -> PlanResult:
    return result


def map_many(
    function: Callable[[PlanResult], T],
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    as_of: FiscalYear | str | None = None,
    method: Method | None = None,
    limits: Limits | None = None,
) -> Iterator[tuple[Path, T | PlanFailure]]:
    """Read and evaluate plans in parallel, apply ``function`` to each in its worker.

    Only ``function``'s value travels back from the worker, so a function that keeps
    what the caller needs (a plan's records, a line of text) spares the calling
    process from receiving the whole plan and evaluation: for a plan of 300
    indicators, the records pickle 20 times faster than the evaluation.

    Args:
        function: Called with each :class:`PlanResult`; a module-level function
            (worker processes find it by name), whose value pickles.
        sources: A folder, a plan file, or several of either (see
            :func:`find_plan_files`).
        jobs: Worker processes (default: :func:`default_jobs`); 1 reads in this
            process, without a pool.
        as_of: The fiscal year every plan is evaluated at (default: each plan's
            latest year with actuals).
        method: How to judge (default: :class:`~kpiplan.grading.Method`'s defaults).
        limits: Size limits for reading (default: the limits in force here).

    Yields:
        Each file with ``function``'s value, or the :class:`PlanFailure` of a plan
        that could not be read, in the input's order. At most a few values per
        worker are held ahead of the one awaited.

    Raises:
        PlanFileError: A path does not exist, or a folder holds no plan file.
        ValueError: ``jobs`` is below 1.
    """
    from kpiplan._fiscal import FiscalYear

    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs should be at least 1, but was {jobs}")
    paths = find_plan_files(sources)
    # Parsed here, so that a wrong year is one error, not one failure per plan.
    year = FiscalYear.parse(as_of) if isinstance(as_of, str) else as_of
    settings = _Settings(year, method, limits or current_limits())
    workers = min(jobs or default_jobs(), len(paths))
    if workers <= 1:
        for path in paths:
            yield path, _applied(function, path, settings)
        return
    yield from _pooled(function, paths, settings, workers)


def _pooled(
    function: Callable[[PlanResult], T], paths: Sequence[Path], settings: _Settings, workers: int
) -> Iterator[tuple[Path, T | PlanFailure]]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[Path, Future[T | PlanFailure]]] = deque()
        queue = iter(paths)

        def submit_next() -> bool:
            for path in queue:
                pending.append((path, pool.submit(_applied, function, path, settings)))
                return True
            return False

        try:
            while len(pending) < workers * _AHEAD_PER_JOB and submit_next():
                pass
            while pending:
                path, future = pending.popleft()
                value = future.result()
                submit_next()
                yield path, value
        finally:
            # Stopped early (an error, or the caller stopped reading): drop the rest.
            for _, future in pending:
                future.cancel()


def iter_many(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    as_of: FiscalYear | str | None = None,
    method: Method | None = None,
    limits: Limits | None = None,
) -> Iterator[Outcome]:
    """Read and evaluate plans in parallel, giving each outcome in the input's order.

    Nothing is raised for a bad plan: it comes as a :class:`PlanFailure` in its
    place. At most a few results per worker are held ahead of the one awaited, so a
    run over thousands of plans holds only a few in memory. Each plan and its
    evaluation are pickled back from its worker; :func:`map_many` brings back only
    what a function keeps of them.

    Args:
        sources: A folder, a plan file, or several of either.
        jobs: Worker processes; 1 reads in this process.
        as_of: The fiscal year every plan is evaluated at.
        method: How to judge.
        limits: Size limits for reading.
        (Each as for :func:`map_many`.)

    Yields:
        A :class:`PlanResult` or :class:`PlanFailure` per file, in the input's order.

    Raises:
        PlanFileError: A path does not exist, or a folder holds no plan file.
        ValueError: ``jobs`` is below 1.
    """
    for _, outcome in map_many(
        _keep, sources, jobs=jobs, as_of=as_of, method=method, limits=limits
    ):
        yield outcome


def load_many(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    keep_going: bool = False,
    as_of: FiscalYear | str | None = None,
    method: Method | None = None,
    limits: Limits | None = None,
) -> ManyPlans:
    """Read and evaluate many plans in parallel processes.

    Args:
        sources: A folder (its plan files: ``.json``, ``.toml``, and what reader
            plugins read, such as ``.xlsx``), a plan file, or several of either.
        jobs: Worker processes (default: the usable CPUs); 1 runs in this process.
        keep_going: Skip plans that cannot be read, listing them in
            ``ManyPlans.failures``, instead of raising.
        as_of: The fiscal year every plan is evaluated at (default: each plan's
            latest year with actuals).
        method: How to judge (default: :class:`~kpiplan.grading.Method`'s defaults).
        limits: Size limits for reading (default: the limits in force here).

    Returns:
        The plans with their files and evaluations, in the input's order, whatever
        order the workers finished in.

    Raises:
        PlansError: Some files could not be read (and ``keep_going`` is false):
            every one is listed with its problems, after all were tried.
        PlanFileError: A path does not exist, or a folder holds no plan file.
    """
    results: list[PlanResult] = []
    failures: list[PlanFailure] = []
    for outcome in iter_many(sources, jobs=jobs, as_of=as_of, method=method, limits=limits):
        if isinstance(outcome, PlanFailure):
            failures.append(outcome)
        else:
            results.append(outcome)
    if failures and not keep_going:
        raise PlansError(failures)
    return ManyPlans(tuple(results), tuple(failures))
