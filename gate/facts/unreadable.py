"""Files an install reads that no build state can hold: standard input, pipes, URLs.

A requirements, constraints or config file can carry `--no-binary` (or `only-binary`) lines. When
the gate cannot read one for a reason that no `--context` would fix, what it holds is unknown.
"""

from __future__ import annotations

import re

# Standard input and the pipes a shell's process substitution hands over (`<(…)` is /dev/fd/63).
_STDIN = re.compile(r"-|/dev/stdin|/dev/fd/\d+|/proc/(self|\d+)/fd/\d+|/dev/tty")
_URL = re.compile(r"(https?|ftp)://", re.IGNORECASE)


def reason(path: str) -> str | None:
    """Why the file `path` (as written on the command line) cannot be read, or None."""
    if _STDIN.fullmatch(path):
        return "read from standard input or a pipe"
    if path.startswith(("<(", ">(")):
        return "read from a process substitution"
    if _URL.match(path):
        return "fetched from a URL at build time"
    return None
