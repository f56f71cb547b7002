"""A finding inside a multi-line RUN points at the install's own lines and columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "report" / "located"
MULTILINE = DATA / "multiline.Dockerfile"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["dockerfile", "--no-config", *argv, str(MULTILINE)]) == 1
    return capsys.readouterr().out


def _findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    findings = json.loads(_run(capsys, "--format", "json"))["findings"]
    assert isinstance(findings, list)
    return findings


def test_json_keeps_the_instruction_line_and_adds_the_command_span(
    capsys: pytest.CaptureFixture[str],
) -> None:
    located = [(f["location"]["line"], f["location"]["command"]) for f in _findings(capsys)]
    assert located == [
        # `pip install \ flask==3.0` on lines 6-7 of the RUN that starts on line 2.
        (2, {"line": 6, "column": 8, "end_line": 7, "end_column": 19}),
        # Inside a heredoc body.
        (9, {"line": 11, "column": 1, "end_line": 11, "end_column": 19}),
        # A one-line RUN: the command after the keyword.
        (13, {"line": 13, "column": 5, "end_line": 13, "end_column": 22}),
    ]


def test_text_report_shows_the_command_line_not_the_run_head(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(capsys)
    assert "multiline.Dockerfile:6:8 [deny]" in out
    assert "    6 | && pip install \\\n    7 |     flask==3.0 \\\n" in out
    assert "apt-get update" not in out
    assert "multiline.Dockerfile:11:1 [deny]" in out


def test_sarif_region_is_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    sarif = json.loads(_run(capsys, "--format", "sarif"))
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif["runs"][0]["results"]]
    assert regions[0] == {"startLine": 6, "startColumn": 8, "endLine": 7, "endColumn": 19}
    from tests.report.test_sarif import _errors

    assert _errors(sarif) == []  # still valid against the official 2.1.0 schema


def test_github_annotation_points_at_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _run(capsys, "--format", "github").splitlines()
    assert ",line=6,endLine=7," in lines[0]
    assert ",line=13,endLine=13,col=5,endColumn=22," in lines[2]


def test_facts_install_location_carries_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["facts", "dockerfile", str(MULTILINE)]) == 0
    installs = json.loads(capsys.readouterr().out)["installs"]
    assert installs[0]["location"]["command"] == {
        "line": 5,
        "column": 8,
        "end_line": 5,
        "end_column": 48,
    }


def test_code_the_gate_cannot_see_into_points_at_its_own_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(DATA / "opaque.Dockerfile")
    assert main(["dockerfile", "--no-config", "--format", "json", path]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["location"]["line"] == 2
    assert finding["location"]["command"] == {
        "line": 4,
        "column": 8,
        "end_line": 4,
        "end_column": 23,
    }
