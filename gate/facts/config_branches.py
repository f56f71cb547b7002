"""A config file that may hold other text than the gate has, weighed by the settings that matter.

Files (gate/build_files.py) keeps each text a config written in `if`/`case` branches may hold (and
its absence, when a branch may not write it), and marks one a program may have changed in place
(`sed -i`, `ed`). pip's, uv's and Poetry's readers weigh them here, each with its own idea of
what matters (a pip `only-binary`, a uv `no-build`, a Poetry `installer.only-binary`):

- every text agrees on those settings: the file is read as one;
- they disagree: the file is `unknown`, and read as not there (the build may run without it);
- it was changed in place and sets something that matters: `unknown`, read as the gate has it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from gate.build_files import Files

Settings = TypeVar("Settings")


def weigh(
    files: Mapping[str, str | None],
    path: str,
    reader: tuple[tuple[int, int], ...],
    settings: Callable[[str | None], Settings],
    empty: Settings,
) -> tuple[str | None, bool]:
    """Why the config at `path` may not hold the settings its text shows to a command in
    branch `reader` (None: it does), and whether to read them all the same. `settings`: what
    matters in a text (None: the file is not there), `empty` when nothing does."""
    if not isinstance(files, Files):
        return None, True
    why = files.branched(path, reader)
    if why is None:
        return None, True
    alternatives = files.alternatives(path, reader)
    if not alternatives:
        if settings(files.get(path)) == empty:
            return None, True  # a mirror or a timeout, there or not
        return f"{why}: it may hold other settings", True  # changed in place
    each = [settings(text) for text in alternatives]
    if all(e == each[0] for e in each):
        return None, True
    return f"{why}: it may hold other settings, or none", False
