"""`gate --help` and every command's: each option says what it does and what it defaults to."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from gate.cli import _parser

_SKIP = (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)


def _parsers(
    parser: argparse.ArgumentParser, prog: str = "gate"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{prog} {name}")


def _options() -> list[tuple[str, argparse.ArgumentParser, argparse.Action]]:
    return [
        (prog, parser, action)
        for prog, parser in _parsers(_parser())
        for action in parser._actions
        if not isinstance(action, _SKIP)
    ]


@pytest.mark.parametrize(
    ("prog", "parser", "action"),
    _options(),
    ids=[f"{p} {a.option_strings[0] if a.option_strings else a.dest}" for p, _, a in _options()],
)
def test_every_option_is_described_with_its_default(
    prog: str, parser: argparse.ArgumentParser, action: argparse.Action
) -> None:
    assert action.help, f"{prog}: {action.option_strings or action.dest} has no help"
    text = parser._get_formatter()._expand_help(action)
    if action.option_strings:
        assert "default" in text.lower(), f"{prog} {action.option_strings[0]}: {text!r}"


def test_help_renders_for_every_command() -> None:
    for prog, parser in _parsers(_parser()):
        assert prog.split()[0] == "gate"
        assert "(default:" in parser.format_help() or prog in ("gate", "gate facts", "gate policy")


def test_every_command_that_reads_a_dockerfile_reads_it_with_the_same_options() -> None:
    commands = dict(_parsers(_parser()))
    readers = ("gate dockerfile", "gate facts dockerfile", "gate wheels")
    build = ("--build-arg", "--target", "--context", "--no-context", "--base-env", "--docker-host",
             "--insecure-registry", "--registry-ca")  # fmt: skip

    def described(prog: str) -> dict[str, tuple[object, object, str | None]]:
        actions = commands[prog]._option_string_actions
        return {o: (actions[o].type, actions[o].default, actions[o].help) for o in build}

    assert described(readers[0]) == described(readers[1]) == described(readers[2])
