"""Calls of a shell function the walker cannot see, read from the script's text.

bash runs a command substitution held in text it evaluates later: `PS4='$(f)'` under `set -x`,
`x='a[$(f)]'; echo $((x))` (an array subscript in arithmetic), `"${x@P}"`; and `mapfile -C f`
calls f as a callback. The walker runs none of these, so a function whose name such text holds
is walked as if called (walk.Walker.uncalled); so is one the shell calls by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a command substitution opens; a mapfile callback's line.
_OPENING = re.compile(r"\$\(|`")
# A substitution's text is read to its closing `)` or backquote, quotes and nested parentheses
# skipped (`$(echo ")"; f)`), at most this far: past it the rest is read as its text.
_MAX_CHUNK = 4096
_CALLBACK = re.compile(r"\b(?:mapfile|readarray)\b[^\n;&|]*?\s-[A-Za-z]*C([^\n;&|]*)")
_WORD = re.compile(r"[\w./-]+")


@dataclass(frozen=True)
class Unrun:
    """What one script's text may call where the walker does not follow."""

    words: frozenset[str]  # the words of its substitution and callback text
    chunks: tuple[str, ...]  # that text, for a name of other characters
    any_callback: bool  # a callback word of unknown value: it may be any function


def _substitution(text: str, start: int, backquote: bool) -> str:
    """The text of the substitution whose body starts at `start`: up to its closing `)`
    (backquote), outside quotes and nested parentheses; bounded by _MAX_CHUNK."""
    end = min(len(text), start + _MAX_CHUNK)
    depth, quote, k = 1, "", start
    while k < end:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif backquote:
            if c == "`":
                return text[start:k]
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[start:k]
        k += 1
    return text[start:end]


# Past this much text scanned for one script (substitutions opened and never closed), the
# rest is read as a regular expression finds it: each to its first `)` or backquote.
_MAX_SCANNED = 1 << 20
_SUBSTITUTION = re.compile(r"(?:\$\(|`)([^`)]*)")


def unrun(text: str) -> Unrun:
    chunks: list[str] = []
    scanned = pos = 0
    while scanned < _MAX_SCANNED and (m := _OPENING.search(text, pos)) is not None:
        backquote = m.group() == "`"
        chunk = _substitution(text, m.end(), backquote)
        scanned += len(chunk) + 1
        chunks.append(chunk)
        # Inside `$(…)` a nested one is read again; a backquote's closing one opens nothing.
        pos = m.end() + len(chunk) + 1 if backquote else m.end()
    if scanned >= _MAX_SCANNED:
        chunks.extend(m.group(1) for m in _SUBSTITUTION.finditer(text, pos))
    callbacks = [m.group(1) for m in _CALLBACK.finditer(text)]
    words = frozenset(w for chunk in (*chunks, *callbacks) for w in _WORD.findall(chunk))
    return Unrun(words, (*chunks, *callbacks), any("$" in c for c in callbacks))


# An installer a substitution's text names (pip in any spelling, python's `-m pip` too).
_INSTALLER = re.compile(
    r"(?i)(?<![\w.-])(?:pip[0-9.]*|get-pip|easy_install|setup\.py|uv|poetry|pipenv|pdm|pipx)"
    r"(?![\w-])"
)


def installer_named(chunk: str) -> bool:
    """Whether a substitution's text names an installer."""
    return _INSTALLER.search(chunk) is not None


def may_call(text: Unrun, name: str) -> bool:
    """Whether the text may call function `name` where the walker does not follow (a command
    substitution the walker ran has called it already)."""
    if text.any_callback or name in text.words:
        return True
    if _WORD.fullmatch(name):
        return False
    return any(name in chunk for chunk in text.chunks)


# Functions a shell itself calls, at times the gate cannot tell: bash's
# `command_not_found_handle` runs for every command that is not found; zsh (a SHELL gate reads
# as POSIX) has its own spelling, hooks and `TRAPEXIT`-style trap functions.
_SHELL_CALLED = frozenset(
    {"command_not_found_handle", "command_not_found_handler", "zshexit", "precmd", "preexec",
     "chpwd", "periodic", "zshaddhistory"}
)  # fmt: skip


def shell_called(name: str) -> bool:
    """Whether the shell may call function `name` by itself."""
    return name in _SHELL_CALLED or name.startswith("TRAP")
