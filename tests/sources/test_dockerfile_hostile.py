"""Hostile Dockerfiles are judged in bounded time: nesting refused before parsing, one parse."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import dockerfile
import pytest

from gate.model import InputError
from gate.sources.dockerfile import read_dockerfile

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "dockerfile" / "hostile"


def _read(path: Path) -> Any:
    return read_dockerfile(str(path), build_args={}, target=None, context=None)


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        _read(path)
    assert "\n" not in str(info.value)
    return info.value


def test_expansions_nested_thousands_deep_are_an_input_error_at_their_line() -> None:
    # This process's CPU time, not wall time: a busy machine must not fail a bound on work.
    started = time.process_time()
    err = _error(HOSTILE / "nested-expansions.Dockerfile")
    assert time.process_time() - started < 2
    assert err.line == 2
    assert "nested" in err.message


def test_nesting_is_counted_across_continuation_lines() -> None:
    err = _error(HOSTILE / "nested-over-continuations.Dockerfile")
    assert err.line is not None and err.line > 2


def test_nesting_at_the_bound_and_many_shallow_expansions_are_read() -> None:
    assert _read(HOSTILE / "nested-at-the-bound.Dockerfile").stages
    assert _read(HOSTILE / "many-shallow-expansions.Dockerfile").stages


def _big(tmp_path: Path, tail: str) -> Path:
    block = (HOSTILE / "block.Dockerfile").read_text()
    path = tmp_path / "Dockerfile"
    path.write_text("FROM python:3.12\n" + block * 950 + tail)
    return path


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("RUN <<EOF\npip install x\n", "unterminated heredoc"),
        ("ENV A\n", "ENV must have two arguments"),
        ("LABEL x\n", "LABEL must have two arguments"),
        ("ONBUILD ENV a=1 b\n", "can't find = in"),
    ],
)
def test_file_that_fails_to_parse_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: str, message: str
) -> None:
    path = _big(tmp_path, tail)
    size = path.stat().st_size
    handed: list[int] = []
    real = dockerfile.parse_string

    def counted(text: str) -> Any:
        handed.append(len(text))
        return real(text)

    monkeypatch.setattr(dockerfile, "parse_string", counted)
    err = _error(path)
    assert message in err.message
    text = path.read_text()
    assert err.line == text.count("\n", 0, len(text) - len(tail)) + 1
    assert sum(handed) < 2 * size


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# escape=x\nFROM python:3.12\n", 1),
        ("# escape=`\n# escape=\\\nFROM python:3.12\n", 2),
        ("FROM python:3.12\nCOPY <<EOF /a\nx\nEOF\nRUN <<-EOT cat\n\tbody\n", 5),
        ("FROM python:3.12\nENV A=1 \\\n  # comment\n  B\n", 2),
        ("FROM python:3.12\nLABEL a=1\nENV a=1 \\\n\n  b\n", 3),
    ],
)
def test_parse_errors_name_their_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    assert _error(path).line == line


def _long_lines(tmp_path: Path, name: str) -> Path:
    """A data file with its long words filled in: @LONG@ is 70,000 bytes, @HALF@ 33,000."""
    text = (HOSTILE / name).read_text()
    path = tmp_path / "Dockerfile"
    path.write_text(text.replace("@LONG@", "a" * 70_000).replace("@HALF@", "b" * 33_000))
    return path


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("long-line-in-the-middle.Dockerfile", 3),
        # BuildKit's parser says "file with no instructions" and "unterminated heredoc" here:
        # its scanner stopped at the long line, and gate said so without a line.
        ("long-line-first.Dockerfile", 1),
        ("long-line-in-a-heredoc.Dockerfile", 4),
    ],
)
def test_a_line_longer_than_buildkit_reads_is_refused_at_that_line(
    tmp_path: Path, name: str, line: int
) -> None:
    err = _error(_long_lines(tmp_path, name))
    assert err.line == line
    assert "longer than 65,535 bytes" in err.message


def test_long_lines_joined_by_continuations_are_read(tmp_path: Path) -> None:
    # Each physical line fits BuildKit's scanner; the instruction they make may be longer.
    source = _read(_long_lines(tmp_path, "long-lines-joined-by-continuations.Dockerfile"))
    assert "pip install flask" in source.stages[0].steps[-1].script


def test_onbuild_triggers_replayed_squared_are_an_input_error_at_the_from() -> None:
    # 200 ONBUILD triggers and 200 `FROM a` lines (7 KB) made 40,200 steps: 12 s before.
    started = time.process_time()
    err = _error(HOSTILE / "onbuild-replays-squared.Dockerfile")
    assert time.process_time() - started < 2
    assert err.line == 222  # 20 `FROM a` replay 4,000 triggers; the 21st passes 4096
    assert "ONBUILD triggers would run more than 4096 times" in err.message
