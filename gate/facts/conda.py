"""conda environment files that install with pip.

`conda env create -f environment.yml` (also `conda env update`, `mamba`, `micromamba create -f`)
installs the file's `- pip:` list with pip, from PyPI, where source distributions are built. The
gate does not model the pip run conda makes (its options come from PIP_* variables and pip's
config), so such a step is unknown when the gate can read the file and it has a pip list.
A file the gate has not got is assumed to have none, as a requirements file is.
"""

from __future__ import annotations

import posixpath
import re

from gate.build_files import Files
from gate.facts.code_files import Scanner
from gate.facts.programs import program_name
from gate.model import Command

_CONDAS = frozenset({"conda", "mamba", "micromamba", "conda-env"})
# `- pip:` in a block list, `{pip: [...]}` in a flow one.
_PIP_LIST = re.compile(r"""^[ \t]*-[ \t]*["']?pip["']?[ \t]*:|\{[ \t]*["']?pip["']?[ \t]*:""", re.M)
_FILE_OPTIONS = ("-f", "--file")


def _environment_files(program: str, words: list[str]) -> list[str] | None:
    """The environment files an environment command reads, or None when it is not one."""
    while words and words[0].startswith("-"):
        words = words[1:]  # `conda --no-plugins env create`
    if program == "conda-env":
        words = ["env", *words]
    if words[:2] in (["env", "create"], ["env", "update"]):
        default = ["environment.yml"]
    elif words[:1] in (["create"], ["install"], ["update"]):
        default = []  # `micromamba create -f`; plain `conda create` reads no file by default
    else:
        return None
    named: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _FILE_OPTIONS:
            named.append(following)
        elif word.startswith("--file="):
            named.append(word[len("--file=") :])
        elif word.startswith("-f") and len(word) > 2 and not word.startswith("--"):
            named.append(word[2:])
    return [n for n in named if n.endswith((".yml", ".yaml"))] if named else default


def installs_with_pip(command: Command, cwd: str, files: Files, scanner: Scanner) -> str | None:
    """Why the conda command installs packages with pip, or None."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    program = program_name(argv[0].value)
    if program not in _CONDAS:
        return None
    words = [w.value if w.known else "" for w in argv[1:]]
    for name in _environment_files(program, words) or ():
        if "://" in name:
            return f"{program} reads the environment file {name[:200]}, whose pip list is unknown"
        path = posixpath.normpath(posixpath.join(cwd or "/", name))
        if path not in files:
            continue
        why = files.unread(path)
        if why is not None:
            return f"{program} reads {path} ({why[:200]}), whose pip list is unknown"
        text = files.get(path)
        if not text:
            continue
        found = scanner.found(text, _PIP_LIST)
        if found is None or found:
            return (
                f"{program} installs the pip list of {path} with pip, with options the gate "
                "does not model"
            )
    return None
