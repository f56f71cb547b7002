"""Shared report helpers: order, counts, safe text, paths, source excerpts, fingerprints."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gate.model import Location, Report, Target
from gate.report.common import (
    Counts,
    display_path,
    excerpt,
    fingerprints,
    ordered,
    printable,
    summary_line,
    total,
    where,
)
from tests.report.support import load_case


def test_order_is_path_line_history_rule_then_install_order() -> None:
    (report,) = load_case("app")
    found = ordered(report.findings)
    assert [(f.location.line, f.install.id if f.install else None) for f in found] == [
        (5, 0),
        (5, 1),
        (17, 3),
        (19, 4),
    ]


def test_image_findings_order_by_history_index_with_whole_image_first() -> None:
    (report, _) = load_case("image")
    whole = dataclasses.replace(
        report.findings[0], location=Location(path=report.target.path), install=None
    )
    found = ordered((*report.findings, whole))
    assert [f.location.history_index for f in found] == [None, 4, 7]


def test_counts_leave_suppressed_findings_out_of_deny_and_warn() -> None:
    (report,) = load_case("app")
    assert Counts.of(report.findings) == Counts(deny=2, warn=1, suppressed=1)
    assert (report.deny_count, report.warn_count) == (2, 1)


def test_summary_says_files_for_dockerfiles_and_targets_once_an_image_is_in() -> None:
    assert summary_line(load_case("app")) == "2 denied, 1 warning, 1 suppressed in 1 file"
    assert summary_line(load_case("multi")) == "4 denied, 2 warnings, 1 suppressed in 4 targets"
    assert total(load_case("compliant")) == Counts()


def test_printable_escapes_terminal_and_xml_hostile_characters() -> None:
    assert printable("a\x1b[2Jb\x00c\x7f\x85\ud800\uffff") == (
        "a\\x1b[2Jb\\x00c\\x7f\\x85\\ud800\\uffff"
    )
    assert printable("tab\tline\n", keep="\t\n") == "tab\tline\n"
    assert printable("naïve ✓ 日本") == "naïve ✓ 日本"


@given(st.text())
def test_printable_output_has_no_control_characters(text: str) -> None:
    out = printable(text)
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in out
    )
    if text.isprintable():
        assert out == text


def test_display_path_is_forward_and_relative_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path("./docker/./app.Dockerfile") == "docker/./app.Dockerfile"
    assert display_path(str(tmp_path / "sub" / "Dockerfile")) == "sub/Dockerfile"
    outside = str(tmp_path.parent / "elsewhere" / "Dockerfile")
    assert display_path(outside) == outside
    assert os.path.isabs(display_path(outside))


def test_where_names_line_history_entry_or_whole_target() -> None:
    dockerfile = Report(Target("dockerfile", "./Dockerfile"), ())
    image = Report(Target("image", "python:3.12"), ())
    assert where(dockerfile, Location("./Dockerfile", line=4)) == "Dockerfile:4"
    assert where(image, Location("python:3.12", history_index=5)) == "python:3.12 history[5]"
    assert where(image, Location("python:3.12")) == "python:3.12"


def test_excerpt_trims_common_indent_and_cuts_long_instructions() -> None:
    (report,) = load_case("app")
    shown = excerpt(report, report.findings[0].location)
    assert [n for n, _ in shown.lines] == [5, 6, 7, 8, 9]
    assert shown.omitted == 3
    assert shown.lines[0][1] == "RUN pip install --upgrade pip \\"
    indented = Report(Target("dockerfile", "D"), (), sources={"D": "X\n    RUN a \\\n      b   \n"})
    assert excerpt(indented, Location("D", line=2, end_line=3)).lines == (
        (2, "RUN a \\"),
        (3, "  b"),
    )


def test_excerpt_is_empty_without_source_or_with_lines_out_of_range() -> None:
    (report,) = load_case("app")
    assert excerpt(report, Location("other", line=1)).lines == ()
    assert excerpt(report, Location("app.Dockerfile", line=500)).lines == ()
    assert excerpt(report, Location("app.Dockerfile", line=0)).lines == ()
    clamped = excerpt(report, Location("app.Dockerfile", line=3, end_line=999))
    assert clamped.lines[0][0] == 3 and clamped.omitted == 19 - 3 + 1 - 5  # file ends at 19


def test_fingerprint_survives_moving_the_instruction_and_whitespace_changes() -> None:
    (report,) = load_case("app")
    finding = report.findings[2]
    moved = dataclasses.replace(finding, location=dataclasses.replace(finding.location, line=40))
    assert fingerprints([finding]) == fingerprints([moved])
    assert finding.install is not None
    spaced = dataclasses.replace(
        finding, install=dataclasses.replace(finding.install, text="pip   install  $EXTRA")
    )
    assert fingerprints([spaced]) == fingerprints([finding])


def test_fingerprint_numbers_repeats_and_separates_commands_and_rules() -> None:
    (report,) = load_case("app")
    a, b = report.findings[0], report.findings[1]
    first, second = fingerprints([a, a])
    assert first.endswith(":1") and second.endswith(":2") and first[:-2] == second[:-2]
    assert fingerprints([a])[0] != fingerprints([b])[0]
    other_rule = dataclasses.replace(a, rule="another-rule")
    assert fingerprints([a])[0] != fingerprints([other_rule])[0]
