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


def test_a_template_not_rendered_is_one_warning_listing_the_other_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    template = UNKNOWN.with_name("unrendered-template.Dockerfile")
    assert main(["dockerfile", "--no-config", "--format", "json", str(template)]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["location"]["line"] == 2
    assert finding["message"].endswith(
        "{{ is not a Dockerfile instruction, so docker build refuses the file (a typo, or a "
        "template not rendered?); 2 more unknown instructions (lines 4, 5)"
    )


def test_onbuild_triggers_docker_refuses_are_each_a_warning_at_their_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # BuildKit refuses `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` when it parses
    # the file: they were read without a word.
    refused = UNKNOWN.with_name("onbuild-refused-triggers.Dockerfile")
    assert main(["dockerfile", "--no-config", "--format", "json", str(refused)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["location"]["line"], f["verdict"]) for f in findings] == [
        (2, "unknown"), (3, "unknown"), (4, "unknown")
    ]
    assert "`ONBUILD ONBUILD` isn't allowed" in findings[0]["message"]
    assert "MAINTAINER isn't allowed as an ONBUILD trigger" in findings[2]["message"]
