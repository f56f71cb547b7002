"""The stamp of an installation: what the resident process loaded must still be what is on disk.

Sizes and modification times of gate's own files (modules, bundled policies, schemas; not the
byte-code caches), and of each module-path directory (installing or removing any distribution
touches site-packages). Compared on every request: after an upgrade, or an edit in an editable
install, the old process is not used and exits.
"""

from __future__ import annotations

import os
import sys

Stamp = tuple[tuple[str, int, int], ...]


def _files(root: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                    continue
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns))
    return found


def installation_stamp(package_dir: str) -> Stamp:
    stamp = _files(package_dir)
    for folder in sys.path:
        try:
            info = os.stat(folder or ".")
        except OSError:
            continue
        stamp.append((folder, -1, info.st_mtime_ns))
    return tuple(sorted(stamp))
