"""What a RUN writes under a mount whose target gate cannot tell (`--mount=…,target=$T`).

The walk hides every file for that RUN (the mount may lie over any of them) and, after it, took
what the RUN wrote away with the mount, as if it all lay beneath it. The real mount lies at one
folder: a file written elsewhere stays. `grep -v '^#' /m/r.txt > /g.txt` under a cache mount at
$T left no /g.txt, and a later `pip install -r /g.txt` passed silently, though /g.txt holds the
lines of whatever the cache showed at /m. So each file the RUN wrote is kept: one of unknown
content as it is; a text as one a branch may have written (it may be gone with the mount, and
an older file there back), which the readers weigh as they weigh an `if` without `else`.
"""

from __future__ import annotations

from gate.build_files import Branch, Files, Raw
from gate.model import CHOICE_SPAN

# A choice point no command has (they count up from 0), with no `else` to complete it.
_MAYBE: Branch = ((-CHOICE_SPAN, 0),)


def keep(files: Files, written: Raw, target: str) -> None:
    """Put back into `files` what the RUN wrote (`written`, without the mount's own view at
    `target`), after the files the mount hid are back."""
    for path, content in written.items():
        if path == target:
            continue
        if isinstance(content, str):
            files.write(path, content, _MAYBE)
        else:
            files.put(path, content)  # unknown bytes, or a link: no text to weigh
