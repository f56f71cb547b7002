"""The files a step's `while read …; do …; done < FILE` loops read, for the shell layer to walk
each loop's body once per line (gate/shell/read_loop.py): the step is walked again with them.

A file is handed over only where the text the build holds before the step is the text the loop
reads: the build knows it (no download, no branch, no program's output), and no command of the
step may write a file of that name first (a redirection into it, or a program that is not a
mere reader naming it). Anything else stays as before: the loop's variables are unknown.
"""

from __future__ import annotations

import posixpath

from gate.build_files import Files
from gate.crlf_text import CrlfText
from gate.facts import file_edits
from gate.facts.programs import program_name
from gate.model import Command, Run, Script

# Redirections that read a file: `< F`, and `cat A B |` as "<+" (A's text, then B's).
_READS = frozenset({"<", "0<", "<+"})


def handed_texts(run: Run, script: Script, files: Files) -> tuple[tuple[str, str], ...]:
    """(absolute path, text) of each file a `read` of the step reads, when handed over."""
    if run.loop_inputs:
        return ()
    out: dict[str, str] = {}
    for command in script.commands:
        argv = command.argv
        if not argv or not argv[0].known or argv[0].value != "read":
            continue
        for redirect in command.redirects:
            target = redirect.target
            if redirect.op not in _READS or target is None or not target.known:
                continue
            if not (target.value.startswith("/") or command.cwd_known):
                continue
            path = posixpath.normpath(posixpath.join(command.cwd or run.workdir, target.value))
            text = files.get(path)
            if not isinstance(text, str) or files.branched(path) or files.unread(path):
                continue
            if isinstance(text, CrlfText):
                continue  # each value `read` gives ends in CR, which the installers keep
            if _may_write(script, posixpath.basename(path)):
                continue
            out[path] = text
    return tuple(out.items())


def changed(run: Run, command: Command, files: Files) -> str | None:
    """Why the loop input a `read` reads may not be the text handed to the shell layer, where
    the step changed it before the loop in a way the name check missed (a copy into its
    folder, an archive the facts layer follows): the loop is then `unknown`. None otherwise."""
    if not run.loop_inputs or not command.argv or command.argv[0].value != "read":
        return None
    handed = dict(run.loop_inputs)
    for redirect in command.redirects:
        target = redirect.target
        if redirect.op not in _READS or target is None or not target.known:
            continue
        path = posixpath.normpath(posixpath.join(command.cwd or run.workdir, target.value))
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
    return program == "read" or program_name(program) in file_edits.READ_ONLY
