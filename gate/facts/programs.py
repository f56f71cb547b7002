"""Which Python packaging tool a command runs, however it is spelled.

`pip`, `pip3.12`, `/opt/venv/bin/pip`, `python -m pip`, `python3.12 -mpip`, `py -m pip`, `pip.exe`
and `C:\\Python\\python.exe -m pip` are one program (pip's console scripts and `-m pip` share one
entry point), so every spelling maps to the same tool name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gate.facts.context import ToolCall
from gate.model import Command, Word

# A word that is one parameter expansion and nothing else (`$X`, `${X}`, `${X:-d}`, `${X/a/b}`,
# `${!X}`, `${X[0]}`, and a positional `$1`, `"$@"` the shell layer could not fill): where it
# names a script or Makefile, gate cannot know which.
WHOLE_EXPANSION = re.compile(
    r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*]|\{!?(?:[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?|[1-9][0-9]*|[@*])"
    r"(?:[:\-=+?#%/^,@][^}]*)?\})"
)

# pip, pip3, pip3.12, and the distro spellings pip-3, pip-3.12 (Fedora) and pip.pyz (zipapp).
_PIP = re.compile(r"pip(\d+(\.\d+)*)?(-\d+(\.\d+)*)?(\.pyz)?|pip-[\d.]+\.pyz")
# Interpreters by any name they are installed under: python3.12, python3.13t (free-threaded),
# python3-dbg and python3.12-dbg (Debian), python2.7-i686 or python3-64 (renamed builds), pypy3,
# graalpy, pythonw and py (Windows). What follows the version is a build tag, never a new program.
_PYTHON = re.compile(
    r"(python|pypy|graalpy|pyston|cinder|jython|ironpython|ipy)(\d+(\.\d+)*)?[mdut]*"
    r"([-_][A-Za-z0-9_]+)?w?|py|pythonw"
)
_EASY_INSTALL = re.compile(r"easy_install(-\d+(\.\d+)*)?")
_DIRECT = {
    "uv": "uv",
    "uvx": "uvx",
    "poetry": "poetry",
    "pipx": "pipx",
    "pipenv": "pipenv",
    "pdm": "pdm",
}
# `python -m X` spellings of the same tools (`-m pip.__main__` runs the same module).
_MODULES = {
    "pip": "pip",
    "uv": "uv",
    "poetry": "poetry",
    "pipx": "pipx",
    "pipenv": "pipenv",
    "pdm": "pdm",
    "easy_install": "easy_install",
    # `python -m setup ARGS` imports ./setup.py (the working directory leads sys.path): its
    # setup() runs as `python setup.py ARGS` does.
    "setup": "setuptools",
}
# CPython's short options: flags, and those that take a value (attached or as the next word).
_PY_FLAGS = frozenset("bBdEhiIOPqRsSuvVx3")
_PY_SHORT_WITH_VALUE = frozenset("WX")
_PY_LONG_WITH_VALUE = {"--check-hash-based-pycs"}
# get-pip.py hands its arguments to `pip install`: given requirements, it installs them (also
# under the names builds save it as: getpip.py, get_pip.py).
_GET_PIP = re.compile(r"get[-_]?pip\.py", re.IGNORECASE)


# Bounded: a resident server sees names without end. Every command and every fact asks this of
# its words (80,000 calls over the 261 shared real-world files), nearly all of a few names.
@functools.lru_cache(maxsize=4096)
def program_name(word: str) -> str:
    """The bare program name: no directory (POSIX or Windows), no `.exe`, lower-cased on Windows."""
    # As re.split on both, without a regex; most words have neither (every command asks).
    name = word.replace("\\", "/").rsplit("/", 1)[-1] if "/" in word or "\\" in word else word
    if name.lower().endswith(".exe"):
        name = name[:-4].lower()
    return name


def identify(command: Command) -> ToolCall | None:
    """The ToolCall for a command that runs a Python packaging tool, else None."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    # cmd and PowerShell find a program without regard to case on Windows (`PIP install x`
    # runs pip.exe; it passed silently while `pip.EXE` was judged). On Linux such a name runs
    # nothing, and the build fails on it anyway.
    kind = _kind(name) or (_kind(name.lower()) if name != name.lower() else "")
    if not kind:
        return None
    if kind == _GET_PIP_KIND:
        return _get_pip(argv, 1, command)
    if kind == _INTERPRETER_KIND:
        return _interpreter_call(argv, command)
    return ToolCall(kind, argv[1:], command, argv[0].value)


_GET_PIP_KIND = "get-pip"
_INTERPRETER_KIND = "python"


# Bounded, as program_name, whose names it is given: every command asks (10,000 times over the
# 261 real files), and its three regular expressions cost more than the rest of `identify`.
@functools.lru_cache(maxsize=4096)
def _kind(name: str) -> str:
    """What `identify` makes of a program name, in its order: a tool name, _GET_PIP_KIND,
    _INTERPRETER_KIND, or "" for none."""
    if _PIP.fullmatch(name):
        return "pip"
    if name in _DIRECT:
        return _DIRECT[name]
    if _EASY_INSTALL.fullmatch(name):
        return "easy_install"
    if name == "setup.py":
        return "setuptools"
    if _GET_PIP.fullmatch(name):
        return _GET_PIP_KIND
    if is_interpreter(name):
        return _INTERPRETER_KIND
    return ""


@functools.lru_cache(maxsize=4096)  # as program_name, whose names it is given
def is_interpreter(name: str) -> bool:
    """`name` (as program_name gives it) is a Python interpreter."""
    return bool(_PYTHON.fullmatch(name))


def _module_tool(module: str) -> str | None:
    if module.endswith(".__main__"):
        module = module[: -len(".__main__")]
    return _MODULES.get(module)


def _get_pip(argv: tuple[Word, ...], i: int, command: Command) -> ToolCall:
    spelling = " ".join(w.value for w in argv[:i])
    return ToolCall("pip", (Word("install"), *argv[i:]), command, spelling, implied=1)


def _script_call(argv: tuple[Word, ...], i: int, command: Command) -> ToolCall | None:
    """`python SCRIPT args`: setup.py, get-pip.py, pip run as a directory or a zipapp."""
    text = argv[i].value
    name = program_name(text)
    spelling = " ".join(w.value for w in argv[: i + 1])
    if name == "setup.py":
        return ToolCall("setuptools", argv[i + 1 :], command, spelling)
    if _GET_PIP.fullmatch(name):
        return _get_pip(argv, i + 1, command)
    # `python /usr/lib/python3/dist-packages/pip` runs the package's __main__.py, as does
    # `python pip.pyz` (the zipapp) and `python …/pip/__main__.py`.
    parts = [p for p in re.split(r"[/\\]", text) if p]
    in_dir = len(parts) > 1
    zipapp = ".pyz" in name
    if parts[-2:] == ["pip", "__main__.py"] or (_PIP.fullmatch(name) and (in_dir or zipapp)):
        return ToolCall("pip", argv[i + 1 :], command, spelling)
    if name == "pipx.pyz":  # pipx's release zipapp
        return ToolCall("pipx", argv[i + 1 :], command, spelling)
    return None


def _venv_upgrade(argv: tuple[Word, ...], end: int, command: Command) -> ToolCall | None:
    """`python -m venv --upgrade-deps DIR`: the new environment's pip runs `pip install
    --upgrade pip setuptools` (pip alone from Python 3.12) against the index."""
    # argparse takes a prefix that names one option only: `--upgrade` alone is another one.
    if not any(w.value.startswith("--upgrade-") and "--upgrade-deps".startswith(w.value)
               for w in argv[end:]):  # fmt: skip
        return None
    spelling = " ".join(w.value for w in argv)
    implied = (Word("install"), Word("--upgrade"), Word("pip"), Word("setuptools"))
    return ToolCall("pip", implied, command, spelling, implied=len(implied))


def _interpreter_target(argv: tuple[Word, ...]) -> tuple[str, int, str] | None:
    """What an interpreter's options leave it to run: ("script", index of the script word, "")
    or ("module", index of the first word after the module name, module); None for inline code,
    standard input, or an option word of no known value."""
    i = 1
    while i < len(argv):
        word = argv[i]
        text = word.value
        if not word.known:
            return None
        if text == "--" or text == "-" or not text.startswith("-"):
            if text == "--" and i + 1 < len(argv):
                i += 1
            return ("script", i, "") if argv[i].value != "-" else None
        if text.startswith("--"):
            i += 2 if text in _PY_LONG_WITH_VALUE else 1
            continue
        # A cluster of short options: flags, then at most one option that takes the rest
        # (`-Esm pip`, `-Impip`, `-Wignore`, `-c code`).
        for k, ch in enumerate(text[1:], 1):
            rest = text[k + 1 :]
            if ch == "m":
                if not rest and (i + 1 >= len(argv) or not argv[i + 1].known):
                    return None
                module = rest if rest else argv[i + 1].value
                return "module", i + 1 if rest else i + 2, module
            if ch == "c":
                return None  # inline code: the facts layer reads it as a mention, not a call
            if ch in _PY_SHORT_WITH_VALUE:
                i += 0 if rest else 1
                break
            if ch not in _PY_FLAGS:
                break  # an option this table does not know: read it as a flag
        i += 1
    return None


def script_word(argv: tuple[Word, ...]) -> str | None:
    """The script an interpreter's options leave it to run (`python3 -X dev
    --check-hash-based-pycs default bootstrap-buildout.py`), or None (a module, inline code,
    standard input, not an interpreter)."""
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return None
    target = _interpreter_target(argv)
    if target is None or target[0] != "script" or target[1] >= len(argv):
        return None
    word = argv[target[1]]
    return word.value if word.known else None


def module_argv(argv: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """`python3 -Im MODULE ARGS…` as the command line of the module's own program (`MODULE
    ARGS…`, a trailing `.__main__` dropped), for programs gate reads by name (conda, pip-tools'
    `piptools`); None when `argv` does not run a module."""
    if not argv or not argv[0].known or not is_interpreter(program_name(argv[0].value)):
        return None
    target = _interpreter_target(argv)
    if target is None or target[0] != "module":
        return None
    module = target[2].removesuffix(".__main__")
    return (Word(module), *argv[target[1] :])


def _interpreter_call(argv: tuple[Word, ...], command: Command) -> ToolCall | None:
    target = _interpreter_target(argv)
    if target is None:
        return None
    kind, end, module = target
    if kind == "script":
        return _script_call(argv, end, command)
    if module == "venv":
        return _venv_upgrade(argv, end, command)
    tool = _module_tool(module)
    spelling = " ".join(w.value for w in argv[:end])
    return ToolCall(tool, argv[end:], command, spelling) if tool else None


# Interpreters of other languages whose code can run commands: the program from inline code
# (`-e`), a script operand, or standard input. Debian names some with their version (lua5.4,
# tclsh8.6, php8.2, perl5.36.0, ruby3.1).
_CODE_RUNNER = re.compile(r"(perl|ruby|php|lua|luajit|tclsh|wish)[0-9.]*|(node|nodejs|Rscript)")
# Per runner, short options: letters whose value is inline code; letters whose value is the rest
# of the word (`perl -Mstrict`, `ruby -rjson`, `lua -lsocket`); of those, the ones that take the
# next word when nothing follows the letter (`perl -I DIR`, `ruby -r LIB`, `node -r MOD`); and
# letters followed by digits, then more letters (`perl -l0ne`, `ruby -W0`).
_SHORT: dict[str, tuple[str, str, str, str]] = {
    "perl": ("eE", "MmIixCdDF", "I", "l0"),
    "ruby": ("e", "rICEFixK", "rICE", "0WT"),
    "node": ("ep", "rC", "rC", ""),
    "nodejs": ("ep", "rC", "rC", ""),
    "php": ("rBRE", "dcz", "dcz", ""),
    "lua": ("e", "l", "l", ""),
    "luajit": ("e", "lbj", "lbj", ""),
    "Rscript": ("e", "", "", ""),
}
_LONG_INLINE = frozenset({"--eval", "--print", "--expr"})
_LONG_VALUED = frozenset(
    {"--require", "--import", "--loader", "--experimental-loader", "--conditions", "--title",
     "--env-file", "--input-type", "--inspect-port", "--icu-data-dir", "--openssl-config",
     "-encoding"}
)  # fmt: skip


@functools.lru_cache(maxsize=4096)  # as is_interpreter: asked several times of every command
def code_runner(name: str) -> str | None:
    """The language runner `name` (as program_name gives it) is, without its version: `perl`
    for perl5.36.0, `lua` for lua5.4; None for any other program."""
    found = _CODE_RUNNER.fullmatch(name)
    return None if found is None else found.group(1) or found.group(2)


@dataclass(frozen=True)
class RunnerArgs:
    """How a code runner's words give its program."""

    code: Word | None  # the inline code (`-e CODE`), None when there is none
    operand: int  # index in argv of the first word after the options (and the inline code)
    letters: str  # the short option letters given (not their values)
    known: bool  # every option word was known (else the words from `operand` on are unread)


# Runners that run every `-e` they are given, in order, as lines of one program (`perl -e 'print
# 1;' -w -e 'system(…)'`; measured perl 5.36: both ran; ruby(1) and lua(1) say so), and node,
# which runs only its last (measured node 20: `node -e A -e B` ran B alone).
_JOINS_INLINE = frozenset({"perl", "ruby", "lua", "luajit"})
_LAST_INLINE = frozenset({"node", "nodejs"})
MAX_INLINE = 256  # `-e` words joined; past it the program is of a value gate does not read


def runner_args(runner: str, argv: tuple[Word, ...]) -> RunnerArgs:
    """Read a code runner's options: its inline code, or where its operands start (the first is
    its script; none, or `-`, and it reads its program from standard input)."""
    got = _runner_args(runner, argv)
    if runner not in _JOINS_INLINE | _LAST_INLINE or got.code is None:
        return got
    codes, letters, start = [got.code], got.letters, got.operand
    while start < len(argv) and argv[start].known and argv[start].value.startswith("-"):
        if len(codes) > MAX_INLINE:
            return RunnerArgs(Word("", known=False), start, letters, True)
        more = _runner_args(runner, (argv[0], *argv[start : start + 64]))
        if more.code is None or more.operand <= 1:
            break
        codes = [more.code] if runner in _LAST_INLINE else [*codes, more.code]
        letters += more.letters
        start += more.operand - 1
    if len(codes) == 1:
        return RunnerArgs(codes[0], start, letters, True) if codes[0] is not got.code else got
    joined = Word("\n".join(c.value for c in codes), known=all(c.known for c in codes))
    return RunnerArgs(joined, start, letters, True)


def _runner_args(runner: str, argv: tuple[Word, ...]) -> RunnerArgs:
    inline, valued, separate, digits = _SHORT.get(runner, ("", "", "", ""))
    letters = ""
    i = 1
    while i < len(argv):
        word = argv[i]
        if not word.known:
            return RunnerArgs(None, i, letters, False)
        value = word.value
        if value == "--":
            return RunnerArgs(None, i + 1, letters, True)
        if not value.startswith("-") or value == "-":
            break
        if value.startswith("--") or runner in ("tclsh", "wish"):
            option, eq, attached = value.partition("=")
            if option in _LONG_INLINE:
                if eq:
                    return RunnerArgs(Word(attached), i + 1, letters, True)
                return RunnerArgs(argv[i + 1] if i + 1 < len(argv) else None, i + 2, letters, True)
            i += 2 if option in _LONG_VALUED and not eq else 1
            continue
        i += 1
        k = 1
        while k < len(value):
            c = value[k]
            rest = value[k + 1 :]
            if c in inline:
                if runner in ("node", "nodejs"):
                    rest = ""  # `node -pe CODE`: node takes no attached values
                code = Word(rest) if rest else argv[i] if i < len(argv) else None
                return RunnerArgs(code, i if rest else i + 1, letters + c, True)
            letters += c
            k += 1
            if c in valued:
                if not rest and c in separate:
                    i += 1  # `-I DIR`: the next word is the value
                break
            while c in digits and k < len(value) and value[k].isdigit():
                k += 1
    return RunnerArgs(None, i, letters, True)
