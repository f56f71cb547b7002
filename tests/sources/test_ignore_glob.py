"""gate.sources.ignore_glob: the SDK's .dockerignore semantics, in linear time."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from docker.utils.build import PatternMatcher
from docker.utils.fnmatch import fnmatch
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import InputError
from gate.sources.dockerignore import IgnoreRules, read_ignore_rules
from gate.sources.ignore_glob import token_matches

PATTERNS = [
    "*.txt", "**/*.txt", "a/**", "**", "a/**/b", "a*/b?", "[Rr]equirements.txt", "[!a]*",
    "[a-c]x", "!a/b", "a/../b", "./a", "/a/", "**.txt", "a/**b", "x[", "[]]z", "[^a]", "a\\b",
    "*/*/c", "?", "a/*", "A", "**/", "a**",
]  # fmt: skip
PATHS = [
    "a", "A", "b", "a/b", "a/b/c", "ab/bc", "abc/bx", "requirements.txt", "Requirements.TXT",
    "x/y.txt", ".txt", "bx", "]z", "^", "a\\b", "q/a/b", "a/x/y/b", "c", "a/c/c", "x[",
]  # fmt: skip


def test_every_pattern_matches_as_the_docker_sdk_does() -> None:
    for pattern, path in itertools.product(PATTERNS, PATHS):
        for rules in ([pattern], [pattern, "!" + pattern], ["*", pattern], ["!" + pattern]):
            want = bool(PatternMatcher(rules).matches(path))
            got = IgnoreRules(tuple(rules)).ignored(path)
            assert got == want, (rules, path)


_PIECE = st.sampled_from(["a", "b", "*", "**", "?", "/", "[ab]", "[!a]", ".", ".."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=8), st.sampled_from(PATHS))
def test_generated_patterns_match_as_the_docker_sdk_does(pieces: list[str], path: str) -> None:
    pattern = "".join(pieces)
    assert IgnoreRules((pattern,)).ignored(path) == bool(PatternMatcher([pattern]).matches(path))


def test_a_pattern_that_backtracks_in_a_regex_is_matched_in_linear_time() -> None:
    # The SDK's regex for this pattern does not finish on this name (exponential backtracking).
    rules = IgnoreRules(("!" + "**/" * 40 + "a*" * 30 + "b",))
    started = time.process_time()
    assert rules.ignored("a" * 250) is False
    assert IgnoreRules(("a*" * 30 + "b",)).ignored("a" * 250 + "b") is True
    assert time.process_time() - started < 1.0


def test_the_linear_matcher_agrees_with_the_docker_sdk_on_every_pattern() -> None:
    for pattern, path in itertools.product(PATTERNS, PATHS):
        cleaned = "/".join(p for p in pattern.lstrip("!").split("/") if p and p != ".")
        if ".." in cleaned.split("/") or not cleaned:
            continue
        assert token_matches(cleaned, path) == bool(fnmatch(path, cleaned)), (cleaned, path)


def test_a_dockerignore_needing_too_much_matching_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("".join(f"{'**/' * 30}x{i}\n" for i in range(400)))
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    with pytest.raises(InputError, match="patterns need more matching"):
        for k in range(100):
            rules.ignored(f"dir{k}/" + "a" * 60)
