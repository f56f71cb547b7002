"""PowerShell bodies: statements split by PowerShell's quoting, `$env:` and `iex` followed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gate.shell.context import Ctx, Shell
from gate.shell.windows import ps_split, ps_words

if TYPE_CHECKING:
    from gate.shell.walk import Walker

_ENV_ASSIGN = re.compile(r"(?i)\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\Z", re.DOTALL)
_NOT_CALLS = frozenset(
    {"if", "elseif", "else", "foreach", "for", "while", "try", "catch", "finally", "switch", "do",
     "function", "param", "}"}
)  # fmt: skip


def walk_powershell(w: Walker, sh: Shell, ctx: Ctx) -> None:
    """Emit every program call of a PowerShell body."""
    for offset, piece in ps_split(sh.text):
        w.tick()
        piece = piece.strip()
        called = piece[:1] in ("&", ".") and piece[1:2] in (" ", "\t", "'", '"', "$")
        if called:
            piece = piece[1:].strip()
        if not piece:
            continue
        line = sh.text.count("\n", 0, offset)
        m = _ENV_ASSIGN.match(piece)
        if m:
            words = ps_words(m.group(2), ctx.state)
            value = " ".join(word.value for word in words)
            known = all(word.known for word in words) and len(words) <= 1
            ctx.state.export(m.group(1), value if known else None)
            continue
        if not called and piece[:1] in ("$", "#", "["):
            continue  # variables, comments and .NET expressions, not program calls
        words = ps_words(piece, ctx.state)
        if not words:
            continue
        head = words[0].value.lower()
        if head in ("invoke-expression", "iex"):
            rest = words[1:]
            if rest and rest[0].value.lower() in ("-command", "-c"):
                rest = rest[1:]
            at = sh.at(line)
            if not rest or not all(word.known for word in rest):
                w.add_opaque("Invoke-Expression of text the gate cannot see", piece, at)
                continue
            body = " ".join(word.value for word in rest)
            w.script(Shell(body, sh.wrappers, at, True, sh.depth + 1), ctx, "powershell")
            continue
        if head in _NOT_CALLS:
            continue
        w.emit(sh, ctx, words, dict(ctx.state.env()), (), piece, line)
