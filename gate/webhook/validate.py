"""POST /validate: AdmissionReview v1 in, AdmissionReview v1 out; the deadline from ?timeout=."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from aiohttp import web

from gate.webhook.admission import (
    AdmissionError,
    AdmissionRequest,
    ImageUse,
    parse_review,
    plan,
    review_response,
)
from gate.webhook.decision import Decision, decide
from gate.webhook.endpoint import Webhook, error_response, json_response

log = logging.getLogger("gate.webhook")


async def validate(hook: Webhook, request: web.Request) -> web.StreamResponse:
    started = time.perf_counter()
    deadline = asyncio.get_running_loop().time() + hook.budget(request)
    body = await hook.body(request, "validate")
    if isinstance(body, web.Response):
        return body
    try:
        review = parse_review(body)
    except AdmissionError as exc:
        hook.metrics.requests.labels("validate", "invalid", "false").inc()
        return error_response(400, exc.message)
    what = plan(review)
    if what.skip is not None or what.pod is None:
        decision = Decision(True, None, (), "skipped")
    else:
        chain = await hook.chain(review.namespace, what.pod, deadline)
        verdicts = await hook.judge_all([u.image for u in what.images], chain, deadline)
        decision = decide(
            what.images, verdicts, mode=hook.settings.mode, failure=hook.settings.failure
        )
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
        "images": [u.image for u in images],
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    if skip:
        fields["skipped"] = skip
    if decision.message:
        fields["reason"] = decision.message
    if decision.warnings:
        fields["warnings"] = list(decision.warnings)
    log.info("admission", extra={"fields": fields})
