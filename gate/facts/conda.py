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
from gate.facts.programs import program_name
from gate.model import Command

_CONDAS = frozenset({"conda", "mamba", "micromamba"})
_PIP_LIST = re.compile(r"""^[ \t]*-[ \t]*["']?pip["']?[ \t]*:""", re.M)
_FILE_OPTIONS = ("-f", "--file")


def _environment_files(command: Command) -> list[str] | None:
    """The environment files an environment command reads, or None when it is not one."""
    words = [w.value if w.known else "" for w in command.argv[1:]]
    if words[:2] in (["env", "create"], ["env", "update"]):
        default = ["environment.yml"]
    elif words[:1] in (["create"], ["install"], ["update"]):
        default = []  # `conda create -f`: micromamba's spelling; plain conda create reads none
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


def installs_with_pip(command: Command, cwd: str, files: Files) -> str | None:
    """Why the conda command installs packages with pip, or None."""
    argv = command.argv
    if not argv or not argv[0].known or program_name(argv[0].value) not in _CONDAS:
        return None
    for name in _environment_files(command) or ():
        path = posixpath.normpath(posixpath.join(cwd or "/", name))
        text = files.get(path) if path in files else None
        if text and _PIP_LIST.search(text):
            return (
                f"{program_name(argv[0].value)} installs the pip list of {path} with pip, with "
                "options the gate does not model"
            )
    return None
