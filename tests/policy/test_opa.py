"""The OPA engine against the OPA REST stand-in (real HTTP on loopback)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gate.cli import main
from gate.policy.bundle import PolicySource, load_bundle
from gate.policy.engine import PolicyEngine
from gate.policy.errors import PolicyError
from gate.policy.judge import judge, load_engine
from gate.policy.opa import OpaEngine
from tests.policy.conftest import DATA, facts_document
from tests.support.opa_standin import OpaStandIn

EXCEPTIONS = str(DATA / "data" / "exceptions.yaml")


def test_opa_engine_gives_the_same_findings_as_the_embedded_engine(
    opa_standin: OpaStandIn,
) -> None:
    doc = facts_document("dockerfile.json")
    embedded = judge(doc, load_engine((), (EXCEPTIONS,)), strict=False)
    remote = judge(doc, load_engine((), (EXCEPTIONS,), opa_url=opa_standin.url), strict=False)
    assert remote == embedded
    assert any(f.suppressed for f in remote)


def _root(engine: PolicyEngine) -> str:
    assert isinstance(engine, OpaEngine)
    return engine.root


def _ids(engine: PolicyEngine) -> str:
    return "gate/" + _root(engine).removeprefix("gate_")


def test_policies_and_data_are_uploaded_through_the_rest_api(opa_standin: OpaStandIn) -> None:
    engine = load_engine((), (EXCEPTIONS,), opa_url=opa_standin.url)
    requests = opa_standin.state.requests
    root, ids = _root(engine), _ids(engine)
    assert root == "gate_" + engine.bundle.policy_hash[:32]
    assert ("PUT", f"/v1/policies/{ids}/gate/python/build_scripts/build_scripts.rego") in requests
    assert ("PUT", f"/v1/data/{root}/gate/exceptions") in requests
    assert all(not path.endswith("_test.rego") for _, path in requests)
    assert opa_standin.state.data[root]["gate"]["exceptions"][0]["reason"].startswith("SEC-101")


def test_decision_is_one_post_to_the_data_api(opa_standin: OpaStandIn) -> None:
    engine = load_engine((), (), opa_url=opa_standin.url)
    before = len(opa_standin.state.requests)
    judge(facts_document("compliant.json"), engine, strict=False)
    assert opa_standin.state.requests[before:] == [
        ("POST", f"/v1/data/{_root(engine)}/gate/rules?strict-builtin-errors=true")
    ]


def test_push_leaves_the_policies_of_other_runs_on_the_server(opa_standin: OpaStandIn) -> None:
    # Another run (other policies, or an older gate) may be judging with them right now.
    others = {
        "gate/gate/old/removed.rego": "package gate.rules.removed\n",
        "gate/" + "0" * 32 + "/gate/team/team.rego": "package gate_" + "0" * 32 + ".gate.x\n",
        "someone-else": "package other\n",
    }
    opa_standin.state.policies.update(others)
    load_engine((), (), opa_url=opa_standin.url)
    assert all(opa_standin.state.policies[k] == v for k, v in others.items())
    assert not any(method == "DELETE" for method, _ in opa_standin.state.requests)


def test_opa_compile_error_names_file_and_line(opa_standin: OpaStandIn) -> None:
    bundle = load_bundle((str(DATA / "policies" / "broken"),), ())
    with pytest.raises(PolicyError) as caught:
        OpaEngine(bundle, opa_standin.url)
    assert caught.value.path is not None and caught.value.path.endswith("broken/broken.rego")
    assert caught.value.line == 6


def test_undefined_decision_on_opa_is_an_error_not_a_pass(opa_standin: OpaStandIn) -> None:
    engine = OpaEngine(load_bundle((), ()), opa_standin.url, upload=False)
    with pytest.raises(PolicyError, match="undefined"):
        judge(facts_document("dockerfile.json"), engine, strict=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_opa_is_an_error_not_a_pass() -> None:
    with pytest.raises(PolicyError, match="unreachable"):
        load_engine((), (), opa_url=f"http://127.0.0.1:{_free_port()}")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_opa_that_does_not_answer_times_out(silent_server: str) -> None:
    with pytest.raises(PolicyError, match="unreachable"):
        OpaEngine(load_bundle((), ()), silent_server, timeout=0.3)


def test_opa_url_with_a_path_is_rejected() -> None:
    with pytest.raises(PolicyError, match="cannot have a path"):
        OpaEngine(load_bundle((), ()), "http://127.0.0.1:8181/v1", upload=False)


def test_gate_policy_push_uploads_and_reports(
    opa_standin: OpaStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "push", "--opa-url", opa_standin.url, "--data", EXCEPTIONS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pushed ")
    root = out.split(" under data.")[1].strip()
    assert root.startswith("gate_") and root in opa_standin.state.data
    assert any(k.endswith("build_scripts.rego") for k in opa_standin.state.policies)


def test_gate_policy_push_without_url_is_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["policy", "push"]) == 2
    assert "--opa-url" in capsys.readouterr().err


def test_gate_dockerfile_with_opa_url_reports_like_the_embedded_engine(
    opa_standin: OpaStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    dockerfile = str(Path(__file__).resolve().parents[2] / "examples" / "Dockerfile")
    embedded_status = main(["dockerfile", dockerfile, "--format", "json"])
    embedded = json.loads(capsys.readouterr().out)
    remote_status = main(
        ["dockerfile", dockerfile, "--format", "json", "--opa-url", opa_standin.url]
    )
    remote = json.loads(capsys.readouterr().out)
    assert remote_status == embedded_status == 1
    # The reports differ only in naming where the decision was made.
    assert remote.pop("policy")["sources"][-1] == f"evaluated on OPA at {opa_standin.url}"
    embedded.pop("policy")
    assert remote == embedded
    posts = [path for method, path in opa_standin.state.requests if method == "POST"]
    assert posts and all(
        p.startswith("/v1/data/gate_") and p.endswith("/gate/rules?strict-builtin-errors=true")
        for p in posts
    )


def test_runtime_error_on_opa_names_the_policy_file(opa_standin: OpaStandIn) -> None:
    engine = load_engine((str(DATA / "policies" / "runtime"),), (), opa_url=opa_standin.url)
    with pytest.raises(PolicyError) as caught:
        judge(facts_document("dockerfile.json"), engine, strict=False)
    assert caught.value.path is not None and caught.value.path.endswith("runtime/runtime.rego")
    assert caught.value.line == 8


def test_rule_package_missing_from_the_opa_decision_is_an_error_not_no_findings(
    opa_standin: OpaStandIn,
) -> None:
    engine = load_engine((), (), opa_url=opa_standin.url)
    # Someone removed the rule from the server after gate uploaded it: the decision lacks it.
    del opa_standin.state.policies[f"{_ids(engine)}/gate/python/build_scripts/build_scripts.rego"]
    with pytest.raises(PolicyError, match=r"gate\.rules\.python_build_scripts: the rule was not"):
        judge(facts_document("dockerfile.json"), engine, strict=False)


def test_mapping_data_goes_up_through_the_clients_data_call(opa_standin: OpaStandIn) -> None:
    engine = load_engine(
        (str(DATA / "policies" / "team_data"),),
        (str(DATA / "data" / "team-settings.yaml"),),
        opa_url=opa_standin.url,
    )
    root = _root(engine)
    settings = opa_standin.state.data[root]["team"]["settings"]
    assert settings == {"strict_team": False, "owner": "platform"}
    assert ("PUT", f"/v1/data/{root}/team/settings") in opa_standin.state.requests


def test_unreachable_opa_url_is_one_clear_line_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gate.cli import main

    url = f"http://127.0.0.1:{_free_port()}"
    dockerfile = Path(__file__).resolve().parents[1] / "data" / "cli" / "compliant.Dockerfile"
    assert main(["dockerfile", "--no-config", "--opa-url", url, str(dockerfile)]) == 2
    err = capsys.readouterr().err
    assert err == f"gate: OPA at {url} (--opa-url) is unreachable: connection refused\n"


def _repo_exemption() -> PolicySource:
    path = str(DATA / "untrusted_data" / "exempts_all")
    return PolicySource(path, "config .gate.yaml", trusted=False)


def test_an_exemption_pushed_by_another_run_covers_nothing_here(
    opa_standin: OpaStandIn,
) -> None:
    # OPA's data is one document: every run's packages went under data.gate, so an exemption
    # one run uploaded covered the findings of every other run judging there meanwhile.
    other_run = load_engine((), (), opa_url=opa_standin.url)
    OpaEngine(load_bundle((str(DATA / "untrusted_data" / "exempts_all"),), ()), opa_standin.url)
    findings = judge(facts_document("dockerfile.json"), other_run, strict=False)
    assert findings and not any(f.suppressed for f in findings)


def test_runs_with_other_data_on_one_server_each_judge_with_their_own(
    opa_standin: OpaStandIn,
) -> None:
    # Interleaved as concurrent runs are: each upload once, then decisions in turn. The later
    # upload used to replace data.gate.exceptions for both.
    doc = facts_document("dockerfile.json")
    with_exceptions = load_engine((), (EXCEPTIONS,), opa_url=opa_standin.url)
    without = load_engine((), (), opa_url=opa_standin.url)
    for _ in range(2):
        assert any(f.suppressed for f in judge(doc, with_exceptions, strict=False))
        assert not any(f.suppressed for f in judge(doc, without, strict=False))
    assert _root(with_exceptions) != _root(without)


def test_a_bundle_already_on_the_server_is_not_uploaded_again(opa_standin: OpaStandIn) -> None:
    first = load_engine((), (EXCEPTIONS,), opa_url=opa_standin.url)
    before = len(opa_standin.state.requests)
    again = load_engine((), (EXCEPTIONS,), opa_url=opa_standin.url)
    assert _root(again) == _root(first)
    assert [m for m, _ in opa_standin.state.requests[before:]] == ["GET"]
    assert any(f.suppressed for f in judge(facts_document("dockerfile.json"), again, strict=False))


def test_repository_policies_are_not_uploaded_to_opa(opa_standin: OpaStandIn) -> None:
    with pytest.raises(PolicyError, match="it is not uploaded to the OPA server") as caught:
        load_engine((_repo_exemption(),), (), opa_url=opa_standin.url)
    assert caught.value.path is not None and caught.value.path.endswith("exempts_all")
    assert not any("exempts_all" in path for _, path in opa_standin.state.requests)


def test_repository_data_is_not_pushed_to_opa(opa_standin: OpaStandIn) -> None:
    from gate.policy.opa import push_policies

    data = PolicySource(EXCEPTIONS, "config .gate.yaml", trusted=False)
    with pytest.raises(PolicyError, match="it is not uploaded to the OPA server"):
        push_policies((), (data,), opa_standin.url)
    assert opa_standin.state.requests == []
