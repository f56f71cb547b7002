"""SARIF output: valid against the official 2.1.0 schema and shaped for GitHub code scanning."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

import gate
from gate.model import Finding, Location, Report, Target
from gate.report.sarif import information_uri, render, sarif_log
from tests.report.support import CASES, DATA, assert_golden, load_case

# The schema is a data file copied from oasis-tcs/sarif-spec (see tests/data/report/README.md).
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# jsonschema checks "uri" formats only with optional packages; these checks are stricter than
# nothing: RFC 3986 characters, well-formed escapes, and no scheme-looking first segment in a
# relative reference (`python:3.12` would be read as scheme "python").
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
FORMATS = FormatChecker(formats=())


def _uri_reference(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _URI_CHARS.fullmatch(value):
        return False
    return bool(_SCHEME.match(value)) or ":" not in value.split("/", 1)[0]


def _uri(value: object) -> bool:
    return not isinstance(value, str) or (_uri_reference(value) and bool(_SCHEME.match(value)))


FORMATS.checks("uri-reference")(_uri_reference)
FORMATS.checks("uri")(_uri)


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FORMATS)


def _errors(log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(log)]


def _log(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(load_case(case)))
    return data


@pytest.mark.parametrize("case", [*CASES, "hostile"])
def test_sarif_is_valid_against_the_official_schema(case: str) -> None:
    assert _errors(_log(case)) == []


def test_schema_validation_does_catch_invalid_logs() -> None:
    log = _log("app")
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(broken)
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert _errors(broken)
    broken = copy.deepcopy(log)
    uri = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    uri["uri"] = "python:3.12 slim"
    assert _errors(broken)


@pytest.mark.parametrize("case", CASES)
def test_sarif_matches_golden(case: str) -> None:
    log = _log(case)
    driver = log["runs"][0]["tool"]["driver"]
    # The version and home page come from the installed package, not from the fixture.
    assert driver["semanticVersion"] == driver["version"] == gate.__version__
    assert driver.get("informationUri") == information_uri()
    driver["version"] = driver["semanticVersion"] = "VERSION"
    driver.pop("informationUri", None)
    assert_golden(json.dumps(log, indent=2, ensure_ascii=True) + "\n", f"{case}.sarif")


def test_all_reports_share_one_run_as_code_scanning_requires() -> None:
    log = _log("multi")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert len(run["results"]) == 7
    assert [t["path"] for t in run["properties"]["targets"]] == [
        "app.Dockerfile",
        "compliant.Dockerfile",
        "registry.example:5000/team/app:1.2",
        "gcr.io/distroless/python3-debian12",
    ]


def test_rule_index_points_at_the_rule_of_the_result() -> None:
    run = _log("multi")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["image-history", "python-build-scripts"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_carry_metadata_for_code_scanning() -> None:
    rules = {r["id"]: r for r in _log("multi")["runs"][0]["tool"]["driver"]["rules"]}
    described = rules["python-build-scripts"]
    assert described["name"] == "PythonBuildScripts"
    assert described["shortDescription"]["text"] == (
        "Install steps that can run third-party build code"
    )
    assert described["fullDescription"]["text"].startswith("Installing Python packages")
    assert "Fix: Add --only-binary :all:" in described["help"]["text"]
    assert described["helpUri"] == (
        "https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary"
    )
    assert described["defaultConfiguration"] == {"level": "error"}
    assert "security" in described["properties"]["tags"]
    # A rule the policy metadata does not describe still gets a descriptor.
    assert rules["image-history"]["defaultConfiguration"] == {"level": "warning"}
    assert "helpUri" not in rules["image-history"]


def test_levels_follow_severity() -> None:
    results = _log("app")["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "error"]


def test_dockerfile_result_has_path_and_line_region() -> None:
    result = _log("app")["runs"][0]["results"][2]
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {
        "artifactLocation": {"uri": "app.Dockerfile"},
        "region": {"startLine": 17, "endLine": 17},
    }
    assert result["locations"][0]["properties"] == {"stage": "app"}


def test_image_result_names_the_history_entry_and_has_no_region() -> None:
    run = _log("image")["runs"][0]
    location = run["results"][1]["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "registry.example%3A5000/team/app%3A1.2"}
    }
    assert location["logicalLocations"] == [
        {
            "name": "history[7]",
            "fullyQualifiedName": "registry.example:5000/team/app:1.2#history[7]",
        }
    ]
    assert location["properties"] == {
        "history_index": 7,
        "created_by": "RUN |1 EXTRA=flask /bin/sh -c pip install $EXTRA # buildkit",
    }
    whole_image = run["results"][2]["locations"][0]
    assert "region" not in whole_image["physicalLocation"]
    assert "logicalLocations" not in whole_image


def test_message_carries_the_fix() -> None:
    result = _log("app")["runs"][0]["results"][0]
    assert result["message"]["text"] == (
        "pip install can run build scripts: add --only-binary :all:\n"
        "Fix: pip install --only-binary :all: --upgrade pip"
    )
    assert result["properties"]["fix"] == "pip install --only-binary :all: --upgrade pip"
    assert "fixes" not in result  # no byte-exact edit is known, so no SARIF fix object


def test_comment_suppression_is_in_source_and_others_are_external() -> None:
    app = [r for r in _log("app")["runs"][0]["results"] if "suppressions" in r]
    assert [r["suppressions"] for r in app] == [
        [{"kind": "inSource", "justification": "vendored wheel house, reviewed in SEC-42"}]
    ]
    hostile = [r for r in _log("hostile")["runs"][0]["results"] if "suppressions" in r]
    assert [r["suppressions"][0]["kind"] for r in hostile] == ["external"]
    unsuppressed = [r for r in _log("app")["runs"][0]["results"] if "suppressions" not in r]
    assert len(unsuppressed) == 3


def test_fingerprints_are_unique_within_the_run() -> None:
    results = _log("multi")["runs"][0]["results"]
    prints = [r["partialFingerprints"]["gateFindingHash/v1"] for r in results]
    assert len(set(prints)) == len(prints)


def test_absolute_path_outside_the_working_directory_is_a_file_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (report,) = load_case("app")
    outside = str(tmp_path / "other dir" / "Dockerfile")
    inside = str(work / "sub" / "Dockerfile")

    def moved(path: str) -> Report:
        def relocate(f: Finding) -> Finding:
            return dataclasses.replace(f, location=dataclasses.replace(f.location, path=path))

        return dataclasses.replace(
            report,
            target=Target("dockerfile", path),
            findings=tuple(relocate(f) for f in report.findings),
        )

    far = sarif_log([moved(outside)])
    uri = far["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "file://" + str(tmp_path).replace(" ", "%20") + "/other%20dir/Dockerfile"}
    assert _errors(far) == []
    near = sarif_log([moved(inside)])
    uri = near["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "sub/Dockerfile"}


_text = st.text(max_size=40)


@settings(max_examples=60, deadline=None)
@given(message=_text, path=_text.filter(bool), fix=st.none() | _text, reason=st.none() | _text)
def test_any_text_still_gives_a_valid_log(
    message: str, path: str, fix: str | None, reason: str | None
) -> None:
    finding = Finding(
        rule="python-build-scripts",
        severity="deny",
        verdict="builds",
        message=message,
        fix=fix,
        location=Location(path=path, line=1, end_line=1),
        suppressed=reason or None,
    )
    report = Report(Target("dockerfile", path), (finding,), sources={path: "RUN pip install x\n"})
    assert _errors(json.loads(render([report]))) == []


def test_suppressed_finding_past_the_end_of_its_source_is_external() -> None:
    (report,) = load_case("app")
    finding = dataclasses.replace(
        report.findings[3], location=Location("app.Dockerfile", line=400, end_line=401)
    )
    log = sarif_log([dataclasses.replace(report, findings=(finding,))])
    assert log["runs"][0]["results"][0]["suppressions"][0]["kind"] == "external"
    assert _errors(log) == []
