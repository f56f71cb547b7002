"""The files a build writes or copies, per stage, flowing forward with the build.

One model for the whole build: COPY/ADD and heredoc bodies (FileWrite steps), what a RUN's commands
leave behind (the fact layer reports those as it walks them), and files taken from another stage.
A stage starts with the files of the stage it is built ``FROM`` as that stage ended; ``COPY
--from=<stage>`` and ``RUN --mount=…,from=<stage>`` take files from that stage as it ended, so a
config a RUN wrote in a builder stage reaches the stage that copies it, as in the real build.

Content ``None``: the file exists but the gate cannot read its bytes.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping

from gate.model import FileWrite, Stage, StageCopy
from gate.sources.build_context import GLOB_MAGIC, interesting
from gate.sources.image_paths import join as _join

Files = dict[str, str | None]


class BuildFiles:
    """The end state of every stage walked so far (mutable; private to one walk of a build)."""

    def __init__(self) -> None:
        self._ends: dict[int, Mapping[str, str | None]] = {}

    def start(self, stage: Stage) -> Files:
        """The files a stage begins with: its parent stage's at that stage's end, else none."""
        if stage.parent is None:
            return {}
        return dict(self._ends.get(stage.parent, {}))

    def end(self, stage: Stage, files: Mapping[str, str | None]) -> None:
        self._ends[stage.index] = dict(files)

    def apply(self, step: FileWrite | StageCopy, files: Files) -> None:
        """Record a file step of the stage whose files are ``files``."""
        if isinstance(step, FileWrite):
            files[step.path] = step.content
        else:
            files.update(self.copied(step))

    def copied(self, step: StageCopy) -> Files:
        """What a copy from another stage puts where, from the files that stage had at its end."""
        found = _copy(self._ends.get(step.stage, {}), step)
        if step.mount:
            # A directory mount of unknown content names no file worth recording.
            return {
                path: content
                for path, content in found.items()
                if content is not None or interesting(posixpath.basename(path))
            }
        return found


def _copy(files: Mapping[str, str | None], step: StageCopy) -> Files:
    path, dest = step.source, step.dest
    if path in files:
        return {_join(dest, posixpath.basename(path)) if step.into_dir else dest: files[path]}
    out: Files = {}
    if GLOB_MAGIC.search(path):
        for known, content in files.items():
            if fnmatch.fnmatchcase(known, path):
                out[_join(dest, posixpath.basename(known))] = content
        return out
    prefix = path.rstrip("/") + "/"
    for known, content in files.items():
        if known.startswith(prefix):
            out[_join(dest, known[len(prefix) :])] = content
    if not out and not step.into_dir:
        out[dest] = None  # a file the gate never saw written: it exists, its bytes unknown
    return out
