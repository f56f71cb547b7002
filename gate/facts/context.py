"""What a tool extractor is handed: the recognised call and the build state around it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gate.build_files import Files
from gate.facts import globbed_targets, own_project
from gate.model import (
    BinaryPolicy,
    Command,
    Env,
    Install,
    Requirement,
    RequirementFile,
    Run,
    Unknown,
    Unread,
    Word,
)
from gate.sources import image_paths
from gate.sources.image_paths import is_windows_path

# The home of a user gate cannot place: nothing the build wrote is there.
UNKNOWN_HOME = "/<unknown home>"
# The working directory after a `cd` gate could not follow (`cd "$DIR"`): a relative path
# there may name any file.
UNKNOWN_CWD = "/<unknown directory>"
# Directory levels a search up for a project file climbs: deeper than any real image path.
_MAX_DEPTH = 64


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
    # The branches the command runs in (Command.branch): a file written in them is certain to it.
    branch: tuple[tuple[int, int], ...] = ()
    # What a lock exporter before it in a pipe prints (`poetry export | pip install -r -`).
    stdin: Unread | None = None

    @property
    def workdir(self) -> str:
        return self.run.workdir or "/"

    def home(self, env: Env) -> str:
        """$HOME as the command sees it; Docker's default user is root."""
        if "HOME" in env and env["HOME"] is None:
            return UNKNOWN_HOME  # a USER whose passwd entry gate does not see
        value = env.get("HOME")
        return value if value else "/root"

    @property
    def windows(self) -> bool:
        """The image is a Windows one: a drive-letter WORKDIR, or a cmd SHELL (PowerShell runs
        on Linux images too)."""
        shell = self.run.shell[0] if self.run.shell else ""
        name = shell.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
        return is_windows_path(self.workdir) or name == "cmd"

    def resolve(self, path: str) -> str:
        """An image path for `path` as written on a command line (relative to WORKDIR); on a
        Windows image (`C:\\app`, `C:/app`) in the form the Dockerfile's files are held in."""
        if path.startswith("~/"):
            path = "/root/" + path[2:]
        if is_windows_path(path) or is_windows_path(self.workdir):
            return image_paths.join(self.workdir, path)
        return posixpath.normpath(posixpath.join(self.workdir, path))

    def read(self, path: str) -> str | None:
        """Content of an image file the gate can see, or None."""
        return self.files.get(self.resolve(path))

    def nearest_with(self, start: str, name: str) -> str | None:
        """The nearest directory from `start` up to `/` that holds a file `name`, as a tool
        looking for its project finds it; None when there is none (or it is too deep to be real).
        """
        directory = posixpath.normpath(start)
        for _ in range(_MAX_DEPTH):
            if posixpath.join(directory, name) in self.files:
                return directory
            parent = posixpath.dirname(directory)
            if parent == directory:
                return None
            directory = parent
        return None


def output_file(ctx: FactContext, given: Sequence[Word]) -> dict[str, None]:
    """The file a tool's last output option (`export -o F`) names, written with text the gate
    cannot know (a lock's references may be URLs and VCS links a later `pip install -r F`
    builds); nothing when it names none, or none the gate can tell."""
    if not given or not given[-1].known:
        return {}
    return {ctx.resolve(given[-1].value): None}


def words_text(words: tuple[Word, ...]) -> tuple[str, ...]:
    return tuple(w.value for w in words)


_NO_POLICY = BinaryPolicy()


def install_fact(
    call: ToolCall,
    ctx: FactContext,
    tool: str,
    command: str,
    *,
    binary: BinaryPolicy = _NO_POLICY,
    requirements: Iterable[Requirement] = (),
    requirement_files: Iterable[RequirementFile] = (),
    unknowns: Iterable[Unknown] = (),
    resolves: bool = False,
    no_deps: bool = False,
    backend: str | None = None,
    fix: str | None = None,
) -> Install:
    """The Install fact of `call` in the RUN of `ctx`, the same way for every tool.

    Where the command stands and what it says come from the call and its RUN; an unknown met
    twice (say by two options with one unresolved value) is reported once, in first-seen order.
    A local project is judged by whose it is (a git checkout's, an unpacked archive's).
    """
    text = call.command.text
    globbed = [
        globbed_targets.expanded(r, ctx.resolve(r.text), ctx.files, text) for r in requirements
    ]
    judged = [_checked_out(r, ctx) for r, _ in globbed]
    targets = tuple(j.requirement for j in judged)
    files = tuple(requirement_files)
    unsure = [j.unknown for j in judged if j.unknown is not None]
    unknowns = (*unknowns, *(u for _, u in globbed if u is not None))
    unknowns = (*unknowns, *own_project.relevant(unsure, binary, targets, files, no_deps))
    return Install(
        id=0,
        tool=tool,
        command=command,
        argv=tuple(w.value for w in call.command.argv),
        text=call.command.text,
        location=ctx.run.location,
        binary=binary,
        requirements=targets,
        requirement_files=files,
        unknowns=tuple(dict.fromkeys(unknowns)),
        resolves=resolves,
        no_deps=no_deps,
        backend=backend,
        from_base=ctx.run.from_base,
        onbuild=ctx.run.onbuild,
        fix=fix,
    )


def _checked_out(requirement: Requirement, ctx: FactContext) -> own_project.Judged:
    """A local project judged by whose it is (gate/facts/own_project.py)."""
    if requirement.kind != "local" or not isinstance(ctx.files, Files):
        return own_project.Judged(requirement)
    directory = ctx.resolve(own_project.local_path(requirement.text))
    return own_project.judged(requirement, ctx.files, directory)
