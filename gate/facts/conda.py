"""conda environment files that install with pip.

`conda env create -f environment.yml` (also `conda env update`, `mamba`, `micromamba create -f`)
installs the file's `- pip:` list with pip, from PyPI, where source distributions are built. The
gate does not model the pip run conda makes (its options come from PIP_* variables and pip's
config), so such a step is unknown when the gate can read the file and it has a pip list.
A file the gate has not got is assumed to have none, as a requirements file is; one the build
fetched (a download, beneath a `git clone`) has a pip list gate cannot tell.
"""

from __future__ import annotations

import posixpath
import re

from gate.build_files import Files
from gate.facts.code_files import Scanner
from gate.facts.programs import module_argv, program_name
from gate.model import Command, Word

_CONDAS = frozenset({"conda", "mamba", "micromamba", "conda-env"})
CONDAS = _CONDAS  # with an interpreter's `-m conda`, the programs installs_with_pip reads
# `- pip:` in a block list, `{pip: [...]}` in a flow one.
_PIP_LIST = re.compile(r"""^[ \t]*-[ \t]*["']?pip["']?[ \t]*:|\{[ \t]*["']?pip["']?[ \t]*:""", re.M)


# `--file` as argparse (conda is Python) also takes it: a unique prefix (`--fil`; `--f` and `--fo`
# could be `--force`), a value after `=`, and `-f=FILE` for the short one.
_FILE_PREFIXES = ("--fi", "--fil", "--file")
_VERBS = frozenset({"env", "create", "install", "update"})
# Short options of these commands that take a value (-n NAME, -p PATH, -c CHANNEL, micromamba's
# -r ROOT): after one, the rest of a cluster is that value.
_SHORT_VALUES = frozenset("npcr")


def _file_value(word: Word, following: Word | None) -> Word | None:
    """The file an option word names (`-f F`, `-fF`, `-f=F`, `--file F`, `--fil=F`), or None."""
    if not word.known:
        return None
    text = word.value
    option, eq, attached = text.partition("=")
    if text == "-f" or text in _FILE_PREFIXES:
        return following if following is not None else None
    if eq and (option == "-f" or option in _FILE_PREFIXES):
        return Word(attached)
    if text.startswith("-f") and len(text) > 2 and not text.startswith("--"):
        return Word(text[2:])
    # A cluster of flags ending in f (`-qf F`, `-yfF`: argparse, and micromamba's CLI11).
    if text.startswith("-") and not text.startswith("--") and "f" in text:
        flags, _, attached = text[1:].partition("f")
        if flags and not set(flags) & _SHORT_VALUES and "=" not in flags:
            return Word(attached) if attached else following
    return None


def _environment_files(program: str, words: list[Word]) -> list[Word] | None:
    """The environment files an environment command reads, or None when it is not one."""
    while words and words[0].known and words[0].value.startswith("-"):
        option = words[0].value
        words = words[1:]  # `conda --no-plugins env create`
        # micromamba's and mamba 2's global options take values (`-r /opt/conda`,
        # `--rc-file F`, `--log-level info`): a word after an option that is not a verb is its
        # value.
        if words and "=" not in option and words[0].value not in _VERBS:
            words = words[1:]
    if program == "conda-env":
        words = [Word("env"), *words]
    verbs = [w.value if w.known else "" for w in words[:2]]
    if verbs in (["env", "create"], ["env", "update"]):
        default = [Word("environment.yml")]
    elif verbs[:1] in (["create"], ["install"], ["update"]):
        default = []  # `micromamba create -f`; plain `conda create` reads no file by default
    else:
        return None
    named: list[Word] = []
    for i, word in enumerate(words):
        value = _file_value(word, words[i + 1] if i + 1 < len(words) else None)
        if value is not None:
            named.append(value)
    # A name gate cannot work out may be an environment file; a `.txt` one is a package list.
    return [n for n in named if not n.known or _YAML.search(n.value)] if named else default


_YAML = re.compile(r"\.ya?ml$")


def installs_with_pip(command: Command, cwd: str, files: Files, scanner: Scanner) -> str | None:
    """Why the conda command installs packages with pip, or None."""
    argv = module_argv(command.argv) or command.argv  # `python -m conda env create`
    if not argv or not argv[0].known:
        return None
    program = program_name(argv[0].value)
    if program not in _CONDAS:
        return None
    for word in _environment_files(program, list(argv[1:])) or ():
        name = word.value
        if not word.known:
            if name.endswith(".txt"):
                continue
            return f"{program} reads an environment file gate cannot name ({name[:200]})"
        if "://" in name:
            return f"{program} reads the environment file {name[:200]}, whose pip list is unknown"
        path = posixpath.normpath(posixpath.join(cwd or "/", name))
        # Asked before `in`: a file beneath a folder fetched whole (`git clone`, an archive
        # unpacked) is not listed, yet it is there with a text gate has not got.
        why = files.unread(path)
        if why is not None:
            return f"{program} reads {path} ({why[:200]}), whose pip list is unknown"
        if path not in files:
            continue
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
