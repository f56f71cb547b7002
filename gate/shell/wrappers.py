"""Peeling of programs that run another program: sudo, env, xargs, find -exec, sh -c, su -c, …

`peel` turns one argv into the command(s) it really runs, with the environment those see and the
wrappers that were taken off (outermost first). A shell invocation with a script (`bash -c '…'`,
`cmd /S /C …`, `powershell -Command …`) comes back as a `Peeled` with `script` set, for the walker
to recurse into.

Over 600 lines: one peeler per wrapper family with its own option syntax (the getopt-style ones
are a table in runners.py); each is short and they share the peel loop.
"""

from __future__ import annotations

import binascii
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from gate.shell.expand import Field, from_text, to_text
from gate.shell.runners import Syntax, run_by, scan

Dialect = Literal["posix", "cmd", "powershell"]
Env = dict[str, str | None]

POSIX_SHELLS = frozenset(
    {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "pdksh", "yash", "rbash", "lksh"}
)
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_MAX_PEEL = 32


@dataclass(frozen=True)
class Peeled:
    """What one command runs once its wrappers are off."""

    argv: tuple[Field, ...]
    env: Env
    wrappers: tuple[str, ...] = ()
    stdin_args: bool = False
    # A script this command hands to a shell (`sh -c SCRIPT`); `dialect` says which grammar.
    script: Field | None = None
    dialect: Dialect = "posix"
    # A shell that reads its script from standard input (`bash`, `sh -s`, `bash -s -- args`).
    stdin_shell: bool = False


def program_name(value: str) -> str:
    """`/usr/bin/sudo` → `sudo`; `C:\\Python\\python.exe` → `python.exe`."""
    return value.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


def windows_name(value: str) -> str:
    """`C:\\Windows\\System32\\CMD.EXE` → `cmd` (case folded, `.exe` dropped)."""
    name = program_name(value).lower()
    return name[:-4] if name.endswith(".exe") else name


def _unknown_placeholder(w: Field) -> Field:
    return Field(w.value, known=False, may_be_option=False)


def _assignments(argv: Sequence[Field], i: int, env: Env) -> int:
    """Apply leading NAME=value words to `env`; index of the first word that is not one."""
    while i < len(argv) and _ASSIGN.match(argv[i].value) and not argv[i].may_be_option:
        name, _, value = argv[i].value.partition("=")
        env[to_text(name)] = to_text(value) if argv[i].known else None
        i += 1
    return i


@dataclass
class _Step:
    """One wrapper taken off: the label, where the inner command starts, its environment."""

    label: str
    start: int
    env: Env
    stdin_args: bool = False
    # xargs -I R: every word holding R gets an input line in its place, unknown here
    replace: str | None = None


_DOAS = Syntax(short_value="uC")
_SUDO_SHORT = "ugCDhprtTUc"
_SUDO_LONG = frozenset(
    {
        "--user",
        "--group",
        "--close-from",
        "--chdir",
        "--host",
        "--prompt",
        "--role",
        "--type",
        "--command-timeout",
        "--other-user",
        "--login-class",
    }
)


def _sudo(argv: Sequence[Field], env: Env) -> _Step | None:
    keep: bool | set[str] = False
    i, n = 1, len(argv)
    while i < n:
        w = argv[i]
        a = w.value
        if not w.known and w.may_be_option:
            break
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-":
            break
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            if name == "--preserve-env":
                if eq:
                    if keep is not True:
                        keep = (keep if isinstance(keep, set) else set()) | set(val.split(","))
                else:
                    keep = True
            elif name in (
                "--edit",
                "--list",
                "--validate",
                "--version",
                "--help",
                "--remove-timestamp",
            ):
                return None
            i += 1 if eq or name not in _SUDO_LONG else 2
            continue
        i += 1
        for k, ch in enumerate(a[1:], 1):
            if ch == "E":
                keep = True
            elif ch in "elVvK":
                return None  # sudoedit, list, validate, version: runs nothing
            elif ch in _SUDO_SHORT:
                if k == len(a) - 1 and i < n:
                    i += 1  # the value is the next word (also `-h host`)
                break
    if keep is True:
        new = dict(env)
    elif isinstance(keep, set):
        new = {k: v for k, v in env.items() if k in keep}
    else:
        new = {}
    i = _assignments(argv, i, new)
    return _Step("sudo", i, new)


def _env(argv: Sequence[Field], env: Env) -> tuple[_Step, list[Field]] | None:
    new = dict(env)
    i, n = 1, len(argv)
    split: list[Field] = []
    while i < n:
        w = argv[i]
        a = w.value
        if not w.known and w.may_be_option:
            break
        if a == "--":
            i += 1
            break
        if a == "-":
            new.clear()
            i += 1
            continue
        if not a.startswith("-"):
            break
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            if name == "--ignore-environment":
                new.clear()
            elif name == "--unset":
                if not eq and i + 1 < n:
                    val = argv[i + 1].value
                    i += 1
                new.pop(to_text(val), None)
            elif name == "--split-string":
                if not eq and i + 1 < n:
                    val = argv[i + 1].value
                    i += 1
                split = _split_string(val)
                i += 1
                break
            elif name == "--chdir" and not eq:
                i += 1
            i += 1
            continue
        i += 1
        stop = False
        for k, ch in enumerate(a[1:], 1):
            if ch == "i":
                new.clear()
            elif ch in "uCPS":
                val = a[k + 1 :]
                if not val and i < n:
                    val = argv[i].value
                    i += 1
                if ch == "u":
                    new.pop(to_text(val), None)
                elif ch == "S":
                    split = _split_string(val)
                    stop = True
                break
        if stop:
            break
    i = _assignments(argv, i, new)
    return _Step("env", i, new), split


def _split_string(s: str) -> list[Field]:
    try:
        return [Field(from_text(p)) for p in shlex.split(to_text(s))]
    except ValueError:
        return [Field(s, known=False, may_be_option=True)]


_XARGS_SHORT = "adEILnPsei"  # e, i, l take optional attached values only (handled below)
_XARGS_LONG = frozenset(
    {
        "--arg-file",
        "--delimiter",
        "--max-args",
        "--max-procs",
        "--max-chars",
        "--max-lines",
        "--process-slot-var",
        "--eof",
        "--replace",
    }
)


def _xargs(argv: Sequence[Field], env: Env) -> _Step | None:
    i, n = 1, len(argv)
    replace: str | None = None
    while i < n:
        w = argv[i]
        a = w.value
        if not w.known and w.may_be_option:
            break
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-":
            break
        if a.startswith("--"):
            name, eq, value = a.partition("=")
            if name == "--replace":
                replace = value if eq else "{}"
            # --replace, --eof, --max-lines take optional values (attached only)
            i += 2 if not eq and name in _XARGS_LONG - {"--replace", "--eof", "--max-lines"} else 1
            continue
        i += 1
        for k, ch in enumerate(a[1:], 1):
            if ch in "adEILnPs":
                if k == len(a) - 1:
                    if ch == "I" and i < n:
                        replace = argv[i].value if argv[i].known else ""
                    i += 1
                elif ch == "I":
                    replace = a[k + 1 :]
                break
            if ch in "eil":
                if ch == "i":
                    replace = a[k + 1 :] or "{}"
                break  # optional attached value
    if i >= n:
        return None
    return _Step("xargs", i, dict(env), stdin_args=True, replace=replace)


def _replaced(fields: list[Field], replace: str) -> list[Field]:
    """The words xargs -I fills with an input line: unknown, and they may be anything (a
    script for ``sh -c``, an option for pip). An unknown replace string may be in any word."""
    out: list[Field] = []
    for f in fields:
        if f.value == replace:
            out.append(Field(f.value, known=False, may_be_option=True, single=True, whole=True))
        elif not replace or replace in f.value:
            out.append(Field(f.value, known=False, may_be_option=True))
        else:
            out.append(f)
    return out


def _find(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> list[Peeled] | None:
    found: list[Peeled] = []
    i, n = 1, len(argv)
    while i < n:
        a = argv[i].value
        if a in ("-exec", "-execdir", "-ok", "-okdir") and argv[i].known:
            j = i + 1
            inner: list[Field] = []
            while j < n and argv[j].value not in (";", "+"):
                w = argv[j]
                inner.append(_unknown_placeholder(w) if "{}" in w.value and w.known else w)
                j += 1
            if inner:
                found.append(Peeled(tuple(inner), dict(env), (*wrappers, f"find {a}")))
            i = j + 1
        else:
            i += 1
    return found or None


def _shell(argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...]) -> Peeled | None:
    """`bash [opts] -c SCRIPT`, or a shell reading stdin; None for `bash script.sh`."""
    i, n = 1, len(argv)
    has_c = has_s = False
    while i < n:
        w = argv[i]
        a = w.value
        if not w.known:
            break
        if a in ("--", "-"):
            i += 1
            break
        if a[:1] not in ("-", "+") or len(a) == 1:
            break
        if a.startswith("--"):
            i += 2 if a in ("--rcfile", "--init-file") else 1
            continue
        i += 1
        for ch in a[1:]:
            if ch == "c":
                has_c = True
            elif ch == "s":
                has_s = True
            elif ch in "oO" and i < n:
                i += 1
    if has_c:
        if i >= n:
            return None
        return Peeled(tuple(argv), env, (*wrappers, f"{name} -c"), script=argv[i])
    if has_s or i >= n:
        return Peeled(tuple(argv), env, wrappers, stdin_shell=True)
    return None


_SU_SHORT = "csgGw"
_SU_LONG = frozenset(
    {
        "--command",
        "--shell",
        "--group",
        "--supp-group",
        "--whitelist-environment",
        "--session-command",
        "--user",
    }
)


def _su(argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...]) -> Peeled | None:
    script: Field | None = None
    login = preserve = False
    user_cmd: int | None = None  # runuser -u USER [--] COMMAND
    i, n = 1, len(argv)
    operands = 0
    while i < n:
        w = argv[i]
        a = w.value
        if a == "--":
            if user_cmd is not None:
                user_cmd = i + 1
                break
            i += 1
            continue
        if a == "-":
            login = True
        elif a.startswith("--") and w.known:
            opt, eq, val = a.partition("=")
            if opt in ("--command", "--session-command"):
                if not eq and i + 1 < n:
                    i += 1
                    script = argv[i]
                elif eq:
                    script = replace(w, value=val)
            elif opt == "--login":
                login = True
            elif opt == "--preserve-environment":
                preserve = True
            elif opt == "--user" and name == "runuser":
                i += 0 if eq else 1
                user_cmd = i + 1
            elif not eq and opt in _SU_LONG:
                i += 1
        elif a.startswith("-") and w.known and len(a) > 1:
            for k, ch in enumerate(a[1:], 1):
                if ch == "l":
                    login = True
                elif ch in "mp":
                    preserve = True
                elif ch == "u" and name == "runuser":
                    if k == len(a) - 1:
                        i += 1
                    user_cmd = i + 1
                    break
                elif ch in _SU_SHORT:
                    rest = a[k + 1 :]
                    if ch == "c":
                        if rest:
                            script = replace(w, value=rest)
                        elif i + 1 < n:
                            i += 1
                            script = argv[i]
                    elif not rest:
                        i += 1
                    break
        else:
            if user_cmd is not None:
                user_cmd = i
                break
            operands += 1
        i += 1
    new = {} if login and not preserve else dict(env)
    if user_cmd is not None and name == "runuser":
        if user_cmd >= n:
            return None
        return Peeled(tuple(argv[user_cmd:]), new, (*wrappers, name))
    if script is None:
        return None
    return Peeled(tuple(argv), new, (*wrappers, f"{name} -c"), script=script)


def _flock(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> Peeled | _Step | None:
    i, n = 1, len(argv)
    script: Field | None = None
    while i < n:
        w = argv[i]
        a = w.value
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or a == "-" or not w.known:
            if script is not None or i + 1 >= n:
                break
            # the lock file; the command follows (or -c after it)
            j = i + 1
            if j < n and argv[j].value in ("-c", "--command") and j + 1 < n:
                script = argv[j + 1]
                break
            return _Step("flock", j, dict(env))
        opt, eq, _ = a.partition("=")
        if opt in ("-c", "--command"):
            if i + 1 < n:
                script = argv[i + 1]
            i += 2
            continue
        if opt in ("-w", "--wait", "--timeout", "-E", "--conflict-exit-code") and not eq:
            i += 2
            continue
        i += 1
    if script is not None:
        return Peeled(tuple(argv), dict(env), (*wrappers, "flock -c"), script=script)
    return None


def _cmd(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...]) -> Peeled | None:
    """`cmd [/S] [/Q] … /C command line` (all remaining words are the command line)."""
    i, n = 1, len(argv)
    strip_s = False
    while i < n:
        a = argv[i].value
        if not a.startswith("/"):
            return None
        tokens = a.split("/")[1:]
        for k, tok in enumerate(tokens):
            t = tok.lower()
            if t[:1] in ("c", "k"):
                rest = "/".join(tokens[k + 1 :])
                first = tok[1:] + ("/" + rest if rest else "")
                words = ([Field(first)] if first else []) + list(argv[i + 1 :])
                text = " ".join(w.value for w in words)
                text = _cmd_unquote(text, strip_s)
                known = all(w.known for w in words)
                script = Field(text, known=known, may_be_option=False)
                return Peeled(tuple(argv), env, (*wrappers, "cmd /c"), script=script, dialect="cmd")
            if t == "s":
                strip_s = True
        i += 1
    return None


def _cmd_unquote(text: str, strip_s: bool) -> str:
    """cmd's rule for a command line that starts with a quote."""
    stripped = text.lstrip(" ")
    if not stripped.startswith('"'):
        return text
    if (
        not strip_s
        and stripped.count('"') == 2
        and not re.search(r"[&<>()@^|]", stripped)
        and " " in stripped
    ):
        return stripped
    last = stripped.rfind('"')
    if last <= 0:
        return stripped[1:]
    return stripped[1:last] + stripped[last + 1 :]


_PS_WITH_VALUE = (
    "executionpolicy",
    "inputformat",
    "outputformat",
    "windowstyle",
    "version",
    "configurationname",
    "workingdirectory",
    "settingsfile",
    "custompipename",
)
_PS_SHORT_WITH_VALUE = frozenset({"ep", "ex", "if", "of", "w", "v", "wd"})


def _powershell(
    argv: Sequence[Field], name: str, env: Env, wrappers: tuple[str, ...]
) -> Peeled | None:
    i, n = 1, len(argv)
    label = (*wrappers, f"{name} -Command")
    while i < n:
        w = argv[i]
        a = w.value
        if not a.startswith("-") or a == "-" or not w.known:
            if name == "pwsh" and w.known and a != "-":
                return None  # pwsh's first operand is a script file
            break
        opt = a.lstrip("-").lower()
        if opt in _PS_SHORT_WITH_VALUE or (
            len(opt) >= 3 and any(v.startswith(opt) for v in _PS_WITH_VALUE)
        ):
            i += 2
            continue
        if opt == "c" or (len(opt) >= 3 and "command".startswith(opt)):
            i += 1
            break
        if (opt and "encodedcommand".startswith(opt)) or opt == "ec":
            if i + 1 >= n or not argv[i + 1].known:
                unknown = Field("$ENCODED", known=False, may_be_option=True, single=True)
                return Peeled(tuple(argv), env, label, script=unknown, dialect="powershell")
            text = _decode_ps(argv[i + 1].value)
            if text is None:
                return None
            return Peeled(tuple(argv), env, label, script=Field(text), dialect="powershell")
        if opt and "file".startswith(opt):
            return None
        i += 1
    words = list(argv[i:])
    if not words:
        return None
    if len(words) == 1 and words[0].value == "-":
        return Peeled(tuple(argv), env, wrappers, stdin_shell=True, dialect="powershell")
    text = " ".join(w.value for w in words)
    single = len(words) == 1 and words[0].single
    script = Field(text, known=all(w.known for w in words), may_be_option=False, single=single)
    return Peeled(tuple(argv), env, label, script=script, dialect="powershell")


def _decode_ps(b64: str) -> str | None:
    import base64  # only for `powershell -EncodedCommand`: not on every call's import path

    try:
        raw = base64.b64decode(b64, validate=False)
        return from_text(raw.decode("utf-16-le", "replace"))
    except (binascii.Error, ValueError):
        return None


def peel(argv: Sequence[Field], env: Env, wrappers: tuple[str, ...] = ()) -> list[Peeled]:
    """The command(s) `argv` runs, wrappers taken off; `[Peeled(argv)]` when it wraps nothing."""
    current = list(argv)
    for _ in range(_MAX_PEEL):
        if not current or not current[0].known:
            break
        name = program_name(current[0].value)
        wname = windows_name(current[0].value)
        step: _Step | None = None
        split: list[Field] = []
        if wname == "cmd":
            got = _cmd(current, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if wname in ("powershell", "pwsh"):
            got = _powershell(current, wname, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if name in POSIX_SHELLS:
            got = _shell(current, name, env, wrappers)
            return [got] if got else [Peeled(tuple(current), env, wrappers)]
        if name in ("su", "runuser"):
            got = _su(current, name, env, wrappers)
            if got is None:
                break
            if got.script is not None:
                return [got]
            current, env, wrappers = list(got.argv), got.env, got.wrappers
            continue
        if name == "find":
            found = _find(current, env, wrappers)
            if found is None:
                break
            out: list[Peeled] = []
            for p in found:
                out.extend(peel(p.argv, p.env, p.wrappers))
            return out
        ran = run_by(current, name)
        if ran is not None:
            label = (*wrappers, ran.label)
            if ran.script is not None:
                return [Peeled(tuple(current), env, label, script=ran.script)]
            if ran.stdin_args:
                return [replace(p, stdin_args=True) for p in peel(ran.argv, env, label)]
            current, wrappers = list(ran.argv), label
            continue
        if name == "flock":
            got2 = _flock(current, env, wrappers)
            if isinstance(got2, Peeled):
                return [got2]
            step = got2
        elif name == "sudo":
            step = _sudo(current, env)
        elif name == "env":
            got3 = _env(current, env)
            if got3 is not None:
                step, split = got3
        elif name == "xargs":
            step = _xargs(current, env)
        elif name == "command":
            if any(
                w.value in ("-v", "-V")
                or (w.value.startswith("-") and set(w.value[1:]) & {"v", "V"})
                for w in current[1:2]
            ):
                break
            step = _Step("command", scan(current, 1, Syntax()).index, dict(env))
        elif name == "doas":
            step = _Step("doas", scan(current, 1, _DOAS).index, {})
        if step is None:
            break
        rest = split + current[step.start :]
        if not rest:
            break
        if step.replace is not None:
            rest = _replaced(rest, step.replace)
        stdin_args = step.stdin_args
        current, env, wrappers = rest, step.env, (*wrappers, step.label)
        if stdin_args:
            inner = peel(current, env, wrappers)
            return [replace(p, stdin_args=True) for p in inner]
    return [Peeled(tuple(current), env, wrappers)]
