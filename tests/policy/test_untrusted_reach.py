"""An untrusted module's rules cannot land in a package of gate's or the operator's."""

from __future__ import annotations

import pytest

from gate.policy.bundle import PolicySource, load_bundle
from gate.policy.engine import EmbeddedEngine
from gate.policy.errors import PolicyError
from gate.policy.judge import judge
from tests.policy.conftest import DATA, facts_document

REACH = DATA / "reach"


def _untrusted(name: str) -> PolicySource:
    return PolicySource(str(REACH / name), "config .gate.yaml", trusted=False)


def _denied(bundle_dirs: tuple[str, ...]) -> int:
    engine = EmbeddedEngine(load_bundle(bundle_dirs, ()))
    findings = judge(facts_document("dockerfile.json"), engine, strict=False)
    return sum(f.severity == "deny" and f.rule == "python-build-scripts" for f in findings)


def test_ref_head_in_an_ancestor_package_changes_the_builtin_rule() -> None:
    # Why the ancestors are refused: loaded as the operator's, this module passes installs.
    assert _denied((str(REACH / "gate_root"),)) < _denied(())


@pytest.mark.parametrize(
    ("name", "package"),
    [("gate_root", "gate"), ("rules_root", "gate.rules"), ("lib_root", "gate.lib")],
)
def test_untrusted_module_in_an_ancestor_of_a_builtin_package_is_refused(
    name: str, package: str
) -> None:
    with pytest.raises(PolicyError, match=f"package {package} is an ancestor of") as caught:
        load_bundle((_untrusted(name),), ())
    error = caught.value
    assert error.path is not None and error.path.endswith(f"{name}/team.rego")
    assert error.line == (2 if name == "gate_root" else 1)


def test_untrusted_module_joining_an_operator_package_is_refused() -> None:
    operator = PolicySource(str(DATA / "policies" / "add"))
    with pytest.raises(
        PolicyError, match=r"package gate\.rules\.team_marker is the package .*\(command line\)"
    ) as caught:
        load_bundle((operator, _untrusted("joins_operator")), ())
    assert caught.value.path is not None and caught.value.path.endswith("joins_operator/team.rego")


def test_untrusted_module_in_a_package_of_its_own_is_loaded() -> None:
    operator = PolicySource(str(DATA / "policies" / "add"))
    untrusted = PolicySource(
        str(DATA / "policies" / "team_data"), "config .gate.yaml", trusted=False
    )
    assert {"team_marker", "team_data"} <= set(load_bundle((operator, untrusted), ()).rules)


def test_untrusted_module_giving_data_an_operator_rule_reads_is_refused() -> None:
    operator = PolicySource(str(DATA / "untrusted_data" / "operator"))
    with pytest.raises(
        PolicyError, match=r"package team holds data\.team\.extra_indexes, which the operator"
    ) as caught:
        load_bundle((operator, _untrusted("sets_operator_data")), ())
    error = caught.value
    assert error.path is not None and error.path.endswith("sets_operator_data/team.rego")
    assert error.line == 2
