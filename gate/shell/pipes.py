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
_PRINTF_PLAIN = re.compile(r"(?:[^%\\]|\\.|%%)*")
_PRINTF_EACH = re.compile(r"%s((?:\\n|\n)*)")


def output_of(argv: Sequence[Field], stdin: str | None) -> str | None:
    """The text `argv` writes (stdin: what it reads, when known), or None when not known."""
    if not argv or not all(f.known for f in argv):
        return None
    name = program_name(argv[0].value)
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
    if not argv or not all(f.known for f in argv):
        return None
    name = program_name(argv[0].value)
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


def _printf(fmt: str, args: list[str]) -> str | None:
    """`printf FORMAT`, `printf '%s\\n' ARGS…`: the two shapes that write known text."""
    if not args and _PRINTF_PLAIN.fullmatch(fmt):
        return ansi_c(fmt.replace("%%", "%"))
    each = _PRINTF_EACH.fullmatch(fmt)
    if each is not None:
        end = ansi_c(each.group(1))
        return "".join(a + end for a in args)
    return None
