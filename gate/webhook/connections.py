"""Connections the webhook holds: capped in number, each bounded in time.

A client that opens many connections and sends one header line every few seconds (slow-loris)
would otherwise keep every one of them, and their buffers, forever: aiohttp has no time limit
on reading a request's headers. So:

- a connection counts against the cap from the moment it is accepted, before its TLS
  handshake: asyncio gives each handshake a 256 KiB buffer, and 2,000 connections that never
  began one (opened in 0.1 s) held 600 MB when the handshake came first (create_server's ssl);
- the TLS handshake and then the request line and headers must arrive within
  `header_timeout` of the connection (or of the previous answer on a kept-alive connection,
  plus `idle_timeout`), else it is closed;
- an answer must be written within `send_timeout` (the client reads it);
- the body must arrive within `body_timeout`, and, after `body_grace`, at `min_body_rate`
  on average (endpoint.py reads it under that limit; as Apache's mod_reqtimeout MinRate);
- at most `max_connections` connections are served at once. One more takes the place of a
  connection that keeps the server waiting: idle (no request under way: in its handshake,
  still sending its headers, or kept alive between requests; waiting since it came or was
  last answered), or
  not reading its answer (waiting since the answer began), or
  receiving its body behind `min_body_rate` (waiting for as long as it is behind that pace,
  counted from its headers without the grace: at the cap nobody waits for a slow body; a body
  waiting for room in the body pool counts as not arriving). Among those that have kept it
  waiting longer than `prompt_within`, the client address holding the most goes first, then
  the one waiting longest; with none such, a body arriving (at any pace) for longer than
  `prompt_within`, the longest first (the API server's arrive at once); then a connection
  older than `fresh_for` that has spent most of its life receiving bodies, between requests
  or its body arriving, the oldest first; then the one waiting longest; then the body
  arriving longest.
  Only when every connection has a request being judged (its body all in) is the new one
  closed at once. So one client holding the cap with
  idle connections (one byte sent on each), bodies it trickles or bodies it keeps at the
  minimum rate, from one address or many, cannot shut others out, and the API server, whose
  connections send their headers and bodies at once, is never refused for it nor loses a
  burst of new connections from its one address (they are the freshest); a kept-alive
  connection it loses is one its HTTP client reopens. Nor does a client that pipelines prompt
  requests on kept-alive connections (each body in within `prompt_within`, the next one
  after it): by the rules before, such a connection never kept the server waiting, so at the
  cap the API server's fresh connections went before it. Past `fresh_for` it goes before
  them, whatever its pace; it may stay fresh only by reconnecting, and each new connection
  at the cap takes someone's place by these rules. The API server's own kept-alive connections age
  too, but its bodies arrive in milliseconds, a sliver of its life: it is not taken for
  the pipelining client's, else any client opening idle connections at the cap would evict
  the oldest first, mid-review or just as the API server sends its next one. Not nginx's
  keepalive_time (closing a connection after its answer once it is that old): the
  pipelining client would reconnect into the freed place, fresh again, with nothing evicted
  for it.

The API server gives up on a webhook after at most 30 s (10 s by default), so none of these
limits cut a request it still waits for.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import logging
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.streams import StreamReader

from gate.webhook.metrics import Metrics

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# After this many connections closed, hand freed heap pages back to the system (see _trim).
_TRIM_EVERY = 64


def _malloc_trim() -> Callable[[], None]:
    # glibc keeps freed heap memory for reuse; a burst of connections (TLS and parser buffers,
    # some 300 KiB each) would otherwise stay resident after they close. Not glibc: no-op.
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is None:
        return lambda: None

    def run() -> None:
        trim(0)

    return run


_trim = _malloc_trim()


@dataclass(frozen=True)
class ConnectionLimits:
    # Each TLS connection holds asyncio's 256 KiB read buffer: 256 of them, some 64 MiB.
    max_connections: int = 256
    header_timeout: float = 10.0  # TLS handshake, then request line and headers
    body_timeout: float = 10.0
    idle_timeout: float = 30.0  # a kept-alive connection between two requests
    # The pace a body must keep. The API server, Gatekeeper and Kyverno send theirs at once
    # over the cluster network (MB/s); a 4 MiB body must average 420 KB/s to beat
    # `body_timeout` anyway. This cuts a small body trickled a byte at a time after the grace,
    # not at the body timeout.
    min_body_rate: int = 64 * 1024  # bytes per second
    body_grace: float = 2.0
    send_timeout: float = 10.0  # writing one answer
    # A prompt client sends its headers and body within milliseconds of connecting.
    prompt_within: float = 1.0
    # At the cap, the API server's burst of new connections is told apart by being the
    # freshest; a connection older than this may be evicted before them unless its request is
    # being judged (module's text).
    fresh_for: float = 10.0

    def body_deadline(self, started: float, received: int) -> float:
        """When a body being read since `started`, `received` bytes of it in, is too late."""
        paced = started + self.body_grace + received / self.min_body_rate
        return min(started + self.body_timeout, paced)


def _abort(transport: asyncio.BaseTransport) -> None:
    # Abort, not close: close would first flush what is buffered to a client that may not read.
    if isinstance(transport, asyncio.WriteTransport):
        transport.abort()
    else:
        transport.close()


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, with a timer until its headers are in."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.transport: asyncio.BaseTransport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._open = False  # counted against the cap
        self._served = False  # aiohttp's protocol has the connection (after any handshake)
        self._early: list[bytes] = []
        self._early_eof = False
        self.busy = False  # a request's headers are in and it is not answered yet
        self.busy_since = 0.0  # loop time the request's headers were in
        self.idle_since = 0.0  # loop time it came, or its last answer was sent
        self.opened = 0.0  # loop time it was accepted
        # Seconds its requests' bodies took to arrive, those all in (ConnectionGuard.evict).
        self.receiving = 0.0
        self.body_in = False  # the request's body was all in, and counted
        self.body: StreamReader | None = None  # the request's body, while busy
        self.task: asyncio.Task[object] | None = None  # the request's handler, while busy
        self.sending_since: float | None = None  # loop time its answer began to be written
        self.client = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # The plain connection, at accept: admitted against the cap before any TLS.
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.client = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if len(self.guard.open) >= self.guard.limits.max_connections and not self.guard.evict():
            self.guard.metrics.connections_refused.inc()
            _abort(transport)
            return
        self._open = True
        self.opened = self.idle_since = asyncio.get_running_loop().time()
        self.guard.open[transport] = self
        self.guard.metrics.connections.set(len(self.guard.open))
        self.arm(self.guard.limits.header_timeout)
        if self.guard.tls is None:
            self._served = True
            self.inner.connection_made(transport)
            return
        assert isinstance(transport, asyncio.Transport)
        # Nothing is read before the handshake takes the connection over.
        transport.pause_reading()
        handshake = asyncio.get_running_loop().create_task(self._handshake(transport))
        self.guard.handshakes.add(handshake)
        handshake.add_done_callback(self.guard.handshakes.discard)

    async def _handshake(self, plain: asyncio.Transport) -> None:
        tls = self.guard.tls
        assert tls is not None
        secure = None
        # Evicted or gone before its turn came: no handshake (each holds 256 KiB).
        if self._open and not plain.is_closing():
            # Failed, timed out, closed by the client, evicted or timed out here meanwhile.
            with contextlib.suppress(OSError, TimeoutError, ssl.SSLError, asyncio.CancelledError):
                secure = await asyncio.get_running_loop().start_tls(
                    plain, self, tls(), server_side=True,
                    ssl_handshake_timeout=self.guard.limits.header_timeout,
                )  # fmt: skip
        if secure is None or not self._open:
            _abort(plain)
            self._forget()
            return
        self.guard.open.pop(plain, None)
        self.transport = secure
        self.guard.open[secure] = self
        self._served = True
        self.inner.connection_made(secure)
        early, self._early = self._early, []
        for data in early:
            self.inner.data_received(data)
        if self._early_eof and not self.inner.eof_received():
            secure.close()

    def arm(self, seconds: float) -> None:
        """Close the connection unless a request's headers are in within `seconds`."""
        self.disarm()
        self._timer = asyncio.get_running_loop().call_later(seconds, self._expire)

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        self.guard.metrics.connections_timed_out.inc()
        if self.transport is not None:
            _abort(self.transport)

    def data_received(self, data: bytes) -> None:
        if self._served:
            self.inner.data_received(data)
            body = self.body
            if self.busy and not self.body_in and body is not None and body.is_eof():
                self.body_in = True
                self.receiving += asyncio.get_running_loop().time() - self.busy_since
        elif self._open:
            # Decrypted before _handshake resumed to hand the connection over: a loop turn's
            # worth of reads at most.
            self._early.append(data)

    def eof_received(self) -> bool | None:
        if self._served:
            return self.inner.eof_received()
        self._early_eof = self._open
        return None

    def pause_writing(self) -> None:
        if self._served:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self._served:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._served:
            # The plain connection, lost before its handshake took it over (_handshake then
            # fails and forgets it).
            self._forget()
            return
        self._served = False
        self._forget()
        self.inner.connection_lost(exc)
        if self.task is not None and self.body is not None and not self.body.at_eof():
            # Its body can never be read now. aiohttp leaves the handler running (no handler
            # cancellation): one waiting for room in the body pool waited out the deadline (up
            # to 30 s), uncounted by the cap, so any client could open, send headers and
            # leave without bound (300 such held 130 MB). The endpoint answers the cancel as
            # a body cut off (endpoint._left). A request whose body was read goes on to its
            # verdict, which the API server's retry finds in the cache.
            self.task.cancel()
        # A lost connection's buffers (asyncio's 256 KiB) are not kept by a request that goes on.
        self.transport = None

    def _forget(self) -> None:
        self.disarm()
        if not self._open:
            return
        self._open = False
        if self.transport is not None:
            self.guard.open.pop(self.transport, None)
        self.guard.metrics.connections.set(len(self.guard.open))
        self.guard.closed()


class ConnectionGuard:
    """Wraps aiohttp's protocol factory (see the module's text); `middleware` marks the moment a
    request's headers are in."""

    def __init__(
        self,
        limits: ConnectionLimits,
        metrics: Metrics,
        tls: Callable[[], ssl.SSLContext] | None = None,
    ) -> None:
        # aiohttp's protocol factory (the runner's server), once the runner is set up.
        self.factory: Callable[[], asyncio.Protocol] | None = None
        self.limits = limits
        self.metrics = metrics
        # The server's TLS context (asked at each handshake), None for plain HTTP: the guard
        # runs the handshake itself, after admitting the connection.
        self.tls = tls
        self.open: dict[asyncio.BaseTransport, _Guarded] = {}
        self.handshakes: set[asyncio.Task[None]] = set()
        self._closed = 0

    def close(self) -> None:
        """Ends handshakes under way (at shutdown: aiohttp does not know those connections)."""
        for handshake in list(self.handshakes):
            handshake.cancel()

    def closed(self) -> None:
        """Counts closed connections; once in a while, and when the burst is over, trims."""
        self._closed += 1
        if self._closed >= _TRIM_EVERY or (self._closed >= 8 and len(self.open) <= 1):
            self._closed = 0
            # After the protocol's own cleanup (the loop's next turn), so its buffers are free.
            asyncio.get_running_loop().call_soon(_trim)

    def __call__(self) -> asyncio.Protocol:
        assert self.factory is not None, "the runner is not set up"
        return _Guarded(self, self.factory())

    def evict(self) -> bool:
        """Closes the connection that keeps the server waiting most, to make room for a new
        one (see the module's text); False when none does."""
        now = asyncio.get_running_loop().time()
        waited = {g: w for g in self.open.values() if (w := self._waited(g, now)) is not None}
        slow = [g for g, w in waited.items() if w > self.limits.prompt_within]
        # Bodies keeping pace, by how long they have been arriving. The pace alone let a client
        # hold the cap: bodies at 64 KiB/s on every connection (16 MiB/s for 256), pipelined
        # one after another, and every new connection was refused. The API server's bodies
        # arrive at once (a few ms): one under way longer than `prompt_within` is not its.
        arriving = {
            g: now - g.busy_since
            for g in self.open.values()
            if g not in waited and g.sending_since is None and self._arriving(g)
        }
        long = [g for g, age in arriving.items() if age > self.limits.prompt_within]
        # Between requests or receiving a body, however promptly: a client pipelining prompt
        # requests is in one of these states at almost every moment, and was never evicted
        # before fresh connections (the API server's burst) for it.
        # Only a connection that has spent most of its life receiving bodies (the pipelining
        # client's): the API server's kept-alive connections are old too, and any client
        # opening idle connections at the cap evicted them first, the oldest: one whose body
        # was arriving (a review lost), or one between requests just as the API server wrote
        # its next (lost too: a POST is not sent again).
        worn = [
            g
            for g in self.open.values()
            if now - g.opened > self.limits.fresh_for
            and g.sending_since is None
            and (not g.busy or self._arriving(g))
            and self._mostly_receiving(g, now)
        ]
        if slow:
            held = Counter(g.client for g in slow)
            victim = max(slow, key=lambda g: (held[g.client], waited[g]))
        elif long:
            # Before fresh connections, which may be the API server's burst.
            victim = max(long, key=arriving.__getitem__)
        elif worn:
            victim = min(worn, key=lambda g: g.opened)
        elif waited:
            victim = max(waited, key=waited.__getitem__)
        elif arriving:
            # Rather than refuse the new connection (a review lost for certain): the body
            # arriving longest, which is not the API server's unless each other one is younger.
            victim = max(arriving, key=arriving.__getitem__)
        else:
            return False
        self.metrics.connections_evicted.inc()
        if victim.transport is not None:
            # Out of the count now: its connection_lost comes on a later turn of the loop.
            self.open.pop(victim.transport, None)
            _abort(victim.transport)
        return True

    @classmethod
    def _mostly_receiving(cls, guarded: _Guarded, now: float) -> bool:
        """Its requests' bodies, one arriving now included, took over half its life."""
        receiving = guarded.receiving
        if cls._arriving(guarded):
            receiving += now - guarded.busy_since
        return 2 * receiving > now - guarded.opened

    @staticmethod
    def _arriving(guarded: _Guarded) -> bool:
        """Whether its request's body is still arriving (not yet all in)."""
        body = guarded.body
        return guarded.busy and body is not None and not body.is_eof()

    def _waited(self, guarded: _Guarded, now: float) -> float | None:
        """How long the server has been kept waiting by this connection: idle, since it came or
        was answered; receiving a body, for as long as the body is behind `min_body_rate`.
        None when it may not be evicted: its request is being judged, or its body keeps pace."""
        if not guarded.busy:
            return now - guarded.idle_since
        if guarded.sending_since is not None:
            # An answer fits the socket's buffers at once unless the client does not read.
            return now - guarded.sending_since
        if guarded.body is None or not self._arriving(guarded):
            return None
        behind = now - guarded.busy_since - guarded.body.total_bytes / self.limits.min_body_rate
        return behind if behind > 0 else None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        guarded = self.open.get(request.transport) if request.transport is not None else None
        if guarded is not None:
            guarded.disarm()
            guarded.busy = True
            guarded.busy_since = asyncio.get_running_loop().time()
            guarded.body = request.content
            guarded.body_in = request.content.is_eof()  # all in with its headers: no time
            guarded.task = asyncio.current_task()
        try:
            response = await handler(request)
            if guarded is not None and not response.prepared:
                # Sent here: aiohttp would write it after this returns, and until its last
                # byte is out the connection is busy (an idle one may be evicted at the cap,
                # losing the API server's answer).
                await self._send(guarded, request, response)
            return response
        finally:
            if guarded is not None:
                guarded.busy = False
                guarded.body = None
                guarded.task = None
                guarded.idle_since = asyncio.get_running_loop().time()
            if guarded is not None and guarded.transport is not None:
                # Kept alive: the next request's headers within the idle time.
                guarded.arm(self.limits.idle_timeout + self.limits.header_timeout)

    async def _send(
        self, guarded: _Guarded, request: web.Request, response: web.StreamResponse
    ) -> None:
        """Writes the answer within `send_timeout`; a client that does not read it (answers
        to requests it pipelines, never read) is cut off, as nginx's send_timeout does:
        aiohttp would wait for it forever, its connection busy."""
        guarded.sending_since = asyncio.get_running_loop().time()
        try:
            async with asyncio.timeout(self.limits.send_timeout):
                await response.prepare(request)
                await response.write_eof()
        except TimeoutError:
            self.metrics.connections_timed_out.inc()
            if guarded.transport is not None:
                _abort(guarded.transport)
        except ConnectionError:
            # The client left before its answer: nothing to send it (aiohttp, writing the
            # answer itself, ignores this too; raised here it was an error and a traceback
            # in the log for every such request).
            pass
        finally:
            guarded.sending_since = None


class ServerLog(logging.Logger):
    """The logger aiohttp's request handler writes to (passed to the runner as `logger`).

    aiohttp logs a request it cannot parse (a header line over 8 KB, too many headers, a
    negative Content-Length, Transfer-Encoding with Content-Length) at error level with a full
    traceback, so any client could flood the log. Here such a request is counted
    (gate_malformed_requests) and logged as one warning line without a traceback, at most one
    line per `every` seconds; the line says how many were not logged since the last one.
    Everything else goes to the "aiohttp" logger's handlers as before."""

    def __init__(self, metrics: Metrics, every: float = 10.0) -> None:
        super().__init__("aiohttp.server")
        # Not registered with logging's manager (one per server, holding its metrics): the
        # parent link makes records reach the handlers logs.configure puts on "aiohttp".
        self.parent = logging.getLogger("aiohttp")
        self.metrics = metrics
        self.every = every
        self._next = 0.0
        self._unlogged = 0

    def handle(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, HttpProcessingError):
            super().handle(record)
            return
        kind = type(error).__name__
        self.metrics.malformed_requests.labels(kind).inc()
        now = time.monotonic()
        if now < self._next:
            self._unlogged += 1
            return
        self._next = now + self.every
        client = record.args[0] if isinstance(record.args, tuple) and record.args else None
        record.fields = {
            "client": str(client),
            "error": kind,
            "detail": str(error.message)[:200],
            "not_logged_since_last": self._unlogged,
        }
        self._unlogged = 0
        record.msg, record.args = "malformed HTTP request refused", ()
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info, record.exc_text = None, None
        super().handle(record)
