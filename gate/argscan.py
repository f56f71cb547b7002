"""The one option scanner: a command line's words as options (with their values) and operands.

Every command line gate reads with getopt-like rules (pip, uv, Poetry, PDM, pipx, pipenv,
setup.py, sudo, env, xargs, su, flock and the runners of shell/runners.py) is split here: a word
`--name=value` or `--name [value]`, a cluster of short letters (`-qU`, `-rreq.txt`), `--` ending
the options, `-` an operand. What differs per program is data, carried by a `Table`: which options
take a value, which take one only when it is attached (`xargs -i{}`, `--replace=R`), whether `-r=f`
means `f` (clap, argparse) or `=f` (optparse, getopt), and how a spelling resolves (pip's unique
prefixes and per-release names). What a program does with each token is its caller's: a getopt
tool stops at its first operand, pip's command parser collects operands and goes on, su permutes.

`tokens` reads lazily, so a caller stops where the program itself stops. A word that may stand for
options (an unresolved `$FLAGS`) is its own token: the caller says what that means for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

# How an option takes its value: none, the next word or the rest of its own word, or only attached.
Arity = Literal["flag", "value", "attached"]


class ArgWord(Protocol):
    """What the scanner needs of a word: gate.model.Word and the shell's Field both are one."""

    @property
    def value(self) -> str: ...

    @property
    def known(self) -> bool: ...

    @property
    def may_be_option(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Spec:
    """An option as the table knows it: its full name and how it takes a value."""

    name: str
    arity: Arity


@dataclass(frozen=True)
class Table:
    """A program's options. `resolve`, when given, replaces the sets (pip's prefix rules)."""

    short_value: str = ""  # short letters that take a value (`-n 5`, `-n5`)
    short_attached: str = ""  # short letters whose value is only ever attached (`xargs -i{}`)
    long_value: frozenset[str] = frozenset()
    long_attached: frozenset[str] = frozenset()  # `--replace[=R]`
    long_flags: frozenset[str] = frozenset()  # the other long options, for `abbreviations`
    # getopt_long: a unique prefix of a long option (`--uns` for `--unset`) is that option.
    abbreviations: bool = False
    # `-r=f` gives `f` (clap, argparse); getopt and optparse give `=f`.
    short_equals: bool = False
    # An unknown letter ends its cluster (optparse stops there with an error); getopt tools are
    # read leniently, the letter a flag.
    strict_short: bool = False
    resolve: Callable[[str], Spec | None] | None = None

    @functools.cached_property
    def _long_names(self) -> tuple[str, ...]:
        return tuple(sorted(self.long_value | self.long_attached | self.long_flags))

    def _long(self, name: str) -> Spec | None:
        if name in self.long_value:
            return Spec(name, "value")
        if name in self.long_attached:
            return Spec(name, "attached")
        if name in self.long_flags:
            return Spec(name, "flag")
        return None

    def spec(self, name: str) -> Spec | None:
        """The option `name` ("--index-url", "-r") names, None when the table does not know it."""
        if self.resolve is not None:
            return self.resolve(name)
        if name.startswith("--"):
            exact = self._long(name)
            if exact is not None or not self.abbreviations or name == "--":
                return exact
            matches = [n for n in self._long_names if n.startswith(name)]
            return self._long(matches[0]) if len(matches) == 1 else None
        letter = name[1:]
        if letter and letter in self.short_value:
            return Spec(name, "value")
        if letter and letter in self.short_attached:
            return Spec(name, "attached")
        return None


W = TypeVar("W", bound=ArgWord)


TokenKind = Literal["option", "operand", "unknown", "end"]


@dataclass(frozen=True, slots=True)
class Token:
    """One step of the scan. `index` is the word it starts in; `end` the index after its last.

    - option: `name` is the table's name (the spelling when the table has none: `spec` None);
      the value is `attached` text of the same word, or the word at `index + 1` when `end` says
      it took one (`taken`), or absent.
    - operand: the word at `index`. unknown: a word that may stand for options. end: a `--`.
    """

    kind: TokenKind
    index: int
    end: int
    name: str = ""
    spec: Spec | None = None
    attached: str | None = None

    @property
    def taken(self) -> bool:
        """The option took the next word as its value."""
        return self.kind == "option" and self.end == self.index + 2

    @property
    def has_value(self) -> bool:
        return self.attached is not None or self.taken


def tokens(words: Sequence[ArgWord], start: int, table: Table) -> Iterator[Token]:
    """The tokens of `words[start:]`, in order. After `--` every word is an operand."""
    i, n = start, len(words)
    while i < n:
        word = words[i]
        text = word.value
        if word.may_be_option:
            yield Token("unknown", i, i + 1)
            i += 1
        elif text == "--":
            yield Token("end", i, i + 1)
            for k in range(i + 1, n):
                yield Token("operand", k, k + 1)
            return
        elif text.startswith("--"):
            token = _long(words, i, table)
            yield token
            i = token.end
        elif text.startswith("-") and len(text) > 1:
            for token in _cluster(words, i, table):
                yield token
                i = token.end
        else:
            yield Token("operand", i, i + 1)
            i += 1


def argument(words: Sequence[ArgWord], i: int, table: Table) -> list[Token]:
    """The tokens of the one argument at `i` (a cluster gives several; an option may take the
    next word too), for tools whose getopt permutes: options and operands interleave (su)."""
    out: list[Token] = []
    for token in tokens(words, i, table):
        out.append(token)
        if token.end > i:
            break
    return out


def _long(words: Sequence[ArgWord], i: int, table: Table) -> Token:
    spelling, eq, rest = words[i].value.partition("=")
    spec = table.spec(spelling)
    name = spelling if spec is None else spec.name
    if eq:
        return Token("option", i, i + 1, name, spec, rest)
    if spec is not None and spec.arity == "value" and i + 1 < len(words):
        return Token("option", i, i + 2, name, spec)
    return Token("option", i, i + 1, name, spec)


def _cluster(words: Sequence[ArgWord], i: int, table: Table) -> Iterator[Token]:
    """`-qUr file`: each letter an option until one takes a value (the rest of the word or the
    next word). Every token but the last ends at `i` (the word goes on); the last ends the word."""
    text = words[i].value
    last = len(text) - 1
    for j in range(1, len(text)):
        name = "-" + text[j]
        spec = table.spec(name)
        if spec is None and table.strict_short:
            yield Token("option", i, i + 1, name, None)
            return
        if spec is not None and spec.arity != "flag":
            rest = text[j + 1 :]
            if table.short_equals and rest.startswith("="):
                rest = rest[1:]
            if rest or spec.arity == "attached":
                yield Token("option", i, i + 1, spec.name, spec, rest if rest else None)
            elif i + 1 < len(words):
                yield Token("option", i, i + 2, spec.name, spec)
            else:
                yield Token("option", i, i + 1, spec.name, spec)
            return
        yield Token(
            "option", i, i + 1 if j == last else i, name if spec is None else spec.name, spec
        )


def value_of(token: Token, words: Sequence[W], attached: Callable[[str, bool], W]) -> W | None:
    """The option's value: its attached text (as a word `attached(text, known)` makes, known as
    the word it is in), the next word when it took one, else None."""
    if token.attached is not None:
        return attached(token.attached, words[token.index].known)
    if token.taken:
        return words[token.index + 1]
    return None
