"""`find … -exec CMD {} ;` and `-execdir`: the commands find runs, one per file it hands them.

The shell layer peels the body out of find with `{}` as a word of unknown value (and, for
`-execdir`, in a folder it cannot tell); the facts layer evaluates find's expression on the
files the build holds (find_expr). Where that evaluation names every file the body can be handed
(find_expr.FindEffects.body), the body is judged once per file, as find runs it: `-exec` with
`{}` the file's path, `-execdir` in the file's folder with `{}` as `./NAME`; with `+`, once with
all files in place of the last `{}` (`-execdir`: once per folder). Elsewhere it is judged as it
stands and stays `unknown` (Command.unseen).
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import TYPE_CHECKING

from gate.model import Command, Redirect, Word

if TYPE_CHECKING:  # find_expr is imported where a `find` runs (walker._edits)
    from gate.facts.find_expr import FindBody

# More files than this and the body is not judged per file (the reason it gives stays).
MAX_FILES = 64


def placeholder(word: Word) -> bool:
    """A word the shell layer made unknown only because it holds find's `{}` (a word that was
    unknown already, `"$D"/{}`, keeps its expansion and stays unknown)."""
    return not word.known and "{}" in word.value and "$" not in word.value and "`" not in word.value


def per_file(command: Command, body: FindBody | None) -> list[Command] | None:
    """The commands the last find's `body` runs on the files it reached, or None where gate
    cannot tell them: not a find body, no file found (the body may still run on files gate does
    not hold), past MAX_FILES, or a `{}` it cannot place."""
    if body is None or not any(w.startswith("find -") for w in command.wrappers):
        return None
    paths = list(dict.fromkeys(r.path for r in body.files))
    slots = [k for k, word in enumerate(command.argv) if placeholder(word)]
    fed = any(_fed_slot(r) for r in command.redirects)
    if len(paths) > MAX_FILES or not (slots or fed or body.action == "-execdir"):
        return None
    action, end, argv = body.action, body.end, command.argv
    if end == "+" and _handed_on(command):
        # `-exec sh -c 'sh "$1"' _ {} +`: one shell is handed many files, and its `$0`/`$1`
        # is whichever find lists first (its order is the folder's): each file may be it.
        end = ";"
    if fed and end == "+":
        return None  # `sh < {}` of the first file of each batch: not modelled
    if not slots and not fed:
        # `-execdir pip install -r requirements.txt ;`: the same words in each file's folder.
        places = dict.fromkeys(posixpath.dirname(path) for path in paths)
        return [_in(command, folder, argv) for folder in places]
    if end == "+":
        # find requires `{}` alone and last before `+`: the files take its place.
        if slots != [len(argv) - 1] or argv[-1].value != "{}":
            return None
        if action == "-exec":
            return [replace(command, argv=(*argv[:-1], *map(Word, paths)), unseen="")]
        folders: dict[str, list[str]] = {}
        for path in paths:
            folders.setdefault(posixpath.dirname(path), []).append(posixpath.basename(path))
        return [
            _in(command, folder, (*argv[:-1], *(Word(f"./{name}") for name in names)))
            for folder, names in folders.items()
        ]
    # pip cannot read a folder as a requirements or constraints file (`find /reqs -exec pip
    # install -r {} ;` hands /reqs too): that run fails before it installs anything.
    files = [k for k in slots if argv[k].value == "{}" and _file_option(argv, k)]
    held_folders = {r.path for r in body.files if r.folder}
    out: list[Command] = []
    for path in paths:
        if files and path in held_folders:
            continue
        shown = path if action == "-exec" else f"./{posixpath.basename(path)}"
        words = tuple(
            Word(w.value.replace("{}", shown)) if k in slots else w for k, w in enumerate(argv)
        )
        inputs = _fed(command, shown)
        if action == "-exec":
            out.append(replace(command, argv=words, redirects=inputs, unseen=""))
        else:
            out.append(replace(_in(command, posixpath.dirname(path), words), redirects=inputs))
    return out


def _handed_on(command: Command) -> bool:
    """The body's `{}` reached the command through a program find ran (`sh -c '…"$0"…' {} +`:
    the shell's positional words), not as a word of find's own body."""
    at = max((k for k, w in enumerate(command.wrappers) if w.startswith("find -")), default=-1)
    return 0 <= at < len(command.wrappers) - 1


def _fed_slot(redirect: Redirect) -> bool:
    return redirect.op in ("<", "0<") and redirect.target is not None and (
        placeholder(redirect.target)
    )


def _fed(command: Command, shown: str) -> tuple[Redirect, ...]:
    """The command's redirections with find's `{}` on its input filled (`sh < {}`, from `-exec
    sh -c 'sh < "$0"' {} ;`)."""
    return tuple(
        Redirect(r.op, Word(r.target.value.replace("{}", shown)), r.content)
        if _fed_slot(r) and r.target is not None
        else r
        for r in command.redirects
    )


def _file_option(argv: tuple[Word, ...], k: int) -> bool:
    """Whether word `k` is the value of a requirements or constraints file option."""
    return k > 0 and argv[k - 1].known and argv[k - 1].value in _FILE_OPTIONS


_FILE_OPTIONS = frozenset({"-r", "--requirement", "-c", "--constraint"})


def _in(command: Command, folder: str, argv: tuple[Word, ...]) -> Command:
    """`command` run with `argv` in `folder` (`-execdir`)."""
    return replace(command, argv=argv, cwd=folder, cwd_known=True, unseen="")


# Options whose value is a file pip or uv reads as text, or a project it builds: a wheel file
# handed there is no wheel installed.
_READ_AS_TEXT = frozenset({*_FILE_OPTIONS, "-e", "--editable", "-b", "--build-constraint",
                           "--build-constraints", "--overrides", "--override",
                           "--with-requirements", "--with-editable"})  # fmt: skip


def as_wheels(command: Command) -> Command:
    """The body of a `find` that hands it only files named `*.whl` (FindEffects.wheels),
    with each `{}` it installs read as such a wheel file; a `{}` handed as a requirements,
    constraints or editable option's value stays unknown."""
    argv = command.argv

    def wheel(k: int) -> bool:
        read = k > 0 and argv[k - 1].known and argv[k - 1].value in _READ_AS_TEXT
        return placeholder(argv[k]) and argv[k].value == "{}" and not read

    words = tuple(Word("{}.whl") if wheel(k) else w for k, w in enumerate(argv))
    return replace(command, argv=words)
