"""Mapping a RUN's joined script back to file offsets, and shell word spans."""

from __future__ import annotations

from gate.fix.locate import Logical, after_phrase, escape_char, split_lines, words


def test_the_joined_script_drops_continuations_and_comment_lines_as_buildkit_does() -> None:
    source = "FROM x\nRUN a \\\n  # note\n\n  b\nRUN c\n"
    logical = Logical.of(source, 2, 5, "\\")
    assert logical.text == "RUN a   b\n"
    assert source[logical.offsets[logical.text.index("b")]] == "b"
    assert logical.offsets[logical.text.index("b")] == source.index("  b") + 2


def test_a_backtick_escape_directive_continues_lines() -> None:
    assert escape_char("# escape=`\nFROM x\n") == "`"
    assert escape_char("FROM x\n# escape=`\n") == "\\"
    assert Logical.of("RUN a `\n b\n", 1, 2, "`").text == "RUN a  b\n"


def test_only_buildkits_directives_come_before_the_escape_directive() -> None:
    # Dockerfile 1.8+ knows escape, syntax and check; any other name ends the directives.
    assert escape_char("# check=skip=all\r\n# escape=`\r\nFROM x\r\n") == "`"
    assert escape_char("# foo=bar\n# escape=`\nFROM x\n") == "\\"


def test_lines_split_only_at_newlines() -> None:
    assert split_lines("a\fb\nc\u2028d") == ["a\fb\n", "c\u2028d"]


def test_words_keep_spans_and_strip_quotes() -> None:
    spans = words("pip 'install' \"x y\" z\\ w")
    assert spans is not None
    assert [s.value for s in spans] == ["pip", "install", "x y", "z w"]
    assert after_phrase(spans, ("install",)) == len("pip 'install'")


def test_words_refuse_command_substitutions() -> None:
    assert words("pip install $(cat reqs)") is None
    assert words('pip install "`x`"') is None
    assert words("pip install 'unbalanced") is None
