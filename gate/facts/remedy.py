"""The one place remediation is decided: what a finding tells the user to change, per tool.

Each extractor writes the concrete compliant command line (`Install.fix`, it knows the argv); the
short hint beside it is chosen here from the fact alone, and the policy only quotes it.
"""

from __future__ import annotations

from gate.facts.source_fix import spelled
from gate.model import Install

_HINTS = {
    "pip": "add --only-binary :all:",
    "uv": "add --no-build",
    "uvx": "add --no-build",
    "poetry": "set POETRY_INSTALLER_ONLY_BINARY=:all:",
    "pdm": "set PDM_ONLY_BINARY=:all:",
    "pipenv": "set PIP_ONLY_BINARY=:all: (or --extra-pip-args=--only-binary=:all:)",
    "pipx": "pass --pip-args=--only-binary=:all:",
}
# pipx on its uv backend ignores pip's options: the pip backend must be chosen as well.
_PIPX_UV = (
    "pass --pip-args=--only-binary=:all: and force the pip backend (PIPX_DEFAULT_BACKEND=pip)"
)
DEFAULT = "switch source builds off"


def hint(install: Install) -> str:
    """The one-line remedy for an install that can build from source."""
    if install.tool == "pipx" and install.backend == "uv":
        return _PIPX_UV
    if install.tool == "pdm" and install.command.startswith("self "):
        return _HINTS["pipx"]  # PDM's own environment: pip's options, through --pip-args
    if install.tool == "pipenv" and install.command in ("lock", "uninstall", "clean"):
        return "set PIP_ONLY_BINARY=:all:"  # their resolver is not handed --extra-pip-args
    return _HINTS.get(install.tool, DEFAULT)


# Requirement kinds only-binary does not cover: pip, uv and the rest build them from source
# whatever `--only-binary :all:` or `--no-build` says (or refuse them outright).
DIRECT_KINDS = frozenset({"vcs", "url", "archive"})


def fix(install: Install) -> str | None:
    """What the finding tells the user to run or change. An install of a direct reference is
    not fixed by a flag, so the extractor's flagged command line would mislead: say what to
    replace instead; every other install keeps its extractor's command line, spelled as the
    user wrote it where the fix only adds a flag (source_fix)."""
    direct = [r for r in install.requirements if r.kind in DIRECT_KINDS]
    if not direct:
        return spelled(install) or install.fix
    named = ", ".join(
        # A manifest's reference names its manifest in its text already (manifest_refs).
        r.text if r.source == "cli" or r.source in r.text else f"{r.text} (in {r.source})"
        for r in direct[:3]
    )
    if len(direct) > 3:
        named += f" and {len(direct) - 3} more"
    return (
        f"replace {named} with a published release (name==version from an index) or a wheel "
        "built in a trusted step; a binary-only flag does not cover direct references"
    )
