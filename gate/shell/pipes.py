"""What a simple command writes on standard output when the gate can know it.

Text piped into a shell (`echo 'pip install x' | sh`, `printf … | bash`, `cat <<EOF | sh`,
`bash <(echo …)`) is a script like any other: the walker follows it when the writer is one of
these commands and every word is known; anything else feeding a shell is opaque.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gate.model import Redirect
from gate.shell.expand import Field, ansi_c, from_text
from gate.shell.wrappers import program_name

_ECHO_FLAGS = re.compile(r"-n+")
_WRITERS = frozenset({"echo", "printf", "cat"})  # the programs output_of reads
_PRINTF_PLAIN = re.compile(r"(?:[^%\\]|\\.|%%)*")
_PRINTF_EACH = re.compile(r"%s((?:\\n|\n)*)")


def output_of(argv: Sequence[Field], stdin: str | None) -> str | None:
    """The text `argv` writes (stdin: what it reads, when known), or None when not known."""
    if not argv:
        return None
    name = program_name(argv[0].value)
    if name not in _WRITERS or not all(f.known for f in argv):
        return None  # asked of every command: only these three are read below
    args = [f.value for f in argv[1:]]
    if name == "echo":
        # Backslash escapes and `-e` are read differently by dash (escapes always, `-e` printed)
        # and bash or busybox (escapes only after -e): which /bin/sh runs is not known.
        if any("\\" in a for a in args) or (
            args and re.fullmatch(r"-[neE]+", args[0]) and not _ECHO_FLAGS.fullmatch(args[0])
        ):
            return None
        newline = True
        while args and _ECHO_FLAGS.fullmatch(args[0]):
            newline = False
            args = args[1:]
        return " ".join(args) + ("\n" if newline else "")
    if name == "printf" and args[:1] == ["--"]:
        args = args[1:]  # the end of printf's options: the format follows
    if name == "printf" and args:
        return _printf(args[0], args[1:])
    if name == "cat" and not args:
        return stdin
    return None


def file_output_of(
    argv: Sequence[Field], redirects: Sequence[Redirect], piped: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The files whose text `argv` writes whole, in order (`cat A B`, `cat < F`, and `cat` or
    `tee LOG` passing on `piped`, the files the pipe carries), or None."""
    if not argv:
        return None
    name = program_name(argv[0].value)
    if name not in ("tee", "cat") or not all(f.known for f in argv):
        return None  # asked of every command: only these two are read below
    args = [f.value for f in argv[1:]]
    if name == "tee" and not any(a.startswith("-") and a != "-" for a in args):
        return piped
    if name != "cat" or any(a.startswith("-") and a != "-" for a in args):
        return None
    inputs = [r for r in redirects if r.op in ("<", "0<")]
    stdin = piped
    if inputs:  # the last `<` is the one it reads
        target = inputs[-1].target
        stdin = (from_text(target.value),) if target is not None and target.known else None
    if not args:
        return stdin
    # `cat A - B`: "-" is standard input, read to its end the first time (later ones add nothing).
    out: list[str] = []
    read_stdin = False
    for arg in args:
        if arg != "-":
            out.append(arg)
        elif not read_stdin:
            read_stdin = True
            if stdin is None:
                return None
            out.extend(stdin)
    return tuple(out)


Written = tuple[str | None, tuple[str, ...] | None]  # (text, files) one command writes

# Commands that write nothing on standard output when given arguments (without any, `set`,
# `export`, `readonly`, `local` and `umask` print the shell's settings).
_SILENT = frozenset({"true", "false", ":", "cd", "test", "[", "[[", "exit", "return", "shift",
                     "wait", "sleep", "mkdir", "touch", "chmod", "chown", "rm",
                     "unset"})  # fmt: skip
_SILENT_WITH_ARGS = frozenset({"set", "export", "readonly", "local", "umask"})


def writes_nothing(argv: Sequence[Field]) -> bool:
    """The command writes nothing on standard output (`true`, `cd d`, `set -e`, `mkdir -p d`)."""
    if not argv or not argv[0].known:
        return False
    name = program_name(argv[0].value)
    args = [f.value if f.known else "" for f in argv[1:]]
    if name == "cd":
        return "-" not in args  # `cd -` prints the folder
    if name in ("mkdir", "chmod", "chown", "rm") and any(
        a == "--verbose" or (a.startswith("-") and not a.startswith("--") and "v" in a)
        for a in args
    ):
        return False
    return name in _SILENT or (name in _SILENT_WITH_ARGS and bool(args))


def joined(parts: Sequence[Written]) -> Written:
    """What commands run in turn write together (a group's, a substitution's, a function's):
    their texts joined when every one is known text, their files in order when the rest write
    only blank lines (`cat F; echo`), else unknown."""
    texts: list[str] = []
    files: list[str] = []
    for text, named in parts:
        if named is not None:
            files.extend(named)
        elif text is None:
            return None, None
        else:
            texts.append(text)
    if not files:
        return "".join(texts), None
    if any(t.strip() for t in texts):
        return None, None
    return None, tuple(files)


def _printf(fmt: str, args: list[str]) -> str | None:
    """`printf FORMAT`, `printf '%s\\n' ARGS…`: the two shapes that write known text."""
    if not args and _PRINTF_PLAIN.fullmatch(fmt):
        return ansi_c(fmt.replace("%%", "%"))
    each = _PRINTF_EACH.fullmatch(fmt)
    if each is not None:
        end = ansi_c(each.group(1))
        return "".join(a + end for a in args)
    return None
