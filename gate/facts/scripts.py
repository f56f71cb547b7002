"""Scripts the build writes, then runs: which file a command runs, and the text to walk.

A file the build model knows (``echo/printf/cat > f``, ``COPY <<EOF``, a file copied from the
context or from another stage) and a command that runs it — ``sh f``, ``bash -e f``, ``./f``,
``/abs/f``, ``. f``, ``source f``, ``make`` (its recipes: facts/makefiles.py), or a bare name
found in a ``$PATH`` directory — give a script body the walker walks like a heredoc body. A
``#!`` line picks the interpreter of a file run directly; a non-shell interpreter's body is handed
to it on stdin (``python3 <<'EOF'``), as the heredoc rules of the Dockerfile reader do.
Positional words the script is given are set first (``set -- a b``), when every one is known.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass

from gate.build_files import Files
from gate.facts.makefiles import MAKE_PROGRAMS, makefile_script
from gate.facts.programs import is_interpreter
from gate.model import Command, Word

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MAX_PATH_DIRS = 64
# Options of sh/bash that take the next word as their value.
_OPTION_VALUES = frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"})


@dataclass(frozen=True)
class ScriptText:
    """The body a command runs from a file, and the shell it runs under."""

    path: str
    shell: tuple[str, ...]  # the Run shell to walk it with: ("/bin/bash", "-c"), ...
    text: str
    unknown: tuple[str, ...] = ()  # what running it does that the text does not show


def script_of(command: Command, cwd: str, files: Files) -> ScriptText | None:
    """The known script file ``command`` runs, or None (not a script run, or content unknown)."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    program = argv[0].value
    name = posixpath.basename(program)
    if name in (".", "source") and program == name:
        return _read(argv[1:], cwd, files, "sh", shebang=False)
    if name in SHELLS:
        rest = argv[1:]
        if name == "busybox":
            if not rest or rest[0].value not in ("sh", "ash"):
                return None
            rest = rest[1:]
        return _shell_file(name, rest, cwd, files)
    if is_interpreter(name):
        return _python_file(argv, cwd, files)
    if name in MAKE_PROGRAMS:
        recipes = makefile_script(argv[1:], cwd, files)
        if recipes is None:
            return None
        return ScriptText(recipes.path, ("/bin/sh", "-c"), recipes.text, recipes.unknown)
    if "/" in program:
        return _read(argv, cwd, files, "sh", shebang=True)
    found = _on_path(name, command, files)
    if found is None:
        return None
    return _read((Word(found), *argv[1:]), cwd, files, "sh", shebang=True)


# What a sourced file may change for the commands after it: installer settings (`export
# PIP_ONLY_BINARY=…`, `unset UV_NO_BUILD`, `PIP_CONFIG_FILE=…`, under `set -a` too) and the
# positional words (`set -- pip install x` for a later `"$@"`).
_INSTALLER_VARIABLE = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|readonly\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*)?"
    r"((?:PIP|UV|PDM|POETRY|PIPENV)_[A-Za-z0-9_]*)\+?="
)
_UNSET = re.compile(r"\bunset\s+(?:-v\s+)?(?:[^;&|\n]*\s)?((?:PIP|UV|PDM|POETRY|PIPENV)_\w*)")
# Builtins that set or unexport a variable as a side effect.
_SIDE_ASSIGNMENT = re.compile(
    r"\b(?:export\s+-n|(?:declare|typeset)\s+\+x|printf\s+-v|mapfile|readarray|read|getopts|let)"
    r"\b[^\n;&|]*?\b((?:PIP|UV|PDM|POETRY|PIPENV)_[A-Za-z0-9_]*)"
)
_SET_POSITIONAL = re.compile(r"(?:^|[\s;&|(])set\s+--(?:\s|$)")


def sourced_changes(text: str) -> str | None:
    """What a file run by `.`/`source` sets that the commands after it would see, as a phrase,
    or None. The gate walks the file's commands but does not carry its variables back."""
    found = (
        _INSTALLER_VARIABLE.search(text) or _UNSET.search(text) or _SIDE_ASSIGNMENT.search(text)
    )
    if found is not None:
        return found.group(1)
    if _SET_POSITIONAL.search(text):
        return "the positional words"
    return None


def startup_files(shell: tuple[str, ...], env: Mapping[str, str | None], files: Files) -> list[str]:
    """The files bash reads before a RUN's script, of those the build wrote (in order): a login
    shell's /etc/profile, the /etc/profile.d/*.sh it sources, the first of ~/.bash_profile,
    ~/.bash_login, ~/.profile (else ~/.bashrc, which the usual ~/.profile sources); an
    interactive one's ~/.bashrc; a non-interactive one's $BASH_ENV."""
    if len(shell) < 2 or posixpath.basename(shell[0]) != "bash":
        return []
    flags = [w for w in shell[1:] if w.startswith("-")]
    short = "".join(w[1:] for w in flags if not w.startswith("--"))
    login = "--login" in flags or "l" in short
    interactive = "i" in short
    home = env.get("HOME") or "/root"
    found: list[str] = []
    if login:
        found += [p for p in ("/etc/profile",) if p in files]
        found += sorted(p for p in files if _PROFILE_D.fullmatch(p))
        names = (".bash_profile", ".bash_login", ".profile")
        found += next(([f"{home}/{n}"] for n in names if f"{home}/{n}" in files), [])
        if not any(f"{home}/{n}" in files for n in names) and f"{home}/.bashrc" in files:
            found.append(f"{home}/.bashrc")
    elif interactive:
        found += [p for p in ("/etc/bash.bashrc", f"{home}/.bashrc") if p in files]
    elif env.get("BASH_ENV"):
        found.append(str(env["BASH_ENV"]))
    return found


_PROFILE_D = re.compile(r"/etc/profile\.d/[^/]+\.sh")


def _shell_file(shell: str, args: tuple[Word, ...], cwd: str, files: Files) -> ScriptText | None:
    """``sh [options] file [args]``; ``-c`` and ``-s`` read no file (the shell layer's part)."""
    i = 0
    while i < len(args):
        word = args[i]
        if not word.known:
            return None
        value = word.value
        if value == "--":
            i += 1
            break
        if not value.startswith(("-", "+")) or value in ("-", "+"):
            break
        if value.startswith("-") and not value.startswith("--") and ("c" in value or "s" in value):
            return None
        i += 2 if value in _OPTION_VALUES else 1
    return _read(args[i:], cwd, files, shell, shebang=False)


def _python_file(argv: tuple[Word, ...], cwd: str, files: Files) -> ScriptText | None:
    """`python3 [options] FILE`: the file's code, handed to the interpreter on stdin as a
    `python3 <<'EOF'` body is (its code is judged as that body's)."""
    i = 1
    while i < len(argv) and argv[i].known and argv[i].value.startswith("-"):
        option = argv[i].value
        if option == "--" or option == "-":
            i += option == "--"
            break
        if "c" in option[1:]:
            return None  # `-c CODE`: no file
        if "m" in option[1:] and not option.startswith("--"):
            # `-m NAME` runs NAME.py (or NAME/__main__.py) from the working directory first; a
            # tool's module (`-m pip`) never gets here (the tool layer reads it).
            rest = option[option.index("m", 1) + 1 :]
            name = rest or (argv[i + 1].value if i + 1 < len(argv) and argv[i + 1].known else "")
            return _python_module(name, argv[0].value, cwd, files) if name else None
        i += 2 if option in ("-W", "-X", "-Q") else 1
    if i >= len(argv) or not argv[i].known:
        return None
    path = posixpath.normpath(posixpath.join(cwd or "/", argv[i].value))
    text = files.get(path)
    if text is None:
        return None
    return ScriptText(path, ("/bin/sh", "-c"), _on_stdin(text, argv[0].value))


def _python_module(name: str, python: str, cwd: str, files: Files) -> ScriptText | None:
    base = posixpath.join(cwd or "/", *name.split("."))
    for path in (f"{base}.py", posixpath.join(base, "__main__.py")):
        text = files.get(posixpath.normpath(path))
        if text is not None:
            return ScriptText(posixpath.normpath(path), ("/bin/sh", "-c"), _on_stdin(text, python))
    return None


def _on_path(name: str, command: Command, files: Files) -> str | None:
    if not name or name.startswith("-") or not files:
        return None
    path = command.env.get("PATH") or DEFAULT_PATH
    for directory in path.split(":")[:MAX_PATH_DIRS]:
        if directory.startswith("/"):
            # posixpath.join for a name without "/" (every command asks: kept cheap)
            candidate = f"{directory}{name}" if directory.endswith("/") else f"{directory}/{name}"
            if candidate in files:
                return candidate
    return None


def _read(
    args: tuple[Word, ...], cwd: str, files: Files, shell: str, *, shebang: bool
) -> ScriptText | None:
    if not args or not args[0].known:
        return None
    path = posixpath.normpath(posixpath.join(cwd or "/", args[0].value))
    text = files.get(path)
    if text is None:
        return None
    if shebang and text.startswith("#!"):
        line = text.partition("\n")[0][2:].strip()
        program, _, rest = line.partition(" ")
        if posixpath.basename(program) == "env" and rest.lstrip().startswith("-S"):
            # `#!/usr/bin/env -S sh -c "…"`: the kernel runs `env '-S sh -c "…"' FILE`; that
            # command line is what runs (env -S splits it: the shell layer reads it).
            command = f"{shlex.quote(program)} {shlex.quote(rest.strip())} {shlex.quote(path)}"
            return ScriptText(f"{path} (its #! line)", ("/bin/sh", "-c"), command)
        interpreter = _interpreter(text)
        if interpreter is not None and interpreter not in SHELLS:
            return ScriptText(path, ("/bin/sh", "-c"), _on_stdin(text, interpreter))
        shell = interpreter or shell
    positional = args[1:]
    if positional and all(w.known for w in positional):
        text = "set -- " + " ".join(shlex.quote(w.value) for w in positional) + "\n" + text
    return ScriptText(path, (f"/bin/{shell}", "-c"), text)


def _interpreter(text: str) -> str | None:
    """The program of a ``#!`` line (``/usr/bin/env python3`` → ``python3``)."""
    words = text.partition("\n")[0][2:].split()
    if not words:
        return None
    program = posixpath.basename(words[0])
    if program == "env":
        rest = [w for w in words[1:] if not w.startswith("-")]
        return posixpath.basename(rest[0]) if rest else None
    return program


def _on_stdin(body: str, interpreter: str) -> str:
    lines = set(body.split("\n"))
    delimiter = "GATE_SCRIPT"
    while delimiter in lines:
        delimiter += "_"
    if not body.endswith("\n"):
        body += "\n"
    return f"{interpreter} <<'{delimiter}'\n{body}{delimiter}"
