""".dockerignore rules: BuildKit's (moby/patternmatcher) semantics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gate.model import FileWrite, InputError
from gate.sources.dockerfile import read_dockerfile
from gate.sources.dockerignore import MAX_IGNORE_FILE_BYTES, read_ignore_rules

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


def test_an_ignore_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".dockerignore")
    with pytest.raises(InputError, match="not a regular file"):
        read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))


def test_an_ignore_file_past_the_cap_is_refused_not_passed_over(tmp_path: Path) -> None:
    # Passed over, the files it leaves out were judged as sent to the build.
    (tmp_path / ".dockerignore").write_bytes(b"pip.conf\n" + b"#" * MAX_IGNORE_FILE_BYTES)
    with pytest.raises(InputError, match="larger than"):
        read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))


def test_a_lone_carriage_return_does_not_split_an_ignore_file_line(tmp_path: Path) -> None:
    # BuildKit's ignorefile.ReadAll splits at "\n" only: "a\rb" is one pattern.
    (tmp_path / ".dockerignore").write_bytes(b"pip.conf\rother\n")
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    assert not rules.ignored("pip.conf")
