"""AdmissionReview v1 in, the images to judge and the answer out; stored request bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from gate.webhook.admission import (
    MAX_IMAGES,
    MAX_WARNINGS,
    AdmissionError,
    AdmissionRequest,
    ImageUse,
    ReviewTooLarge,
    parse_review,
    plan,
    review_response,
    review_uid,
)
from gate.webhook.decision import decide
from tests.webhook.support import DATA

C = "r.example/gate/webhook:compliant"
N = "r.example/gate/webhook:noncompliant"


def _request(name: str):  # type: ignore[no-untyped-def]
    raw = (DATA / name).read_text().replace("REGISTRY", "r.example").encode()
    return parse_review(raw)


def test_pod_gives_init_containers_containers_and_image_volumes_with_their_names() -> None:
    what = plan(_request("pod-create.json"))
    assert what.skip is None
    assert what.images == (
        ImageUse("initContainer", "migrate", C),
        ImageUse("container", "app", C),
        ImageUse("container", "sidecar", N),
        ImageUse("imageVolume", "models", C),
    )
    assert what.pod is not None
    assert what.pod.pull_secrets == ("team-pull",)
    assert what.pod.service_account == "builder"


def test_labels_name_the_kind_of_use() -> None:
    labels = [u.label for u in plan(_request("pod-create.json")).images]
    assert labels == ["init container migrate", "container app", "container sidecar",
                      "image volume models"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "image"),
    [("deployment-create.json", ImageUse("container", "api", N)),
     ("cronjob-create.json", ImageUse("container", "report", N))],
)  # fmt: skip
def test_workload_pod_templates_are_read(name: str, image: ImageUse) -> None:
    assert plan(_request(name)).images == (image,)


def test_ephemeral_container_subresource_judges_only_the_new_container() -> None:
    request = _request("pod-ephemeral.json")
    assert request.sub_resource == "ephemeralcontainers"
    assert plan(request).images == (ImageUse("ephemeralContainer", "debugger", N),)


def test_update_keeps_only_images_the_old_object_did_not_run() -> None:
    assert plan(_request("deployment-update.json")).images == (
        ImageUse("container", "metrics", C),
    )


def test_update_that_changes_no_image_is_skipped() -> None:
    body = json.loads((DATA / "deployment-update.json").read_text())
    body["request"]["object"] = body["request"]["oldObject"]
    assert plan(parse_review(json.dumps(body).encode())).skip == "no new images"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("pod-delete.json", "operation DELETE is not judged"),
        ("pod-status.json", "subresource status is not judged"),
        ("pod-terminating.json", "the object is being deleted"),
    ],
)
def test_delete_status_and_terminating_are_skipped(name: str, reason: str) -> None:
    assert plan(_request(name)).skip == reason


def test_scale_subresource_is_skipped() -> None:
    body = json.loads((DATA / "deployment-update.json").read_text())
    body["request"]["subResource"] = "scale"
    body["request"]["object"] = {"kind": "Scale", "spec": {"replicas": 3}}
    assert plan(parse_review(json.dumps(body).encode())).skip == "subresource scale is not judged"


def test_kinds_without_pods_are_skipped() -> None:
    body = json.loads((DATA / "pod-create.json").read_text())
    body["request"]["kind"] = {"group": "", "version": "v1", "kind": "ConfigMap"}
    assert plan(parse_review(json.dumps(body).encode())).skip == "kind ConfigMap runs no pods"


def _changed(name: str, change: Callable[[dict[str, Any]], None]) -> AdmissionRequest:
    body = json.loads((DATA / name).read_text().replace("REGISTRY", "r.example"))
    change(body["request"])
    return parse_review(json.dumps(body).encode())


def _no_template(request: dict[str, Any]) -> None:
    del request["object"]["spec"]["template"]


@pytest.mark.parametrize(
    ("name", "change", "reason"),
    [
        ("pod-create.json", lambda r: r.update(object=None), "the request carries no object"),
        ("pod-create.json", lambda r: r.pop("kind"), "the request names no kind"),
        ("pod-create.json", lambda r: r.update(operation="create"),
         "operation 'create' is not one the API server sends"),
        ("pod-create.json", lambda r: r["object"].update(spec=[]),
         "spec is a list, not a pod spec"),
        ("deployment-create.json", _no_template, "spec.template.spec is missing"),
    ],
)  # fmt: skip
def test_a_pod_request_the_api_server_would_not_send_is_denied_not_skipped(
    name: str, change: Callable[[dict[str, Any]], None], reason: str
) -> None:
    """Before, each was skipped, so admitted without a word: a fail-open for any caller that
    is not the API server (whose validation refuses these before webhooks run)."""
    what = plan(_changed(name, change))
    assert what.skip is None and what.images == () and what.unjudged == (reason,)
    decision = decide(what.images, {}, mode="enforce", failure="open", unjudged=what.unjudged)
    assert decision.allowed is False
    assert decision.message == f"gate: 1 problem: {reason}; gate cannot judge it"


def test_other_kinds_and_operations_are_still_skipped_whatever_else_they_carry() -> None:
    def configmap(request: dict[str, Any]) -> None:
        request.update(kind={"group": "", "version": "v1", "kind": "ConfigMap"}, object=None)
        request["operation"] = "create"

    assert plan(_changed("pod-create.json", configmap)).skip == "kind ConfigMap runs no pods"
    connect = plan(_changed("pod-create.json", lambda r: r.update(operation="CONNECT")))
    assert connect.skip == "operation CONNECT is not judged"


def _images(count: int) -> Callable[[dict[str, Any]], None]:
    def change(request: dict[str, Any]) -> None:
        containers = [{"name": f"c{n}", "image": f"r.example/app:{n}"} for n in range(count)]
        # The same image again under another name counts once.
        containers.append({"name": "again", "image": "r.example/app:0"})
        request["object"]["spec"] = {"containers": containers}

    return change


def test_a_pod_naming_more_images_than_gate_judges_at_once_is_denied_without_judging() -> None:
    """100,000 images (a 3 MB pod) held the event loop for seconds, past the deadline."""
    at_cap = plan(_changed("pod-create.json", _images(MAX_IMAGES)))
    assert len(at_cap.images) == MAX_IMAGES + 1 and at_cap.unjudged == ()
    past = plan(_changed("pod-create.json", _images(MAX_IMAGES + 1)))
    assert past.skip is None and past.images == ()
    assert past.unjudged == (
        f"the pod names {MAX_IMAGES + 1} images, more than the {MAX_IMAGES} gate judges at once",
    )


def test_dry_run_and_user_are_read() -> None:
    request = _request("pod-dryrun.json")
    assert request.dry_run is True and request.username == "alice@example.com"
    assert _request("pod-create.json").dry_run is False


def test_legacy_ephemeral_containers_kind_is_read() -> None:
    body = json.loads((DATA / "pod-ephemeral.json").read_text())
    body["request"]["kind"] = {"group": "", "version": "v1", "kind": "EphemeralContainers"}
    obj = {"kind": "EphemeralContainers", "ephemeralContainers": [{"name": "dbg", "image": N}]}
    body["request"]["object"] = obj
    body["request"]["oldObject"] = {"kind": "EphemeralContainers", "ephemeralContainers": []}
    images = plan(parse_review(json.dumps(body).encode())).images
    assert images == (ImageUse("ephemeralContainer", "dbg", N),)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"{", "not valid JSON"),
        (b"[]", "the body is not an object"),
        (b'{"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview"}',
         "want apiVersion"),
        (b'{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}', "request is not"),
        (b'{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {}}',
         "no uid"),
    ],
)  # fmt: skip
def test_what_is_not_an_admission_review_v1_is_refused(body: bytes, problem: str) -> None:
    with pytest.raises(AdmissionError, match=problem):
        parse_review(body)


def test_denial_answer_carries_uid_status_and_message() -> None:
    answer = review_response("u1", False, message="gate: no")
    assert answer == {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "response": {
            "uid": "u1",
            "allowed": False,
            "status": {"code": 403, "reason": "Forbidden", "message": "gate: no"},
        },
    }


def test_warnings_are_deduplicated_clipped_and_capped() -> None:
    warnings = ["same", "same", "x" * 1000, *(f"w{i}" for i in range(40))]
    sent = review_response("u", True, warnings=warnings)["response"]["warnings"]
    assert len(sent) == MAX_WARNINGS and sent[0] == "same"
    assert len(sent[1]) == 256 and sent[1].endswith("...")
    assert sent[-1].startswith("... and ")


def test_containers_whose_image_gate_cannot_read_are_named_not_dropped() -> None:
    what = plan(_request("bodies/pod-unreadable-images.json"))
    assert what.skip is None
    assert what.images == (ImageUse("container", "app", C),)
    assert what.unjudged == (
        "init container init: image is empty",
        "container blank: image is empty",
        "container number: image is a number, not a string",
        "container listed: image is a list, not a string",
        "container nulled: image is missing",
        "containers[5] is a string, not a container",
        "ephemeral container debug: image is an object, not a string",
        "image volume models: reference is not an image",
    )


def test_readable_images_leave_nothing_unjudged() -> None:
    what = plan(_request("bodies/pod-readable-images.json"))
    assert what.unjudged == ()
    assert [u.image for u in what.images] == [C, C]


def test_cronjob_job_template_with_an_empty_image_is_not_skipped() -> None:
    what = plan(_request("bodies/cronjob-empty-image.json"))
    assert what.skip is None and what.images == ()
    assert what.unjudged == ("container report: image is empty",)


def test_a_review_past_the_value_cap_is_refused_before_parsing_with_its_uid() -> None:
    raw = (DATA / "pod-create.json").read_text().replace("REGISTRY", "r.example")
    review = json.loads(raw)
    review["request"]["object"]["metadata"]["annotations"] = {"a": [[]] * 600}
    # Go's order (kind, apiVersion, request.uid first), as the API server writes it.
    go_order = {"kind": "AdmissionReview", "apiVersion": review["apiVersion"],
                "request": review["request"]}  # fmt: skip
    with pytest.raises(ReviewTooLarge) as refused:
        parse_review(json.dumps(go_order).encode(), max_values=1000)
    assert refused.value.uid == review["request"]["uid"]
    assert "made of more than 1,000 JSON values" in refused.value.message
    assert parse_review(json.dumps(go_order).encode(), max_values=2000).uid == refused.value.uid


def test_a_uid_is_read_only_from_the_envelope_the_api_server_writes() -> None:
    # A uid inside the object, where its author writes, is not the request's.
    body = b'{"kind":"AdmissionReview","x":{"request":{"uid":"evil"}},"request":{"uid":"u"}}'
    assert review_uid(body) is None
    assert review_uid(b'{"apiVersion":"admission.k8s.io/v1","request":{"uid":"u-1"}}') == "u-1"
