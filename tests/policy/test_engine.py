"""Loading policies and data into the embedded engine: failures are file:line PolicyErrors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gate.model import GateError
from gate.policy.bundle import (
    PolicySource,
    builtin_dir,
    display,
    load_bundle,
    load_data,
    load_modules,
)
from gate.policy.engine import EmbeddedEngine, PolicyEngine, input_text
from gate.policy.errors import PolicyError
from gate.policy.judge import judge, load_engine
from tests.policy.conftest import DATA, facts_document

POLICIES = DATA / "policies"
EMPTY: dict[str, Any] = {
    "version": 1,
    "target": {},
    "installs": [],
    "opaque": [],
    "unjudgeable": [],
}


def test_embedded_engine_evaluates_every_rule_package_in_one_query(
    builtin_engine: PolicyEngine,
) -> None:
    decision = builtin_engine.evaluate(EMPTY)
    assert decision["python_build_scripts"]["deny"] == []
    assert decision["gate_exceptions"]["warn"] == []


def test_policy_compile_error_names_file_and_line() -> None:
    with pytest.raises(PolicyError) as caught:
        load_engine([str(POLICIES / "broken")], [])
    error = caught.value
    assert error.path is not None and error.path.endswith("broken/broken.rego")
    assert error.line == 6  # where the parser finds the missing `}`: the end of the file
    assert isinstance(error, GateError)
    assert str(error) == f"{error.path}:6: expecting `}}` while parsing query"


def test_unknown_function_fails_at_load_not_at_the_first_file() -> None:
    with pytest.raises(PolicyError) as caught:
        load_engine([str(POLICIES / "unknown_function")], [])
    assert caught.value.path is not None and caught.value.path.endswith("uf.rego")
    assert caught.value.line == 5
    assert caught.value.message == "Unknown function: 'no_such_function'"


def test_runtime_error_names_file_and_line_and_never_passes() -> None:
    engine = load_engine([str(POLICIES / "runtime")], [])
    with pytest.raises(PolicyError) as caught:
        judge(facts_document("dockerfile.json"), engine, strict=False)
    assert caught.value.path is not None and caught.value.path.endswith("runtime/runtime.rego")
    assert caught.value.line == 8
    assert "could not parse string as number" in caught.value.message


def test_rule_package_without_decision_is_an_error() -> None:
    with pytest.raises(
        PolicyError, match="defines no `deny contains` or `warn contains`"
    ) as caught:
        load_engine([str(POLICIES / "nodecision")], [])
    assert caught.value.line == 1


def test_nested_rule_package_is_an_error() -> None:
    with pytest.raises(PolicyError, match=r"gate.rules.<name>, one segment"):
        load_engine([str(POLICIES / "nested")], [])


def test_missing_policy_directory_is_an_error() -> None:
    with pytest.raises(PolicyError, match="policy directory not found"):
        load_engine([str(POLICIES / "does-not-exist")], [])


def test_user_package_replaces_the_builtin_package() -> None:
    engine = load_engine([str(POLICIES / "replace")], [])
    packages = [m.package for m in engine.modules]
    assert packages.count("gate.rules.python_build_scripts") == 1
    assert not next(
        m for m in engine.modules if m.package == "gate.rules.python_build_scripts"
    ).builtin
    findings = judge(facts_document("compliant.json"), engine, strict=False)
    assert {f.message for f in findings} == {"team says: check this install"}
    assert {f.severity for f in findings} == {"warn"}


def test_user_package_adds_rules_next_to_the_builtin_ones() -> None:
    engine = load_engine([str(POLICIES / "add")], [])
    findings = judge(facts_document("compliant.json"), engine, strict=False)
    assert [(f.rule, f.message, f.location.line) for f in findings] == [
        ("team-marker", "team rule ran", 1)
    ]


def test_examples_and_tests_are_not_judged_by_default() -> None:
    paths = [m.path for m in load_modules(())]
    assert paths
    assert not any("examples" in p or p.endswith("_test.rego") for p in paths)


def test_builtin_policies_are_found_in_the_checkout() -> None:
    directory = builtin_dir()
    assert (directory / "python" / "build_scripts" / "build_scripts.rego").is_file()
    # gate/policies is a link to the checkout's policies/, so wheels carry the same files.
    assert directory.resolve() == Path(__file__).resolve().parents[2] / "policies"


def test_policy_hash_is_stable_and_changes_with_data() -> None:
    first = load_bundle((), ()).policy_hash
    assert first == load_bundle((), ()).policy_hash
    assert first != load_bundle((), (str(DATA / "data" / "trusted.json"),)).policy_hash
    assert first != load_bundle((str(POLICIES / "add"),), ()).policy_hash


def test_engine_hash_and_modules_come_from_the_bundle() -> None:
    bundle = load_bundle((), ())
    engine = EmbeddedEngine(bundle)
    assert engine.policy_hash == bundle.policy_hash
    assert engine.modules == bundle.modules
    assert engine.clone().evaluate(EMPTY) == engine.evaluate(EMPTY)


def test_data_files_merge_under_their_top_level_keys() -> None:
    files = ("trusted.json", "team.json", "more.yaml")
    data = load_data([str(DATA / "data" / name) for name in files])
    assert data["team"] == {"owner": "platform", "contact": "sec@example.com"}
    assert data["gate"]["trusted_bases"] == ["sha256:base"]
    assert [e["reason"] for e in data["gate"]["exceptions"]] == ["second file"]


def test_exception_entries_carry_their_file_and_line() -> None:
    path = str(DATA / "data" / "exceptions.yaml")
    entries = load_data([path])["gate"]["exceptions"]
    assert [e["source"] for e in entries] == [f"{path}:3", f"{path}:8", f"{path}:12"]


def test_yaml_dates_reach_the_policy_as_iso_strings() -> None:
    entries = load_data([str(DATA / "data" / "exceptions.yaml")])["gate"]["exceptions"]
    assert entries[0]["expires"] == "2099-12-31"


def test_invalid_data_file_names_file_and_line() -> None:
    with pytest.raises(PolicyError) as caught:
        load_data([str(DATA / "data" / "broken.yaml")])
    assert caught.value.path is not None and caught.value.path.endswith("broken.yaml")
    assert caught.value.line is not None


def test_data_file_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(PolicyError, match="mapping"):
        load_data([str(path)])


def test_configmap_hidden_copies_are_not_loaded_twice(tmp_path: Path) -> None:
    """A ConfigMap volume: each key a link into `..data`, itself a link to a hidden copy."""
    from gate.policy.bundle import rego_files

    hidden = tmp_path / "..2026_12_01_20_00_00.1"
    hidden.mkdir()
    (hidden / "team.rego").write_text("package gate.rules.team\n")
    (tmp_path / "..data").symlink_to(hidden.name)
    (tmp_path / "team.rego").symlink_to("..data/team.rego")
    found = rego_files(tmp_path, tests=False, examples=False)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["team.rego"]


def test_policy_directory_from_an_untrusted_source_cannot_replace_a_builtin_package() -> None:
    source = PolicySource(str(POLICIES / "replace"), "config .gate.yaml", trusted=False)
    with pytest.raises(PolicyError, match="may only add rules") as caught:
        load_bundle((source,), ())
    assert caught.value.path is not None and caught.value.path.endswith("build_scripts.rego")


def test_trusted_replacement_is_recorded_in_the_provenance() -> None:
    bundle = load_bundle((str(POLICIES / "replace"),), ())
    assert bundle.provenance.replaced == (
        f"gate.rules.python_build_scripts (built-in) replaced by {display(POLICIES / 'replace')} "
        "(command line)",
    )
    assert bundle.provenance.policy_hash == bundle.policy_hash


def test_untrusted_source_may_add_rules() -> None:
    source = PolicySource(str(POLICIES / "add"), "config .gate.yaml", trusted=False)
    assert "team_marker" in load_bundle((source,), ()).rules


def test_data_key_that_would_overwrite_a_policy_package_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "rules.yaml"
    data.write_text("gate:\n  rules:\n    python_build_scripts: {deny: []}\n")
    with pytest.raises(PolicyError, match=r"gate\.rules would overwrite"):
        load_bundle((), (str(data),))


def test_misspelt_data_key_is_an_error_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "typo.yaml"
    data.write_text("gate:\n  exeptions: []\n")
    with pytest.raises(PolicyError, match=r"gate\.exeptions is read by no loaded policy"):
        load_bundle((), (str(data),))


def test_lone_surrogates_in_the_facts_are_replaced_not_fatal(
    builtin_engine: PolicyEngine,
) -> None:
    # An image config may carry "\udc80" (a JSON escape of nothing); the engines refuse it.
    document = {**EMPTY, "target": {"kind": "image", "path": "x\udc80y"}}
    decision = builtin_engine.evaluate(document)
    assert "python_build_scripts" in decision


def test_data_posing_as_an_exemption_package_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "exempt.yaml"
    data.write_text("gate:\n  exemptions:\n    all: {exception: []}\n")
    with pytest.raises(PolicyError, match=r"gate\.exemptions would overwrite"):
        load_bundle((), (str(data),))


def test_policy_directory_walk_stops_at_its_entry_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A repository's config may name any folder (`policy: [/usr]` walked for seconds).
    from gate.policy import bundle

    monkeypatch.setattr(bundle, "MAX_WALKED_ENTRIES", 20)
    (tmp_path / "team.rego").write_text("package gate.rules.team\n")
    for index in range(4):
        deep = tmp_path / f"d{index}" / "e"
        deep.mkdir(parents=True)
        for name in range(4):
            (deep / f"notes{name}.txt").write_text("")
    with pytest.raises(PolicyError, match="more than 20 entries below") as caught:
        bundle.rego_files(tmp_path, tests=False, examples=False)
    assert caught.value.path == str(tmp_path)
    monkeypatch.setattr(bundle, "MAX_WALKED_ENTRIES", 30)
    assert bundle.rego_files(tmp_path, tests=False, examples=False) == [tmp_path / "team.rego"]


def test_rule_calling_a_builtin_regorus_does_not_answer_is_refused() -> None:
    with pytest.raises(PolicyError, match=r"http\.send has no answer in the embedded") as caught:
        load_engine([str(POLICIES / "no_answer")], [])
    assert caught.value.path is not None and caught.value.path.endswith("banned.rego")
    assert caught.value.line == 8


@pytest.mark.parametrize("name", ["not_json_nan.yaml", "not_json_binary.yaml"])
def test_data_value_without_a_json_form_is_an_error_naming_the_file(name: str) -> None:
    path = str(DATA / "data" / name)
    with pytest.raises(PolicyError, match="a value is not JSON data") as caught:
        load_engine((), (path,))
    assert caught.value.path == path


def test_fields_named_like_those_builtins_load() -> None:
    engine = load_engine([str(POLICIES / "fields_named_like_builtins")], [])
    assert "fields_named_like_builtins" in engine.bundle.rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": "pip install x"}', '{"a": "pip install x"}'),
        ('{"a": "caf\u00e9 \u2713"}', '{"a": "caf\u00e9 \u2713"}'),
        ('{"a": "x\ud800y"}', '{"a": "x\ufffdy"}'),
        ('{"a": "\udfff\u00e9\udc80"}', '{"a": "\ufffd\u00e9\ufffd"}'),
    ],
)
def test_input_text_replaces_lone_surrogates_and_keeps_everything_else(
    text: str, expected: str
) -> None:
    assert input_text(text) == expected
