"""What the pip that installs a build's dependencies reads besides the finder's settings:
`--build-constraint FILE` (pip >= 25.3; `PIP_BUILD_CONSTRAINT`, `build-constraint =`), and the
requirements/constraints files its own settings name (pip.py `_build_env_files`).

pip hands each file to the pip it starts to install a build's dependencies as `--constraint FILE`
(build_env/installer.py), after `--no-binary`/`--only-binary` copied from its own finder. So the
file's option lines apply after everything the install itself read, to the build environment,
and a `-r` inside it names requirements that pip installs there. Measured pip 26.2.1 with a fake
sdist on a local `--find-links`: `pip install --only-binary :all: --build-constraint bc.txt ./app`,
app's `[build-system] requires` naming evil and bc.txt holding `--no-binary evil`, builds evil
(so does `PIP_BUILD_CONSTRAINT=bc.txt`); without the file it stops ("no matching distribution").

The file is read only where the install builds something itself (a local project, a direct
reference): an install of names and wheels that is binary-only starts no build environment. A
line that can only narrow sources (`--only-binary X`) is not carried into the install's own
verdict: it does not make the install's own packages binary-only.
"""

from __future__ import annotations

from collections.abc import Iterable

from gate.facts import unreadable
from gate.facts.context import FactContext
from gate.facts.pip_requirements import RequirementsResult, parse_requirements
from gate.model import Env, OptionEvent, Requirement, RequirementFile, Unknown, Word

OPTION = "--build-constraint"
KEY = "build-constraint"
_NO_BUILD_OF_ITS_OWN = frozenset({"name", "wheel"})


def may_build(requirements: Iterable[Requirement]) -> bool:
    """Whether pip may build something whatever its format settings (and so read the file)."""
    return any(r.kind not in _NO_BUILD_OF_ITS_OWN for r in requirements)


def read(named: Iterable[tuple[Word, bool]], ctx: FactContext, env: Env) -> RequirementsResult:
    """What files the build environment's pip reads add (each a word and whether it is read
    as constraints): their events that may turn sources on, the requirements they (or a `-r`
    inside) name, their files and unknowns."""
    files: list[RequirementFile] = []
    events: list[OptionEvent] = []
    requirements: list[Requirement] = []
    unknowns: list[Unknown] = []
    for word, constraint in named:
        kind = "constraints file" if constraint else "requirements file"
        unnamed = unreadable.of_name(word, kind)
        if unnamed is not None:
            unknowns.append(unnamed)
        result = parse_requirements(word.value, ctx, constraint=constraint, env=env)
        files.extend(result.files)
        events.extend(e for e in result.events if _may_turn_on(e))
        requirements.extend(result.requirements)
        unknowns.extend(result.unknowns)
    return RequirementsResult(tuple(files), tuple(events), tuple(requirements), tuple(unknowns))


def _may_turn_on(event: OptionEvent) -> bool:
    return event.option != "only-binary" or ":none:" in event.value.split(",")
