"""A pip command line split the way pip's optparse parsers split it.

pip first parses the words before the subcommand with its main parser (general options only,
interspersed arguments off), takes the first positional as the subcommand, removes the first
word equal to it from the argument list, and parses the rest again with the command's parser, in
which options and positionals mix (cli/main_parser.py parse_command). optparse rules that matter:
a long option is any unique prefix (pip_options), `--name=value` or `--name value` (the value is
taken even when it starts with `-`); short options cluster and take the rest of the word as their
value (`-rreq.txt`; `-r=req.txt` names the file `=req.txt`); `--` ends options.
Spellings no pip accepts make pip stop with a usage error; they are read as flags here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from gate.argscan import Spec, Table, Token, tokens
from gate.facts.optscan import Opt
from gate.facts.pip_options import resolve_long, resolve_short
from gate.model import Unknown, Word


@dataclass
class Parsed:
    """Options (full names) and positionals of one optparse pass."""

    options: list[Opt] = field(default_factory=list)
    positionals: list[tuple[int, Word]] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # spellings no pip release accepts
    stop: int | None = None  # index of the first positional when interspersed arguments are off


def scan(
    words: list[tuple[int, Word]], kind: str, *, interspersed: bool, out: Parsed | None = None
) -> Parsed:
    """One optparse pass over (original index, word) pairs with the `kind` option table."""
    out = out if out is not None else Parsed()
    plain = [w for _, w in words]
    for token in tokens(plain, 0, _table(kind)):
        index, word = words[token.index]
        if token.kind == "end":
            if interspersed:
                out.positionals.extend(words[token.index + 1 :])
            else:
                out.stop = token.index + 1
            return out
        if token.kind == "option":
            _option(token, words, out)
            continue
        if token.kind == "unknown":
            out.unknowns.append(Unknown(f"{word.value} may hold options", word.value))
        elif not interspersed:
            out.stop = token.index
            return out
        out.positionals.append((index, word))
    return out


def _option(token: Token, words: list[tuple[int, Word]], out: Parsed) -> None:
    index, word = words[token.index]
    long = word.value.startswith("--")
    spelling = word.value.partition("=")[0] if long else token.name
    if token.spec is None:
        if not word.known:
            # `--$NAME=x`, `-$X`: an expansion inside the option name may spell any option.
            out.unknowns.append(Unknown(f"{word.value} may hold options", word.value))
        out.rejected.append(spelling)
        if long:
            out.options.append(Opt(spelling, None, index, index + 1))
        return  # a bad short letter: optparse stops its cluster there with an error
    if token.spec.arity == "flag":
        out.options.append(Opt(token.name, None, index, index + 1))
        return
    if token.taken:
        following_index, following = words[token.index + 1]
        out.options.append(Opt(token.name, following, index, following_index + 1))
        return
    if token.attached is None:
        out.rejected.append(spelling)  # "option requires 1 argument"
    value = None if token.attached is None else Word(token.attached, known=word.known)
    out.options.append(Opt(token.name, value, index, index + 1))


@cache
def _table(kind: str) -> Table:
    """pip's optparse rules for `kind`'s parser: unique prefixes and per-release names
    (pip_options); `-r=f` names the file `=f`; an unknown short letter ends its cluster."""

    def resolve(name: str) -> Spec | None:
        if name.startswith("--"):
            got = resolve_long(name, kind)
        else:
            got = resolve_short(name[1:], kind)
        if got is None:
            return None
        return Spec(got.name, "value" if got.takes_value else "flag")

    return Table(resolve=resolve, strict_short=True)


@dataclass(frozen=True)
class PipArgs:
    """A parsed pip invocation."""

    command: str  # "install", "download", ...; "" when there is none
    command_known: bool
    command_index: int  # index of the subcommand word in the argument list, or -1
    options: tuple[Opt, ...]  # the command parser's view: general and command options, in order
    positionals: tuple[Word, ...]
    unknowns: tuple[Unknown, ...]
    rejected: tuple[str, ...]
    isolated: bool  # `--isolated` exactly (pip tests the argument list with `in`)
    general: tuple[Opt, ...] = ()  # options before the subcommand (main parser)
    # An expansion before the subcommand: it may itself be the subcommand (`pip $CMD x`).
    hidden_command: bool = False

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)

    def values(self, *names: str) -> tuple[Word, ...]:
        return tuple(o.value for o in self.options if o.name in names and o.value is not None)


_KINDS = frozenset({"install", "download", "wheel", "lock", "config"})
# Options that name something to install besides the positionals.
_SOURCES = frozenset(
    {"--requirement", "-r", "--editable", "-e", "--group", "--requirements-from-script"}
)


def sole_requirement(
    words: list[tuple[int, Word]], parsed: Parsed, sources: frozenset[str]
) -> list[tuple[int, Word]]:
    """`pip install "$PKG" --index-url U`: one quoted expansion is one argument, and when it is
    the only word that could name something to install it is a requirement: as an option it
    would leave nothing to install, and the installer stops (pip 23.2, measured: "You must
    give at least one requirement to install", exit 1; uv's clap group of sources is required).
    Any other positional or source option leaves it possibly an option, as before."""
    loose = [index for index, word in words if word.may_be_option and word.whole]
    if len(loose) != 1 or [index for index, _ in parsed.positionals] != loose:
        return words
    if any(o.name in sources for o in parsed.options):
        return words
    return [
        (index, Word(w.value, w.known, may_be_option=False, whole=True) if w.whole else w)
        for index, w in words
    ]


# The last arguments parsed, with their PipArgs: one pip command is parsed for its install, the
# pip.conf `pip config` writes and the one it edits, all from the same ToolCall's tuple. Kept
# by identity (held here, the tuple cannot be freed and its id reused; its Words are frozen),
# read and written as one reference (threads of `--jobs` share it).
_last: tuple[tuple[Word, ...], PipArgs] | None = None


def parse(args: tuple[Word, ...]) -> PipArgs:
    """Split pip's arguments into subcommand, options and positionals, as pip does."""
    global _last
    last = _last
    if last is not None and last[0] is args:
        return last[1]
    parsed = _parse(args)
    _last = (args, parsed)
    return parsed


def _parse(args: tuple[Word, ...]) -> PipArgs:
    pairs = list(enumerate(args))
    main = scan(pairs, "general", interspersed=False)
    stop = main.stop
    if stop is None or stop >= len(pairs):
        return PipArgs(
            "",
            True,
            -1,
            tuple(main.options),
            (),
            tuple(main.unknowns),
            tuple(main.rejected),
            False,
            tuple(main.options),
        )
    command_index, command_word = pairs[stop]
    name = command_word.value
    # `cmd_args.remove(cmd_name)`: the first word equal to the name goes, not necessarily this one.
    removed = next(k for k, (_, w) in enumerate(pairs) if w.value == name)
    rest = pairs[:removed] + pairs[removed + 1 :]
    kind = name if command_word.known and name in _KINDS else "general"
    if kind == "install":
        rest = sole_requirement(rest, scan(rest, kind, interspersed=True), _SOURCES)
    parsed = scan(rest, kind, interspersed=True)
    isolated = any(w.value == "--isolated" for _, w in rest)
    return PipArgs(
        command=name,
        command_known=command_word.known,
        command_index=command_index,
        options=tuple(parsed.options),
        positionals=tuple(w for _, w in parsed.positionals),
        unknowns=tuple(main.unknowns) + tuple(u for u in parsed.unknowns if u not in main.unknowns),
        rejected=tuple(parsed.rejected),
        isolated=isolated,
        general=tuple(main.options),
        hidden_command=bool(main.unknowns),
    )


def parse_embedded(words: tuple[Word, ...], kind: str = "install") -> Parsed:
    """Options handed to pip inside another tool's argument (`pipx --pip-args`, pipenv's)."""
    return scan(list(enumerate(words)), kind, interspersed=True)
