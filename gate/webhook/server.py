"""The HTTPS server: routes each path to its endpoint module, serves until told to stop.

POST /validate    validate.py    AdmissionReview v1 → AdmissionReview v1
POST /gatekeeper  gatekeeper.py  ProviderRequest → ProviderResponse
POST /kyverno     kyverno.py     images → allowed, message, results
GET  /healthz, /readyz, /metrics  health.py
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from gate.webhook.connections import ConnectionGuard, ServerLog
from gate.webhook.endpoint import ServerSettings, Webhook
from gate.webhook.gatekeeper import gatekeeper
from gate.webhook.health import healthz, metrics_page, readyz
from gate.webhook.kyverno import kyverno
from gate.webhook.tls import ReloadingContext, keep_reloading
from gate.webhook.validate import validate

__all__ = ["ServerSettings", "Webhook", "app", "serve"]

log = logging.getLogger("gate.webhook")


def app(webhook: Webhook, guard: ConnectionGuard | None = None) -> web.Application:
    """The routes, each bound to `webhook`; `guard` sees each request's headers arrive."""

    def bound(
        handler: Callable[[Webhook, web.Request], Awaitable[web.StreamResponse]],
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def route(request: web.Request) -> web.StreamResponse:
            return await handler(webhook, request)

        return route

    application = web.Application(
        client_max_size=webhook.settings.max_body,
        middlewares=[guard.middleware] if guard is not None else [],
    )
    application.add_routes(
        [
            web.post("/validate", webhook.timed("validate", validate)),
            web.post("/gatekeeper", webhook.timed("gatekeeper", gatekeeper)),
            web.post("/kyverno", webhook.timed("kyverno", kyverno)),
            web.get("/healthz", bound(healthz)),
            web.get("/readyz", bound(readyz)),
            web.get("/metrics", bound(metrics_page)),
        ]
    )
    return application


async def serve(
    webhook: Webhook,
    tls: ReloadingContext,
    *,
    stop: asyncio.Event,
    started: Callable[[int], None] | None = None,
) -> None:
    """Serve HTTPS until `stop` is set; `started` gets the bound port (for port 0)."""
    settings = webhook.settings
    limits = settings.connections
    guard = ConnectionGuard(limits, webhook.metrics)
    runner = web.AppRunner(
        app(webhook, guard), access_log=None, handle_signals=False, shutdown_timeout=5.0,
        keepalive_timeout=limits.idle_timeout,
        # Never inflate a request body: the body pool and --max-body count wire bytes, and
        # endpoint.py refuses compressed bodies (415) before reading them anyway.
        auto_decompress=False,
        logger=ServerLog(webhook.metrics),
    )  # fmt: skip
    # Workers first: the pod is not ready before it can judge.
    await webhook.verdicts.start()
    await runner.setup()
    guard.factory = runner.server
    # Not aiohttp's TCPSite: the guard wraps each connection's protocol, and the TLS handshake
    # gets the header time limit.
    listener = await asyncio.get_running_loop().create_server(
        guard, settings.host, settings.port, ssl=tls.context, backlog=1024,
        ssl_handshake_timeout=limits.header_timeout, reuse_address=True,
    )  # fmt: skip
    port = int(listener.sockets[0].getsockname()[1])
    reloading = keep_reloading(tls, settings.tls_reload_interval, webhook.metrics)
    reloader = asyncio.ensure_future(reloading)
    webhook.ready = True
    log.info(
        "serving",
        extra={"fields": {"host": settings.host, "port": port, "mode": settings.mode,
                          "registry_failure": settings.failure,
                          "policy_hash": webhook.verdicts.policy_hash}},
    )  # fmt: skip
    if started is not None:
        started(port)
    try:
        await stop.wait()
        webhook.ready = False
        if settings.drain_seconds > 0:
            # Readiness fails first so the Service stops sending new requests here.
            await asyncio.sleep(settings.drain_seconds)
    finally:
        reloader.cancel()
        listener.close()
        await runner.cleanup()
        await webhook.aclose()
