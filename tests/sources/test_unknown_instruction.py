"""An instruction docker build does not know is a warning at its line: not silence, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.cli import main

UNKNOWN = (
    Path(__file__).resolve().parents[1] / "data" / "dockerfile" / "unknown-instruction.Dockerfile"
)


def test_unknown_instruction_is_a_warning_with_an_unknown_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["dockerfile", "--no-config", "--format", "json", str(UNKNOWN)]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["severity"], finding["verdict"]) == ("warn", "unknown")
    assert finding["location"]["line"] == 2
    assert "RUNN is not a Dockerfile instruction" in finding["message"]


def test_unknown_instruction_is_denied_under_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dockerfile", "--no-config", "--strict", str(UNKNOWN)]) == 1
