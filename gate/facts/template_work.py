"""The template text a build's `envsubst` and `sed` fills may work through (gate/facts/envsubst.py,
gate/facts/sed_template.py), counted in characters.

Each fill reads its whole template once per script; 1,500 RUNs filling a 70 KB template took
15 s. The walker sets one budget per build (a context variable, as the shell layer's meter is, so
that concurrent judges do not share it); past it a fill is not worked out, and its output is
unknown as it was before fills were read: a config written from it is not taken to turn sources
off, one edited in place is marked as possibly holding other settings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

MAX_TEMPLATE_WORK = 4_000_000

_LEFT: ContextVar[list[int] | None] = ContextVar("gate_template_work", default=None)


@contextlib.contextmanager
def budgeted(limit: int | None = None) -> Iterator[None]:
    """Every fill inside the block is charged to one budget (one build's)."""
    token = _LEFT.set([MAX_TEMPLATE_WORK if limit is None else limit])
    try:
        yield
    finally:
        _LEFT.reset(token)


def afford(characters: int) -> bool:
    """Whether a fill of this many characters of work still fits (charged when it does)."""
    left = _LEFT.get()
    if left is None:
        return True
    if characters > left[0]:
        return False
    left[0] -= characters
    return True
