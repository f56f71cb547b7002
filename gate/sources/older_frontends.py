"""What Dockerfile frontends before 1.8 read differently from 1.8+, as warnings.

gate reads a Dockerfile as 1.8+ does (BuildKit 0.14, Docker 26.1 and later; what `# syntax=
docker/dockerfile:1` pulls). Older builders are still in use, and two of 1.8's changes turn the
same text into another build: the escape directive may follow any Go blank after its `#`
(DirectiveParser.ParseLine), and an instruction's flags are cut with the file's escape
character (extractBuilderFlags). Where the older reading differs, the file or the instruction
is `unknown` for the builders gate does not follow, rather than judged one way only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from gate.model import Location, Unjudgeable
from gate.sources.builder_flags import builder_flags
from gate.sources.dockerfile_text import GO_SPACE, Instr, parse_directive

# Before 1.8 a directive was `^#\s*name\s*=\s*value\s*$` (RE2's \s) on the left-trimmed line,
# of the names syntax and escape only (any other ended the directives).
_OLD_DIRECTIVE = re.compile(
    r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*"
)
_OLD_NAMES = frozenset({"syntax", "escape"})
_NEW_NAMES = frozenset({"syntax", "escape", "check"})


def _escape(text: str, old: bool) -> tuple[str, int]:
    """The escape character a frontend reads from the directives, and the directive's line."""
    for number, line in enumerate(text.split("\n", 64)[:64], start=1):
        if old:
            match = _OLD_DIRECTIVE.fullmatch(line.rstrip("\r\n").lstrip(GO_SPACE))
            found = (match.group(1), match.group(2)) if match else None
        else:
            found = parse_directive(line)
        if found is None or found[0].lower() not in (_OLD_NAMES if old else _NEW_NAMES):
            break
        if found[0].lower() == "escape" and found[1] in ("\\", "`"):
            return found[1], number
    return "\\", 0


def escape_warning(text: str, path: str) -> tuple[Unjudgeable, ...]:
    """The file at line 1 (or the directive's), where a frontend before 1.8 reads another
    escape character than 1.8+: every continuation line may join elsewhere there."""
    new, line = _escape(text, old=False)
    old, old_line = _escape(text, old=True)
    if new == old:
        return ()
    at = line or old_line or 1
    reason = (
        f"Dockerfile frontends before 1.8 read the escape character as {old} here, 1.8 and "
        f"later as {new}: gate judges the file as 1.8+ reads it"
    )
    return (Unjudgeable(Location(path=path, line=at, end_line=at), reason),)


def recut_flags(
    commands: Sequence[Instr], escape: str, path: str
) -> tuple[list[Instr], list[Unjudgeable]]:
    """The instructions with their flags cut as 1.8+ cuts them under `escape` (the compiled
    parser cuts them with `\\` always), and a warning at each whose flags differ."""
    if escape == "\\":
        return list(commands), []
    out: list[Instr] = []
    warnings: list[Unjudgeable] = []
    for command in commands:
        if command.keyword == "ONBUILD" or not command.flags:
            out.append(command)
            continue
        flags = builder_flags(command.original, escape)
        if flags != command.flags:
            at = Location(path=path, line=command.start, end_line=command.end)
            reason = (
                f"Dockerfile frontends before 1.8 cut this {command.keyword}'s flags with \\ as "
                f"the escape character, 1.8 and later with {escape}, into other values: gate "
                "judges them as 1.8+ cuts them"
            )
            warnings.append(Unjudgeable(at, reason))
            command = replace(command, flags=flags)
        out.append(command)
    return out, warnings
