"""Words a command is handed from a file gate holds: what a plain `xargs` reads on standard
input or from its `-a F` / `--arg-file=F`, and an unquoted `$(cat F)` / `$(< F)` / `` `cat F` ``
on its command line.

`echo requests flask | xargs pip install …`, `xargs pip install … < requirements.txt`, `cat F |
xargs -n1 pip install …`: GNU xargs cuts its input at blanks and newlines, honouring single and
double quotes and backslashes, and appends the words to the command. It may run the command
several times with some of the words each (always with -n/-s, and past its command-line size by
default): the same install facts as one run only when no word is an option (`--only-binary` in
one run does not reach the next), so then the words are taken, else they stay unknown. Options
that cut the input otherwise (-0, -d, -E, -L, -I, -p; an -a of a file gate cannot name) are left
in the wrapper's label by the shell layer, and their words stay unknown, as do inputs gate
cannot read or that are past the caps below.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Mapping
from functools import partial

from gate.crlf_text import shell_text
from gate.facts import filter_work
from gate.facts.file_writes import stdin_text
from gate.model import Command, Word
from gate.shell.wrappers import (
    ARG_FILE,
    BATCHING_XARGS,
    ONE_LINE_XARGS,
    ONE_WORD_XARGS,
    PLAIN_XARGS,
)

# Bounds: an install line is short; a hostile input must stay cheap. Below _ONE_RUN bytes
# GNU xargs runs a plain command once (its default command-line size is 128 KiB, less the
# environment).
_MAX_TEXT = 128 * 1024
_MAX_WORDS = 4096
_ONE_RUN = 32 * 1024


def fed_words(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> tuple[Word, ...] | None:
    """The words xargs appends to `command`, or None when they are not known."""
    got = _fed_text(command, cwd, files)
    if got is None or got[0] not in (PLAIN_XARGS, BATCHING_XARGS, ONE_WORD_XARGS):
        return None
    label, text = got
    # Charged to the build's filter budget (a function running xargs 1,024 times took 22 s);
    # past it, or where xargs stops at an unmatched quote, the words are not known.
    cost = filter_work.SHLEX * len(text)
    words = filter_work.worked(("xargs", text), lambda: cost, partial(_split, text))
    if words is None or len(words) > _MAX_WORDS:
        return None
    if label == ONE_WORD_XARGS:
        return tuple(Word(w) for w in words)  # one run each (one_per_run): options too
    several_runs = label == BATCHING_XARGS or len(text) > _ONE_RUN
    if several_runs and any(w.startswith("-") for w in words):
        return None
    return tuple(Word(w) for w in words)


def _fed_text(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> tuple[str, str] | None:
    """The one xargs label of `command` (its `-a F` taken off) and the text xargs reads: its
    standard input, or F; None when not known."""
    labels, arg_file = _arg_file(_xargs_labels(command))
    if len(labels) != 1:
        return None
    if arg_file is None:
        text = stdin_text(command, files, cwd)
    elif command.wrappers[-1:] == (f"{labels[0]}{ARG_FILE}{arg_file}",):
        # xargs opens F in its own folder: the command's, with no wrapper after it to move.
        text = files.get(posixpath.normpath(posixpath.join(cwd, arg_file)))
    else:
        return None
    if text is None or len(text) > _MAX_TEXT:
        return None
    return labels[0], text


def fed_lines(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> tuple[tuple[Word, ...], ...] | None:
    """The words of each run `xargs -L1` makes of a known input, or None: one run per
    non-blank line, a line ending in a blank going on into the next, each cut into words as a
    plain xargs cuts its input (GNU findutils 4.9 measured)."""
    got = _fed_text(command, cwd, files)
    if got is None or got[0] != ONE_LINE_XARGS:
        return None
    text = got[1]
    cost = filter_work.SHLEX * len(text)
    runs = filter_work.worked(("xargs -L1", text), lambda: cost, partial(_runs, text))
    if runs is None or sum(len(r) for r in runs) > _MAX_WORDS:
        return None
    return tuple(tuple(Word(w) for w in run) for run in runs)


def _runs(text: str) -> tuple[tuple[str, ...], ...] | None:
    runs: list[tuple[str, ...]] = []
    pending = ""
    for line in shell_text(text).split("\n"):
        pending += line + "\n"
        if line[-1:] in (" ", "\t") or not line:
            # A trailing blank: the logical line goes on, also past empty lines (`flask \n\n
            # --no-binary :all:` is one run; GNU findutils 4.9 measured).
            continue
        words = _split(pending)
        if words is None:
            return None
        if words:
            runs.append(words)
        pending = ""
    words = _split(pending)
    if words is None:
        return None
    if words:
        runs.append(words)
    return tuple(runs)


def _xargs_split(text: str) -> list[str]:
    """The words GNU xargs cuts `text` into: at blanks (space, tab) and newlines only, so a CR
    stays in its word (`--only-binary=:all:\r`, which pip does not take for `:all:`; GNU
    xargs 4.9 measured); quotes and backslashes as shlex reads them."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace = " \t\n"
    lexer.whitespace_split = True
    lexer.commenters = ""
    return list(lexer)


def _split(text: str) -> tuple[str, ...] | None:
    try:
        return tuple(_xargs_split(shell_text(text)))
    except ValueError:
        return None  # "unmatched quote": xargs stops


def one_per_run(command: Command) -> bool:
    """Whether xargs runs `command` once per word it reads (`xargs -n1`)."""
    return _arg_file(_xargs_labels(command))[0] == [ONE_WORD_XARGS]


def _arg_file(labels: list[str]) -> tuple[list[str], str | None]:
    """The xargs labels with an `-a F` taken off the only one, and F (else None)."""
    if len(labels) != 1 or ARG_FILE not in labels[0]:
        return labels, None
    label, _, path = labels[0].partition(ARG_FILE)
    return [label], path


def _xargs_labels(command: Command) -> list[str]:
    return [w for w in command.wrappers if w.split(" ", 1)[0] == "xargs"]


# `$(cat F)`, `$(< F)`, `` `cat F` `` with a plain path: the command's output is F's text.
_PLAIN_PATH = r"([^\s\"'$`;&|()<>]+)"
_CAT = re.compile(rf"\$\(\s*(?:cat\s+|<\s*){_PLAIN_PATH}\s*\)|`\s*cat\s+{_PLAIN_PATH}\s*`")
_GLOB = re.compile(r"[*?\[]")
_IFS = re.compile(r"[ \t\n]+")


def substituted_words(
    argv: tuple[Word, ...], cwd: str, files: Mapping[str, str | None]
) -> tuple[Word, ...] | None:
    """`argv` with each unquoted `$(cat F)` of a file gate holds replaced by the words the shell
    splits F's text into (blanks and newlines; no quotes are read), or None when none is. A
    word the shell would glob stays unknown, as does a quoted one (one argument of many lines)."""
    out: list[Word] = []
    changed = False
    for word in argv:
        match = None if word.known or word.whole else _CAT.fullmatch(word.value)
        if match is None:
            out.append(word)
            continue
        path = posixpath.normpath(posixpath.join(cwd, match.group(1) or match.group(2)))
        text = files.get(path)
        if text is None or len(text) > _MAX_TEXT:
            out.append(word)
            continue
        # The shell splits at $IFS's space, tab and newline only: a CR (a context file's CR LF,
        # `printf '…\r\n'`) or other white space stays in its word, as pip then reads it.
        words = [w for w in _IFS.split(shell_text(text)) if w]
        if len(words) > _MAX_WORDS or any(_GLOB.search(w) for w in words):
            out.append(word)
            continue
        out.extend(Word(w) for w in words)
        changed = True
    return tuple(out) if changed else None
