"""JSON output: exactly the SPEC output contract, plus the additive suppressed keys."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gate.facts.document import install_json
from gate.report.json import render
from tests.report.support import CASES, assert_golden, load_case

TOP_KEYS = ["version", "target", "findings", "summary"]
FINDING_KEYS = [
    "rule",
    "severity",
    "verdict",
    "message",
    "fix",
    "location",
    "install",
    "suppressed",
]
# The contract's keys, then the additive `command` (the install's own lines inside the RUN).
LOCATION_KEYS = ["path", "line", "end_line", "stage", "history_index", "created_by", "command"]


@pytest.mark.parametrize("case", CASES)
def test_json_matches_golden(case: str) -> None:
    assert_golden(render(load_case(case)), f"{case}.json")


def _check_contract(doc: dict[str, object]) -> None:
    assert list(doc) == TOP_KEYS
    assert doc["version"] == 1
    target = doc["target"]
    assert isinstance(target, dict) and list(target) == ["kind", "path"]
    summary = doc["summary"]
    assert isinstance(summary, dict) and list(summary) == ["deny", "warn", "suppressed"]
    findings = doc["findings"]
    assert isinstance(findings, list)
    for finding in findings:
        assert list(finding) == FINDING_KEYS
        assert finding["severity"] in ("deny", "warn")
        assert finding["verdict"] in ("builds", "unknown")
        assert isinstance(finding["message"], str)
        assert finding["fix"] is None or isinstance(finding["fix"], str)
        assert list(finding["location"]) == LOCATION_KEYS
        line = finding["location"]["line"]
        assert line is None or (isinstance(line, int) and line >= 1)
        assert finding["install"] is None or isinstance(finding["install"], dict)
        assert finding["suppressed"] is None or isinstance(finding["suppressed"], str)
    counted = [f for f in findings if f["suppressed"] is None]
    assert summary == {
        "deny": sum(f["severity"] == "deny" for f in counted),
        "warn": sum(f["severity"] == "warn" for f in counted),
        "suppressed": len(findings) - len(counted),
    }


@pytest.mark.parametrize("case", [*CASES, "hostile"])
def test_every_document_keeps_the_output_contract(case: str) -> None:
    data = json.loads(render(load_case(case)))
    for doc in data if isinstance(data, list) else [data]:
        _check_contract(doc)


def test_one_report_is_an_object_and_several_are_an_array() -> None:
    assert isinstance(json.loads(render(load_case("app"))), dict)
    several = json.loads(render(load_case("multi")))
    assert isinstance(several, list)
    assert [d["target"]["path"] for d in several] == [
        "app.Dockerfile",
        "compliant.Dockerfile",
        "registry.example:5000/team/app:1.2",
        "gcr.io/distroless/python3-debian12",
    ]


def test_install_is_the_fact_the_policy_judged() -> None:
    (report,) = load_case("app")
    doc = json.loads(render([report]))
    by_id = {f.install.id: f.install for f in report.findings if f.install}
    for finding in doc["findings"]:
        assert finding["install"] == install_json(by_id[finding["install"]["id"]])


def test_finding_without_install_has_null_install() -> None:
    data = json.loads(render(load_case("image")))
    assert data[1]["findings"][0]["install"] is None
    assert data[1]["findings"][0]["location"]["history_index"] is None


def test_suppressed_finding_is_kept_and_not_counted() -> None:
    doc = json.loads(render(load_case("app")))
    suppressed = [f for f in doc["findings"] if f["suppressed"]]
    assert [f["location"]["line"] for f in suppressed] == [19]
    assert doc["summary"] == {"deny": 2, "warn": 1, "suppressed": 1}


def test_hostile_text_round_trips_and_output_is_ascii() -> None:
    out = render(load_case("hostile"))
    assert out.isascii()
    doc = json.loads(out)
    messages = {f["message"] for f in doc["findings"]}
    hostile = '100% bad: pip install <x> & "y"\r\n::error::injected ]]> \x1b[2J end\x00nul \ud800'
    assert hostile in messages


def _round_trip(value: object) -> object:
    return json.loads(json.dumps(value, default=vars))


@pytest.mark.parametrize("case", [*CASES, "hostile"])
def test_install_json_is_the_json_round_trip_of_the_install(case: str) -> None:
    installs = [f.install for r in load_case(case) for f in r.findings if f.install is not None]
    for install in installs:
        got = install_json(install)
        assert got == _round_trip(install)
        # Arrays as lists, as the round trip gives them, and the same text written.
        assert json.dumps(got, indent=2) == json.dumps(_round_trip(install), indent=2)


def test_install_json_keeps_lone_surrogates_and_non_ascii_text() -> None:
    (report,) = load_case("app")
    install = next(f.install for f in report.findings if f.install is not None)
    odd = replace(install, text="pip install caf\u00e9 \udc80x", argv=("pip", "\ud800"))
    assert install_json(odd) == _round_trip(odd)
    assert install_json(odd)["argv"] == ["pip", "\ud800"]
