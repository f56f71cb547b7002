"""A finding's `fix` spelled as the user wrote the command, with only the flag added.

The extractors build their compliant command from the expanded argv: that drops the command's
prefixes and wrappers (`SETUPTOOLS_SCM_PRETEND_VERSION=1 pip …`, `conda run -n env pip …`),
puts ARG defaults where the user wrote `${REQ_FILE}`, and quotes a glob (`/wheels/*` became
`'/wheels/*'`, which pip then reads as one missing file). Copied into the Dockerfile, such a line
does something else than the step did. Where the extractor's fix only inserts the flag, the same
insertion is made in the command's own text instead, as `gate fix` makes it (after the subcommand,
or the program or script that implies it: `uvx`, `get-pip.py`); any other fix (one that also
drops a re-enabling option) is kept.
"""

from __future__ import annotations

import re
import shlex

from gate.model import Install
from gate.source_words import after_phrase, flag_phrase, words

_FLAGS = {"pip": ("--only-binary", ":all:"), "uv": ("--no-build",)}
_POETRY_ENV = "POETRY_INSTALLER_ONLY_BINARY=:all:"
# Without a quote or a backslash, shlex.split's words are the text between runs of its
# whitespace (comments off): most fixes quote nothing, and shlex reads a character at a time.
_QUOTING = re.compile(r"['\"\\]")
_BLANKS = re.compile("[ \t\r\n]+")


def spelled(install: Install) -> str | None:
    """The command's source text with the flag after its subcommand, or None to keep the
    extractor's fix."""
    if install.tool == "poetry":
        return _poetry(install)
    flag = _FLAGS.get(install.tool)
    if flag is None or not install.fix or not _only_inserts(install, flag):
        return None
    spans = words(install.text)
    if not spans:
        return None
    end = after_phrase(spans, *flag_phrase(install.tool, install.command, install.argv))
    if end is None:
        return None
    out: list[str] = []
    for span in spans:
        out.append(install.text[span.start : span.end])
        if span.end == end:
            out.extend(flag)
    # Blanks between words collapse to one (the text may span continuation lines).
    return " ".join(out)


def _poetry(install: Install) -> str | None:
    """`POETRY_INSTALLER_ONLY_BINARY=:all:` just before the program, as `gate fix` places it:
    only where poetry itself is the program (after any assignments), since a wrapper such as
    `sudo` may not hand the variable on."""
    try:
        tokens = _split(install.fix or "")
    except ValueError:
        return None
    if tokens != [_POETRY_ENV, *install.argv]:
        return None  # it also clears POETRY_INSTALLER_NO_BINARY, or a wrapper is dropped
    spans = words(install.text)
    if not spans:
        return None
    program = next((i for i, span in enumerate(spans) if "=" not in span.value), None)
    if program is None or spans[program].value.rpartition("/")[2] != "poetry":
        return None
    out = [install.text[span.start : span.end] for span in spans]
    out.insert(program, _POETRY_ENV)
    return " ".join(out)


def _only_inserts(install: Install, flag: tuple[str, ...]) -> bool:
    """The extractor's fix is the argv with `flag` right after the subcommand, nothing else."""
    try:
        tokens = _split(install.fix or "")
    except ValueError:
        return False
    size = len(flag)
    at = next((i for i in range(len(tokens)) if tuple(tokens[i : i + size]) == flag), None)
    if at is None:
        return False
    phrase, _ = flag_phrase(install.tool, install.command, install.argv)
    if tuple(tokens[max(at - len(phrase), 0) : at]) != phrase:
        return False
    return tokens[:at] + tokens[at + size :] == list(install.argv)


def _split(text: str) -> list[str]:
    """shlex.split(text), without its per-character reading where nothing is quoted."""
    if _QUOTING.search(text) is None:
        return [word for word in _BLANKS.split(text) if word]
    return shlex.split(text)
