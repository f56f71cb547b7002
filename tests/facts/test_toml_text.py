"""parse_toml: every TOML file a build wrote is read within the same bounds."""

from __future__ import annotations

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
