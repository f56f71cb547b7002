"""A requirement word on a command line that the shell expands as a glob (`pip install /p/*`,
`pip install dist/pkg*`): the targets are the files the build holds that it names.

The word reads as a local folder by its text, which the policy lets pass under only-binary; an
sdist it names is built all the same (measured pip 23.2.1 under `--only-binary :all:`: `pip
install /p/*` with /p/pkg-1.0.tar.gz held runs its setup.py). A requirements file's lines are not
expanded (pip reads them as written), so only words from the command line are.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from gate.facts import word_glob
from gate.facts.target_kind import classify_target
from gate.model import Requirement, Unknown

_URL_START = ("http:", "https:", "file:", "git+", "hg+", "svn+", "bzr+")
_AROUND = r"(?:^|(?<=[\s;&|()]))"
_AFTER = r"(?=$|[\s;&|()])"


def _only_quoted(word: str, command: str) -> bool:
    """The command's text holds `word` quoted (`"/p/*"`, `'/p/*'`) or its wildcards escaped
    (`/p/\\*`), and nowhere as written bare: the shell hands pip the word as it is (measured
    pip 23.2.1: 'Invalid requirement: p/*', nothing built). A word from an expansion (`$X`) is
    in neither form and stays a glob."""
    if not command or len(command) > 65_536:
        return False
    escaped = re.sub(r"([*?\[])", r"\\\1", word)
    if re.search(_AROUND + re.escape(word) + _AFTER, command):
        return False
    forms = (f"'{word}'", f'"{word}"', escaped)
    return any(re.search(_AROUND + re.escape(f) + _AFTER, command) for f in forms)


def expanded(
    requirement: Requirement, resolved: str, files: Mapping[str, str | None], command: str = ""
) -> tuple[Requirement, Unknown | None]:
    """`requirement` as the glob's matches make it (`resolved`: its path in the image): an
    archive where one held file it names is an sdist, unknown where there are too many held
    files to look through; unchanged otherwise (no glob, or it names none or only wheels, or
    `command`, the command's text, holds the word only quoted)."""
    text = requirement.text
    if (
        requirement.kind not in ("local", "name")  # `/p/*`, or `*` / `pkg*` in /p
        or requirement.source != "cli"
        or requirement.editable
        or not word_glob.is_glob(text)
        or text.lower().startswith(_URL_START)
        or _only_quoted(text, command)
    ):
        return requirement, None
    found = word_glob.matches(resolved, files, len(files))
    if found is None:
        why = Unknown(f"{text} is a glob over more files than gate looks through", text)
        return dataclasses.replace(requirement, kind="unknown"), why
    if any(classify_target(path) == "archive" for path in found):
        return dataclasses.replace(requirement, kind="archive"), None
    return requirement, None
