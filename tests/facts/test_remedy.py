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


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (
            "pip install git+https://github.com/pallets/flask@3.0.0",
            "git+https://github.com/pallets/flask@3.0.0",
        ),
        (
            "pip install --only-binary :all: https://example.com/x-1.0.tar.gz",
            "https://example.com/x-1.0.tar.gz",
        ),
        ("uv pip install ./dist/pkg-1.0.tar.gz", "./dist/pkg-1.0.tar.gz"),
    ],
)
def test_a_direct_reference_is_never_fixed_by_a_binary_only_flag(
    body: str, named: str, tmp_path: Path
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM python:3.12\nRUN {body}\n")
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    (install,) = facts_of(source).installs
    assert install.fix is not None
    assert install.fix.startswith(f"replace {named} with a published release")
    assert "--only-binary :all:" not in install.fix and "--no-build" not in install.fix


def test_a_name_keeps_the_extractors_command_line(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM python:3.12\nRUN pip install flask\n")
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    (install,) = facts_of(source).installs
    assert install.fix == "pip install --only-binary :all: flask"
