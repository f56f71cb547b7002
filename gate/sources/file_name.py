"""The one name a Dockerfile goes by in facts, findings and reports, however it was spelled.

Exceptions match their `path` glob against this name, so `./Dockerfile`, `docker/../Dockerfile`,
`docker//../Dockerfile` and `$PWD/Dockerfile` must all be `Dockerfile`: an exception for
`Dockerfile` then covers it, and one for `vendor/**` does not cover `vendor/../Dockerfile`.

The folder is resolved as the system resolves it when the file is opened (symlinks, then `..`),
since `link/../Dockerfile` opens the parent of the link's target, not `./Dockerfile`; a lexical
`..` would let an exception written for one file cover another. The file's own name is kept as
written: a symlinked Dockerfile goes by its link's name, as git and `docker build -f` name it.

The root is the working directory (the report names files relative to it). A file outside it is
named by its absolute path, which a relative glob never matches (the policy checks that too).
"""

from __future__ import annotations

import os
import posixpath

STDIN = "-"


def file_name(path: str) -> str:
    """`path` relative to the working directory when it lies below it, else absolute; no `.`,
    `..` or repeated slashes. Standard input (`-`) keeps its name."""
    if path == STDIN or not path:
        return path
    text = path.replace(os.sep, "/") if os.sep != "/" else path
    folder, base = posixpath.split(text)
    if base in ("", ".", ".."):
        # Not a file name (`docker/..`): reading it fails later, with this spelling.
        return path
    try:
        cwd = os.path.realpath(os.getcwd())
        # Past a folder that is not there (or is a file) realpath goes on lexically, so
        # `nowhere/../Dockerfile` was named `Dockerfile` and its error said "Dockerfile: no such
        # file" beside a Dockerfile that was there. The system cannot open it: it keeps its
        # spelling, as the other names that do not open do.
        if folder and not os.path.isdir(folder):
            return path
        real_folder = os.path.realpath(folder or ".", strict=True)
    except (OSError, ValueError):
        return path
    full = os.path.join(real_folder, base)
    relative = os.path.relpath(full, cwd)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return full
    return relative.replace(os.sep, "/") if os.sep != "/" else relative
