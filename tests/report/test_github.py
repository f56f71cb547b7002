"""GitHub Actions workflow commands: one escaped annotation line per finding."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gate.report.github import escape_data, escape_property, render
from tests.report.support import CASES, assert_golden, load_case

# How the runner reads a command line: `::name k=v,k=v::data`.
_COMMAND = re.compile(r"::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)")


def _unescape(text: str, *, prop: bool = False) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for code, char in pairs:
        text = text.replace(code, char)
    return text.replace("%25", "%")


def _commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        match = _COMMAND.fullmatch(line)
        if match is None:
            continue
        props = {}
        for pair in (match.group("props") or "").split(","):
            key, _, value = pair.partition("=")
            props[key] = _unescape(value, prop=True)
        parsed.append((match.group("name"), props, _unescape(match.group("data"))))
    return parsed


@pytest.mark.parametrize("case", CASES)
def test_github_matches_golden(case: str) -> None:
    assert_golden(render(load_case(case)), f"{case}.github.txt")


def test_one_command_per_finding_then_a_summary() -> None:
    out = render(load_case("multi"))
    lines = out.splitlines()
    assert len(lines) == 8
    assert lines[-1] == "gate: 4 denied, 2 warnings, 1 suppressed in 4 targets"
    assert [name for name, _, _ in _commands(out)] == [
        "error",
        "error",
        "warning",
        "notice",
        "error",
        "error",
        "warning",
    ]


def test_dockerfile_annotation_has_file_lines_title_and_fix() -> None:
    name, props, data = _commands(render(load_case("app")))[0]
    assert name == "error"
    assert props == {
        "file": "app.Dockerfile",
        "line": "5",
        "endLine": "12",
        "title": "gate python-build-scripts",
    }
    assert data == (
        "pip install can run build scripts: add --only-binary :all: "
        "(fix: pip install --only-binary :all: --upgrade pip)"
    )


def test_suppressed_finding_is_a_notice_with_its_reason() -> None:
    name, props, data = _commands(render(load_case("app")))[3]
    assert name == "notice"
    assert props["title"] == "gate python-build-scripts (suppressed)"
    assert data.endswith("(suppressed: vendored wheel house, reviewed in SEC-42)")


def test_image_annotation_has_no_file_and_names_the_history_entry() -> None:
    name, props, data = _commands(render(load_case("image")))[1]
    assert name == "error"
    assert set(props) == {"title"}
    assert data.startswith("registry.example:5000/team/app:1.2 history[7]: pip install")


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("100%\r\nx:y,z") == "100%25%0D%0Ax:y,z"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("%0A") == "%250A"  # an escape-looking text is not unescaped later
    assert escape_data("\x1b[2J\x00") == "\\x1b[2J\\x00"


def test_hostile_finding_cannot_forge_a_command_or_break_a_property() -> None:
    out = render(load_case("hostile"))
    assert "\x1b" not in out and "\r" not in out
    lines = out.splitlines()
    assert len(lines) == 3  # two findings and the summary: no injected line
    commands = _commands(out)
    notice, error = commands
    assert notice[1]["file"] == error[1]["file"] == "odd dir/we,ird:100%.Dockerfile"
    assert notice[2] == "second\nline (suppressed: reason with %0A, a comma: and\nnewline)"
    assert error[2].startswith('100% bad: pip install <x> & "y"\r\n::error::injected')


@given(st.text())
def test_escaped_data_is_one_line_and_unescapes_to_the_printable_text(text: str) -> None:
    escaped = escape_data(text)
    assert "\n" not in escaped and "\r" not in escaped
    if text.isprintable():
        assert _unescape(escaped) == text


@given(st.text())
def test_escaped_property_has_no_separators(text: str) -> None:
    escaped = escape_property(text)
    assert not set(escaped) & {",", ":", "\n", "\r"}
    if text.isprintable():
        assert _unescape(escaped, prop=True) == text
