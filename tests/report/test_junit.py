"""JUnit XML: well-formed, a failure per denial, warnings and suppressions visible but passing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import Finding, Location, Report, Target
from gate.report.junit import render
from tests.report.support import CASES, assert_golden, load_case


def _parse(case: str) -> ET.Element:
    return ET.fromstring(render(load_case(case)).encode("utf-8"))


@pytest.mark.parametrize("case", CASES)
def test_junit_matches_golden(case: str) -> None:
    assert_golden(render(load_case(case)), f"{case}.junit.xml")


def test_a_testsuite_per_target_and_counts_that_add_up() -> None:
    root = _parse("multi")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "app.Dockerfile",
        "compliant.Dockerfile",
        "registry.example:5000/team/app:1.2",
        "gcr.io/distroless/python3-debian12",
    ]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(c.find("failure") is not None for c in cases))
        assert suite.get("errors") == suite.get("skipped") == "0"
    assert root.get("tests") == "8"
    assert root.get("failures") == "4"


def test_deny_fails_while_warn_and_suppressed_pass_without_being_skipped() -> None:
    suite = _parse("app").find("testsuite")
    assert suite is not None
    outcome = []
    for case in suite.findall("testcase"):
        assert case.find("skipped") is None and case.find("error") is None
        failure = case.find("failure")
        outcome.append("failure" if failure is not None else "pass")
        if failure is None:
            out = case.find("system-out")
            assert out is not None and out.text
    assert outcome == ["failure", "failure", "pass", "pass"]
    suppressed = suite.findall("testcase")[3]
    props = {p.get("name"): p.get("value") for p in suppressed.iter("property")}
    assert props["suppressed"] == "vendored wheel house, reviewed in SEC-42"
    out = suppressed.find("system-out")
    assert out is not None and out.text is not None
    assert "suppressed: vendored wheel house" in out.text


def test_failure_carries_message_source_and_fix() -> None:
    case = _parse("app").find("testsuite/testcase")
    assert case is not None
    assert case.get("file") == "app.Dockerfile" and case.get("line") == "5"
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "pip install can run build scripts: add --only-binary :all:"
    assert failure.get("type") == "deny"
    assert "5 | RUN pip install --upgrade pip" in failure.text
    assert "fix: pip install --only-binary :all: --upgrade pip" in failure.text


def test_testcase_names_are_unique_even_for_installs_sharing_a_line() -> None:
    names = [c.get("name") for c in _parse("multi").iter("testcase")]
    assert len(set(names)) == len(names)
    same_line = [n for n in names if n and "app.Dockerfile:5 " in n]
    assert len(same_line) == 2


def test_compliant_target_is_one_passing_testcase() -> None:
    suite = _parse("compliant").find("testsuite")
    assert suite is not None
    (case,) = suite.findall("testcase")
    assert list(case) == []
    assert suite.get("tests") == "1" and suite.get("failures") == "0"


def test_image_testcases_have_no_file_attribute() -> None:
    suite = _parse("image").find("testsuite")
    assert suite is not None
    for case in suite.findall("testcase"):
        assert case.get("file") is None
        assert "history[" in (case.get("name") or "")


def test_hostile_text_stays_well_formed_and_readable() -> None:
    root = _parse("hostile")
    failure = root.find(".//failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message", "").startswith('100% bad: pip install <x> & "y"')
    assert "\\x1b[2J" in failure.get("message", "")
    assert '"x<y>&z"' in failure.text


@settings(max_examples=60, deadline=None)
@given(message=st.text(max_size=60), path=st.text(min_size=1, max_size=30))
def test_any_text_gives_parseable_xml(message: str, path: str) -> None:
    finding = Finding(
        rule="r",
        severity="deny",
        verdict="builds",
        message=message,
        fix=message,
        location=Location(path=path, line=1),
        suppressed=None,
    )
    report = Report(Target("dockerfile", path), (finding,), sources={path: message})
    root = ET.fromstring(render([report]).encode("utf-8"))
    assert root.get("failures") == "1"
