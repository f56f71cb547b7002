"""The runner: each stage of the pipeline once, in order; the Dockerfile read once."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import Any

import pytest

from gate import runner
from gate.runner import DockerfileOptions, PolicyOptions, dockerfile_source, judge, load_policy

DATA = Path(__file__).resolve().parent / "data"


def test_suppressions_come_from_the_text_the_source_read(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    shutil.copy(DATA / "suppressions" / "reviewed.Dockerfile", path)
    source = dockerfile_source(str(path), DockerfileOptions(no_context=True, base_env="none"))
    path.write_text("FROM python:3.12\n")  # changed after reading: the report must not see it
    report = judge(source, load_policy(PolicyOptions()), PolicyOptions())
    by_line = {f.location.line: f for f in report.findings}
    assert by_line[4].suppressed == "SEC-123 reviewed sdist build"
    assert report.sources[str(path)].startswith("FROM python:3.12\n# Reviewed")


def _many(tmp_path: Path) -> list[str]:
    paths = []
    for n in range(runner.MANY):
        path = tmp_path / f"{n}.Dockerfile"
        path.write_text("FROM python:3.12\nRUN pip install flask\n")
        paths.append(str(path))
    return paths


def test_many_files_are_judged_at_a_higher_collector_threshold_given_back_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = runner.judge

    def judged(*args: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(*args)

    monkeypatch.setattr(runner, "judge", judged)
    before = gc.get_threshold()
    options = DockerfileOptions(no_context=True, base_env="none")
    try:
        outcome = runner.judge_dockerfiles(_many(tmp_path), options, PolicyOptions())
    finally:
        gc.unfreeze()
    assert len(outcome.reports) == runner.MANY
    assert all(r.findings for r in outcome.reports)  # each install still judged
    assert seen == [10_000] * runner.MANY
    assert gc.get_threshold() == before


def test_the_collector_threshold_is_given_back_when_judging_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("judging failed")

    monkeypatch.setattr(runner, "judge", broken)
    before = gc.get_threshold()
    options = DockerfileOptions(no_context=True, base_env="none")
    try:
        with pytest.raises(RuntimeError):
            runner.judge_dockerfiles(_many(tmp_path), options, PolicyOptions())
    finally:
        gc.unfreeze()
    assert gc.get_threshold() == before
