"""A program word with unquoted glob characters (`pi?`, `pip[3]`, `/usr/bin/p*p`).

The shell replaces it with the names of files that match, in the directory it names (the working
directory when none): which ones the gate cannot know. When the pattern can match an installer's
name the command is reported, not passed.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from gate.shell.wrappers import program_name

_GLOB = re.compile(r"[*?\[]")
_QUOTING = re.compile(r"[\"'\\$`]")
_QUOTES = re.compile(r"[\"'\\`]")
# bash's extglob patterns (`shopt -s extglob`; `@(pip)`, `+(f)`, `!(x)`): gate does not match
# them, so such a word may name any file.
_EXTGLOB = re.compile(r"[@+!*?]\(")
_INSTALLERS = (
    "pip", "pip2", "pip3", *(f"pip3.{n}" for n in range(6, 16)), "python", "python2", "python3",
    *(f"python3.{n}" for n in range(6, 16)), "pypy3", "uv", "pipx", "poetry", "pipenv", "pdm",
    "hatch", "conda", "mamba", "micromamba", "easy_install",
)  # fmt: skip


def may_name_installer(source: str, value: str) -> bool:
    """`source` (the word as written) is an unquoted glob whose file part can match an
    installer's name; `value` is the word after expansion."""
    if _QUOTES.search(source):
        return False
    if "$" in source:
        # An unquoted expansion's value is globbed too (`p=/usr/local/bin/pip*; $p`, or a
        # `for p in /usr/local/bin/pip*` list gate leaves as written): its glob characters count
        # (measured dash 0.5.12 and bash 5.2; silent before, atk24).
        if not _GLOB.search(value):
            return False
    elif _EXTGLOB.search(source):
        return True
    elif not _GLOB.search(source):
        return False
    pattern = program_name(value)
    return any(fnmatch.fnmatchcase(name, pattern) for name in _INSTALLERS)


def may_name(source: str, value: str, names: Iterable[str]) -> list[str]:
    """Of `names` (the shell's functions), those the unquoted glob `source` may expand to
    (`[f]` runs function f where a file f is in the folder); none for a word with no glob."""
    if "/" in value or _QUOTING.search(source):
        return []
    if _EXTGLOB.search(source):
        return list(names)
    if not _GLOB.search(source):
        return []
    return [name for name in names if fnmatch.fnmatchcase(name, value)]
