"""The mark a folder gets when the build unpacks an archive into it (a tree Unread).

Made where the unpacking is read (a RUN's `tar x`/`unzip`, gate/facts/unpacked.py; `ADD
local.tar.gz DIR` or `ADD --unpack=true <url> DIR`, gate/sources/dockerfile_files.py) and read
where a local project beneath the folder is judged (gate/facts/own_project.py). What a name says
is a guess the real tools bear out: an sdist `x-1.0.tar.gz` holds `x-1.0/`, GitHub's
`/O/R/archive/REF` unpacks as `R-REF` (a tag's leading `v` dropped) and `/O/R/tarball/REF` (and
the API's) as `O-R-SHA`, GitLab's `/O/R/-/archive/REF/R-REF.tar.gz` as `R-REF-SHA`.
"""

from __future__ import annotations

import posixpath
import re

from gate.model import ArchiveOrigin, Content, Unpacked, Unread, kept_url

# Archives unpacked into one folder that its mark remembers (the latest ones).
_MAX_KEPT = 8
# What an archive's name ends with, longest first (`evil-1.0.tar.gz` unpacks to `evil-1.0/`).
_ARCHIVE_ENDS = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.lz", ".tgz", ".tbz2", ".tbz",
                 ".txz", ".tar", ".zip", ".7z")  # fmt: skip
_GITHUB = re.compile(
    r"(?i)https?://(?:www\.)?(?:github\.com|codeload\.github\.com|api\.github\.com/repos)"
    r"/(?P<owner>[^/?#]+)/(?P<repo>[^/?#]+)/"
)
_GITLAB = re.compile(r"(?i)https?://[^/?#]+/(?:[^/?#]+/)*?(?P<repo>[^/?#]+)/-/archive/")


def stem_of(name: str) -> str:
    """An archive's name without its folder and suffix ("" when it has no archive suffix)."""
    base = posixpath.basename(name.split("?", 1)[0].split("#", 1)[0].rstrip("/"))
    lower = base.lower()
    return next((base[: -len(e)] for e in _ARCHIVE_ENDS if lower.endswith(e)), "")


def unpacked(
    name: str,
    origin: ArchiveOrigin,
    url: str = "",
    *,
    whole: bool = False,
    fresh: bool = False,
    renamed: bool = False,
) -> Unpacked:
    """An archive named `name` (its path as written, "" for standard input) from `url`, as a
    mark keeps it. `renamed`: its members change names, so no name says which are its."""
    names: list[str] = []
    prefixes: list[str] = []
    if not (whole or fresh or renamed or "$" in name or "`" in name):
        for written in (name, url):
            stem = stem_of(written) if written else ""
            if stem:
                names.append(stem)
                prefixes.append(stem + "-")
        if match := _GITHUB.match(url):
            repo = match["repo"].removesuffix(".git")
            prefixes.extend((repo + "-", f"{match['owner']}-{repo}-"))
        elif match := _GITLAB.match(url):
            prefixes.append(match["repo"] + "-")
    return Unpacked(
        archive=(url or name or "read from standard input")[:200],
        origin=origin,
        url=kept_url(url) if url else "",
        names=tuple(dict.fromkeys(names)),
        prefixes=tuple(dict.fromkeys(p for p in prefixes if len(p) > 1)),
        whole=whole,
        fresh=fresh,
    )


def marked(old: Content, new: Unpacked) -> Unread:
    """The mark of a folder `new` is unpacked into, after what its mark `old` held."""
    before = old.unpacked if isinstance(old, Unread) else ()
    return Unread(_why(new), tree=True, unpacked=(*before, new)[-_MAX_KEPT:])


def _why(new: Unpacked) -> str:
    if new.origin == "url":
        return f"in the archive downloaded from {new.archive}"
    if new.origin == "context":
        return f"in the archive {new.archive} of the build context"
    return f"in an archive of unknown content ({new.archive})"
