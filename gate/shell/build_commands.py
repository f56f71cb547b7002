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

import re
from dataclasses import replace

from gate.model import (
    BuildCommands,
    BuildSource,
    Command,
    CommandStage,
    Opaque,
    Run,
    Script,
    ShellRun,
)
from gate.shell.walk import analyse

MAX_TEXT = 200  # characters of a body quoted in an Opaque
# A body that names none of these installs nothing whichever shell reads it.
_INSTALLER = re.compile(
    r"(?<![\w-])(pip[\d.]*|uvx?|poetry|pipx|pipenv|pdm|easy_install|setup\.py)(?![\w-])",
    re.IGNORECASE,
)

# One command as a shell read it: its words, and the environment it runs with.
_Reading = tuple[tuple[str, ...], tuple[tuple[str, str | None], ...]]


def build_commands(source: BuildSource) -> BuildCommands:
    """The commands of every Run, in build order, beside the source's file steps."""
    stages: list[CommandStage] = []
    for stage in source.stages:
        steps = tuple(
            ShellRun(step, run_commands(step)) if isinstance(step, Run) else step
            for step in stage.steps
        )
        stages.append(CommandStage(stage, steps))
    return BuildCommands(source, tuple(stages))


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
