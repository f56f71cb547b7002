"""The command line in pipes: `gate dockerfile -` reads standard input; a reader that leaves early
(`gate ... | head`) ends gate quietly, never with a traceback and never as a pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO

EXAMPLE = REPO / "examples" / "Dockerfile"


def _gate(*args: str, stdin: bytes | None = None, stdout: int | None = subprocess.PIPE,
          cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "gate.cli", *args], input=stdin, stdout=stdout,
        stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=120, check=False,
    )  # fmt: skip


def test_a_dash_reads_the_dockerfile_from_standard_input() -> None:
    done = _gate("dockerfile", "--format", "json", "-", stdin=EXAMPLE.read_bytes())
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["target"]["path"] == "-"
    assert sorted(f["location"]["line"] for f in report["findings"]) == [8, 13]


def test_stdin_gets_the_same_verdicts_and_suppressions_as_the_file(tmp_path: Path) -> None:
    text = b'FROM x\n# gate: ignore=python-build-scripts reason="vendored"\nRUN pip install a\n'
    (tmp_path / "Dockerfile").write_bytes(text)
    piped = _gate("dockerfile", "--format", "json", "-", stdin=text, cwd=tmp_path)
    filed = _gate("dockerfile", "--format", "json", "Dockerfile", cwd=tmp_path)
    assert piped.returncode == filed.returncode == 0
    assert json.loads(piped.stdout)["summary"] == json.loads(filed.stdout)["summary"]
    assert json.loads(piped.stdout)["summary"]["suppressed"] == 1


def test_empty_standard_input_is_one_line_and_exit_2() -> None:
    done = _gate("dockerfile", "-", stdin=b"")
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gate: -"), lines


def test_a_reader_that_left_ends_gate_quietly_and_not_as_a_pass() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before gate writes its first byte, as after `head`
    try:
        done = _gate("dockerfile", str(EXAMPLE), stdout=write_end)
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 141
