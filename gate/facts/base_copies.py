"""A folder filled by copying one of the base image's (`cp -r /usr/lib/x /app/x`, `cp -a D/.
X`, `rsync -a D/ X/`, `mv D X`): it holds files gate does not.

gate holds only the files the build wrote; a recursive copy of a folder it holds nothing under
brings the base image's files (or a folder the base image filled) into the destination. A
`find` that walks there may hand those to its `-exec` body, as one started in the base image's
own folders does (find_expr._base_folder): the destination is marked `Unread(base=True)`, so
find's evaluation says it cannot name every file there and the body stays `unknown`.
"""

from __future__ import annotations

import posixpath

from gate.build_files import Files
from gate.facts.file_edits import recursive_copy
from gate.facts.file_writes import copies, operands
from gate.model import Command, Unread

# Options of cp, mv and rsync whose value is the next word.
_VALUES = frozenset({"-t", "--target-directory", "-S", "--suffix", "-m", "--mode", "-e", "--rsh",
                     "-f", "--filter", "--exclude", "--include", "--temp-dir", "--chmod",
                     "--chown"})  # fmt: skip
# Sources that are no folder of the image: `cp -r /dev/stdin F` copies a stream.
_STREAMS = ("/dev/", "/proc/")


def record(command: Command, cwd: str, files: Files) -> None:
    """Mark the folders `command` fills from folders gate holds no files of."""
    if not command.argv or not command.argv[0].known:
        return
    name = posixpath.basename(command.argv[0].value)
    if not recursive_copy(name, command.argv[1:]):
        return
    words = command.argv[1:]
    if not all(w.known for w in words):
        # `cp -r "$SRC" /app/x`: a source gate cannot name may be any folder of the image.
        named = operands(words, _VALUES)
        if len(named) >= 2 and named[-1].known and any(not w.known for w in named[:-1]):
            dest = posixpath.normpath(posixpath.join(cwd or "/", named[-1].value))
            why = "copied from a folder the gate cannot name"
            files.merge({dest: Unread(why, base=True)})
        return
    for source, dest in copies(command, cwd):
        if source.startswith(_STREAMS) or source == dest:
            continue
        mark = _foreign(files, source)
        if mark is not None:
            files.merge({dest: mark})


def _foreign(files: Files, source: str) -> Unread | None:
    """The mark a copy of `source` takes along: that of a base image's folder copied before
    (at or above it), or a new one when gate holds nothing at or beneath `source`."""
    folder = source
    for _ in range(256):
        content = files.content(folder) if folder in files else None
        if isinstance(content, Unread) and content.base:
            return content
        parent = posixpath.dirname(folder)
        if not parent or parent == folder:
            break
        folder = parent
    if source in files or source in files.folders() or files.tree_above(source) is not None:
        return None  # files gate holds (or a checkout or archive, which Files.carry follows)
    return Unread(f"copied from {source[:200]}, a folder the gate holds no files of", base=True)
