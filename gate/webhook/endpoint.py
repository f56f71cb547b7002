"""What every endpoint shares: the settings, the verdicts, the request budget and body, judging
the images of one request concurrently within its deadline."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import hdrs, web
from aiohttp.web_protocol import RequestPayloadError

from gate.webhook.admission import MAX_IMAGES, PodSpec
from gate.webhook.bodies import BodyPool, BodyTooLarge, Parser, read_body
from gate.webhook.callers import Callers
from gate.webhook.connections import ConnectionLimits
from gate.webhook.credentials import CredentialChain, PullSecrets
from gate.webhook.decision import FailureMode, Mode
from gate.webhook.metrics import Metrics
from gate.webhook.verdicts import ImageVerdict, Verdicts

log = logging.getLogger("gate.webhook")

MiB = 1024 * 1024
MAX_TIMEOUT = 30.0  # the API server's longest webhook timeout (timeoutSeconds, 1 to 30)
_DURATION = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
T = TypeVar("T")


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
    # Large bodies (bodies.py) read and parsed at once: 8 of 4 MiB.
    body_pool: int = 32 * MiB
    fetch_concurrency: int = 8  # images of one request fetched at a time
    # Distinct images one review may add, and images (keys) one Gatekeeper or Kyverno request
    # may name (admission.MAX_IMAGES).
    max_images: int = MAX_IMAGES
    connections: ConnectionLimits = field(default_factory=ConnectionLimits)
    tls_reload_interval: float = 2.0
    # A plain-HTTP listener serving only /healthz, /readyz and /metrics, for the kubelet's
    # probes (server.py); None: none.
    health_host: str = "0.0.0.0"
    health_port: int | None = None
    drain_seconds: float = 0.0  # not ready, still serving, before shutting down

    @property
    def max_values(self) -> int:
        """JSON values a body may hold: one per 10 bytes of `max_body`. The densest real
        AdmissionReviews measured hold one per 12 bytes (an UPDATE of a Deployment of 200
        containers and its managedFields: 2.1 MB, 180,000 values); 4 MiB of `[]` holds 1.4
        million, some 100 MB once parsed."""
        return self.max_body // 10


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


def _left(request: web.Request) -> bool:
    """Whether this cancel is the connection guard's for a client that left before its body
    was read (connections.py): then the request is answered as cut off, to no one, and counted.
    aiohttp marks the lost request's body with the connection's error first."""
    task = asyncio.current_task()
    if task is None or request.content.exception() is None:
        return False
    task.uncancel()
    return True


def json_response(data: Any, status: int = 200) -> web.Response:
    body = json.dumps(data, separators=(",", ":"))
    return web.Response(text=body, status=status, content_type="application/json")


def error_response(status: int, message: str) -> web.Response:
    return json_response({"error": message}, status)


def content_encodings(request: web.Request) -> list[str]:
    """The request's content codings other than identity, lowercased, as the client wrote them.

    The body pool (bodies.py) and --max-body count the bytes on the wire: a 5 KB gzip body that
    inflates to 4 MiB would pass both as 5 KB, so the webhook reads only uncompressed bodies.
    The API server, Gatekeeper and Kyverno send them uncompressed."""
    return [
        token
        for value in request.headers.getall(hdrs.CONTENT_ENCODING, ())
        for token in (part.strip().lower() for part in value.split(","))
        if token and token != "identity"
    ]


@dataclass(eq=False)
class Webhook:
    """The state the endpoints share, and what they do alike."""

    settings: ServerSettings
    verdicts: Verdicts
    pull_secrets: PullSecrets
    metrics: Metrics
    # --client-ca: the callers the review endpoints answer; None: anyone reaching the port.
    callers: Callers | None = None
    ready: bool = field(default=False, init=False)
    health_port: int | None = field(default=None, init=False)  # bound, once serving
    parser: Parser = field(default_factory=Parser, init=False)
    pool: BodyPool = field(init=False)

    def __post_init__(self) -> None:
        self.pool = BodyPool(self.settings.body_pool)

    async def aclose(self) -> None:
        self.parser.close()
        await self.verdicts.aclose()
        await self.pull_secrets.api.aclose()

    def timed(
        self,
        endpoint: str,
        handler: Callable[[Webhook, web.Request], Awaitable[web.StreamResponse]],
    ) -> Handler:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            if self.callers is not None:
                transport = request.transport
                refusal = self.callers.refusal(
                    transport.get_extra_info("peercert") if transport is not None else None
                )
                if refusal is not None:
                    self.metrics.callers_refused.labels(endpoint).inc()
                    log.warning("caller refused", extra={"fields": {
                        "endpoint": endpoint, "client": request.remote or "", "reason": refusal}})
                    return error_response(403, refusal)
            started = time.perf_counter()
            self.metrics.in_flight.inc()
            try:
                return await handler(self, request)
            finally:
                self.metrics.in_flight.dec()
                self.metrics.latency.labels(endpoint).observe(time.perf_counter() - started)

        return wrapped

    def budget(self, request: web.Request) -> float:
        """Seconds this request may take: the API server's ?timeout= minus a margin."""
        timeout = parse_duration(request.query.get("timeout", ""))
        timeout = timeout if timeout is not None else self.settings.default_timeout
        # Any client may write ?timeout=; a longer one would let it hold a connection (waiting
        # for room in the body pool, or for registries) past what the API server ever waits.
        timeout = min(timeout, MAX_TIMEOUT)
        return max(0.05, timeout - min(self.settings.deadline_margin, timeout * 0.2))

    async def parsed(
        self,
        request: web.Request,
        endpoint: str,
        deadline: float,
        parse: Callable[[bytes | bytearray], T],
        late: Callable[[bytes | bytearray], web.Response | None] | None = None,
    ) -> T | web.Response:
        """`parse` of the request's body, run on the parser thread; an error answer when the
        body is compressed, too large, comes too slowly, or finds no room or no parse before
        `deadline`. `parse` returns what the endpoint needs, so the parsed document is freed
        when it returns. `late` may answer a body whose parse missed the deadline (a denial
        naming its uid); without it, or when it returns None, the answer is 503."""
        codings = content_encodings(request)
        if codings:
            # Before anything is read: aiohttp's inflating is off too (server.py), so nothing
            # ever inflates a body.
            message = f"Content-Encoding {', '.join(codings)[:60]} not accepted: send identity"
            return self._invalid(endpoint, 415, message)
        limit = self.settings.max_body
        length = request.content_length
        if length is not None and length > limit:
            return self._invalid(endpoint, 413, f"request body larger than {limit} bytes")
        try:
            async with asyncio.timeout_at(deadline):
                taken = await self.pool.acquire(length if length is not None else limit)
        except TimeoutError:
            # Per the webhook's failurePolicy: no uid to answer with before the body is read.
            self.metrics.requests.labels(endpoint, "busy", "false").inc()
            return error_response(503, "too many large request bodies at once; try again")
        except asyncio.CancelledError:
            if not _left(request):
                raise
            return self._cut_off(endpoint)
        try:
            pace = self.settings.connections
            try:
                body = await read_body(request, limit, pace.body_deadline)
            except TimeoutError:
                message = (
                    f"request body not received within {pace.body_timeout:g} s, or slower than "
                    f"{pace.min_body_rate} bytes/s after {pace.body_grace:g} s"
                )
                slow = self._invalid(endpoint, 408, message)
                slow.force_close()  # what is left of the body is not waited for
                return slow
            except BodyTooLarge:
                return self._invalid(endpoint, 413, f"request body larger than {limit} bytes")
            except ConnectionError:
                # The client left (or reset) mid-body: an answer no one reads, not an error and
                # a traceback in the log for each one.
                return self._cut_off(endpoint)
            except asyncio.CancelledError:
                if not _left(request):
                    raise
                return self._cut_off(endpoint)
            except RequestPayloadError:
                # A malformed chunk after the headers: the client's fault, answered as such
                # rather than as a 500 with a traceback in the log.
                self.metrics.malformed_requests.labels("RequestPayloadError").inc()
                malformed = self._invalid(endpoint, 400, "request body is not well-formed HTTP")
                malformed.force_close()
                return malformed
            try:
                # Bodies queue for the one parser thread: past the deadline the API server has
                # given up, so the answer must come before it, parsed or not. A parse still
                # queued is cancelled; one under way finishes on the thread, outside the pool's
                # count (one body at most, as one parse runs at a time).
                async with asyncio.timeout_at(deadline):
                    result = await self.parser.run(parse, body)
            except TimeoutError:
                self.metrics.deadline_exceeded.inc()
                answer = late(body) if late is not None else None
                if answer is not None:
                    return answer
                self.metrics.requests.labels(endpoint, "busy", "false").inc()
                return error_response(503, "request body not parsed before the deadline")
            del body
            return result
        finally:
            self.pool.release(taken)

    def _cut_off(self, endpoint: str) -> web.Response:
        gone = self._invalid(endpoint, 400, "request body cut off")
        gone.force_close()
        return gone

    def _invalid(self, endpoint: str, status: int, message: str) -> web.Response:
        self.metrics.requests.labels(endpoint, "invalid", "false").inc()
        return error_response(status, message)

    async def judge_all(
        self,
        images: Sequence[str],
        chain: CredentialChain | None,
        deadline: float,
        tenant: str = "",
    ) -> dict[str, ImageVerdict]:
        """Every image's verdict, concurrently; what is not done by `deadline` is an error.
        `tenant`: the namespace asking, which shares the registries' slots with the others."""
        unique = list(dict.fromkeys(images))
        gate = asyncio.Semaphore(self.settings.fetch_concurrency)

        async def one(image: str) -> ImageVerdict:
            async with gate:
                return await self.verdicts.judge(image, chain, deadline=deadline, tenant=tenant)

        tasks = {image: asyncio.ensure_future(one(image)) for image in unique}
        loop = asyncio.get_running_loop()
        # Each verdict keeps the deadline itself (registry: transient; judging: lasting); the
        # grace catches what did not, still before the margin left for the answer runs out.
        grace = self.settings.deadline_margin / 4
        budget = max(0.0, deadline + grace - loop.time())
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
                # The gate's own failure: it never lowers a verdict, not even under fail-open;
                # the detail is in the log, not in the answer.
                results[image] = ImageVerdict(image, image, error="internal error")
            else:
                results[image] = ImageVerdict(
                    image, image, error="not judged before the API server's deadline"
                )
        return results

    async def chain(self, namespace: str, pod: PodSpec, deadline: float) -> CredentialChain:
        # Half of what is left, so the registries are still asked: a pod lists as many pull
        # secrets as its author likes, and 3,000 of them read until the deadline passed, which
        # --registry-failure open took for an unreachable registry and admitted the pod.
        now = asyncio.get_running_loop().time()
        try:
            async with asyncio.timeout_at(now + (deadline - now) / 2):
                return await self.pull_secrets.chain(namespace, pod)
        except TimeoutError:
            log.warning("pull secrets not read in time", extra={"fields": {"ns": namespace}})
            return await self.pull_secrets.chain("", pod)  # global credentials only
