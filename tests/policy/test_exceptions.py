"""Exceptions from data files: reported as suppressed with their reason, never dropped."""

from __future__ import annotations

import datetime
from pathlib import Path

from gate.model import Finding
from gate.policy.judge import judge, load_engine
from tests.policy.conftest import DATA, facts_document

EXCEPTIONS = str(DATA / "data" / "exceptions.yaml")
ALLOWLIST = str(Path(__file__).resolve().parents[2] / "policies" / "examples" / "source_allowlist")


def _findings(
    *data: str, policies: tuple[str, ...] = (), name: str = "dockerfile.json"
) -> tuple[Finding, ...]:
    return judge(facts_document(name), load_engine(policies, data), strict=False)


def _install(findings: tuple[Finding, ...], install_id: int) -> Finding:
    return next(f for f in findings if f.install is not None and f.install.id == install_id)


def test_matching_exception_suppresses_with_its_reason_and_keeps_the_finding() -> None:
    finding = _install(_findings(EXCEPTIONS), 1)  # stage build, path Dockerfile
    assert finding.severity == "deny"
    reason = "SEC-101 flask is vendored and reviewed"
    assert finding.suppressed == f"{reason} (exception: {EXCEPTIONS}:3)"


def test_exception_does_not_reach_other_stages() -> None:
    finding = _install(_findings(EXCEPTIONS), 3)  # stage app
    assert finding.suppressed is None


def test_expired_exception_stops_applying_and_is_reported() -> None:
    findings = _findings(EXCEPTIONS)
    # The lxml entry expired on 2020-01-31: install 3 (lxml) is denied and not suppressed ...
    assert _install(findings, 3).suppressed is None
    # ... and the entry itself is reported where it is written.
    expired = [f for f in findings if f.rule == "gate-exceptions" and "expired" in f.message]
    assert len(expired) == 1
    assert expired[0].severity == "warn"
    assert expired[0].message == (
        "exception expired on 2020-01-31 and no longer applies: SEC-7 lxml needs the system libxml2"
    )
    assert (expired[0].location.path, expired[0].location.line) == (EXCEPTIONS, 8)


def test_exception_without_reason_is_reported_and_not_honoured() -> None:
    findings = _findings(EXCEPTIONS)
    unreasoned = [f for f in findings if f.rule == "gate-exceptions" and "no reason" in f.message]
    assert [(f.location.path, f.location.line) for f in unreasoned] == [(EXCEPTIONS, 12)]
    # That entry names stage app: the app-stage findings stay unsuppressed.
    assert all(f.suppressed is None for f in findings if f.location.stage == "app")


def test_strict_does_not_turn_exception_reports_into_denials() -> None:
    engine = load_engine((), (EXCEPTIONS,))
    findings = judge(facts_document("compliant.json"), engine, strict=True)
    assert {(f.rule, f.severity) for f in findings} == {("gate-exceptions", "warn")}


def test_exception_with_future_expiry_applies(tmp_path: Path) -> None:
    tomorrow = (datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=1)).isoformat()
    data = tmp_path / "data.yaml"
    data.write_text(
        "gate:\n  exceptions:\n"
        f"    - {{package: lxml, reason: until tomorrow, expires: {tomorrow}}}\n"
    )
    assert _install(_findings(str(data)), 3).suppressed == f"until tomorrow (exception: {data}:3)"


def test_trusted_base_suppresses_installs_from_base_layers() -> None:
    engine = load_engine((), (str(DATA / "data" / "trusted.json"),))
    from gate.facts.document import facts_json

    doc = facts_json(facts_document("image.json"))
    assert doc["target"]["base_digest"] == "sha256:base"
    decision = engine.evaluate(doc)
    by_install = {f["install"]: f for f in decision["python_build_scripts"]["deny"]}
    assert by_install[1]["exception"]["reason"] == "base image sha256:base is trusted"
    assert "exception" not in by_install[2]  # the image's own layer (poetry lock)


def test_source_allowlist_example_exempts_allowlisted_source_builds(tmp_path: Path) -> None:
    data = tmp_path / "allow.yaml"
    data.write_text("gate:\n  source_allowlist: [lxml]\n")
    finding = _install(_findings(str(data), policies=(ALLOWLIST,)), 3)
    assert finding.severity == "deny"
    assert finding.suppressed == (
        "lxml may build from source (team allowlist) "
        "(exception: policy gate.exemptions.source_allowlist)"
    )


def test_suppressed_finding_names_the_exception_gate_found_not_the_one_it_claims(
    tmp_path: Path,
) -> None:
    forged = tmp_path / "repo-exceptions.yaml"
    forged.write_text((DATA / "data" / "forged_source.yaml").read_text())
    finding = _install(_findings(str(forged)), 3)
    assert finding.suppressed == f"SEC-1 approved by the platform team (exception: {forged}:4)"


def test_exception_with_a_misspelt_field_covers_nothing_and_is_reported() -> None:
    data = str(DATA / "data" / "misspelt_field.yaml")
    findings = _findings(data)
    assert all(f.suppressed is None for f in findings)
    (report,) = [f for f in findings if f.rule == "gate-exceptions"]
    assert report.message.startswith("exception field packages is not one gate knows")
    assert (report.location.path, report.location.line) == (data, 4)
