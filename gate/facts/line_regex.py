"""GNU grep and sed regular expressions (basic and extended) as Python patterns, for the small
shapes line filters of requirements files use (`^#`, `^$`, `^\\s*#`, `^-e`, `foo\\|bar`,
`[[:space:]]`). Only what translates exactly is translated; anything else (groups,
back-references, intervals, anchors inside a pattern, `*` with nothing before it, a bracket
expression with `]`, `\\` or a class this does not list, a character class outside ASCII text)
gives None, and the caller does not pretend to know which lines are kept.

Which line matches does not depend on POSIX's leftmost-longest rule against Python's
leftmost-first one: a line is selected when some match exists, the same set in both.
"""

from __future__ import annotations

import re

# POSIX classes in the C locale; callers use them only on ASCII text.
_CLASSES = {
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "digit": "0-9", "alpha": "A-Za-z",
    "alnum": "A-Za-z0-9", "upper": "A-Z", "lower": "a-z",
}  # fmt: skip
# GNU escapes both grep and sed read in either syntax.
_GNU = {
    "s": "[ \\t\\n\\r\\f\\v]",
    "S": "[^ \\t\\n\\r\\f\\v]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
}
# Characters that stand for themselves after a backslash in both syntaxes.
_QUOTABLE = frozenset(".*[]^$\\/")
_BRACKET_PLAIN = re.compile(r"[A-Za-z0-9 _#.,:;=!@%&~+*/<>-]")


def translate(pattern: str, extended: bool) -> str | None:
    """A Python pattern selecting the same lines as `pattern` (GNU BRE, or ERE when
    `extended`), or None where this does not translate it exactly."""
    out: list[str] = []
    depth = 0
    start = True  # where `^` anchors: the start, after an open group or a bar
    atom = False  # whether a repeat may follow
    k = 0
    while k < len(pattern):
        c = pattern[k]
        token = c
        if c == "\\":
            if k + 1 >= len(pattern):
                return None
            token = pattern[k : k + 2]
        k += len(token)
        kind = _kind(token, extended)
        if kind == "open":
            out.append("(?:")
            depth += 1
            start, atom = True, False
            continue
        if kind in ("close", "bar"):
            if kind == "close":
                if depth == 0:
                    return None
                depth -= 1
            out.append(")" if kind == "close" else "|")
            start, atom = kind == "bar", kind == "close"
            continue
        if token == "^":
            if not start:
                return None  # literal in BRE, an anchor that never matches in ERE
            out.append("^")
            start, atom = False, False
            continue
        if token == "$":
            if not _at_end(pattern, k, extended):
                return None
            out.append("$")
            start, atom = False, False
            continue
        start = False
        if kind == "repeat":
            if not atom:
                return None  # `*` first is literal in BRE, undefined in ERE
            out.append(token[-1])
            atom = False
        elif token == "[":
            close = _bracket_end(pattern, k)
            got = None if close < 0 else _bracket(pattern[k:close])
            if got is None:
                return None
            out.append(got)
            k = close + 1
            atom = True
        elif token == ".":
            out.append(".")
            atom = True
        elif len(token) == 2 and token[1] in _QUOTABLE:
            out.append(re.escape(token[1]))
            atom = True
        elif len(token) == 2 and token[1] in _GNU:
            out.append(_GNU[token[1]])
            atom = True
        elif len(token) == 2 and extended and token[1] in "+?{}()|":
            out.append(re.escape(token[1]))
            atom = True
        elif len(token) == 2 or (extended and c in "{}"):
            return None  # `\{`, `\1`, `\<`, `\b`, intervals …
        else:
            out.append(re.escape(c))
            atom = True
    return None if depth else "".join(out)


_ERE_KINDS = {"(": "open", ")": "close", "|": "bar", "*": "repeat", "+": "repeat", "?": "repeat"}
_BRE_KINDS = {"\\(": "open", "\\)": "close", "\\|": "bar", "*": "repeat", "\\+": "repeat",
              "\\?": "repeat"}  # fmt: skip


def _kind(token: str, extended: bool) -> str:
    """open, close, bar, repeat or "" (anything else) for one token of the pattern."""
    return (_ERE_KINDS if extended else _BRE_KINDS).get(token, "")


def _at_end(pattern: str, k: int, extended: bool) -> bool:
    """Whether a `$` ending at `k` anchors: at the end, or before a close or a bar."""
    rest = pattern[k:]
    if not rest:
        return True
    if extended:
        return rest[0] in ")|"
    return rest.startswith(("\\)", "\\|"))


def _bracket_end(pattern: str, k: int) -> int:
    """Where the bracket expression whose inside starts at `k` ends (its `]`), or -1 (none, or
    one that starts with `]` or holds `[.` or `[=`, not translated)."""
    if pattern.startswith("^", k):
        k += 1
    if pattern.startswith("]", k):
        return -1
    while k < len(pattern):
        if pattern.startswith("[:", k):
            close = pattern.find(":]", k + 2)
            if close < 0:
                return -1
            k = close + 2
            continue
        if pattern.startswith(("[.", "[="), k):
            return -1
        if pattern[k] == "]":
            return k
        k += 1
    return -1


def _bracket(body: str) -> str | None:
    """The inside of `[…]` (without the brackets) as a Python class, or None."""
    negate = body.startswith("^")
    if negate:
        body = body[1:]
    if not body:
        return None  # `[]…]` and `[^]…]`: the `]` is a member
    out: list[str] = []
    k = 0
    while k < len(body):
        if body.startswith("[:", k):
            close = body.find(":]", k + 2)
            if close < 0 or body[k + 2 : close] not in _CLASSES:
                return None
            out.append(_CLASSES[body[k + 2 : close]])
            k = close + 2
            continue
        c = body[k]
        if c == "[" or not _BRACKET_PLAIN.fullmatch(c):
            return None
        if c == "-" and 0 < k < len(body) - 1:
            low, high = body[k - 1], body[k + 1]
            if not (low.isalnum() and high.isalnum() and low.isascii() and high.isascii()):
                return None
            if low > high:
                return None
            out.append("-")
        else:
            out.append(re.escape(c))
        k += 1
    return ("[^" if negate else "[") + "".join(out) + "]"
