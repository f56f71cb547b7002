"""The command line: exit statuses, one-line errors, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gate.cli import main

DATA = Path(__file__).parent / "data" / "cli"


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1 and err.startswith("gate: "), err
    assert "Traceback" not in err and "internal error" not in err
    return err


def test_compliant_dockerfile_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dockerfile", str(DATA / "compliant.Dockerfile")]) == 0


def test_noncompliant_dockerfile_exits_one_and_shows_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["dockerfile", str(DATA / "noncompliant.Dockerfile")]) == 1
    out = capsys.readouterr().out
    assert "pip install flask" in out
    assert "--only-binary :all:" in out


def test_missing_file_is_one_line_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(capsys, "dockerfile", str(DATA / "does-not-exist.Dockerfile"))
    assert "does-not-exist.Dockerfile" in err


def test_directory_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert str(DATA) in _one_line_error(capsys, "dockerfile", str(DATA))


def test_binary_junk_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "binary-junk.Dockerfile" in _one_line_error(
        capsys, "dockerfile", str(DATA / "binary-junk.Dockerfile")
    )


def test_file_without_instructions_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    _one_line_error(capsys, "dockerfile", str(DATA / "no-instructions.Dockerfile"))


def test_fifo_is_refused_without_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "Dockerfile"
    os.mkfifo(fifo)
    _one_line_error(capsys, "dockerfile", str(fifo))


def test_one_broken_file_does_not_hide_the_others(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "dockerfile",
            str(DATA / "noncompliant.Dockerfile"),
            str(DATA / "does-not-exist.Dockerfile"),
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr()
    assert status == 2
    assert json.loads(out.out)["summary"]["deny"] == 1
    assert "does-not-exist.Dockerfile" in out.err


def test_unknown_target_stage_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    err = _one_line_error(
        capsys, "dockerfile", str(DATA / "noncompliant.Dockerfile"), "--target", "nope"
    )
    assert "nope" in err


def test_facts_prints_the_policy_input_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "dockerfile", str(DATA / "noncompliant.Dockerfile")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1
    assert [i["tool"] for i in doc["installs"]] == ["pip"]
    assert doc["installs"][0]["location"]["line"] == 2


def test_console_script_help_is_fast_and_clean() -> None:
    gate = Path(sys.executable).with_name("gate")
    result = subprocess.run([str(gate), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert "dockerfile" in result.stdout


def test_build_context_defaults_to_the_dockerfile_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["dockerfile", str(DATA / "context" / "Dockerfile"), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 1
    (finding,) = doc["findings"]
    assert "git+https://github.com/systemd/mkosi.git" in finding["message"]


def test_no_context_leaves_copied_files_unread(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["dockerfile", str(DATA / "context" / "Dockerfile"), "--no-context", "--format", "json"]
    status = main(argv)
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert doc["findings"] == []
