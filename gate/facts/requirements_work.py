"""The work a build's installs may spend reading requirements files (facts/pip_requirements.py).

pip reads an included file once for every `-r`/`-c` line that names it, and gate reads it as
often: two 300-line files naming each other were read 256 times for one install (77,000 lines
split by shlex, 1.5 s), and again for every install and every `-r` that named them (ten: 11 s,
from 3 KB). The walker sets one budget per build (a context variable, as the shell layer's meter
and template_work are); past it an install's requirements are not read further and the install
is unknown, never taken to hold no options. A line's words are split once per build however
often it is read again (the cost left is the bookkeeping a line adds, charged as LINE).

Units: about a microsecond of this machine's work each (shlex splits some half a million
characters a second; a line read again costs some ten).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from gate.facts import work_budget

if TYPE_CHECKING:
    from gate.facts.pip_args import Parsed

MAX_REQUIREMENTS_WORK = 1_000_000
LINE = 8  # a line read: expansion, the split into requirement and options, events
SPLIT_PER_CHAR = 2  # a line's options split by shlex and scanned, per character (once per text)
READ_PER_CHARS = 64  # a file's text joined into logical lines, per this many characters
# A requirement kept: every install's requirements go into the facts document the policy
# decides on (~20 us and ~2 KB each there): 16,384-line files read by the installs of four
# RUNs (1.2 KB) made 124,000 of them, 4.4 s and 310 MB, of which 2.6 s deciding.
REQUIREMENT = 16


class _Budget(work_budget.Budget):
    __slots__ = ("splits",)

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        # A line's options text → its words and their parse (or None: shlex refused it).
        self.splits: dict[str, Parsed | None] = {}


_BUDGET: ContextVar[_Budget | None] = ContextVar("gate_requirements_work", default=None)


def budgeted(limit: int | None = None) -> AbstractContextManager[None]:
    """Every requirements file read inside the block is charged to one budget (one build's)."""
    limit = MAX_REQUIREMENTS_WORK if limit is None else limit
    return work_budget.budgeted(_BUDGET, _Budget(limit))


def afford(work: int) -> bool:
    """Whether this much more work still fits in the build's budget (charged when it does)."""
    return work_budget.afford(_BUDGET, work)


def splits() -> dict[str, Parsed | None] | None:
    """The build's split lines, kept for the lines read again (None outside a build)."""
    budget = _BUDGET.get()
    return budget.splits if budget is not None else None
