"""`break` and `continue` in the loops gate walks: where each leaves the loop, and the shell
as it stands there.

A loop gate unrolls (`for` over known words, `while read` over a held text) walks its body once
per pass; without this, a `break` was no command, so the passes after it were walked and the
loop's variables were left as the last pass set them (`while read p; do break; done < F; pip
install $p` was judged with the last line, bash and dash give the first: a silent pass where
the first line is `--no-binary :all:`). The same holds for `continue` and what the rest of a
pass sets.

A `break`/`continue` (or with the operand `1`) in the loop's own shell and function call (or
an `eval` there, which runs in place) ends the pass for certain where it runs unconditionally;
its state is kept, and the loop ends as one of the states it reached (State.merge,
exclusive). Anything gate cannot place exactly (an operand other than 1, a `break` in a
function the body calls, a sourced file) only records a state the loop may leave with: the
walk goes on, so nothing that may run is skipped. One in a subshell or pipeline part ends only
that subshell, in bash and dash: it is no exit of the loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate.shell.context import Ctx, Function, Shell
from gate.shell.expand import Field
from gate.shell.state import State

if TYPE_CHECKING:
    from gate.shell.walk import Walker

BREAK = "break"
CONTINUE = "continue"


@dataclass
class LoopExits:
    """One loop being walked: its shell, the function call depth it runs at, and the states
    at each `break` and `continue` reached in it."""

    sh: Shell
    calls: int
    subshells: int  # Ctx.subshells where the loop runs
    breaks: list[State] = field(default_factory=list)
    continues: list[State] = field(default_factory=list)
    # The shell's functions at each of them (Ctx.may_stand_as).
    tables: list[dict[str, Function]] = field(default_factory=list)

    def end_pass(self, ctx: Ctx) -> bool:
        """After one pass of the body: the next pass starts as the pass ended or at any
        `continue` reached in it. True when a certain `break` ended the loop."""
        ended = ctx.leaving == BREAK
        ctx.leaving = ""
        if self.continues:
            ctx.state.merge(self.continues, exclusive=True)
            self.continues.clear()
        return ended

    def end_loop(self, ctx: Ctx) -> None:
        """After the loop: the shell is as the loop ended or at any `break` reached."""
        ctx.leaving = ""
        if self.breaks:
            ctx.state.merge(self.breaks, exclusive=True)
        ctx.may_stand_as(self.tables)


def leave(w: Walker, name: str, args: Sequence[Field], ctx: Ctx, sh: Shell) -> None:
    """`break [N]` / `continue [N]` run by the shell `sh` in `ctx`."""
    if not w.loops:
        return  # outside any loop: bash and dash ignore it (with a message)
    if ctx.subshells > w.loops[-1].subshells:
        return  # `(break)`, `echo | break`: it ends that subshell only (bash, dash)
    levels = _levels(args)
    if levels is None:
        targets = list(w.loops)  # an operand of unknown value: any enclosing loop
    else:
        targets = [w.loops[-min(levels, len(w.loops))]]
    for frame in targets:
        (frame.breaks if name == BREAK else frame.continues).append(ctx.state.copy())
        frame.tables.append(dict(ctx.functions))
    frame = w.loops[-1]
    if levels == 1 and w.same_shell(sh, frame.sh) and frame.calls == w.calls:
        ctx.leaving = name  # the rest of this pass does not run (posix seq stops)


def _levels(args: Sequence[Field]) -> int | None:
    if not args:
        return 1
    if len(args) == 1 and args[0].known and args[0].value.isdigit() and int(args[0].value) > 0:
        return int(args[0].value)
    return None
