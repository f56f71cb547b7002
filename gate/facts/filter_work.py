"""The work a build's line filters and xargs inputs may spend reading the texts gate holds
(gate/facts/line_filters.py, line_match.py, fed_words.py).

Each filter reads its whole file (up to 256 KB) every time a command runs it, and a step runs a
command as often as its functions call it: `sort -u F` of 16,384 lines in a function called
1,024 times took 25 s from 331 bytes, `sed -i '/x/d' F` over a minute, `grep … | while read`
12 s, `xargs -n1 … < F` 22 s. The walker sets one budget per build (a context variable, as
template_work and requirements_work are); past it a filter is not worked out and its output is
unknown, as for a filter gate does not model: a file it writes holds unknown text, one `sed -i`
edits is marked as possibly holding other text (file_edits.py), the words xargs reads are
unknown.

A filter may be asked about the same command more than once (a `sed -i` by the writes and by
the edits of a step): its answer is kept per build, so that every caller sees the same one,
also where the budget ran out between them (one seeing the new text, another none, would keep
the old text as the file's). Only answers worked out are kept (what they cost bounds what they
hold); once the budget is refused every later question is refused too.

Units: about a tenth of a microsecond of this machine's work each: a character read, an NFA
state the automaton visits; a line costs LINE more, a character shlex splits SHLEX, a character
of a filter's words PATTERN.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import TypeVar, cast

from gate.facts import work_budget

MAX_FILTER_WORK = 4_000_000
LINE = 10
SHLEX = 20
PATTERN = 32  # a character of a filter's words: patterns translated, parsed, built

T = TypeVar("T")


class _Budget(work_budget.Budget):
    __slots__ = ("answers",)

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        # What a filter printed for its words and texts (None: not worked out).
        self.answers: dict[Hashable, object] = {}


_BUDGET: ContextVar[_Budget | None] = ContextVar("gate_filter_work", default=None)


def budgeted(limit: int | None = None) -> AbstractContextManager[None]:
    """Every filter inside the block is charged to one budget (one build's)."""
    return work_budget.budgeted(_BUDGET, _Budget(MAX_FILTER_WORK if limit is None else limit))


def afford(work: int) -> bool:
    """Whether this much more work still fits in the build's budget (charged when it does)."""
    return work_budget.afford(_BUDGET, work)


def text_cost(text: str) -> int:
    """The work of reading `text` line by line."""
    return len(text) + LINE * text.count("\n")


def answers() -> dict[Hashable, object] | None:
    """The build's filter answers, by what was asked (None outside a build)."""
    budget = _BUDGET.get()
    return budget.answers if budget is not None else None


def worked(asked: Hashable, cost: Callable[[], int], work: Callable[[], T | None]) -> T | None:
    """`work()`, charged `cost()` (None past the budget), or the answer already worked out in
    this build for the same question `asked` (the filter's words and the texts it reads)."""
    budget = _BUDGET.get()
    if budget is None:
        return work()
    if asked in budget.answers:
        return cast("T | None", budget.answers[asked])
    if not budget.afford(cost()):
        return None  # and so is every question after it: callers see the same answer
    answer = work()
    budget.answers[asked] = answer
    return answer
