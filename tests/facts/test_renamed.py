"""An installer copied or linked under another name is still judged where it runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "renamed" / "Dockerfile"


def test_an_installer_run_under_a_copied_or_linked_name_is_judged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["dockerfile", str(DATA), "--format", "json", "--base-env", "none", "--no-config"])
    report = json.loads(capsys.readouterr().out)
    denied = {f["location"]["line"] for f in report["findings"] if f["severity"] == "deny"}
    # line 6 copies a text file, not an installer; a link named after another tool (line 7) is
    # that tool where it runs (line 8: uv pip install, not pip with a "pip" subcommand).
    assert denied == {2, 4, 5, 8}
