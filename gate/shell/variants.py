"""The states one simple command is expanded under when a variable it uses may hold one of
several known values.

Three sources of such values: a venv activated in some branches only (State.venvs); a
variable set to different known strings in the branches of an `if`/`case`/`||`
(State.choices); and a variable nothing is known about whose default spells the command
(`${INSTALL:-pip install x}`, nested `${A:-${B:-…}}`): the build runs the default unless the
base image sets the variable, so the default is walked and the other case is reported.
"""

from __future__ import annotations

import re

from gate.shell.expand import Flag
from gate.shell.state import MAX_CHOICES, State

_VARIABLE = re.compile(r"\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)")
_DEFAULTED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-")
# At most this many states for one command: ways of activation times choices of values.
_MAX_STATES = 4 * MAX_CHOICES


def command_states(state: State, words: list[str]) -> tuple[list[State], bool] | None:
    """States to expand the command's `words` (source text) under, and whether the program
    word's defaults were taken for variables nothing is known about; None: just `state`."""
    base = state
    defaulted = False
    head = words[0].lstrip('"') if words else ""
    if head.startswith("${"):
        absent = [n for n in _DEFAULTED.findall(words[0]) if state.get(n) is Flag.ABSENT]
        if absent:
            base = state.copy()
            for name in absent:
                base.vars[name] = Flag.UNSET
            defaulted = True
    if base.venvs:
        # After a branch that may have activated a venv: once per way the shell may stand.
        ways = []
        for way in base.venvs:
            one = base.copy()
            one.take(way)
            ways.append(one)
        each = [_chosen(one, words) or [one] for one in ways]
        if sum(len(e) for e in each) > _MAX_STATES:
            return ways, defaulted
        return [s for e in each for s in e], defaulted
    states = _chosen(base, words)
    if states is None:
        return ([base], True) if defaulted else None
    return states, defaulted


def _chosen(state: State, words: list[str]) -> list[State] | None:
    """One state per combination of the known values the command's variables (and exported
    ones) may hold, or None."""
    if not state.choices:
        return None
    names = set(_VARIABLE.findall(" ".join(words)))
    names.update(n for n in state.choices if n in state.exported)
    return state.variants(names)
