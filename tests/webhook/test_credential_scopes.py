"""Cached registry answers are scoped to the credential that obtained them: a namespace without
(or with other) pull credentials never gets a private image's history from the caches, through
real HTTPS, the suite's basic-auth registry and the Kubernetes API stand-in."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from gate.webhook.kube import KubeAPI
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import COMPLIANT, NONCOMPLIANT, WebhookFactory
from tests.webhook.support import (
    KubeStandIn,
    RunningWebhook,
    dockerconfigjson,
    payload,
    pull_secret,
)

pytestmark = pytest.mark.registry
RUN_LINE = "pip install -r /dev/null"


def _pod(image: str, namespace: str, secrets: list[str]) -> dict[str, Any]:
    body = payload("pod-create-compliant.json", "unused.example")
    request = body["request"]
    request["namespace"] = namespace
    request["object"]["metadata"]["namespace"] = namespace
    spec = request["object"]["spec"]
    spec.pop("initContainers")
    spec.pop("volumes")
    spec["imagePullSecrets"] = [{"name": s} for s in secrets]
    spec["containers"][0]["image"] = image
    return body


def _message(hook: RunningWebhook, image: str, namespace: str, secrets: list[str]) -> str:
    response = hook.review(_pod(image, namespace, secrets))
    assert response["allowed"] is False
    message: str = response["status"]["message"]
    return message


def _good(registry: LocalRegistry) -> bytes:
    assert registry.username and registry.password
    return dockerconfigjson(registry.host, registry.username, registry.password)


@pytest.fixture
def private(registry_basic: LocalRegistry, kube: tuple[KubeStandIn, KubeAPI]) -> tuple[str, str]:
    """A non-compliant private image (tag and digest reference); team-a holds its pull secret,
    team-c a wrong one, team-d the same credential as team-a under another name."""
    stand_in, _ = kube
    digest = registry_basic.push_image("gate/secret", "1", NONCOMPLIANT)
    stand_in.put(pull_secret("pull", "team-a", _good(registry_basic)))
    stand_in.put(pull_secret("copy", "team-d", _good(registry_basic)))
    wrong = dockerconfigjson(registry_basic.host, registry_basic.username or "", "wrong")
    stand_in.put(pull_secret("pull", "team-c", wrong))
    host = registry_basic.host
    return f"{host}/gate/secret:1", f"{host}/gate/secret@{digest}"


def test_namespace_without_the_pull_secret_gets_no_cached_run_lines_of_a_private_image(
    start_webhook: WebhookFactory,
    kube: tuple[KubeStandIn, KubeAPI],
    private: tuple[str, str],
) -> None:
    tag, pinned = private
    hook = start_webhook(kube=kube[1])
    for image in (tag, pinned):
        assert RUN_LINE in _message(hook, image, "team-a", ["pull"])
        denied = _message(hook, image, "team-b", [])
        assert "unauthorized (401)" in denied
        assert RUN_LINE not in denied and "history[" not in denied


def test_namespace_with_other_credentials_gets_no_cached_run_lines(
    start_webhook: WebhookFactory,
    kube: tuple[KubeStandIn, KubeAPI],
    private: tuple[str, str],
) -> None:
    tag, pinned = private
    hook = start_webhook(kube=kube[1])
    for image in (tag, pinned):
        assert RUN_LINE in _message(hook, image, "team-a", ["pull"])
        denied = _message(hook, image, "team-c", ["pull"])
        assert "check credentials" in denied and RUN_LINE not in denied


def test_the_same_credential_under_another_secret_is_answered_from_the_cache(
    start_webhook: WebhookFactory,
    kube: tuple[KubeStandIn, KubeAPI],
    private: tuple[str, str],
    registry_basic: LocalRegistry,
) -> None:
    tag, _ = private
    hook = start_webhook(kube=kube[1])
    assert RUN_LINE in _message(hook, tag, "team-a", ["pull"])
    assert RUN_LINE in _message(hook, tag, "team-d", ["copy"])
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 1
    assert hook.metric("gate_registry_fetches_total", kind="digest", result="ok") == 1
    # The caches are keyed by a fingerprint of the credential, never by its secret.
    caches, clients = hook.webhook.verdicts.caches, hook.webhook.verdicts.clients
    keys = repr(
        [*caches.configs._entries, *caches.tags._lru._entries, *caches.known_tags._entries,
         *clients.clients]
    )  # fmt: skip
    assert registry_basic.password and registry_basic.password not in keys


def test_an_answer_fetched_anonymously_is_shared_with_every_namespace(
    start_webhook: WebhookFactory,
    kube: tuple[KubeStandIn, KubeAPI],
    registry: LocalRegistry,
) -> None:
    stand_in, api = kube
    registry.push_image("gate/public", "1", COMPLIANT)
    stand_in.put(pull_secret("pull", "team-e", dockerconfigjson(registry.host, "u", "p")))
    hook = start_webhook(kube=api)
    image = f"{registry.host}/gate/public:1"
    assert hook.review(_pod(image, "team-b", []))["allowed"] is True
    assert hook.review(_pod(image, "team-e", ["pull"]))["allowed"] is True
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 1


def test_concurrent_requests_share_a_fetch_only_within_one_credential(
    start_webhook: WebhookFactory,
    kube: tuple[KubeStandIn, KubeAPI],
    private: tuple[str, str],
) -> None:
    tag, _ = private
    hook = start_webhook(kube=kube[1])
    entitled = _pod(tag, "team-a", ["pull"])
    outsider = _pod(tag, "team-b", [])

    async def many() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=hook.url, verify=hook.client_context(), timeout=30, trust_env=False
        ) as client:
            bodies = [entitled, outsider] * 6
            return await asyncio.gather(*(client.post("/validate", json=b) for b in bodies))

    answers = [a.json()["response"]["status"]["message"] for a in asyncio.run(many())]
    assert all(RUN_LINE in m for m in answers[0::2])
    assert all(RUN_LINE not in m and "unauthorized (401)" in m for m in answers[1::2])
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 1
