"""Text output: readable findings with their source lines, fixes and a summary."""

from __future__ import annotations

import io

import pytest

from gate.report.text import finding_lines, render, want_color
from tests.report.support import CASES, assert_golden, load_case


@pytest.mark.parametrize("case", CASES)
def test_text_matches_golden(case: str) -> None:
    assert_golden(render(load_case(case)), f"{case}.txt")


def test_finding_line_is_path_line_severity_rule_message() -> None:
    (report,) = load_case("app")
    first = finding_lines(report, report.findings[2])[0]
    assert first == (
        "app.Dockerfile:17 [warn] python-build-scripts: pip install takes options from $EXTRA, "
        "which has no known value: the gate cannot decide"
    )


def test_long_instruction_shows_five_lines_and_an_ellipsis() -> None:
    (report,) = load_case("app")
    lines = finding_lines(report, report.findings[0])
    assert lines[1] == "    5 | RUN pip install --upgrade pip \\"
    assert lines[5] == "    9 |       gunicorn \\"
    assert lines[6] == "      | … 3 more lines"
    assert "      httpx" not in "\n".join(lines)


def test_suppressed_finding_is_marked_and_gives_its_reason() -> None:
    (report,) = load_case("app")
    lines = finding_lines(report, report.findings[3])
    assert lines[0].startswith("app.Dockerfile:19 [deny, suppressed] python-build-scripts:")
    assert lines[-1] == "    suppressed: vendored wheel house, reviewed in SEC-42"


def test_image_finding_shows_history_entry_and_created_by() -> None:
    report = load_case("image")[0]
    lines = finding_lines(report, report.findings[0])
    assert lines[0].startswith("registry.example:5000/team/app:1.2 history[7] [deny]")
    assert "    created_by: RUN |1 EXTRA=flask /bin/sh -c pip install $EXTRA # buildkit" in lines


def test_compliant_target_says_no_findings() -> None:
    out = render(load_case("compliant"))
    assert out.startswith("compliant.Dockerfile (dockerfile): no findings\n")


def test_hostile_text_cannot_reach_the_terminal() -> None:
    out = render(load_case("hostile"))
    assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    assert "\\x1b[31mred\\x1b[0m" in out  # shown, not obeyed
    assert "second\\x0aline" in out  # a message cannot forge a second finding line


def test_colour_marks_severities_and_nothing_else_changes() -> None:
    reports = load_case("app")
    coloured = render(reports, color=True)
    assert "\x1b[1;31m[deny]\x1b[0m" in coloured
    assert "\x1b[33m[warn]\x1b[0m" in coloured
    assert "\x1b[2m[deny, suppressed]\x1b[0m" in coloured
    stripped = coloured
    for code in ("\x1b[1;31m", "\x1b[33m", "\x1b[2m", "\x1b[32m", "\x1b[0m"):
        stripped = stripped.replace(code, "")
    assert stripped == render(reports)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_want_color_needs_a_terminal_and_honours_no_color() -> None:
    assert want_color(_Tty(), {}) is True
    assert want_color(_Tty(), {"NO_COLOR": "1"}) is False
    assert want_color(io.StringIO(), {}) is False
