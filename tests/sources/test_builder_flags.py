"""Flags cut as Dockerfile 1.8+ cuts them (extractBuilderFlags with the file's escape)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.sources.builder_flags import builder_flags
from gate.sources.dockerfile_text import parse_commands, read_text
from tests.support.paths import shared


def test_the_port_cuts_as_the_compiled_parser_does_under_backslash() -> None:
    # Both escape with `\` there: every real instruction's flags come out the same.
    files = sorted(Path(shared("realworld/files")).glob("*.Dockerfile"))
    assert len(files) == 261
    for path in files:
        for command in parse_commands(read_text(str(path))):
            if command.keyword != "ONBUILD":
                assert builder_flags(command.original, "\\") == command.flags, command.original


@pytest.mark.parametrize(
    ("line", "flags"),
    [
        ("RUN --mount=type=tmpfs,target=/e``tc pip", ("--mount=type=tmpfs,target=/e`tc",)),
        ("RUN --mount=type=bind,src=C:\\x pip", ("--mount=type=bind,src=C:\\x",)),
        ('RUN --mount="target=/a b" --network=x -- pip', ("--mount=target=/a b", "--network=x")),
        ("RUN pip --x", ()),
    ],
)  # fmt: skip
def test_flags_are_cut_with_the_backtick_under_a_backtick_escape(
    line: str, flags: tuple[str, ...]
) -> None:
    assert builder_flags(line, "`") == flags
