"""Shell words of one simple command with their spans in its source text.

`gate fix` places a flag by these spans, and the `fix` line of a finding is spelled from them, so
both keep the user's own quoting, globs, variables and prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass


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
                value.append(c)
                i += 1
        spans.append(Span(start, i, "".join(value)))
    return spans


def after_phrase(spans: list[Span], phrase: tuple[str, ...]) -> int | None:
    """The end of the first occurrence of `phrase` as consecutive words after the first word."""
    values = [s.value for s in spans]
    for i in range(1, len(spans) - len(phrase) + 1):
        if tuple(values[i : i + len(phrase)]) == phrase:
            return spans[i + len(phrase) - 1].end
    return None
