"""Every labelled case of the shared corpora, judged end to end through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from tests.support.paths import REPO, shared


def _cases(folder: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((shared(folder) / "cases.yaml").read_text())
    assert isinstance(cases, list) and cases, f"no cases in {folder}"
    return cases


def _judge(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    status = main([*argv, "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    doc = json.loads(out.out)
    return status, doc


def _lines(doc: dict[str, Any], key: str, severity: str) -> set[int]:
    return {
        f["location"][key]
        for f in doc["findings"]
        if f["severity"] == severity and f["location"][key] is not None
    }


@pytest.mark.parametrize("case", _cases("corpus"), ids=lambda c: c["id"])
def test_dockerfile_corpus_case_is_judged_exactly(
    case: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["dockerfile", str(shared("corpus", case["file"]))]
    for name, value in (case.get("build_args") or {}).items():
        argv += ["--build-arg", f"{name}={value}"]
    status, doc = _judge(argv, capsys)
    denied = _lines(doc, "line", "deny")
    assert denied == set(case["deny"])
    assert _lines(doc, "line", "warn") == set(case.get("warn") or [])
    assert status == (1 if case["deny"] else 0)
    assert doc["summary"]["deny"] >= len(denied)


@pytest.mark.parametrize("case", _cases("corpus-images"), ids=lambda c: c["id"])
def test_image_corpus_case_is_judged_exactly(
    case: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["image", "--config-file", str(shared("corpus-images", case["file"]))]
    status, doc = _judge(argv, capsys)
    assert _lines(doc, "history_index", "deny") == set(case["deny"])
    assert _lines(doc, "history_index", "warn") == set(case.get("warn") or [])
    assert status == (1 if case["deny"] else 0)


@pytest.mark.parametrize("folder", ["corpus", "corpus-images"])
def test_shared_grader_finds_every_case_exact(folder: str) -> None:
    """The shared grader, run against the installed console script, agrees case by case."""
    gate = Path(sys.executable).with_name("gate")
    assert gate.exists(), f"console script missing: {gate}"
    result = subprocess.run(
        [sys.executable, str(shared("tools", "grade.py")), str(shared(folder))],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "GATE": str(gate)},
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "precision 1.000 recall 1.000" in result.stdout
