"""The template text a build's `envsubst` and `sed` fills may work through (gate/facts/envsubst.py,
gate/facts/sed_template.py), counted in characters.

Each fill reads its whole template once per script; 1,500 RUNs filling a 70 KB template took
15 s. The walker sets one budget per build (a context variable, as the shell layer's meter is, so
that concurrent judges do not share it); past it a fill is not worked out, and its output is
unknown as it was before fills were read: a config written from it is not taken to turn sources
off, one edited in place is marked as possibly holding other settings.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar

from gate.facts import work_budget

MAX_TEMPLATE_WORK = 4_000_000


class _Budget(work_budget.Budget):
    __slots__ = ()

    def afford(self, work: int) -> bool:
        # Unlike the other budgets, a refused fill leaves the rest: a smaller one may still fit.
        if work > self.left:
            return False
        self.left -= work
        return True


_BUDGET: ContextVar[_Budget | None] = ContextVar("gate_template_work", default=None)


def budgeted(limit: int | None = None) -> AbstractContextManager[None]:
    """Every fill inside the block is charged to one budget (one build's)."""
    return work_budget.budgeted(_BUDGET, _Budget(MAX_TEMPLATE_WORK if limit is None else limit))


def afford(characters: int) -> bool:
    """Whether a fill of this many characters of work still fits (charged when it does)."""
    return work_budget.afford(_BUDGET, characters)
