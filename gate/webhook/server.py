"""The HTTPS server: routes each path to its endpoint module, serves until told to stop.

POST /validate    validate.py    AdmissionReview v1 → AdmissionReview v1
POST /gatekeeper  gatekeeper.py  ProviderRequest → ProviderResponse
POST /kyverno     kyverno.py     images → allowed, message, results
GET  /healthz, /readyz, /metrics  health.py

The health endpoints are also served on a listener of their own (--health-listen), plain HTTP,
with a connection cap of its own: review traffic, hostile or not, can fill the main listener's
cap, and the kubelet's probes must still get in, or a webhook that is only busy is restarted and
its readiness flaps. The chart points its probes there.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable

from aiohttp import web

from gate.model import GateError
from gate.webhook.connections import ConnectionGuard, ConnectionLimits, ServerLog
from gate.webhook.endpoint import ServerSettings, Webhook
from gate.webhook.gatekeeper import gatekeeper
from gate.webhook.health import healthz, metrics_page, readyz
from gate.webhook.kyverno import kyverno
from gate.webhook.metrics import Metrics
from gate.webhook.tls import ReloadingContext, keep_reloading
from gate.webhook.validate import validate

__all__ = ["ServerSettings", "Webhook", "app", "serve"]

log = logging.getLogger("gate.webhook")

# The health listener: probes and a scraper need a few connections, each a request at a time.
HEALTH_LIMITS = ConnectionLimits(max_connections=16, header_timeout=5.0, idle_timeout=30.0)


def _bound(
    webhook: Webhook,
    handler: Callable[[Webhook, web.Request], Awaitable[web.StreamResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def route(request: web.Request) -> web.StreamResponse:
        return await handler(webhook, request)

    return route


def app(webhook: Webhook, guard: ConnectionGuard | None = None) -> web.Application:
    """The routes, each bound to `webhook`; `guard` sees each request's headers arrive."""
    application = web.Application(
        client_max_size=webhook.settings.max_body,
        middlewares=[guard.middleware] if guard is not None else [],
    )
    application.add_routes(
        [
            web.post("/validate", webhook.timed("validate", validate)),
            web.post("/gatekeeper", webhook.timed("gatekeeper", gatekeeper)),
            web.post("/kyverno", webhook.timed("kyverno", kyverno)),
            web.get("/healthz", _bound(webhook, healthz)),
            web.get("/readyz", _bound(webhook, readyz)),
            web.get("/metrics", _bound(webhook, metrics_page)),
        ]
    )
    return application


def health_app(webhook: Webhook, guard: ConnectionGuard) -> web.Application:
    """The health listener's routes (no request body is ever read there)."""
    application = web.Application(client_max_size=1024, middlewares=[guard.middleware])
    application.add_routes(
        [
            web.get("/healthz", _bound(webhook, healthz)),
            web.get("/readyz", _bound(webhook, readyz)),
            web.get("/metrics", _bound(webhook, metrics_page)),
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
    guard = ConnectionGuard(limits, webhook.metrics, tls=lambda: tls.context)
    runner = web.AppRunner(
        app(webhook, guard), access_log=None, handle_signals=False, shutdown_timeout=5.0,
        keepalive_timeout=limits.idle_timeout,
        # Never inflate a request body: the body pool and --max-body count wire bytes, and
        # endpoint.py refuses compressed bodies (415) before reading them anyway.
        auto_decompress=False,
        logger=ServerLog(webhook.metrics),
    )  # fmt: skip
    listener: asyncio.Server | None = None
    health_listener: asyncio.Server | None = None
    health_runner: web.AppRunner | None = None
    reloader: asyncio.Future[None] | None = None
    # Everything opened so far is closed again when a later step fails (an address in use),
    # so the error that reaches the CLI is the only thing left.
    try:
        # Workers first: the pod is not ready before it can judge.
        await webhook.verdicts.start()
        await runner.setup()
        guard.factory = runner.server
        # Not aiohttp's TCPSite: the guard wraps each connection's protocol, and admits it
        # against the cap before running its TLS handshake (connections.py).
        listener = await _listen(guard, settings.host, settings.port, "--listen", backlog=1024)
        port = int(listener.sockets[0].getsockname()[1])
        fields: dict[str, object] = {}
        if settings.health_port is not None:
            # Its own guard and cap; its connection counts stay out of /metrics (a private
            # registry), which reports review traffic.
            health_guard = ConnectionGuard(HEALTH_LIMITS, Metrics())
            health_runner = web.AppRunner(
                health_app(webhook, health_guard), access_log=None, handle_signals=False,
                shutdown_timeout=1.0,
                keepalive_timeout=HEALTH_LIMITS.idle_timeout, auto_decompress=False,
                logger=ServerLog(webhook.metrics),
            )  # fmt: skip
            await health_runner.setup()
            health_guard.factory = health_runner.server
            health_listener = await _listen(
                health_guard, settings.health_host, settings.health_port, "--health-listen"
            )
            webhook.health_port = int(health_listener.sockets[0].getsockname()[1])
            fields["health_port"] = webhook.health_port
        reloading = keep_reloading(tls, settings.tls_reload_interval, webhook.metrics)
        reloader = asyncio.ensure_future(reloading)
        webhook.ready = True
        log.info(
            "serving",
            extra={"fields": {"host": settings.host, "port": port, "mode": settings.mode,
                              "registry_failure": settings.failure,
                              "policy_hash": webhook.verdicts.policy_hash, **fields}},
        )  # fmt: skip
        if started is not None:
            started(port)
        await stop.wait()
        webhook.ready = False
        if settings.drain_seconds > 0:
            # Readiness fails first so the Service stops sending new requests here.
            await asyncio.sleep(settings.drain_seconds)
    finally:
        if reloader is not None:
            reloader.cancel()
        if listener is not None:
            listener.close()
        guard.close()
        if health_listener is not None:
            health_listener.close()
        if health_runner is not None:
            await health_runner.cleanup()
        await runner.cleanup()
        await webhook.aclose()


async def _listen(
    factory: ConnectionGuard, host: str, port: int, flag: str, *, backlog: int = 100
) -> asyncio.Server:
    try:
        return await asyncio.get_running_loop().create_server(
            factory, host, port, backlog=backlog, reuse_address=True
        )
    except OSError as error:
        # An operator's mistake (a port in use, an address not on this host), not gate's.
        why = os.strerror(error.errno) if error.errno else " ".join(str(error).split())
        raise GateError(f"cannot listen on {host}:{port} ({flag}): {why}") from None
