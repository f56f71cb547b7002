"""`awk -f PROG …`: awk's program read from a file, judged as the same program given inline.

gate judges inline awk code (`awk '{system($0)}' F`, `awk 'BEGIN{system("pip install x")}'`)
where it runs (mentions.py, frontends.runs_input_installer). With `-f PROG` (`--file=PROG`,
`-fPROG`, several in order; gawk's `-e`/`--source` text joins them) the program is PROG's text:
when the build holds it, the command is handed on as `awk 'TEXT' OPERANDS…`, so it is judged as
that inline code is. A program file the build wrote with text gate cannot read may run anything:
`unknown`. One gate does not hold at all (the base image's) is left as a script operand is.
"""

from __future__ import annotations

import posixpath
import shlex
from dataclasses import dataclass

from gate.build_files import Files
from gate.model import Command

AWK = frozenset({"awk", "gawk", "mawk", "nawk"})
# Options whose value is the next word (besides -f and -e, read below).
_VALUES = frozenset({"-F", "-v", "--field-separator", "--assign"})
_FILE = ("-f", "--file")
_SOURCE = ("-e", "--source")


@dataclass(frozen=True)
class AwkProgram:
    """The command line to judge in place of `awk -f …`, or why it cannot be."""

    path: str
    line: str  # a shell command line: awk with the program inline
    unknown: str = ""


def program_file(command: Command, cwd: str, files: Files) -> AwkProgram | None:
    """The inline form of an `awk -f PROG` command (with the input it is given), or None when
    awk is not given `-f` or gate does not hold its program files (nothing to add to how the
    command is judged)."""
    argv = command.argv
    kept: list[str] = [argv[0].value]
    parts: list[tuple[bool, str]] = []  # (a file, its path or the text)
    k = 1
    while k < len(argv):
        word = argv[k]
        if not word.known:
            return None
        value = word.value
        name, eq, attached = value.partition("=")
        if value == "--" or not value.startswith("-") or value == "-":
            break
        if value in _FILE or value in _SOURCE or (eq and name in (*_FILE, *_SOURCE)):
            given = attached if eq else (argv[k + 1].value if k + 1 < len(argv) else "")
            if not eq and (k + 1 >= len(argv) or not argv[k + 1].known):
                return None
            parts.append(((name if eq else value) in _FILE, given))
            k += 1 if eq else 2
            continue
        if value.startswith("-f") and not value.startswith("--"):
            parts.append((True, value[2:]))  # `-fPROG`
        elif value.startswith("-e") and not value.startswith("--"):
            parts.append((False, value[2:]))
        else:
            kept.append(value)
            if value in _VALUES and k + 1 < len(argv):
                k += 1
                if not argv[k].known:
                    return None
                kept.append(argv[k].value)
        k += 1
    if not any(is_file for is_file, _ in parts):
        return None
    operands = [w.value for w in argv[k:]]
    if operands[:1] == ["--"]:
        operands = operands[1:]
    texts: list[str] = []
    shown = ""
    for is_file, given in parts:
        if not is_file:
            texts.append(given)
            continue
        path = posixpath.normpath(posixpath.join(cwd or "/", given))
        shown = shown or path
        if path not in files:
            return None  # the base image's program: not the build's (as `perl FILE`)
        text = files.get(path)
        if text is None:
            why = f"awk runs the program file {path}, whose text the build wrote unseen"
            return AwkProgram(path, "", why)
        texts.append(text)
    program = "\n".join(texts)
    words = (*kept, *(["--"] if program.startswith("-") else []), program, *operands)
    return AwkProgram(shown, _with_input(" ".join(shlex.quote(w) for w in words), command))


def _with_input(line: str, command: Command) -> str:
    """`line` given the input `command` reads: its files (`< F`; `cat A B |` for a pipe of
    several), or the known text of a pipe, heredoc or here-string."""
    redirects = command.redirects
    several = [r.target.value for r in redirects if r.op == "<+" and r.target is not None]
    if several:
        return f"cat {' '.join(shlex.quote(p) for p in several)} | {line}"
    for r in reversed(redirects):
        if r.op in ("<", "0<") and r.target is not None and r.target.known:
            return f"{line} < {shlex.quote(r.target.value)}"
        if r.op in ("|", "<<", "<<-", "<<<", "0<<<") and r.content is not None:
            body = r.content if r.content.endswith("\n") else r.content + "\n"
            lines = set(body.split("\n"))
            delimiter = "GATE_INPUT"
            while delimiter in lines:
                delimiter += "_"
            return f"{line} <<'{delimiter}'\n{body}{delimiter}"
    return line
