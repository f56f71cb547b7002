"""User policies load and decide within limits: a rule that loops or grows ends the run with one
line naming it (exit 2), never a hang, gigabytes, or a decision read as "no findings"."""

from __future__ import annotations

import time

import pytest

from gate.policy import bundle
from gate.policy.bounded import BoundedEngine, DecisionLimits
from gate.policy.bundle import load_bundle
from gate.policy.engine import EmbeddedEngine
from gate.policy.errors import PolicyError
from gate.policy.judge import judge, load_engine
from tests.policy.conftest import DATA, facts_document

HOSTILE = DATA / "policies" / "hostile"
MiB = 1024 * 1024
# Small limits keep the suite fast; the defaults (10 s of CPU, 512 MiB) are the same mechanism.
SMALL = DecisionLimits(cpu_seconds=1, wall_seconds=60, memory=256 * MiB)


def _bounded(name: str) -> BoundedEngine:
    return BoundedEngine(load_bundle([str(HOSTILE / name)], []), SMALL)


def test_a_rule_that_loops_at_load_stops_at_its_cpu_limit_naming_its_file() -> None:
    # Before: `gate dockerfile --policy DIR` spun until killed from outside.
    started = time.monotonic()
    with pytest.raises(PolicyError, match="used more than 1 s of CPU; judged nothing") as caught:
        _bounded("loops_at_load")
    assert caught.value.path is not None and caught.value.path.endswith("loops.rego")
    assert time.monotonic() - started < 30


def test_a_rule_that_grows_stops_at_its_memory_limit() -> None:
    # Before: 2.3 GB of resident memory within 30 s, still growing.
    with pytest.raises(PolicyError, match="used more than 256 MiB of memory") as caught:
        _bounded("grows_at_load")
    assert caught.value.path is not None and caught.value.path.endswith("grows.rego")


def test_a_rule_that_loops_on_an_input_stops_at_that_decision() -> None:
    engine = _bounded("loops_on_installs")  # the empty input at load has no installs
    with pytest.raises(PolicyError, match="used more than 1 s of CPU"):
        judge(facts_document("dockerfile.json"), engine, strict=False)


def test_bounded_and_in_process_engines_decide_alike() -> None:
    bundle = load_bundle([str(DATA / "policies" / "add")], [])
    document = facts_document("dockerfile.json")
    bounded = judge(document, BoundedEngine(bundle, SMALL), strict=False)
    assert bounded == judge(document, EmbeddedEngine(bundle), strict=False)
    assert bounded  # the facts hold installs the rules report


def test_a_policy_error_in_the_child_keeps_its_file_and_line() -> None:
    engine = load_engine([str(DATA / "policies" / "runtime")], [], bounded=True)
    assert isinstance(engine, BoundedEngine)
    with pytest.raises(PolicyError) as caught:
        judge(facts_document("dockerfile.json"), engine, strict=False)
    assert caught.value.path is not None and caught.value.path.endswith("runtime/runtime.rego")
    assert caught.value.line == 8


def test_built_in_policies_alone_are_judged_in_process() -> None:
    assert isinstance(load_engine([], [], bounded=True), EmbeddedEngine)


def test_a_user_policy_test_that_loops_ends_the_run_naming_that_test() -> None:
    # Before: `gate policy test DIR` spun until killed from outside.
    from gate.policy.testing import run_policy_tests

    with pytest.raises(PolicyError, match="used more than 1 s of CPU") as caught:
        run_policy_tests([str(HOSTILE / "test_loops")], SMALL)
    assert "test gate.rules.team_loops_test.test_loops" in caught.value.message
    assert caught.value.path is not None and caught.value.path.endswith("team_test.rego")
    assert caught.value.line == 10


def test_user_policy_tests_report_alike_in_the_child() -> None:
    from gate.policy.testing import run_policy_tests

    report = run_policy_tests([str(DATA / "policies" / "tests_fail")], SMALL)
    assert report.results and not report.passed


def test_user_data_alone_is_judged_in_the_bounded_child_naming_the_file() -> None:
    # 40,000 exceptions (5 MB, under the 8 MiB cap) over 300 installs ran past two minutes in
    # process; in the child it stops at the CPU limit like a looping rule.
    data = DATA / "data" / "exceptions.yaml"
    engine = load_engine([], [str(data)], bounded=True)
    assert isinstance(engine, BoundedEngine)
    assert engine._where == str(data)
    document = facts_document("dockerfile.json")
    in_process = judge(document, load_engine([], [str(data)]), strict=False)
    assert judge(document, engine, strict=False) == in_process


def test_engines_close_in_any_order_without_waiting_on_each_other() -> None:
    # The second child holds a copy of the first one's request pipe: closing the first waited
    # for an end of input that never came (the suite hung in waitpid).
    bundle = load_bundle([str(DATA / "policies" / "add")], [])
    first, second = BoundedEngine(bundle, SMALL), BoundedEngine(bundle, SMALL)
    started = time.monotonic()
    first._child.close()
    second._child.close()
    assert time.monotonic() - started < 5


def test_decisions_whose_cpu_time_adds_up_past_a_second_are_all_made() -> None:
    # Each decision was given its budget by raising the CPU limit's hard value too, which no
    # process may do without CAP_SYS_RESOURCE: once the child's CPU time crossed a whole second,
    # the next budget raised ValueError and every run with a user policy or data file ended
    # "the policies failed (status 4); judged nothing" (hostile round 18: a policy taking 0.4 s
    # per Dockerfile, three Dockerfiles; a --data file taking over a second to load).
    limits = DecisionLimits(cpu_seconds=2, wall_seconds=60, memory=256 * MiB)
    bundle = load_bundle([str(HOSTILE / "slow_on_installs")], [])
    engine = BoundedEngine(bundle, limits)
    document = facts_document("dockerfile.json")
    expected = judge(document, EmbeddedEngine(bundle), strict=False)
    for _ in range(8):  # about 0.17 s of CPU each
        assert judge(document, engine, strict=False) == expected


def test_brackets_nested_past_the_cap_are_refused_before_regorus_parses_them() -> None:
    # regorus's parse time doubles with each `[` or `{` level: 20 nested arrays (40 bytes of a
    # repository's policy) spent the child's 10 s of CPU, 25 s of wall time (hostile round 18).
    with pytest.raises(PolicyError, match="nested more than 12 deep") as caught:
        load_bundle([str(HOSTILE / "nested_brackets")], [])
    assert caught.value.path is not None and caught.value.path.endswith("nested.rego")
    assert caught.value.line == 7


def test_more_policy_files_or_text_than_the_caps_is_refused_before_loading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The caps lowered (from 1,000 files and 16 MiB) so that the suite's own policies pass them.
    # A repository's config may name a folder of 5,000 policy files: 3 s to read them before
    # regorus saw any (hostile round 18), and 50,000 ten times that.
    monkeypatch.setattr(bundle, "MAX_USER_MODULES", 2)
    with pytest.raises(PolicyError, match="more than 2 policy files") as caught:
        load_bundle([str(HOSTILE)], [])
    assert caught.value.path is not None and caught.value.path.endswith("hostile")
    monkeypatch.setattr(bundle, "MAX_USER_MODULES", 1000)
    monkeypatch.setattr(bundle, "MAX_USER_POLICY_CHARS", 100)
    with pytest.raises(PolicyError, match="come to more than 0 MiB") as caught:
        load_bundle([str(HOSTILE / "loops_on_installs")], [])
    assert caught.value.path is not None and caught.value.path.endswith(".rego")


def test_a_function_that_calls_itself_is_named_as_a_stack_overflow_not_memory() -> None:
    # Before: "used more than 256 MiB of memory (signal 11)", which sent the user looking for
    # a large set.
    with pytest.raises(
        PolicyError, match="its stack overflowed; does a function call itself"
    ) as caught:
        _bounded("calls_itself")
    assert caught.value.path is not None and caught.value.path.endswith("calls.rego")


def test_metadata_past_its_cap_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # METADATA is YAML parsed in gate's own process, before any child: 4 MiB of it in a
    # repository's policies took 13 s of CPU. The cap is 1 MiB; these files hold 3 KB each.
    monkeypatch.setattr(bundle, "MAX_METADATA_CHARS", 4096)
    with pytest.raises(PolicyError, match="METADATA blocks come to more than") as caught:
        load_bundle([str(HOSTILE / "metadata_heavy")], [])
    assert caught.value.path is not None and caught.value.path.endswith("heavy1.rego")
