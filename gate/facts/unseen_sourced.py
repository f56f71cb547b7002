"""A file of bytes gate never sees, sourced after the step itself put it there.

`. FILE` of a file unread at the step's start is handed to the shell as `export $(cat FILE)`
(walker._sourced), which opens the settings after it. A file the step itself downloads, copies
or links before sourcing it (`curl -o /e.sh URL && . /e.sh && pip install --only-binary :all:
…`) is not known there: the shell walks before the facts layer follows the step's writes, and
the install after it was silent. The facts layer reaches the `.` with the step's files as they
stand: from there on every installer setting is of unknown value for the step's commands (the
walker's `opened_at`), as after `export $(cat FILE)`.
"""

from __future__ import annotations

import posixpath

from gate.build_files import Files
from gate.model import Command, Run


def opens(command: Command, cwd: str, files: Files, run: Run) -> bool:
    """`. FILE` / `source FILE` reads a file of bytes gate never sees that the shell was not
    handed already (builtins.unseen_source)."""
    argv = command.argv
    if len(argv) < 2 or not argv[0].known or argv[0].value not in (".", "source"):
        return False
    if not argv[1].known:
        return False  # `. "$F"`: the shell layer opens the settings itself
    # A bare name: bash looks it up on $PATH, then in the working folder (dash on $PATH only,
    # where a miss stops the shell): the working folder's file is taken, failing closed.
    path = posixpath.normpath(posixpath.join(cwd, argv[1].value))
    if any(held == path for held, _ in run.sourced):
        return False
    return files.unread(path) is not None
