"""The work one RUN step may cost the shell layer, counted in characters.

Text scanned by the lexer and variable values copied into words are charged to the meter of the
RUN step being walked (a context variable, so that concurrent judges do not share it). Past the
limit `Exhausted` is raised and the walker reports the step as too complex: unknown, not silent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

# Characters of work one RUN step may do: text scanned plus variable values copied into words.
# Text nested in itself (`"$("$(…)")"`) is scanned again at every level it is walked at.
MAX_EXPANSION = 1 << 21


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
