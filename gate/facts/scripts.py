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

import functools
import posixpath
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from gate.build_files import Files
from gate.crlf_text import CrlfText
from gate.facts import run_parts, word_glob
from gate.facts.awk_files import AWK, program_file
from gate.facts.file_writes import stdin_text
from gate.facts.makefiles import MAKE_PROGRAMS, makefile_script
from gate.facts.programs import WHOLE_EXPANSION, code_runner, is_interpreter, runner_args
from gate.installer_settings import HARMLESS_SETTING, SETTING_NAME
from gate.model import DEFAULT_PATH, STDIN_OPERANDS, Command, Word
from gate.shell.startup import startup_files

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
MAX_PATH_DIRS = 64
# Options of sh/bash that take the next word as their value.
_OPTION_VALUES = frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"})
_PYTHON_VALUES = frozenset({"-W", "-X", "-Q"})  # Python options that take the next word


@dataclass(frozen=True)
class ScriptText:
    """The body a command runs from a file, and the shell it runs under."""

    path: str
    shell: tuple[str, ...]  # the Run shell to walk it with: ("/bin/bash", "-c"), ...
    text: str
    unknown: tuple[str, ...] = ()  # what running it does that the text does not show
    # The file's code handed to its interpreter as a heredoc (`python3 <<'GATE_SCRIPT'`): that
    # command is the one that runs it, and is shown as the command that ran the file.
    handed: bool = False
    # What sourcing it sets for the commands after (sourced_changes reads it), where that is not
    # `text`: the texts of the several files a sourced glob names, in turn.
    sourced: str | None = None


def script_of(command: Command, cwd: str, files: Files) -> ScriptText | None:
    """The known script file ``command`` runs, or None (not a script run, or content unknown)."""
    argv = command.argv
    if not argv:
        return None
    if not argv[0].known:
        # `"$D/10.sh"`, `exec "$D/10.sh"`: a held script that fits may be what runs (only one
        # gate holds the text of: `"$VENV/bin/pip"` is the venv's pip, judged as such).
        if (len(argv) > 1 or _POSITIONAL.fullmatch(argv[0].value)) and (
            whole := _named_by_value(argv[0])
        ) is not None:
            return whole  # `"$X" ARGS`, `"$0"`: a whole value, which may name a held script
        return unknown_named(argv[0].value, cwd, files, scripts_only=True) or _in_held_folder(
            argv[0], cwd, files
        )
    program = argv[0].value
    name = program.rpartition("/")[2]  # posixpath.basename, without two calls per command
    if name in (".", "source") and program == name:
        # `. -- FILE`: bash, dash and BusyBox's ash take `--` as the end of options (measured).
        rest = argv[2:] if len(argv) > 2 and argv[1].known and argv[1].value == "--" else argv[1:]
        return _read(rest, cwd, files, "sh", shebang=False, runner=(program,), sourced=True)
    if name in SHELLS:
        rest = argv[1:]
        if name == "busybox":
            if not rest or rest[0].value not in ("sh", "ash"):
                return None
            rest = rest[1:]
        return _shell_file(name, rest, cwd, files, command.env)
    if is_interpreter(name):
        return _python_file(argv, cwd, files)
    if (runner := code_runner(name)) is not None:
        return _code_file(runner, argv, cwd, files)
    if name in AWK:
        got = program_file(command, cwd, files)
        if got is None:
            return None
        unknown = (got.unknown,) if got.unknown else ()
        return ScriptText(got.path, ("/bin/sh", "-c"), got.line, unknown, handed=True)
    if name == run_parts.PROGRAM:
        busybox = any(w.rpartition("/")[2] == "busybox" for w in command.wrappers)
        ran = run_parts.parts(argv, cwd, files, busybox)
        if ran is None:
            return None
        return ScriptText(ran.folder, ("/bin/sh", "-c"), ran.text, ran.unknown)
    if name in MAKE_PROGRAMS:
        recipes = makefile_script(
            argv[1:], cwd, files, lambda: stdin_text(command, files, cwd), command.env
        )
        if recipes is None:
            return None
        return ScriptText(recipes.path, ("/bin/sh", "-c"), recipes.text, recipes.unknown)
    if "/" in program:
        return _read(argv, cwd, files, "sh", shebang=True)
    found = on_path(name, command, files)
    if found is None:
        return None
    return _read((Word(found), *argv[1:]), cwd, files, "sh", shebang=True)


# What a sourced file may change for the commands after it: installer settings (`export
# PIP_ONLY_BINARY=…`, `unset UV_NO_BUILD`, `PIP_CONFIG_FILE=…`, under `set -a` too) and the
# positional words (`set -- pip install x` for a later `"$@"`).
_INSTALLER_VARIABLE = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|readonly\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*)?"
    rf"({SETTING_NAME})\+?="
)
# `unset`, and builtins that set or unexport a variable as a side effect, each followed in the
# same command by an installer setting's name. Read one command at a time (`_COMMAND`): a
# pattern that scans from every occurrence to the end of its command is quadratic in
# `unset unset unset …`.
_COMMAND = re.compile(r"[^;&|\n]+")
_CHANGER = re.compile(
    r"\bunset\s|\b(?:export\s+-n|(?:declare|typeset)\s+\+x|printf\s+-v|mapfile|readarray|read"
    r"|getopts|let)\b"
)
_SETTING_AFTER = re.compile(rf"\b({SETTING_NAME})")
_SET_POSITIONAL = re.compile(r"(?:^|[\s;&|(])set\s+--(?:\s|$)")
# `trap CODE EXIT` in a sourced file sets the sourcing shell's trap: CODE runs at that shell's
# end, with its state then (walked alone, it ran with the file's: `unset PIP_ONLY_BINARY`
# after `. FILE` passed silently).
_SETS_TRAP = re.compile(r"(?:^|[\s;&|(])trap(?:\s|$)")
# A function a sourced file defines is the sourcing shell's: a later call runs its body there,
# with the state then (walked alone, the call found no function: `. /etc/rc; unset
# PIP_ONLY_BINARY; f` passed silently where f runs pip).
_DEFINES_FUNCTION = re.compile(
    r"(?:^|[\s;&|(])(?:function\s+[^\s;&|()<>]+|[^\s;&|()<>=$`'\"]+[ \t]*\([ \t]*\))"
)
# What chooses which `pip` runs, and so which site config it reads: a venv's activate script
# sourced, VIRTUAL_ENV set, or $PATH set to a venv's folder (a start-up file's usual lines).
_ACTIVATES = re.compile(r"(?:^|[\s;&|(])(?:\.|source)\s+[^\s;&|]*bin/activate(?:[\s;&|)]|$)")
_CHOOSES_PIP = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*)?"
    r"(VIRTUAL_ENV=|PATH\+?=[^\n;&|]*(?:venv|virtualenv|VIRTUAL_ENV|conda))"
)


# A name a sourced file may give a value to: `N=`, `N+=`, `N[i]=`, and the names after a
# builtin that sets variables (`read`, `for`, `printf -v`, `unset`, `declare` …).
_ASSIGNED = re.compile(r"(?<![\w$\-])([A-Za-z_]\w*)(?:\[[^\]\n]*\])?\+?=")
_SETS_NAMES = re.compile(
    r"\b(?:read|for|select|printf\s+-v|getopts|mapfile|readarray|unset|export|readonly|local"
    r"|declare|typeset|let)\b"
)
_NAME_WORD = re.compile(r"(?<![\w$\-])[A-Za-z_]\w*")


def sourced_changes(text: str, used: str = "") -> str | None:
    """What a file run by `.`/`source` sets that the commands after it would see, as a phrase,
    or None. The gate walks the file's commands but does not carry its variables back, so only
    a setting that may change a verdict is said (`HARMLESS_SETTING` changes none), or a
    variable the sourcing script `used` expands (`. /e.sh; pip install $O …` where e.sh sets O:
    bash 5.2 and dash 0.5.12 keep it; passed silently before)."""
    named = _expanded_names(used)
    if named:
        for found in _ASSIGNED.finditer(text):
            if found.group(1) in named:
                return found.group(1)
        for command in _COMMAND.finditer(text):
            setter = _SETS_NAMES.search(command.group())
            if setter is None:
                continue
            for word in _NAME_WORD.finditer(command.group(), setter.end()):
                if word.group() in named:
                    return word.group()
    for found in _INSTALLER_VARIABLE.finditer(text):
        if not HARMLESS_SETTING.fullmatch(found.group(1)):
            return found.group(1)
    for command in _COMMAND.finditer(text):
        changer = _CHANGER.search(command.group())
        if changer is None:
            continue
        for setting in _SETTING_AFTER.finditer(command.group(), changer.end()):
            if not HARMLESS_SETTING.fullmatch(setting.group(1)):
                return setting.group(1)
    if _SET_POSITIONAL.search(text):
        return "the positional words"
    if _SETS_TRAP.search(text):
        return "a trap"
    if _DEFINES_FUNCTION.search(text):
        return "a function"
    if _ACTIVATES.search(text):
        return "a venv's activation"
    chooser = _CHOOSES_PIP.search(text)
    if chooser is not None:
        return chooser.group(1).split("=", 1)[0].rstrip("+")
    return None


def _expanded_names(text: str) -> frozenset[str]:
    """The variable names `text` expands (`$N`, `${N…}`, `${#N}`, `${!N}`)."""
    if "$" not in text:
        return frozenset()
    return frozenset(re.findall(r"\$\{?[#!]?([A-Za-z_]\w*)", text))


def _options(args: Sequence[Word], shell: bool) -> tuple[int, str]:
    """Where a shell's (or Python's) options end in `args`: the index of the first word after
    them (past `--`), and the letters among them that decide what runs: `c` (`-c` text), `s` (a
    shell reading its stdin), `n` (a shell that reads but runs nothing), `m` (`python -m`: the
    index is then the `-m` word's), `?` (a word the gate cannot read, at the index)."""
    prefixes, takes, wanted = (
        (("-", "+"), _OPTION_VALUES, "csn") if shell else (("-",), _PYTHON_VALUES, "cm")
    )
    i, letters = 0, ""
    while i < len(args):
        word = args[i]
        if not word.known:
            return i, letters + "?"
        value = word.value
        if value == "--":
            return i + 1, letters
        if not value.startswith(prefixes) or value in ("-", "+"):
            return i, letters
        if value.startswith("-") and not value.startswith("--"):
            letters += "".join(ch for ch in value[1:] if ch in wanted)
            if "m" in letters:
                return i, letters
        elif value.startswith("+") and "n" in value:
            letters = letters.replace("n", "")  # `+n`: commands run again
        i += 2 if value in takes else 1
    return i, letters


def script_index(argv: Sequence[Word]) -> int | None:
    """Where `argv` names the file it runs: `sh [options] FILE`, `python3 [options] FILE`,
    `. FILE`, `./FILE` (0). None when it runs no file (`-c`, `-s`, `-m`, a bare name looked up
    on $PATH) or the word is not known."""
    if not argv or not argv[0].known:
        return None
    program = argv[0].value
    name = program.rpartition("/")[2]  # posixpath.basename, without two calls per command
    if name in (".", "source") and program == name:
        k = 1
    elif name in SHELLS and name != "busybox":
        i, letters = _options(argv[1:], shell=True)
        k = -1 if set(letters) & set("csn?") else i + 1
    elif is_interpreter(name):
        i, letters = _options(argv[1:], shell=False)
        k = -1 if set(letters) & set("cm?") else i + 1
    elif "/" in program:
        k = 0
    else:
        return None
    return k if 0 <= k < len(argv) and argv[k].known else None


def _shell_file(
    shell: str, args: tuple[Word, ...], cwd: str, files: Files, env: Mapping[str, str | None]
) -> ScriptText | None:
    """``sh [options] file [args]``; ``-c`` and ``-s`` read no file (the shell layer's part)."""
    i, letters = _options(args, shell=True)
    if letters.endswith("?") and not set(letters) & set("csn"):
        # `sh "$X"`, `sh -e "$X"`, `bash -o errexit $X`: the word gate cannot read is an
        # option or the script; either way what runs is not known (silent after an option).
        return _read(args[i:], cwd, files, shell, shebang=False)
    if set(letters) & set("csn?"):
        return None  # `-n`: read for its syntax, not run
    # `bash --login FILE`, `sh -l FILE`, `bash -i FILE`: the options choose the start-up files
    # the shell reads before FILE (gate/shell/startup.py), so they stay with it.
    options = tuple(w.value for w in args[:i] if w.value != "--")
    runner = ("sh" if shell == "busybox" else shell, *options)
    found = _read(args[i:], cwd, files, shell, shebang=False, options=options, runner=runner)
    if found is None and i < len(args) and args[i].known:
        # `BASH_ENV=F bash /dev/null`, `bash -l /opt/base.sh`: a script gate does not hold,
        # but the shell reads its start-up files first (bash 5.2 measured): they are walked
        # with an empty script, as they are before one gate holds (silent before).
        got = startup_files((shell, *options), env, files)
        if got.unplaced or any(path in files for path in got.files):
            path = file_path(cwd, args[i].value)
            return ScriptText(path, (f"/bin/{shell}", *options, "-c"), "")
    return found


def _python_file(argv: tuple[Word, ...], cwd: str, files: Files) -> ScriptText | None:
    """`python3 [options] FILE`: the file's code, handed to the interpreter on stdin as a
    `python3 <<'EOF'` body is (its code is judged as that body's)."""
    k, letters = _options(argv[1:], shell=False)
    i = k + 1
    if letters.endswith("?") and not set(letters) & set("cm"):
        # `python3 "$X"`, `python3 -u $X`, `python3 "$D/x.py"`
        return _named_by_value(argv[i], cwd, files) or unknown_named(argv[i].value, cwd, files)
    if set(letters) & set("c?"):
        return None  # `-c CODE`: no file
    if "m" in letters:
        # `-m NAME` runs NAME.py (or NAME/__main__.py) from the working directory first; a
        # tool's module (`-m pip`) never gets here (the tool layer reads it).
        option = argv[i].value
        rest = option[option.index("m", 1) + 1 :]
        at = i if rest else i + 1
        name = rest or (argv[at].value if at < len(argv) and argv[at].known else "")
        if name == "runpy":
            # `-m runpy NAME`: runpy's main runs module NAME as `-m NAME` does (a path fails).
            at += 1
            name = argv[at].value if at < len(argv) and argv[at].known else ""
        return _python_module(name, argv[0].value, cwd, files) if name else None
    if i >= len(argv):
        return None
    if not argv[i].known:
        # `python3 -- "$X"`, `python3 -- "$D/x.py"`
        return _named_by_value(argv[i], cwd, files) or unknown_named(argv[i].value, cwd, files)
    path = file_path(cwd, argv[i].value)
    text = files.get(path)
    if text is None and path not in files and word_glob.is_glob(path):
        found = _glob_matches(path, files)
        return _globbed_runs(path, argv[:i], argv[i + 1 :], files, found)
    if text is None:
        return _capped(path, files)
    return ScriptText(path, ("/bin/sh", "-c"), _on_stdin(text, argv[0].value), handed=True)


def _code_file(runner: str, argv: tuple[Word, ...], cwd: str, files: Files) -> ScriptText | None:
    """`perl [options] FILE`, `ruby -rjson FILE`, `node -r dotenv/config FILE`, `lua5.4 FILE`:
    the first operand after the runner's options (programs.runner_args), when the build wrote
    it, is the script; none with inline code (`-e`: the mentions layer reads that). Its code is
    handed to the interpreter on stdin as a `perl <<'EOF'` body is, so it is judged as that
    body's (Python files: `_python_file`)."""
    got = runner_args(runner, argv)
    if got.code is not None or got.operand >= len(argv):
        return None
    word = argv[got.operand]
    if not word.known:
        # `perl "$X"`, `node -r x $X`: an option or the script; `perl "$D/x.pl"`, `ruby --
        # "$D/x.rb"` may be a held file that fits the known parts (silent before, as
        # `python3 "$D/x.py"` was before unknown_named)
        return _named_by_value(word, cwd, files) or unknown_named(word.value, cwd, files)
    if not got.known or word.value == "-":
        return None
    path = file_path(cwd, word.value)
    text = files.get(path)
    if text is None and path not in files and word_glob.is_glob(path):
        found = _glob_matches(path, files)
        return _globbed_runs(path, argv[: got.operand], argv[got.operand + 1 :], files, found)
    if text is None:
        return _capped(path, files)
    return ScriptText(path, ("/bin/sh", "-c"), _on_stdin(text, argv[0].value), handed=True)


def _capped(path: str, files: Files) -> ScriptText | None:
    """A script the build copied from its context that gate's caps kept it from reading: an
    empty body whose run is unknown (were it read, its installs would be judged). None for a
    file gate does not hold for any other reason."""
    why = files.capped(path)
    if why is None:
        return None
    reason = f"runs {path}, {why}: what it runs is unknown"
    return ScriptText(path, ("/bin/sh", "-c"), "", (reason,))


def stdin_files(command: Command) -> list[Command]:
    """A shell or Python reading files on stdin runs them as `sh FILE` / `python3 FILE` would:
    `sh < FILE`, `bash -s -- ARGS < FILE`, `sh /dev/stdin < FILE`, `. /dev/stdin < FILE`,
    `python3 < FILE`, and `cat A B | sh` (the shell layer gives the pipe's files as redirects:
    `<` for one, `<+` for each of several, in order). Else `[command]` as it is."""
    argv = command.argv
    if not argv or not argv[0].known:
        return [command]
    name = argv[0].value.rpartition("/")[2]  # posixpath.basename (asked of every command)
    sourced = name in (".", "source") and argv[0].value == name
    shell = name in SHELLS or sourced
    if (runner := code_runner(name)) is not None:
        return _runner_stdin_files(runner, command)
    if not shell and not is_interpreter(name):
        return [command]
    catted = _catted_code(command, shell)
    if catted is not None:
        return [catted]
    sources = _stdin_sources(command)
    if sources is None:
        return [command]
    i, letters = (0, "") if sourced else _options(argv[1:], shell)
    if set(letters) & set("cmn?"):
        return [command]  # `-c`'s text, `python -m MODULE`, `sh -n`: not a file on stdin run
    rest = argv[i + 1 :]
    if rest and rest[0].value in STDIN_OPERANDS:
        rest = rest[1:]
    elif (rest and "s" not in letters) or sourced:
        return [command]  # a script operand: the shell does not read its stdin
    return [replace(command, argv=(argv[0], source, *rest)) for source in sources]


def _runner_stdin_files(runner: str, command: Command) -> list[Command]:
    """`perl < FILE`, `cat FILE | node`, `lua - < FILE`: a code runner given no inline code and
    no script reads its program from standard input, so it runs FILE as `perl FILE` would."""
    argv = command.argv
    sources = _stdin_sources(command)
    if sources is None:
        return [command]
    got = runner_args(runner, argv)
    rest = argv[got.operand :]
    if not got.known or got.code is not None or (rest and rest[0].value != "-"):
        return [command]
    return [replace(command, argv=(argv[0], source, *rest[1:])) for source in sources]


def _stdin_sources(command: Command) -> list[Word] | None:
    """The files `command` reads on stdin, in order (the shell layer gives a pipe's files as
    `<+` redirects, one plain `<` as the last such redirect), or None. A name of a value gate
    cannot know stays (`sh < "$X"`, `python3 < "$D/x.py"`: run as `sh "$X"`, which is
    unknown; they were silent), but not a redirect whose text gate holds (`< <(echo …)`)."""
    feeds = [r for r in command.redirects if r.op == "<+" and r.target is not None]
    last = next((r for r in reversed(command.redirects) if r.op in ("<", "0<")), None)
    if not feeds and last is not None and last.target is not None:
        feeds = [last]
    if not feeds or any(not r.target.known and r.content for r in feeds if r.target):
        return None
    return [r.target for r in feeds if r.target is not None]


# `"$(cat FILE)"`, `"$(< FILE)"` or `` `cat FILE` ``: a whole file's text as one word.
_CAT_WORD = re.compile(
    r"""["']?(?:\$\(\s*(?:cat\s+|<\s*)([^\s;|&<>()$`'"]+)\s*\)"""
    r"""|`\s*cat\s+([^\s;|&<>()$`'"]+)\s*`)["']?"""
)


def _catted_code(command: Command, shell: bool) -> Command | None:
    """`python3 -c "$(cat F)" ARGS` runs F's code as `python3 F ARGS` does (`sh -c "$(cat F)"
    NAME ARGS`: `sh F ARGS`); None for any other command."""
    argv = command.argv
    i, letters = _options(argv[1:], shell)
    k = i + 1
    if "c" not in letters or "m" in letters or k >= len(argv) or argv[k].known:
        return None
    found = _CAT_WORD.fullmatch(argv[k].value)
    if found is None:
        return None
    path = found.group(1) or found.group(2)
    head = [w for w in argv[:k] if not (w.known and w.value.startswith("-") and "c" in w.value)]
    rest = argv[k + 2 :] if shell else argv[k + 1 :]  # a shell's first word after -c is $0
    return replace(command, argv=(*head, Word(path), *rest), redirects=())


def _python_module(name: str, python: str, cwd: str, files: Files) -> ScriptText | None:
    base = posixpath.join(cwd or "/", *name.split("."))
    for path in (f"{base}.py", posixpath.join(base, "__main__.py")):
        text = files.get(posixpath.normpath(path))
        if text is not None:
            body = _on_stdin(text, python)
            return ScriptText(posixpath.normpath(path), ("/bin/sh", "-c"), body, handed=True)
        capped = _capped(posixpath.normpath(path), files)
        if capped is not None:
            return capped
    return None


def on_path(name: str, command: Command, files: Files) -> str | None:
    """The file the build has that a bare program name runs, found in the command's $PATH."""
    if not name or name.startswith("-") or not files:
        return None
    path = command.env.get("PATH") or DEFAULT_PATH
    folders = _path_folders(path) if len(path) <= _MAX_CACHED_PATH else _folders_of(path)
    for folder in folders:
        candidate = folder + name
        if candidate in files:
            return candidate
    return None


_MAX_CACHED_PATH = 4096  # a longer $PATH is split each time, not kept


def _folders_of(path: str) -> tuple[str, ...]:
    """The absolute folders of `path` ($PATH), each ending in "/": posixpath.join's prefix for
    a name without "/"."""
    return tuple(
        directory if directory.endswith("/") else directory + "/"
        for directory in path.split(":")[:MAX_PATH_DIRS]
        if directory.startswith("/")
    )


# Every command asks on_path, and a build has a few $PATHs: each is split once.
_path_folders = functools.lru_cache(maxsize=64)(_folders_of)


def _read(
    args: tuple[Word, ...],
    cwd: str,
    files: Files,
    shell: str,
    *,
    shebang: bool,
    options: tuple[str, ...] = (),
    runner: tuple[str, ...] = (),
    sourced: bool = False,
) -> ScriptText | None:
    """The script `args[0]` names, run by `runner` (`sh -e`, `.`; none: run as a program);
    `sourced`: by `.` (its positional words are its caller's unless it is given some)."""
    if not args:
        return None
    if not args[0].known:
        if WHOLE_EXPANSION.fullmatch(args[0].value) is None and not args[0].whole:
            # A named file in a folder gate cannot tell (`. "$HOME/.cargo/env"`, a
            # downloaded installer's), or find's `{}` (find_exec): as a file gate does not hold,
            # unless a held file fits the name.
            found = unknown_named(args[0].value, cwd, files)
            if found is None and args[0].value == "{}":
                # find's file where gate did not judge the body per file (it cannot list them).
                why = "runs a file find hands it, which the gate cannot list"
                return ScriptText("{}", ("/bin/sh", "-c"), "", (why,))
            return found
        # `sh "$X"`, `. "$F"`, `sh "$1"`, `xargs -I{} sh {}` (one whole word of what xargs
        # reads): a script named wholly by a value gate cannot know runs code it cannot see, as
        # `sh -c "$X"` does.
        why = f"runs the script {args[0].value[:200]} names, of a value gate cannot know"
        return ScriptText(args[0].value, ("/bin/sh", "-c"), "", (why,))
    path = file_path(cwd, args[0].value)
    text = files.get(path)
    if text is None and path not in files and word_glob.is_glob(path):
        found = _globbed(path, args, cwd, files, shell, shebang, options, runner, sourced)
        if found is None and _unknown_folder(cwd) and not args[0].value.startswith("/"):
            return unknown_named(args[0].value, cwd, files)  # `sh ./*.sh` after `cd "$D"`
        return found
    if text is None:
        return _capped(path, files) or unknown_named(args[0].value, cwd, files)
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
            return ScriptText(path, ("/bin/sh", "-c"), _on_stdin(text, interpreter), handed=True)
        shell = interpreter or shell
    positional = args[1:]
    if (positional or not sourced) and all(w.known for w in positional):
        # A script run with no words has none (`$1` is empty, not unknown); one sourced with
        # none keeps its caller's.
        words = " ".join(shlex.quote(w.value) for w in positional)
        line = f"set -- {words}".rstrip() + "\n"
        # A CR LF script stays one (its last words keep their CR for the shell).
        text = CrlfText(line + text.raw) if isinstance(text, CrlfText) else line + text
    return ScriptText(path, (f"/bin/{shell}", *options, "-c"), text)


def fed_script(command: Command) -> str | None:
    """Why a shell, Python or another code runner runs a script gate cannot name, when the
    name comes from input xargs or parallel hands it that gate does not read: `… | xargs -0
    sh`, `xargs -I{} bash {}`, `ls | xargs -n1 python3`, `parallel sh ::: …` (xargs' words
    gate reads are already on the command line: `echo /s.sh | xargs sh` is `sh /s.sh`). None
    for any other command."""
    fed = command.stdin_args
    if not fed and not any(w.startswith("xargs") for w in command.wrappers):
        return None
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = argv[0].value.rpartition("/")[2]
    if name in SHELLS and name != "busybox":
        i, letters = _options(argv[1:], shell=True)
        if set(letters) & set("csn"):
            return None
        k = i + 1
    elif is_interpreter(name):
        i, letters = _options(argv[1:], shell=False)
        if set(letters) & set("cm"):
            return None
        k = i + 1
    elif (runner := code_runner(name)) is not None:
        got = runner_args(runner, argv)
        if got.code is not None:
            return None
        k = got.operand
    else:
        return None
    # parallel puts an input in a word that holds a replacement string (`{}`, `{.}`, `{1}`).
    filled = any(w.startswith("parallel") for w in command.wrappers)
    if k < len(argv) and argv[k].known and not (filled and "{" in argv[k].value):
        return None
    if k >= len(argv) and not fed:
        return None  # `xargs sh` of no words: it reads its script from (an empty) stdin
    return f"{name} runs a script named by input that xargs or parallel reads, not followed"


def file_path(cwd: str, name: str) -> str:
    """The absolute path a script's name stands for. posixpath keeps a leading `//` (POSIX
    leaves its meaning open); Linux reads it as `/`, so `sh //s.sh` runs /s.sh (silent before)."""
    path = posixpath.normpath(posixpath.join(cwd or "/", name))
    return "/" + path.lstrip("/") if path.startswith("//") else path


def _named_by_value(
    word: Word, cwd: str | None = None, files: Files | None = None
) -> ScriptText | None:
    """The run of a script whose name is `word`, a word gate cannot know: `sh "$X"`, `. "$F"`,
    `python3 -u "$X"`, `perl $X` run code gate cannot see, as `sh -c "$X"` does. None for a
    named file in a folder gate cannot tell (`. "$HOME/.cargo/env"`, a downloaded installer's)
    or find's `{}` (find_exec): as a file gate does not hold."""
    if WHOLE_EXPANSION.fullmatch(word.value) is None:
        return None if cwd is None or files is None else _in_held_folder(word, cwd, files)
    why = f"runs the script {word.value[:200]} names, of a value gate cannot know"
    return ScriptText(word.value, ("/bin/sh", "-c"), "", (why,))


# A positional word (`$0`, `"$1"`, `${2}`) as a whole command line's program.
_POSITIONAL = re.compile(r"\$(?:[0-9]|\{[0-9]+\})")
# A known folder, then a last name gate cannot know (`/d/$f`, `"$DIR"` excluded: see above).
_UNKNOWN_NAME = re.compile(r"([^$`*?\[]*/)[^/]*[$`][^/]*")


def _in_held_folder(word: Word, cwd: str, files: Files) -> ScriptText | None:
    """`sh /d/$f`, `for f in $(ls /d); do sh /d/$f; done`: a script named by a value gate
    cannot know in a folder it holds files of may be any of them. Unknown where one of them
    says it installs (or is unreadable), as a glob naming several is (`_globbed`); else None."""
    found = _UNKNOWN_NAME.fullmatch(word.value)
    if found is None:
        return None
    from gate.facts import filter_work
    from gate.facts.mentions import name_search  # mentions reads this module

    folder = file_path(cwd, found.group(1)).rstrip("/") + "/"
    if not filter_work.afford(len(files)):
        why = f"runs a file of {folder} named by a value gate cannot know: too many files"
        return ScriptText(word.value, ("/bin/sh", "-c"), "", (why,))
    for path in files:
        if path.startswith(folder) and "/" not in path[len(folder) :]:
            text = files.get(path)
            if (text is None and files.unread(path) is not None) or (
                text is not None and name_search(text) is not None
            ):
                why = (
                    f"runs a file of {folder} named by a value gate cannot know, and "
                    f"{path} there may install"
                )
                return ScriptText(word.value, ("/bin/sh", "-c"), "", (why,))
    return None


def _globbed(
    pattern: str,
    args: tuple[Word, ...],
    cwd: str,
    files: Files,
    shell: str,
    shebang: bool,
    options: tuple[str, ...],
    runner: tuple[str, ...],
    sourced: bool = False,
) -> ScriptText | None:
    """A script named by a glob the shell expands (`sh /d/*.sh`, or `for f in /d/*.sh; do sh
    "$f"; done`, where the loop's word is the glob as written): the one held file it names is
    that script; several are each run as `runner` runs one (see _globbed_runs). None: it names
    no file the build holds (a base image's own files are not judged here, as by name)."""
    found = _glob_matches(pattern, files)
    if found is not None and len(found) == 1:
        named = (Word(found[0]), *args[1:])
        return _read(
            named, cwd, files, shell, shebang=shebang, options=options, runner=runner,
            sourced=sourced,
        )  # fmt: skip
    return _globbed_runs(pattern, tuple(map(Word, runner)), args[1:], files, found)


# More held files than this named by one glob, and they are not walked one by one (unknown).
MAX_GLOBBED = 16


def _globbed_runs(
    pattern: str,
    runner: Sequence[Word],
    rest: Sequence[Word],
    files: Files,
    found: list[str] | None,
) -> ScriptText | None:
    """The files a glob names, each run as `runner FILE REST` would run it, as a script of such
    commands: a loop runs each (and `sh /d/*.sh` only the first, the rest its words; which is
    first is the locale's collation, so each is judged, the worst wins). Only the names were
    looked at before: several files, none naming an installer, passed silently though one ran a
    script that installs (`sh /x/i.sh`, `make`, a file another wrote). Past MAX_GLOBBED files,
    or past the build's filter work, unknown."""
    if found is None:
        why = f"runs {pattern}: too many files to match"
        return ScriptText(pattern, ("/bin/sh", "-c"), "", (why,))
    if not found:
        return None
    if len(found) > MAX_GLOBBED or not all(w.known for w in runner):
        why = f"runs the {len(found)} files {pattern} names, more than gate follows one by one"
        return ScriptText(pattern, ("/bin/sh", "-c"), "", (why,))
    if len(runner) == 1 and runner[0].value in (".", "source"):
        # `for f in /d/*.sh; do . "$f"; done`: each file in turn in the one shell, each parsed
        # alone (a heredoc left open at one's end must not take in the next one's text), and
        # what they set read for the commands after (sourced_changes) from all their texts.
        texts = [files.get(path) for path in found]
        if any(text is None for text in texts):
            why = f"sources the {len(found)} files {pattern} names, one of which gate cannot read"
            return ScriptText(pattern, ("/bin/sh", "-c"), "", (why,))
        sourced = "\n".join(text for text in texts if text)
        lines = "".join(f"{runner[0].value} {shlex.quote(path)}\n" for path in found)
        return ScriptText(pattern, ("/bin/sh", "-c"), lines, sourced=sourced)
    head = [shlex.quote(w.value) for w in runner]
    tail = [shlex.quote(w.value) for w in rest] if all(w.known for w in rest) else []
    text = "".join(" ".join([*head, shlex.quote(path), *tail]) + "\n" for path in found)
    return ScriptText(pattern, ("/bin/sh", "-c"), text)


def _glob_matches(pattern: str, files: Files) -> list[str] | None:
    """The held files `pattern` names, or None past the build's filter work."""
    from gate.facts import filter_work

    # A look at every held path per run: charged to the build's filter work (a step of many
    # such runs over a large context must stay bounded).
    if not filter_work.afford(len(files)):
        return None
    return word_glob.matches(pattern, files, len(files))


# An expansion inside a word: what it stands for may hold anything, `/` included; a glob's
# wildcards are taken so too (a wider reading, never a narrower one).
# Each search stops at the next opener of its kind (`[^}$]`, `[^\]/[]`): a word of many unclosed
# ones (`"$D/[[[[…"`) was searched to its end from each, 60,000 of them taking 10 s (after
# _flattened, no `${`/`$(` left holds another).
_EXPANSION = re.compile(
    r"\$\{[^}$]*\}|\$\([^)$]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`"
    r"|[*?]|\[[^\]/\[]*\]"
)


def _flattened(value: str) -> str:
    """`value` with each `$(…)` and `${…}` run to the last closing one taken as one expansion: a
    nested one (`"$(dirname "$(readlink -f $D)")/10.sh"`, `${D:-${HOME}}`) ended at its first
    closing one, leaving a piece no path fits (silent). Wider, never narrower; linear (str.find,
    no backtracking pattern)."""
    for opener, closer in (("$(", ")"), ("${", "}")):
        while (start := value.find(opener)) >= 0 and (end := value.rfind(closer)) > start:
            value = f"{value[:start]}$_{value[end + 1 :]}"
    return value


def _unknown_folder(cwd: str) -> bool:
    return cwd.startswith(("/<unknown", "$")) or "$" in cwd


def unknown_named(
    value: str, cwd: str, files: Files, *, scripts_only: bool = False
) -> ScriptText | None:
    """A script named by a word partly of a value gate cannot know (`sh "$D/10.sh"`, `.
    "/d/$N.sh"`, `python3 "$D/x.py"`), or by a relative name in a folder it cannot tell (`sh
    ./10.sh` after `WORKDIR $D`): where a file the build holds fits the word's known parts, it
    may be that one, so what runs is unknown (these passed silently over a held script that
    installs); so for a file another program reads as code (`make -f "$D/x.mk"`). None where
    no held file fits (`. "$HOME/.cargo/env"` of a file gate does not hold stays as before), or
    where the word has no known part at all (`"$X"`: _read).
    `scripts_only`: only a file whose text gate holds counts."""
    from gate.facts import filter_work

    if not files:
        return None
    while value.startswith("./"):
        value = value[2:].lstrip("/")
    pieces = _EXPANSION.split(_flattened(value))
    if len(pieces) == 1 and not _unknown_folder(cwd):
        return None  # a known name in a known folder: not held
    if not any(piece.strip("/") for piece in pieces):
        return None
    if not value.startswith(("/", "$", "`")):
        folder = "" if _unknown_folder(cwd) else (cwd or "/").rstrip("/")
        pieces[0] = f"{folder}/{pieces[0]}"
        anchored = bool(folder)
    else:
        anchored = not value.startswith(("$", "`"))
    if not filter_work.afford(len(files) * len(pieces)):
        why = f"runs {value[:200]}, of a value gate cannot know: too many files to match"
        return ScriptText(value, ("/bin/sh", "-c"), "", (why,))
    for path in files:
        if _fits(path, pieces, anchored) and (not scripts_only or files.get(path) is not None):
            what = "of a value" if len(pieces) > 1 else "in a folder"
            why = (
                f"runs {value[:200]}, {what} gate cannot know, which may be {path[:200]} "
                "the build holds"
            )
            return ScriptText(value, ("/bin/sh", "-c"), "", (why,))
    return None


def _fits(path: str, pieces: list[str], anchored: bool) -> bool:
    """`path` is the known pieces in order with anything between them (each expansion's
    value); the first piece at its start when `anchored`, the last at its end. Leftmost
    placement: linear in the path, however many expansions the word has."""
    first, last = pieces[0], pieces[-1]
    if anchored and not path.startswith(first):
        return False
    if len(pieces) == 1:
        return path == first if anchored else path.endswith(first)
    if not path.endswith(last):
        return False
    at = len(first) if anchored else 0
    end = len(path) - len(last)
    if not anchored:
        found = path.find(first, 0, end)
        if found < 0:
            return False
        at = found + len(first)
    for piece in pieces[1:-1]:
        found = path.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return at <= end


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
