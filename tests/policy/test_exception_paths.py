"""An exception's `path` means the same file however the command line spelled it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.model import InputError
from gate.policy.judge import judge, load_engine
from gate.runner import (
    DockerfileOptions,
    ImageInputs,
    dockerfile_source,
    facts_of,
    image_sources,
)
from tests.policy.conftest import DATA

CASES = DATA / "exception_paths"
SPELLINGS: list[dict[str, Any]] = yaml.safe_load((CASES / "spellings.yaml").read_text())


@pytest.fixture(scope="module")
def engine() -> Any:
    return load_engine((), (str(CASES / "exceptions.yaml"),))


@pytest.mark.parametrize("case", SPELLINGS, ids=[c["spelled"] for c in SPELLINGS])
def test_exception_path_matches_the_file_not_its_spelling(
    case: dict[str, Any], engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(CASES / "project", project)
    (project / "vendor" / "deep").mkdir()
    os.symlink("vendor/deep", project / "link")
    shutil.copy(project / "Dockerfile", tmp_path / "Dockerfile")
    monkeypatch.chdir(project)
    real = os.path.realpath(tmp_path)

    def filled(text: str) -> str:
        return text.format(project=f"{real}/project", outside=real)

    source = dockerfile_source(filled(case["spelled"]), DockerfileOptions(base_env="none"))
    findings = judge(facts_of(source), engine, strict=False)
    (finding,) = [f for f in findings if f.install is not None]
    assert finding.location.path == filled(case["name"])
    reason = None if finding.suppressed is None else finding.suppressed.split(" (exception:")[0]
    assert reason == case["covered"]


UNOPENABLE: list[dict[str, Any]] = yaml.safe_load((CASES / "unopenable.yaml").read_text())


@pytest.mark.parametrize("case", UNOPENABLE, ids=[c["spelled"] for c in UNOPENABLE])
def test_a_spelling_the_system_cannot_open_is_named_as_written(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(CASES / "project", project)
    monkeypatch.chdir(project)
    with pytest.raises(InputError) as raised:
        dockerfile_source(case["spelled"], DockerfileOptions(base_env="none"))
    assert str(raised.value) == case["error"]


CONFIG_SPELLINGS: list[dict[str, Any]] = yaml.safe_load(
    (CASES / "config_spellings.yaml").read_text()
)


@pytest.mark.parametrize("case", CONFIG_SPELLINGS, ids=[c["spelled"] for c in CONFIG_SPELLINGS])
def test_exception_path_matches_an_image_config_file_not_its_spelling(
    case: dict[str, Any], engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gate.sources.images import ImageOptions

    project = tmp_path / "project"
    shutil.copytree(CASES / "project", project)
    monkeypatch.chdir(project)
    sources, errors = image_sources(ImageInputs(config_files=(case["spelled"],)), ImageOptions())
    assert errors == []
    (source,) = sources
    findings = judge(facts_of(source), engine, strict=False)
    (finding,) = [f for f in findings if f.install is not None]
    assert finding.location.path == case["name"]
    reason = None if finding.suppressed is None else finding.suppressed.split(" (exception:")[0]
    assert reason == case["covered"]
