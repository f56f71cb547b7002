"""The shell's variables while a script is walked: values, exports, and merging of branches."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from gate.model import DEFAULT_PATH
from gate.shell import attributes
from gate.shell.expand import MAX_VALUE, Flag, Value, from_text, to_text

# A folder a shell may stand in: its path (None: the step's WORKDIR, else /) and whether it is
# known (State.cwd, Ctx.dirs).
Folder = tuple[str | None, bool]

# A variable holds one of at most this many known values after branches (`if`, `case`); more, and
# it is unknown. A command is expanded once per combination of such values, at most this often.
MAX_CHOICES = 16

DEFAULT_IFS = " \t\n"

# The name under which State.env() says that an earlier declaration of words gate cannot read
# (`export $(cat .env)`) may have exported any variable. No real environment holds a name with
# `=`, so it cannot be set. It travels in the environment on purpose: a wrapper that gives its
# command a fresh one (`env -i`, `exec -c`, sudo's env_reset, `su -l`, `setpriv --reset-env`)
# drops it with the rest, one that passes it on (`env -u X`, `sh -c`, `sudo -E`) keeps it, and
# a shell started with it opens its own state (from_env). Walker.record takes it out
# (Command.env_open).
OPEN_MARK = "=open"


def _capped(value: str | None) -> str | None:
    """A value past the length cap is unknown (set, value not known)."""
    return None if value is not None and len(value) > MAX_VALUE else value


# The variables an activate script sets and `deactivate` restores (gate/shell/venv.py).
ACTIVATION_VARS = ("PATH", "VIRTUAL_ENV", "_OLD_VIRTUAL_PATH")


@dataclass(frozen=True)
class Activation:
    """One way a shell may stand after branches that activate a venv in some of them only: the
    venv (None: none) and what ACTIVATION_VARS held there, each as (value, exported), a value
    being a State value or the known values it holds (State.choices)."""

    venv: str | None
    values: tuple[tuple[str | Flag | tuple[str, ...] | None, bool], ...]
    # Other variables the branch set to a known value where the branches differ (State.choices):
    # `if …; then X=1; . v/bin/activate; else X=2; fi` holds X=1 with the venv only.
    others: tuple[tuple[str, str], ...] = ()
    # The working folder there (State.cwd, State.cwd_known): `[ -d /app ] && cd /app; pip
    # install -r r.txt` reads /app/r.txt or /r.txt, each way judged on its own.
    cwd: Folder = (None, True)


@dataclass(frozen=True)
class Held:
    """What a variable was before a command's prefix assignment covered it (`A=1 f`)."""

    name: str
    value: str | Flag | None
    choices: tuple[str, ...] | None
    exported: bool
    # For the name "": the ways of activation (State.venvs) before the cover, which a covered
    # PATH or VIRTUAL_ENV rewrites, and after it: put back unless the call changed them.
    venvs: tuple[Activation, ...] = ()
    covered: tuple[Activation, ...] = ()


# A variable a function call made local: what it was, whether that was in a branch of the body,
# and its attributes (attributes.py) before (posix.Posix.call).
Local = tuple[Held, bool, str | None]


def _shellopts(value: str | Flag | None, noclobber: bool) -> str | Flag | None:
    """What an exported SHELLOPTS passes on (internal text form): bash's names the options on
    at each child's start (`export SHELLOPTS; set -C; bash -c …`: that bash starts with
    noclobber, bash 5.2 measured); dash's is an ordinary variable, passed on as set. gate does
    not know which shell this is, so a noclobber that may be on is named either way."""
    if not noclobber or value is None:
        return value
    held = value if isinstance(value, str) else ""
    if "noclobber" in held.split(":"):
        return held
    return f"{held}:noclobber" if held else "noclobber"


class State:
    """Shell variables (internal text form) and the exported set.

    A name missing from `vars` is unknown (the base image may set it); `Flag.UNSET` is known unset;
    None is set with an unknown value. Child processes see only exported names that are set.
    """

    __slots__ = (
        "_env", "_noclobber", "_point", "allexport", "attrs", "choices", "cwd", "cwd_known",
        "exported", "opened", "positional", "vars", "venv", "venvs", "zero",
    )

    def __init__(
        self,
        vars: dict[str, str | Flag | None],
        exported: set[str],
        allexport: bool = False,
        positional: tuple[str, ...] | None = None,
    ) -> None:
        self.vars = vars
        self.exported = exported
        self.allexport = allexport
        # `set -C`/`set -o noclobber` may be on: a `>` onto an existing file then fails and its
        # command does not run (bash, dash). True where any way through the script may set it.
        self._noclobber = False
        # bash's -l/-u/-i/-n attributes that change later assignments (attributes.py).
        self.attrs: dict[str, str] = {}
        # $1 … as far as known (`set -- a b`, `sh -c '…' _ a b`, a function call); None: unknown.
        self.positional = positional
        # $0 when known (`sh -c '…' NAME`); None: unknown.
        self.zero: str | None = None
        # Variables that hold one of several known values (set differently in branches); their
        # entry in `vars` is None, so that what does not look here sees an unknown value.
        self.choices: dict[str, tuple[str, ...]] = {}
        self._env: dict[str, str | None] | None = None
        # A declaration of words the gate cannot read ran (`export $(cat .env)`): any variable
        # may have been set, whatever `vars` says.
        self.opened = False
        # The venv whose activate script this shell sourced (`. /opt/venv/bin/activate`), while
        # the VIRTUAL_ENV it set holds: pip is then whichever `pip` $PATH finds, not $VIRTUAL_ENV's
        # (gate/shell/venv.py, gate/facts/pip.py interpreter_prefix).
        self.venv: str | None = None
        # After a branch that may or may not activate a venv (`if …; then . venv/bin/activate;
        # fi`, `[ -d v ] && . v/bin/activate; …`): each way the shell may stand, for a later
        # command to be judged once per way (gate/shell/variants.py), as for State.choices.
        # Empty while every way agrees on the venv and the folder; `vars` then holds what is
        # certain.
        self.venvs: tuple[Activation, ...] = ()
        # The working folder (internal text form; None: the step's WORKDIR) and whether it is
        # known. Kept here, not beside the shell's other situation (context.Ctx), so that a way
        # (Activation) carries it: a `cd` after `&&` or in one branch may not have run.
        self.cwd: str | None = None
        self.cwd_known = True
        # The choice point whose alternatives are the folders `venvs` stand in (folder_point).
        self._point: int | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str | None], path_exported: bool = True) -> State:
        """A fresh shell whose environment is `env` (all of it exported). `path_exported`: a
        $PATH `env` does not name is still exported (the base's), not gone (`env -i`)."""
        vars: dict[str, str | Flag | None] = {
            k: (None if v is None else _capped(from_text(v)))
            for k, v in env.items()
            if k != OPEN_MARK
        }
        # dash, bash and busybox ash set IFS at startup whatever the environment holds (an
        # `ENV IFS=` is ignored), so `pip${IFS}install` splits into two words.
        vars["IFS"] = DEFAULT_IFS
        # A $PATH the environment does not name is the base image's (Docker's default where
        # the image sets none), which Docker puts in every RUN's environment: exported, so
        # `PATH=/opt/venv/bin:$PATH; pip …` looks pip up there as `export PATH=…` does (a shell
        # looks programs up by its own $PATH, exported or not).
        exported = set(env) - {OPEN_MARK}
        if path_exported:
            exported.add("PATH")
        state = cls(vars, exported)
        state.opened = OPEN_MARK in env
        return state

    @property
    def noclobber(self) -> bool:
        return self._noclobber

    @noclobber.setter
    def noclobber(self, on: bool) -> None:
        self._noclobber = on
        self._env = None  # an exported SHELLOPTS says it (env)

    def open_env(self) -> None:
        """A declaration of words gate cannot read ran (`export $(cat .env)`)."""
        self.opened = True
        self._env = None

    def copy(self) -> State:
        """The state a subshell starts with."""
        state = State(dict(self.vars), set(self.exported), self.allexport, self.positional)
        state.choices = dict(self.choices)
        state.noclobber = self.noclobber
        state.attrs = dict(self.attrs)
        state.zero = self.zero
        state.opened = self.opened
        state.venv = self.venv
        state.venvs = self.venvs
        state.cwd, state.cwd_known = self.cwd, self.cwd_known
        state._point = self._point
        return state

    def folder_point(self, make: Callable[[int], int]) -> tuple[int, list[Folder]]:
        """The choice point whose alternatives are the folders the ways stand in, and those
        folders in its order: a command run once per folder writes a file in one alternative
        (`[ -d /app ] && cd /app; echo x > r.txt`: /app/r.txt or /r.txt, not both), and a later
        one in the same folder reads what it wrote. Made by `make(count)` (context.choice) the
        first time it is asked for while the ways stand."""
        folders = sorted({w.cwd for w in self.venvs}, key=str)
        if self._point is None:
            self._point = make(len(folders))
        return self._point, folders

    def moved(self) -> None:
        """The shell changed folder: bash, dash and busybox set $PWD and $OLDPWD anew, so a
        value the script gave them is gone (folder_vars reads them from the folders)."""
        if "PWD" in self.vars or "OLDPWD" in self.vars:
            self.vars.pop("PWD", None)
            self.vars.pop("OLDPWD", None)
            self._env = None

    def move(self, cwd: str | None, known: bool) -> None:
        """`cd`: every way now stands in that folder (it may still differ in its venv)."""
        self.cwd, self.cwd_known = cwd, known
        self.moved()
        if self.venvs:
            self.ways([replace(w, cwd=(cwd, known)) for w in self.venvs], paths_differ=True)

    def move_each(self, to: Callable[[Folder], Folder]) -> None:
        """A `cd` each way makes from its own folder (`[ -d /app ] && cd /app; cd ..`: / from
        either; `cd sub`: /app/sub or /sub): `to` maps a folder (cwd, known) to where it lands."""
        if not self.venvs:
            self.move(*to((self.cwd, self.cwd_known)))
            return
        self.moved()
        moved = [replace(w, cwd=to(w.cwd)) for w in self.venvs]
        folders = {w.cwd for w in moved}
        if len(folders) == 1:
            self.cwd, self.cwd_known = next(iter(folders))
        else:
            self.cwd, self.cwd_known = _blended_cwd(folders), False
        self.ways(moved, paths_differ=True)

    def activation(self) -> Activation:
        """How this shell stands as to activation (one Activation)."""
        values = tuple(
            (self.choices.get(n) or self.vars.get(n, Flag.ABSENT), n in self.exported)
            for n in ACTIVATION_VARS
        )
        return Activation(self.venv, values, cwd=(self.cwd, self.cwd_known))

    def take(self, way: Activation) -> None:
        """Stand as `way` says (one of `venvs`)."""
        for name, (value, exported) in zip(ACTIVATION_VARS, way.values, strict=True):
            self.choices.pop(name, None)
            if isinstance(value, tuple):
                self.vars[name] = None
                self.choices[name] = value
            elif value is Flag.ABSENT:
                self.vars.pop(name, None)
            else:
                self.vars[name] = value
            if exported:
                self.exported.add(name)
            else:
                self.exported.discard(name)
        for name, known in way.others:
            if name in self.choices:
                self.choices.pop(name)
                self.vars[name] = known
        self.venv = way.venv
        self.cwd, self.cwd_known = way.cwd
        self.venvs = ()
        self._point = None
        self._env = None

    def ways(self, ways: Sequence[Activation], paths_differ: bool = False) -> None:
        """Stand as any of `ways` may (merged branches, `deactivate` after them): where their
        venvs or folders differ each is kept (`venvs`), else none. Past MAX_CHOICES ways any
        variable may hold anything (open_env): never a silent guess. `vars` is the caller's
        (`blended`). `paths_differ`: keep ways of the same venv too where their $PATHs differ (after
        `deactivate` no way has a venv, but one that never activated keeps a $PATH set since,
        which the others' `deactivate` put back: blended, $PATH would be unknown)."""
        unique = list(dict.fromkeys(ways))
        if len(unique) > MAX_CHOICES and len({w.cwd for w in unique}) > 1:
            # Too many: their folders first give way (not known), not the whole environment.
            folder = (_blended_cwd({w.cwd for w in unique}), False)
            unique = list(dict.fromkeys(replace(w, cwd=folder) for w in unique))
            self.cwd, self.cwd_known = folder
        if tuple(unique) != self.venvs:
            self._point = None
        apart = paths_differ and len({w.values[0] for w in unique}) > 1  # ACTIVATION_VARS[0]
        venvs = {w.venv for w in unique}
        if len(venvs) < 2 and len({w.cwd for w in unique}) < 2 and not apart:
            self.venvs = ()
        elif len(unique) > MAX_CHOICES:
            self.venvs = ()
            self.venv = None
            self.open_env()
        else:
            self.venvs = tuple(unique)
            # Ways apart only in their folder still share their venv.
            self.venv = unique[0].venv if len(venvs) == 1 else None

    def _changed(self, name: str) -> None:
        """`name` was set anew: every way now holds what this shell does."""
        if not self.venvs:
            return
        if name not in ACTIVATION_VARS:
            if any(n == name for w in self.venvs for n, _ in w.others):
                self.ways([
                    replace(w, others=tuple(o for o in w.others if o[0] != name))
                    for w in self.venvs
                ], paths_differ=True)  # fmt: skip
            return
        k = ACTIVATION_VARS.index(name)
        now = self.activation().values[k]
        self.ways([
            replace(w, values=(*w.values[:k], now, *w.values[k + 1 :])) for w in self.venvs
        ], paths_differ=True)  # fmt: skip

    # Vars protocol for expansion
    def get(self, name: str) -> Value:
        """Value of `name`: str, None (set, unknown), Flag.UNSET or Flag.ABSENT.

        A $PATH the build never set is the base image's, which gate takes to be Docker's
        default wherever it looks a program up (gate/facts/scripts.py on_path, an activate
        script's rest of $PATH): `export PATH=/opt/venv/bin:$PATH` then puts the venv first on
        that, as `ENV PATH=/opt/venv/bin:$PATH` does, rather than leaving $PATH unknown."""
        value = self.vars.get(name, Flag.ABSENT)
        if value is Flag.ABSENT and name == "PATH":
            return from_text(DEFAULT_PATH)
        return value

    def restore_base(self, name: str) -> None:
        """`name` back to what the base image set (gate does not know it): as if never set."""
        self.vars.pop(name, None)
        self.choices.pop(name, None)
        self._env = None
        self._changed(name)

    def assign(self, name: str, value: str | None) -> None:
        """`name=value` in this shell (exported if it already was, or under `set -a`)."""
        if self.attrs:
            name, value = self._through(name, value)
            if not name:
                return
        self.vars[name] = _capped(value)
        self.choices.pop(name, None)
        if self.allexport:
            self.exported.add(name)
        if name in self.exported:
            self._env = None
        self._changed(name)

    def export(self, name: str, value: str | Flag | None = Flag.ABSENT) -> None:
        """`export name[=value]`."""
        if self.attrs and not isinstance(value, Flag):
            name, value = self._through(name, value)
            if not name:
                return
        elif self.attrs:
            name = attributes.target(self.attrs, name)
            if not name:
                self.open_env()
                return
        if value is not Flag.ABSENT:
            self.vars[name] = value if isinstance(value, Flag) else _capped(value)
            self.choices.pop(name, None)
        if self.vars.get(name, Flag.ABSENT) is not Flag.ABSENT or name == "SHELLOPTS":
            self.exported.add(name)  # bash's SHELLOPTS is always set
        self._env = None
        self._changed(name)

    def unset(self, name: str) -> None:
        """`unset name`."""
        if name == "SHELLOPTS" and name in self.exported:
            # bash refuses (readonly) and keeps passing it on; dash removes it. Kept: a bash
            # below may start with noclobber.
            return
        self.vars[name] = Flag.UNSET
        self.choices.pop(name, None)
        self.exported.discard(name)
        self._env = None
        self._changed(name)

    def unset_through(self, name: str) -> None:
        """`unset name` of a bash nameref unsets the variable it names (bash 5.2 measured:
        `declare -n r=O; unset r` unsets O and r stays a nameref); one whose target is not
        read may unset any variable."""
        target = attributes.target(self.attrs, name) if self.attrs else name
        if target:
            self.unset(target)
        else:
            self.maybe_unset_all()

    def maybe_unset_all(self) -> None:
        """`unset "$X"` of names gate cannot read: each variable set may be gone or still set,
        so its value is no longer known (exported ones stay exported while set)."""
        for name, value in self.vars.items():
            if isinstance(value, str):
                self.vars[name] = None
        self.choices.clear()
        self._env = None

    def unexport(self, name: str) -> None:
        """`export -n name`: the variable stays, child processes no longer see it."""
        self.exported.discard(name)
        self._env = None
        self._changed(name)

    def cover(self, assigned: Sequence[tuple[str, str | None]]) -> list[Held]:
        """`A=1 f`, `A=1 eval …`: bash, dash and busybox ash export a prefix assignment to what a
        function body or eval text runs, for as long as it runs (checked with all three), so
        `PIP_ONLY_BINARY= f` turns only-binary off inside f. What each name was, for `uncover`."""
        held = [
            Held(n, self.vars.get(n, Flag.ABSENT), self.choices.get(n), n in self.exported)
            for n, _ in assigned
        ]
        before = self.venvs
        for name, value in assigned:
            self.export(name, value)
        held.append(Held("", None, None, False, before, self.venvs))
        return held

    def _through(self, name: str, value: str | None) -> tuple[str, str | None]:
        """Where an assignment to `name` lands, and its value (attributes.through); "" when it
        was handled here (a nameref bound, or any variable possibly set)."""
        landed, value, bound = attributes.through(self.attrs, name, value)
        if bound is not None:
            self.attrs[name] = bound
            self.vars[name] = value if bound != attributes.UNREAD else None
            return "", None
        if not landed:
            self.open_env()
        return landed, value

    def hold(self, name: str) -> Held:
        """What `name` is now, for `uncover` to put back (`local name` in a function)."""
        return Held(name, self.vars.get(name, Flag.ABSENT), self.choices.get(name),
                    name in self.exported)  # fmt: skip

    def uncover(self, held: Sequence[Held]) -> None:
        """Put back what `cover` covered (the call has returned)."""
        for h in reversed(held):
            if not h.name:
                continue
            if h.value is Flag.ABSENT:
                self.vars.pop(h.name, None)
            else:
                self.vars[h.name] = h.value
            self.choices.pop(h.name, None)
            if h.choices is not None:
                self.choices[h.name] = h.choices
            if h.exported:
                self.exported.add(h.name)
            else:
                self.exported.discard(h.name)
        for h in held:
            if not h.name and self.venvs == h.covered:
                self.venvs = h.venvs
        self._env = None

    def variants(self, names: Iterable[str]) -> list[State] | None:
        """One state per combination of the values `names` may hold (those with choices), each
        holding one known value apiece; None when there are none or too many combinations."""
        held = sorted(n for n in set(names) if n in self.choices)
        if not held:
            return None
        count = 1
        for name in held:
            count *= len(self.choices[name])
        if count > MAX_CHOICES:
            return None
        out: list[State] = []
        for combination in itertools.product(*(self.choices[n] for n in held)):
            state = self.copy()
            for name, value in zip(held, combination, strict=True):
                state.vars[name] = value
                state.choices.pop(name)
            state._env = None
            out.append(state)
        return out

    def env(self) -> dict[str, str | None]:
        """The environment a child process gets (real text); shared until the state changes."""
        if self._env is None:
            env: dict[str, str | None] = {}
            for name in self.exported:
                v = self.vars.get(name, Flag.ABSENT)
                if name == "SHELLOPTS":
                    v = _shellopts(v, self.noclobber)
                if isinstance(v, str):
                    env[name] = to_text(v)
                elif v is None:
                    env[name] = None
            if self.opened:
                env[OPEN_MARK] = None
            self._env = env
        return self._env

    def merge(self, others: Iterable[State], exclusive: bool = False) -> None:
        """Become what is certain after one of `self` and `others` happened (branches, loops).

        `exclusive`: exactly one of them happened (`if`, `case`, `||`), so a variable they set to
        different known values holds one of those. (Not after a loop: `A="$A x"` run again and
        again holds more values than any one pass shows.)"""
        states = [self, *others]
        if len(states) == 1:
            return
        # Activated in some branch only: which `pip` $PATH finds is one of the branches' (venvs).
        each = [(s.venvs or (s.activation(),), s.vars) for s in states]
        ways = [w for mine, _ in each for w in mine]
        names = set().union(*(s.vars for s in states))
        merged: dict[str, str | Flag | None] = {}
        choices: dict[str, tuple[str, ...]] = {}
        for name in names:
            values = [s.vars.get(name, Flag.ABSENT) for s in states]
            first = values[0]
            held = _held(name, states) if exclusive else None
            if held is not None and len(held) > 1:
                merged[name] = None
                choices[name] = held
            elif all(v == first for v in values):
                merged[name] = first
            elif any(isinstance(v, str) or v is None for v in values):
                merged[name] = None  # set in some branch: present, value unknown
            # else: unset in some, unknown in others → nothing known
        self.vars = merged
        self.choices = choices
        folders = {w.cwd for w in ways}
        if (len({w.venv for w in ways}) > 1 or len(folders) > 1) and choices:
            ways = _with_others(each, choices)
        if len(folders) > 1:
            # In different folders in different branches: not known, unless kept per way.
            self.cwd, self.cwd_known = _blended_cwd(folders), False
            if not exclusive:
                # After a loop a folder may be one no single pass shows (`cd sub` run again).
                ways = [replace(w, cwd=(self.cwd, False)) for w in ways]
        else:
            self.cwd, self.cwd_known = next(iter(folders))
        self.exported = set().union(*(s.exported for s in states))
        self.allexport = any(s.allexport for s in states)
        self.noclobber = any(s.noclobber for s in states)
        if any(s.attrs for s in states):
            self.attrs = attributes.merged(s.attrs for s in states)
        self.opened = any(s.opened for s in states)
        self.venv = self.venv if all(s.venv == self.venv for s in states) else None
        self.ways(ways)
        if any(s.positional != self.positional for s in states):
            self.positional = None
        if any(s.zero != self.zero for s in states):
            self.zero = None
        self._env = None


def _with_others(
    each: Sequence[tuple[tuple[Activation, ...], Mapping[str, str | Flag | None]]],
    choices: Mapping[str, tuple[str, ...]],
) -> list[Activation]:
    """Each merged state's ways of activation, with the known values its variables (`vars`)
    give those that hold one of several after the merge (`choices`)."""
    out: list[Activation] = []
    for ways, vars in each:
        mine = [(n, v) for n in sorted(choices) if isinstance(v := vars.get(n), str)]
        for way in ways:
            known = dict(way.others)
            known.update((n, v) for n, v in mine if n not in known)
            out.append(replace(way, others=tuple(sorted(known.items()))))
    return out


def _blended_cwd(folders: Iterable[Folder]) -> str | None:
    """A folder to stand for several (it is marked not known): the first named one."""
    return next((cwd for cwd, _ in sorted(folders, key=str) if cwd is not None), None)


def blended(ways: Sequence[Activation]) -> Activation:
    """One Activation for ways that share their venv: a value they all hold, else set with a
    value not known (or not known at all where none of them sets it); their folder where they
    share it, else one not known."""
    values: list[tuple[str | Flag | tuple[str, ...] | None, bool]] = []
    for k in range(len(ACTIVATION_VARS)):
        held = [w.values[k] for w in ways]
        value = held[0][0]
        if any(h[0] != value for h in held):
            set_somewhere = any(not isinstance(h[0], Flag) for h in held)
            value = None if set_somewhere else Flag.ABSENT
        values.append((value, any(h[1] for h in held)))
    folders = {w.cwd for w in ways}
    cwd = ways[0].cwd if len(folders) == 1 else (_blended_cwd(folders), False)
    return Activation(ways[0].venv, tuple(values), cwd=cwd)


def _held(name: str, states: Iterable[State]) -> tuple[str, ...] | None:
    """The known values `name` holds across `states` (a state's own choices count), or None
    when one of them does not know it or there are too many."""
    held: set[str] = set()
    for state in states:
        if name in state.choices:
            held.update(state.choices[name])
            continue
        value = state.vars.get(name, Flag.ABSENT)
        if not isinstance(value, str):
            return None
        held.add(value)
    return tuple(sorted(held)) if len(held) <= MAX_CHOICES else None
