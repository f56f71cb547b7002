"""Programs that read commands on their standard input and run a shell command where one asks:
ed's and ex's `!CMD` (vim in Ex mode, `-e`/`-es`), sqlite3's `.system`/`.shell`, psql's and
mysql's `\\!`, gdb's `shell`/`!`, sftp's and ftp's `!`.

Where that input is a text gate knows (a heredoc, a here-string, a pipe's known text, a held file
by `< F`) with such an escape and an install command, the command is `unknown`; before (atk24,
2026-12-08) `printf '!pip install flask\\nq\\n' | ed` gave no finding. Measured GNU ed 1.19 and
vim 9 (`ex -s`) with a fake pip.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from gate.facts.file_writes import FILE_IN, STDIN_OPS
from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.programs import program_name
from gate.model import Command

# Program → the escape that runs a shell command, at a line's start (after blanks, or after
# ed's address / ex's range for `!`).
_BANG = re.compile(r"^[ \t]*[^!\n]{0,64}!", re.MULTILINE)
_ESCAPES: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("ed", "red", "ex", "sftp", "ftp"), _BANG),
    "sqlite3": re.compile(r"^[ \t]*\.(?:system|shell)\b", re.MULTILINE),
    **dict.fromkeys(("psql", "mysql", "mariadb"), re.compile(r"\\!|^[ \t]*system\b", re.MULTILINE)),
    "gdb": re.compile(r"^[ \t]*(?:shell\b|!)", re.MULTILINE),
}
_VIMS = frozenset({"vim", "vi", "nvim"})
PROGRAMS = frozenset(_ESCAPES) | _VIMS


def _input(command: Command, cwd: str, files: Mapping[str, str | None]) -> str | None:
    """The text on the command's standard input, where gate knows it."""
    for redirect in command.redirects:
        if redirect.op not in STDIN_OPS and redirect.op not in FILE_IN:
            continue
        if redirect.content:
            return redirect.content
        if redirect.target is not None and redirect.target.known:
            text = files.get(posixpath.normpath(posixpath.join(cwd, redirect.target.value)))
            if text:
                return text
    return None


def runs_escape_installer(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> str | None:
    """Why the commands `command` reads on its input may run an installer, or None."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if name in _VIMS:
        # Only in Ex mode does vim read commands, not text, from its input.
        if not any(w.known and w.value.startswith("-") and "e" in w.value[1:3] for w in argv[1:]):
            return None
        name = "ex"
    escape = _ESCAPES.get(name)
    if escape is None:
        return None
    text = _input(command, cwd or "/", files)
    if text is None or len(text) > 4_000_000 or not escape.search(text):
        return None
    if runs_installer(TOKEN.findall(text)):
        return f"`{name}` runs a shell command its input names: an install"
    return None
