"""A file operand the shell may have expanded as a glob (`pip install -r req*.txt`): the files
the build holds that it names, as bash and dash expand it (bash 5.2, dash 0.5.12 measured:
`-r req*.txt` names `req-a.txt`; `*` and `?` never match a `/` nor a leading `.`).

The shell layer hands the word as written (quotes gone), so a quoted `'req*.txt'` looks the
same: it is read as the glob too, which can only name a file the build holds."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from gate.sources import go_glob

_MAGIC = re.compile(r"[*?\[]")
# Held paths a glob is matched against: past this it is not expanded (unknown), so that a
# build of many files and many globbed operands stays cheap.
MAX_SCANNED = 65536


def is_glob(path: str) -> bool:
    return _MAGIC.search(path) is not None


def matches(pattern: str, held: Iterable[str], count: int) -> list[str] | None:
    """The held paths (`count` of them) the absolute glob `pattern` names, sorted as the
    shell sorts them; None when there are too many to look through."""
    if count > MAX_SCANNED:
        return None
    dotted = [part.startswith(".") for part in pattern.split("/")]
    # A wildcard never matches `/`: a match has the pattern's depth and its literal head
    # (cheap tests first: 8,192 paths matched outright took 16 ms a glob).
    magic = _MAGIC.search(pattern)
    head = pattern[: magic.start()] if magic is not None else pattern
    depth = pattern.count("/")
    out = []
    for path in held:
        if not path.startswith(head) or path.count("/") != depth:
            continue
        if not go_glob.match(pattern, path):
            continue
        parts = path.split("/")
        if any(p.startswith(".") and not d for p, d in zip(parts, dotted, strict=False)):
            continue  # a leading dot is matched only by a pattern that writes it
        out.append(path)
    return sorted(out)


def named(pattern: str) -> str:
    """How a message names the glob."""
    return posixpath.normpath(pattern)
