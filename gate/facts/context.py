"""What a tool extractor is handed: the recognised call and the build state around it."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from gate.model import Command, Env, Run, Word


@dataclass(frozen=True)
class ToolCall:
    """A command recognised as a Python packaging tool invocation."""

    tool: str  # pip | uv | uvx | poetry | pipx | pipenv | pdm | setuptools | easy_install
    # Everything after the program, after `-m pip`, or after `setup.py`: options and subcommands.
    args: tuple[Word, ...]
    command: Command
    # How it was spelled, for messages and fixes: "pip3", "python3 -m pip", "./setup.py".
    spelling: str
    # Leading words of `args` the program implies rather than its user wrote: `python get-pip.py
    # flask` runs `pip install flask`, so args start with an implied `install`.
    implied: int = 0


@dataclass(frozen=True)
class FactContext:
    """The build as far as the gate knows it when a command runs."""

    run: Run
    # Image path → file content for files the build wrote so far in this stage (and its parents);
    # None when the file exists but the gate cannot read it.
    files: Mapping[str, str | None]

    @property
    def workdir(self) -> str:
        return self.run.workdir or "/"

    def home(self, env: Env) -> str:
        """$HOME as the command sees it; Docker's default user is root."""
        value = env.get("HOME")
        return value if value else "/root"

    def resolve(self, path: str) -> str:
        """An image path for `path` as written on a command line (relative to WORKDIR)."""
        if path.startswith("~/"):
            path = "/root/" + path[2:]
        return posixpath.normpath(posixpath.join(self.workdir, path))

    def read(self, path: str) -> str | None:
        """Content of an image file the gate can see, or None."""
        return self.files.get(self.resolve(path))


def words_text(words: tuple[Word, ...]) -> tuple[str, ...]:
    return tuple(w.value for w in words)
