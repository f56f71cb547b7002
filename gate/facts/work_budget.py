"""The work one build may spend on a kind of reading, held in a context variable per kind
(filter_work, requirements_work, template_work), so that concurrent judges do not share it.

Once a piece of work is refused the budget is spent: a smaller one after it is refused too, so
that every later question gets the same answer (never some read and some not). template_work's
fills, each judged on its own, keep what is left instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TypeVar


class Budget:
    """The work left to one build."""

    __slots__ = ("left",)

    def __init__(self, limit: int) -> None:
        self.left = limit

    def afford(self, work: int) -> bool:
        """Whether this much more work still fits (charged when it does)."""
        if work > self.left:
            self.left = 0  # spent: a smaller piece after a refused one is refused too
            return False
        self.left -= work
        return True


B = TypeVar("B", bound=Budget)


@contextlib.contextmanager
def budgeted(var: ContextVar[B | None], budget: B) -> Iterator[None]:
    """`budget` is the one in `var` inside the block (one build's)."""
    token = var.set(budget)
    try:
        yield
    finally:
        var.reset(token)


def afford(var: ContextVar[B | None], work: int) -> bool:
    """Whether the budget in `var` has room for `work` more (charged when it has); outside a
    build (none set) there is no bound."""
    budget = var.get()
    return budget is None or budget.afford(work)
