"""Files a command may change in ways the gate does not work out: what it then reads there is
marked possibly different (Files.edited), or gone where that is certain.

The rule is one for every program, so that a new editor needs no new code: a command names a
file the build holds (as an operand, an option's `=VALUE`, or a path in code it is handed:
`python3 -c "open('/etc/pip.conf','w')"`) and the gate does not know the program, so it may have
changed it (`ed`, `ex`, `vim -es`, `crudini --set`, `awk -i inplace`, `dos2unix`, `"$EDITOR"`).
Programs that only read what they are named (`cat`, `grep`, `sha256sum`, `chmod`, `cp` from it)
are listed and change nothing; programs the gate models elsewhere (`cp`, `mv`, `rm`, `tee`,
`sed -i`, `find`, redirections, the packaging tools) follow their own models, and fall back to the
rule where their words are unknown. A command that `find -exec` or `xargs` hands files to may
change those it is handed (`fed`).

Only a file whose text sets something that matters is affected by the mark (a pip, uv or Poetry
setting, a requirements file's `--only-binary`): marking a script or a source file costs nothing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gate.build_files import Files
from gate.facts.file_writes import (
    copies,
    edits_in_place,
    in_place_edits,
    operands,
    sed_in_place,
)
from gate.facts.programs import identify, program_name
from gate.model import Command, Word
from gate.shell.wrappers import POSIX_SHELLS
from gate.sources import go_glob
from gate.sources.image_paths import MAX_CACHED_PATH, resolved

if TYPE_CHECKING:  # find_expr is imported where a `find` runs (walker._edits)
    from gate.facts.find_expr import Reached


@dataclass(frozen=True)
class Edits:
    changed: tuple[str, ...] = ()  # may hold other text than the gate has
    removed: tuple[str, ...] = ()  # certainly gone


@dataclass
class Scans:
    """What is left of a build's budget for scans of every file it holds (a glob matched
    against each, `find` evaluated on each); `refused` counts the scans past it (each unknown)."""

    left: int
    refused: int = 0

    def charge(self, count: int) -> bool:
        """Whether a scan of `count` files still fits."""
        if count > self.left:
            self.refused += 1
            return False
        self.left -= count
        return True


class _Held:
    """The paths the build holds, and the budget a glob's scan of them is charged to."""

    def __init__(self, paths: Container[str], scans: Scans | None) -> None:
        self.paths = paths
        self.scans = scans

    def __contains__(self, path: object) -> bool:
        return path in self.paths

    def globbed(self, pattern: str) -> list[str]:
        """The held files a glob names (none unless the folder before its first wildcard is
        one the build holds files under: most globs name caches and temporary files)."""
        paths = self.paths
        magic = _GLOB_MAGIC.search(pattern)
        if magic is None or not isinstance(paths, Iterable):
            return []
        literal = pattern[: magic.start()].rsplit("/", 1)[0] or "/"
        if isinstance(paths, Files) and literal not in paths.folders():
            return []
        scans = self.scans
        if scans is not None and not scans.charge(len(paths) if isinstance(paths, Files) else 0):
            return []
        return [p for p in paths if go_glob.match(pattern, p)]

    def folder(self, path: str) -> bool:
        """The build holds files beneath `path`."""
        return isinstance(self.paths, Files) and path in self.paths.folders()

    def beneath(self, folder: str) -> list[str]:
        """The held files beneath `folder` (none past the scan budget)."""
        paths = self.paths
        if not isinstance(paths, Files) or (self.scans and not self.scans.charge(len(paths))):
            return []
        below = folder.rstrip("/") + "/"
        return [p for p in paths if p.startswith(below)]


# Programs that never change a file they are named, whatever else they do.
READ_ONLY = frozenset({
    "cat", "tac", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "zgrep", "rg", "ls",
    "dir", "stat", "file", "test", "[", "[[", "wc", "md5sum", "sha1sum", "sha224sum",
    "sha256sum", "sha384sum", "sha512sum", "b2sum", "cksum", "sum", "chmod", "chown", "chgrp",
    "touch", "diff", "cmp", "comm", "readlink", "realpath", "basename", "dirname", "du", "df",
    "od", "hexdump", "strings", "cut", "paste", "nl", "column", "tr", "base64", "echo",
    "printf", "true", "false", ":", "cd", "pushd", "popd", "pwd", "export", "unset", "set",
    "mkdir", "rmdir", "which", "type", "command", "hash", "id", "whoami", "sleep", "date",
    "exit", "return", "jq", "expr", "seq", "getent", "useradd", "adduser", "groupadd",
    "addgroup", "usermod", "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "dpkg", "rpm",
    "update-alternatives", "ldconfig", "mktemp", "source", ".", "eval", "exec", "local",
    "declare", "typeset", "readonly", "shift", "wait", "trap", "ulimit", "umask", "alias",
    "chattr", "lsattr", "setfacl", "getfacl",
})  # fmt: skip
# Programs whose effect on the files they name the gate models (gate/facts/file_writes.py, the
# walker): their operands are read as those models say.
_MODELLED = frozenset({"tee", "cp", "mv", "install", "ln", "rsync", "rm", "unlink", "truncate",
                       "dd", "curl", "wget", "tar", "bsdtar", "gtar", "unzip", "sed", "perl",
                       "find", "sponge", "awk", "gawk", "mawk", "nawk",
                       "sort", "uniq", "iconv", "xxd", "yq"})  # fmt: skip
_REMOVERS = frozenset({"rm", "unlink"})
_HERE = frozenset({"<<", "<<-", "<<<"})
# Path-like runs of text inside a word: `open('/etc/pip.conf','w')` names /etc/pip.conf.
_TOKEN = re.compile(r"[A-Za-z0-9_.~+@%/-]+")
# A word the shell expands to the files it matches (`sed -i … /etc/*.conf`).
_GLOB_MAGIC = re.compile(r"[*?\[]")
# awk code that writes a file or runs a command (`print > FILENAME`, `system(…)`, `| "sh"`).
_AWK_WRITES = re.compile(r">|\||\bsystem\b|\bfflush\b")


def edits(
    command: Command,
    cwd: str,
    paths: Container[str],
    fed: Sequence[Reached] = (),
    scans: Scans | None = None,
) -> Edits:
    """The files of `paths` (those held) that `command` may change or certainly removes.
    `fed`: files handed to it as words it shows unknown (`find … -exec CMD {} +`, `… | xargs
    CMD`). `scans`: the budget a glob's scan of the held files is charged to."""
    held = _Held(paths, scans)
    argv = command.argv
    if not argv:
        return Edits()
    name = program_name(argv[0].value) if argv[0].known else ""
    words = argv[1:]
    if name == "chmod":
        return Edits(_unique(_chmod_restricted(words, cwd, held)))
    if name in READ_ONLY or name in POSIX_SHELLS:
        return Edits()
    if name and identify(command) is not None:
        return Edits()  # a packaging tool: its extractor says what it writes
    if not command.stdin_args and all(w.known for w in words):
        fed = ()  # every word is known: nothing handed to it took the place of one
    if name in _REMOVERS or (name == "shred" and _shreds_and_removes(words)):
        named = _named(operands(words), cwd, held) if name == "shred" else []
        sure = [r.path for r in fed if r.sure]
        return Edits(_unique([r.path for r in fed if not r.sure]), _unique([*named, *sure]))
    if name in _MODELLED:
        named, takes_fed = _modelled(command, name, cwd, held)
    else:
        # Code handed on standard input names files as code on the command line does
        # (`python3 - <<'EOF'` … `open('/etc/pip.conf', 'w')`).
        given = [Word(r.content) for r in command.redirects if r.op in _HERE and r.content]
        named, takes_fed = _named([*words, *given], cwd, held), True
    return Edits(_unique([*named, *(r.path for r in fed if takes_fed)]))


# GNU chmod's options (coreutils 9.1); any other word starting with `-` is a mode (`-r`).
_CHMOD_OPTION = re.compile(
    r"-[Rcfv]+|--(?:recursive|changes|silent|quiet|verbose|(?:no-)?preserve-root|reference=.*)"
)
_CHMOD_CLAUSE = re.compile(r"([ugoa]*)((?:[-+=][rwxXstugo]*)+)")
_CHMOD_OP = re.compile(r"([-+=])([rwxXstugo]*)")


def _takes_read(mode: str) -> bool:
    """A chmod MODE may leave others without read: an octal one without the bit, a symbolic
    clause for others (`o`, `a`, or no one named) that takes `r` away or sets no `r`, or a
    MODE gate cannot read."""
    if re.fullmatch(r"[0-7]{1,4}", mode):
        return not int(mode, 8) & 4
    for clause in mode.split(","):
        match = _CHMOD_CLAUSE.fullmatch(clause)
        if match is None:
            return True
        if match.group(1) and not set(match.group(1)) & {"o", "a"}:
            continue
        for op, perms in _CHMOD_OP.findall(match.group(2)):
            if (op == "-" and "r" in perms) or (op == "=" and "r" not in perms):
                return True
    return False


def _chmod_restricted(words: Sequence[Word], cwd: str, held: _Held) -> list[str]:
    """The held files `chmod MODE FILE…` may make unreadable to other users (a RUN after
    `USER app` then cannot open the file, and pip skips a config it cannot open). `-R`
    reaches the files beneath a folder; `--reference=F` copies a mode gate cannot read."""
    recursive = reference = False
    rest = list(words)
    while rest and rest[0].known and _CHMOD_OPTION.fullmatch(rest[0].value):
        option = rest.pop(0).value
        recursive = recursive or option == "--recursive" or "R" in option.partition("=")[0]
        reference = reference or option.startswith("--reference=")
    if rest and rest[0].known and rest[0].value == "--":
        rest.pop(0)
    if not reference:
        if not rest:
            return []
        mode = rest.pop(0)
        if mode.known and not _takes_read(mode.value):
            return []
    named = _named(rest, cwd, held)
    if recursive:
        for word in rest:
            if word.known and held.folder(folder := _resolve(cwd, word.value)):
                named.extend(held.beneath(folder))
    return named


def _unique(paths: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(paths))


def _resolve(cwd: str, path: str) -> str:
    if len(cwd) + len(path) > MAX_CACHED_PATH:
        return posixpath.normpath(posixpath.join(cwd, path))
    return resolved(cwd, path)


def _named(words: Sequence[Word], cwd: str, held: _Held) -> list[str]:
    """The held files the words name: whole, after `=`, or as a path inside (code)."""
    out: list[str] = []
    for word in words:
        if not word.known or not word.value:
            continue
        value = word.value
        candidates = {value, value.partition("=")[2], *_TOKEN.findall(value)}
        for text in candidates:
            if text and (path := _resolve(cwd, text)) in held:
                out.append(path)
        if _GLOB_MAGIC.search(value):
            out.extend(held.globbed(_resolve(cwd, value)))
    return out


def _modelled(
    command: Command, name: str, cwd: str, held: _Held
) -> tuple[list[str], bool]:
    """Files a program with a model of its own may change beyond that model, and whether a
    word of it the gate shows unknown may be a file it changes."""
    words = command.argv[1:]
    known = all(w.known for w in words)
    if name in ("cp", "install", "ln", "rsync", "mv"):
        if known:
            # The model wrote the new paths (and `mv` removed the old), a folder's files too.
            return _overwritten(command, name, cwd, held), False
        paths = operands(words, {"-m", "--mode", "-o", "--owner", "-g", "--group", "-S"})
        # It writes its last operand; mv takes the others away.
        named = _named(paths[-1:], cwd, held)
        if name == "mv":
            return named + _named(paths[:-1], cwd, held), True
        return named, bool(paths) and not paths[-1].known
    if name in ("sed", "perl"):
        # sed's `w FILE` and perl's open() write files their code names.
        code = list(words) if name == "perl" else _sed_code(words)
        if edits_in_place(command) and name == "sed" and _filled_in_place(command, cwd, held):
            return [], False  # a template's placeholders replaced: written_files has the text
        if edits_in_place(command):
            edited = in_place_edits(command, cwd)
            return [p for e in edited for p in ([e] if e in held else held.globbed(e))], True
        return _named(code, cwd, held), False
    if name in ("awk", "gawk", "mawk", "nawk"):
        return _awk(words, cwd, held)
    if name in ("sort", "iconv"):
        return _outputs(words, cwd, held, ("-o", "--output")), False
    if name == "yq":
        inplace = any(w.known and w.value in ("-i", "--inplace") for w in words)
        return (_named(words, cwd, held), True) if inplace else ([], False)
    if name in ("uniq", "xxd"):
        return _named(operands(words)[1:2], cwd, held), False
    if name == "sponge":
        return _named(operands(words), cwd, held), True  # its input replaces the file
    if name == "truncate":
        return [], True
    return [], False  # tee, dd, curl, wget, tar, unzip, find: modelled in full


def _filled_in_place(command: Command, cwd: str, held: _Held) -> bool:
    paths = held.paths
    return isinstance(paths, Mapping) and bool(sed_in_place(command, cwd, paths))


def _overwritten(command: Command, name: str, cwd: str, held: _Held) -> list[str]:
    """`cp -r /opt/x/. /etc/`: a folder the build holds nothing under, copied over one it holds
    files beneath, may replace any of them (what it holds, gate does not know)."""
    if not recursive_copy(name, command.argv[1:]):
        return []
    out: list[str] = []
    for source, new in copies(command, cwd):
        if source not in held and not held.folder(source) and held.folder(new):
            out.extend(held.beneath(new))
    return out


# The programs recursive_copy can say copy a folder (the walker asks base_copies only of them).
RECURSIVE_COPIERS = frozenset({"mv", "cp", "rsync"})


def recursive_copy(name: str, words: Sequence[Word]) -> bool:
    """mv moves folders whole; cp and rsync copy them with -r, -R, -a or their long names."""
    if name not in RECURSIVE_COPIERS:
        return False
    if name == "mv":
        return True
    for word in words:
        value = word.value
        if value == "--":
            break
        if value in ("--recursive", "--archive"):
            return True
        if value.startswith("-") and not value.startswith("--") and set(value[1:]) & set("rRa"):
            return True
    return False


def _sed_code(words: Sequence[Word]) -> list[Word]:
    """sed's script words: each -e/-f value, else its first operand."""
    given = [
        words[k + 1]
        for k, w in enumerate(words[:-1])
        if w.known and w.value in ("-e", "--expression")
    ]
    given += [w for w in words if w.known and w.value.startswith("--expression=")]
    return given or operands(words, {"-f", "--file", "-l", "--line-length"})[:1]


def _outputs(
    words: Sequence[Word], cwd: str, held: _Held, options: tuple[str, ...]
) -> list[str]:
    """The file an output option names (`sort -o F`, `--output=F`, `-oF`)."""
    out: list[str] = []
    for k, word in enumerate(words):
        value = word.value
        if not word.known:
            continue
        if value in options and k + 1 < len(words):
            out.extend(_named(words[k + 1 : k + 2], cwd, held))
        for option in options:
            if option.startswith("--") and value.startswith(option + "="):
                out.extend(_named([Word(value[len(option) + 1 :])], cwd, held))
            elif not option.startswith("--") and value.startswith(option) and value != option:
                out.extend(_named([Word(value[len(option) :])], cwd, held))
    return out


def _awk(words: Sequence[Word], cwd: str, held: _Held) -> tuple[list[str], bool]:
    """awk reads its files, unless gawk's `-i inplace` (any `-i`/`--include` library) edits
    them, or its code writes (`print > FILENAME`), or the code is in a file (`-f`)."""
    program: Word | None = None
    writes = False
    operands: list[Word] = []
    k = 0
    while k < len(words):
        word = words[k]
        value = word.value if word.known else "?"
        if value in ("-i", "--include", "-f", "--file", "-E", "--exec", "-l", "--load"):
            writes = True
            k += 2
            continue
        if value.startswith(("-i", "--include=", "-f", "--file=", "-E", "--exec=")):
            writes = True
        elif value in ("-v", "--assign", "-F", "--field-separator"):
            k += 2
            continue
        elif value == "--":
            operands.extend(words[k + 1 :])
            break
        elif not (value.startswith("-") and len(value) > 1):
            if program is None and not writes:
                program = word
            else:
                operands.append(word)
        k += 1
    if program is not None and (not program.known or _AWK_WRITES.search(program.value)):
        writes = True
    if not writes:
        return [], False
    return _named([*operands, *([program] if program else [])], cwd, held), True


def _shreds_and_removes(words: Sequence[Word]) -> bool:
    """`shred -u F`, `--remove[=HOW]`: F is overwritten, then removed."""
    for word in words:
        value = word.value if word.known else ""
        if value.startswith("--remove") or (
            value.startswith("-") and not value.startswith("--") and "u" in value
        ):
            return True
    return False
