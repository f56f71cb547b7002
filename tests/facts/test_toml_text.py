"""parse_toml: every TOML file a build wrote is read within the same bounds."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from gate.facts import toml_text
from gate.facts.toml_text import MAX_TOML_BYTES, parse_toml


def test_a_toml_file_reads_as_its_document() -> None:
    assert parse_toml('[tool.uv]\nno-build = true\n') == {"tool": {"uv": {"no-build": True}}}


def test_no_file_larger_file_or_non_toml_is_no_document() -> None:
    assert parse_toml(None) is None
    assert parse_toml("a = 1\n" + "#" * MAX_TOML_BYTES) is None
    assert parse_toml("[tool.uv\n") is None
    assert parse_toml("a = 1\n", limit=3) is None


def test_nesting_deeper_than_python_recurses_is_no_document() -> None:
    assert parse_toml("a = " + "[" * 100_000 + "]" * 100_000) is None


def test_a_large_text_read_by_many_installs_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each `uv sync`/`uv export` parsed the lock it reads: 25 of them over a 4 MB uv.lock took
    # 21.6 s of CPU (0.99 MB: 6.4 s). A large text's document is now shared.
    parsed: list[int] = []
    loads = tomllib.loads

    def counted(text: str) -> dict[str, Any]:
        parsed.append(len(text))
        return loads(text)

    monkeypatch.setattr(tomllib, "loads", counted)
    toml_text._shared.cache_clear()
    lock = 'version = 1\n' + '[[package]]\nname = "p"\nversion = "1.0"\n\n' * 4000
    assert all(len(parse_toml(lock) or {}) == 2 for _ in range(25))
    assert parse_toml("a = 1\n") == parse_toml("a = 1\n") == {"a": 1}  # a small one: each time
    assert parsed == [len(lock), 6, 6]
