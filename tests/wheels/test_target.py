"""The platform and Python version of an install come from the build, and are never guessed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile
from gate.sources.history import history_source
from gate.wheels.target import WheelTarget, derive_target

DATA = Path(__file__).resolve().parent.parent / "data" / "wheels"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "targets.yaml").read_text())


def _target(tmp_path: Path, case: dict[str, Any]) -> WheelTarget:
    path = tmp_path / "Dockerfile"
    path.write_text(case["dockerfile"])
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    install = facts_of(source).installs[-1]
    return derive_target(source, install, case.get("platform"), case.get("python"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_target_comes_from_the_build(tmp_path: Path, case: dict[str, Any]) -> None:
    target = _target(tmp_path, case)
    for name, value in case["expected"].items():
        assert getattr(target, name) == value, name
    if "unknown" in case:
        reason = target.unknown()
        assert reason is not None and case["unknown"] in reason
    else:
        assert target.unknown() is None
        assert target.uv_platform() == case["uv_platform"]
        assert target.evidence


def test_image_config_gives_the_platform() -> None:
    config = {
        "os": "linux",
        "architecture": "arm64",
        "config": {"Env": ["PYTHON_VERSION=3.12.4"]},
        "history": [
            {"created_by": "ENV PYTHON_VERSION=3.12.4", "empty_layer": True},
            {"created_by": "RUN /bin/sh -c pip install flask # buildkit"},
        ],
    }
    source = history_source(config, name="app:1")
    install = facts_of(source).installs[0]
    target = derive_target(source, install)
    assert (target.os, target.arch, target.python) == ("linux", "aarch64", "3.12")
    # An image has no base tag: its C library is not known, and that is said.
    assert target.unknown() is not None and "C library" in (target.unknown() or "")
