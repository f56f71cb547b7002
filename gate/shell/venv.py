"""`. /opt/venv/bin/activate` and `deactivate`: what a virtual environment's activate script does
to the shell that sources it.

The script (CPython's venv, virtualenv, `uv venv`) runs `deactivate nondestructive`, sets and
exports VIRTUAL_ENV, saves $PATH in `_OLD_VIRTUAL_PATH` and puts `$VIRTUAL_ENV/bin` first on
$PATH; the `deactivate` function it defines puts $PATH back and unsets VIRTUAL_ENV. So a later
bare `pip` in that shell (and in the programs it starts) is the venv's own, which reads the venv's
`pip.conf`. The shell layer cannot tell whether the file sourced is such a script (the build's
files are the facts layer's): it records the venv on the state (`State.venv`), and the facts
layer takes the venv's pip only where the build made the venv (gate/facts/pip.py). For any other
script of that name `bin/` first on $PATH names no venv gate knows, and pip is judged as before.
"""

from __future__ import annotations

import posixpath
import re

from gate.model import DEFAULT_PATH
from gate.shell.expand import Field, Flag, from_text, to_text
from gate.shell.state import State, blended

# A file named `activate` in a `bin` folder, named by a path (`.` searches $PATH for a bare name).
_ACTIVATE = re.compile(r"(?:.*/)?bin/activate")
_OLD_PATH = "_OLD_VIRTUAL_PATH"
# The $PATH a RUN has when the image sets none (BuildKit's default; gate/facts/scripts.py).


# sourced_venv's answer for an activate script gate cannot place (`. "$V"/bin/activate`).
UNPLACED = ""


def sourced_venv(args: list[Field], cwd: str | None, cwd_known: bool, workdir: str) -> str | None:
    """The venv folder `. ARGS` activates (`. venv/bin/activate` → /app/venv); UNPLACED for an
    activate script named by a word of unknown value or relative to an unknown folder; None when
    the first word is no activate script. `cwd`: the shell's folder (internal text form), None
    for the step's `workdir`."""
    if not args:
        return None
    path = to_text(args[0].value)
    if not _ACTIVATE.fullmatch(path):
        return None
    if not args[0].known:
        return UNPLACED
    if not path.startswith("/"):
        if not cwd_known:
            return UNPLACED
        path = posixpath.join(to_text(cwd) if cwd is not None else workdir, path)
    return posixpath.dirname(posixpath.dirname(posixpath.normpath(path)))


def activate(state: State, venv: str) -> None:
    """What sourcing `venv`/bin/activate does to the shell's variables."""
    deactivate(state)  # the script's own `deactivate nondestructive`
    path = state.get("PATH")
    # `_OLD_VIRTUAL_PATH="$PATH"`; an unset PATH expands to ""; one gate does not know, unknown.
    old: str | None = "" if path is Flag.UNSET else path if isinstance(path, str) else None
    state.assign(_OLD_PATH, old)
    state.export("VIRTUAL_ENV", from_text(venv))
    # `PATH="$VIRTUAL_ENV/bin:$PATH"`. VENV/bin is first whatever the old $PATH held; where
    # gate does not know that (a base image's), the rest is Docker's default, as the facts layer
    # takes an unknown $PATH to be.
    rest = from_text(DEFAULT_PATH) if old is None else old
    state.export("PATH", from_text(f"{venv}/bin:") + rest)
    state.venv = venv


def deactivate(state: State) -> None:
    """`deactivate`, defined by an activate script this shell sourced: $PATH back as it was,
    VIRTUAL_ENV unset. Without an activation gate saw, the call is left as any other command.
    After branches that activated in some only (State.venvs), each way is deactivated."""
    if state.venvs:
        ways = []
        for way in state.venvs:
            one = State({}, set())
            one.take(way)
            deactivate(one)
            ways.append(one.activation())
        state.take(blended(ways))
        state.ways(ways, paths_differ=True)
        return
    if state.venv is None:
        return
    old = state.get(_OLD_PATH)
    if old == from_text(DEFAULT_PATH):
        # The base image's $PATH (which gate takes to be Docker's default) again: as if never
        # set, so that ways that did and did not activate agree on it after `deactivate`.
        state.restore_base("PATH")
        state.unset(_OLD_PATH)
    elif old is None or (isinstance(old, str) and old):  # `[ -n "${_OLD_VIRTUAL_PATH:-}" ]`
        state.export("PATH", old)
        state.unset(_OLD_PATH)
    state.unset("VIRTUAL_ENV")
    state.venv = None


def inherit(state: State, venv: str | None) -> None:
    """A shell started from one that activated `venv` (`bash -c`, a script it runs) keeps the
    activation while the VIRTUAL_ENV it exported is still there (`env -i`, `sudo` drop it)."""
    if venv is not None and state.get("VIRTUAL_ENV") == from_text(venv):
        state.venv = venv
