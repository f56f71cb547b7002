"""A file operand the shell may have expanded as a glob (`pip install -r req*.txt`): the files
the build holds that it names, as bash and dash expand it (bash 5.2, dash 0.5.12 measured:
`-r req*.txt` names `req-a.txt`; `*` and `?` never match a `/` nor a leading `.`).

The shell layer hands the word as written (quotes gone), so a quoted `'req*.txt'` looks the
same: it is read as the glob too, which can only name a file the build holds."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache

_MAGIC = re.compile(r"[*?\[]")
# Held paths a glob is matched against: past this it is not expanded (unknown), so that a
# build of many files and many globbed operands stays cheap.
MAX_SCANNED = 65536


def is_glob(path: str) -> bool:
    return _MAGIC.search(path) is not None


def matches(pattern: str, held: Iterable[str], count: int) -> list[str] | None:
    """The held paths (`count` of them) the absolute glob `pattern` names, sorted as the
    shell sorts them; None when there are too many to look through."""
    if count > MAX_SCANNED:
        return None
    dotted = [part.startswith(".") for part in pattern.split("/")]
    # A wildcard never matches `/`: a match has the pattern's depth and its literal head
    # (cheap tests first: 8,192 paths matched outright took 16 ms a glob).
    magic = _MAGIC.search(pattern)
    head = pattern[: magic.start()] if magic is not None else pattern
    depth = pattern.count("/")
    out = []
    for path in held:
        if not path.startswith(head) or path.count("/") != depth:
            continue
        if not _shell_regex(pattern).fullmatch(path):
            continue
        parts = path.split("/")
        if any(p.startswith(".") and not d for p, d in zip(parts, dotted, strict=False)):
            continue  # a leading dot is matched only by a pattern that writes it
        out.append(path)
    return sorted(out)


# bash, dash and busybox sh read these inside brackets (measured: `[[:lower:]].sh` names a.sh).
_CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "blank": " \t", "cntrl": "\x00-\x1f\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~",
    "space": "\t\n\x0b\x0c\r ", "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}  # fmt: skip


@lru_cache(maxsize=256)
def _shell_regex(pattern: str) -> re.Pattern[str]:
    """The pattern as the shell expands it (not Go's filepath.Match, which gate's COPY reads):
    `[!…]` negates in bash, dash and busybox sh, where Go reads `!` as a member (`sh
    /d/[!x]*.sh` named no held file, so passed silently); `[^…]` negates in bash and busybox but
    is a member in dash, so it may be either (any character); `[[:digit:]]` classes; `\\x` is
    x; a `[` with no `]` is itself. `*`, `?` and a class never match `/`."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i < n:
            out.append(re.escape(pattern[i]))
            i += 1
        elif c == "[" and (end := _bracket_end(pattern, i)) > 0:
            out.append(_bracket(pattern[i:end]))
            i = end + 1
        else:
            out.append(re.escape(c))
    return re.compile("".join(out), re.DOTALL)


def _bracket_end(pattern: str, i: int) -> int:
    """Where the `]` closing a bracket opened before i is (-1: none, the `[` is itself)."""
    j = i + (i < len(pattern) and pattern[i] in "!^")
    j += j < len(pattern) and pattern[j] == "]"  # a `]` first is a member
    while j < len(pattern):
        if pattern.startswith("[:", j) and (close := pattern.find(":]", j + 2)) > 0:
            j = close + 2
            continue
        if pattern[j] == "]":
            return j
        if pattern[j] == "/":
            return -1  # a bracket never spans a `/`: the `[` is a plain character
        j += 1
    return -1


def _bracket(body: str) -> str:
    if body.startswith("^"):
        return "[^/]"  # dash: `^` is a member; bash, busybox: a negation
    negated = body.startswith("!")
    body = body[negated:]
    members: list[str] = []
    k = 0
    while k < len(body):
        if body.startswith("[:", k) and (close := body.find(":]", k + 2)) > 0:
            members.append(_CLASSES.get(body[k + 2 : close], ""))
            k = close + 2
        elif k + 2 < len(body) and body[k + 1] == "-":
            lo, hi = body[k], body[k + 2]
            if lo <= hi:
                members.append(f"{re.escape(lo)}-{re.escape(hi)}")
            k += 3
        else:
            members.append(re.escape(body[k]))
            k += 1
    inside = "".join(members)
    if negated:
        return f"[^/{inside}]"
    return f"[{inside}]" if inside else "(?!)"


def shell_match(pattern: str, path: str) -> bool:
    """`path` is among what the absolute glob `pattern` names (as `matches`: the shell's
    brackets, `*` and `?` never matching `/` nor a leading `.` the pattern does not write)."""
    if pattern.count("/") != path.count("/") or not _shell_regex(pattern).fullmatch(path):
        return False
    dotted = [part.startswith(".") for part in pattern.split("/")]
    parts = path.split("/")
    return not any(p.startswith(".") and not d for p, d in zip(parts, dotted, strict=False))


def named(pattern: str) -> str:
    """How a message names the glob."""
    return posixpath.normpath(pattern)
