"""Pull secrets are read within half of the request's budget, so the registries are still asked.

A Pod lists as many `imagePullSecrets` as its author likes, each an API read. 3,000 of them
(10,000 here) were read until the deadline passed; the images were then failed as "no answer
before the API server's deadline", which `--registry-failure open` admits: a non-compliant image
from a registry that answers was admitted with a warning, its registry never asked.
"""

from __future__ import annotations

import pytest

from gate.webhook.kube import KubeAPI
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import KubeStandIn, payload

pytestmark = pytest.mark.registry


def test_thousands_of_pull_secrets_do_not_turn_a_judged_image_into_a_registry_failure(
    start_webhook: WebhookFactory, images: Images, kube: tuple[KubeStandIn, KubeAPI]
) -> None:
    _, api = kube
    hook = start_webhook(kube=api, failure="open", server={"failure": "open"})
    body = payload("pod-create.json", images.host)
    spec = body["request"]["object"]["spec"]
    spec.pop("initContainers", None)
    spec.pop("volumes", None)
    spec["containers"] = [{"name": "app", "image": images.noncompliant}]
    spec["imagePullSecrets"] = [{"name": f"s{n}"} for n in range(10_000)]
    response = hook.review(body, timeout="5s")
    assert response["allowed"] is False
    message = response["status"]["message"]
    assert "container app" in message and "pip install can run build scripts" in message
