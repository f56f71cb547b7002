"""Programs that install packages from an index through pip or uv with settings of their own.

pex, shiv, pip-run, tox, nox, hatch, pixi, rye, micropipenv, flit, conda-lock, pre-commit and
pip-audit resolve or install PyPI packages for the build, building source distributions unless
their own configuration (a tox.ini, a pixi.toml, a hatch environment) says otherwise. gate does
not model those settings, so such a command is `unknown`, as pip-sync and pip-compile are.
"""

from __future__ import annotations

import itertools

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
