"""gate.sources.ignore_set: many .dockerignore patterns matched at once, as one by one."""

from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import InputError
from gate.sources.dockerignore import MAX_IGNORE_PATTERNS, MAX_PATTERN_TRIES, IgnoreRules
from gate.sources.ignore_glob import matches
from gate.sources.ignore_set import RUN_LENGTH, PatternSet
from tests.sources.test_ignore_glob import PATHS, PATTERNS, _cleaned, counted_glob_calls


def _one_by_one(patterns: tuple[tuple[str, bool], ...], name: str) -> int:
    return max((i for i, (p, e) in enumerate(patterns) if matches(p, name, e)), default=-1)


def test_the_joined_patterns_find_the_last_match_as_one_by_one() -> None:
    cleaned = [c for c in map(_cleaned, PATTERNS) if c is not None]
    patterns = tuple((c, e) for c, e in itertools.product(cleaned, (False, True)))
    joined = PatternSet(patterns)
    for path in PATHS:
        for count in range(len(patterns) + 1):
            prefix = PatternSet(patterns[:count]) if count < 8 else None
            if prefix is not None:
                assert prefix.last_match(path, -1, matches) == _one_by_one(patterns[:count], path)
        assert joined.last_match(path, -1, matches) == _one_by_one(patterns, path), path


_PIECE = st.sampled_from(["a", "b", "*", "**", "**/", "?", "/", "[ab]", "[^a]", "\\*", ".", "x"])
_PATTERN = st.tuples(st.lists(_PIECE, min_size=1, max_size=7).map("".join), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERN, min_size=1, max_size=RUN_LENGTH + 20), st.sampled_from(PATHS))
def test_generated_pattern_lists_find_the_same_last_match(
    pieces: list[tuple[str, bool]], path: str
) -> None:
    patterns = tuple((c, e) for p, e in pieces if (c := _cleaned(p)) is not None)
    assert PatternSet(patterns).last_match(path, -1, matches) == _one_by_one(patterns, path)


def test_a_floor_stands_when_no_later_pattern_matches() -> None:
    patterns = (("a", False), ("b", False), ("c", True))
    assert PatternSet(patterns).last_match("a", 1, matches) == 1
    assert PatternSet(patterns).last_match("c", 1, matches) == 2


def test_many_patterns_are_matched_in_one_expression_not_one_call_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 200 patterns over 50,000 files took 5.9 s CPU matched one call per pattern per path.
    calls = counted_glob_calls(monkeypatch)
    patterns = (*(f"dir{k}/**/*.log" for k in range(100)), "**/.*.sw*", "!dir7/keep.log")
    rules = IgnoreRules(patterns * 2)
    assert rules.ignored("dir7/a/b.log") and not rules.ignored("dir7/keep.log")
    assert rules.ignored("x/.f.swp") and not rules.ignored("x/f.py")
    assert calls == []


def test_an_ignore_file_of_more_patterns_than_gate_joins_is_an_input_error() -> None:
    # A 1 MiB ignore file holds 150,000 patterns: joining them took 9 s, and each path 9 ms.
    rules = IgnoreRules(tuple(f"p{k}" for k in range(MAX_IGNORE_PATTERNS + 1)))
    started = time.process_time()
    with pytest.raises(InputError, match="patterns need more matching"):
        rules.ignored("a/b")
    assert time.process_time() - started < 1.0


def test_many_patterns_over_many_paths_stop_at_the_tries_cap() -> None:
    # 2,000 patterns the compiled route takes cost no matching work, so nothing stopped them:
    # over a context at the 50,000-entry cap they ran for minutes.
    rules = IgnoreRules(tuple(f"p{k}/q" for k in range(2_000)))
    with pytest.raises(InputError, match="patterns need more matching"):
        for k in range(MAX_PATTERN_TRIES // 2_000 + 1):
            rules.ignored(f"dir{k % 50}/sub/f{k}.py")


def test_a_real_sized_ignore_file_over_a_context_at_the_entry_cap_is_matched_whole() -> None:
    # 300 patterns (real files hold up to a few hundred) over 50,000 paths of real length.
    rules = IgnoreRules(tuple(f"**/x{k}*.py" if k % 2 else f"p{k}/q" for k in range(300)))
    for k in range(50_000):
        assert not rules.ignored(f"src/package{k % 50}/module/file_with_a_name_{k}.py")
