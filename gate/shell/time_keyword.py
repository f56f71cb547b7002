"""bash's `time` reserved word, which tree-sitter-bash does not know.

bash reads `time` as a keyword where a pipeline starts (at the head of a list item, after `!`,
`&&`, `;`, `{`, `then` …; not after `|`, nor after an assignment word: there it is the `time`
program), optionally followed by one `-p` and then one `--` (measured with bash 5.2: `time -p
-- X=1 env` runs env with X=1; `time -- -p` runs `-p`). It times the pipeline and changes nothing
else, so the gate reads the text without it: `time PIP_ONLY_BINARY=:all: f` is a prefix on a
function call, `time { …; }` a group, `time ! cmd` a negation. tree-sitter-bash takes `time` for a
command name, which lost the prefix on functions and broke `time {`/`time !` apart.

dash and ash have no such keyword; `sh` may be either, so only bash's text is read this way
(`time` stays a wrapper there: gate.shell.wrappers). Where `time` is a program for sure (after `|`
under bash; anywhere under dash and busybox), one handed `NAME=value` first runs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from gate.shell.expand import Field

if TYPE_CHECKING:  # tree_sitter loads on first parse (posix._parser), not on import
    from tree_sitter import Node

TIME_KEYWORD_SHELLS = frozenset({"bash", "rbash"})
# Shells with no `time` keyword at all: `time` is GNU time or busybox's applet, both of which
# fail on an operand `NAME=value` (measured: dash 0.5.12 `time X=1 true`: "cannot run X=1",
# busybox 1.35 sh/ash: "can't execute 'X=1'"; status 127, nothing else runs). `sh` is not here:
# it may be bash, whose keyword makes `X=1` a prefix.
TIME_PROGRAM_SHELLS = frozenset({"dash", "ash", "busybox"})


def keyword_spans(root: Node, data: bytes) -> list[tuple[int, int]]:
    """Byte spans of each `time` keyword, with its `-p` and `--`, in the parsed script."""
    spans: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type != "command" or not node.children:
            continue
        name = node.children[0]
        if name.type != "command_name" or data[name.start_byte : name.end_byte] != b"time":
            continue
        parent = node.parent
        if (
            parent is not None
            and parent.type == "pipeline"
            and (parent.children[0].start_byte != node.start_byte)
        ):
            continue  # `a | time b`: the program
        end = name.end_byte
        rest = [data[c.start_byte : c.end_byte] for c in node.children[1:3]]
        following = iter(node.children[1:3])
        if rest[:1] == [b"-p"]:
            end = next(following).end_byte
            rest = rest[1:]
        if rest[:1] == [b"--"]:
            end = next(following).end_byte
        spans.append((name.start_byte, end))
    return spans


def blanked(data: bytes, spans: list[tuple[int, int]]) -> bytes:
    """`data` with each span turned to blanks: same offsets, so words are sliced as before."""
    buf = bytearray(data)
    for start, end in spans:
        buf[start:end] = b" " * (end - start)
    return bytes(buf)


_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def program_runs_nothing(shell: str, argv: Sequence[Field], redefined: Collection[str]) -> bool:
    """A `time` left as a command word (under bash: after `|`, after an assignment, or quoted;
    under dash/busybox: anywhere) is the `time` program: GNU time runs its first operand as a
    program, and one named `NAME=value` is none (`time: cannot run X=1`), so nothing after it
    runs. Not where `time` may name an alias or function of this shell (`redefined`): bash
    expands aliases in posix mode (`bash --posix`, `set -o posix`), which gate does not follow,
    and `alias time=env` then runs `env X=1 pip …`. Options before the operand are not read
    here: such a command is judged as before."""
    return (
        (shell in TIME_KEYWORD_SHELLS or shell in TIME_PROGRAM_SHELLS)
        and len(argv) > 1
        and argv[0].known
        and argv[0].value == "time"
        and "time" not in redefined
        and argv[1].known
        and _ASSIGNMENT.match(argv[1].value) is not None
    )
