"""pip's requirements-file reader (gate/facts/pip_requirements.py), as uv and pip use it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.facts.pip_requirements import (
    RequirementsResult,
    dependency_group,
    logical_lines,
    parse_requirements,
    split_line,
)
from gate.facts.target_kind import _without_extras, classify_target
from gate.model import OptionEvent, RequirementFile
from tests.facts.casefile import context


def _parse(
    files: dict[str, str | None],
    path: str = "requirements.txt",
    *,
    env: dict[str, str | None] | None = None,
    constraint: bool = False,
) -> RequirementsResult:
    ctx = context("pip install", env=env, files=files)
    return parse_requirements(path, ctx, constraint=constraint)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\n\nb\n", ["a", "b"]),
        ("# comment\na # trailing\n", ["a"]),
        ("a#not-a-comment\n", ["a#not-a-comment"]),
        ("a \\\n==1.0\n", ["a ==1.0"]),
        ("# comment \\\nb\n", ["b"]),
        ("a \\\n", ["a"]),
        ("  --only-binary :all:  \n", ["--only-binary :all:"]),
    ],
)
def test_logical_lines_follow_pip_preprocess(text: str, lines: list[str]) -> None:
    assert logical_lines(text) == lines


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("flask==3.0", ("flask==3.0", "")),
        ("flask --hash=sha256:x", ("flask", "--hash=sha256:x")),
        ('x ; python_version < "3" -e y', ('x ; python_version < "3"', "-e y")),
        ("-r other.txt", ("", "-r other.txt")),
    ],
)
def test_split_line_breaks_at_the_first_option(line: str, parts: tuple[str, str]) -> None:
    assert split_line(line) == parts


def test_option_events_carry_the_file_and_raw_value() -> None:
    result = _parse({"/app/requirements.txt": "--only-binary=:all:,x\n--no-binary y\n"})
    assert result.events == (
        OptionEvent("requirements:/app/requirements.txt", "only-binary", ":all:,x"),
        OptionEvent("requirements:/app/requirements.txt", "no-binary", "y"),
    )


def test_constraint_flag_is_recorded_for_nested_files() -> None:
    result = _parse(
        {"/app/requirements.txt": "-c c.txt\n-r r.txt\n", "/app/c.txt": "", "/app/r.txt": ""}
    )
    assert result.files == (
        RequirementFile("requirements.txt", "/app/requirements.txt", True, False),
        RequirementFile("c.txt", "/app/c.txt", True, True),
        RequirementFile("r.txt", "/app/r.txt", True, False),
    )


def test_constraints_file_lines_are_not_requirements() -> None:
    result = _parse({"/app/c.txt": "x==1\n--no-binary x\n"}, "c.txt", constraint=True)
    assert result.files[0].constraint is True
    assert result.requirements == ()
    assert [e.value for e in result.events] == ["x"]


def test_requirements_file_nested_in_a_constraints_file_is_installed() -> None:
    result = _parse({"/app/c.txt": "-r r.txt\n", "/app/r.txt": "y\n"}, "c.txt", constraint=True)
    assert [(f.path, f.constraint) for f in result.files] == [("c.txt", True), ("r.txt", False)]
    assert [r.text for r in result.requirements] == ["y"]


def test_only_the_first_nested_file_on_a_line_counts() -> None:
    result = _parse({"/app/requirements.txt": "-r a.txt -r b.txt\n", "/app/a.txt": "a\n"})
    assert [f.path for f in result.files] == ["requirements.txt", "a.txt"]


def test_editable_line_and_requirement_sources() -> None:
    result = _parse({"/app/requirements.txt": "--editable=./lib\n-e git+https://x/r.git\n"})
    got = [(r.kind, r.text, r.editable, r.source) for r in result.requirements]
    assert got == [
        ("local", "./lib", True, "/app/requirements.txt"),
        ("vcs", "git+https://x/r.git", True, "/app/requirements.txt"),
    ]


def test_unset_variable_stays_as_written() -> None:
    result = _parse({"/app/requirements.txt": "${NOPE}/pkg\nflask==${V}\n"}, env={"V": "1"})
    assert [r.text for r in result.requirements] == ["${NOPE}/pkg", "flask==1"]


def test_lower_case_variables_are_not_expanded() -> None:
    result = _parse({"/app/requirements.txt": "--only-binary ${mode}\n"}, env={"mode": ":all:"})
    assert result.events[0].value == "${mode}"


def test_file_url_is_read_from_the_image() -> None:
    result = _parse({"/srv/r.txt": "flask\n"}, "file:///srv/r.txt")
    assert result.files[0].read is True
    assert [r.text for r in result.requirements] == ["flask"]


def test_http_url_cannot_be_read() -> None:
    result = _parse({}, "https://example.com/r.txt")
    assert result.files == (
        RequirementFile("https://example.com/r.txt", "https://example.com/r.txt", False, False),
    )


def test_unbalanced_quotes_in_options_skip_the_line() -> None:
    result = _parse({"/app/requirements.txt": "--only-binary ':all:\nflask\n"})
    assert result.events == ()
    assert [r.text for r in result.requirements] == ["flask"]


def test_byte_order_mark_is_dropped() -> None:
    result = _parse({"/app/requirements.txt": "\ufeff--only-binary :all:\n"})
    assert result.events[0].value == ":all:"


def test_deep_nesting_is_bounded() -> None:
    files: dict[str, str | None] = {f"/app/r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(100)}
    result = _parse(files, "r0.txt")
    assert 1 < len(result.files) <= 40


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("-re c:al#\\\n'\"=${}ABX./@ ")), max_size=80))
def test_never_raises(text: str) -> None:
    result = _parse({"/app/requirements.txt": text, "/app/r": text})
    assert result.files[0].read is True


def test_requirement_files_that_fan_out_are_read_up_to_a_cap_then_unknown() -> None:
    # Each file includes the next three: the include paths grow exponentially with depth, though
    # no file includes itself (pip reads every one of them too).
    files = {
        f"/app/r{i}.txt": "".join(f"-r r{j}.txt\n" for j in range(i + 1, min(i + 4, 40)))
        for i in range(40)
    }
    result = parse_requirements("r0.txt", context("", files=files), constraint=False)
    assert len(result.files) == 256
    assert [u.reason for u in result.unknowns] == [
        "requirements files nested deeper than the 32 gate follows",
        "requirements files include more than the 256 files the gate reads for one install",
    ]


def test_requirement_files_nested_past_the_depth_gate_follows_are_unknown() -> None:
    files = {f"/app/r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(40)}
    files["/app/r40.txt"] = "--no-binary :all:\nflask\n"
    result = parse_requirements("r0.txt", context("", files=files), constraint=False)
    assert [u.reason for u in result.unknowns] == [
        "requirements files nested deeper than the 32 gate follows"
    ]


def test_a_relative_file_url_names_a_path_from_the_root() -> None:
    files = {"/app/a.txt": "-r file:b.txt\n", "/b.txt": "--no-binary :all:\nflask\n"}
    result = parse_requirements("a.txt", context("", files=files), constraint=False)
    assert [r.text for r in result.requirements] == ["flask"]
    assert [e.option for e in result.events] == ["no-binary"]


def test_dependency_groups_included_past_the_depth_gate_follows_are_unknown() -> None:
    groups = "".join(f'g{i} = [{{include-group = "g{i + 1}"}}]\n' for i in range(40))
    text = f'[dependency-groups]\n{groups}g40 = ["flask"]\n'
    result = dependency_group("g0", context("", files={"/app/pyproject.toml": text}))
    assert [(r.kind, r.text) for r in result.requirements] == [
        ("unknown", "<include-group nested deeper than 32>")
    ]


@pytest.mark.parametrize(
    "line",
    ["flask # c", "flask#c", "# all", "a #b #c", "a\t#b", "x  ", "flask" + " " * 50_000 + "x"],
)
def test_comments_are_cut_as_pips_regex_cuts_them_in_linear_time(line: str) -> None:
    pips = re.compile(r"(^|\s+)#.*$")  # pip's COMMENT_RE, the oracle (short lines only)
    expected = pips.sub("", line).strip() if len(line) < 1000 else line.strip()
    assert logical_lines(line + "\n") == ([expected] if expected else [])


def test_script_blocks_are_found_as_peps_regex_finds_them_in_one_pass() -> None:
    from gate.facts.pip_requirements import _script_blocks

    pep = re.compile(r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$")
    texts = [
        "# /// script\n# dependencies = ['a']\n# ///\n",
        "# /// script\n# x\n# ///\n# y\n# ///",
        "x\n# /// a\n#\n# ///\n# /// script\n# ///\n",
        "# /// script\n# ///\n",
        "# /// a\n\n# /// a\nx\n# /// a\n# d\n# /// script\n# ///",
    ]
    for text in texts:
        assert _script_blocks(text) == [
            (m.group("type"), m.group("content")) for m in pep.finditer(text)
        ], text
    # the regex is quadratic in a run of block starts: 4,000 took 8 s
    assert _script_blocks("# /// a\n" * 50_000) == []


@given(st.text(alphabet="ab[]./", max_size=12))
def test_path_extras_are_cut_as_pips_regex_cuts_them(text: str) -> None:
    pips = re.compile(r"^(.+)(\[[^\]]+\])$", re.DOTALL)  # pip's _strip_extras, the oracle
    found = pips.match(text)
    assert _without_extras(text) == (found.group(1) if found else text)


def test_a_run_of_brackets_in_a_target_is_classified_in_linear_time() -> None:
    # The regex took 0.9 s for 20,000 `[` (quadratic); a 2,000,000-character word is bounded.
    assert classify_target("./" + "[" * 2_000_000 + ".tar.gz]") == "local"
    assert classify_target("./" + "[" * 2_000_000 + "x.tar.gz[test]") == "archive"
