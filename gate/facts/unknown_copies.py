"""Where a copy of files gate cannot name lands (`xargs -I{} cp {} /x/`, `cp "$X" /x/`, `find
/ -exec cp {} /x/ ;` over files gate cannot list, `… | xargs cp -t /x/`): the destination's
files gate does not hold are of unknown content from then on, so a script run from there is
`unknown` (it was a file gate does not hold: silent). A file gate holds there may have been
replaced: Files.over_held makes it unknown code too (README "Known gaps").
"""

from __future__ import annotations

import posixpath
from collections.abc import Container

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
