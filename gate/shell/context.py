"""Where a walked script stands: its shell's mutable situation and the text being walked."""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gate.model import CHOICE_SPAN, REPEATS
from gate.shell.state import Folder, State
from gate.shell.venv import inherit

if TYPE_CHECKING:
    from tree_sitter import Node

    from gate.shell.posix import Posix
    from gate.shell.traps import Trap


@dataclass(eq=False)
class Function:
    """A shell function: its body, the script that holds it, and the shell where it was defined."""

    posix: Posix
    body: Node
    ctx: Ctx  # where it was defined: an exposed function never called is walked there
    depth: int
    called: bool = False
    name: str = ""
    # A call gate cannot place may run it (exported to child processes, a command word gate
    # cannot read, a definition that may or may not have replaced it): walked at the step's
    # end if no call was walked (walk.Walker.uncalled). A function nothing exposes and nothing
    # calls runs nothing, as in every shell (`f() { pip …; }; env f`).
    exposed: bool = False
    # `f() { sh; } < F`: redirections written on the definition, which bash and dash apply
    # (expanded afresh) each time the function runs, over those of the call.
    redirects: tuple[Node, ...] = ()


@dataclass
class Ctx:
    """One shell's mutable situation: variables, working directory, the directory stack."""

    state: State
    oldpwd: str | None = None
    dirs: list[Folder] = field(default_factory=list)
    functions: dict[str, Function] = field(default_factory=dict)
    # alias name → (value, the script text that defined it, its line there)
    aliases: dict[str, tuple[str | None, str, int]] = field(default_factory=dict)
    expand_aliases: bool = False  # bash: `shopt -s expand_aliases`
    # bash's `hash -p PATH NAME`: NAME runs PATH from then on (None: a path the gate cannot see)
    hashed: dict[str, str | None] = field(default_factory=dict)
    # `exec < FILE`, `exec 0<<<TEXT`: the shell's stdin is no longer the RUN's (empty) one.
    stdin_moved: bool = False
    # Where this shell stands among the places that may or may not run: one (choice point, its
    # alternative) per enclosing `if`/`case` branch, `||` operand or loop body. A file written
    # here may hold what it held before, or what a sibling alternative wrote (gate/build_files).
    branch: tuple[tuple[int, int], ...] = ()
    # `trap CODE COND`: per condition, the traps that may be set (None: maybe none); traps.py.
    traps: dict[str, tuple[Trap | None, ...]] = field(default_factory=dict)
    # `cmd &`: background lists to walk again where this shell ends (they race with what
    # follows them; posix.Posix.background).
    pending: tuple[Callable[..., None], ...] = ()
    # Functions that may not be defined (in some branch only, or an `unset -f $X` may have
    # removed them): a call runs the function, or the program of that name.
    unsure: frozenset[str] = frozenset()
    # A `return` ran in this shell's function body: the rest of the body does not run (posix
    # seq stops). Not copied: a branch is made before its code runs.
    returned: bool = False
    # A certain `break`/`continue` ran in the loop body being walked (loop_exits): the rest of
    # the pass does not run. Not copied, as `returned`.
    leaving: str = ""
    # Subshells this shell is nested in, within one script walk (`( … )`, pipeline parts,
    # `$( … )`, `&`): a `break` in one leaves only that subshell (bash, dash), never the loop.
    subshells: int = 0
    # bash's `shopt -s lastpipe`: a pipeline's last part runs in this shell (None: it may).
    lastpipe: bool | None = False
    # The command being emitted is one of several variants of one simple command, each for
    # values its variables may hold (Posix.variants): their number (variant_group) and which
    # of them it is, else (0, 0). Where two write one file in the same branch it may hold
    # either text (Files.write).
    variant: tuple[int, int] = (0, 0)

    # The working folder is the state's (State.cwd): a way of standing (State.venvs) has its own.
    @property
    def cwd(self) -> str | None:
        return self.state.cwd

    @cwd.setter
    def cwd(self, cwd: str | None) -> None:
        self.state.move(cwd, self.state.cwd_known)

    @property
    def cwd_known(self) -> bool:
        return self.state.cwd_known

    @cwd_known.setter
    def cwd_known(self, known: bool) -> None:
        self.state.move(self.state.cwd, known)

    def copy(self) -> Ctx:
        return Ctx(
            self.state.copy(),
            self.oldpwd,
            list(self.dirs),
            dict(self.functions),
            dict(self.aliases),
            self.expand_aliases,
            dict(self.hashed),
            self.stdin_moved,
            self.branch,
            dict(self.traps),
            self.pending,
            self.unsure,
            subshells=self.subshells,
            lastpipe=self.lastpipe,
            variant=self.variant,
        )

    def subshell(self) -> Ctx:
        """A copy for a subshell (`( … )`, a pipeline part, `$( … )`, `cmd &`): it starts with
        no traps of its own (bash, dash) and runs those it sets when it ends."""
        sub = self.copy()
        sub.traps, sub.pending = {}, ()
        sub.subshells += 1
        return sub

    def alternative(self, choice: int, index: int) -> Ctx:
        """A copy for alternative `index` of the choice point `choice` (see `choice()`)."""
        branch = self.copy()
        branch.branch = (*self.branch, (choice, index))
        return branch

    def nested(self, state: State) -> Ctx:
        """The situation of a script this shell runs (`sh -c`, `bash <(…)`): a new shell in the
        same directory, in the same branch."""
        inherit(state, self.state.venv)
        state.cwd, state.cwd_known = self.cwd, self.cwd_known
        return Ctx(state, branch=self.branch, variant=self.variant)

    def may_stand_as(self, tables: Sequence[dict[str, Function]]) -> None:
        """The shell's functions may also be as in any of `tables`, each taken where a
        `return`, `break` or `continue` may have ended the body before what followed it ran
        (`g() { [ -n "$X" ] && return; f() { :; }; }; g; f` still runs the first f): a name
        one defines and the other does not may run the function or the program; a function
        another replaced may still run, walked at the step's end (walk.Walker.uncalled)."""
        for before in tables:
            self.may_keep(before, set(before) | set(self.functions))

    def may_keep(self, before: dict[str, Function], names: Iterable[str]) -> None:
        """The functions `names` may also be as in `before` (what ran since may not have): one
        defined or removed since may run the function or the program; one replaced may still
        run its old body, walked at the step's end."""
        for name in names:
            was, now = before.get(name), self.functions.get(name)
            if was is now:
                continue
            if was is None:
                self.unsure |= {name}
            elif now is None:
                self.functions[name] = was
                self.unsure |= {name}
            else:
                was.exposed = True

    def merge(self, others: Sequence[Ctx], exclusive: bool = False) -> None:
        """What is certain after one of `self` and `others` ran (branches, loops; State.merge)."""
        # Different folders in different branches: one per way, or not known (State.merge).
        self.state.merge([o.state for o in others], exclusive)
        self.join_folders((o.dirs, o.oldpwd) for o in others)
        self.stdin_moved |= any(o.stdin_moved for o in others)
        if any(o.lastpipe != self.lastpipe for o in others):
            self.lastpipe = None
        for name in {n for c in (self, *others) for n in c.traps}:
            # Set, reset or replaced in some branch only: each candidate may run, or none.
            merged = [t for c in (self, *others) for t in c.traps.get(name, (None,))]
            self.traps[name] = tuple(dict.fromkeys(merged))
        self.pending = tuple(dict.fromkeys(p for c in (self, *others) for p in c.pending))
        everywhere = set(self.functions).intersection(*(o.functions for o in others))
        unsure = self.unsure.union(*(o.unsure for o in others))
        for o in others:
            for name, function in o.functions.items():
                # Defined in some branch: a call may run it. Where branches define the name
                # differently a call may run either: the one not kept is walked at the end.
                if self.functions.setdefault(name, function) is not function:
                    function.exposed = True
            for name, path in o.hashed.items():
                # Hashed in some branch: a call may run that program (two different ones: the
                # gate cannot tell which).
                known = self.hashed.setdefault(name, path)
                if known != path:
                    self.hashed[name] = None
        # Not defined in every branch: a call may run the program of that name instead.
        self.unsure = frozenset(unsure | (set(self.functions) - everywhere))

    def join_folders(self, others: Iterable[tuple[list[Folder], str | None]]) -> None:
        """The directory stack and OLDPWD after this shell or one of `others` (their stack,
        OLDPWD) ran on: where they differ, not known. A `pushd` or `cd` that may not have run
        (`[ -d /app ] && pushd /app; cd /b; popd`: bash stays in /b where popd finds the stack
        empty; `cd /b; [ -d /app ] && cd /app; cd -` goes back to the WORKDIR) then leaves a
        `popd`/`cd -` in a folder not known."""
        for dirs, oldpwd in others:
            if dirs != self.dirs:
                self.dirs = [(None, False)] * max(len(dirs), len(self.dirs))
            if oldpwd != self.oldpwd:
                self.oldpwd = None

    def become(self, other: Ctx) -> None:
        """Take over `other`'s situation (the merged branches of an `if … else`)."""
        self.state = other.state
        self.oldpwd, self.dirs, self.functions = other.oldpwd, other.dirs, other.functions
        self.aliases, self.expand_aliases = other.aliases, other.expand_aliases
        self.hashed, self.stdin_moved = other.hashed, other.stdin_moved
        self.lastpipe = other.lastpipe
        self.traps, self.pending, self.unsure = other.traps, other.pending, other.unsure


def folder(cwd: str | None, workdir: str | None) -> str:
    """The folder a shell stands in, `cwd` as State.cwd holds it: None is where the step
    started, its WORKDIR, else /."""
    return cwd if cwd is not None else (workdir or "/")


def landed(base: str, value: str | None) -> str:
    """Where `cd VALUE` (`env -C VALUE`) from `base` lands: joined and normalised (None, a
    word not read: `base`), leading slashes made one (normpath keeps a leading `//`)."""
    path = base if value is None else posixpath.normpath(posixpath.join(base, value))
    return "/" + path.lstrip("/") if path.startswith("//") else path


_CHOICES = itertools.count()
_VARIANTS = itertools.count(1)


def variant_group() -> int:
    """A new number for the variants of one simple command (Ctx.variant), unique in this
    process."""
    return next(_VARIANTS)


def choice(exhaustive: int = 0) -> int:
    """A new choice point's number, unique in this process. `exhaustive`: how many
    alternatives it has when one of them always runs (`if … else`, `case … *)`), else 0;
    `alternatives_of` reads it back."""
    return next(_CHOICES) * CHOICE_SPAN + (exhaustive if exhaustive < REPEATS else 0)


def loop_choice() -> int:
    """A new choice point for a loop body walked once that may run any number of times
    (model.repeats): the branches of a choice within it are not exclusive over the loop."""
    return next(_CHOICES) * CHOICE_SPAN + REPEATS




@dataclass(frozen=True)
class Shell:
    """Where a (nested) script runs: its text, wrappers around it, its place in the RUN."""

    text: str  # internal latin-1 form
    wrappers: tuple[str, ...]
    line: int  # line of the RUN script this script starts on (or the command that runs it)
    nested: bool  # commands keep the outer command's line instead of their own
    depth: int
    program: str = "sh"  # the shell that runs it (`bash` does not expand aliases, `sh` does)

    def at(self, line: int) -> int:
        """The RUN line of something on `line` of this script."""
        return self.line if self.nested else self.line + line
