"""Where a RUN mount lands when its target is, or lies beneath, a link the build made.

runc resolves a mount's destination inside the root file system (securejoin), following every
link on the way, the last one too: `ln -s /m /l` then `RUN --mount=type=cache,target=/l` lies
over /m, and a secret mounted at a link to a file shows at that file. gate hid the link's own
name instead, so /m kept the files the build put there: a requirements file, a pip config or a
`while read` loop's input beneath the real mount point passed as the build wrote it (silent
where the mount shows other bytes, or hides a config).
"""

from __future__ import annotations

from gate.build_files import Files


class MountTargets:
    """The mount targets of the next RUN that a link moves, as written → where they land; the
    mount's own files (a secret, a bind's files from a stage) are moved with their target."""

    __slots__ = ("_moved",)

    def __init__(self) -> None:
        self._moved: list[tuple[str, str]] = []

    def landing(self, files: Files, target: str) -> str:
        """Where a mount at `target` lands in `files`; noted for the mount's own files."""
        landed = files.through(target)
        if landed != target:
            self._moved.append((target.rstrip("/") or "/", landed.rstrip("/") or "/"))
        return landed

    def moved(self, path: str) -> str:
        """`path` as one of the mount's own files lands (unchanged when no target moved)."""
        for written, landed in self._moved:
            if path == written:
                return landed
            if path.startswith(written + "/"):
                return landed + path[len(written) :]
        return path

    def clear(self) -> None:
        """The RUN ran: its mounts are gone."""
        self._moved.clear()
