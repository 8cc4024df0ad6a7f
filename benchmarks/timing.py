"""How every section of ``make bench`` times, and the goal rows it reports.

The machine the benchmark runs on is shared (2 cores, several engineers), so a
timing is the CPU time of this process (``time.process_time``): time spent waiting
for a core while other jobs run is not counted, as wall time would count it. Each
figure is the best of N runs, N chosen from how long one run takes, and things
compared with each other (kpiplan and its floor) take turns, so that a busy spell
slows both alike. Objects alive before a timing (the plan built to export, the
data ``json.dumps`` writes) are moved out of the collector's sight with
:func:`gc.freeze`: a collection during ``json.loads`` of a 100k-indicator file
would otherwise walk the benchmark's own millions of objects, which a program
loading one plan does not have (in one run that made ``json.loads`` grow 82x for
10x the data).
"""

from __future__ import annotations

import gc
import os
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Goal", "alternately", "best", "in_turns", "load_average", "peak", "turns"]

#: Best of how many runs at most, and at least (when one run is shorter than
#: :data:`LONG`; longer ones are run :data:`LONG_TURNS` times).
MOST_TURNS = 200
FEWEST_TURNS = 3
LONG = 5.0
LONG_TURNS = 2

#: Seconds of CPU spent on one comparison, which sets N: 200 turns of the example's
#: 0.2 + 1.4 ms, 30 of a 1,000-indicator plan, 3 of a 10,000-indicator one.
BUDGET = 3.0


@dataclass(frozen=True)
class Goal:
    """One row of the final table: a goal, its limit and what the run measured."""

    what: str
    """The goal, e.g. ``load vs json.loads``."""
    limit: str
    """Its limit as the issue sets it, e.g. ``<= 3x``; empty for a figure reported only."""
    result: str
    """The figure measured, with where (size) it was worst."""
    met: bool | None
    """Whether it is met; None for a figure without a limit."""

    @property
    def verdict(self) -> str:
        """``met``, ``MISSED`` or ``-`` (reported only)."""
        return "-" if self.met is None else "met" if self.met else "MISSED"


def turns(seconds: float) -> int:
    """Best of how many runs, for a thing one run of which took ``seconds`` (CPU).

    Args:
        seconds: One run's CPU time (of everything compared in one turn).

    Returns:
        Enough runs to spend about :data:`BUDGET` seconds, between
        :data:`FEWEST_TURNS` and :data:`MOST_TURNS`; :data:`LONG_TURNS` for runs
        over :data:`LONG` seconds.
    """
    if seconds > LONG:
        return LONG_TURNS
    if seconds <= 0:
        return MOST_TURNS
    return max(FEWEST_TURNS, min(MOST_TURNS, int(BUDGET / seconds)))


def alternately(*funcs: Callable[[], object], repeats: int) -> list[float]:
    """The least CPU time of each of ``funcs`` over ``repeats`` (at least one) turns.

    The functions take turns, so that a busy spell of a shared machine slows each of
    them alike instead of only the one that happened to run in it.

    Args:
        funcs: What to time; each is called once a turn.
        repeats: How many turns.

    Returns:
        Each function's least CPU seconds, in the order given.
    """
    times = [float("inf")] * len(funcs)
    gc.collect()
    gc.freeze()
    try:
        for _ in range(max(1, repeats)):
            for index, func in enumerate(funcs):
                gc.collect()
                start = time.process_time()
                func()
                times[index] = min(times[index], time.process_time() - start)
    finally:
        gc.unfreeze()
    return times


def best(func: Callable[[], object], repeats: int) -> float:
    """The least CPU time of ``repeats`` (at least one) runs of ``func()``, in seconds."""
    return alternately(func, repeats=repeats)[0]


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes, for a reader to judge the run."""
    if not hasattr(os, "getloadavg"):
        return "load average unknown on this system"
    one, five, fifteen = os.getloadavg()
    return (
        f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"
    )


def in_turns(*funcs: Callable[[], object], once: bool = False) -> list[float]:
    """The least CPU time of each of ``funcs``, taking turns, N chosen from one turn.

    Args:
        funcs: What to time.
        once: Time one turn only (a quick check that the benchmark runs).

    Returns:
        Each function's least CPU seconds, in the order given.
    """
    first = alternately(*funcs, repeats=1)
    if once:
        return first
    rest = alternately(*funcs, repeats=turns(sum(first)) - 1)
    return [min(a, b) for a, b in zip(first, rest, strict=True)]


def peak(func: Callable[[], object]) -> int:
    """Peak bytes allocated by Python while ``func()`` runs (tracemalloc), untimed."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
