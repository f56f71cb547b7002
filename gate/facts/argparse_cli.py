"""A Python tool whose command line is one argparse parser with subcommands (pipx, pipenv)."""

from __future__ import annotations

from collections.abc import Iterable

from gate.facts.optscan import SubcommandArgs, abbreviations
from gate.model import Word


class ArgparseCli:
    """The options a tool declares, read the way argparse reads them (unique prefixes too)."""

    def __init__(
        self, value_options: frozenset[str], flags: Iterable[str], remainder: frozenset[str]
    ) -> None:
        self._values = value_options
        self._resolve = abbreviations((*value_options, *flags))
        self._remainder = remainder  # subcommands whose operands are a program to run

    def takes_value(self, name: str) -> bool:
        return self._resolve(name) in self._values

    def parse(self, args: tuple[Word, ...]) -> SubcommandArgs:
        return SubcommandArgs(args, self.takes_value, self._resolve, self._remainder)
