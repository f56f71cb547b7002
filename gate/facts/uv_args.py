"""A uv command line split the way clap splits it: subcommand, options with values, positionals.

uv's clap rules that matter here: long options are `--name value` or `--name=value` and never
abbreviated; short options cluster (`-qU`, `-rreq.txt`, `-r=req.txt`); global options may appear
before or after the subcommand; `--` ends options; for `uv run`, `uv tool run` and `uvx` the first
positional starts the command to run and everything after it belongs to that command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gate.facts.optscan import Opt, Scanner
from gate.facts.uv_options import takes_value
from gate.model import Unknown, Word

# Namespaces whose first positional is a further subcommand.
_NAMESPACES = frozenset({"pip", "tool", "self", "cache", "python", "auth", "workspace"})
_ALIASES = {
    "v": "venv",
    "virtualenv": "venv",
    "pip ls": "pip list",
    "tool uvx": "tool run",
    "tool update": "tool upgrade",
    "tool ls": "tool list",
}
# Commands whose first positional begins an external command line.
_TRAILING = frozenset({"run", "tool run"})


@dataclass(frozen=True)
class UvArgs:
    """A parsed uv invocation."""

    command: str  # "pip install", "sync", "tool run", ...; "" when there is none
    command_known: bool  # False when the subcommand word has no known value
    command_end: int  # index just after the subcommand word(s) in the argument list
    options: tuple[Opt, ...]  # global and command options, in order
    positionals: tuple[Word, ...]
    trailing: tuple[Word, ...]  # run / tool run: the command to run and its arguments
    trailing_start: int  # index of trailing[0], or len(args)
    unknowns: tuple[Unknown, ...] = field(default=())

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)

    def values(self, *names: str) -> tuple[Word, ...]:
        return tuple(o.value for o in self.options if o.name in names and o.value is not None)

    def last_flag(self, on: str, off: str) -> bool | None:
        """clap `overrides_with`: the later of two opposite flags wins; None if neither is given."""
        result: bool | None = None
        for o in self.options:
            if o.name == on:
                result = True
            elif o.name == off:
                result = False
        return result


def parse(args: tuple[Word, ...], *, uvx: bool = False) -> UvArgs:
    """Split a uv (or uvx) argument list into subcommand, options, positionals, trailing words."""
    scanner = Scanner(args)
    command, known, start = "tool run", True, 0
    if not uvx:
        command, known, start = _command(scanner)
    if command == "pip install":
        sole = _sole_requirement(args, start, command)
        if sole is not None:
            return parse(sole)
    positionals: list[Word] = []
    end = len(args)
    if command in _TRAILING:
        end, positionals = scanner.scan(
            start, lambda name: takes_value(command, name), stop_at_positional=True
        )
    else:  # with no subcommand `start` is the end: nothing more to scan
        _, positionals = scanner.scan(
            start, lambda name: takes_value(command, name), stop_at_positional=False
        )
    return UvArgs(
        command,
        known,
        start,
        tuple(scanner.options),
        tuple(positionals),
        args[end:],
        end,
        tuple(scanner.unknowns),
    )


# Options of `uv pip install` in clap's required group of sources, besides the packages.
_SOURCES = frozenset({"-r", "--requirements", "--requirement", "-e", "--editable", "--group"})


def _sole_requirement(args: tuple[Word, ...], start: int, command: str) -> tuple[Word, ...] | None:
    """The arguments with a lone quoted expansion read as a package, when it is the only word
    that could name something to install (pip_args.sole_requirement: as an option it would
    leave clap's required sources empty and uv would stop); None when nothing changes."""
    loose = [i for i in range(start, len(args)) if args[i].may_be_option and args[i].whole]
    if len(loose) != 1 or any(w.may_be_option for w in args[:start]):
        return None
    probe = Scanner(args)
    _, positionals = probe.scan(
        start, lambda name: takes_value(command, name), stop_at_positional=False
    )
    if len(positionals) != 1 or positionals[0] is not args[loose[0]]:
        return None
    if any(o.name in _SOURCES for o in probe.options):
        return None
    word = args[loose[0]]
    fixed = Word(word.value, word.known, may_be_option=False, whole=True)
    at = loose[0]
    return (*args[:at], fixed, *args[at + 1 :])


def _command(scanner: Scanner) -> tuple[str, bool, int]:
    """The subcommand (`pip install` for a namespace), whether it is known, and where its own
    words start; ("", True, len) when there is none. Global options before it are scanned."""
    args = scanner.words

    def generic(name: str) -> bool:
        return takes_value("", name)

    i, _ = scanner.scan(0, generic, stop_at_positional=True)
    if i >= len(args):
        return "", True, len(args)
    first = args[i]
    command, known, start = first.value, first.known, i + 1
    if known and command in _NAMESPACES:
        j, _ = scanner.scan(start, generic, stop_at_positional=True)
        if j < len(args):
            second = args[j]
            command, known, start = f"{command} {second.value}", second.known, j + 1
    return _ALIASES.get(command, command), known, start
