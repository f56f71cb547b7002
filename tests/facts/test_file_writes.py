"""Files that shell commands write: the walker's view of config written in the same RUN."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import file_writes
from gate.facts.file_writes import clones, downloads, written_files
from gate.model import Command, Redirect, Word

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "facts" / "file_writes" / "cases.yaml").read_text()
)


def _word(text: str) -> Word:
    return Word(text, known="$" not in text, may_be_option=text.startswith("$"))


def _command(case: dict[str, Any]) -> Command:
    redirects = tuple(
        Redirect(op, _word(target) if target is not None else None, content)
        for op, target, content in case.get("redirects") or []
    )
    return Command(tuple(_word(w) for w in shlex.split(case["argv"])), {}, redirects)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_written_files(case: dict[str, Any]) -> None:
    files = case.get("files") or {}
    got = written_files(_command(case), "/app", files, posix_sh=case.get("shell", "sh") == "sh")
    assert got == case["expected"]


DOWNLOADS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "facts" / "file_writes" / "downloads.yaml").read_text()
)


@pytest.mark.parametrize("case", DOWNLOADS, ids=[c["name"] for c in DOWNLOADS])
def test_the_files_a_download_saves(case: dict[str, Any]) -> None:
    got = downloads(_command(case), "/app")
    assert [list(item) for item in got] == case["expected"]


CLONES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "facts" / "file_writes" / "clones.yaml").read_text()
)


@pytest.mark.parametrize("case", CLONES, ids=[c["name"] for c in CLONES])
def test_the_folder_a_git_clone_fills(case: dict[str, Any]) -> None:
    got = clones(_command(case), "/app")
    assert [list(item) for item in got] == case["expected"]


def test_printf_reads_its_format_once_however_often_it_reuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `printf '%s\n' $L` of 16,384 words read the format's escapes again for every word and
    # copied the words left each time (0.5 s a printf; 5.2 s for three RUNs of them).
    reads = 0
    escapes = file_writes._format_escapes

    def counted(text: str) -> str:
        nonlocal reads
        reads += 1
        return escapes(text)

    monkeypatch.setattr(file_writes, "_format_escapes", counted)
    words = [f"pkg{k}" for k in range(1000)]
    argv = (Word("printf"), Word("%s\\n"), *map(Word, words))
    command = Command(argv, {}, (Redirect(">", Word("/r"), None),))
    got = written_files(command, "/app", {}, posix_sh=True)
    assert got == {"/r": "".join(f"{w}\n" for w in words)}
    assert reads <= 2
