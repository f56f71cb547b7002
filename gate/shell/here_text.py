"""A here-string or heredoc whose whole text is one command substitution's output.

`sh <<< "$(cat F)"`, `bash <<< "$(< F)"`, `python3 <<EOF` / `$(cat F.py)` / `EOF` hand the
program F's text (the substitution drops F's trailing newlines, the here-text adds one back):
the program reads F as `sh < F` does, and is judged so. `sh <<< "$(echo …)"` reads the known
text; `sh <<< "$(curl URL)"` reads what the command writes, as `curl URL | sh` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gate import model
from gate.shell.expand import to_text

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass(frozen=True)
class Printed:
    """What a command substitution writes, as far as the gate can tell."""

    text: str | None  # its text (internal form), when known
    files: tuple[str, ...] | None  # the files whose text it is, in order (`cat A B`, `< F`)
    source: str  # the command's own text: judged as a pipe's writer when the text is unknown


@dataclass(frozen=True)
class Opened:
    """What one redirection gives a command: its Redirects (a here-text of one substitution
    becomes a file redirection, known text, or a pipe of unknown text from `hidden`)."""

    redirects: tuple[model.Redirect, ...]
    body: str | None = None  # the text a shell reading it runs (a heredoc's, a here-string's)
    hidden: str = ""  # the writer's text when the input is a pipe of unknown text


def whole_substitution(words: list[Node]) -> Node | None:
    """The `$( )` or backtick node a here-string's word (`words`: its nodes) consists of,
    quoted or not, else None (`"$(cat F)x"`, `"a $(cat F)"`: more text than the output)."""
    words = [c for c in words if c.type != "comment"]
    if len(words) != 1:
        return None
    word = words[0]
    if word.type == "command_substitution":
        return word
    if word.type != "string":
        return None
    inner = word.named_children
    if len(inner) != 1 or inner[0].type != "command_substitution":
        return None
    sub = inner[0]
    alone = (sub.start_byte, sub.end_byte) == (word.start_byte + 1, word.end_byte - 1)
    return sub if alone else None


def is_whole(body: str, inner: str) -> bool:
    """The heredoc body is exactly the substitution whose command text is `inner`."""
    return body.strip() in (f"$({inner})", f"`{inner}`")


def as_input(printed: Printed | None, fd: str, source: str) -> Opened:
    """The input a here-text of one substitution gives (`fd`: the redirection's descriptor,
    "" or "0" for standard input; `source`: the here-text as written)."""
    op = fd + "<"
    if printed is not None and printed.files:
        files = printed.files
        if len(files) == 1:
            return Opened((model.Redirect(op, model.Word(to_text(files[0]))),), None)
        # `$(cat A B)`: A's text, then B's, as `cat A B | sh` is given ("<+", in order).
        return Opened(tuple(model.Redirect("<+", model.Word(to_text(f))) for f in files), None)
    if printed is not None and printed.text is not None:
        text = printed.text.rstrip("\n") + "\n"
        return Opened((model.Redirect(fd + "<<<", None, to_text(text)),), text)
    writer = printed.source if printed is not None else source
    return Opened((model.Redirect(model.PIPE_IN, None),), None, writer)


def splice(body: str, ran: Sequence[tuple[str, Printed | None]]) -> tuple[str, str]:
    """A heredoc body (expanded, unknown parts as written) as a shell reading it runs it: a
    substitution alone on its line puts what it writes there, which the shell then runs as
    lines of its script. It becomes `. FILE` for a file's text (its lines run right there, in
    the same shell), or the text when known. Returns the body, and the text of the writers
    whose lines the gate cannot see ("" when none)."""
    lines = body.split("\n")
    where: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("$(", "`")):
            where.setdefault(stripped, []).append(k)
    hidden: list[str] = []
    for inner, printed in ran:
        spots = where.get(f"$({inner})") or where.get(f"`{inner}`")
        if not spots:
            continue  # not a line of its own (`echo "$(date)"`): its output is data
        k = spots.pop(0)
        if printed is not None and printed.files:
            lines[k] = "; ".join(f". {_quoted(f)}" for f in printed.files)
        elif printed is not None and printed.text is not None:
            lines[k] = printed.text.rstrip("\n")
        else:
            hidden.append(printed.source if printed is not None else inner)
    return "\n".join(lines), "\n".join(hidden)


def _quoted(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"
