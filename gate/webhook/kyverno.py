"""POST /kyverno: for a Kyverno apiCall.

{"images": [...], "namespace"?, "imagePullSecrets"?, "serviceAccountName"?}
→ {"allowed", "message", "warnings", "results": [one per image]}
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from aiohttp import web

from gate.json_object import NotJsonObject, load_json
from gate.webhook.admission import ImageUse, PodSpec
from gate.webhook.decision import decide
from gate.webhook.endpoint import Webhook, error_response, json_response
from gate.webhook.image_value import image_value


async def kyverno(hook: Webhook, request: web.Request) -> web.StreamResponse:
    deadline = asyncio.get_running_loop().time() + hook.budget(request)
    settings = hook.settings
    parse = partial(
        _kyverno_request, max_values=settings.max_values, max_images=settings.max_images
    )
    parsed = await hook.parsed(request, "kyverno", deadline, parse)
    if isinstance(parsed, web.Response):
        return parsed
    if isinstance(parsed, str):
        hook.metrics.requests.labels("kyverno", "invalid", "false").inc()
        return error_response(400, parsed)
    namespace, pod = parsed
    chain = await hook.chain(namespace, pod, deadline)
    verdicts = await hook.judge_all([u.image for u in pod.images], chain, deadline, namespace)
    decision = decide(pod.images, verdicts, mode="enforce", failure=hook.settings.failure)
    results = []
    for use in pod.images:
        verdict = verdicts[use.image]
        result: dict[str, Any] = {"image": use.image, **image_value(verdict)}
        if verdict.error is not None:
            result["allowed"] = False
            result["error"] = verdict.error
            result["transient"] = verdict.transient
        results.append(result)
    hook.metrics.requests.labels("kyverno", decision.outcome, "false").inc()
    return json_response(
        {
            "allowed": decision.allowed,
            "message": decision.message or "",
            "warnings": list(decision.warnings),
            "results": results,
        }
    )


def _kyverno_request(
    body: bytes | bytearray, max_values: int, max_images: int
) -> tuple[str, PodSpec] | str:
    try:
        data = load_json(body, max_values)
    except NotJsonObject as exc:
        return f"body is {exc}"
    if not isinstance(data, dict):
        return "body is not an object"
    images = data.get("images")
    if not isinstance(images, list) or not all(isinstance(i, str) and i for i in images):
        return "images must be a list of image references"
    if len(images) > max_images:
        return f"more than {max_images} images"
    namespace = data.get("namespace")
    secrets = data.get("imagePullSecrets") or []
    if not isinstance(secrets, list):
        return "imagePullSecrets must be a list"
    names = [s.get("name") if isinstance(s, dict) else s for s in secrets]
    account = data.get("serviceAccountName") or "default"
    if not all(isinstance(n, str) for n in names) or not isinstance(account, str):
        return "imagePullSecrets and serviceAccountName must be names"
    uses = tuple(ImageUse("container", "", image) for image in dict.fromkeys(images))
    pod = PodSpec(uses, tuple(n for n in names if isinstance(n, str)), account)
    return (namespace if isinstance(namespace, str) else ""), pod
