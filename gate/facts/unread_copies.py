"""Warnings that a COPY brought in build-context files gate could not read, kept where an install
could read them.

Such a file (a requirements or config file over gate's size cap, or any file past the context's
entry cap) may carry options that change an install's verdict, so its COPY is `unknown`. Only a
step that runs after the COPY, in its stage or a stage built on it or copying from it, can read
it: where no install and nothing gate cannot see into runs there, the file changes no verdict
(a 1.8 MiB license.txt copied as a build's last step, a front-end folder copied for `yarn
install`), and the warning is dropped. A file with an ONBUILD trigger keeps every warning: the
trigger runs in a child build, where the file is there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gate.model import Install, Location, Opaque, Stage, StageCopy, Unjudgeable

_ONBUILD = re.compile(r"^[ \t]*onbuild\b", re.IGNORECASE | re.MULTILINE)


def kept(
    unjudgeable: Iterable[Unjudgeable],
    stages: tuple[Stage, ...],
    installs: Iterable[Install],
    opaque: Iterable[tuple[Location, Opaque]],
    text: str | None,
) -> tuple[Unjudgeable, ...]:
    """The warnings that an install or unseen code after the COPY may make matter."""
    items = tuple(unjudgeable)
    if all(item.copy_stage is None for item in items):
        return items
    if text is None or _ONBUILD.search(text):
        return items
    # Any install, code gate cannot see into, or step it cannot judge (`RUNN pip …`) may read.
    readers = [i.location for i in installs] + [location for location, _ in opaque]
    readers += [item.location for item in items if item.copy_stage is None]
    indices = _stage_indices(stages)
    return tuple(
        item
        for item in items
        if item.copy_stage is None or _read_after(item, stages, readers, indices)
    )


def _stage_indices(stages: tuple[Stage, ...]) -> dict[str, int | None]:
    """A location's stage label (its name, else its index) → the stage; None where two stages
    answer to one label (then every stage counts)."""
    out: dict[str, int | None] = {}
    for stage in stages:
        for label in {stage.name, str(stage.index)} - {None}:
            assert label is not None
            out[label] = stage.index if label not in out else None
    return out


def _read_after(
    item: Unjudgeable,
    stages: tuple[Stage, ...],
    readers: list[Location],
    indices: dict[str, int | None],
) -> bool:
    origin = item.copy_stage
    reached = _reached(origin, stages)
    for location in readers:
        index = indices.get(location.stage or "")
        if index is None:
            return True  # a reader gate cannot place in a stage: it may read the files
        if index == origin and (
            location.line is None
            or item.location.line is None
            or location.line > item.location.line
        ):
            return True
        if index != origin and index in reached:
            return True
    return False


def _reached(origin: int | None, stages: tuple[Stage, ...]) -> set[int]:
    """The stages that see the origin stage's files: built on it (FROM), or copying or mounting
    from it, and so on."""
    reached = {origin} if origin is not None else set()
    changed = True
    while changed:
        changed = False
        for stage in stages:
            if stage.index in reached:
                continue
            sources = {stage.parent} | {s.stage for s in stage.steps if isinstance(s, StageCopy)}
            if sources & reached:
                reached.add(stage.index)
                changed = True
    return {index for index in reached if index is not None}
