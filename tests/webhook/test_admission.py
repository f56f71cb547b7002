"""AdmissionReview v1 in, the images to judge and the answer out; stored request bodies."""

from __future__ import annotations

import json

import pytest

from gate.webhook.admission import (
    MAX_WARNINGS,
    AdmissionError,
    ImageUse,
    parse_review,
    plan,
    review_response,
)
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
