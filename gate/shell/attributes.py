"""bash's variable attributes that change what a later assignment does (bash 5.2 measured):

- `declare -l X` / `-u X` (also `local`, `typeset`): every later value of X is case folded,
  whatever sets it (`X=…`, `X+=…`, `read X`, `printf -v X`, `for X in …`);
- `declare -i X`: every later value is evaluated as arithmetic (not worked out here: unknown);
- `declare -n R=O` (a nameref): every later assignment to R, `export R=…`, `read R`,
  `printf -v R` sets O instead; a nameref with no target yet (`declare -n R`) takes the name
  its first assignment gives (`R=O`), and one whose target gate cannot read may set any
  variable.

An attribute is kept as text: "l", "u", "i", "n" + target ("n" alone: no target yet; "n?":
a target gate cannot read)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

UNBOUND = "n"
UNREAD = "n?"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ELEMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\[.*\]", re.S)  # `a[1]`: an array element
# Namerefs naming namerefs: bash follows a chain; past this many gate stops (value unknown).
_MAX_CHAIN = 8


def nameref(name: str, target: str | None) -> str | None:
    """The attribute `declare -n NAME=TARGET` gives NAME (TARGET None: gate cannot read it);
    None where bash refuses it and NAME stays a plain variable (bash 5.2: a target that is
    no name, `1abc`, or NAME itself)."""
    if target is None:
        return UNREAD
    if _NAME.fullmatch(target):
        return None if target == name else UNBOUND + target
    return UNREAD if _ELEMENT.fullmatch(target) else None


def through(
    attrs: Mapping[str, str], name: str, value: str | None
) -> tuple[str, str | None, str | None]:
    """Where `name=value` lands and with what value: (name, value, bound), where `bound` is
    set when the assignment gives an unbound nameref `name` its target instead (then nothing
    else changes), and name is "" when it may set any variable."""
    for _ in range(_MAX_CHAIN):
        attr = attrs.get(name)
        if attr is None:
            return name, value, None
        if attr == UNBOUND:
            return name, value, nameref(name, value) or UNBOUND  # refused: still unbound
        if attr == UNREAD:
            return "", None, None
        if attr[0] == "n":
            name = attr[1:]
            continue
        if attr == "i" or value is None:
            return name, None, None
        return name, value.lower() if attr == "l" else value.upper(), None
    return "", None, None


def target(attrs: Mapping[str, str], name: str) -> str:
    """The variable `export R` (no value) marks: a nameref's target ("" when unread)."""
    for _ in range(_MAX_CHAIN):
        attr = attrs.get(name, "")
        if attr == UNREAD:
            return ""
        if len(attr) < 2 or attr[0] != "n":
            return name
        name = attr[1:]
    return ""


def merged(each: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """The attributes after one of several branches ran: one they all give holds; a name whose
    attribute differs, or that only some give, is a nameref of unread target if any makes it
    one, else of unknown value ("i")."""
    tables = list(each)
    names = set().union(*tables) if tables else set()
    out: dict[str, str] = {}
    for name in names:
        held = {t.get(name) for t in tables}
        if len(held) == 1:
            out[name] = next(iter(held)) or ""
        elif any(a is not None and a[0] == "n" for a in held):
            out[name] = UNREAD
        else:
            out[name] = "i"
    return {k: v for k, v in out.items() if v}
