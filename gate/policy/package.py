"""A Rego module's package as the engines read it, not as one tidy line would spell it.

Which built-in package a user module joins decides whether an untrusted source may load it, so
gate must read the declaration exactly as the engine will. Measured on regorus as gate ships it:
the declaration is the first statement after blanks and `#` comments, may end in a comment
(`package gate.rules.x # note`), share its line with a rule, break after the keyword, and spell
a segment as a string (`gate.rules["x"]`, `gate.rules["\\u0078"]`, blanks inside the brackets).
A line-based reading missed all of these and took a later line inside a raw string for the
package, so a repository's policy joined gate.rules.python_build_scripts and passed every build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from gate.policy.errors import PolicyError

# Blanks regorus allows between tokens; other characters (a BOM, U+00A0, \v, \f) it refuses.
_SKIP = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_KEYWORD = re.compile(r"package(?=[ \t\r\n#])")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOT_NAME = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)")
_BRACKET = re.compile(r'\[[ \t\r\n]*("(?:[^"\\\n]|\\.)*")[ \t\r\n]*\]')


@dataclass(frozen=True)
class Declaration:
    path: tuple[str, ...]  # the segments, strings decoded
    line: int  # 1-based line of the `package` keyword
    # How regorus names the package (`add_policy`'s answer): "data." and the segments as
    # written, string segments without their quotes and escapes left as they are.
    spelling: str

    @property
    def name(self) -> str:
        return ".".join(self.path)


def declaration(text: str, where: str) -> Declaration | None:
    """The module's package declaration; None when it has none where Rego requires one.

    A segment holding a dot (`gate["rules.x"]`) is refused: dotted, it would read as another
    package.
    """
    at = _SKIP.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    if not _KEYWORD.match(text, at):
        return None
    line = text.count("\n", 0, at) + 1
    at = _SKIP.match(text, at + len("package")).end()  # type: ignore[union-attr]
    first = _NAME.match(text, at)
    if first is None:
        return None
    path, written = [first.group()], [first.group()]
    at = first.end()
    while (step := _DOT_NAME.match(text, at) or _BRACKET.match(text, at)) is not None:
        at = step.end()
        if step.re is _DOT_NAME:
            path.append(step.group(1))
            written.append(step.group(1))
            continue
        quoted = step.group(1)
        try:
            segment = json.loads(quoted)
        except ValueError:
            return None
        if "." in segment:
            raise PolicyError(
                f"package path segment {quoted} holds a dot: gate names packages by their "
                "dotted path",
                where,
                line,
            )
        path.append(segment)
        written.append(quoted[1:-1])
    return Declaration(tuple(path), line, "data." + ".".join(written))
