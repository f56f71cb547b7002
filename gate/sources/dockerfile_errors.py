"""The line a Dockerfile parse error belongs to, without parsing the file again.

BuildKit's parser (the ``dockerfile`` package) reports a message but no line. Its messages are few:
parser directives (``invalid escape token``, ``only one … parser directive``), ``unterminated
heredoc``, an ENV/LABEL/ARG instruction without its ``=`` or arguments, and a line longer than
its scanner's buffer. That last one stops the scanner where it is: what the parser then says
(the line is too long, the file has no instructions, a heredoc is unterminated) is the long
line's doing, and is reported as such at that line (see ``overlong_line``). This module splits the
text into instructions as the parser does (continuations, comment lines, heredoc bodies) just far
enough to find the first one the message fits; an instruction-level message is confirmed by
parsing that one instruction alone. A message it does not know gets no line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gate.sources.dockerfile_text import KNOWN_DIRECTIVES, parse_directive

_HEREDOC = re.compile(r"(?:^|\s)\d*<<(-?)([\"']?)([^\s\"'<>|&;]+)\2(?=\s|$)")
_KEYWORD = re.compile(r"^\s*(?:onbuild\s+)?([A-Za-z]+)", re.IGNORECASE)
_MISSING_EQUALS = re.compile(r'^Syntax error - can\'t find = in "(.*)"\. Must be')
_TWO_ARGUMENTS = re.compile(r"^([A-Z]+) must have two arguments")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_ARGUMENT_KEYWORDS = frozenset({"ENV", "LABEL", "ARG"})
MAX_CONFIRMED = 200  # instructions parsed alone to confirm an instruction-level message
# BuildKit reads a Dockerfile with a bufio.Scanner of Go's default 64 KiB buffer, each token a
# line with its newline: a line of more bytes than this (newline not counted) cannot be read.
MAX_LINE_BYTES = 65_535
TOO_LONG = "dockerfile line greater than max allowed size"
# What the parser says when its scanner stopped at a long line: its own message, or what the
# text cut there looks like (nothing before it; a heredoc whose end is after it).
_CUT_MESSAGES = ("file with no instructions", "unterminated heredoc")


@dataclass(frozen=True)
class _Instruction:
    line: int  # 1-based first line
    keyword: str  # upper case, after ONBUILD
    text: str  # the logical line, continuations joined
    terminated: bool  # every heredoc it opens has its end line


def error_line(
    text: str, message: str, escape: str, parses_alone: Callable[[str], str | None]
) -> int | None:
    """The 1-based line of ``message``; ``parses_alone(instruction)`` gives a parse's error."""
    lines = text.split("\n")
    if message.startswith("invalid escape token"):
        return _directive(lines, "escape", 1, bad_escape=True)
    for name in ("escape", "syntax"):
        if message.startswith(f"only one {name} parser directive"):
            return _directive(lines, name, 2)
    if message == "unterminated heredoc":
        return next((i.line for i in _instructions(lines, escape) if not i.terminated), None)
    fits = _fitting(message)
    if fits is None:
        return None
    tried = 0
    for instruction in _instructions(lines, escape):
        if instruction.keyword not in _ARGUMENT_KEYWORDS or not fits(instruction):
            continue
        tried += 1
        if tried > MAX_CONFIRMED:
            return None
        if parses_alone(instruction.text) == message:
            return instruction.line
    return None


def overlong_line(text: str, message: str) -> int | None:
    """The 1-based line longer than BuildKit's scanner reads, when ``message`` is what the
    parser says on stopping there; else None.

    Another message cannot come from past that line (the scanner never reached it), so only
    these are put down to it.
    """
    if not (message.startswith(TOO_LONG) or message in _CUT_MESSAGES):
        return None
    if len(text) <= MAX_LINE_BYTES:
        return None  # no line can be long enough (a character is at least a byte)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_BYTES // 4 and _bytes(line) > MAX_LINE_BYTES:
            return number
    return None


def _bytes(line: str) -> int:
    # UTF-8 bytes, as BuildKit counts them (near the bound, a CR that gate dropped before LF or
    # an undecodable byte it read as U+FFFD makes this one or two bytes off).
    return len(line.encode("utf-8"))


def _fitting(message: str) -> Callable[[_Instruction], bool] | None:
    """A cheap test of which ENV/LABEL instructions could have failed with ``message``."""
    missing = _MISSING_EQUALS.match(message)
    if missing is not None:
        word = missing.group(1)
        if word and not any(ch.isspace() for ch in word):
            return lambda i: word in i.text.split()
        return lambda i: word in i.text
    two = _TWO_ARGUMENTS.match(message)
    if two is not None:
        keyword = two.group(1)

        def legacy_without_value(i: _Instruction) -> bool:
            rest = i.text.split(None, 2 if i.text.lstrip().upper().startswith("ONBUILD") else 1)
            return i.keyword == keyword and len(rest) >= 1 and "=" not in rest[-1].split()[0]

        return legacy_without_value
    return None


def _directive(lines: list[str], name: str, nth: int, *, bad_escape: bool = False) -> int | None:
    seen = 0
    for number, line in enumerate(lines, start=1):
        directive = parse_directive(line)
        if directive is None or directive[0].lower() not in KNOWN_DIRECTIVES:
            return None  # directives end at the first line that is not one
        if directive[0].lower() != name:
            continue
        if bad_escape and directive[1] in ("`", "\\"):
            continue
        seen += 1
        if seen == nth:
            return number
    return None


def _instructions(lines: list[str], escape: str) -> Iterator[_Instruction]:
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        parts = [lines[i]]
        continued = lines[i].rstrip().endswith(escape)
        i += 1
        while continued and i < len(lines):
            inner = lines[i].strip()
            if inner and not inner.startswith("#"):  # the parser drops these inside a continuation
                parts[-1] = parts[-1].rstrip()[:-1]
                parts.append(lines[i])
                continued = inner.endswith(escape)
            i += 1
        logical = " ".join(parts)
        match = _KEYWORD.match(logical)
        keyword = match.group(1).upper() if match else ""
        terminated = True
        if keyword in _HEREDOC_KEYWORDS:
            for doc in _HEREDOC.finditer(logical):
                chomp, name = doc.group(1) == "-", doc.group(3)
                while i < len(lines):
                    body = lines[i].lstrip("\t") if chomp else lines[i]
                    i += 1
                    if body == name:
                        break
                else:
                    terminated = False
        yield _Instruction(start + 1, keyword, logical, terminated)
        if not terminated:
            return
