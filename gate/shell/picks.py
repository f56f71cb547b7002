"""Words whose expansion is one of a few known texts, expanded once per way.

`${M:+--only-binary :all:}` with M of unknown value writes either nothing or its word, and
`$(if …; then echo A; else echo B; fi)` one of its branches' texts: each way is known, only which
one runs is not. Outside `ways` such a choice point stays an unknown expansion, as before; inside
it, the expander asks `choose` which alternative to take, and `ways` replays the expansion once
per combination of the choices met (a depth-first walk of the choices: a choice taken early may
add or remove later ones, as in `${A:+${B:+x}}`), up to MAX_WAYS; past that, None.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

# More ways than this for one command: the command is expanded once, with its choice points
# unknown (a warning, as before this module).
MAX_WAYS = 16


class _Replay:
    def __init__(self, prefix: tuple[int, ...]) -> None:
        self.prefix = prefix
        self.taken: list[int] = []
        self.counts: list[int] = []

    def choose(self, n: int) -> int:
        k = len(self.taken)
        i = self.prefix[k] if k < len(self.prefix) else 0
        self.taken.append(i)
        self.counts.append(n)
        return i


_CURRENT: ContextVar[_Replay | None] = ContextVar("gate_shell_picks", default=None)


def choose(n: int) -> int | None:
    """Which of `n` alternatives this expansion takes; None outside `ways` (stay unknown)."""
    replay = _CURRENT.get()
    return None if replay is None or n < 1 else replay.choose(n)


def ways(expand: Callable[[], T], most: int = MAX_WAYS) -> tuple[list[T], bool] | None:
    """`expand()` once per combination of the choices it meets (one call when it meets none),
    and whether it met any; None past `most` combinations."""
    out: list[T] = []
    prefix: tuple[int, ...] = ()
    met = False
    while True:
        replay = _Replay(prefix)
        token = _CURRENT.set(replay)
        try:
            out.append(expand())
        finally:
            _CURRENT.reset(token)
        met = met or bool(replay.counts)
        # The next combination: the last choice with an alternative left moves on by one.
        k = len(replay.taken) - 1
        while k >= 0 and replay.taken[k] + 1 >= replay.counts[k]:
            k -= 1
        if k < 0:
            return out, met
        if len(out) >= most:
            return None
        prefix = (*replay.taken[:k], replay.taken[k] + 1)


def unpicked(expand: Callable[[], T]) -> T:
    """`expand()` with every choice point unknown (also inside `ways`)."""
    token = _CURRENT.set(None)
    try:
        return expand()
    finally:
        _CURRENT.reset(token)
