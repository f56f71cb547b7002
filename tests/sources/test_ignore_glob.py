"""gate.sources.ignore_glob: BuildKit's .dockerignore patterns, in linear time (the BuildKit
oracle itself: test_dockerignore_buildkit.py)."""

from __future__ import annotations

import itertools
import json
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
    "*/*/c", "?", "a/*", "A", "**/", "a**", "**/.*.sw*", "**/*.*x", "**/[^a]*b*", "**/a*?*",
    "**/[!-0]*c*", "**/\\/*b*", "**/a/**/b*", "**/a?/**/*c", "**/[ab]/**/*", "**/a/b/**/c",
    "**/x/**/*.txt", "**/a/**/*b*c*", "**/a/**/[^b]", "**/*a*/**", "a/**/b*/**/c", "**/b/**",
    "*/**/*b/**", "**/**/b", "a/**/**/c", "**/a*b*/**/*c", "a**/b/**/c", "**/a/**x/**/c",
]  # fmt: skip
PATHS = [
    "a", "A", "b", "a/b", "a/b/c", "ab/bc", "abc/bx", "requirements.txt", "Requirements.TXT",
    "x/y.txt", ".txt", "bx", "]z", "^", "a\\b", "q/a/b", "a/x/y/b", "c", "a/c/c", "x[",
    ".f.swp", "d/.f.swp", "d/e/.f.swx", ".d.sw/x", "a.b.x", "q/a.bx", "x/ab/b", "a/c/cbc", "x/.b",
    "a/b", "q/a/r/s/bz", "qa/b", "a/bb/c", "x/a/x/y.txt", "x/y/x.txt", "ax/c", "b/q/c", "a/a/b/c",
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


_PIECE = st.sampled_from(
    ["a", "b", "*", "**", "?", "/", "[ab]", "[!a]", "[^a]", "\\*", "A", "**/", "/**/", "/**", "^"]
)


@settings(max_examples=600, deadline=None)
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
        # A leading `**` with no wildcard after it is patternmatcher's suffixMatch: the path
        # ends with the rest (not `(.*/)?` before it), read in moby/patternmatcher (not measured).
        ("**.conf", "conf/pip.conf", True),
        ("**ip.conf", "conf/pip.conf", True),
        ("**ip.conf", "ip.confx", False),
        ("**/pip.conf", "xpip.conf", False),
        # A `^` in a compiled pattern is Go's start-of-text anchor (patternmatcher escapes
        # `.+()|{}$`, not `^`); in one compared as text it is a character.
        ("*^pip.conf", "pip.conf", True),
        ("*^pip.conf", "x^pip.conf", False),
        ("?^pip.conf", "x^pip.conf", False),
        ("a^b", "a^b", True),
        ("a^b**", "a^bc", True),
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
    (tmp_path / ".dockerignore").write_text("".join(f"{'a**' * 30}x{i}\n" for i in range(400)))
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    with pytest.raises(InputError, match="patterns need more matching"):
        for k in range(100):
            rules.ignored(f"dir{k}/" + "a" * 60)


def test_a_real_sized_context_under_a_common_three_wildcard_pattern_stays_within_the_work_cap(
    tmp_path: Path,
) -> None:
    # `**/.*.sw*` (vim swap files) has three wildcards, too many for the compiled route; run
    # over every path of a repository of 9,000 files it spent the whole work cap, and gate
    # refused the real Dockerfile (exit 2). It matches the last name only.
    (tmp_path / ".dockerignore").write_text("**/.*.sw*\n**/*.*proj.user\n")
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    for k in range(9000):
        assert not rules.ignored(f"src/module{k % 40}/sub/dir/file_with_a_long_name_{k}.py")
    assert rules.ignored("src/module/.main.py.swp")
    assert rules.ignored("a/b/c.vcxproj.user")
    assert not rules.ignored("src/.swp/file.py")


def counted_glob_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names .dockerignore matching hands ignore_glob one pattern at a time, from now on."""
    import gate.sources.dockerignore as dockerignore

    calls: list[str] = []

    def counted(pattern: str, name: str, exception: bool = False) -> bool:
        calls.append(name)
        return matches(pattern, name, exception)

    monkeypatch.setattr(dockerignore, "glob_matches", counted)
    return calls


def test_each_parent_directory_is_matched_once_per_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # MatchesOrParentMatches tries every pattern on every parent of every path; files share
    # their parents, so the answers for a directory are kept (2.7 s on a real repository).
    calls = counted_glob_calls(monkeypatch)
    rules = IgnoreRules(("**/*.pyc", "docs", "!docs/keep", "a/b/c/*.tmp"))
    for k in range(1000):
        assert rules.ignored(f"a/b/c/d/f{k}.py") is False
    assert (
        rules.ignored("a/b/c/x.tmp") and rules.ignored("docs/x") and not rules.ignored("docs/keep")
    )
    assert len(calls) < 5 * 1010


def test_patterns_of_whole_name_wildcards_over_a_real_sized_context_stay_within_the_work_cap(
    tmp_path: Path,
) -> None:
    # `**/__pycache__/**/*.pyc`, `**/*.egg-info/**` have three or more unbounded parts, past the
    # compiled route: the token matcher's work spent the whole cap after ~1,200 paths and gate
    # refused the Dockerfile (exit 2). Each `**` stands for whole names there, so they are
    # matched name by name.
    (tmp_path / ".dockerignore").write_text(
        "**/__pycache__/**/*.pyc\n**/node_modules/**/*.js\n**/*.egg-info/**\na/**/b*/**/c?\n"
    )
    rules = read_ignore_rules(str(tmp_path), str(tmp_path / "Dockerfile"))
    for k in range(9000):
        assert not rules.ignored(f"src/module{k % 40}/sub/dir/file_with_a_long_name_{k}.py")
    assert rules.ignored("__pycache__/a.pyc")
    assert rules.ignored("src/__pycache__/deep/er/a.cpython-311.pyc")
    assert rules.ignored("web/node_modules/x/index.js")
    assert rules.ignored("gate.egg-info/PKG-INFO")
    assert rules.ignored("src/x.egg-info/a/b")
    assert rules.ignored("a/q/bz/r/s/c1")
    assert not rules.ignored("x.egg-info")
    assert not rules.ignored("src/x__pycache__/a.pyc")
    assert not rules.ignored("src/__pycache__.pyc")
    assert not rules.ignored("a/q/bz/r/s/c12")
    assert rules.ignored("src/__pycache__/a.pyc/b")  # below a folder it names, as BuildKit


@pytest.mark.parametrize(
    ("case", "expected"),
    [("ignore_suffix", [(5, "unknown"), (7, "builds")]), ("ignore_caret", [(6, "builds")])],
)
def test_a_config_buildkit_leaves_out_of_the_context_is_not_read(
    case: str, expected: list[tuple[int, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    # gate read the pip.conf the build does not have (only-binary: a pass) where BuildKit's
    # pattern leaves it out, so pip builds. `**.conf` keeps it under Docker 20.10: the copy
    # says the file may or may not be there (5).
    from gate.cli import main

    dockerfile = Path(__file__).resolve().parents[1] / "data" / "sources" / case / "Dockerfile"
    main(["dockerfile", str(dockerfile), "--format", "json", "--base-env", "none", "--no-config"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["location"]["line"], f["verdict"]) for f in findings] == expected
