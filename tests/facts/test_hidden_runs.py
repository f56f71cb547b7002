"""Installers run where the gate used to lose them: under a copied name, from a file on stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "hidden_runs" / "Dockerfile"


def test_an_installer_run_under_a_copied_or_linked_name_is_judged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["dockerfile", str(DATA), "--format", "json", "--base-env", "none", "--no-config"])
    report = json.loads(capsys.readouterr().out)
    denied = {f["location"]["line"] for f in report["findings"] if f["severity"] == "deny"}
    # line 6 copies a text file, not an installer; a link named after another tool (line 7) is
    # that tool where it runs (line 8: uv pip install, not pip with a "pip" subcommand).
    assert denied == {2, 4, 5, 8}


def test_a_script_file_fed_to_a_shell_on_stdin_is_walked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stdin = DATA.with_name("stdin.Dockerfile")
    main(["dockerfile", str(stdin), "--format", "json", "--base-env", "none", "--no-config"])
    report = json.loads(capsys.readouterr().out)
    denied = {f["location"]["line"] for f in report["findings"] if f["severity"] == "deny"}
    assert denied == {3, 4, 6}  # `sh -c` reads its script from -c, not from the file
