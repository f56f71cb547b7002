"""A RUN's command that unpacks an archive marks the folder it unpacks into.

The mark (gate/archive_marks.py) says where the archive's bytes came from: the address of a
download (`curl -O URL && tar xf F`, `curl URL | tar xz`, `ADD <url> F` then `tar xf F`), the
build context (the gate holds the file's bytes), or neither (a file of a base image, one a
command the gate does not run wrote, a pipe from another program). gate/facts/own_project.py
reads it when an install names a local project beneath the folder.
"""

from __future__ import annotations

import posixpath

from gate.archive_marks import marked, unpacked
from gate.build_files import Branch, Files
from gate.facts.archives import STDIN, extraction
from gate.model import PIPE_IN, ArchiveOrigin, Command, Content, Link, Unread

_MAX_LINKS = 8


def record(command: Command, cwd: str, files: Files, piped_url: str, branch: Branch) -> None:
    """Mark the folder `command` unpacks an archive into. `piped_url`: the address of the
    download the command before it in a pipeline prints, "" when none."""
    found = extraction(command, cwd)
    if found is None:
        return
    archive, name = found.archive, found.name
    origin: ArchiveOrigin = "unknown"
    url = ""
    if archive == STDIN:
        redirected = _stdin_file(command, cwd)
        if redirected is not None:
            archive, name = redirected, redirected
        elif not any(r.op in ("|", PIPE_IN) for r in command.redirects):
            return  # nothing on its input: it unpacks nothing
        elif piped_url:
            origin, url = "url", piped_url
    if archive != STDIN:
        origin, url = _origin(files, archive)
    new = unpacked(name, origin, url, whole=found.whole, fresh=found.fresh, renamed=found.renamed)
    files.write(found.folder, marked(files.content(found.folder), new), branch)


def _origin(files: Files, path: str) -> tuple[ArchiveOrigin, str]:
    """Where the archive file at `path` came from: its address, the build context (the gate
    holds its bytes), or unknown (a file the build does not show, or cannot read)."""
    content: Content = files.content(path)
    for _ in range(_MAX_LINKS):
        if not isinstance(content, Link):
            break
        content = files.content(content.target)
    if path not in files or content is None or isinstance(content, Link):
        return "unknown", ""
    if isinstance(content, Unread):
        return ("url", content.url) if content.url else ("unknown", "")
    return "context", ""


def _stdin_file(command: Command, cwd: str) -> str | None:
    """The file a `< FILE` redirection gives the command, as an image path."""
    for redirect in command.redirects:
        if redirect.op == "<" and redirect.target is not None and redirect.target.known:
            return posixpath.normpath(posixpath.join(cwd, redirect.target.value))
    return None
