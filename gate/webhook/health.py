"""GET /healthz (200 while the process serves), /readyz (200 once serving, 503 while starting
or draining) and /metrics (Prometheus text format)."""

from __future__ import annotations

from aiohttp import web

from gate.webhook.endpoint import Webhook
from gate.webhook.metrics import CONTENT_TYPE


async def healthz(hook: Webhook, request: web.Request) -> web.StreamResponse:
    return web.Response(text="ok\n")


async def readyz(hook: Webhook, request: web.Request) -> web.StreamResponse:
    if not hook.ready:
        return web.Response(status=503, text="not ready\n")
    return web.Response(text="ready\n")


async def metrics_page(hook: Webhook, request: web.Request) -> web.StreamResponse:
    response = web.Response(body=hook.metrics.render())
    response.headers["Content-Type"] = CONTENT_TYPE
    return response
