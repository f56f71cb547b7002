"""`cp -r`/`mv` of a folder carries the build's own files along, within one bound per build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate import build_files
from gate.build_files import Files
from gate.model import Stage

DATA: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "facts" / "carried" / "files.yaml").read_text()
)


def test_a_copy_carries_the_builds_own_files_along() -> None:
    files = Files(DATA["files"])
    files.carry(DATA["source"], DATA["dest"], ())
    assert files["/app/r.txt"] == DATA["files"]["/src/r.txt"]


def test_a_copy_past_the_bound_leaves_its_destination_of_unknown_content(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Carrying nothing read `cp -r /src /app; pip install -r /app/r.txt` as a file not there:
    # silent, where r.txt turns binaries off.
    monkeypatch.setattr(build_files, "_MAX_CARRIED", len(DATA["files"]) - 1)
    files = Files(DATA["files"])
    files.carry(DATA["source"], DATA["dest"], ())
    assert files.unread("/app/r.txt") is not None


def test_the_stages_of_a_build_share_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # 16 stages each moving a 4,500-file context back and forth 32 times (1.8 KB) took 13 s:
    # each stage had a bound of its own.
    monkeypatch.setattr(build_files, "_MAX_CARRIED", len(DATA["files"]))
    build = build_files.BuildFiles()
    stage0 = Stage(0, "s0", "python:3.12", None, ())
    first = build.start(stage0)
    first.update(DATA["files"])
    first.carry(DATA["source"], DATA["dest"], ())
    assert first["/app/r.txt"] == DATA["files"]["/src/r.txt"]
    build.end(stage0, first)
    second = build.start(Stage(1, "s1", "s0", 0, ()))
    second.carry(DATA["source"], "/other", ())
    assert second.unread("/other/r.txt") is not None
