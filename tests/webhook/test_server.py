"""The webhook over real HTTPS on 127.0.0.1, judging images in the suite's real registry."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import ssl
import subprocess
from typing import Any

import httpx
import pytest

from gate.webhook.admission import API_VERSION
from tests.support.fault_http import Reply, fault_server
from tests.support.registry import LocalRegistry, Pki
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import payload

pytestmark = pytest.mark.registry


def _message(response: dict[str, Any]) -> str:
    assert response["allowed"] is False
    assert response["status"]["code"] == 403
    message: str = response["status"]["message"]
    return message


# -- admission --------------------------------------------------------------------------------


def test_pod_with_a_noncompliant_container_is_denied_naming_container_history_and_fix(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    message = _message(hook.review(payload("pod-create.json", images.host)))
    assert "container sidecar: image " + images.noncompliant in message
    assert "history[5] 'RUN /bin/sh -c pip install -r /dev/null # buildkit'" in message
    assert "fix: pip install --only-binary :all: -r /dev/null" in message
    assert "history[8]" in message and "uv pip install --no-build" in message
    assert images.noncompliant_digest[:19] in message
    # The compliant container, init container and image volume are not named.
    assert "container app" not in message and "migrate" not in message
    assert "models" not in message


def test_pod_whose_images_are_all_compliant_is_admitted_without_warnings(
    start_webhook: WebhookFactory, images: Images
) -> None:
    response = start_webhook().review(payload("pod-create-compliant.json", images.host))
    assert response["allowed"] is True
    assert "warnings" not in response and "status" not in response


def test_deployment_pod_template_is_judged(start_webhook: WebhookFactory, images: Images) -> None:
    message = _message(start_webhook().review(payload("deployment-create.json", images.host)))
    assert message.startswith("gate: 2 problems: container api: image " + images.noncompliant)


def test_cronjob_job_template_is_judged(start_webhook: WebhookFactory, images: Images) -> None:
    message = _message(start_webhook().review(payload("cronjob-create.json", images.host)))
    assert "container report: image " + images.noncompliant in message


def test_added_ephemeral_container_is_judged(start_webhook: WebhookFactory, images: Images) -> None:
    message = _message(start_webhook().review(payload("pod-ephemeral.json", images.host)))
    assert "ephemeral container debugger: image " + images.noncompliant in message


def test_update_judges_only_images_the_old_object_did_not_run(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    response = hook.review(payload("deployment-update.json", images.host))
    # The non-compliant image was already running; the added sidecar is compliant.
    assert response["allowed"] is True
    assert hook.metric("gate_images_judged_total", result="compliant") == 1
    assert hook.metric("gate_images_judged_total", result="denied") == 0


@pytest.mark.parametrize("name", ["pod-delete.json", "pod-status.json", "pod-terminating.json"])
def test_delete_status_and_terminating_objects_are_admitted_unjudged(
    start_webhook: WebhookFactory, images: Images, name: str
) -> None:
    hook = start_webhook()
    assert hook.review(payload(name, images.host))["allowed"] is True
    assert hook.metric("gate_requests_total", endpoint="validate", outcome="skipped") == 1
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 0


def test_dry_run_gets_the_same_answer_and_is_logged_as_dry_run(
    start_webhook: WebhookFactory, images: Images, caplog: pytest.LogCaptureFixture
) -> None:
    hook = start_webhook()
    response = hook.review(payload("pod-dryrun.json", images.host))
    assert "container sidecar" in _message(response)
    assert hook.metric("gate_requests_total", outcome="denied", dry_run="true") == 1


def test_audit_mode_admits_with_the_denials_as_warnings(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook(mode="audit", server={"mode": "audit"})
    response = hook.review(payload("pod-create.json", images.host))
    assert response["allowed"] is True
    warnings = response["warnings"]
    assert any(w.startswith("audit: would be denied: container sidecar") for w in warnings)
    assert all(len(w) <= 256 for w in warnings)


def test_every_platform_of_an_index_is_judged_and_attestations_skipped(
    start_webhook: WebhookFactory, images: Images
) -> None:
    body = payload("pod-create-compliant.json", images.host)
    body["request"]["object"]["spec"]["containers"][0]["image"] = images.multi
    message = _message(start_webhook().review(body))
    assert "linux/arm64" in message and "linux/amd64" not in message


# -- speed and safety -------------------------------------------------------------------------


def test_second_request_is_answered_from_the_caches(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook()
    body = payload("pod-create.json", images.host)
    first = hook.review(body)
    second = hook.review(body)
    assert first == second
    # Two images (compliant, non-compliant): resolved and fetched once each.
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 2
    assert hook.metric("gate_cache_lookups_total", cache="tag", result="hit") >= 2


def test_concurrent_identical_requests_fetch_once(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    from tests.webhook.conftest import NONCOMPLIANT

    registry.push_image("gate/flight", "one", NONCOMPLIANT)
    hook = start_webhook()
    body = payload("deployment-create.json", registry.host)
    body["request"]["object"]["spec"]["template"]["spec"]["containers"][0]["image"] = (
        f"{registry.host}/gate/flight:one"
    )

    async def many() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=hook.url, verify=hook.client_context(), timeout=30
        ) as client:
            return await asyncio.gather(
                *(client.post("/validate", json=body) for _ in range(12))
            )

    answers = asyncio.run(many())
    assert all(a.json()["response"]["allowed"] is False for a in answers)
    assert hook.metric("gate_registry_fetches_total", kind="digest", result="ok") == 1
    assert hook.metric("gate_registry_fetches_total", kind="configs", result="ok") == 1


def test_unreachable_registry_denies_by_default_naming_no_reason(
    start_webhook: WebhookFactory,
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    body = payload("deployment-create.json", f"127.0.0.1:{port}")
    message = _message(start_webhook().review(body))
    assert "could not be judged" in message and "cannot be reached" in message
    # "Connection refused" against "timed out" would tell open from filtered ports.
    assert "refused" not in message.lower()


def test_fail_open_admits_an_unjudged_image_with_a_warning(start_webhook: WebhookFactory) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    body = payload("deployment-create.json", f"127.0.0.1:{port}")
    response = start_webhook(failure="open", server={"failure": "open"}).review(body)
    assert response["allowed"] is True
    assert response["warnings"][0].startswith("admitted unjudged (registry failure: open)")


def test_fail_open_still_denies_a_lasting_failure(
    start_webhook: WebhookFactory, images: Images
) -> None:
    body = payload("deployment-create.json", images.host)
    spec = body["request"]["object"]["spec"]["template"]["spec"]
    spec["containers"][0]["image"] = f"{images.host}/gate/webhook:no-such-tag"
    response = start_webhook(failure="open", server={"failure": "open"}).review(body)
    # A retry would not change "manifest unknown": fail-open is for registry outages only.
    message = _message(response)
    assert "could not be judged" in message and "manifest unknown" in message


def test_hanging_registry_is_answered_before_the_api_server_deadline(
    start_webhook: WebhookFactory,
) -> None:
    with fault_server() as fault:
        fault.route("/v2/gate/slow/manifests/1", Reply(hang=True))
        hook = start_webhook(insecure_registries=(fault.host,), registry_timeout=30.0)
        body = payload("deployment-create.json", fault.host)
        spec = body["request"]["object"]["spec"]["template"]["spec"]
        spec["containers"][0]["image"] = f"{fault.host}/gate/slow:1"
        import time

        started = time.monotonic()
        message = _message(hook.review(body, timeout="2s"))
        elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert "before the API server's deadline" in message
    assert hook.metric("gate_deadline_exceeded_total") == 1


def test_registry_on_loopback_is_refused_unless_allowlisted(
    start_webhook: WebhookFactory, images: Images
) -> None:
    hook = start_webhook(allowed_hosts=(), failure="open", server={"failure": "open"})
    message = _message(hook.review(payload("deployment-create.json", images.host)))
    # Refused even under fail-open: naming such a host must not skip the gate.
    assert "not a registry the gate may reach" in message
    assert "loopback" not in message  # why is for the log: no map of the network


def test_metadata_address_is_refused(start_webhook: WebhookFactory) -> None:
    body = payload("deployment-create.json", "169.254.169.254")
    message = _message(start_webhook().review(body))
    assert "registry 169.254.169.254: not a registry the gate may reach" in message
    assert "metadata" not in message


def test_body_over_the_limit_is_refused_with_413(start_webhook: WebhookFactory) -> None:
    hook = start_webhook(server={"max_body": 64 * 1024})
    with hook.client() as client:
        answer = client.post("/validate", content=b"{" + b" " * (128 * 1024) + b"}")
    assert answer.status_code == 413


def test_a_body_that_is_not_an_admission_review_gets_400(start_webhook: WebhookFactory) -> None:
    with start_webhook().client() as client:
        answer = client.post("/validate", json={"apiVersion": "v1", "kind": "Pod"})
    assert answer.status_code == 400
    assert API_VERSION in answer.json()["error"]


# -- operations -------------------------------------------------------------------------------


def test_health_readiness_and_metrics_endpoints(start_webhook: WebhookFactory) -> None:
    with start_webhook().client() as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").text == "ready\n"
        metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert "gate_requests_in_flight" in metrics.text


def test_plain_http_is_not_served(start_webhook: WebhookFactory) -> None:
    hook = start_webhook()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{hook.port}/healthz", timeout=5)


def test_changed_certificate_files_are_served_without_a_restart(
    start_webhook: WebhookFactory, registry_pki: Pki, tmp_path: Any
) -> None:
    import shutil
    import time

    from tests.support.registry import make_pki

    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    shutil.copy(registry_pki.server_cert, cert)
    shutil.copy(registry_pki.server_key, key)
    hook = start_webhook(tls_cert=cert, tls_key=key, server={"tls_reload_interval": 0.1})
    other = make_pki(tmp_path / "other")
    # A mismatched pair (new cert, old key) mid-rotation is refused; the old pair stays.
    shutil.copy(other.server_cert, cert)
    time.sleep(0.5)
    with hook.client() as client:
        assert client.get("/healthz").status_code == 200
    shutil.copy(other.server_key, key)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            with httpx.Client(verify=other.client_context(), trust_env=False) as client:
                if client.get(f"{hook.url}/healthz").status_code == 200:
                    break
        except httpx.ConnectError:
            continue
    else:
        pytest.fail("the new certificate was not served")


def test_tls_13_handshake_for_gatekeeper(start_webhook: WebhookFactory) -> None:
    hook = start_webhook(tls_min_version="1.3")
    context = hook.client_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    with httpx.Client(verify=context, trust_env=False) as client:
        assert client.get(f"{hook.url}/healthz").status_code == 200
    old = hook.client_context()
    old.maximum_version = ssl.TLSVersion.TLSv1_2
    with pytest.raises(httpx.ConnectError), httpx.Client(verify=old, trust_env=False) as client:
        client.get(f"{hook.url}/healthz")


def test_tls_12_renegotiation_is_refused_whatever_openssl_allows(
    start_webhook: WebhookFactory,
) -> None:
    """Each renegotiation is a full server handshake on the event loop, on a connection already
    counted: OpenSSL 3 refuses a client's by default, 1.1.1 performs them; the server says no
    itself (the context's option), and a client asking is refused."""
    hook = start_webhook()
    assert hook.tls.context.options & ssl.OP_NO_RENEGOTIATION
    if shutil.which("openssl") is None:
        return
    asked = subprocess.run(
        ["openssl", "s_client", "-connect", f"127.0.0.1:{hook.port}", "-tls1_2",
         "-CAfile", str(hook.ca), "-servername", "localhost"],
        input=b"R\n", capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert b"RENEGOTIATING" in asked.stdout + asked.stderr
    assert b"no renegotiation" in asked.stdout + asked.stderr


def test_logs_are_json_lines(start_webhook: WebhookFactory, images: Images) -> None:
    import io
    import logging

    from gate.webhook.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gate.webhook")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        start_webhook().review(payload("pod-dryrun.json", images.host))
    finally:
        logger.removeHandler(handler)
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    admission = next(e for e in entries if e["msg"] == "admission")
    assert admission["dry_run"] is True and admission["outcome"] == "denied"
    assert admission["uid"] == "5b2d6a1e-4c59-4f0e-9d0e-1a2b3c4d5e03"
    assert admission["level"] == "info" and admission["ts"].endswith("Z")
