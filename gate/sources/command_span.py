"""Where a shell command sits in the Dockerfile's physical lines.

BuildKit joins a RUN's continuation lines (dropping the escape character, the newline and comment
lines between them) before the shell sees the text, so a command's offset inside the step script
says little about the file. This module rebuilds the instruction's text from its physical lines,
keeping every character's line and column, and finds the command's source text in it with runs
of blanks compared as one blank (continuations become blanks in the command's text).
"""

from __future__ import annotations

from dataclasses import dataclass

from gate.model import Span
from gate.sources.dockerfile_text import escape_directive

# Instructions longer than this are not searched (a finding then points at the instruction).
MAX_INSTRUCTION_CHARS = 256 * 1024


@dataclass(frozen=True)
class _Text:
    """An instruction's text with runs of blanks as one space, and each character's place."""

    chars: str
    places: tuple[tuple[int, int], ...]  # (1-based line, 1-based column) per character


def _instruction_text(lines: list[str], start: int, end: int, escape: str) -> _Text:
    chars: list[str] = []
    places: list[tuple[int, int]] = []
    continued = False
    for number in range(start, min(end, len(lines)) + 1):
        line = lines[number - 1]
        stripped = line.strip()
        if continued and (not stripped or stripped.startswith("#")):
            continue  # BuildKit drops blank and comment lines inside a continuation
        body = line.rstrip()
        continued = body.endswith(escape)
        if continued:
            body = body[:-1]
        elif chars:
            body = body + "\n"  # a line end (heredoc bodies): a blank between words
        for column, char in enumerate(body, start=1):
            blank = char.isspace()
            if blank and chars and chars[-1] == " ":
                continue
            chars.append(" " if blank else char)
            places.append((number, column))
    return _Text("".join(chars), tuple(places))


class CommandLocator:
    """Finds the commands of one Dockerfile's instructions, in the order they are asked for."""

    def __init__(self, text: str | None) -> None:
        self.lines = text.split("\n") if text is not None else []
        self.escape = escape_directive(text) if text is not None else "\\"
        self.texts: dict[tuple[int, int], _Text] = {}
        self.cursor: dict[tuple[int, int], int] = {}

    def span(
        self, start: int | None, end: int | None, command: str, *, advance: bool = True
    ) -> Span | None:
        """The command's place inside the instruction on lines start..end, None when the text
        is not found as written (a command from `sh -c '…'` with quotes inside, a script file)."""
        needle = " ".join(command.split())
        if not self.lines or start is None or not needle:
            return None
        key = (start, end if end is not None else start)
        found = self.texts.get(key)
        if found is None:
            found = _instruction_text(self.lines, key[0], key[1], self.escape)
            if len(found.chars) > MAX_INSTRUCTION_CHARS:
                found = _Text("", ())
            self.texts[key] = found
        # Commands come in script order: search on from the last one, then from the start (a
        # function body's commands run where the function is called).
        at = found.chars.find(needle, self.cursor.get(key, 0))
        if at < 0:
            at = found.chars.find(needle)
        if at < 0:
            return None
        last = at + len(needle) - 1
        if advance:
            self.cursor[key] = last + 1
        line, column = found.places[at]
        end_line, end_column = found.places[last]
        return Span(line, column, end_line, end_column + 1)
