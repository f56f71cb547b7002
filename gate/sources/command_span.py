"""Where a shell command sits in the Dockerfile's physical lines.

BuildKit joins a RUN's continuation lines (dropping the escape character, the newline and comment
lines between them) before the shell sees the text, so a command's offset inside the step script
says little about the file. This module rebuilds the instruction's text from its physical lines,
keeping every character's line and column, and finds the command's source text in it with runs
of blanks compared as one blank (continuations become blanks in the command's text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from gate.model import Span
from gate.sources.dockerfile_text import escape_directive

# Instructions longer than this are not searched (a finding then points at the instruction).
MAX_INSTRUCTION_CHARS = 256 * 1024


# A run of blanks (as str.isspace: re's \s is the same class) or of other characters.
_RUN = re.compile(r"\s+|\S+")
_BLANKS = re.compile(r"\s+")


class _Line(NamedTuple):
    """The part of an instruction's text one physical line gives (a tuple: one is made per
    line of every instruction a command is looked for in)."""

    offset: int  # where it starts in the text
    number: int  # 1-based line number
    body: str  # the line as read (escape character dropped, a line end added)
    lead_dropped: bool  # its leading blanks joined the blank the text already ended with


@dataclass(frozen=True)
class _Text:
    """An instruction's text with runs of blanks as one space; where each character was is
    worked out when asked (a finding asks for two characters of a few instructions)."""

    chars: str
    lines: tuple[_Line, ...]
    # Line index → its runs (where each starts in the text, where in the line, whether a
    # blank), made once a line is asked for: a RUN of many commands on one long line is asked
    # once per command, and walking its runs each time cost time by the line's length.
    runs: dict[int, tuple[list[int], list[int], list[bool]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def place(self, index: int) -> tuple[int, int]:
        """The (1-based line, 1-based column) of the character at `index`."""
        k = bisect_right([part.offset for part in self.lines], index) - 1
        line = self.lines[k]
        got = self.runs.get(k)
        if got is None:
            got = self.runs[k] = _runs_of(line)
        starts, columns, blanks = got
        r = bisect_right(starts, index) - 1
        if r < 0 or (r == len(starts) - 1 and index >= starts[r] + (
            1 if blanks[r] else _run_size(line, columns[r])
        )):
            raise IndexError(index)
        return line.number, columns[r] + 1 + (0 if blanks[r] else index - starts[r])


def _runs_of(line: _Line) -> tuple[list[int], list[int], list[bool]]:
    """Each run of `line`'s body: where it starts in the text, in the line, and if a blank."""
    starts: list[int] = []
    columns: list[int] = []
    blanks: list[bool] = []
    at = line.offset
    runs = _RUN.finditer(line.body)
    if line.lead_dropped:
        next(runs, None)
    for run in runs:
        blank = run.group()[0].isspace()
        starts.append(at)
        columns.append(run.start())
        blanks.append(blank)
        at += 1 if blank else run.end() - run.start()
    return starts, columns, blanks


def _run_size(line: _Line, column: int) -> int:
    m = _RUN.match(line.body, column)
    return 0 if m is None else m.end() - m.start()


def _instruction_text(lines: list[str], start: int, end: int, escape: str) -> _Text:
    chars: list[str] = []
    parts: list[_Line] = []
    size = 0
    blank = False  # the text so far ends in a space
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
        text = _BLANKS.sub(" ", body)
        dropped = blank and text.startswith(" ")
        if dropped:
            text = text[1:]
        if not text:
            continue
        parts.append(_Line(size, number, body, dropped))
        chars.append(text)
        size += len(text)
        blank = text.endswith(" ")
    return _Text("".join(chars), tuple(parts))


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
        line, column = found.place(at)
        end_line, end_column = found.place(last)
        return Span(line, column, end_line, end_column + 1)
