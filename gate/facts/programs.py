"""Which Python packaging tool a command runs, however it is spelled.

`pip`, `pip3.12`, `/opt/venv/bin/pip`, `python -m pip`, `python3.12 -mpip`, `py -m pip`, `pip.exe`
and `C:\\Python\\python.exe -m pip` are one program (pip's console scripts and `-m pip` share one
entry point), so every spelling maps to the same tool name.
"""

from __future__ import annotations

import re

from gate.facts.context import ToolCall
from gate.model import Command, Word

_PIP = re.compile(r"pip(\d+(\.\d+)*)?")
_PYTHON = re.compile(r"(python|pypy)(\d+(\.\d+)*)?[mdu]?|py")
_EASY_INSTALL = re.compile(r"easy_install(-\d+(\.\d+)*)?")
_DIRECT = {
    "uv": "uv",
    "uvx": "uvx",
    "poetry": "poetry",
    "pipx": "pipx",
    "pipenv": "pipenv",
    "pdm": "pdm",
}
# `python -m X` spellings of the same tools.
_MODULES = {
    "pip": "pip",
    "uv": "uv",
    "poetry": "poetry",
    "pipx": "pipx",
    "pipenv": "pipenv",
    "pdm": "pdm",
    "easy_install": "easy_install",
}
# Interpreter options that take a value (`python -W ignore -m pip`).
_PY_OPTS_WITH_VALUE = {"-W", "-X", "--check-hash-based-pycs"}


def program_name(word: str) -> str:
    """The bare program name: no directory (POSIX or Windows), no `.exe`, lower-cased on Windows."""
    name = re.split(r"[/\\]", word)[-1]
    if name.lower().endswith(".exe"):
        name = name[:-4].lower()
    return name


def identify(command: Command) -> ToolCall | None:
    """The ToolCall for a command that runs a Python packaging tool, else None."""
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if _PIP.fullmatch(name):
        return ToolCall("pip", argv[1:], command, argv[0].value)
    if name in _DIRECT:
        return ToolCall(_DIRECT[name], argv[1:], command, argv[0].value)
    if _EASY_INSTALL.fullmatch(name):
        return ToolCall("easy_install", argv[1:], command, argv[0].value)
    if name == "setup.py":
        return ToolCall("setuptools", argv[1:], command, argv[0].value)
    if _PYTHON.fullmatch(name):
        return _interpreter_call(argv, command)
    return None


def _interpreter_call(argv: tuple[Word, ...], command: Command) -> ToolCall | None:
    i = 1
    while i < len(argv):
        word = argv[i]
        text = word.value
        if not word.known:
            return None
        if text == "-m" and i + 1 < len(argv):
            module = argv[i + 1].value
            tool = _MODULES.get(module)
            spelling = " ".join(w.value for w in argv[: i + 2])
            return ToolCall(tool, argv[i + 2 :], command, spelling) if tool else None
        if text.startswith("-m") and len(text) > 2:
            tool = _MODULES.get(text[2:])
            spelling = " ".join(w.value for w in argv[: i + 1])
            return ToolCall(tool, argv[i + 1 :], command, spelling) if tool else None
        if text in ("-c", "-") or not text.startswith("-"):
            # `python -c …` runs inline code and `python x.py` a script: only setup.py counts.
            if program_name(text) == "setup.py":
                spelling = " ".join(w.value for w in argv[: i + 1])
                return ToolCall("setuptools", argv[i + 1 :], command, spelling)
            return None
        if text in _PY_OPTS_WITH_VALUE:
            i += 2
            continue
        i += 1
    return None
