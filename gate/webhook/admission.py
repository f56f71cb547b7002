"""AdmissionReview v1: what a request asks to run, and the answer the API server reads back.

A request becomes an `AdmissionRequest`; `plan()` says whether it is judged at all (DELETE,
status and scale subresources and objects being deleted are not) and which images it adds:
containers, init containers, ephemeral containers and image volumes of a Pod or of the pod
template of a workload. On UPDATE only images the old object did not already run are judged.
A container whose image gate cannot read (missing, empty, not a string), or an entry that is
not a container, is named in `PodSpec.unjudged`: the webhook denies it as it denies an image
it cannot judge.
The API server itself refuses a container without an image before validating webhooks run
(validateContainerCommon: `image` Required), so these reach gate only from other callers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from gate.json_object import NotJsonObject, TooManyValues, load_json
from gate.model import GateError

API_VERSION = "admission.k8s.io/v1"
MAX_WARNINGS = 20
# The API server shows warnings as they are; Kubernetes asks for short ones and may cut long ones.
MAX_WARNING_CHARS = 256
MAX_MESSAGE_CHARS = 8192
# Distinct images one request may add by default (--max-images; Gatekeeper's and Kyverno's keys
# too); the densest real workloads measured run some 200 containers.
MAX_IMAGES = 256

UseKind = Literal["container", "initContainer", "ephemeralContainer", "imageVolume"]

_LABELS: Mapping[str, str] = {
    "container": "container",
    "initContainer": "init container",
    "ephemeralContainer": "ephemeral container",
    "imageVolume": "image volume",
}

# (API group, kind) → path from the object to its pod spec.
_POD_SPEC_PATHS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("", "Pod"): ("spec",),
    ("", "ReplicationController"): ("spec", "template", "spec"),
    ("apps", "Deployment"): ("spec", "template", "spec"),
    ("apps", "ReplicaSet"): ("spec", "template", "spec"),
    ("apps", "StatefulSet"): ("spec", "template", "spec"),
    ("apps", "DaemonSet"): ("spec", "template", "spec"),
    ("batch", "Job"): ("spec", "template", "spec"),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "template", "spec"),
}
_SKIPPED_SUBRESOURCES = frozenset({"status", "scale"})
_JUDGED_SUBRESOURCES = frozenset({"", "ephemeralcontainers"})


# The API server writes an AdmissionReview as Go encodes its struct: kind, apiVersion, then the
# request, whose first field is uid; the object comes after it. So the uid of a body too large
# to parse is read from its first bytes, where the object's author cannot write.
_ENVELOPE_UID = re.compile(
    r'\s*\{\s*(?:"(?:kind|apiVersion)"\s*:\s*"[\w./-]{0,64}"\s*,\s*){0,2}'
    r'"request"\s*:\s*\{\s*"uid"\s*:\s*"([\w-]{1,128})"'
)
_ENVELOPE_CHARS = 512


class AdmissionError(GateError):
    """The request body is not an AdmissionReview v1 the webhook can answer."""


class ReviewTooLarge(AdmissionError):
    """The body holds more JSON values than the webhook parses; `uid` is the request's, when
    its first bytes name it as the API server writes them."""

    def __init__(self, message: str, uid: str | None) -> None:
        super().__init__(message)
        self.uid = uid


@dataclass(frozen=True)
class ImageUse:
    """One image a pod spec runs, and where: ``container app``, ``image volume models``."""

    kind: UseKind
    name: str
    image: str

    @property
    def label(self) -> str:
        return f"{_LABELS[self.kind]} {self.name}"


@dataclass(frozen=True)
class PodSpec:
    """What the webhook reads from a pod spec."""

    images: tuple[ImageUse, ...]
    pull_secrets: tuple[str, ...]
    service_account: str
    # Containers whose image gate cannot read: ``container app: image is not a string``.
    unjudged: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupVersionKind:
    group: str
    version: str
    kind: str


@dataclass(frozen=True)
class AdmissionRequest:
    """The parts of an AdmissionReview request the webhook uses."""

    uid: str
    kind: GroupVersionKind
    resource: str
    sub_resource: str
    operation: str
    namespace: str
    name: str
    dry_run: bool
    object: Mapping[str, Any] | None
    old_object: Mapping[str, Any] | None
    username: str


@dataclass(frozen=True)
class Plan:
    """What to do with a request: skip it (with the reason) or judge `images` of `pod`."""

    skip: str | None
    pod: PodSpec | None = None
    images: tuple[ImageUse, ...] = ()

    @property
    def unjudged(self) -> tuple[str, ...]:
        return self.pod.unjudged if self.pod is not None else ()


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise AdmissionError(f"AdmissionReview: {what} is not an object")
    return value


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def review_uid(body: bytes | bytearray) -> str | None:
    """The request uid of a body the API server wrote, from its first bytes alone."""
    head = body[:_ENVELOPE_CHARS].decode("utf-8", "replace")
    match = _ENVELOPE_UID.match(head)
    return match.group(1) if match else None


def parse_review(body: bytes | bytearray, max_values: int = 419_430) -> AdmissionRequest:
    """The request of an AdmissionReview v1 document; AdmissionError when it is not one,
    ReviewTooLarge when it holds more than `max_values` JSON values (counted before parsing;
    the default is the server's for its default 4 MiB body cap)."""
    try:
        data = load_json(body, max_values)
    except TooManyValues as exc:
        raise ReviewTooLarge(f"AdmissionReview: {exc}", review_uid(body)) from None
    except NotJsonObject as exc:
        raise AdmissionError(f"AdmissionReview: body is {exc}") from None
    review = _mapping(data, "the body")
    if review.get("apiVersion") != API_VERSION or review.get("kind") != "AdmissionReview":
        raise AdmissionError(
            f"AdmissionReview: want apiVersion {API_VERSION} and kind AdmissionReview, got "
            f"{str(review.get('apiVersion'))[:60]!r} {str(review.get('kind'))[:60]!r}"
        )
    request = _mapping(review.get("request"), "request")
    uid = _text(request, "uid")
    if not uid:
        raise AdmissionError("AdmissionReview: request has no uid")
    kind = request.get("kind")
    kind = kind if isinstance(kind, dict) else {}
    resource = request.get("resource")
    resource = resource if isinstance(resource, dict) else {}
    user = request.get("userInfo")
    user = user if isinstance(user, dict) else {}
    obj, old = request.get("object"), request.get("oldObject")
    return AdmissionRequest(
        uid=uid,
        kind=GroupVersionKind(_text(kind, "group"), _text(kind, "version"), _text(kind, "kind")),
        resource=_text(resource, "resource"),
        sub_resource=_text(request, "subResource"),
        operation=_text(request, "operation"),
        namespace=_text(request, "namespace"),
        name=_text(request, "name"),
        dry_run=request.get("dryRun") is True,
        object=obj if isinstance(obj, dict) else None,
        old_object=old if isinstance(old, dict) else None,
        username=_text(user, "username"),
    )


def _list(spec: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = spec.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _type_name(value: object) -> str:
    return {"NoneType": "null", "str": "a string", "dict": "an object", "list": "a list",
            "bool": "a boolean", "int": "a number", "float": "a number"}.get(
        type(value).__name__, type(value).__name__)  # fmt: skip


def _containers(
    spec: Mapping[str, Any], key: str, kind: UseKind
) -> tuple[list[ImageUse], list[str]]:
    """The images of the containers under `key`, and those gate cannot read."""
    entries = spec.get(key)
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [f"{key} is {_type_name(entries)}, not a list of containers"]
    uses: list[ImageUse] = []
    unjudged: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            unjudged.append(f"{key}[{index}] is {_type_name(entry)}, not a container")
            continue
        name = _text(entry, "name") or f"#{index}"
        image = entry.get("image")
        if isinstance(image, str) and image:
            uses.append(ImageUse(kind, _text(entry, "name"), image))
            continue
        if image is None or image == "":
            reason = "image is missing" if image is None else "image is empty"
        else:
            reason = f"image is {_type_name(image)}, not a string"
        unjudged.append(f"{_LABELS[kind]} {name}: {reason}")
    return uses, unjudged


def _named(entries: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    names = (_text(e, "name") for e in entries)
    return tuple(dict.fromkeys(n for n in names if n))


def pod_spec_of(kind: GroupVersionKind, obj: Mapping[str, Any]) -> PodSpec | None:
    """The pod spec of a Pod or of a workload's pod template; None for other kinds."""
    if kind.kind == "EphemeralContainers":
        # Kubernetes ≤ 1.22 sent the subresource as its own kind with the list at the top.
        ephemeral, unread = _containers(obj, "ephemeralContainers", "ephemeralContainer")
        return PodSpec(tuple(ephemeral), (), "default", tuple(unread))
    path = _POD_SPEC_PATHS.get((kind.group, kind.kind))
    if path is None:
        return None
    spec: object = obj
    for key in path:
        spec = spec.get(key) if isinstance(spec, dict) else None
    if not isinstance(spec, dict):
        # The API server's validation requires it: only another caller sends it missing.
        what = "missing" if spec is None else f"{_type_name(spec)}, not a pod spec"
        return PodSpec((), (), "default", (f"{'.'.join(path)} is {what}",))
    uses: list[ImageUse] = []
    unjudged: list[str] = []
    lists: tuple[tuple[str, UseKind], ...] = (
        ("initContainers", "initContainer"),
        ("containers", "container"),
        ("ephemeralContainers", "ephemeralContainer"),
    )
    for key, use_kind in lists:
        found, unread = _containers(spec, key, use_kind)
        uses += found
        unjudged += unread
    for volume in _list(spec, "volumes"):
        source = volume.get("image")
        if source is None:
            continue
        reference = source.get("reference") if isinstance(source, dict) else None
        if isinstance(reference, str) and reference:
            uses.append(ImageUse("imageVolume", _text(volume, "name"), reference))
        else:
            unjudged.append(f"image volume {_text(volume, 'name')}: reference is not an image")
    account = _text(spec, "serviceAccountName") or _text(spec, "serviceAccount") or "default"
    return PodSpec(tuple(uses), _named(_list(spec, "imagePullSecrets")), account, tuple(unjudged))


def _unreadable(reason: str) -> Plan:
    """Judged, and denied as gate cannot judge it: a request the API server would not send."""
    return Plan(skip=None, pod=PodSpec((), (), "default", (reason,)))


def plan(request: AdmissionRequest, max_images: int = MAX_IMAGES) -> Plan:
    """Whether `request` is judged, and the images it adds (denied unjudged past `max_images`
    distinct ones)."""
    if request.operation in ("DELETE", "CONNECT"):
        return Plan(skip=f"operation {request.operation} is not judged")
    if request.sub_resource in _SKIPPED_SUBRESOURCES or (
        request.sub_resource not in _JUDGED_SUBRESOURCES
    ):
        return Plan(skip=f"subresource {request.sub_resource} is not judged")
    kind = request.kind
    if not kind.kind:
        return _unreadable("the request names no kind")
    if kind.kind != "EphemeralContainers" and (kind.group, kind.kind) not in _POD_SPEC_PATHS:
        return Plan(skip=f"kind {kind.kind} runs no pods")
    if request.operation not in ("CREATE", "UPDATE"):
        return _unreadable(f"operation {request.operation[:40]!r} is not one the API server sends")
    obj = request.object
    if obj is None:
        return _unreadable("the request carries no object")
    metadata = obj.get("metadata")
    if isinstance(metadata, dict) and metadata.get("deletionTimestamp"):
        return Plan(skip="the object is being deleted")
    pod = pod_spec_of(request.kind, obj)
    if pod is None:
        return Plan(skip=f"kind {request.kind.kind} runs no pods")
    images = pod.images
    if request.operation == "UPDATE" and request.old_object is not None:
        old = pod_spec_of(request.kind, request.old_object)
        running = {use.image for use in old.images} if old is not None else set()
        images = tuple(use for use in images if use.image not in running)
    if not images and not pod.unjudged:
        return Plan(skip="no new images", pod=pod)
    distinct = len({use.image for use in images})
    if distinct > max_images:
        # Each image is a task on the event loop and a line of the answer: 100,000 of them
        # (a 3 MB pod) held the loop for seconds, past the API server's deadline.
        reason = f"the pod names {distinct} images, more than the {max_images} gate judges at once"
        return Plan(skip=None, pod=replace(pod, unjudged=(*pod.unjudged[:max_images], reason)))
    return Plan(skip=None, pod=pod, images=images)


def without_objects(request: AdmissionRequest) -> AdmissionRequest:
    """`request` without its objects, which may be megabytes once parsed: what the webhook
    keeps while the request waits for registries."""
    return replace(request, object=None, old_object=None)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def review_response(
    uid: str,
    allowed: bool,
    *,
    message: str | None = None,
    code: int | None = None,
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """The AdmissionReview v1 document that answers request `uid`."""
    response: dict[str, Any] = {"uid": uid, "allowed": allowed}
    if not allowed:
        response["status"] = {
            "code": code or 403,
            "reason": "Forbidden" if (code or 403) == 403 else "InternalError",
            "message": _clip(message or "denied by gate", MAX_MESSAGE_CHARS),
        }
    elif message:
        response["status"] = {"code": 200, "message": _clip(message, MAX_MESSAGE_CHARS)}
    unique = list(dict.fromkeys(warnings))
    if len(unique) > MAX_WARNINGS:
        unique = [*unique[: MAX_WARNINGS - 1], f"... and {len(unique) - MAX_WARNINGS + 1} more"]
    if unique:
        response["warnings"] = [_clip(w, MAX_WARNING_CHARS) for w in unique]
    return {"apiVersion": API_VERSION, "kind": "AdmissionReview", "response": response}
