"""Programs that install packages through pip or uv with settings of their own, and task runners
whose recipes gate does not follow.

pex, shiv, pip-run, tox, nox, hatch, pixi, rye, micropipenv, flit, conda-lock, pre-commit and
pip-audit resolve or install PyPI packages for the build, building source distributions unless
their own configuration (a tox.ini, a pixi.toml, a hatch environment) says otherwise. gate does
not model those settings, so such a command is `unknown`, as pip-sync and pip-compile are.

just, task, poe, `pdm run` and npm (its lifecycle scripts) run recipes from files of their own;
where such a file in the build holds an install command, the command that runs it is `unknown`
(gate follows make's recipes, not these).
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Mapping

from gate.facts.mentions import TOKEN, runs_installer
from gate.facts.programs import program_name
from gate.model import Command, Word

# Program → the verbs that install (None: any invocation but help and version).
_VERBS: dict[str, frozenset[str] | None] = {
    "pex": None,
    "shiv": None,
    "pip-run": None,
    "tox": None,
    "nox": None,
    "micropipenv": frozenset({"install"}),
    "flit": frozenset({"install"}),
    "conda-lock": frozenset({"install"}),
    "hatch": frozenset({"env", "run", "shell", "test", "build"}),
    "pixi": frozenset({"install", "run", "r", "shell", "exec", "x", "add", "update", "upgrade"}),
    "rye": frozenset({"sync", "add", "install", "run", "tools"}),
    "pre-commit": frozenset({"install-hooks", "run", "try-repo", "install"}),
}
_QUIET = frozenset({"-h", "--help", "-V", "--version", "-l", "--list", "--list-sessions"})


def installs(command: Command) -> str | None:
    """Why `command`, or a runner it runs under (`hatch run …`), may install packages the gate
    cannot judge; None when it does not."""
    for wrapper in command.wrappers:
        found = _installs([Word(w) for w in wrapper.split()])
        if found is not None:
            return found
    return _installs(list(command.argv))


def _installs(argv: list[Word]) -> str | None:
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    words = [w.value for w in argv[1:] if w.known]
    if (name not in _VERBS and name != "pip-audit") or any(w in _QUIET for w in words):
        return None
    if name == "pip-audit":
        # It audits the running environment, or installs -r files (or a project) into a
        # temporary one to audit them.
        installs = any(
            w in ("-r", "--requirement") or w.startswith("--requirement=") for w in words
        )
        return _reason(name) if installs or any(not w.startswith("-") for w in words) else None
    verbs = _VERBS[name]
    if verbs is None:
        return _reason(name)
    operands = [w for w in words if not w.startswith("-")]
    if not operands or operands[0] not in verbs:
        return None
    if name == "flit" and _deps_none(words):
        return None  # `flit install --deps none`: the project alone
    if name == "pre-commit" and operands[0] == "install" and "--install-hooks" not in words:
        return None  # only the git hook script
    return _reason(name)


def _deps_none(words: list[str]) -> bool:
    return "--deps=none" in words or any(
        a == "--deps" and b == "none" for a, b in itertools.pairwise(words)
    )


def _reason(name: str) -> str:
    return (
        f"{name} installs packages from an index through pip or uv, with settings of its own "
        "the gate does not read"
    )


# Task runner → the files in its working directory that hold its recipes.
_RECIPE_FILES: dict[str, tuple[str, ...]] = {
    "just": ("justfile", "Justfile", ".justfile"),
    "task": ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"),
    "poe": ("pyproject.toml", "poe_tasks.toml"),
    "pdm": ("pyproject.toml",),
    "npm": ("package.json",),
    "yarn": ("package.json",),
    "pnpm": ("package.json",),
}
# The verbs that run recipes (None: any operand names a recipe).
_RECIPE_VERBS: dict[str, frozenset[str] | None] = {
    "just": None,
    "task": None,
    "poe": None,
    "pdm": frozenset({"run"}),
    "npm": frozenset({"install", "i", "ci", "run", "run-script", "start", "test", "rebuild"}),
    "yarn": frozenset({"install", "run", "start", "test"}),
    "pnpm": frozenset({"install", "i", "run", "start", "test"}),
}


def runs_recipe_installer(
    command: Command, cwd: str, files: Mapping[str, str | None]
) -> str | None:
    """Why the recipe a task runner runs may install packages gate does not see, or None."""
    runner = _runner(command)
    if runner is None:
        return None
    for name in _RECIPE_FILES[runner]:
        path = posixpath.join(cwd, name)
        text = files.get(path) if path in files else None
        if text and runs_installer(TOKEN.findall(text[:1_000_000])):
            return f"a {runner} recipe in {path} runs an install command the gate does not follow"
    return None


def _runner(command: Command) -> str | None:
    """The task runner `command` is (`yarn` alone installs), or runs under (`pdm run NAME`)."""
    for wrapper in command.wrappers:
        words = wrapper.split()
        if len(words) > 1 and program_name(words[0]) == "pdm" and words[1] == "run":
            return "pdm"
    argv = command.argv
    if not argv or not argv[0].known:
        return None
    name = program_name(argv[0].value)
    if name not in _RECIPE_VERBS:
        return None
    verbs = _RECIPE_VERBS[name]
    operands = [w.value for w in argv[1:] if w.known and not w.value.startswith("-")]
    if verbs is None:
        return name
    if name == "yarn" and not operands:
        return name  # `yarn` alone is `yarn install`
    return name if operands and operands[0] in verbs else None
