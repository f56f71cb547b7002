"""The work one RUN step may cost the shell layer, counted in characters.

Text scanned by the lexer and variable values copied into words are charged to the meter of the
RUN step being walked (a context variable, so that concurrent judges do not share it). Past the
limit `Exhausted` is raised and the walker reports the step as too complex: unknown, not silent.

The steps of one build also draw on one pool (`pooled`, set where a build's facts are
extracted): each step at its own bound (20 RUNs of functions calling functions, 2.4 KB) took
2.7 s (20 of 1,024 commands each, 1.8 KB: 2.9 s). A step starts with what is left of the pool
where that is less than its own bound, and is unknown past it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

# Characters of work one RUN step may do: text scanned plus variable values copied into words.
# Text nested in itself (`"$("$(…)")"`) is scanned again at every level it is walked at.
MAX_EXPANSION = 1 << 21


# The pool of one build: the walker's work (gate/shell/walk.py, 50,000 a step; the 261 real
# Dockerfiles take 4,345 at most in all) and the meter's characters, two steps' worth.
MAX_BUILD_WORK = 100_000
MAX_BUILD_EXPANSION = 2 * MAX_EXPANSION


class Exhausted(Exception):
    """The expansion work allowed for this RUN step is used up."""


class Meter:
    """Work left for one RUN step, in characters."""

    __slots__ = ("left",)

    def __init__(self, limit: int) -> None:
        self.left = limit

    def charge(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise Exhausted


_METER: ContextVar[Meter | None] = ContextVar("gate_shell_meter", default=None)


@contextlib.contextmanager
def metered(limit: int = MAX_EXPANSION) -> Iterator[Meter]:
    """Every expansion inside the block charges one shared meter (one RUN step's budget)."""
    meter = Meter(limit)
    token = _METER.set(meter)
    try:
        yield meter
    finally:
        _METER.reset(token)


def current() -> Meter | None:
    """The meter of the RUN step being walked, if any."""
    return _METER.get()


def charge(n: int) -> None:
    """Charge `n` characters of expansion work to the RUN step being walked, if any."""
    meter = _METER.get()
    if meter is not None:
        meter.charge(n)


class Pool:
    """The work left to the steps of one build: the walker's units and the meter's characters."""

    __slots__ = ("characters", "work")

    def __init__(self, work: int, characters: int) -> None:
        self.work = work
        self.characters = characters


_POOL: ContextVar[Pool | None] = ContextVar("gate_shell_pool", default=None)


@contextlib.contextmanager
def pooled(work: int, characters: int) -> Iterator[Pool]:
    """Every step walked inside the block draws on one pool (one build's)."""
    pool = Pool(work, characters)
    token = _POOL.set(pool)
    try:
        yield pool
    finally:
        _POOL.reset(token)


def pool() -> Pool | None:
    """The pool of the build being walked, if any."""
    return _POOL.get()
