"""BuildSource → BuildCommands: the shell layer as one stage of the pipeline.

Every Run of every stage becomes the simple commands it would execute (gate.shell.walk); file
steps pass through unchanged. The fact layer reads the result and never calls the shell itself,
except for the text of a script file the build runs (its content is known only there).
"""

from __future__ import annotations

from gate.model import BuildCommands, BuildSource, CommandStage, Run, ShellRun
from gate.shell.walk import analyse


def build_commands(source: BuildSource) -> BuildCommands:
    """The commands of every Run, in build order, beside the source's file steps."""
    stages: list[CommandStage] = []
    for stage in source.stages:
        steps = tuple(
            ShellRun(step, analyse(step)) if isinstance(step, Run) else step for step in stage.steps
        )
        stages.append(CommandStage(stage, steps))
    return BuildCommands(source, tuple(stages))
