"""Which options pip's parsers know, per pip era, so abbreviations resolve as pip resolves them.

pip parses with optparse: a long option may be any unique prefix of a long option string the
parser knows (`--only-b` is `--only-binary`), counted over option *strings* (`--no-dep` is ambiguous
between `--no-deps` and `--no-dependencies`); short options are single letters that cluster and
take an attached value (`-rreq.txt`). A prefix that is unique in one pip release can be ambiguous
in a later one: `--only` meant `--only-binary` up to pip 25.3, and pip 26.0 added `--only-final`.
So names are resolved newest era first and fall back to older eras: when the newest pip rejects a
spelling it installs nothing, and the older pip that accepts it decides what can be built.

The tables were dumped from pip's own parsers (`create_main_parser`, `create_command(name).parser`,
`req_file.build_parser`) at pypa/pip tags 23.2.1, 24.0, 25.0.1, 25.1.1, 25.2, 25.3, 26.0, 26.1,
26.2.1 and HEAD 6d30920; each era is the union of its releases. They live in pip_options.json,
which `scripts/gen_pip_options.py --write` regenerates from pip sources or installs.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

# Newest first: the order in which an ambiguous or unknown spelling falls back.
ERAS: tuple[str, ...] = ("26", "25", "23")
# Parser kinds: the main parser (before the subcommand), each command, requirements-file lines.
KINDS: tuple[str, ...] = ("general", "install", "download", "wheel", "lock", "requirements")

# {era: {kind: {"values": [...], "flags": [...]}}}, written by scripts/gen_pip_options.py.
TABLES_FILE = Path(__file__).with_name("pip_options.json")


@dataclass(frozen=True)
class _Table:
    values: frozenset[str]
    flags: frozenset[str]

    def long_names(self) -> list[str]:
        return [n for n in (*self.values, *self.flags) if n.startswith("--")]


# `pip config`'s own options (commands/configuration.py), the same in every era.
_CONFIG_VALUES = frozenset({"--editor"})
_CONFIG_FLAGS = frozenset({"--global", "--site", "--user"})


def _build() -> dict[tuple[str, str], _Table]:
    dumped = json.loads(TABLES_FILE.read_text(encoding="utf-8"))
    tables = {
        (era, kind): _Table(frozenset(pair["values"]), frozenset(pair["flags"]))
        for era, kinds in dumped.items()
        for kind, pair in kinds.items()
    }
    for era in ERAS:
        general = tables[(era, "general")]
        tables[(era, "config")] = _Table(
            general.values | _CONFIG_VALUES, general.flags | _CONFIG_FLAGS
        )
    return tables


_BUILT = _build()


@dataclass(frozen=True)
class Resolved:
    """What pip makes of an option spelling: its full name and whether it takes a value."""

    name: str  # the full option string, e.g. "--only-binary"
    takes_value: bool
    era: str  # the pip era whose parser accepted the spelling


@functools.lru_cache(maxsize=32)  # the tables never change: each kind's list is made once
def _tables(kind: str) -> tuple[tuple[str, _Table], ...]:
    return tuple((era, _BUILT[(era, kind)]) for era in ERAS if (era, kind) in _BUILT)


# Option spellings longer than this are resolved each time, not kept (bounded memory).
_MAX_CACHED_SPELLING = 128


def resolve_long(spelling: str, kind: str) -> Resolved | None:
    """The long option `spelling` (no `=value`) stands for in a `kind` parser, or None.

    None means every pip era rejects it (unknown or ambiguous): pip stops with a usage error.
    """
    if len(spelling) > _MAX_CACHED_SPELLING:
        return _resolve_long(spelling, kind)
    return _cached_long(spelling, kind)


def _resolve_long(spelling: str, kind: str) -> Resolved | None:
    for era, table in _tables(kind):
        if spelling in table.values:
            return Resolved(spelling, True, era)
        if spelling in table.flags:
            return Resolved(spelling, False, era)
        matches = [n for n in table.long_names() if n.startswith(spelling)]
        if len(matches) == 1:
            name = matches[0]
            return Resolved(name, name in table.values, era)
    return None


# Every option of every pip command line is resolved, and an abbreviation (`--no-cache`) lists
# every long name of each era: the answers (immutable) are kept, the tables never change.
_cached_long = functools.lru_cache(maxsize=4096)(_resolve_long)


def resolve_short(letter: str, kind: str) -> Resolved | None:
    """The short option `-x` in a `kind` parser (exact letters only), or None."""
    name = "-" + letter
    for era, table in _tables(kind):
        if name in table.values:
            return Resolved(name, True, era)
        if name in table.flags:
            return Resolved(name, False, era)
    return None


def command_kinds() -> tuple[str, ...]:
    """The pip commands whose option tables are known (the ones that can build)."""
    return ("install", "download", "wheel", "lock")
