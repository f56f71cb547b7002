"""The Gatekeeper external-data provider and the Kyverno apiCall endpoint: their contracts."""

from __future__ import annotations

import socket
import ssl
from typing import Any

import httpx
import pytest
import yaml

from tests.support.paths import REPO
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import DATA, payload

pytestmark = pytest.mark.registry
GATEKEEPER = "externaldata.gatekeeper.sh/v1beta1"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _provider(hook: Any, body: Any) -> dict[str, Any]:
    context = hook.client_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_3  # Gatekeeper speaks TLS 1.3 to providers
    with httpx.Client(base_url=hook.url, verify=context, trust_env=False, timeout=30) as client:
        answer = client.post("/gatekeeper", json=body)
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    assert (document["apiVersion"], document["kind"]) == (GATEKEEPER, "ProviderResponse")
    response: dict[str, Any] = document["response"]
    return response


def test_gatekeeper_items_carry_each_images_verdict(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook(tls_min_version="1.3")
    response = _provider(hook, payload("gatekeeper-request.json", images.host))
    assert "systemError" not in response
    good, bad = response["items"]
    assert good["key"] == images.compliant and "error" not in good
    assert good["value"]["allowed"] is True and good["value"]["violations"] == []
    assert good["value"]["digest"] == images.compliant_digest
    assert bad["value"]["allowed"] is False
    assert "history[5]" in bad["value"]["violations"][0]
    # Tags can move: the answer must not be cached by Gatekeeper as idempotent.
    assert response["idempotent"] is False


def test_gatekeeper_digest_references_are_idempotent(
    start_webhook: WebhookFactory, images: Images
) -> None:
    key = f"{images.host}/gate/webhook@{images.compliant_digest}"
    body = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": [key]}}
    response = _provider(start_webhook(), body)
    assert response["idempotent"] is True and response["items"][0]["value"]["allowed"] is True


def test_gatekeeper_deterministic_failure_is_a_per_key_error(
    start_webhook: WebhookFactory, images: Images
) -> None:
    keys = [f"{images.host}/gate/webhook:no-such-tag", "UPPER/Case:bad", images.compliant]
    body = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": keys}}
    response = _provider(start_webhook(), body)
    missing, invalid, good = response["items"]
    assert "manifest unknown" in missing["error"]
    assert "invalid image reference" in invalid["error"]
    assert good["value"]["allowed"] is True
    assert "systemError" not in response


def test_gatekeeper_transient_failure_is_a_system_error(start_webhook: WebhookFactory) -> None:
    key = f"127.0.0.1:{_closed_port()}/gate/x:1"
    body = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": [key]}}
    response = _provider(start_webhook(), body)
    assert "cannot be reached" in response["systemError"]
    # In the item too: Gatekeeper caches items, and serves them without the system error.
    (item,) = response["items"]
    assert item["error"].startswith("transient: ") and "cannot be reached" in item["error"]
    assert "value" not in item
    assert response["idempotent"] is False


def test_gatekeeper_malformed_request_is_a_system_error(start_webhook: WebhookFactory) -> None:
    response = _provider(start_webhook(), {"kind": "Pod"})
    assert response["systemError"].startswith("ProviderRequest:")
    assert response["items"] == []


def test_kyverno_answer_says_allowed_with_message_and_results(
    start_webhook: WebhookFactory, images: Images
) -> None:
    with start_webhook().client() as client:
        answer = client.post("/kyverno", json=payload("kyverno-request.json", images.host))
    assert answer.status_code == 200
    body = answer.json()
    assert body["allowed"] is False
    assert body["message"].startswith("gate: 2 problems: image " + images.noncompliant)
    good, bad = body["results"]
    assert (good["image"], good["allowed"]) == (images.compliant, True)
    assert bad["allowed"] is False and len(bad["violations"]) == 2


def test_kyverno_compliant_images_are_allowed(
    start_webhook: WebhookFactory, images: Images
) -> None:
    with start_webhook().client() as client:
        answer = client.post("/kyverno", json={"images": [images.compliant]})
    assert answer.json()["allowed"] is True and answer.json()["message"] == ""


def test_kyverno_bad_request_is_400(start_webhook: WebhookFactory) -> None:
    with start_webhook().client() as client:
        answer = client.post("/kyverno", json={"images": "not-a-list"})
    assert answer.status_code == 400 and "images" in answer.json()["error"]


def test_shipped_gatekeeper_and_kyverno_manifests_name_the_endpoints() -> None:
    extras = REPO / "charts" / "gate" / "extras"
    docs = {
        path.name: list(yaml.safe_load_all(path.read_text()))
        for path in sorted(extras.glob("*.yaml"))
    }
    provider = next(d for d in docs["gatekeeper-provider.yaml"] if d["kind"] == "Provider")
    assert provider["spec"]["url"].endswith("/gatekeeper")
    template = docs["gatekeeper-constrainttemplate.yaml"][0]
    rego = template["spec"]["targets"][0]["rego"]
    assert 'external_data({"provider": "gate"' in rego and "system_error" in rego
    policy = docs["kyverno-clusterpolicy.yaml"][0]
    rule = policy["spec"]["rules"][0]
    call = rule["context"][0]["apiCall"]
    assert call["service"]["url"].endswith("/kyverno") and call["method"] == "POST"
    assert (DATA / "kyverno-request.json").exists()


def test_shipped_kyverno_policy_sends_every_image_a_pod_runs_and_ephemeral_containers() -> None:
    # Before, the policy sent no image volume (`volumes[].image.reference`) and matched `Pod`
    # alone, which in Kyverno does not match the pods/ephemeralcontainers subresource that
    # `kubectl debug` goes through: both were admitted without gate being asked. The images
    # expression was measured with jmespath 1.1.0 on tests/data/webhook/pod-create.json (two
    # containers, an init container, an image volume) and with an ephemeral container added.
    path = REPO / "charts" / "gate" / "extras" / "kyverno-clusterpolicy.yaml"
    rules = next(yaml.safe_load_all(path.read_text()))["spec"]["rules"]
    matched = {
        kind: rule
        for rule in rules
        for kind in rule["match"]["any"][0]["resources"]["kinds"]
    }
    # Pods alone in the first rule: Kyverno generates the workload rules only from such a rule.
    assert rules[0]["match"]["any"][0]["resources"]["kinds"] == ["Pod"]
    assert set(matched) == {"Pod", "Pod/ephemeralcontainers"}
    for rule in matched.values():
        data = {d["key"]: d["value"] for d in rule["context"][0]["apiCall"]["data"]}
        assert data["images"] == (
            "{{ request.object.spec.[containers[].image, initContainers[].image, "
            "ephemeralContainers[].image, volumes[].image.reference][] }}"
        )
        assert rule["validate"] == rules[0]["validate"]


def test_constraint_template_rego_turns_provider_answers_into_violations(
    start_webhook: WebhookFactory, images: Images
) -> None:
    """The shipped Rego, evaluated (Rego v0, as Gatekeeper) on what gate's provider answers,
    converted the way Gatekeeper hands external data to Rego."""
    import json

    keys = [images.compliant, images.noncompliant, f"{images.host}/gate/webhook:gone"]
    body = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": keys}}
    response = _provider(start_webhook(), body)
    external = {
        "responses": [[i["key"], i["value"]] for i in response["items"] if "value" in i],
        "errors": [[i["key"], i["error"]] for i in response["items"] if "error" in i],
        "system_error": response.get("systemError", ""),
        "status_code": 200,
    }
    engine = _template_engine(external)
    spec = {"containers": [{"name": "a", "image": keys[0]}, {"name": "b", "image": keys[1]}],
            "initContainers": [{"name": "c", "image": keys[2]}]}  # fmt: skip
    review = {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}}
    engine.set_input_json(json.dumps({"parameters": {}, "review": {"object": review}}))
    result = json.loads(engine.eval_query_as_json("data.gatepythonbuilds.violation"))
    denied, missing = (v["msg"] for v in result["result"][0]["expressions"][0]["value"])
    if denied.startswith(f"gate: image {keys[2]}"):
        denied, missing = missing, denied
    assert denied.startswith(f"gate: image {keys[1]}: image {keys[1]} (sha256:")
    assert "history[5]" in denied
    assert missing.startswith(f"gate: image {keys[2]} could not be judged: ")


def _template_engine(external: dict[str, Any]) -> Any:
    """regorus holding the shipped ConstraintTemplate's Rego (v0, as Gatekeeper runs it), with
    `external` as what Gatekeeper's external_data hands it."""
    import json

    import regorus

    path = REPO / "charts" / "gate" / "extras" / "gatekeeper-constrainttemplate.yaml"
    rego = next(yaml.safe_load_all(path.read_text()))["spec"]["targets"][0]["rego"]
    engine = regorus.Engine()
    engine.set_rego_v0(True)
    engine.add_data_json(json.dumps({"gate_test": {"answer": external}}))
    stand_in = "\nprovider_answer(request) = data.gate_test.answer\n"
    rego = rego.replace("external_data(", "provider_answer(")
    engine.add_policy("template.rego", rego + stand_in)
    return engine


def _template_violations(external: dict[str, Any], parameters: dict[str, Any]) -> list[str]:
    """The shipped ConstraintTemplate's violations for a Pod of `external`'s keys, given the
    external data Gatekeeper hands its Rego (Rego v0)."""
    import json

    engine = _template_engine(external)
    keys = [k for k, _ in external["responses"]] + [k for k, _ in external["errors"]]
    spec = {"containers": [{"name": f"c{n}", "image": k} for n, k in enumerate(keys)]}
    review = {"kind": "Pod", "spec": spec}
    engine.set_input_json(json.dumps({"parameters": parameters, "review": {"object": review}}))
    result = json.loads(engine.eval_query_as_json("data.gatepythonbuilds.violation"))
    return sorted(v["msg"] for v in result["result"][0]["expressions"][0]["value"])


def test_a_registry_failure_gatekeeper_serves_from_its_cache_is_still_a_violation(
    start_webhook: WebhookFactory,
) -> None:
    # Gatekeeper 3.13 and later caches each item for its response-cache TTL (3 minutes by
    # default, whatever `idempotent` says) and serves cached items without a system error
    # (frameworks externaldata, rego builtin). Before, a registry failure was a null value
    # beside the system error: cached, the next Pod naming the image had no violation and was
    # admitted, its image never judged, under failOnSystemError: true.
    key = f"127.0.0.1:{_closed_port()}/gate/x:1"
    body = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": [key]}}
    response = _provider(start_webhook(), body)
    cached = {
        "responses": [[i["key"], i["value"]] for i in response["items"] if "error" not in i],
        "errors": [[i["key"], i["error"]] for i in response["items"] if "error" in i],
        "system_error": "",
        "status_code": 200,
    }
    (violation,) = _template_violations(cached, {})
    assert violation.startswith(f"gate: image {key} could not be judged (fail-closed): ")
    # failOnSystemError: false still admits what a registry failure left unjudged.
    assert _template_violations(cached, {"failOnSystemError": False}) == []
    # A null verdict (an older gate's answer to a registry failure) is never a pass.
    older = {"responses": [[key, None]], "errors": [], "system_error": "", "status_code": 200}
    assert _template_violations(older, {"failOnSystemError": False}) == [
        f"gate: image {key} could not be judged: no verdict"
    ]


def test_max_images_bounds_the_pods_gatekeeper_keys_and_kyverno_images_of_one_request(
    start_webhook: WebhookFactory, images: Images
) -> None:
    """--max-images (was fixed at 256) bounds all three endpoints."""
    hook = start_webhook(server={"max_images": 1})
    two = [images.compliant, images.noncompliant]
    review = payload("pod-create.json", images.host)
    review["request"]["object"]["spec"] = {
        "containers": [{"name": f"c{n}", "image": image} for n, image in enumerate(two)]
    }
    denied = hook.review(review)
    assert denied["allowed"] is False
    assert "the pod names 2 images, more than the 1 gate judges at once" in (
        denied["status"]["message"]
    )
    keys = {"apiVersion": GATEKEEPER, "kind": "ProviderRequest", "request": {"keys": two}}
    assert _provider(hook, keys)["systemError"] == "ProviderRequest: more than 1 keys"
    with hook.client() as client:
        answer = client.post("/kyverno", json={"images": two})
    assert answer.status_code == 400 and answer.json()["error"] == "more than 1 images"
