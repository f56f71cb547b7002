"""Where `COPY --from=IMAGE` puts what a pattern or `--parents` names.

An image that is no stage here is not seen, so nothing says which files a pattern matches:
`COPY --from=IMAGE /reqs/*.txt /app/` lands every match in /app (a folder that matches, its
entries), and `COPY --parents --from=IMAGE /a/b/r.txt /dst/` lands /dst/a/b/r.txt. Both
named no file, and `pip install -r /app/requirements.txt` after them passed silently. DEST is
marked whole; a config pip, uv or Poetry searches for is not assumed beneath a folder copied from
an image (gate/facts/unreadable.py), so one the pattern's last part matches is named as well, as
a copy that names the config itself is (`COPY --from=IMAGE /cfg/*.conf /etc/` may bring
/etc/pip.conf).
"""

from __future__ import annotations

import fnmatch
import posixpath

from gate.model import Content, Unread
from gate.sources.build_context import GLOB_MAGIC
from gate.sources.image_paths import join

# The names a config search reads in a folder (pip's pip.conf/pip.ini, uv's uv.toml, Poetry's
# config.toml and poetry.toml, a project's pyproject.toml).
CONFIG_NAMES = ("pip.conf", "pip.ini", "uv.toml", "config.toml", "poetry.toml", "pyproject.toml")


def pattern_marks(pattern: str, dest: str, mark: Unread) -> list[tuple[str, Content]]:
    """What a pattern source copied from an image into DEST is read as: DEST whole, and each
    config name its last part may match, by name."""
    last = posixpath.basename(pattern.rstrip("/"))
    named = Unread(mark.why, image=True)
    configs = [name for name in CONFIG_NAMES if fnmatch.fnmatchcase(name, last)]
    return [(dest, mark), *((join(dest, name), named) for name in configs)]


def parents_marks(kept: str, dest: str, mark: Unread) -> list[tuple[str, Content]]:
    """`COPY --parents --from=IMAGE`: the path below the pivot (`/a/./b` keeps `b`, else the
    whole path) lands beneath DEST."""
    if not kept or kept == ".":
        return [(dest, mark)]
    if GLOB_MAGIC.search(kept):
        return pattern_marks(kept, dest, mark)
    return [(join(dest, kept), mark)]
