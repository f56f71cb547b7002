"""`gate policy test`: every Rego unit test runs, alone, with coverage per policy file."""

from __future__ import annotations

import json

import pytest

from gate.cli import main
from gate.policy.errors import PolicyError
from gate.policy.testing import format_policy_test_report, run_policy_tests
from tests.policy.conftest import DATA

POLICIES = DATA / "policies"


def test_builtin_rego_tests_all_pass_and_report_coverage_of_the_rule() -> None:
    report = run_policy_tests([])
    failed = [f"{r.package}.{r.name}: {r.error}" for r in report.results if not r.passed]
    assert not failed
    assert report.passed
    assert len(report.results) >= 50
    coverage = {c.path: c.percent for c in report.coverage}
    assert coverage["policies/python/build_scripts/build_scripts.rego"] == 100.0
    assert all(not path.endswith("_test.rego") for path in coverage)
    # Examples are tested by default too.
    assert any(r.package.startswith("gate.rules.no_extra_index_url") for r in report.results)


def test_gate_policy_test_cli_passes_over_the_builtin_policies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policy", "test"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    test = "gate.rules.python_build_scripts_test.test_later_no_binary_reenables_sources_is_denied"
    assert f"PASS  {test}" in out
    assert "100.0%  policies/python/build_scripts/build_scripts.rego" in out


def test_failing_and_erroring_tests_fail_alone() -> None:
    report = run_policy_tests([str(POLICIES / "tests_fail")])
    results = {r.name: r for r in report.results}
    assert results["test_passes"].passed
    assert not results["test_fails"].passed and results["test_fails"].error is None
    assert not results["test_errors"].passed
    assert "could not parse string as number" in (results["test_errors"].error or "")
    assert not report.passed
    text = format_policy_test_report(report)
    assert "FAIL  gate.rules.sample_test.test_fails" in text
    assert text.endswith("1 passed, 2 failed")


def test_gate_policy_test_exits_1_on_a_failing_test(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "test", str(POLICIES / "tests_fail")]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_compile_error_in_a_tested_directory_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(PolicyError):
        run_policy_tests([str(POLICIES / "broken")])
    assert main(["policy", "test", str(POLICIES / "broken")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gate: ") and "broken.rego:6: " in err


def test_gate_rules_lists_metadata_as_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert (
        "python-build-scripts  [deny]  Python installs must not run third-party build scripts"
        in (capsys.readouterr().out)
    )
    assert main(["rules", "--format", "json", "--policy", str(POLICIES / "add")]) == 0
    infos = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(infos) == {
        "gate-exceptions",
        "gate-internal-error",
        "python-build-scripts",
        "team-marker",
    }
    assert infos["python-build-scripts"]["references"]


def test_every_test_rule_runs_however_it_is_written() -> None:
    report = run_policy_tests([str(POLICIES / "tests_unusual")])
    results = {r.name: (r.passed, r.line) for r in report.results}
    assert results == {
        "test_plain_passes": (True, 7),
        "test_indented_fails": (False, 9),
        "test_a_set_is_not_true": (False, 13),
        "test_head_on_its_own_line": (False, 15),
        "test_default_false": (False, 18),
    }
    assert not report.passed
