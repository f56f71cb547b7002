"""gate reads every real-world Dockerfile and image config without a crash or a hang."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gate.cli import main
from tests.support.paths import shared

SECONDS_PER_FILE = 20


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"gate did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with _deadline(SECONDS_PER_FILE):
        status = main(argv)
    out = capsys.readouterr()
    assert status in (0, 1, 2)
    if status == 2:
        lines = out.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("gate: "), out.err
        assert "Traceback" not in out.err and "internal error" not in out.err, out.err
    else:
        json.loads(out.out)
    return status, out.out, out.err


def _files(folder: str, pattern: str) -> list[Path]:
    files = sorted(shared(folder).glob(pattern))
    assert files, f"no files in {folder}"
    return files


def test_every_realworld_dockerfile_is_read_without_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = _files("realworld/files", "*")
    assert len(files) == 261
    statuses = {
        f.name: _check(["dockerfile", str(f), "--format", "json"], capsys)[0] for f in files
    }
    judged = [name for name, status in statuses.items() if status in (0, 1)]
    # Nearly all of them are valid Dockerfiles: a parser regression shows up here.
    assert len(judged) >= 250, {k: v for k, v in statuses.items() if v == 2}
    assert sum(1 for s in statuses.values() if s == 1) >= 150


def test_every_realworld_image_file_is_read_without_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [f for f in _files("realworld-images", "*") if f.suffix in (".json", ".txt")]
    assert len(files) == 30
    for f in files:
        status, _, err = _check(["image", "--config-file", str(f), "--format", "json"], capsys)
        # `docker history` tables (.txt) are read too, their cut cells as unknown text.
        assert status in (0, 1), f"{f.name}: {err}"
