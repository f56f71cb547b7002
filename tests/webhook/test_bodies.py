"""Request bodies the webhook reads: hostile shapes at the byte cap, the largest real-looking
reviews, and pod specs whose images gate cannot read. Real HTTPS, a real registry.

Before the value cap, the parser thread and the body pool (gate/webhook/bodies.py), 16 bodies
of 4 MiB of `[]` sent at once took a `gate serve` process from 60 MB to 1.7 GB and stalled
/healthz 5.5 s (the chart's memory limit is 640 MiB); 64 of them, 3.5 GB and 21 s.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import pytest

from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import DATA, RunningWebhook, payload, watched

pytestmark = pytest.mark.registry

CAP = 4 * 1024 * 1024



def _go_order(review: dict[str, Any]) -> dict[str, Any]:
    # As the API server writes it: kind, apiVersion, then the request with its uid first.
    request = {"uid": review["request"]["uid"], **review["request"]}
    return {"kind": "AdmissionReview", "apiVersion": review["apiVersion"], "request": request}


def _hostile(images: Images, uid: int) -> bytes:
    review = payload("pod-create.json", images.host)
    review["request"]["uid"] = f"00000000-0000-4000-8000-{uid:012d}"
    review["request"]["object"]["metadata"]["annotations"] = {"a": "HOSTILE"}
    text = json.dumps(_go_order(review), separators=(",", ":"))
    count = (CAP - len(text)) // 3
    return text.replace('"HOSTILE"', "[" + ",".join(["[]"] * count) + "]").encode()[:CAP]


def _post(hook: RunningWebhook, body: bytes) -> tuple[int, dict[str, Any]]:
    with hook.client() as client:
        answer = client.post(
            "/validate", content=body, params={"timeout": "10s"},
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
    return answer.status_code, answer.json()


def test_bodies_of_millions_of_tiny_values_are_denied_without_growing_the_server(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    bodies = [_hostile(images, n + 1) for n in range(16)]
    assert all(len(body) > CAP - 16 for body in bodies)
    seen = watched(hook, [functools.partial(_post, hook, body) for body in bodies])
    for status, document in seen.results:
        assert status == 200
        response = document["response"]
        assert response["allowed"] is False
        assert "made of more than 419,430 JSON values" in response["status"]["message"]
    # Measured +80 MB (the bodies, 8 at a time, and the client's own); before: +1.6 GB.
    assert seen.growth_kib < 250 * 1024
    assert seen.slowest_health < 1.0


def test_a_body_past_the_value_cap_without_the_api_servers_envelope_gets_413(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    body = json.loads(_hostile(images, 99))
    uid = body["request"].pop("uid")
    body["request"]["uid"] = uid  # last, not first as the API server writes it
    status, document = _post(hook, json.dumps(body, separators=(",", ":")).encode())
    assert status == 413 and "made of more than" in document["error"]


def _big_deployment(images: Images, image: str) -> dict[str, Any]:
    container = json.loads((DATA / "bodies" / "big-container.json").read_text())
    fields = json.loads((DATA / "bodies" / "big-fields.json").read_text())
    review = payload("deployment-update.json", images.host)
    obj = review["request"]["object"]
    containers, managed = [], {}
    for n in range(200):
        one = copy.deepcopy(container)
        one["name"] = f"worker-{n:03d}"
        one["image"] = images.compliant
        containers.append(one)
        managed[f'k:{{"name":"worker-{n:03d}"}}'] = fields
    containers[0]["image"] = image
    obj["spec"]["template"]["spec"]["containers"] = containers
    obj["metadata"]["annotations"] = {f"example.com/note-{n:04d}": "x" * 100 for n in range(800)}
    obj["metadata"]["managedFields"] = [{
        "manager": "kubectl", "operation": "Apply", "apiVersion": "apps/v1",
        "fieldsType": "FieldsV1",
        "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": managed}}}},
    }]  # fmt: skip
    old = copy.deepcopy(obj)
    old["spec"]["template"]["spec"]["containers"][0]["image"] = images.compliant
    review["request"]["oldObject"] = old
    return _go_order(review)


@pytest.mark.parametrize(("image", "allowed"), [("noncompliant", False), ("compliant", True)])
def test_the_largest_real_looking_update_is_judged(
    start_webhook: WebhookFactory, images: Images, image: str, allowed: bool
) -> None:
    hook = start_webhook()
    review = _big_deployment(images, getattr(images, image))
    body = json.dumps(review, separators=(",", ":")).encode()
    assert 1_900_000 < len(body) < CAP
    status, document = _post(hook, body)
    assert status == 200
    response = document["response"]
    assert response["allowed"] is allowed
    if not allowed:
        assert "container worker-000: image " in response["status"]["message"]


def test_containers_whose_image_gate_cannot_read_are_denied(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    response = hook.review(payload("bodies/pod-unreadable-images.json", images.host))
    assert response["allowed"] is False
    message = response["status"]["message"]
    assert message.startswith("gate: 8 problems: init container init: image is empty")
    for part in (
        "container number: image is a number, not a string",
        "containers[5] is a string, not a container",
        "image volume models: reference is not an image; gate cannot judge it",
    ):
        assert part in message


def test_a_pod_with_readable_images_is_still_admitted(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    response = hook.review(payload("bodies/pod-readable-images.json", images.host))
    assert response["allowed"] is True and "warnings" not in response


def test_a_cronjob_with_an_empty_image_is_denied_even_under_registry_failure_open(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook(failure="open", server={"failure": "open"})
    response = hook.review(payload("bodies/cronjob-empty-image.json", images.host))
    assert response["allowed"] is False
    assert response["status"]["message"] == (
        "gate: 1 problem: container report: image is empty; gate cannot judge it"
    )


def test_audit_mode_admits_unreadable_images_with_a_warning(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook(mode="audit", server={"mode": "audit"})
    response = hook.review(payload("bodies/cronjob-empty-image.json", images.host))
    assert response["allowed"] is True
    assert response["warnings"] == [
        "audit: would be denied: container report: image is empty; gate cannot judge it"
    ]
