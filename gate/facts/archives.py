"""Where a command unpacks an archive: tar (GNU, bsdtar), unzip, 7z, `python -m zipfile/tarfile`.

Only the placement is read here (which archive, which folder, whether the members keep their
names); what the archive is and what that makes of a project beneath the folder is
gate/facts/unpacked.py's job. Option handling follows the real tools, checked by running them:
GNU tar 1.34 reads standard input without `-f` (its compiled-in default is `-f-`), takes the
arguments of old-style letters (`tar xzf A`) from the next words in order, and resolves each
`-C` from the one before it; unzip 6.00 takes `-d DIR` anywhere and `-dDIR` attached, adds `.zip`
to an archive name without it, and writes nothing with `-l`/`-t`/`-p`/`-c`; `python -m zipfile
-e` needs an output folder, `python -m tarfile -e` defaults to the current one; `7z e` and
`unzip -j` drop the members' folders.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from gate.archive_marks import stem_of
from gate.facts.programs import is_interpreter, program_name
from gate.model import STDIN_OPERANDS, Command, Word

STDIN = ""  # Extraction.archive of an archive read from standard input

_TARS = frozenset({"tar", "gtar", "bsdtar"})
_SEVEN_ZIPS = frozenset({"7z", "7za", "7zr", "7zz"})
# extraction's programs (by program_name), with the interpreters (`python3 -m zipfile -e`).
UNPACKERS = _TARS | {"unzip"} | _SEVEN_ZIPS
# GNU tar short options that take an argument (bsdtar's `-s` too): in a cluster the first one
# takes the rest of it, in the old style (`tar xfC A D`) each takes the next word in turn.
_TAR_SHORT_VALUES = frozenset("bCfFgHIKLNsTVX")
# Long options whose argument may be the next word (GNU tar's required arguments).
_TAR_LONG_VALUES = frozenset({
    "--file", "--directory", "--strip-components", "--exclude", "--exclude-from", "--files-from",
    "--transform", "--xform", "--use-compress-program", "--owner", "--group", "--mode", "--mtime",
    "--newer", "--after-date", "--newer-mtime", "--blocking-factor", "--record-size", "--format",
    "--label", "--listed-incremental", "--checkpoint-action", "--to-command", "--warning",
    "--exclude-tag", "--exclude-tag-under", "--exclude-tag-all", "--suffix", "--tape-length",
    "--index-file", "--rmt-command", "--rsh-command", "--volno-file", "--info-script",
    "--new-volume-script", "--sort", "--quoting-style", "--hole-detection", "--level",
    "--xattrs-include", "--xattrs-exclude", "--pax-option", "--owner-map", "--group-map",
    "--options",
})  # fmt: skip
# Options that send members elsewhere than files (standard output, a program).
_TAR_NO_FILES = frozenset({"--to-stdout", "--to-command", "--list", "--diff", "--compare"})
_UNZIP_NO_FILES = frozenset("lptcvzZ")


@dataclass(frozen=True)
class Extraction:
    """An archive a command unpacks."""

    folder: str  # the image folder its members land in
    archive: str  # the archive's image path; STDIN when read from standard input
    # The archive's name as written: "" for standard input, the source text (`$ARCHIVE`) for a
    # name the gate cannot resolve.
    name: str
    whole: bool = False  # its top-level folder is dropped (`--strip-components`)
    fresh: bool = False  # tar makes the folder for it (`--one-top-level`)
    renamed: bool = False  # members change names (`--transform`, `-s`, `unzip -j`, `7z e`)


def extraction(command: Command, cwd: str) -> Extraction | None:
    """The archive `command` unpacks and where, or None (not an extraction into files, or a
    folder the gate cannot name)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    program = program_name(argv[0].value)
    words = argv[1:]
    if program not in UNPACKERS and not is_interpreter(program):
        return None
    if program in _TARS:
        return _tar(words, cwd)
    if program == "unzip":
        return _unzip(words, cwd)
    if program in _SEVEN_ZIPS:
        return _seven_zip(words, cwd)
    if is_interpreter(program):
        return _python_module(words, cwd)
    return None


def _resolve(cwd: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, path))


def _archive(cwd: str, word: Word | None) -> tuple[str, str]:
    """(image path, name as written) of an archive operand; STDIN for `-` or standard input;
    a path no file can have when the name is not known (`$ARCHIVE`)."""
    if word is None or word.value in STDIN_OPERANDS:
        return STDIN, ""
    if not word.known:
        # Named by an expansion the gate cannot resolve: said as written, its bytes unknown.
        return _resolve(cwd, "<unknown archive>"), word.value
    return _resolve(cwd, word.value), word.value


@dataclass
class _Tar:
    extract: bool = False
    archive: Word | None = None
    folder: str = ""
    folder_known: bool = True
    whole: bool = False
    top: str | None = None  # --one-top-level: "" for the archive's own stem
    renamed: bool = False
    to_stream: bool = False


def _tar(words: tuple[Word, ...], cwd: str) -> Extraction | None:
    state = _Tar(folder=cwd)
    k = 0
    while k < len(words):
        word = words[k]
        text = word.value if word.known else ""
        if text == "--":
            break
        if text.startswith("--"):
            name, eq, value = text.partition("=")
            value_word: Word | None = Word(value) if eq else None
            if not eq and name in _TAR_LONG_VALUES and k + 1 < len(words):
                k += 1
                value_word = words[k]
            _tar_long(state, name, value_word, cwd)
        elif text.startswith("-") and len(text) > 1:
            k = _tar_cluster(state, text[1:], words, k, cwd, old_style=False)
        elif k == 0 and text:
            k = _tar_cluster(state, text, words, k, cwd, old_style=True)
        k += 1
    if not state.extract or state.to_stream or not state.folder_known:
        return None
    archive, name = _archive(cwd, state.archive)
    folder = state.folder
    if state.top is not None:
        stem = stem_of(name)
        if not state.top and not stem:
            return Extraction(folder, archive, name, renamed=True)
        folder = _resolve(folder, state.top or stem)
    return Extraction(folder, archive, name, state.whole, state.top is not None, state.renamed)


def _tar_long(state: _Tar, name: str, value: Word | None, cwd: str) -> None:
    if name in ("--extract", "--get"):
        state.extract = True
    elif name == "--file" and value is not None:
        state.archive = value
    elif name == "--directory" and value is not None:
        _change_folder(state, value)
    elif len(name) >= len("--strip") and "--strip-components".startswith(name):
        state.whole = True  # GNU takes unique abbreviations: `--strip 1` is common
    elif name == "--one-top-level":
        state.top = value.value if value is not None and value.known else ""
    elif name in ("--transform", "--xform"):
        state.renamed = True
    elif name in _TAR_NO_FILES:
        state.to_stream = True


def _tar_cluster(
    state: _Tar, cluster: str, words: tuple[Word, ...], k: int, cwd: str, *, old_style: bool
) -> int:
    """Read one cluster of short options at words[k]; returns the index of the last word used."""
    for i, letter in enumerate(cluster):
        if letter == "x":
            state.extract = True
        elif letter in "Ot":
            state.to_stream = True
        if letter not in _TAR_SHORT_VALUES:
            continue
        rest = cluster[i + 1 :]
        if rest and not old_style:
            value: Word | None = Word(rest)
        elif k + 1 < len(words):
            k += 1
            value = words[k]
        else:
            value = None
        if value is not None:
            _tar_value(state, letter, value)
        if not old_style:
            break
    return k


def _tar_value(state: _Tar, letter: str, value: Word) -> None:
    if letter == "f":
        state.archive = value
    elif letter == "C":
        _change_folder(state, value)
    elif letter == "s":
        state.renamed = True  # bsdtar's member substitution


def _change_folder(state: _Tar, value: Word) -> None:
    # Each -C is taken from the folder the one before it left (GNU tar: `-C a … -C b` is a/b).
    if value.known:
        state.folder = _resolve(state.folder, value.value)
    else:
        state.folder_known = False


def _unzip(words: tuple[Word, ...], cwd: str) -> Extraction | None:
    folder, operands, renamed, excluding = cwd, [], False, False
    k = 0
    while k < len(words):
        word = words[k]
        text = word.value if word.known else ""
        if not (text.startswith("-") and len(text) > 1):
            if not excluding:
                operands.append(word)
            k += 1
            continue
        excluding = text == "-x"  # the names after it, up to the next option, are left out
        letters = text[1:]
        # `d` (the folder) and `P` (a password) take the rest of the cluster or the next word.
        taker = next((i for i, c in enumerate(letters) if c in "dP"), None)
        flags = letters if taker is None else letters[:taker]
        if any(c in _UNZIP_NO_FILES for c in flags):
            return None
        renamed = renamed or "j" in flags
        if taker is not None:
            value: str | None = letters[taker + 1 :] or None
            if value is None and k + 1 < len(words):
                k += 1
                value = words[k].value if words[k].known else None
                if value is None and letters[taker] == "d":
                    return None  # a folder the gate cannot name
            if letters[taker] == "d":
                folder = _resolve(cwd, value or ".")
        k += 1
    if not operands:
        return None
    archive, name = _archive(cwd, operands[0])
    if name and "." not in posixpath.basename(name):
        # unzip looks for NAME.zip when NAME is not there (checked with unzip 6.00).
        archive, name = archive + ".zip", name + ".zip"
    return Extraction(folder, archive, name, renamed=renamed)


def _seven_zip(words: tuple[Word, ...], cwd: str) -> Extraction | None:
    texts = [w.value if w.known else "" for w in words]
    if not texts or texts[0] not in ("x", "e"):
        return None
    folder, operand = cwd, None
    for word, text in zip(words[1:], texts[1:], strict=True):
        if text.startswith("-o"):
            if not text[2:]:
                return None
            folder = _resolve(cwd, text[2:])
        elif not text.startswith("-") and operand is None:
            operand = word
    if operand is None:
        return None
    archive, name = _archive(cwd, operand)
    return Extraction(folder, archive, name, renamed=texts[0] == "e")


def _python_module(words: tuple[Word, ...], cwd: str) -> Extraction | None:
    """`python -m zipfile -e ARCHIVE DIR`, `python -m tarfile -e ARCHIVE [DIR]`."""
    texts = [w.value if w.known else "" for w in words]
    # Interpreter flags come first (`-I -m zipfile`); the first other word decides.
    k = next((i for i, t in enumerate(texts) if t.startswith("-m") or not t.startswith("-")), 0)
    if texts[k : k + 1] == ["-m"]:
        module, rest = (texts[k + 1] if k + 1 < len(texts) else ""), k + 2
    elif k < len(texts) and texts[k].startswith("-m"):
        module, rest = texts[k][2:], k + 1
    else:
        return None
    if module not in ("zipfile", "tarfile"):
        return None
    args = words[rest:]
    if not args or not args[0].known or args[0].value not in ("-e", "--extract"):
        return None
    operands = args[1:3]
    if not operands:
        return None
    if len(operands) < 2:
        if module == "zipfile":
            return None  # zipfile's -e needs the output folder too
        operands = (*operands, Word("."))
    if not operands[1].known:
        return None
    archive, name = _archive(cwd, operands[0])
    return Extraction(_resolve(cwd, operands[1].value), archive, name)
