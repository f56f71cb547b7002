""".dockerignore rules: BuildKit's (moby/patternmatcher) semantics."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from gate.model import FileWrite, InputError
from gate.sources import dockerignore
from gate.sources.dockerfile import read_dockerfile
from gate.sources.dockerignore import read_ignore_rules
from gate.sources.ignore_glob import compile_pattern

CONTEXT = Path(__file__).resolve().parents[1] / "data" / "dockerfile" / "ignore-class"


def _copied() -> set[str]:
    source = read_dockerfile(
        str(CONTEXT / "Dockerfile"), build_args={}, target=None, context=str(CONTEXT)
    )
    return {s.path for s in source.stages[0].steps if isinstance(s, FileWrite)}


def test_character_class_pattern_ignores_both_spellings() -> None:
    rules = read_ignore_rules(str(CONTEXT), str(CONTEXT / "Dockerfile"))
    assert rules.ignored("requirements.txt")
    assert rules.ignored("Requirements.txt")
    assert not rules.ignored("other.txt")


def test_double_star_and_exception_patterns() -> None:
    rules = read_ignore_rules(str(CONTEXT), str(CONTEXT / "Dockerfile"))
    assert rules.ignored("deep/er/build-no.txt")
    assert not rules.ignored("keep/build-me.txt")


def test_copy_of_the_context_leaves_out_files_a_character_class_ignores() -> None:
    # Every file the copy keeps is read (the Dockerfile and .dockerignore too: the SDK keeps it).
    assert _copied() == {
        "/app/other.txt",
        "/app/keep/build-me.txt",
        "/app/Dockerfile",
        "/app/.dockerignore",
    }


def test_no_ignore_file_ignores_nothing(tmp_path: Path) -> None:
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    assert not rules.ignored("requirements.txt")


def test_an_ignore_file_gate_cannot_read_whole_is_one_line_not_passed_over_or_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One past the cap (lowered here from 1 MiB) was passed over, so gate read files the build
    # leaves out; a FIFO under the name hung the run; a link to /dev/zero read until memory ran
    # out (hostile round 18).
    with monkeypatch.context() as patched:
        patched.setattr(dockerignore, "MAX_IGNORE_FILE_BYTES", 16)
        with pytest.raises(InputError, match="larger than") as raised:
            read_ignore_rules(str(CONTEXT), str(CONTEXT / "Dockerfile"))
    assert raised.value.path == str(CONTEXT / ".dockerignore")
    os.mkfifo(tmp_path / "fifo.dockerignore")
    (tmp_path / "zero.dockerignore").symlink_to("/dev/zero")
    for name in ("fifo", "zero"):
        with pytest.raises(InputError, match="not a regular file"):
            read_ignore_rules(str(tmp_path), str(tmp_path / name))


def test_a_pattern_of_unclosed_brackets_is_read_in_linear_time() -> None:
    # Each `[` searched the rest of the line for its `]`: 20,000 of them took over 20 s, 8,000
    # about 5 s (hostile round 18). Go refuses such a pattern; the build fails there. A class
    # holding many `[:` without a `:]` is one class.
    started = time.process_time()
    tokens = compile_pattern("[" * 8000)
    assert len(tokens) == 8000 and {t.kind for t in tokens} == {"lit"}
    tokens = compile_pattern("[" + "[:x" * 8000 + "]")
    assert [t.kind for t in tokens] == ["class"]
    assert time.process_time() - started < 2  # bounded work, not a speed target


def test_a_lone_carriage_return_does_not_split_an_ignore_file_line(tmp_path: Path) -> None:
    # BuildKit's ignorefile.ReadAll splits at "\n" only: "a\rb" is one pattern.
    (tmp_path / ".dockerignore").write_bytes(b"pip.conf\rother\n")
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    assert not rules.ignored("pip.conf")
