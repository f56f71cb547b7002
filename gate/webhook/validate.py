"""POST /validate: AdmissionReview v1 in, AdmissionReview v1 out; the deadline from ?timeout=."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from gate.webhook.admission import (
    AdmissionError,
    AdmissionRequest,
    ImageUse,
    Plan,
    ReviewTooLarge,
    parse_review,
    plan,
    review_response,
    review_uid,
    without_objects,
)
from gate.webhook.decision import Decision, decide, refusal
from gate.webhook.endpoint import Webhook, error_response, json_response

log = logging.getLogger("gate.webhook")


@dataclass(frozen=True)
class Unread:
    """Why a body is not an AdmissionReview the webhook reads."""

    message: str
    uid: str | None
    too_large: bool


async def validate(hook: Webhook, request: web.Request) -> web.StreamResponse:
    started = time.perf_counter()
    deadline = asyncio.get_running_loop().time() + hook.budget(request)
    max_values = hook.settings.max_values
    max_images = hook.settings.max_images

    def read(body: bytes | bytearray) -> tuple[AdmissionRequest, Plan] | Unread:
        # On the parser thread; only the plan and the request's small fields leave it. Not the
        # exception either: its traceback holds this frame, and so the body, until a GC pass.
        try:
            review = parse_review(body, max_values)
        except ReviewTooLarge as exc:
            return Unread(exc.message, exc.uid, too_large=True)
        except AdmissionError as exc:
            return Unread(exc.message, None, too_large=False)
        return without_objects(review), plan(review, max_images)

    def late(body: bytes | bytearray) -> web.Response | None:
        # Denied, not an HTTP error (under failurePolicy Ignore an error would admit it), when
        # the uid can be read from the body's first bytes without parsing it.
        uid = review_uid(body)
        if uid is None:
            return None
        reason = "gate could not read the request before the API server's deadline"
        decision = refusal(reason, hook.settings.mode)
        hook.metrics.requests.labels("validate", decision.outcome, "false").inc()
        log.warning("admission not read in time", extra={"fields": {"uid": uid,
                    "allowed": decision.allowed}})  # fmt: skip
        return json_response(review_response(uid, decision.allowed,
                             message=decision.message, warnings=decision.warnings))  # fmt: skip

    parsed = await hook.parsed(request, "validate", deadline, read, late)
    if isinstance(parsed, web.Response):
        return parsed
    if isinstance(parsed, Unread) and parsed.too_large and parsed.uid is not None:
        # Denied, not an HTTP error: under failurePolicy Ignore an error would admit it.
        reason = f"{parsed.message}; gate does not read requests that large"
        decision = refusal(reason, hook.settings.mode)
        hook.metrics.requests.labels("validate", decision.outcome, "false").inc()
        log.warning("admission too large", extra={"fields": {"uid": parsed.uid,
                    "allowed": decision.allowed, "reason": parsed.message}})  # fmt: skip
        return json_response(review_response(parsed.uid, decision.allowed,
                             message=decision.message, warnings=decision.warnings))  # fmt: skip
    if isinstance(parsed, Unread):
        # No uid to answer with: an HTTP error, which the API server treats per failurePolicy.
        hook.metrics.requests.labels("validate", "invalid", "false").inc()
        return error_response(413 if parsed.too_large else 400, parsed.message)
    review, what = parsed
    if what.skip is not None or what.pod is None:
        decision = Decision(True, None, (), "skipped")
    else:
        chain = await hook.chain(review.namespace, what.pod, deadline)
        verdicts = await hook.judge_all(
            [u.image for u in what.images], chain, deadline, review.namespace
        )
        decision = decide(
            what.images, verdicts, mode=hook.settings.mode, failure=hook.settings.failure,
            unjudged=what.unjudged,
        )  # fmt: skip
    _log_admission(review, what.images, decision, what.skip, started)
    hook.metrics.requests.labels("validate", decision.outcome, str(review.dry_run).lower()).inc()
    answer = review_response(
        review.uid, decision.allowed, message=decision.message, warnings=decision.warnings
    )
    return json_response(answer)


def _log_admission(
    review: AdmissionRequest,
    images: Sequence[ImageUse],
    decision: Decision,
    skip: str | None,
    started: float,
) -> None:
    fields: dict[str, Any] = {
        "uid": review.uid,
        "operation": review.operation,
        "kind": review.kind.kind,
        "namespace": review.namespace,
        "name": review.name,
        "user": review.username,
        # A dry run changes nothing in the cluster; its log line says so for audits.
        "dry_run": review.dry_run,
        "outcome": decision.outcome,
        "allowed": decision.allowed,
        # Each image once: a pod of 60,000 containers naming one image wrote it 60,000 times.
        "images": list(dict.fromkeys(u.image for u in images)),
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if skip:
        fields["skipped"] = skip
    if decision.message:
        fields["reason"] = decision.message
    if decision.warnings:
        fields["warnings"] = list(decision.warnings)
    log.info("admission", extra={"fields": fields})
