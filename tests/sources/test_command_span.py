"""Where a command sits in the Dockerfile's physical lines: every character keeps its place."""

from __future__ import annotations

import random

from gate.sources.command_span import CommandLocator, _instruction_text

Places = list[tuple[int, int]]


def _reference(lines: list[str], start: int, end: int, escape: str) -> tuple[str, Places]:
    """Character by character, as the instruction text was first built: the oracle."""
    chars: list[str] = []
    places: list[tuple[int, int]] = []
    continued = False
    for number in range(start, min(end, len(lines)) + 1):
        line = lines[number - 1]
        stripped = line.strip()
        if continued and (not stripped or stripped.startswith("#")):
            continue
        body = line.rstrip()
        continued = body.endswith(escape)
        if continued:
            body = body[:-1]
        elif chars:
            body = body + "\n"
        for column, char in enumerate(body, start=1):
            blank = char.isspace()
            if blank and chars and chars[-1] == " ":
                continue
            chars.append(" " if blank else char)
            places.append((number, column))
    return "".join(chars), places


ALPHABET = "ab#\\` \t\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000é"


def test_each_character_of_an_instruction_keeps_its_line_and_column() -> None:
    rng = random.Random(12)
    for _ in range(3000):
        lines = ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(12)))
                 for _ in range(rng.randrange(1, 6))]  # fmt: skip
        escape = rng.choice("\\`")
        start = rng.randrange(1, len(lines) + 1)
        end = rng.randrange(start, len(lines) + 2)
        chars, places = _reference(lines, start, end, escape)
        text = _instruction_text(lines, start, end, escape)
        assert text.chars == chars, lines
        assert [text.place(i) for i in range(len(chars))] == places, lines


def test_a_command_across_continuation_lines_is_found_where_it_is_written() -> None:
    text = (
        "FROM python:3.12\nRUN apt-get update \\\n    # a comment\n"
        "    &&  pip   install \\\n\tflask\n"
    )
    span = CommandLocator(text).span(2, 5, "pip install flask")
    assert span is not None
    assert (span.line, span.column, span.end_line, span.end_column) == (4, 9, 5, 7)
