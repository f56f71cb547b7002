"""The files a step's `while read …; do …; done < FILE` loops read, for the shell layer to walk
each loop's body once per line (gate/shell/read_loop.py): the step is walked again with them.
So are the files a line filter reads where the step pipes something into a loop (`grep -v '^#'
F | while read p`, `… | xargs -n1 pip install`): the shell layer works out what the filter
writes (gate/shell/piped_filters.py).

A file is handed over only where the text the build holds before the step is the text the loop
reads: the build knows it (no download, no branch, no program's output), and no command of the
step may write a file of that name first (a redirection into it, or a program that is not a
mere reader naming it). Anything else stays as before: the loop's variables are unknown.
"""

from __future__ import annotations

import posixpath

from gate.build_files import Files
from gate.crlf_text import CrlfText
from gate.facts import file_edits, line_filters
from gate.facts.programs import program_name
from gate.model import PIPE_IN, Command, Run, Script

# Redirections that read a file: `< F`, and `cat A B |` as "<+" (A's text, then B's).
_READS = frozenset({"<", "0<", "<+"})


def handed_texts(run: Run, script: Script, files: Files) -> tuple[tuple[str, str], ...]:
    """(absolute path, text) of each file a `read` of the step reads, when handed over."""
    if run.loop_inputs:
        return ()
    out: dict[str, str] = {}
    # A pipe of unknown text into a loop: the filters' files are handed too.
    fed = any(_fed(c) for c in script.commands)
    for command in script.commands:
        argv = command.argv
        if not argv or not argv[0].known:
            continue
        if argv[0].value == "read":
            names = _read_names(command)
        elif fed and _filter(command):
            names = _read_names(command) + [w.value for w in argv[1:] if w.value[:1] != "-"]
        else:
            continue
        for name in names:
            if not (name.startswith("/") or command.cwd_known):
                continue
            path = posixpath.normpath(posixpath.join(command.cwd or run.workdir, name))
            text = files.get(path)
            if not isinstance(text, str) or files.branched(path) or files.unread(path):
                continue
            if isinstance(text, CrlfText):
                continue  # each value `read` gives ends in CR, which the installers keep
            if _may_write(script, posixpath.basename(path)):
                continue
            out[path] = text
    return tuple(out.items())


def _read_names(command: Command) -> list[str]:
    """The files a command reads on its standard input (`< F`, `cat A B |`)."""
    return [
        r.target.value
        for r in command.redirects
        if r.op in _READS and r.target is not None and r.target.known
    ]


def _fed(command: Command) -> bool:
    """A `read` or an xargs-fed command reading a pipe of text not known to the shell layer."""
    argv = command.argv
    loop = (argv and argv[0].known and argv[0].value == "read") or command.stdin_args
    return bool(loop) and any(r.op == PIPE_IN for r in command.redirects)


def _filter(command: Command) -> bool:
    program = program_name(command.argv[0].value)
    return program in line_filters.PROGRAMS and line_filters.is_filter(program, command.argv[1:])


def changed(run: Run, command: Command, files: Files) -> str | None:
    """Why the loop input a `read` reads may not be the text handed to the shell layer, where
    the step changed it before the loop in a way the name check missed (a copy into its
    folder, an archive the facts layer follows): the loop is then `unknown`. None otherwise."""
    if not run.loop_inputs or not command.argv or not command.argv[0].known:
        return None
    if command.argv[0].value == "read":
        names = _read_names(command)
    elif _filter(command):
        names = _read_names(command) + [w.value for w in command.argv[1:] if w.value[:1] != "-"]
    else:
        return None
    handed = dict(run.loop_inputs)
    for name in names:
        path = posixpath.normpath(posixpath.join(command.cwd or run.workdir, name))
        if path not in handed:
            continue
        now = files.get(path)
        if now != handed[path] or files.branched(path) or files.unread(path):
            return f"the file a `while read` loop reads ({path}) changed in the step before it"
    return None


def _may_write(script: Script, name: str) -> bool:
    """Whether a command of the step may write a file named `name`: a redirection writes into
    such a name, or a program that is not a mere reader names it."""
    for command in script.commands:
        for r in command.redirects:
            if r.target is None or (r.op.startswith(("<", "|")) and "<>" not in r.op):
                continue
            if not r.target.known or r.target.value.endswith(name):
                return True  # `> "$F"` may be the file
        if _names(command, name) and not _reader(command):
            return True
    return False


def _names(command: Command, name: str) -> bool:
    return any(w.value.endswith(name) for w in command.argv[1:])


def _reader(command: Command) -> bool:
    program = command.argv[0].value if command.argv and command.argv[0].known else ""
    return program == "read" or program_name(program) in file_edits.READ_ONLY or (
        bool(program) and _filter(command)
    )
