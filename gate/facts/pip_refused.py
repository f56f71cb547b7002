"""Command-line requirements pip refuses before it installs anything.

pip's install parses every argument (install_req_from_line) before it resolves or builds: one
it cannot read stops the command with "Invalid requirement", and nothing is installed (pip
23.2 measured: `pip install ""`, `pip install "# x"`, `pip install "flask  # c"`). Such words
come from loops over a requirements file (`while read p; do pip install "$p"; done < F` hands
pip its comments and blank lines). Only words pip can read as nothing but a PEP 508 string are
judged here: a word pip may take for a folder (a `/` or `\\`: pip looks for one of that name
first) or an archive file (its name before any `;` and `[extras]` ends like one, `#` and all:
`#x.tar.gz`), and unless it starts with `#` (a comment line), a URL (`:`), a direct reference
(`@`), a leading `.` or a quoted marker (a quote may hold `#`), is left as it was. A `#` in a
version (`flask>=1.0#c`) is read by the pips that vendor packaging < 22 as part of a legacy
version, and the install goes on (pip 23.2 measured: the sdist was built), so it is left too.
"""

from __future__ import annotations

import re

from gate.facts.target_kind import file_kind

_MAYBE_OTHER = frozenset("/\\:@\"'")
# pip's ARCHIVE_EXTENSIONS (utils/filetypes.py), wheels included.
_ARCHIVES = (
    ".whl", ".zip", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma",
    ".tar.gz", ".tgz", ".tar",
)  # fmt: skip
# pip's _strip_extras: a trailing `[…]` is taken off before the archive test.
_EXTRAS = re.compile(r"^(.+)(\[[^\]]+\])$", re.DOTALL)
# A version operator followed, without a blank, by a `#`: packaging 21's LegacySpecifier
# (`[^,;\s)]*` after the operator) takes the `#` into the version.
_LEGACY_VERSION = re.compile(r"(?:[<>=!~]=|[<>])\s*[^,;\s)]*#")


def refused_by_pip(text: str) -> bool:
    """Whether pip stops at this command-line requirement ("Invalid requirement")."""
    stripped = text.strip()
    if not stripped:
        return True  # pip strips the word and cannot read ""
    if "/" in stripped or "\\" in stripped or file_kind(stripped) is not None:
        return False  # pip takes it for a folder or archive where one of that name exists
    if _archive_name(stripped):
        return False
    if stripped.startswith("#"):
        return True  # a comment line: no name, URL or marker comes before the `#`
    if stripped.startswith(".") or any(c in _MAYBE_OTHER for c in stripped):
        return False
    # PEP 508 allows `#` nowhere outside a URL, a quoted marker value or a legacy version.
    return "#" in stripped and not _LEGACY_VERSION.search(stripped)


def _archive_name(word: str) -> bool:
    """Whether pip tests for a file of this name (install_req_from_line: the markers split
    off at `;`, the extras at the end stripped, the name's extension an archive's)."""
    name = word.split(";", 1)[0].strip()
    extras = _EXTRAS.match(name)
    if extras:
        name = extras.group(1)
    return name.lower().endswith(_ARCHIVES)
