"""Base layers in the webhook, as `gate image` marks them: the base image the annotations name is
fetched (with the request's credentials, bounded in time, best effort), so trusted_bases and
base_digest exceptions work in the cluster."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from gate.policy.judge import load_engine
from gate.sources.image_config import BASE_DIGEST, BASE_NAME
from gate.webhook.kube import KubeAPI
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import NONCOMPLIANT, WebhookFactory
from tests.webhook.support import KubeStandIn, dockerconfigjson, payload, pull_secret

pytestmark = pytest.mark.registry
BASE_STEP = "history[5]"  # RUN pip install -r /dev/null: the last step of the base image
OWN_STEP = "history[8]"  # RUN uv pip install --system httpx: the team's own
FROM_BASE = "comes from the base image"


def _base_config() -> bytes:
    config = json.loads(NONCOMPLIANT)
    config["history"] = config["history"][:6]
    return json.dumps(config).encode()


def _push(registry: LocalRegistry, repo: str, base_name: str, base_digest: str | None) -> str:
    annotations = {BASE_NAME: base_name}
    if base_digest:
        annotations[BASE_DIGEST] = base_digest
    registry.push_image(repo, "1", NONCOMPLIANT, oci=True, annotations=annotations)
    return f"{registry.host}/{repo}:1"


def _app(registry: LocalRegistry) -> tuple[str, str]:
    """An image built on a base in the same registry; (its reference, the base digest)."""
    base = registry.push_image("gate/base", "1", _base_config())
    return _push(registry, "gate/on-base", f"{registry.host}/gate/base:1", base), base


def _pod(image: str, namespace: str = "team-a", secrets: tuple[str, ...] = ()) -> dict[str, Any]:
    body = payload("pod-create-compliant.json", "unused.example")
    request = body["request"]
    request["namespace"] = namespace
    spec = request["object"]["spec"]
    spec.pop("initContainers")
    spec.pop("volumes")
    spec["imagePullSecrets"] = [{"name": s} for s in secrets]
    spec["containers"][0]["image"] = image
    return body


def _denial(response: dict[str, Any]) -> str:
    assert response["allowed"] is False
    message: str = response["status"]["message"]
    return message


# Engines are kept for the session: a regorus engine must be dropped on the thread that made it.
_ENGINES: dict[str, Any] = {}


def _trusting(tmp_path: Path, digest: str) -> Any:
    if digest not in _ENGINES:
        path = tmp_path / "trusted.json"
        path.write_text(json.dumps({"gate": {"trusted_bases": [digest]}}))
        _ENGINES[digest] = load_engine((), (str(path),))
    return _ENGINES[digest]


def _base_part(message: str) -> str:
    return next(p for p in message.split("; container") if BASE_STEP in p)


def test_steps_from_the_base_image_the_annotations_name_are_marked_as_the_bases(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    image, _ = _app(registry)
    message = _denial(start_webhook().review(_pod(image)))
    assert FROM_BASE in _base_part(message)
    assert OWN_STEP in message


def test_a_trusted_base_digest_admits_what_the_base_image_brought(
    start_webhook: WebhookFactory, registry: LocalRegistry, tmp_path: Path
) -> None:
    image, base = _app(registry)
    hook = start_webhook(engine=_trusting(tmp_path, base))
    message = _denial(hook.review(_pod(image)))
    assert BASE_STEP not in message  # the base's step is excused by data.gate.trusted_bases
    assert OWN_STEP in message  # the team's own step is not


def test_trusted_base_digest_does_not_excuse_an_image_whose_base_cannot_be_fetched(
    start_webhook: WebhookFactory, registry: LocalRegistry, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once the block ends
    digest = "sha256:" + "ab" * 32
    image = _push(registry, "gate/lost-base", f"127.0.0.1:{port}/gate/base:1", digest)
    hook = start_webhook(engine=_trusting(tmp_path, digest))
    started = time.monotonic()
    message = _denial(hook.review(_pod(image)))
    assert time.monotonic() - started < 5
    # Judged, not an error: every layer is the team's own, so the trust does not apply.
    assert "could not be judged" not in message
    assert BASE_STEP in message and FROM_BASE not in message


def test_a_base_image_that_hangs_is_given_up_on_within_the_request_budget(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    from tests.support.fault_http import Reply, fault_server

    with fault_server() as fault:
        fault.route("/v2/gate/base/manifests/1", Reply(hang=True))
        image = _push(registry, "gate/slow-base", f"{fault.host}/gate/base:1", None)
        hook = start_webhook(insecure_registries=(fault.host,), registry_timeout=30.0)
        started = time.monotonic()
        message = _denial(hook.review(_pod(image), timeout="3s"))
        elapsed = time.monotonic() - started
    assert elapsed < 3.0
    assert "could not be judged" not in message
    assert BASE_STEP in message and FROM_BASE not in message


def test_a_private_base_image_is_fetched_with_the_pods_pull_secret(
    start_webhook: WebhookFactory,
    registry_basic: LocalRegistry,
    kube: tuple[KubeStandIn, KubeAPI],
) -> None:
    stand_in, api = kube
    assert registry_basic.username and registry_basic.password
    config = dockerconfigjson(
        registry_basic.host, registry_basic.username, registry_basic.password
    )
    stand_in.put(pull_secret("pull", "team-a", config))
    image, _ = _app(registry_basic)
    hook = start_webhook(kube=api)
    message = _denial(hook.review(_pod(image, secrets=("pull",))))
    assert FROM_BASE in _base_part(message)


def test_a_base_image_on_a_refused_host_is_not_fetched(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    # The annotations are the image author's to write: the SSRF guard applies to them too.
    image = _push(registry, "gate/metadata-base", "169.254.169.254/gate/base:1", None)
    message = _denial(start_webhook().review(_pod(image)))
    assert "could not be judged" not in message
    assert BASE_STEP in message and FROM_BASE not in message
