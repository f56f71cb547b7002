"""gate.sources.ignore_glob: BuildKit's .dockerignore patterns, in linear time (the BuildKit
oracle itself: test_dockerignore_buildkit.py)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import InputError
from gate.sources.dockerignore import IgnoreRules, read_ignore_rules
from gate.sources.ignore_glob import matches, token_matches

PATTERNS = [
    "*.txt", "**/*.txt", "a/**", "**", "a/**/b", "a*/b?", "[Rr]equirements.txt", "[!a]*",
    "[a-c]x", "!a/b", "a/../b", "./a", "/a/", "**.txt", "a/**b", "x[", "[]]z", "[^a]", "a\\b",
    "*/*/c", "?", "a/*", "A", "**/", "a**",
]  # fmt: skip
PATHS = [
    "a", "A", "b", "a/b", "a/b/c", "ab/bc", "abc/bx", "requirements.txt", "Requirements.TXT",
    "x/y.txt", ".txt", "bx", "]z", "^", "a\\b", "q/a/b", "a/x/y/b", "c", "a/c/c", "x[",
]  # fmt: skip


def _cleaned(pattern: str) -> str | None:
    cleaned = "/".join(p for p in pattern.lstrip("!").split("/") if p and p != ".")
    return None if ".." in cleaned.split("/") or not cleaned else cleaned


def test_the_linear_matcher_agrees_with_the_compiled_expression_on_every_pattern() -> None:
    # Two runs of one translation: the token matcher (any pattern) and the expression (the
    # patterns that cannot make it backtrack far).
    for pattern, path in itertools.product(PATTERNS, PATHS):
        cleaned = _cleaned(pattern)
        if cleaned is not None:
            assert token_matches(cleaned, path) == matches(cleaned, path), (cleaned, path)


_PIECE = st.sampled_from(["a", "b", "*", "**", "?", "/", "[ab]", "[!a]", "[^a]", "\\*", "A"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=8), st.sampled_from(PATHS))
def test_generated_patterns_match_alike_in_both_matchers(pieces: list[str], path: str) -> None:
    cleaned = _cleaned("".join(pieces))
    if cleaned is not None:
        assert token_matches(cleaned, path) == matches(cleaned, path)


@pytest.mark.parametrize(
    ("pattern", "path", "matched"),
    [
        ("Requirements.txt", "requirements.txt", False),  # case sensitive
        ("[!x]equirements.txt", "requirements.txt", False),  # `!` is a class member
        ("[!x]equirements.txt", "!equirements.txt", True),
        ("[^x]equirements.txt", "requirements.txt", True),  # `^` negates
        ("a\\*b", "a*b", True),  # backslash: the next character literally
        ("a\\*b", "axb", False),
    ],
)
def test_patterns_read_as_buildkit_reads_them(pattern: str, path: str, matched: bool) -> None:
    assert matches(pattern, path) is matched
    assert token_matches(pattern, path) is matched


def test_a_pattern_that_backtracks_in_a_regex_is_matched_in_linear_time() -> None:
    # The SDK's regex for this pattern does not finish on this name (exponential backtracking).
    rules = IgnoreRules(("!" + "**/" * 40 + "a*" * 30 + "b",))
    started = time.process_time()
    assert rules.ignored("a" * 250) is False
    assert IgnoreRules(("a*" * 30 + "b",)).ignored("a" * 250 + "b") is True
    assert time.process_time() - started < 1.0


def test_a_dockerignore_needing_too_much_matching_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("".join(f"{'**/' * 30}x{i}\n" for i in range(400)))
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    with pytest.raises(InputError, match="patterns need more matching"):
        for k in range(100):
            rules.ignored(f"dir{k}/" + "a" * 60)
