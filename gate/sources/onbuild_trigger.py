"""The text a child build parses for an ONBUILD trigger.

BuildKit keeps a trigger as the ONBUILD's logical line (its continuations joined with the
Dockerfile's escape character, `ONBUILD` cut: parseOnBuild's Expression), each heredoc's body
after it, and parses that text on its own with the default escape `\\` (initOnBuildTriggers:
parser.Parse with no directive), in a child of another Dockerfile and in a `FROM <stage>` of the
same file alike. Under `# escape=\\`` a trigger's `\\` is then an escape and its `` ` `` a plain
character: `ONBUILD ENV PIP_ONLY_BINARY=`:all:` sets the value `` `:all: ``, no `:all:`.
"""

from __future__ import annotations

import re

_ONBUILD = re.compile(r"^\s*onbuild\s*", re.IGNORECASE)


def trigger_text(lines: list[str], original: str, escape: str) -> str:
    """The trigger's text from the ONBUILD's physical `lines` (heredoc bodies included) and its
    joined logical line `original`, as a child build parses it (with the default escape)."""
    if escape == "\\":
        # Continuations and heredocs read the same under the default escape: the lines as
        # written keep every heredoc and flag as the file's own parse saw them.
        return _ONBUILD.sub("", lines[0], count=1) + "".join("\n" + line for line in lines[1:])
    return _ONBUILD.sub("", original, count=1) + "".join(
        "\n" + line for line in lines[_logical_end(lines, escape) + 1 :]
    )


def _logical_end(lines: list[str], escape: str) -> int:
    """The index of the physical line that ends the logical line: a line ending with the escape
    continues it, and comment or blank lines inside a continuation are skipped (BuildKit)."""
    i = 0
    while i < len(lines) - 1:
        line = lines[i].rstrip()
        inside = i > 0 and (not line.strip() or line.lstrip().startswith("#"))
        if not (inside or line.endswith(escape)):
            break
        i += 1
    return i
