"""Where an install command sits in the Dockerfile's text, and where a flag goes inside it.

A RUN's shell script is its physical lines joined the way BuildKit joins them: an escape character
at the end of a line continues it (the escape and the newline vanish), and blank or comment lines
inside a continuation are dropped. `Logical` rebuilds that script with a map from each character
back to its offset in the file, so a command found in the script maps to the exact bytes to edit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from gate.source_words import Span, after_phrase, words
from gate.sources.dockerfile_text import escape_directive

__all__ = [
    "Logical",
    "Span",
    "after_phrase",
    "escape_char",
    "exec_elements",
    "split_lines",
    "words",
]


def escape_char(text: str) -> str:
    """The `# escape=` parser directive, read as BuildKit reads it (dockerfile_text)."""
    return escape_directive(text)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split at "\n" only (str.splitlines also splits at \f, \u2028)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


@dataclass(frozen=True)
class Logical:
    """The joined text of lines `first`..`last` (1-based) and each character's file offset."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, source: str, first: int, last: int, escape: str) -> Logical:
        lines = split_lines(source)
        start = sum(len(line) for line in lines[: first - 1])
        chars: list[str] = []
        offsets: list[int] = []
        continued = False
        for index in range(first - 1, min(last, len(lines))):
            line = lines[index]
            body = line.rstrip("\r\n")
            stripped = body.strip()
            if continued and (not stripped or stripped.startswith("#")):
                start += len(line)
                continue
            cut = body.rstrip(" \t")
            continued = cut.endswith(escape)
            kept = cut[:-1] if continued else body
            chars.extend(kept)
            offsets.extend(range(start, start + len(kept)))
            start += len(line)
            if not continued:
                chars.append("\n")
                offsets.append(start - 1)
        return cls("".join(chars), tuple(offsets))


_EXEC = re.compile(r"^\s*(?:ONBUILD\s+)?RUN\s+(?:--\S+\s+)*\[", re.IGNORECASE)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def exec_elements(text: str) -> list[Span] | None:
    """The string elements of an exec-form RUN (`RUN ["pip", "install", "x"]`) with their spans
    (closing quote included), or None when the instruction is not a JSON array of strings."""
    match = _EXEC.match(text)
    if match is None:
        return None
    close = text.rfind("]")
    body = text[match.end() : close]
    spans: list[Span] = []
    rest = body
    for found in _JSON_STRING.finditer(body):
        try:
            value = json.loads(found.group(0))
        except ValueError:
            return None
        spans.append(Span(match.end() + found.start(), match.end() + found.end(), value))
        rest = rest.replace(found.group(0), "", 1)
    if close < 0 or rest.replace(",", "").strip():
        return None
    return spans
