"""Installers the build copies, links or downloads under another name, then runs by that name.

`cp /usr/local/bin/pip /usr/local/bin/foo && foo install x` and `ln -s "$(command -v pip)" /x`
run pip as surely as `pip install x`. The walker records each such copy (`cp`, `ln`, `mv`,
`install`) whose source is an installer or a Python interpreter, and a later command that runs
the new path, or the new name found on $PATH, is read as the program it copies.

A script saved from an address whose name says it installs (`curl -o /tmp/x.py
https://bootstrap.pypa.io/get-pip.py`, `ADD https://install.python-poetry.org /tmp/p`) is read,
where it runs, under the name its address gives it (`python3 /tmp/get-pip.py`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from gate.build_files import Files
from gate.facts.file_writes import operands, url_name
from gate.facts.mentions import names_installer
from gate.facts.programs import identify, is_interpreter, program_name
from gate.facts.scripts import on_path, script_index, stdin_files
from gate.model import DEFAULT_PATH, Command, Word

# The programs record notes a copy of (by program_name: the walker asks it only of them).
COPIERS = frozenset({"cp", "ln", "mv", "install"})
_COPIERS = COPIERS
# Options of those programs that take a value (`install -m 755`, `cp -t DIR`, `ln -S SUFFIX`).
_VALUED = frozenset({"-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix", "-t"})
# `$(command -v pip)`, `$(which pip3)`, `` `type -p uv` ``: the program a lookup names.
_LOOKUP = re.compile(r"(?:\$\(|`)\s*(?:command\s+-v|which|type\s+-p|type\s+-P)\s+([^\s)`]+)")
MAX_RENAMED = 256  # a hostile build cannot grow the table without end


def _program(word: Word) -> str | None:
    """The installer or interpreter a source operand names, or None."""
    if word.known:
        value = word.value
    else:
        found = _LOOKUP.search(word.value)
        if found is None:
            return None
        value = found.group(1)
    name = program_name(value)
    probe = Command(argv=(Word(value), Word("install"), Word("x")), env={})
    if identify(probe) is not None or is_interpreter(name):
        return value
    return None


def record(command: Command, cwd: str, renamed: dict[str, str]) -> None:
    """Note what `command` copies when it copies an installer under another path."""
    argv = command.argv
    if not argv or not argv[0].known or program_name(argv[0].value) not in _COPIERS:
        return
    named = operands(argv[1:], _VALUED)
    if len(named) != 2 or not named[1].known or len(renamed) >= MAX_RENAMED:
        return
    source = _program(named[0])
    if source is None:
        return
    dest = posixpath.normpath(posixpath.join(cwd or "/", named[1].value))
    renamed[dest] = source
    # DEST may be a directory: the copy then keeps its name there.
    renamed[posixpath.join(dest, program_name(source))] = source


def record_image_copy(dest: str, name: str, renamed: dict[str, str]) -> None:
    """`COPY --from=IMAGE /usr/local/bin/pip /usr/local/bin/zz`: an installer an image's copy
    puts at `dest` under another name (`name`: the source's own) runs as itself there (silent
    before, atk24)."""
    if not name or program_name(dest) == name or len(renamed) >= MAX_RENAMED:
        return
    source = _program(Word(name))
    if source is not None:
        renamed[dest] = source


def resolve(command: Command, cwd: str, renamed: Mapping[str, str]) -> Command:
    """`command` with a renamed installer put back under its own name."""
    if not renamed or not command.argv or not command.argv[0].known:
        return command
    value = command.argv[0].value
    if identify(command) is not None or is_interpreter(program_name(value)):
        return command  # a name that is a tool already says what runs (`ln -s pip uv`: stubs)
    if "/" in value:
        candidates = [posixpath.normpath(posixpath.join(cwd or "/", value))]
    else:
        path = command.env.get("PATH") or DEFAULT_PATH
        candidates = [posixpath.join(d, value) for d in path.split(":")[:64] if d.startswith("/")]
    for candidate in candidates:
        source = renamed.get(candidate)
        if source is not None:
            return replace(command, argv=(Word(source), *command.argv[1:]))
    return command


@dataclass(frozen=True)
class Downloaded:
    """A command that runs a downloaded installer script saved under another name."""

    command: Command  # as it runs, the script under its address's name: `python3 /tmp/get-pip.py`
    written: Command  # the same with the file's own name, for messages and fixes
    url: str


def downloaded_installer(command: Command, cwd: str, files: Files) -> Downloaded | None:
    """`command` running a downloaded file under the name of its address, when that name says
    it installs Python packages and the file's own name does not."""
    if not files.has_origins():
        return None
    fed = stdin_files(command)
    if len(fed) == 1:
        command = fed[0]  # `python3 - flask < F` runs F as `python3 F flask` does
    k = script_index(command.argv)
    argv0 = command.argv[0] if command.argv else Word("")
    if k is not None:
        word = command.argv[k].value
        path = posixpath.normpath(posixpath.join(cwd or "/", word))
    elif argv0.known and "/" not in argv0.value and argv0.value not in _COPIERS:
        # A bare name: the file of that name in a $PATH folder (`ADD --chmod=755 URL
        # /usr/local/bin/boot`, then `boot`).
        k, word = 0, argv0.value
        found = on_path(word, command, files)
        if found is None:
            return None
        path = found
    else:
        return None
    url = files.origin(path)
    name = url_name(url)
    if not name or names_installer(program_name(word)) or not names_installer(name):
        return None
    argv = list(command.argv)
    argv[k] = Word(posixpath.join(posixpath.dirname(path), name))
    return Downloaded(replace(command, argv=tuple(argv)), command, url)
