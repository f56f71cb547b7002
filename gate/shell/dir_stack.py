"""bash's directory stack beyond `pushd DIR` and plain `popd` (builtins._cd): `pushd -n DIR`,
`pushd` alone, `pushd +N`/`-N`, `popd -n`, `popd +N`/`-N`, `dirs -c`. Measured with bash 5.2:

- `pushd -n DIR` adds DIR below the top and stays (OLDPWD as it was); a relative DIR is kept as
  written and read where a later rotation lands, so it is held as a folder not known;
- `pushd` alone swaps the top two entries (a cd); `pushd +N`/`-N` rotates the stack so entry N
  (counted from the top, or from the bottom with `-`) is on top (a cd); `popd` moves to the
  next entry and `popd +N`/`-N` of entry 0 does so too, of another entry removes it and stays;
  `popd -n` removes entry 1; an index out of range changes nothing (an error);
- every move sets OLDPWD to the folder left.

`Ctx.dirs` holds the entries below the top (the current folder), the last one first to pop.
Anything else (`-n` with an index, a word the gate cannot read, two operands) leaves the stack
and, for pushd, the folder not known.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from gate.shell.context import Ctx
from gate.shell.expand import Field
from gate.shell.state import Folder

_INDEX = re.compile(r"[+-][0-9]+")
_UNKNOWN: Folder = (None, False)


def handled(name: str, args: Sequence[Field], ctx: Ctx, here: Folder) -> bool:
    """Apply `pushd`/`popd`/`dirs` ARGS to `ctx` where it is not the plain `pushd DIR` or
    `popd` (`here`: the current folder, the WORKDIR placed); True when applied."""
    if name == "dirs":
        if any(not a.known for a in args):
            ctx.dirs = [_UNKNOWN] * len(ctx.dirs)  # may be `-c`: an unknown stack, not empty
        elif any(a.value.startswith("-") and "c" in a.value[1:] for a in args):
            ctx.dirs = []
        return True
    if any(not a.known for a in args):
        return _lost(name, ctx)
    words = [a.value for a in args]
    no_cd = "-n" in words
    rest = [w for w in words if w not in ("-n", "--")]
    if name == "pushd" and not rest:
        if no_cd:
            return _lost(name, ctx, cd=False)
        if ctx.dirs:
            top = ctx.dirs[-1]
            ctx.dirs[-1] = here
            _move(ctx, top, here)
        return True
    if name == "popd" and not rest:
        if not no_cd:
            return False  # plain popd
        if ctx.dirs:
            ctx.dirs.pop()
        return True
    if len(rest) != 1:
        return _lost(name, ctx)
    word = rest[0]
    if not _INDEX.fullmatch(word):
        if name == "popd" or word.startswith("-"):
            return _lost(name, ctx)
        if not no_cd:
            return False  # plain pushd DIR
        ctx.dirs.append((posixpath.normpath(word), True) if word.startswith("/") else _UNKNOWN)
        return True
    if no_cd:
        return _lost(name, ctx, cd=False)
    stack = [here, *reversed(ctx.dirs)]  # entry 0 first
    n = int(word[1:])
    if n >= len(stack):
        return True  # out of range: an error, nothing changes
    index = n if word[0] == "+" else len(stack) - 1 - n
    if name == "pushd":
        turned = stack[index:] + stack[:index]
        ctx.dirs = list(reversed(turned[1:]))
        if index:
            _move(ctx, turned[0], here)
        return True
    if index == 0:
        return False  # as plain popd
    del stack[index]
    ctx.dirs = list(reversed(stack[1:]))
    return True


def _move(ctx: Ctx, to: Folder, here: Folder) -> None:
    ctx.cwd, ctx.cwd_known = to
    ctx.oldpwd = here[0] if here[1] else None


def _lost(name: str, ctx: Ctx, cd: bool = True) -> bool:
    """A form not modelled: the stack (and where a pushd may move, the folder) not known."""
    ctx.dirs = [_UNKNOWN] * (len(ctx.dirs) + 1)
    if name == "pushd" and cd:
        ctx.cwd_known = False
        ctx.oldpwd = None
    return True
