"""Where a copy of files gate cannot name lands (`xargs -I{} cp {} /x/`, `cp "$X" /x/`, `find
/ -exec cp {} /x/ ;` over files gate cannot list, `… | xargs cp -t /x/`): the destination's
files gate does not hold are of unknown content from then on, so a script run from there is
`unknown` (it was a file gate does not hold: silent). So is a file gate holds there whose name
the copy could produce (`replaced`): the copy may have put other bytes in its place (`cp "$X"
/d/ && sh /d/held.sh` passed silently over a held script that installs only wheels).
"""

from __future__ import annotations

import posixpath
from collections.abc import Container, Iterable

from gate.facts.file_writes import operands
from gate.facts.programs import program_name
from gate.model import Command, Word

_COPIERS = frozenset({"cp", "mv", "install", "rsync"})
# Their options that take a value (GNU cp/mv/install, rsync's common ones); `-t` is the folder.
_VALUED = frozenset({"-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group",
                     "-e", "--rsh", "--exclude", "--include", "--filter", "-f", "--chmod",
                     "--chown", "--backup-dir", "--files-from", "--exclude-from",
                     "--include-from", "--rsync-path"})  # fmt: skip


def destination(command: Command, cwd: str, folders: Container[str]) -> tuple[str, bool] | None:
    """(path, a folder) a copy of sources gate cannot name writes, or None: not such a copy, or
    a destination gate cannot tell either. A folder where the copy goes into one, or where the
    source may be one (`cp -r "$X" /s`, `mv "$X" /s`: /s may be that folder)."""
    argv = command.argv
    if not argv or not argv[0].known or program_name(argv[0].value) not in _COPIERS:
        return None
    words = argv[1:]
    fed = command.stdin_args  # `xargs cp -t /x/`: the sources come from xargs' input
    if not fed and all(w.known for w in words):
        return None
    target = _target_folder(words) if program_name(argv[0].value) != "rsync" else None
    if target is not None:
        return (_at(cwd, target.value), True) if target.known else None
    named = operands(words, _VALUED)
    if not named or not named[-1].known or (len(named) < 2 and not fed):
        return None
    last = named[-1].value
    path = _at(cwd, last)
    folder = last.endswith("/") or len(named) > 2 or path in folders
    return path, folder or _recursive(argv[0].value, words)


def _recursive(program: str, words: tuple[Word, ...]) -> bool:
    """The copy may take a folder whole (`mv`; `cp -r`/`-a`, `rsync -r`/`-a`)."""
    if program_name(program) == "mv":
        return True
    for word in words:
        value = word.value
        if not word.known:
            continue
        if value == "--":
            return False
        if value.startswith("--"):
            if value in ("--recursive", "--archive"):
                return True
        elif value.startswith("-") and set(value[1:]) & set("rRa"):
            return True
    return False


def _target_folder(words: tuple[Word, ...]) -> Word | None:
    """The value of `-t DIR` / `--target-directory=DIR` (by a prefix getopt_long takes)."""
    for k, word in enumerate(words):
        if not word.known:
            continue
        value = word.value
        if value == "--":
            return None
        name, eq, attached = value.partition("=")
        if len(name) > 4 and "--target-directory".startswith(name):
            return Word(attached) if eq else (words[k + 1] if k + 1 < len(words) else None)
        if value.startswith("-") and not value.startswith("--") and "t" in value[1:]:
            at = value.index("t", 1)
            rest = value[at + 1 :]
            if not set(value[1:at]) & set("SmogeF"):  # no valued letter before it
                return Word(rest) if rest else (words[k + 1] if k + 1 < len(words) else None)
    return None


def _at(cwd: str, name: str) -> str:
    path = posixpath.normpath(posixpath.join(cwd or "/", name))
    return "/" + path.lstrip("/")


def replaced(
    command: Command, dest: str, held: Iterable[str], folders: Container[str]
) -> list[str]:
    """The paths of `held` (the files the build holds) a copy of sources gate cannot name, to
    `dest` (destination), may replace: `dest` itself where the copy may be to that name; in a
    folder it copies into, each file named as a source may be (any name where the source's
    last part is unknown; with `-r`, `-a`, `mv` or rsync, anything beneath that name too)."""
    argv = command.argv
    program = program_name(argv[0].value)
    words = argv[1:]
    target = _target_folder(words) if program != "rsync" else None
    named = operands(words, _VALUED)
    sources = named if target is not None else named[:-1]
    recursive = program == "rsync" or _recursive(argv[0].value, words)
    into = (
        target is not None
        or command.stdin_args
        or (bool(named) and named[-1].value.endswith("/"))
        or len(named) > 2
        or dest in folders
    )
    # The names a source may give its copy there; None: any name.
    names: set[str] | None = set()
    if command.stdin_args or any(_any_name(w) for w in sources):
        names = None
    elif names is not None:
        names.update(w.value.rstrip("/").rsplit("/", 1)[-1] for w in sources if not w.known)
    out: list[str] = []
    top = dest.rstrip("/") + "/"
    for path in held:
        if path == dest:
            out.append(path)  # `cp "$X" /u/run.sh`, or a folder the copy lands in
            continue
        if not path.startswith(top):
            continue
        rest = path[len(top) :]
        if not into:
            if recursive:
                out.append(path)  # `cp -r "$X" /s`: /s may be the copy, or hold it
            continue
        first, _, deeper = rest.partition("/")
        if deeper and not recursive:
            continue
        if names is None or first in names:
            out.append(path)
    return out


def _any_name(word: Word) -> bool:
    """A source whose last part gate cannot read (`"$X"`, `"$D"/*.sh`, xargs' `{}`): its copy
    may be named anything; rsync's `D/` copies what D holds, whatever it is named."""
    if word.known:
        return False
    last = word.value.rstrip("/").rsplit("/", 1)[-1]
    return word.value.endswith("/") or any(c in last for c in "$`*?[{")
