"""judge(): decision objects become Findings with the rule's metadata, sorted, strict-aware."""

from __future__ import annotations

import time

import pytest

from gate.model import Finding
from gate.policy.engine import PolicyEngine
from gate.policy.errors import PolicyError
from gate.policy.judge import judge, load_engine, rules
from tests.policy.conftest import DATA, facts_document


def _by_install(findings: tuple[Finding, ...]) -> dict[int, Finding]:
    return {f.install.id: f for f in findings if f.install is not None}


def test_denied_install_carries_rule_metadata_fix_and_install_location(
    builtin_engine: PolicyEngine,
) -> None:
    doc = facts_document("dockerfile.json")
    finding = _by_install(judge(doc, builtin_engine, strict=False))[1]
    assert finding.rule == "python-build-scripts"
    assert (finding.severity, finding.verdict) == ("deny", "builds")
    assert finding.message == "pip install can run build scripts: add --only-binary :all:"
    assert finding.fix == "pip install --only-binary :all: flask"
    assert finding.install == doc.installs[0]
    assert finding.location == doc.installs[0].location
    assert finding.suppressed is None


def test_compliant_installs_give_no_finding(builtin_engine: PolicyEngine) -> None:
    assert judge(facts_document("compliant.json"), builtin_engine, strict=False) == ()


def test_only_binary_with_requirements_file_is_compliant(builtin_engine: PolicyEngine) -> None:
    assert 2 not in _by_install(
        judge(facts_document("dockerfile.json"), builtin_engine, strict=False)
    )


def test_later_no_binary_reenables_sources_is_denied(builtin_engine: PolicyEngine) -> None:
    finding = _by_install(judge(facts_document("dockerfile.json"), builtin_engine, strict=False))[3]
    assert finding.severity == "deny"
    assert finding.message == (
        "pip install can run build scripts: sources are re-enabled for lxml after :all:"
    )


def test_unknown_flags_are_a_warning_with_verdict_unknown(builtin_engine: PolicyEngine) -> None:
    finding = _by_install(judge(facts_document("dockerfile.json"), builtin_engine, strict=False))[4]
    assert (finding.severity, finding.verdict) == ("warn", "unknown")
    assert "FLAGS has no known value" in finding.message


def test_strict_turns_unknown_warnings_into_denials(builtin_engine: PolicyEngine) -> None:
    findings = judge(facts_document("dockerfile.json"), builtin_engine, strict=True)
    unknown = [f for f in findings if f.verdict == "unknown"]
    assert unknown and all(f.severity == "deny" for f in unknown)


def test_vcs_source_with_unknown_flags_stays_denied(builtin_engine: PolicyEngine) -> None:
    finding = _by_install(judge(facts_document("dockerfile.json"), builtin_engine, strict=False))[5]
    assert (finding.severity, finding.verdict) == ("deny", "builds")
    assert "git+https://example.com/x.git" in finding.message


def test_no_deps_wheel_install_is_not_flagged(builtin_engine: PolicyEngine) -> None:
    assert 6 not in _by_install(
        judge(facts_document("dockerfile.json"), builtin_engine, strict=False)
    )


def test_opaque_code_is_an_unknown_warning_at_its_step(builtin_engine: PolicyEngine) -> None:
    findings = judge(facts_document("dockerfile.json"), builtin_engine, strict=False)
    opaque = [f for f in findings if f.install is None]
    assert len(opaque) == 1
    assert (opaque[0].severity, opaque[0].verdict, opaque[0].location.line) == (
        "warn",
        "unknown",
        15,
    )
    assert opaque[0].fix is None


def test_image_findings_resolution_and_unjudgeable_layers(builtin_engine: PolicyEngine) -> None:
    findings = judge(facts_document("image.json"), builtin_engine, strict=False)
    assert [(f.location.history_index, f.severity, f.verdict) for f in findings] == [
        (0, "warn", "unknown"),
        (2, "deny", "builds"),
        (5, "deny", "builds"),
    ]
    assert findings[0].message.startswith("the build cannot be judged: layer 0")
    assert findings[2].message.startswith("poetry lock resolves dependencies")
    assert findings[2].fix == "commit poetry.lock and run poetry install"


def test_findings_are_sorted_by_location_then_message(builtin_engine: PolicyEngine) -> None:
    findings = judge(facts_document("dockerfile.json"), builtin_engine, strict=False)
    keys = [(f.location.path, f.location.line or 0, f.message) for f in findings]
    assert keys == sorted(keys)
    assert [f.location.line for f in findings] == [4, 9, 11, 11, 15]
    same_line = [f.message for f in findings if f.location.line == 11]
    assert same_line == sorted(same_line)


def test_finding_without_install_or_location_is_a_policy_error() -> None:
    engine = load_engine([str(DATA / "policies" / "badfinding")], [])
    with pytest.raises(PolicyError, match="neither an install nor a location") as caught:
        judge(facts_document("compliant.json"), engine, strict=False)
    assert caught.value.path is not None and caught.value.path.endswith("bad.rego")
    assert caught.value.line == 3


def test_finding_naming_an_unknown_install_is_a_policy_error() -> None:
    engine = load_engine([str(DATA / "policies" / "missing_install")], [])
    with pytest.raises(PolicyError, match="names install 999"):
        judge(facts_document("compliant.json"), engine, strict=False)


def test_rules_lists_the_metadata_of_every_loaded_rule(builtin_engine: PolicyEngine) -> None:
    infos = {info.id: info for info in rules(builtin_engine)}
    assert set(infos) == {"python-build-scripts", "gate-exceptions", "gate-internal-error"}
    main = infos["python-build-scripts"]
    assert main.severity == "deny"
    assert main.title == "Python installs must not run third-party build scripts"
    assert main.references and main.fix


def test_judging_a_file_costs_a_fraction_of_loading_the_policies() -> None:
    # Load once, judge many: a per-file cost near the load cost would mean recompiling per file.
    # Measured as a ratio so that a busy machine slows both sides alike.
    started = time.perf_counter()
    engine = load_engine((), ())
    load = time.perf_counter() - started
    doc = facts_document("dockerfile.json")
    judge(doc, engine, strict=False)
    started = time.perf_counter()
    for _ in range(50):
        judge(doc, engine, strict=False)
    per_file = (time.perf_counter() - started) / 50
    assert per_file < load / 2, f"{per_file * 1e3:.2f} ms per file, {load * 1e3:.2f} ms to load"


def test_rule_id_used_for_exceptions_matches_the_metadata_id(builtin_engine: PolicyEngine) -> None:
    # Exceptions are matched in Rego by the package's rule_id; reports use the METADATA id.
    decision = builtin_engine.evaluate(
        {"version": 1, "target": {}, "installs": [], "opaque": [], "unjudgeable": []}
    )
    ids = {info.id for info in rules(builtin_engine)}
    assert decision["python_build_scripts"]["rule_id"] in ids


def test_internal_error_of_the_shell_layer_is_a_denial_naming_the_instruction(
    builtin_engine: PolicyEngine,
) -> None:
    from dataclasses import replace

    from gate.model import Location, Opaque

    where = Location("Dockerfile", 3, 3, "0")
    failed = Opaque("the shell layer failed on this text: UnicodeEncodeError", "cd x", 0, True)
    doc = replace(facts_document("compliant.json"), opaque=((where, failed),))
    internal = [f for f in judge(doc, builtin_engine, strict=False) if f.severity == "deny"]
    assert [(f.rule, f.location, f.verdict) for f in internal] == [
        ("gate-internal-error", where, "unknown")
    ]
    assert "cd x" in internal[0].message


def test_policy_taking_the_internal_error_rule_id_is_refused() -> None:
    with pytest.raises(PolicyError, match="rule id gate-internal-error is gate's own") as caught:
        load_engine([str(DATA / "policies" / "reserved_id")], [])
    assert caught.value.path is not None and caught.value.path.endswith("claims.rego")
