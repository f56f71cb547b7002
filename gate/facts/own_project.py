"""Whose is a local project an install builds: the image's own, a git checkout's, an archive's?

A local directory (`pip install ./x`) is the image's own project (SPEC): its files come from the
build context. One the build filled from a git repository (`git clone URL DIR`, `ADD <repo>.git
DIR`) is that repository's code, built as a VCS target is. One beneath a folder an archive was
unpacked into (gate/archive_marks.py) is judged so:

- where it is most likely the archive's project (the archive's name without its suffix, a
  forge archive's `REPO-REF` folder, the folder itself under `--strip-components`, anything
  under `--one-top-level`): a downloaded archive's is a URL target; one from the build context
  is the sdist archive it came from (SPEC flags `pip install ./x-1.0.tar.gz` whatever holds
  it, and unpacking it first does not make it the image's own); one of unknown bytes is
  unknown. Files copied there too do not change that (the archive's were unpacked over them,
  or they patch its project), except a project manifest the build copied in: then the gate
  cannot tell whose project it is, and it is unknown;
- else, when files the build copied in (COPY/ADD from the context, a heredoc, another stage) are
  at or beneath it, it is the image's own, whatever was unpacked around it;
- else (the archive may or may not hold it: a name the gate cannot tie to it) it is unknown.

An unknown is said only where it can change the verdict (`relevant`): an install that builds
from source anyway is denied as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from gate.build_files import Files
from gate.facts.target_kind import PROJECT_MANIFESTS
from gate.model import BinaryPolicy, Requirement, RequirementFile, TargetKind, Unknown

# `name[extras] @ reference`
_DIRECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@\s*(?P<ref>.+)")


# The target an archive's project is: a download's a URL target, the context's an sdist archive.
_KINDS: dict[str, TargetKind] = {"url": "url", "context": "archive"}


@dataclass(frozen=True)
class Judged:
    """A local requirement as judged: its kind, and an unknown when the gate cannot tell."""

    requirement: Requirement
    unknown: Unknown | None = None


def local_path(text: str) -> str:
    """The directory a `local` requirement's text names, as written (relative or absolute)."""
    text = text.strip()
    direct = _DIRECT.fullmatch(text)
    if direct is not None:
        text = direct["ref"].strip()
    text = text.split("#", 1)[0].split("[", 1)[0]
    if text.lower().startswith("file:"):
        text = unquote(urlsplit(text).path) or "/"
    return text or "."


def judged(requirement: Requirement, files: Files, directory: str) -> Judged:
    """`requirement` (a local one at image path `directory`) as judged by whose it is."""
    if requirement.kind != "local":
        return Judged(requirement)
    found = files.tree_above(directory.rstrip("/") or "/")
    if found is None:
        return Judged(requirement)
    folder, mark = found
    if mark.image:
        return Judged(requirement)  # an image's files: a local project as any other
    if not mark.unpacked:
        # A folder a git repository filled: the repository's code, nothing the build copied.
        return Judged(replace(requirement, kind="vcs"))
    rel = posixpath.relpath(directory, folder) if directory != folder else ""
    for archive in reversed(mark.unpacked):
        if archive.holds(rel):
            if any(files.attributed(posixpath.join(directory, m)) for m in PROJECT_MANIFESTS):
                # `tar x --strip-components=1 -C /app` of assets, then `COPY . /app`: the
                # project's manifest is one the build copied in, over or under the archive's
                # files, which it may still build with (a setup.py beside it).
                why = (
                    f"{requirement.text} holds a project manifest the build copied in where it "
                    f"also unpacked the archive {archive.archive}: the gate cannot tell which "
                    "project's files the build uses"
                )
                return Judged(requirement, Unknown(why, requirement.text))
            kind = _KINDS.get(archive.origin)
            if kind is not None:
                return Judged(replace(requirement, kind=kind))
            why = (
                f"{requirement.text} is most likely the project of the archive "
                f"{archive.archive}, whose content the gate cannot see"
            )
            return Judged(requirement, Unknown(why, requirement.text))
    if files.attributed(directory):
        return Judged(requirement)
    latest = mark.unpacked[-1].archive
    others = len(dict.fromkeys(a.archive for a in mark.unpacked)) - 1
    named = f"the archive {latest}" + (f" (and {others} more)" if others else "")
    where = f"is {folder}" if not rel else f"is beneath {folder}"
    why = (
        f"{requirement.text} {where}, where the build unpacked {named} and copied none of its "
        "files in: it may be that archive's project, not the image's own"
    )
    return Judged(requirement, Unknown(why, requirement.text))


def relevant(
    unknowns: Iterable[Unknown],
    binary: BinaryPolicy,
    requirements: tuple[Requirement, ...],
    requirement_files: tuple[RequirementFile, ...],
    no_deps: bool,
) -> list[Unknown]:
    """The unknowns of local projects worth saying: only where the install would otherwise
    build nothing third-party (binary-only, or `--no-deps` of wheels and local projects alone);
    an install that builds from source anyway stays denied."""
    binary_only = ":all:" in binary.only_binary and not binary.no_binary
    own_only = (
        no_deps
        and not requirement_files
        and all(r.kind in ("wheel", "local") for r in requirements)
    )
    return list(unknowns) if binary_only or own_only else []
