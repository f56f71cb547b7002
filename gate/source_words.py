"""Shell words of one simple command with their spans in its source text.

`gate fix` places a flag by these spans, and the `fix` line of a finding is spelled from them, so
both keep the user's own quoting, globs, variables and prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters `words` takes as they are, many at a time: no blank, quote, backslash, backquote
# or `$` (which may open a command substitution).
_PLAIN = re.compile(r"[^ \t\n\\'\"`$]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str  # the word with quotes and backslashes removed


def words(text: str) -> list[Span] | None:
    """Shell words of one simple command with their spans, or None for what this cannot read
    (command substitutions, unbalanced quotes): the caller then refuses to edit."""
    spans: list[Span] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] in " \t\n":
            i += 1
            continue
        start, value = i, []
        while i < n and text[i] not in " \t\n":
            c = text[i]
            if c == "\\" and i + 1 < n:
                value.append(text[i + 1])
                i += 2
            elif c in "'\"":
                close = text.find(c, i + 1)
                if close < 0:
                    return None
                inner = text[i + 1 : close]
                if c == '"' and ("$(" in inner or "`" in inner):
                    return None
                value.append(inner)
                i = close + 1
            elif c == "`" or text.startswith("$(", i):
                return None
            else:
                # A run of plain characters, or one `$` (no `$(`) or a backslash ending the text.
                run = _PLAIN.match(text, i)
                end = i + 1 if run is None else run.end()
                value.append(text[i:end])
                i = end
        spans.append(Span(start, i, "".join(value)))
    return spans


def after_phrase(spans: list[Span], phrase: tuple[str, ...], start: int = 1) -> int | None:
    """The end of the first occurrence of `phrase` as consecutive words from word `start` on
    (by default after the first word)."""
    values = [s.value for s in spans]
    for i in range(start, len(spans) - len(phrase) + 1):
        if tuple(values[i : i + len(phrase)]) == phrase:
            return spans[i + len(phrase) - 1].end
    return None


def flag_phrase(tool: str, command: str, argv: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """The words a binary-only flag goes after, and the first word they may start at: the
    subcommand (`pip install`, `uv pip install`); where the user wrote none, the program (`uvx`
    is `uv tool run`) or the script that implies it (`python get-pip.py ARGS` runs
    `pip install ARGS`)."""
    phrase = tuple(command.split())
    size = len(phrase)
    if any(tuple(argv[i : i + size]) == phrase for i in range(1, len(argv) - size + 1)):
        return phrase, 1
    if tool == "uv" and argv and _base(argv[0]) == "uvx":
        return argv[:1], 0
    if tool == "pip" and len(argv) > 1 and _base(argv[1]) == "get-pip.py":
        return argv[:2], 0
    return phrase, 1


def _base(path: str) -> str:
    return path.replace("\\", "/").rpartition("/")[2].lower()
