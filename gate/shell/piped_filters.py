"""What a line filter sends down a pipe (`grep -v '^#' F | while read p; do …; done`, `sort -u
F | xargs -n1 pip install`): worked out as gate/facts/line_filters.py works out what it writes
to a file, from the texts of the files the step was handed for its loops (Run.loop_inputs,
gate/facts/loop_inputs.py) or from the known text it reads, so that the loop after it runs
once per line as over F itself."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from gate import model
from gate.facts import line_filters
from gate.shell.expand import Field, to_text
from gate.shell.wrappers import program_name


def output(
    argv: Sequence[Field],
    redirects: Sequence[model.Redirect],
    stdin: str | None,
    handed: Sequence[tuple[str, str]],
    folder: str | None,
) -> str | None:
    """The text `argv` writes (real text), or None. `stdin`: what it reads, when known
    (internal form); `handed`: the texts handed, by absolute path (Run.loop_inputs); `folder`:
    the shell's folder (None: not known, so a relative name names no file gate can tell)."""
    if not handed or not argv or not all(f.known for f in argv):
        return None
    program = program_name(to_text(argv[0].value))
    if program not in line_filters.PROGRAMS:
        return None
    # Looked up only for a filter: this runs for every command of a step with handed texts.
    held = dict(handed)

    def text_of(name: str) -> str | None:
        if not name.startswith("/"):
            if folder is None:
                return None
            name = posixpath.join(folder, name)
        return held.get(posixpath.normpath(name))

    def read(operand: str | None) -> str | None:
        if operand is not None:
            return text_of(operand)
        if stdin is not None:
            return to_text(stdin)
        # `cat A B | grep …` reads A's text, then B's ("<+"); `grep … < F` the last `<`.
        joined = [r for r in redirects if r.op == "<+"]
        given = joined or [r for r in redirects if r.op in ("<", "0<")][-1:]
        if not given or any(r.target is None or not r.target.known for r in given):
            return None
        texts = [text_of(r.target.value) for r in given if r.target is not None]
        return None if any(t is None for t in texts) else "".join(t or "" for t in texts)

    words = [model.Word(to_text(f.value)) for f in argv[1:]]
    return line_filters.filtered(program, words, read)
