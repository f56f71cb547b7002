"""BuildSource → BuildCommands: the shell layer as one stage of the pipeline.

Every Run of every stage becomes the simple commands it would execute (gate.shell.walk); file
steps pass through unchanged. The fact layer reads the result and never calls the shell itself,
except for the text of a script file the build runs (its content is known only there).

A step whose shell is assumed, not read (``Run.alternative_shells``: a Windows base image whose
config could not be read runs cmd by default, PowerShell in python's official images), is read
under each shell it may run under; when they do not find the same commands, the body's meaning
depends on a shell the gate does not know, and — when the body names a Python installer at all
— the step is opaque (unknown) besides what the assumed shell finds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from gate.fast_replace import replace
from gate.model import (
    BuildCommands,
    BuildSource,
    Command,
    CommandStage,
    Deferred,
    FileWrite,
    Homes,
    Opaque,
    Run,
    Script,
    ShellRun,
    StageCopy,
)
from gate.shell import users
from gate.shell.walk import analyse

MAX_TEXT = 200  # characters of a body quoted in an Opaque
# A body that names none of these installs nothing whichever shell reads it.
_INSTALLER = re.compile(
    r"(?<![\w-])(pip[\d.]*|uvx?|poetry|pipx|pipenv|pdm|easy_install|setup\.py)(?![\w-])",
    re.IGNORECASE,
)

_GLOB = re.compile(r"[*?[]")

# One command as a shell read it: its words, and the environment it runs with.
_Reading = tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]]


def build_commands(source: BuildSource) -> BuildCommands:
    """The commands of every Run, in build order, beside the source's file steps.

    The build's users (gate/shell/users.py) flow along with the steps, as its files do: a
    stage starts with those of the stage it is built FROM (a base image's are not known), and
    each Run is given them, so that HOME after `USER NAME`, `su NAME` or `sudo -u NAME` is the
    home NAME's passwd entry holds."""
    stages: list[CommandStage] = []
    ends: dict[int, Homes] = {}
    for stage in source.stages:
        homes = ends.get(stage.parent, Homes()) if stage.parent is not None else Homes()
        steps: list[ShellRun | FileWrite | StageCopy] = []
        for step in stage.steps:
            if isinstance(step, Run):
                run = _placed(step, homes)
                script = run_commands(run)
                if not run.onbuild and script.homes is not None:
                    homes = script.homes  # a trigger runs in a child build, not this one
                steps.append(ShellRun(run, script))
            elif isinstance(step, FileWrite):
                # An ONBUILD COPY is the child build's. Only the users' files change the users
                # (asked here of every file a `COPY . .` writes, before _copied is called).
                if not step.onbuild and step.path in _USER_FILES:
                    homes = _copied(step, homes, ends)
                steps.append(step)
            else:
                # A RUN's mount is gone after it.
                if not step.mount:
                    homes = _copied(step, homes, ends)
                steps.append(step)
        ends[stage.index] = homes
        stages.append(CommandStage(stage, tuple(steps)))
    return BuildCommands(source, tuple(stages))


def _placed(run: Run, homes: Homes) -> Run:
    """`run` given the build's users, with the HOME its USER's passwd entry gives."""
    if not run.user:
        return replace(run, homes=homes)
    return replace(run, homes=homes, env={**run.env, "HOME": homes.home(run.user)})


_USER_FILES = frozenset({users.PASSWD, users.USERADD_DEFAULTS})


def _copied(step: FileWrite | StageCopy, homes: Homes, ends: Mapping[int, Homes]) -> Homes:
    """The users after a COPY: /etc/passwd written from the context, or taken from a stage."""
    if isinstance(step, FileWrite):
        content = step.content
        if step.path not in (users.PASSWD, users.USERADD_DEFAULTS):
            return homes
        text = content.read() if isinstance(content, Deferred) else content
        return users.after_file(homes, step.path, text if isinstance(text, str) else None)
    source = step.source.rstrip("/") or "/"
    if source == users.PASSWD:
        lands = posixpath.join(step.dest, "passwd") if step.into_dir else step.dest
    elif users.PASSWD.startswith(source.rstrip("/") + "/") and not _GLOB.search(source):
        lands = posixpath.join(step.dest, users.PASSWD[len(source.rstrip("/")) + 1 :])
    else:
        return homes
    if posixpath.normpath(lands) != users.PASSWD:
        return homes
    taken = ends.get(step.stage, Homes())
    return replace(homes, accounts=taken.accounts)


def run_commands(run: Run) -> Script:
    """One Run's commands, under the shell in effect and any it may run under instead."""
    script = analyse(run)
    if run.exec_form or not run.alternative_shells or not _INSTALLER.search(run.script):
        return script
    read = _reading(script.commands)
    for shell in run.alternative_shells:
        other = analyse(replace(run, shell=shell, alternative_shells=()))
        if _reading(other.commands) != read:
            reason = (
                f"the shell in effect is not known (the base image's config was not read): "
                f"the body reads differently under {shell[0]} than under {run.shell[0]}"
            )
            opaque = Opaque(reason, run.script[:MAX_TEXT])
            return Script(script.commands, (*script.opaque, opaque))
    return script


def _reading(
    commands: tuple[Command, ...],
) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]], ...]:
    """What a shell made of a body: each command's words and the environment it runs with."""
    return tuple((tuple(w.value for w in c.argv), tuple(sorted(c.env.items()))) for c in commands)
