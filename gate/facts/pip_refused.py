"""Command-line requirements pip refuses before it installs anything.

pip's install parses every argument (install_req_from_line) before it resolves or builds: one
it cannot read stops the command with "Invalid requirement", and nothing is installed (pip
23.2 measured: `pip install ""`, `pip install "# x"`, `pip install "flask  # c"`). Such words
come from loops over a requirements file (`while read p; do pip install "$p"; done < F` hands
pip its comments and blank lines). Only words pip can read as nothing but a PEP 508 string are
judged here: a word pip may take for a folder (a `/` or `\\`: pip looks for one of that name
first, as for an archive name), and unless it starts with `#` (a comment line), a URL (`:`), a
direct reference (`@`), a leading `.` or a quoted marker (a quote may hold `#`), is left as it
was.
"""

from __future__ import annotations

from gate.facts.target_kind import file_kind

_MAYBE_OTHER = frozenset("/\\:@\"'")


def refused_by_pip(text: str) -> bool:
    """Whether pip stops at this command-line requirement ("Invalid requirement")."""
    stripped = text.strip()
    if not stripped:
        return True  # pip strips the word and cannot read ""
    if "/" in stripped or "\\" in stripped or file_kind(stripped) is not None:
        return False  # pip takes it for a folder or archive where one of that name exists
    if stripped.startswith("#"):
        return True  # a comment line: no name, URL or marker comes before the `#`
    if stripped.startswith(".") or any(c in _MAYBE_OTHER for c in stripped):
        return False
    # PEP 508 allows `#` nowhere outside a URL or a quoted marker value.
    return "#" in stripped
