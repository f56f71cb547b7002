"""Options (with their values) and positionals of clap, argparse and cleo command lines.

Their shared rules (`--name value` / `--name=value`, short clusters `-qU`, `-rfile`, `-r=file`,
`--` ends options) are a gate.argscan table; which options take a value is the caller's
knowledge, passed in as a predicate. Words that may stand for options (`$FLAGS`) are
reported as Unknowns and read as positionals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gate.argscan import Spec, Table, tokens, value_of
from gate.model import Unknown, Word

TakesValue = Callable[[str], bool]


@dataclass(frozen=True)
class Opt:
    """One option occurrence; `start`/`end` index the words it used in the argument list."""

    name: str  # "--no-build", "-r"
    value: Word | None
    start: int
    end: int


@dataclass
class Scanner:
    """Reads options and positionals from `words`, accumulating them across calls."""

    words: tuple[Word, ...]
    options: list[Opt] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)

    def scan(
        self, i: int, takes_value: TakesValue, *, stop_at_positional: bool
    ) -> tuple[int, list[Word]]:
        """Read options from index i; return (index where the scan stopped, positionals).

        With stop_at_positional the scan stops at the first positional (its index is returned; a
        `--` is consumed and the index after it returned); otherwise positionals are collected to
        the end, and every word after `--` is a positional.
        """
        words = self.words
        positionals: list[Word] = []
        table = Table(
            resolve=lambda name: Spec(name, "value") if takes_value(name) else None,
            short_equals=True,
        )
        for token in tokens(words, i, table):
            word = words[token.index]
            if token.kind == "end":
                if stop_at_positional:
                    return token.index + 1, positionals
                positionals.extend(words[token.index + 1 :])
                return len(words), positionals
            if token.kind == "option":
                value = value_of(token, words, _word)
                end = token.index + 2 if token.taken else token.index + 1
                self.options.append(Opt(token.name, value, token.index, end))
                continue
            if token.kind == "unknown":
                self.unknowns.append(Unknown("argument may stand for options", word.value))
            if stop_at_positional:
                return token.index, positionals
            positionals.append(word)
        return len(words), positionals


def _word(text: str, known: bool) -> Word:
    return Word(text, known=known)


def has(options: list[Opt] | tuple[Opt, ...], *names: str) -> bool:
    """True when any of `names` occurs among `options`."""
    return any(o.name in names for o in options)


def values(options: list[Opt] | tuple[Opt, ...], *names: str) -> tuple[Word, ...]:
    """The values given to any of `names`, in order."""
    return tuple(o.value for o in options if o.name in names and o.value is not None)


def abbreviations(options: Iterable[str]) -> Callable[[str], str]:
    """argparse's allow_abbrev: a unique prefix of a long option names that option."""
    known = frozenset(options)
    longs = sorted(n for n in known if n.startswith("--"))

    def resolve(name: str) -> str:
        if name in known or not name.startswith("--"):
            return name
        matches = [n for n in longs if n.startswith(name)]
        return matches[0] if len(matches) == 1 else name

    return resolve


class SubcommandArgs:
    """`TOOL [options] COMMAND [options and operands]` as an argparse CLI (pipx, pipenv) reads it.

    For a command in `remainder` (argparse REMAINDER: `run`), options up to the first operand
    are the tool's and everything from there on is `trailing`, the program it runs.
    """

    def __init__(
        self,
        args: tuple[Word, ...],
        takes_value: Callable[[str], bool],
        resolve: Callable[[str], str],
        remainder: frozenset[str],
    ) -> None:
        scanner = Scanner(args)
        i, _ = scanner.scan(0, takes_value, stop_at_positional=True)
        self.command = ""
        self.command_known = True
        self.command_index = -1
        self.positionals: tuple[Word, ...] = ()
        self.trailing: tuple[Word, ...] = ()
        if i < len(args):
            self.command, self.command_known = args[i].value, args[i].known
            self.command_index = i
            if self.command in remainder:
                end, _ = scanner.scan(i + 1, takes_value, stop_at_positional=True)
                self.trailing = args[end:]
            else:
                _, positionals = scanner.scan(i + 1, takes_value, stop_at_positional=False)
                self.positionals = tuple(positionals)
        self.options: tuple[Opt, ...] = tuple(
            Opt(resolve(o.name), o.value, o.start, o.end) for o in scanner.options
        )
        self.unknowns = list(scanner.unknowns)

    def values(self, *names: str) -> tuple[Word, ...]:
        return tuple(o.value for o in self.options if o.name in names and o.value is not None)

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)
