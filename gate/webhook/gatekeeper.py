"""POST /gatekeeper: Gatekeeper external data (externaldata.gatekeeper.sh).

ProviderRequest (keys: image references) → ProviderResponse (one item per key: the image's
verdict, or an error). A failure a retry may clear is an item error beginning `transient: `,
and named in systemError too. Not a null value: Gatekeeper (3.13 and later) caches every item
for its response-cache TTL (3 minutes), whatever `idempotent` says, and serves cached items
without a systemError, so a key whose registry hung once was cached as a null verdict, which
the constraint template read as no violation: the next Pod naming it was admitted.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from aiohttp import web

from gate.json_object import NotJsonObject, load_json
from gate.webhook.admission import PodSpec
from gate.webhook.endpoint import Webhook, json_response
from gate.webhook.image_value import image_value

GATEKEEPER_API = "externaldata.gatekeeper.sh/v1beta1"
# How an item error that a retry may clear begins (the constraint template reads it).
TRANSIENT = "transient: "
_GATEKEEPER_APIS = frozenset({GATEKEEPER_API, "externaldata.gatekeeper.sh/v1alpha1"})


async def gatekeeper(hook: Webhook, request: web.Request) -> web.StreamResponse:
    deadline = asyncio.get_running_loop().time() + hook.budget(request)
    settings = hook.settings
    parse = partial(
        _provider_request, max_values=settings.max_values, max_images=settings.max_images
    )
    parsed = await hook.parsed(request, "gatekeeper", deadline, parse)
    if isinstance(parsed, web.Response):
        return parsed
    api_version, keys, problem = parsed
    if problem is not None:
        hook.metrics.requests.labels("gatekeeper", "invalid", "false").inc()
        return json_response(_provider_response(api_version, [], system_error=problem))
    chain = await hook.pull_secrets.chain("", PodSpec((), (), "default"))
    verdicts = await hook.judge_all(keys, chain, deadline)
    items: list[dict[str, Any]] = []
    transient: list[str] = []
    for key in keys:
        verdict = verdicts[key]
        if verdict.error is not None and verdict.transient:
            transient.append(f"{key}: {verdict.error}")
            items.append({"key": key, "error": f"{TRANSIENT}{verdict.error}"})
        elif verdict.error is not None:
            items.append({"key": key, "error": verdict.error})
        else:
            items.append({"key": key, "value": image_value(verdict)})
    system_error = "; ".join(transient)
    # Gatekeeper caches idempotent answers by key: true only when no key is a movable tag.
    idempotent = not transient and all("@" in key for key in keys)
    outcome = "error" if system_error else "allowed"
    hook.metrics.requests.labels("gatekeeper", outcome, "false").inc()
    return json_response(
        _provider_response(api_version, items, system_error=system_error, idempotent=idempotent)
    )


def _provider_request(
    body: bytes | bytearray, max_values: int, max_images: int
) -> tuple[str, list[str], str | None]:
    try:
        data = load_json(body, max_values)
    except NotJsonObject as exc:
        return GATEKEEPER_API, [], f"ProviderRequest: body is {exc}"
    if not isinstance(data, dict):
        return GATEKEEPER_API, [], "ProviderRequest: body is not an object"
    api_version = data.get("apiVersion")
    if api_version not in _GATEKEEPER_APIS or data.get("kind") != "ProviderRequest":
        return (
            GATEKEEPER_API,
            [],
            (f"ProviderRequest: want apiVersion {GATEKEEPER_API} and kind ProviderRequest"),
        )
    assert isinstance(api_version, str)
    request = data.get("request")
    keys = request.get("keys") if isinstance(request, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return api_version, [], "ProviderRequest: request.keys must be a list of strings"
    if len(keys) > max_images:
        return api_version, [], f"ProviderRequest: more than {max_images} keys"
    return api_version, list(dict.fromkeys(keys)), None


def _provider_response(
    api_version: str,
    items: list[dict[str, Any]],
    *,
    system_error: str = "",
    idempotent: bool = False,
) -> dict[str, Any]:
    response: dict[str, Any] = {"idempotent": idempotent, "items": items}
    if system_error:
        response["systemError"] = system_error
    return {"apiVersion": api_version, "kind": "ProviderResponse", "response": response}
