"""Calls of a shell function the walker cannot see, read from the script's text.

bash runs a command substitution held in text it evaluates later: `PS4='$(f)'` under `set -x`,
`x='a[$(f)]'; echo $((x))` (an array subscript in arithmetic), `"${x@P}"`; and `mapfile -C f`
calls f as a callback. The walker runs none of these, so a function whose name such text holds
is walked as if called (walk.Walker.uncalled)."""

from __future__ import annotations

import re

# The text from an unrun `$(` or backquote to the next `)`/backquote; a mapfile callback's line.
_SUBSTITUTION = re.compile(r"(?:\$\(|`)([^`)]*)")
_CALLBACK = re.compile(r"\b(?:mapfile|readarray)\b[^\n;&|]*?\s-[A-Za-z]*C([^\n;&|]*)")


def hidden_call(text: str, name: str) -> bool:
    """Whether `text` may call function `name` where the walker does not follow: inside a
    command substitution (one the walker ran has called it already) or a mapfile callback (a
    callback word the gate cannot read may be any function)."""
    if name not in text:
        return False  # most texts: the name is nowhere
    word = re.compile(r"(?<![\w./-])" + re.escape(name) + r"(?![\w./-])")
    if any(word.search(m.group(1)) for m in _SUBSTITUTION.finditer(text)):
        return True
    return any(word.search(m.group(1)) or "$" in m.group(1) for m in _CALLBACK.finditer(text))
