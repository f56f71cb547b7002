"""Calls of a shell function the walker cannot see, read from the script's text.

bash runs a command substitution held in text it evaluates later: `PS4='$(f)'` under `set -x`,
`x='a[$(f)]'; echo $((x))` (an array subscript in arithmetic), `"${x@P}"`; and `mapfile -C f`
calls f as a callback. The walker runs none of these, so a function whose name such text holds
is walked as if called (walk.Walker.uncalled); so is one the shell calls by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The text from a `$(` or backquote to the next `)`/backquote; a mapfile callback's line.
_SUBSTITUTION = re.compile(r"(?:\$\(|`)([^`)]*)")
_CALLBACK = re.compile(r"\b(?:mapfile|readarray)\b[^\n;&|]*?\s-[A-Za-z]*C([^\n;&|]*)")
_WORD = re.compile(r"[\w./-]+")


@dataclass(frozen=True)
class Unrun:
    """What one script's text may call where the walker does not follow."""

    words: frozenset[str]  # the words of its substitution and callback text
    chunks: tuple[str, ...]  # that text, for a name of other characters
    any_callback: bool  # a callback word of unknown value: it may be any function


def unrun(text: str) -> Unrun:
    chunks = [m.group(1) for m in _SUBSTITUTION.finditer(text)]
    callbacks = [m.group(1) for m in _CALLBACK.finditer(text)]
    words = frozenset(w for chunk in (*chunks, *callbacks) for w in _WORD.findall(chunk))
    return Unrun(words, (*chunks, *callbacks), any("$" in c for c in callbacks))


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
