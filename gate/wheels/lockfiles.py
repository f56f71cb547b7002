"""What an install's requirement files say beyond requirement names: hashes and constraints.

The install fact keeps requirement text without options and no constraint lines, so the files are
read again here from the build source: the files the build COPYs or writes with COPY heredocs, up
to the install's step. A file written by a RUN command is not seen: it is listed as unread.

With hashes (`--require-hashes`, or any `--hash` in the file) pip installs only a file whose
sha256 the lock lists. A lock written from an sdist, or on another platform, may list no hash of
the wheel this image needs: `--only-binary :all:` then breaks the build although the wheel exists.
A constraints file (`-c`) pins the versions the resolver may pick.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508
from packaging.utils import canonicalize_name

from gate.build_files import Files
from gate.facts.pip_requirements import logical_lines, split_line
from gate.model import BuildSource, FileWrite, Install, Run, Stage

_HASH = re.compile(r"^--hash(?:=|$)")


@dataclass(frozen=True)
class LockFiles:
    """sha256 values by canonical project name, constraint lines, and the files not found here."""

    hashes: tuple[tuple[str, frozenset[str]], ...] = ()
    constraints: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()

    def of(self, project: str) -> frozenset[str] | None:
        name = canonicalize_name(project)
        return next((h for p, h in self.hashes if p == name), None)


def _hash_values(options: str) -> list[str]:
    try:
        words = shlex.split(options)
    except ValueError:
        return []
    out: list[str] = []
    for k, word in enumerate(words):
        if not _HASH.match(word):
            continue
        value = (
            word[7:] if word.startswith("--hash=") else (words[k + 1] if k + 1 < len(words) else "")
        )
        algorithm, _, digest = value.partition(":")
        if algorithm == "sha256" and digest:
            out.append(digest.lower())
    return out


def parse_hashes(text: str) -> dict[str, frozenset[str]]:
    """Project → sha256 values, from a requirements file's lines."""
    out: dict[str, set[str]] = {}
    for line in logical_lines(text):
        requirement, options = split_line(line)
        values = _hash_values(options)
        if not requirement or not values:
            continue
        try:
            name = canonicalize_name(Pep508(requirement.strip()).name)
        except InvalidRequirement:
            continue
        out.setdefault(name, set()).update(values)
    return {name: frozenset(values) for name, values in out.items()}


def _files_before(source: BuildSource, install: Install) -> Files:
    """The files COPYed or written by the install's stage (and the stages it builds on) so far."""
    stage = next(
        (s for s in source.stages for step in s.steps
         if isinstance(step, Run) and step.location == install.location),
        None,
    )  # fmt: skip
    chain: list[Stage] = []
    while stage is not None and len(chain) <= len(source.stages):
        chain.append(stage)
        stage = source.stages[stage.parent] if stage.parent is not None else None
    files = Files()
    for current in reversed(chain):
        for step in current.steps:
            if isinstance(step, Run) and step.location == install.location:
                return files
            if isinstance(step, FileWrite) and not step.onbuild:
                files.merge({step.path: step.content})
    return files


def constraint_lines(text: str) -> list[str]:
    """The requirement part of each line of a constraints file (options dropped)."""
    out: list[str] = []
    for line in logical_lines(text):
        requirement = split_line(line)[0].strip()
        try:
            Pep508(requirement)
        except InvalidRequirement:
            continue
        out.append(requirement)
    return out


def lock_files(source: BuildSource, install: Install) -> LockFiles:
    """Hashes and constraints of the install's requirement files, as the build source shows them."""
    files = _files_before(source, install)
    found: dict[str, frozenset[str]] = {}
    constraints: list[str] = []
    unread: list[str] = []
    for req_file in install.requirement_files:
        text = files.get(req_file.resolved)
        if text is None:
            unread.append(req_file.path)
            continue
        if req_file.constraint:
            constraints += constraint_lines(text)
        for name, values in parse_hashes(text).items():
            found[name] = found.get(name, frozenset()) | values
    return LockFiles(tuple(sorted(found.items())), tuple(dict.fromkeys(constraints)), tuple(unread))
