"""Pull secrets → credentials: Kubernetes' key matching, the secret formats, the lookup order
through a real HTTPS stand-in of the Kubernetes API, and pulls from a basic-auth registry."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path
from typing import Any

import pytest

from gate.sources.registry.options import Credentials
from gate.sources.registry.reference import parse_reference
from gate.webhook.admission import PodSpec
from gate.webhook.credentials import (
    CredentialsError,
    GlobalCredentials,
    Keyring,
    PullSecrets,
    key_matches,
    keyring_of_secret,
    parse_docker_config,
)
from gate.webhook.kube import KubeAPI
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import COMPLIANT, WebhookFactory
from tests.webhook.support import (
    KubeStandIn,
    dockerconfigjson,
    payload,
    pull_secret,
    service_account,
)


@pytest.mark.parametrize(
    ("key", "target", "matches"),
    [
        # Cases from Kubernetes' pkg/credentialprovider keyring tests.
        ("*.kubernetes.io", "prefix.kubernetes.io/foo", True),
        ("*.kubernetes.io", "kubernetes.io/foo", False),  # not the same number of parts
        ("prefix.*.io", "prefix.kubernetes.io/foo", True),
        ("prefix.kubernetes.*", "prefix.kubernetes.io/foo", True),
        ("*-good.kubernetes.io", "prefix-good.kubernetes.io/foo", True),
        ("*-good.kubernetes.io", "prefix-bad.kubernetes.io/foo", False),
        ("kubernetes.io:1111", "kubernetes.io:1111/foo", True),
        ("kubernetes.io:1111", "kubernetes.io/foo", False),
        ("kubernetes.io", "kubernetes.io:1111/foo", False),
        ("https://registry.io", "registry.io/team/app", True),  # the scheme is ignored
        ("registry.io/team", "registry.io/team/app", True),
        ("registry.io/team", "registry.io/other/app", False),
        ("REGISTRY.io", "registry.io/app", True),
    ],
)
def test_keys_match_as_in_kubernetes(key: str, target: str, matches: bool) -> None:
    assert key_matches(key, target) is matches


def _config(*hosts: str, legacy: bool = False) -> bytes:
    entries = {
        h: {"auth": base64.b64encode(f"user-{i}:pw-{i}".encode()).decode()}
        for i, h in enumerate(hosts)
    }
    return json.dumps(entries if legacy else {"auths": entries}).encode()


def test_more_specific_keys_come_first() -> None:
    keyring = parse_docker_config(_config("registry.io", "registry.io/team"), "test")
    found = keyring.lookup(parse_reference("registry.io/team/app:1"))
    assert [c.username for c in found] == ["user-1", "user-0"]


def test_v1_path_is_dropped_and_hub_images_find_the_index_key() -> None:
    keyring = parse_docker_config(_config("https://index.docker.io/v1/"), "test")
    assert [c.username for c in keyring.lookup(parse_reference("python:3.12"))] == ["user-0"]
    assert keyring.lookup(parse_reference("ghcr.io/x/y")) == ()


def test_docker_io_key_matches_hub_images() -> None:
    keyring = parse_docker_config(_config("docker.io"), "test")
    assert keyring.lookup(parse_reference("library/python"))


def test_legacy_dockercfg_has_its_entries_at_the_top() -> None:
    keyring = parse_docker_config(_config("r.example", legacy=True), "test", legacy=True)
    assert keyring.lookup(parse_reference("r.example/a/b")) == (Credentials("user-0", "pw-0"),)


def test_secret_of_the_wrong_type_gives_no_credentials() -> None:
    secret = pull_secret("s", "ns", _config("r.example"))
    secret["type"] = "Opaque"
    assert keyring_of_secret(secret, "secret ns/s") == Keyring()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [(b"not json", "not valid JSON"), (b"[]", "not a JSON object"),
     (b'{"auths": {"r.example": {"auth": "%%%"}}}', "invalid auth entry for r.example")],
)  # fmt: skip
def test_broken_secret_is_an_error_naming_it(raw: bytes, problem: str) -> None:
    with pytest.raises(CredentialsError, match=problem):
        parse_docker_config(raw, "secret ns/s")


def test_global_credentials_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / ".dockerconfigjson"
    path.write_bytes(_config("a.example"))
    creds = GlobalCredentials([path])
    ref = parse_reference("b.example/x")
    assert creds.keyrings()[0].lookup(ref) == ()
    path.write_bytes(_config("b.example", "c.example"))
    assert creds.keyrings()[0].lookup(ref)
    path.write_bytes(b"{broken")  # mid-rotation: the last good file stays in use
    assert creds.keyrings()[0].lookup(ref)


def test_missing_global_credentials_file_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="pull secret file"):
        GlobalCredentials([tmp_path / "absent"])


def test_unreadable_global_credentials_file_fails_at_start_naming_it(tmp_path: Path) -> None:
    # stat succeeds on a directory, reading it does not: both are the same one-line error.
    with pytest.raises(CredentialsError, match=f"pull secret file {tmp_path}: Is a directory"):
        GlobalCredentials([tmp_path])


# -- lookup order through the Kubernetes API stand-in ------------------------------------------


def _entry_names(chain: Any, image: str) -> list[str]:
    return [c.username for c in chain.candidates(parse_reference(image))]


def test_pod_secrets_then_service_account_secrets_then_global(
    kube: tuple[KubeStandIn, KubeAPI], tmp_path: Path
) -> None:
    stand_in, api = kube
    host = "r.example"
    stand_in.put(pull_secret("pod-secret", "team-a", dockerconfigjson(host, "pod", "x")))
    stand_in.put(pull_secret("sa-secret", "team-a", dockerconfigjson(host, "sa", "x")))
    stand_in.put(service_account("builder", "team-a", ["sa-secret", "pod-secret", "absent"]))
    path = tmp_path / "global.json"
    path.write_bytes(dockerconfigjson(host, "global", "x"))
    secrets = PullSecrets(api, GlobalCredentials([path]))
    pod = PodSpec((), ("pod-secret",), "builder")

    async def chain() -> list[str]:
        try:
            found = await secrets.chain("team-a", pod)
            again = await secrets.chain("team-a", pod)  # from the cache: no new API reads
            assert found == again
            return _entry_names(found, f"{host}/app:1")
        finally:
            await api.aclose()

    assert asyncio.run(chain()) == ["pod", "sa", "global"]
    assert sorted(stand_in.seen) == sorted([
        "/api/v1/namespaces/team-a/secrets/pod-secret",
        "/api/v1/namespaces/team-a/serviceaccounts/builder",
        "/api/v1/namespaces/team-a/secrets/sa-secret",
        "/api/v1/namespaces/team-a/secrets/absent",
    ])  # fmt: skip


def test_api_refusal_is_skipped_like_the_kubelet_does(kube: tuple[KubeStandIn, KubeAPI]) -> None:
    stand_in, api = kube
    stand_in.token = "rotated-elsewhere"  # every read now answers 401

    async def chain() -> list[str]:
        try:
            found = await PullSecrets(api).chain("team-a", PodSpec((), ("s",), "default"))
            return _entry_names(found, "r.example/app")
        finally:
            await api.aclose()

    assert asyncio.run(chain()) == []


def test_token_file_is_read_again_after_rotation(
    kube: tuple[KubeStandIn, KubeAPI], tmp_path: Path
) -> None:
    stand_in, api = kube
    stand_in.put(pull_secret("s", "ns", dockerconfigjson("r.example", "u", "p")))
    stand_in.token = "new-token"
    (tmp_path / "sa" / "token").write_text("new-token")

    async def read() -> Any:
        try:
            return await api.secret("ns", "s")
        finally:
            await api.aclose()

    assert asyncio.run(read())["metadata"]["name"] == "s"


# -- end to end: a basic-auth registry ----------------------------------------------------------


def _pod_on(registry: LocalRegistry, secrets: list[str]) -> dict[str, Any]:
    body = payload("pod-create-compliant.json", registry.host)
    spec = body["request"]["object"]["spec"]
    spec.pop("initContainers")
    spec.pop("volumes")
    spec["imagePullSecrets"] = [{"name": s} for s in secrets]
    spec["containers"][0]["image"] = f"{registry.host}/gate/private:1"
    return body


@pytest.mark.registry
def test_private_image_is_fetched_with_the_pods_pull_secret(
    start_webhook: WebhookFactory,
    registry_basic: LocalRegistry,
    kube: tuple[KubeStandIn, KubeAPI],
) -> None:
    stand_in, api = kube
    registry_basic.push_image("gate/private", "1", COMPLIANT)
    assert registry_basic.username and registry_basic.password
    good = dockerconfigjson(registry_basic.host, registry_basic.username, registry_basic.password)
    wrong = dockerconfigjson(registry_basic.host, registry_basic.username, "wrong")
    stand_in.put(pull_secret("wrong", "team-a", wrong))
    stand_in.put(pull_secret("team-pull", "team-a", good))
    stand_in.put(service_account("builder", "team-a", []))
    hook = start_webhook(kube=api)
    # The wrong secret is tried first, fails, and the next one opens the repository.
    assert hook.review(_pod_on(registry_basic, ["wrong", "team-pull"]))["allowed"] is True


@pytest.mark.registry
def test_private_image_is_fetched_with_the_service_accounts_pull_secret(
    start_webhook: WebhookFactory,
    registry_basic: LocalRegistry,
    kube: tuple[KubeStandIn, KubeAPI],
) -> None:
    stand_in, api = kube
    registry_basic.push_image("gate/private", "1", COMPLIANT)
    assert registry_basic.username and registry_basic.password
    good = dockerconfigjson(registry_basic.host, registry_basic.username, registry_basic.password)
    stand_in.put(pull_secret("sa-pull", "team-a", good))
    stand_in.put(service_account("builder", "team-a", ["sa-pull"]))
    hook = start_webhook(kube=api)
    assert hook.review(_pod_on(registry_basic, []))["allowed"] is True


@pytest.mark.registry
def test_private_image_is_fetched_with_a_global_legacy_dockercfg(
    start_webhook: WebhookFactory, registry_basic: LocalRegistry, tmp_path: Path
) -> None:
    registry_basic.push_image("gate/private", "1", COMPLIANT)
    pair = f"{registry_basic.username}:{registry_basic.password}".encode()
    path = tmp_path / ".dockercfg"
    path.write_text(json.dumps({registry_basic.host: {"auth": base64.b64encode(pair).decode()}}))
    hook = start_webhook(global_pull_secrets=(path,))
    assert hook.review(_pod_on(registry_basic, []))["allowed"] is True


@pytest.mark.registry
def test_private_image_without_credentials_is_denied_with_the_reason(
    start_webhook: WebhookFactory, registry_basic: LocalRegistry
) -> None:
    registry_basic.push_image("gate/private", "1", COMPLIANT)
    response = start_webhook().review(_pod_on(registry_basic, ["absent"]))
    assert response["allowed"] is False
    assert "unauthorized (401)" in response["status"]["message"]


@pytest.mark.registry
def test_wrong_pull_secret_is_reported_as_refused_credentials(
    start_webhook: WebhookFactory,
    registry_basic: LocalRegistry,
    kube: tuple[KubeStandIn, KubeAPI],
) -> None:
    stand_in, api = kube
    registry_basic.push_image("gate/private", "1", COMPLIANT)
    wrong = dockerconfigjson(registry_basic.host, "nobody", "wrong")
    stand_in.put(pull_secret("wrong", "team-a", wrong))
    response = start_webhook(kube=api).review(_pod_on(registry_basic, ["wrong"]))
    assert response["allowed"] is False
    assert "check credentials" in response["status"]["message"]
