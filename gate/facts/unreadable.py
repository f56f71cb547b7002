"""Files an install reads that no build state can hold: standard input, pipes, URLs.

A requirements, constraints or config file can carry `--no-binary` (or `only-binary`) lines. When
the gate cannot read one for a reason that no `--context` would fix, what it holds is unknown. That
matters only for an install the rest of its settings make binary-only: like any file the gate
does not see, an unread file is not assumed to switch sources off, so an install without
only-binary stays denied (`relevant`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from gate.build_files import EDITED_IN_PLACE, Files
from gate.facts.context import UNKNOWN_CWD
from gate.model import BinaryPolicy, Unknown, Word

# Standard input and the pipes a shell's process substitution hands over (`<(…)` is /dev/fd/63).
_STDIN = re.compile(r"-|/dev/stdin|/dev/fd/\d+|/proc/(self|\d+)/fd/\d+|/dev/tty")
_URL = re.compile(r"(https?|ftp)://", re.IGNORECASE)


def of_file(files: Mapping[str, str | None], path: str) -> str | None:
    """Why the build's file at `path` cannot be read, when the build says (downloaded, fetched
    by ADD), or None."""
    if path.startswith(UNKNOWN_CWD + "/"):
        return "named relative to a folder the gate cannot tell (a `cd` it could not follow)"
    return files.unread(path) if isinstance(files, Files) else None


def beneath_unread(files: Mapping[str, str | None], path: str) -> str | None:
    """Why a config file the build did not write may still be at `path`: it lies beneath a
    folder whose files gate does not hold, a cache mount's target (whatever earlier builds left
    there) or a git repository. Not beneath a folder an archive was unpacked into: node and
    other toolchains unpack into /usr/local, pip's site prefix in the python images, and every
    compliant install after them would be unknown (a file an archive unpacks over is not
    followed: README, Known gaps). Nor beneath a folder copied from an image's files (`COPY
    --from=builder /usr/local /usr/local`): as the base image's own, a config it may hold
    there is not assumed; one the copy names itself (`COPY --from=IMAGE /etc/pip.conf /etc/`)
    is of unknown content where read."""
    found = files.tree_above(path) if isinstance(files, Files) else None
    if found is None or found[1].unpacked or found[1].image:
        return None
    return found[1].why


def hidden_config(files: Mapping[str, str | None], what: str, path: str) -> Unknown | None:
    """The unknown of a config file (`what`: "the uv config file") gate does not hold at
    `path` but that may be there, beneath such a folder (`beneath_unread`)."""
    if path in files:
        return None
    hidden = beneath_unread(files, path)
    return None if hidden is None else unknown(f"{what} {path}", f"may be there, {hidden}", path)


def of_text(
    files: Mapping[str, str | None],
    path: str,
    text: str,
    option: re.Pattern[str],
    reader: tuple[tuple[int, int], ...] = (),
) -> str | None:
    """Why the build's file at `path`, though read, may not hold the options its text shows
    to a command in branch `reader`, or None: a branch of a script that may not run wrote it,
    or several did and it holds their texts joined, or it was edited in place, and some line
    sets an option that can turn sources on or off (`option` finds one)."""
    why = files.branched(path, reader) if isinstance(files, Files) else None
    if why and option.search(text):
        return f"{why}: it may hold other options, or none"
    if why and why.startswith(EDITED_IN_PLACE) and _NAMED_OPTION.search(text + why):
        # An edit can make an option line of any line naming one (`sed -i 's/^# //'` of a
        # commented `# --no-binary :all:`), or add one its own code names (`sed -i '1i
        # --no-binary :all:'`, the reason quotes that code): both turned sources on silently.
        return f"{why}: it may have made an option line"
    return None


# A requirements file's line that turns sources on or off for every package in it.
REQUIREMENTS_OPTION = re.compile(r"^[ \t]*--(?:no|only)[-_]binary", re.MULTILINE)
# Such an option named anywhere in a line (in a comment, after other text).
_NAMED_OPTION = re.compile(r"(?:no|only)[-_]binary")


def reason(path: str) -> str | None:
    """Why the file `path` (as written on the command line) cannot be read, or None."""
    if _STDIN.fullmatch(path):
        return "read from standard input or a pipe"
    if path.startswith(("<(", ">(")):
        return "read from a process substitution"
    if is_url(path):
        return "fetched from a URL at build time"
    return None


def of_name(word: Word, what: str) -> Unknown | None:
    """The unknown for a file named by a word gate cannot work out (`-r "$(pwd)/r.txt"`): it may
    name any file the build holds, one with option lines too. None where the name is known, or
    where its reader says why already (a URL, a pipe)."""
    if word.known or reason(word.value) is not None:
        return None
    return unknown(what, "has a name the gate cannot work out", word.value)


def is_url(text: str) -> bool:
    return _URL.match(text) is not None


# Every unknown made for an unreadable file says so with this phrase.
PHRASE = "its options are unknown"


def unknown(what: str, why: str, text: str) -> Unknown:
    return Unknown(f"{what} {why}: {PHRASE}", text)


def relevant(
    unknowns: Iterable[Unknown], binary: BinaryPolicy, hopeful: BinaryPolicy | None = None
) -> list[Unknown]:
    """`unknowns` without those of unreadable files when sources are on anyway: under
    `binary`, and under `hopeful` (the policy without option lines that a file whose lines may
    not be those read holds: `sed -i '/RE/d' F` of an RE gate cannot translate may have deleted
    F's `--no-binary :all:`)."""
    policies = (binary,) if hopeful is None else (binary, hopeful)
    binary_only = any(":all:" in p.only_binary and not p.no_binary for p in policies)
    return [u for u in unknowns if binary_only or not u.reason.endswith(PHRASE)]
