"""PowerShell bodies: statements split by PowerShell's quoting, `$env:` and `iex` followed."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from gate import model
from gate.shell.context import Ctx, Shell
from gate.shell.expand import Field, to_text
from gate.shell.windows import ps_split, ps_words
from gate.shell.windows_redirects import split_redirects

if TYPE_CHECKING:
    from gate.shell.walk import Walker

_ENV_ASSIGN = re.compile(r"(?i)\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\Z", re.DOTALL)
# `[Environment]::SetEnvironmentVariable('NAME', VALUE)` (the process's own environment when no
# scope is given; `$null` or '' removes it).
_DOTNET_SET = re.compile(
    r"(?i)\[(?:System\.)?Environment\]::SetEnvironmentVariable\(\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1"
    r"\s*,\s*(.*?)\s*\)\s*\Z",
    re.DOTALL,
)
# Cmdlets that change the environment through the `Env:` drive.
_ENV_CMDLETS = frozenset(
    {"remove-item", "rm", "del", "erase", "ri", "rd", "rmdir", "set-item", "si", "new-item", "ni",
     "clear-item", "cli"}
)  # fmt: skip
_ENV_PATH = re.compile(r"(?i)env:[\\/]?([A-Za-z_][A-Za-z0-9_]*)\Z")
_ALIAS_CMDLETS = frozenset({"set-alias", "sal", "new-alias", "nal"})
_NOT_CALLS = frozenset(
    {"if", "elseif", "else", "foreach", "for", "while", "try", "catch", "finally", "switch", "do",
     "function", "param", "}"}
)  # fmt: skip


def walk_powershell(w: Walker, sh: Shell, ctx: Ctx) -> None:
    """Emit every program call of a PowerShell body."""
    aliases: dict[str, str] = {}
    piped_env = ""  # the variable the piece before lists (`Get-ChildItem Env:X | …`)
    # `${env:X}` is `$env:X` (same length, so offsets and lines stay).
    text = _BRACED_ENV.sub(lambda m: f"${m.group(1)}  ", sh.text)
    for offset, piece in ps_split(text):
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
        dotnet = _DOTNET_SET.match(piece)
        if dotnet:
            _dotnet_set(ctx, dotnet.group(2), dotnet.group(3))
            continue
        if not called and piece[:1] in ("$", "#", "["):
            continue  # variables, comments and .NET expressions, not program calls
        piece, outs = split_redirects(piece, powershell=True)
        redirects = tuple(_redirect(op, ps_words(target, ctx.state)) for op, target in outs)
        words = ps_words(piece, ctx.state)
        if not words:
            continue
        head = words[0].value.lower()
        if head in _ENV_CMDLETS and len(words) == 1 and piped_env:
            # `Get-ChildItem Env:X | Remove-Item`: the path comes down the pipe.
            words = [*words, Field(f"Env:{piped_env}")]
        piped_env = _env_listed(words)
        if head in _ENV_CMDLETS and _env_cmdlet(ctx, head, words[1:]):
            continue
        if head in _ALIAS_CMDLETS:
            _alias(aliases, words[1:])
            continue
        if words[0].known and head in aliases:
            words = [Field(aliases[head]), *words[1:]]
        if called and piece[:1] == "(":
            # `& ('p'+'ip') install x`: the program is computed.
            words = [Field(piece[: piece.find(")") + 1], known=False), *words[1:]]
        # `pip @args`: splatting passes an array's elements, which the gate does not track.
        words = [Field(w.value, known=False) if w.value.startswith("@") and w.known and
                 len(w.value) > 1 and w.value[1:2].isalpha() and "@" not in w.value[1:] and
                 "." not in w.value else w for w in words]  # fmt: skip
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
        w.emit(sh, ctx, words, dict(ctx.state.env()), redirects, piece, line)


_BRACED_ENV = re.compile(r"(?i)\$\{(env:[A-Za-z_][A-Za-z0-9_]*)\}")
_LISTERS = frozenset({"get-childitem", "gci", "dir", "ls", "get-item", "gi"})


def _env_listed(words: list[Field]) -> str:
    """The variable `Get-ChildItem Env:X` puts down the pipe, else ""."""
    if len(words) < 2 or words[0].value.lower() not in _LISTERS:
        return ""
    match = _ENV_PATH.match(words[-1].value)
    return match.group(1) if match else ""


def _dotnet_set(ctx: Ctx, name: str, value: str) -> None:
    args = [a.strip() for a in value.split(",")]
    if len(args) > 1 and "process" not in args[1].lower():
        return  # a Machine or User scope: not this process's environment
    text = args[0]
    if text.lower() in ("$null", "''", '""'):
        ctx.state.unexport(name)
        ctx.state.unset(name)
        return
    words = ps_words(text, ctx.state)
    known = len(words) == 1 and words[0].known
    ctx.state.export(name, words[0].value if known else None)


def _env_cmdlet(ctx: Ctx, head: str, args: list[Field]) -> bool:
    """`Remove-Item Env:X`, `Set-Item -Path Env:X -Value V`, `New-Item Env:X V`: True when it
    names the Env: drive (and is applied)."""
    path: str | None = None
    value: Field | None = None
    rest: list[Field] = []
    k = 0
    while k < len(args):
        word = args[k].value.lower()
        if word in ("-path", "-literalpath", "-name") and k + 1 < len(args):
            path = args[k + 1].value if path is None or word != "-name" else path
            k += 2
            continue
        if word == "-value" and k + 1 < len(args):
            value = args[k + 1]
            k += 2
            continue
        if not word.startswith("-"):
            rest.append(args[k])
        k += 1
    if path is None and rest:
        path, rest = rest[0].value, rest[1:]
    if value is None and rest:
        value = rest[0]
    match = _ENV_PATH.match(path or "")
    if match is None:
        return False
    name = match.group(1)
    if head in ("set-item", "si", "new-item", "ni"):
        known = value is not None and value.known
        ctx.state.export(name, value.value if value is not None and known else None)
    else:
        ctx.state.unexport(name)
        ctx.state.unset(name)
    return True


def _alias(aliases: dict[str, str], args: list[Field]) -> None:
    """`Set-Alias NAME VALUE` (also -Name/-Value)."""
    named = {a.value.lower(): b for a, b in itertools.pairwise(args)}
    plain = [a for a in args if not a.value.startswith("-")]
    name = named.get("-name") or (plain[0] if plain else None)
    value = named.get("-value") or (plain[1] if len(plain) > 1 else None)
    if name is not None and value is not None and name.known and value.known:
        aliases[name.value.lower()] = value.value


def _redirect(op: str, target: list[Field]) -> model.Redirect:
    """One output redirection; a target that is not one known word names no file gate knows."""
    if len(target) != 1:
        return model.Redirect(op, model.Word(" ".join(f.value for f in target), False))
    field = target[0]
    return model.Redirect(op, model.Word(to_text(field.value), field.known, field.may_be_option))
