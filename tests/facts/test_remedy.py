"""Remediation is decided in one place: the hint each install carries in the policy input."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.facts.document import facts_json
from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("pip install flask", "add --only-binary :all:"),
        ("uv pip install flask", "add --no-build"),
        ("poetry install", "set POETRY_INSTALLER_ONLY_BINARY=:all:"),
        ("pdm sync", "set PDM_ONLY_BINARY=:all:"),
        ("pipenv install", "set PIP_ONLY_BINARY=:all: (or --extra-pip-args=--only-binary=:all:)"),
        ("PIPX_DEFAULT_BACKEND=pip pipx install black", "pass --pip-args=--only-binary=:all:"),
        ("pipx install black", "force the pip backend (PIPX_DEFAULT_BACKEND=pip)"),
        ("easy_install flask", "switch source builds off"),
    ],
)
def test_each_install_carries_its_tools_hint(body: str, hint: str, tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM python:3.12\nRUN {body}\n")
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    (install,) = facts_json(facts_of(source))["installs"]
    assert install["hint"].endswith(hint)
