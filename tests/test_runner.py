"""The runner: each stage of the pipeline once, in order; the Dockerfile read once."""

from __future__ import annotations

import shutil
from pathlib import Path

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
