"""The states one simple command is expanded under when a variable it uses may hold one of
several known values.

Two sources of such values: a variable set to different known strings in the branches of an
`if`/`case`/`||` (State.choices), and a variable nothing is known about whose default spells the
command (`${INSTALL:-pip install x}`, nested `${A:-${B:-…}}`): the build runs the default unless
the base image sets the variable, so the default is walked and the other case is reported.
"""

from __future__ import annotations

import re

from gate.shell.expand import Flag
from gate.shell.state import State

_VARIABLE = re.compile(r"\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)")
_DEFAULTED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-")


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
    if not base.choices:
        return ([base], True) if defaulted else None
    names = set(_VARIABLE.findall(" ".join(words)))
    names.update(n for n in base.choices if n in base.exported)
    states = base.variants(names)
    if states is None:
        return ([base], True) if defaulted else None
    return states, defaulted
