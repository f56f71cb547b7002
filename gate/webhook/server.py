"""The HTTPS server: admission, Gatekeeper external data, Kyverno apiCall, health and metrics.

    POST /validate    AdmissionReview v1 → AdmissionReview v1 (deadline from ?timeout=)
    POST /gatekeeper  ProviderRequest → ProviderResponse (externaldata.gatekeeper.sh)
    POST /kyverno     {"images": [...], "namespace"?, "imagePullSecrets"?, "serviceAccountName"?}
                      → {"allowed", "message", "results": [...]}
    GET  /healthz     200 while the process serves
    GET  /readyz      200 once serving, 503 while starting or draining
    GET  /metrics     Prometheus text format
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from gate.webhook.admission import (
    AdmissionError,
    AdmissionRequest,
    ImageUse,
    PodSpec,
    parse_review,
    plan,
    review_response,
)
from gate.webhook.credentials import CredentialChain, PullSecrets
from gate.webhook.decision import Decision, FailureMode, Mode, decide, describe_finding
from gate.webhook.metrics import CONTENT_TYPE, Metrics
from gate.webhook.tls import ReloadingContext, TLSError
from gate.webhook.verdicts import ImageVerdict, Verdicts

log = logging.getLogger("gate.webhook")

MiB = 1024 * 1024
GATEKEEPER_API = "externaldata.gatekeeper.sh/v1beta1"
_GATEKEEPER_APIS = frozenset({GATEKEEPER_API, "externaldata.gatekeeper.sh/v1alpha1"})
_MAX_KEYS = 256
_DURATION = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True)
class ServerSettings:
    host: str = "0.0.0.0"
    port: int = 8443
    mode: Mode = "enforce"
    failure: FailureMode = "closed"
    # The API server's timeout when a request does not say (its default is 10 s).
    default_timeout: float = 10.0
    # Answer this long before the API server's deadline, to leave time for the answer to travel.
    deadline_margin: float = 1.0
    # An AdmissionReview carries the object and, on UPDATE, the old object (etcd caps each at
    # 1.5 MiB), plus JSON overhead.
    max_body: int = 4 * MiB
    fetch_concurrency: int = 8  # images of one request fetched at a time
    tls_reload_interval: float = 2.0
    drain_seconds: float = 0.0  # not ready, still serving, before shutting down


def parse_duration(text: str) -> float | None:
    """Seconds in a Go duration (``10s``, ``1m30s``, ``500ms``); None when it is not one."""
    text = text.strip()
    if not text:
        return None
    total, pos = 0.0, 0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            return None
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    return total if pos == len(text) and total > 0 else None


def _json(data: Any, status: int = 200) -> web.Response:
    body = json.dumps(data, separators=(",", ":"))
    return web.Response(text=body, status=status, content_type="application/json")


def _error(status: int, message: str) -> web.Response:
    return _json({"error": message}, status)


class Webhook:
    """The handlers and the state they share."""

    def __init__(
        self,
        settings: ServerSettings,
        verdicts: Verdicts,
        pull_secrets: PullSecrets,
        metrics: Metrics,
    ) -> None:
        self.settings = settings
        self.verdicts = verdicts
        self.pull_secrets = pull_secrets
        self.metrics = metrics
        self.ready = False

    def app(self) -> web.Application:
        app = web.Application(client_max_size=self.settings.max_body)
        app.add_routes(
            [
                web.post("/validate", self._timed("validate", self.validate)),
                web.post("/gatekeeper", self._timed("gatekeeper", self.gatekeeper)),
                web.post("/kyverno", self._timed("kyverno", self.kyverno)),
                web.get("/healthz", self.healthz),
                web.get("/readyz", self.readyz),
                web.get("/metrics", self.metrics_page),
            ]
        )
        return app

    async def aclose(self) -> None:
        await self.verdicts.aclose()
        await self.pull_secrets.api.aclose()

    # -----------------------------------------------------------------------------------------

    def _timed(
        self, endpoint: str, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            started = time.perf_counter()
            self.metrics.in_flight.inc()
            try:
                return await handler(request)
            finally:
                self.metrics.in_flight.dec()
                self.metrics.latency.labels(endpoint).observe(time.perf_counter() - started)

        return wrapped

    def _budget(self, request: web.Request) -> float:
        """Seconds this request may take: the API server's ?timeout= minus a margin."""
        timeout = parse_duration(request.query.get("timeout", ""))
        timeout = timeout if timeout is not None else self.settings.default_timeout
        return max(0.05, timeout - min(self.settings.deadline_margin, timeout * 0.2))

    async def _body(self, request: web.Request, endpoint: str) -> bytes | web.Response:
        try:
            return await request.read()
        except web.HTTPRequestEntityTooLarge:
            self.metrics.requests.labels(endpoint, "invalid", "false").inc()
            limit = self.settings.max_body
            return _error(413, f"request body larger than {limit} bytes")

    async def _judge_all(
        self, images: Sequence[str], chain: CredentialChain | None, deadline: float
    ) -> dict[str, ImageVerdict]:
        """Every image's verdict, concurrently; what is not done by `deadline` is an error."""
        unique = list(dict.fromkeys(images))
        gate = asyncio.Semaphore(self.settings.fetch_concurrency)

        async def one(image: str) -> ImageVerdict:
            async with gate:
                return await self.verdicts.judge(image, chain, deadline=deadline)

        tasks = {image: asyncio.ensure_future(one(image)) for image in unique}
        loop = asyncio.get_running_loop()
        budget = max(0.0, deadline - loop.time())
        done: set[asyncio.Future[ImageVerdict]] = set()
        pending: set[asyncio.Future[ImageVerdict]] = set()
        if tasks:
            done, pending = await asyncio.wait(tasks.values(), timeout=budget)
        for task in pending:
            task.cancel()
        if pending:
            self.metrics.deadline_exceeded.inc()
        results: dict[str, ImageVerdict] = {}
        for image, task in tasks.items():
            if task in done and task.exception() is None:
                results[image] = task.result()
            elif task in done:
                error = task.exception()
                log.error(
                    "judging failed",
                    exc_info=error,
                    extra={"fields": {"image": image}},
                )
                # The gate's own failure, not the image's: a system error, open under fail-open.
                results[image] = ImageVerdict(
                    image, image, error=f"internal error: {type(error).__name__}: {error}",
                    transient=True,
                )  # fmt: skip
            else:
                results[image] = ImageVerdict(
                    image, image, error="not judged before the API server's deadline",
                    transient=True,
                )  # fmt: skip
        return results

    async def _chain(self, namespace: str, pod: PodSpec, deadline: float) -> CredentialChain:
        try:
            async with asyncio.timeout_at(deadline):
                return await self.pull_secrets.chain(namespace, pod)
        except TimeoutError:
            log.warning("pull secrets not read in time", extra={"fields": {"ns": namespace}})
            return await self.pull_secrets.chain("", pod)  # global credentials only

    # -----------------------------------------------------------------------------------------
    # Admission.

    async def validate(self, request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        deadline = asyncio.get_running_loop().time() + self._budget(request)
        body = await self._body(request, "validate")
        if isinstance(body, web.Response):
            return body
        try:
            review = parse_review(body)
        except AdmissionError as exc:
            self.metrics.requests.labels("validate", "invalid", "false").inc()
            return _error(400, exc.message)
        what = plan(review)
        if what.skip is not None or what.pod is None:
            decision = Decision(True, None, (), "skipped")
        else:
            chain = await self._chain(review.namespace, what.pod, deadline)
            verdicts = await self._judge_all([u.image for u in what.images], chain, deadline)
            decision = decide(
                what.images, verdicts, mode=self.settings.mode, failure=self.settings.failure
            )
        self._log_admission(review, what.images, decision, what.skip, started)
        self.metrics.requests.labels(
            "validate", decision.outcome, str(review.dry_run).lower()
        ).inc()
        answer = review_response(
            review.uid, decision.allowed, message=decision.message, warnings=decision.warnings
        )
        return _json(answer)

    def _log_admission(
        self,
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

    # -----------------------------------------------------------------------------------------
    # Gatekeeper external data.

    async def gatekeeper(self, request: web.Request) -> web.StreamResponse:
        deadline = asyncio.get_running_loop().time() + self._budget(request)
        body = await self._body(request, "gatekeeper")
        if isinstance(body, web.Response):
            return body
        api_version, keys, problem = _provider_request(body)
        if problem is not None:
            self.metrics.requests.labels("gatekeeper", "invalid", "false").inc()
            return _json(_provider_response(api_version, [], system_error=problem))
        chain = await self.pull_secrets.chain("", PodSpec((), (), "default"))
        verdicts = await self._judge_all(keys, chain, deadline)
        items: list[dict[str, Any]] = []
        transient: list[str] = []
        for key in keys:
            verdict = verdicts[key]
            if verdict.error is not None and verdict.transient:
                transient.append(f"{key}: {verdict.error}")
                items.append({"key": key, "value": None})
            elif verdict.error is not None:
                items.append({"key": key, "error": verdict.error})
            else:
                items.append({"key": key, "value": _image_value(verdict)})
        system_error = "; ".join(transient)
        # Gatekeeper caches idempotent answers by key: true only when no key is a movable tag.
        idempotent = not transient and all("@" in key for key in keys)
        outcome = "error" if system_error else "allowed"
        self.metrics.requests.labels("gatekeeper", outcome, "false").inc()
        return _json(
            _provider_response(api_version, items, system_error=system_error, idempotent=idempotent)
        )

    # -----------------------------------------------------------------------------------------
    # Kyverno apiCall.

    async def kyverno(self, request: web.Request) -> web.StreamResponse:
        deadline = asyncio.get_running_loop().time() + self._budget(request)
        body = await self._body(request, "kyverno")
        if isinstance(body, web.Response):
            return body
        parsed = _kyverno_request(body)
        if isinstance(parsed, str):
            self.metrics.requests.labels("kyverno", "invalid", "false").inc()
            return _error(400, parsed)
        namespace, pod = parsed
        chain = await self._chain(namespace, pod, deadline)
        verdicts = await self._judge_all([u.image for u in pod.images], chain, deadline)
        decision = decide(pod.images, verdicts, mode="enforce", failure=self.settings.failure)
        results = []
        for use in pod.images:
            verdict = verdicts[use.image]
            result: dict[str, Any] = {"image": use.image, **_image_value(verdict)}
            if verdict.error is not None:
                result["allowed"] = False
                result["error"] = verdict.error
                result["transient"] = verdict.transient
            results.append(result)
        self.metrics.requests.labels("kyverno", decision.outcome, "false").inc()
        return _json(
            {
                "allowed": decision.allowed,
                "message": decision.message or "",
                "warnings": list(decision.warnings),
                "results": results,
            }
        )

    # -----------------------------------------------------------------------------------------
    # Operations.

    async def healthz(self, request: web.Request) -> web.StreamResponse:
        return web.Response(text="ok\n")

    async def readyz(self, request: web.Request) -> web.StreamResponse:
        if not self.ready:
            return web.Response(status=503, text="not ready\n")
        return web.Response(text="ready\n")

    async def metrics_page(self, request: web.Request) -> web.StreamResponse:
        response = web.Response(body=self.metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response


# ---------------------------------------------------------------------------------------------
# Gatekeeper and Kyverno documents.


def _image_value(verdict: ImageVerdict) -> dict[str, Any]:
    use = ImageUse("container", "", verdict.image)
    denials = [describe_finding(use, verdict, p, f) for p, f in verdict.findings("deny")]
    warnings = [describe_finding(use, verdict, p, f) for p, f in verdict.findings("warn")]
    return {
        "allowed": verdict.error is None and not denials,
        "digest": verdict.digest,
        "platforms": [p.platform for p in verdict.platforms],
        "violations": denials,
        "warnings": warnings,
    }


def _provider_request(body: bytes) -> tuple[str, list[str], str | None]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return GATEKEEPER_API, [], "ProviderRequest: body is not valid JSON"
    if not isinstance(data, dict):
        return GATEKEEPER_API, [], "ProviderRequest: body is not an object"
    api_version = data.get("apiVersion")
    if api_version not in _GATEKEEPER_APIS or data.get("kind") != "ProviderRequest":
        return GATEKEEPER_API, [], (
            f"ProviderRequest: want apiVersion {GATEKEEPER_API} and kind ProviderRequest"
        )
    assert isinstance(api_version, str)
    request = data.get("request")
    keys = request.get("keys") if isinstance(request, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return api_version, [], "ProviderRequest: request.keys must be a list of strings"
    if len(keys) > _MAX_KEYS:
        return api_version, [], f"ProviderRequest: more than {_MAX_KEYS} keys"
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


def _kyverno_request(body: bytes) -> tuple[str, PodSpec] | str:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return "body is not valid JSON"
    if not isinstance(data, dict):
        return "body is not an object"
    images = data.get("images")
    if not isinstance(images, list) or not all(isinstance(i, str) and i for i in images):
        return "images must be a list of image references"
    if len(images) > _MAX_KEYS:
        return f"more than {_MAX_KEYS} images"
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


# ---------------------------------------------------------------------------------------------
# Running.


async def _reload_tls(tls: ReloadingContext, interval: float, metrics: Metrics) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            if tls.maybe_reload():
                metrics.tls_reloads.labels("ok").inc()
                log.info("serving certificate reloaded", extra={"fields": {"cert": str(tls.cert)}})
        except TLSError as exc:
            metrics.tls_reloads.labels("error").inc()
            log.error("serving certificate not reloaded", extra={"fields": {"reason": str(exc)}})


async def serve(
    webhook: Webhook,
    tls: ReloadingContext,
    *,
    stop: asyncio.Event,
    started: Callable[[int], None] | None = None,
) -> None:
    """Serve HTTPS until `stop` is set; `started` gets the bound port (for port 0)."""
    settings = webhook.settings
    runner = web.AppRunner(
        webhook.app(), access_log=None, handle_signals=False, shutdown_timeout=5.0
    )
    await runner.setup()
    site = web.TCPSite(
        runner, settings.host, settings.port, ssl_context=tls.context, backlog=1024
    )
    await site.start()
    port = int(runner.addresses[0][1])
    reloading = _reload_tls(tls, settings.tls_reload_interval, webhook.metrics)
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
        await runner.cleanup()
        await webhook.aclose()


def tls_version(text: str) -> ssl.TLSVersion:
    """``1.2`` or ``1.3`` → the minimum TLS version to accept."""
    versions: Mapping[str, ssl.TLSVersion] = {
        "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3,
    }  # fmt: skip
    if text not in versions:
        raise TLSError(f"TLS minimum version {text!r}: want 1.2 or 1.3")
    return versions[text]
