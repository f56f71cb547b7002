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
from gate.model import STDIN_OPERANDS, Command

AWK = frozenset({"awk", "gawk", "mawk", "nawk"})
# Options whose value is the next word (besides -f and -e, read below).
_VALUES = frozenset({"-F", "-v", "--field-separator", "--assign"})
# Options that give program text: a file, inline text (gawk), a library file (gawk `-i`).
_KINDS = {"-f": "file", "--file": "file", "-e": "text", "--source": "text", "-i": "include",
          "--include": "include"}  # fmt: skip


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
    parts: list[tuple[str, str | None]] = []  # ("file" | "text" | "include", value)
    k = 1
    while k < len(argv):
        word = argv[k]
        value = word.value if word.known else ""
        name, eq, attached = value.partition("=")
        if not word.known or value == "--" or not value.startswith("-") or value == "-":
            break
        kind = _KINDS.get(name if eq else value)
        if kind is not None:
            nxt = argv[k + 1] if not eq and k + 1 < len(argv) else None
            parts.append((kind, attached if eq else (nxt.value if nxt and nxt.known else None)))
            k += 1 if eq else 2
            continue
        if value[:2] in ("-f", "-e", "-i") and not value.startswith("--"):
            parts.append((_KINDS[value[:2]], value[2:]))  # `-fPROG`
        else:
            kept.append(value)
            if value in _VALUES and k + 1 < len(argv):
                k += 1
                if not argv[k].known:
                    return None
                kept.append(argv[k].value)
        k += 1
    if not any(kind in ("file", "include") for kind, _ in parts):
        return None
    operands = [w.value if w.known else "" for w in argv[k:]]
    if operands[:1] == ["--"]:
        operands = operands[1:]
    if not any(kind in ("file", "text") for kind, _ in parts):
        if not operands or not argv[k].known:
            return None
        # `gawk -i LIB 'PROGRAM' …`: without -f or -e the first operand is the program.
        parts.append(("text", operands.pop(0)))
    texts: list[str] = []
    shown = ""
    from_stdin = False
    for kind, given in parts:
        if kind == "text":
            texts.append(given or "")
            continue
        if given is None:
            if kind == "include":
                continue  # a library gate cannot name: gawk's own (`-i inplace`) most likely
            return AwkProgram("", "", "awk runs a program file the gate cannot name")
        if kind == "file" and given in STDIN_OPERANDS:
            # `… | awk -f -`, `awk -f /dev/stdin < F`: the program is what it reads.
            from_stdin = True
            text = _stdin_text(command, cwd, files)
            if text is None:
                return AwkProgram("", "", "awk runs a program it reads on its input, unseen")
            texts.append(text)
            continue
        path = posixpath.normpath(posixpath.join(cwd or "/", given))
        if kind == "include":
            # gawk -i NAME: NAME or NAME.awk (searched on AWKPATH, the working folder first).
            path = next((p for p in (path, path + ".awk") if p in files), "")
            if not path:
                continue
        shown = shown or path
        if path not in files:
            return None  # the base image's program: not the build's (as `perl FILE`)
        text = files.get(path)
        if text is None:
            why = f"awk runs the program file {path}, whose text the build wrote unseen"
            return AwkProgram(path, "", why)
        texts.append(text)
    if any(not w.known for w in argv[k:]) or (not shown and not from_stdin):
        # operands gate cannot read, or no program file it holds: judged as the command stands
        return None
    program = "\n".join(texts)
    words = (*kept, *(["--"] if program.startswith("-") else []), program, *operands)
    line = " ".join(shlex.quote(w) for w in words)
    return AwkProgram(shown or "<stdin>", line if from_stdin else _with_input(line, command))


def _stdin_text(command: Command, cwd: str, files: Files) -> str | None:
    """The text on the command's standard input, when gate knows it."""
    for r in reversed(command.redirects):
        if r.op in ("<", "0<") and r.target is not None and r.target.known:
            return files.get(posixpath.normpath(posixpath.join(cwd or "/", r.target.value)))
        if r.op in ("|", "<<", "<<-", "<<<", "0<<<"):
            return r.content
    return None


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
