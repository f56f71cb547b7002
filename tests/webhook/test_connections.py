"""Slow clients cannot hold the webhook: header and body time limits, a connection cap, and memory
that returns once they leave. Raw TLS sockets on loopback, a bounded number of them."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from gate.webhook.connections import ConnectionLimits
from tests.support.fault_http import Reply, fault_server
from tests.support.registry import Pki
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import DATA, GateProcess, RunningWebhook, payload, wait_until

REPO = Path(__file__).resolve().parents[2]


def _connect(port: int, context: ssl.SSLContext) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    return context.wrap_socket(raw, server_hostname="localhost")


def _closed_by_server(sock: ssl.SSLSocket, within: float) -> bool:
    """True when the server closes `sock` within `within` seconds."""
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except (ConnectionError, ssl.SSLError):
        return True
    except TimeoutError:
        return False


def _refused(port: int, context: ssl.SSLContext) -> bool:
    """True when the server closes a new connection at once: refused at the cap, before its
    TLS handshake (so the handshake fails), or right after it."""
    try:
        sock = _connect(port, context)
    except (ConnectionError, ssl.SSLError):
        return True
    try:
        return _closed_by_server(sock, 2.0)
    finally:
        sock.close()


@contextmanager
def _slow_clients(port: int, context: ssl.SSLContext, count: int) -> Iterator[list[ssl.SSLSocket]]:
    """`count` connections that have sent a request line and one header, and no more."""
    socks = []
    try:
        for _ in range(count):
            sock = _connect(port, context)
            sock.sendall(b"POST /validate HTTP/1.1\r\nHost: gate\r\n")
            socks.append(sock)
        yield socks
    finally:
        for sock in socks:
            sock.close()


def _drip(socks: list[ssl.SSLSocket], n: int) -> None:
    for sock in socks:
        try:
            sock.sendall(f"X-Drip-{n}: 1\r\n".encode())
        except OSError:
            continue  # already closed by the server


def test_a_client_sending_one_header_at_a_time_is_closed_at_the_header_timeout(
    start_webhook: WebhookFactory,
) -> None:
    limits = ConnectionLimits(header_timeout=1.0)
    hook = start_webhook(server={"connections": limits})
    with _slow_clients(hook.port, hook.client_context(), 40) as socks:
        started = time.monotonic()
        # A header every 0.3 s, each of which would reset a per-read timeout, until the server
        # has cut every connection, for at most 5 s (5 times the limit: room for a loaded
        # machine, none for a timeout the drips keep renewing).
        n = 0
        while (
            hook.sample("gate_connections_timed_out_total") < 40
            and time.monotonic() - started < 5.0
        ):
            time.sleep(0.3)
            _drip(socks, n)
            n += 1
        assert hook.sample("gate_connections_timed_out_total") == 40, "not cut while sending"
        assert all(_closed_by_server(sock, 2.0) for sock in socks)
    with hook.client() as client:
        assert client.get("/healthz").status_code == 200


def test_connections_that_never_begin_their_tls_handshake_count_against_the_cap(
    start_webhook: WebhookFactory,
) -> None:
    """Before, a connection counted only once its handshake was done: each in its handshake
    holds asyncio's 256 KiB buffer, and 2,000 that never began one (opened in 0.1 s) held
    600 MB until the handshake timeout."""
    limits = ConnectionLimits(max_connections=10, header_timeout=120.0)
    hook = start_webhook(server={"connections": limits})
    held = [socket.create_connection(("127.0.0.1", hook.port), timeout=10) for _ in range(50)]
    try:
        # Each one past the cap took the place of the one waiting longest.
        assert wait_until(lambda: hook.sample("gate_connections_evicted_total") == 40)
        assert hook.sample("gate_connections_open") == 10
        with hook.client() as client:
            assert client.get("/healthz").status_code == 200
        assert hook.sample("gate_connections_refused_total") == 0
    finally:
        for sock in held:
            sock.close()


def test_a_body_that_does_not_arrive_is_answered_408_at_the_body_timeout(
    start_webhook: WebhookFactory,
) -> None:
    hook = start_webhook(server={"connections": ConnectionLimits(body_timeout=0.5)})
    sock = _connect(hook.port, hook.client_context())
    try:
        sock.sendall(
            b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"apiVersion":'
        )
        sock.settimeout(3.0)
        started = time.monotonic()
        answer = sock.recv(4096)
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < 2.0


def _connect_from(source: str, port: int, context: ssl.SSLContext) -> ssl.SSLSocket:
    """As _connect, from another loopback address (all of 127/8 is this host's)."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    return context.wrap_socket(raw, server_hostname="localhost")


def _judged(port: int, context: ssl.SSLContext, registry: str, n: int) -> ssl.SSLSocket:
    """A connection whose request is being judged: the whole review is in, its image (its own,
    so that each request fetches) on a registry that never answers (for the request's 20 s).
    Two namespaces take turns: one namespace fetches at most half of the images at once."""
    body = payload("pod-create.json", registry)
    body["request"]["namespace"] = f"team-{n % 2}"
    spec = body["request"]["object"]["spec"]
    for key in ("initContainers", "ephemeralContainers", "volumes"):
        spec.pop(key, None)
    spec["containers"] = [{"name": "app", "image": f"{registry}/gate/slow:{n}"}]
    data = json.dumps(body).encode()
    sock = _connect(port, context)
    sock.sendall(
        b"POST /validate?timeout=20s HTTP/1.1\r\nHost: gate\r\n"
        b"Content-Type: application/json\r\n"
        + f"Content-Length: {len(data)}\r\n\r\n".encode() + data
    )
    return sock


# Requests held being judged; at most 8 fetches run at once (Verdicts), 4 per namespace, so
# 8 of them fetch, from two namespaces.
_HELD = 8


@contextmanager
def _hanging_registry() -> Iterator[str]:
    with fault_server() as fault:
        for n in range(_HELD):
            fault.route(f"/v2/gate/slow/manifests/{n}", Reply(hang=True))
        yield fault.host


def _trickling(port: int, context: ssl.SSLContext, source: str) -> ssl.SSLSocket:
    """A connection whose request is under way, its body trickled: one byte of 1000 so far."""
    sock = _connect_from(source, port, context)
    sock.sendall(
        b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n{"
    )
    return sock


def _idle(port: int, context: ssl.SSLContext, source: str) -> ssl.SSLSocket:
    """A connection still sending its headers: one byte so far."""
    sock = _connect_from(source, port, context)
    sock.sendall(b"P")
    return sock


def test_a_body_trickled_below_the_minimum_rate_is_answered_408_after_the_grace(
    start_webhook: WebhookFactory,
) -> None:
    """A byte every 0.1 s renews any per-read timeout; the average rate is what is held to."""
    limits = ConnectionLimits(body_timeout=60.0, body_grace=0.5)
    hook = start_webhook(server={"connections": limits})
    sock = _connect(hook.port, hook.client_context())
    answer = b""
    try:
        sock.sendall(
            b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        started = time.monotonic()
        sock.settimeout(0.1)
        # Well before the body timeout (60 s); the grace is 0.5 s: room for a loaded machine.
        while not answer and time.monotonic() - started < 10.0:
            with suppress(TimeoutError):
                answer = sock.recv(4096)
            with suppress(OSError):
                sock.sendall(b" ")
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
    assert hook.sample("gate_requests_total", endpoint="validate", outcome="invalid") == 1


# Attackers holding the whole cap: from one address, or each from its own.
_SOURCES = {
    "one address": ["127.0.0.1"] * 10,
    "many addresses": [f"127.0.0.{n}" for n in range(2, 12)],
}


@pytest.mark.parametrize("kind", ["trickled bodies", "idle"])
@pytest.mark.parametrize("addresses", sorted(_SOURCES))
def test_a_cap_held_by_slow_clients_does_not_refuse_or_evict_a_burst_of_prompt_reviews(
    start_webhook: WebhookFactory, images: Images, kind: str, addresses: str
) -> None:
    """Before, connections whose bodies came a byte at a time counted as requests under way:
    the cap full of them, every review was refused until the body timeout. Now a new
    connection takes the place of the one keeping the server waiting longest; the API server's
    own burst from one address (here 127.0.0.1) is the freshest, and never evicted."""
    # Time limits longer than the test: only eviction may close an attacker's connection. The
    # burst is told apart by being the freshest; with the default prompt_within (1 s) a loaded
    # machine could hold one of its connections past it before reading its headers.
    limits = ConnectionLimits(
        max_connections=10, header_timeout=120.0, body_timeout=120.0, body_grace=120.0,
        prompt_within=30.0,
    )  # fmt: skip
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    opener = _trickling if kind == "trickled bodies" else _idle
    held = [opener(hook.port, context, source) for source in _SOURCES[addresses]]
    try:
        # The server holds all ten, and (bodies) has seen every request's headers.
        assert wait_until(lambda: hook.sample("gate_connections_open") == 10)
        if kind == "trickled bodies":
            assert wait_until(lambda: hook.sample("gate_requests_in_flight") == 10)
        body = payload("pod-create.json", images.host)
        burst = 6
        with ThreadPoolExecutor(max_workers=burst) as pool:
            answers = list(pool.map(lambda _: hook.review(body), range(burst)))
        assert [answer["allowed"] for answer in answers] == [False] * burst
        # One attacker's connection for each of the burst's, none of the burst's own.
        assert hook.sample("gate_connections_evicted_total") == burst
        assert hook.sample("gate_connections_refused_total") == 0
        assert sum(_closed_by_server(sock, 0.5) for sock in held) == burst
    finally:
        for sock in held:
            sock.close()


def _not_reading(port: int, context: ssl.SSLContext) -> ssl.SSLSocket:
    """A connection that pipelines requests for /metrics and reads none of the answers, until
    the server has stopped reading its requests (blocked writing answers)."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: it counts
    raw.settimeout(10)
    raw.connect(("127.0.0.1", port))
    sock = context.wrap_socket(raw, server_hostname="localhost")
    sock.setblocking(False)
    requests = b"GET /metrics HTTP/1.1\r\nHost: gate\r\n\r\n" * 50
    blocked_since = None
    # Until sending has been blocked for a second (the server reads no more), at most 60 s.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            sock.send(requests)
            blocked_since = None
        except (ssl.SSLWantWriteError, BlockingIOError):
            blocked_since = blocked_since or time.monotonic()
            if time.monotonic() - blocked_since > 1.0:
                return sock
            time.sleep(0.02)
        except (ssl.SSLEOFError, ConnectionError):
            return sock  # cut off already (a short send timeout)
    raise AssertionError("the server kept reading requests whose answers were not read")


def test_a_client_that_does_not_read_its_answers_is_cut_off_at_the_send_timeout(
    start_webhook: WebhookFactory,
) -> None:
    """Before, aiohttp waited forever to write the answer, the connection busy: a few such
    clients held the cap for good."""
    limits = ConnectionLimits(send_timeout=1.0, header_timeout=120.0, idle_timeout=120.0)
    hook = start_webhook(server={"connections": limits})
    sock = _not_reading(hook.port, hook.client_context())
    try:
        assert wait_until(lambda: hook.sample("gate_connections_timed_out_total") == 1)
        assert wait_until(lambda: hook.sample("gate_connections_open") == 0)
    finally:
        sock.close()


def test_a_cap_held_by_clients_not_reading_their_answers_does_not_shut_out_others(
    start_webhook: WebhookFactory,
) -> None:
    # Time limits longer than the test: only eviction may close a held connection.
    limits = ConnectionLimits(
        max_connections=3, send_timeout=120.0, header_timeout=120.0, idle_timeout=120.0
    )
    hook = start_webhook(server={"connections": limits})
    held = [_not_reading(hook.port, hook.client_context()) for _ in range(3)]
    try:
        with hook.client() as client:
            assert client.get("/healthz").status_code == 200
        assert hook.sample("gate_connections_evicted_total") == 1
        assert hook.sample("gate_connections_refused_total") == 0
    finally:
        for sock in held:
            sock.close()


def test_connections_past_the_cap_are_closed_at_once_when_every_one_is_being_judged(
    start_webhook: WebhookFactory,
) -> None:
    limits = ConnectionLimits(max_connections=_HELD)
    with _hanging_registry() as registry:
        hook = start_webhook(
            server={"connections": limits}, insecure_registries=(registry,),
            registry_timeout=30.0,
        )  # fmt: skip
        context = hook.client_context()
        held = [_judged(hook.port, context, registry, n) for n in range(_HELD)]
        # Every request's body is in (else one is still idle or arriving, and is evicted).
        assert wait_until(lambda: hook.sample("gate_requests_in_flight") == _HELD)
        assert wait_until(lambda: _bodies_in(hook) == _HELD)
        assert _refused(hook.port, context)
        for sock in held:
            sock.close()
        # Every one is gone (else the next connection finds the cap still full of busy ones).
        assert wait_until(lambda: hook.sample("gate_connections_open") == 0)
        with hook.client() as client:
            assert client.get("/healthz").status_code == 200
        assert hook.metric("gate_connections_refused_total") == 1


def _bodies_in(hook: RunningWebhook) -> int:
    """Requests past reading their body: each has looked its image up before fetching it."""
    return int(hook.sample("gate_cache_lookups_total", cache="error", result="miss"))


def test_idle_connections_filling_the_cap_do_not_shut_out_reviews_or_health_checks(
    start_webhook: WebhookFactory, images: Images
) -> None:
    """One client holding every connection, one byte sent on each: before, everyone else was
    closed at once until they timed out (10 s, renewable), /healthz and reviews included."""
    # A header time limit longer than the test: only eviction may close a held connection.
    limits = ConnectionLimits(max_connections=10, header_timeout=120.0)
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    held = [_connect(hook.port, context) for _ in range(10)]
    for sock in held:
        sock.sendall(b"P")
    # The server holds all ten (its end of a handshake may finish after the client's).
    assert wait_until(lambda: hook.sample("gate_connections_open") == 10)
    try:
        with hook.client() as client:
            assert client.get("/healthz").status_code == 200
        response = hook.review(payload("pod-create.json", images.host))
        assert response["allowed"] is False
        assert hook.metric("gate_connections_evicted_total") >= 1
        assert hook.metric("gate_connections_refused_total") == 0
        # The idle client lost its oldest connections, not its latest.
        assert _closed_by_server(held[0], 2.0)
        assert not _closed_by_server(held[-1], 0.2)
    finally:
        for sock in held:
            sock.close()


def test_the_health_listener_answers_while_reviews_hold_every_connection(
    start_webhook: WebhookFactory,
) -> None:
    with _hanging_registry() as registry:
        hook = start_webhook(
            server={"connections": ConnectionLimits(max_connections=_HELD),
                    "health_port": 0,
                    "health_host": "127.0.0.1"},
            insecure_registries=(registry,), registry_timeout=30.0,
        )  # fmt: skip
        context = hook.client_context()
        held = [_judged(hook.port, context, registry, n) for n in range(_HELD)]
        try:
            assert wait_until(lambda: _bodies_in(hook) == _HELD)
            assert _refused(hook.port, context)  # the review cap is full
            health = f"http://127.0.0.1:{hook.health_port}"
            with httpx.Client(base_url=health, timeout=5, trust_env=False) as client:
                assert client.get("/healthz").text == "ok\n"
                assert client.get("/readyz").status_code == 200
                assert "gate_connections_refused_total 1.0" in client.get("/metrics").text
                assert client.post("/validate", content=b"{}").status_code in (404, 405)
        finally:
            for sock in held:
                sock.close()


def _keeping_pace(sock: ssl.SSLSocket, stop: threading.Event) -> None:
    """Sends 100 bytes of its body every 0.05 s (2,000 bytes/s) until told to stop or cut off."""
    while not stop.wait(0.05):
        try:
            sock.sendall(b" " * 100)
        except OSError:
            return


@pytest.mark.parametrize("addresses", sorted(_SOURCES))
def test_a_cap_held_by_bodies_keeping_the_minimum_rate_does_not_shut_out_reviews(
    start_webhook: WebhookFactory, images: Images, addresses: str
) -> None:
    """Before, a body arriving at the minimum rate could not be evicted: a client sending one
    on every connection (16 MiB/s for the default cap) had every new connection refused. A
    body under way for longer than `prompt_within` is not the API server's, which arrive at
    once; the burst's connections, fresh, are not evicted for them."""
    # Time limits longer than the test: only eviction may close an attacker's connection.
    limits = ConnectionLimits(
        max_connections=10, min_body_rate=1000, body_grace=120.0, body_timeout=120.0,
        header_timeout=120.0, prompt_within=3.0,
    )  # fmt: skip
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    held = [_connect_from(source, hook.port, context) for source in _SOURCES[addresses]]
    stop = threading.Event()
    senders: list[threading.Thread] = []
    try:
        for sock in held:
            sock.sendall(
                b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000000\r\n\r\n" + b" " * 2000
            )
        senders += [threading.Thread(target=_keeping_pace, args=(sock, stop)) for sock in held]
        for sender in senders:
            sender.start()
        assert wait_until(lambda: hook.sample("gate_requests_in_flight") == 10)
        # Every body has been arriving, at pace, for longer than prompt_within: a lower bound
        # on time passed, which a loaded machine only lengthens.
        time.sleep(limits.prompt_within + 0.5)
        body = payload("pod-create.json", images.host)
        burst = 6
        with ThreadPoolExecutor(max_workers=burst) as pool:
            answers = list(pool.map(lambda _: hook.review(body), range(burst)))
        assert [answer["allowed"] for answer in answers] == [False] * burst
        assert hook.sample("gate_connections_refused_total") == 0
        assert hook.sample("gate_connections_evicted_total") == burst
    finally:
        stop.set()
        for sender in senders:
            sender.join(10)
        for sock in held:
            sock.close()


def _read_answer(sock: ssl.SSLSocket) -> bytes:
    """One HTTP answer read off `sock` (headers and a Content-Length body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return head


def _pipelining(sock: ssl.SSLSocket, stop: threading.Event, answered: list[int]) -> None:
    """Sends prompt reviews back to back on one kept-alive connection: each body (a DELETE
    review, 2,000 bytes with its padding) in 20 pieces over some 0.4 s, well within
    prompt_within and above the minimum rate; the answer read, then the next one. Until told
    to stop or cut off (it does not reconnect)."""
    review = (DATA / "pod-delete.json").read_bytes().strip()
    body = review + b" " * (2000 - len(review))
    head = (
        b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    try:
        while not stop.is_set():
            sock.sendall(head)
            for start in range(0, len(body), 100):
                time.sleep(0.02)
                sock.sendall(body[start : start + 100])
            assert _read_answer(sock).startswith(b"HTTP/1.1 200")
            answered.append(1)
    except OSError:
        return  # evicted


def test_a_cap_held_by_clients_pipelining_prompt_reviews_does_not_evict_a_burst_of_reviews(
    start_webhook: WebhookFactory, images: Images
) -> None:
    """Before, a connection sending prompt review after prompt review never kept the server
    waiting (each body in within prompt_within, the next right after its answer): at the cap
    it was evicted only after every fresh connection, so the API server's burst of new ones
    took each other's places (a review lost each time). Now a connection older than
    `fresh_for` whose request is not being judged goes before fresh ones."""
    # Time limits longer than the test: only eviction may close an attacker's connection.
    limits = ConnectionLimits(
        max_connections=10, min_body_rate=1000, body_grace=120.0, body_timeout=120.0,
        header_timeout=120.0, idle_timeout=120.0, prompt_within=3.0, fresh_for=2.0,
    )  # fmt: skip
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    held = [_connect(hook.port, context) for _ in range(10)]
    stop = threading.Event()
    answered: list[int] = []
    senders = [threading.Thread(target=_pipelining, args=(s, stop, answered)) for s in held]
    try:
        for sender in senders:
            sender.start()
        assert wait_until(lambda: hook.sample("gate_connections_open") == 10)
        # Every connection is past fresh_for, and has had answers (it is kept alive).
        time.sleep(limits.fresh_for + 0.5)
        assert wait_until(lambda: len(answered) >= 20)
        assert hook.sample("gate_connections_evicted_total") == 0
        body = payload("pod-create.json", images.host)
        burst = 6
        with ThreadPoolExecutor(max_workers=burst) as pool:
            answers = list(pool.map(lambda _: hook.review(body), range(burst)))
        assert [answer["allowed"] for answer in answers] == [False] * burst
        assert hook.sample("gate_connections_refused_total") == 0
        # One pipelining connection for each of the burst's, none of the burst's own.
        assert hook.sample("gate_connections_evicted_total") == burst
    finally:
        stop.set()
        for sock in held:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for sender in senders:
            sender.join(10)
        for sock in held:
            sock.close()


def _review_request() -> tuple[bytes, bytes]:
    """The head and body of a prompt review (a DELETE: answered at once)."""
    body = (DATA / "pod-delete.json").read_bytes().strip()
    head = (
        b"POST /validate HTTP/1.1\r\nHost: gate\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    return head, body


def test_a_kept_alive_connection_delivering_a_review_is_not_evicted_for_fresh_idle_ones(
    start_webhook: WebhookFactory,
) -> None:
    """The API server keeps its connections alive for long: one past `fresh_for` whose review
    body is on its way was evicted before any fresh connection, so a client opening idle
    connections at the cap (no TLS, no request) cut reviews off mid-body, oldest first (a
    review lost: the failurePolicy decides). Only a connection that has spent most of its life
    receiving bodies (a pipelining client's) goes before fresh ones while its body arrives."""
    # Time limits longer than the test: only eviction may close a connection.
    limits = ConnectionLimits(
        max_connections=4, min_body_rate=1000, body_grace=120.0, body_timeout=120.0,
        header_timeout=120.0, idle_timeout=120.0, prompt_within=30.0, fresh_for=1.0,
    )  # fmt: skip
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    head, body = _review_request()
    kept = _connect(hook.port, context)
    idle: list[ssl.SSLSocket] = []
    try:
        kept.sendall(head + body)
        assert _read_answer(kept).startswith(b"HTTP/1.1 200")
        idle += [_connect(hook.port, context) for _ in range(3)]
        assert wait_until(lambda: hook.sample("gate_connections_open") == 4)
        time.sleep(limits.fresh_for + 0.5)  # the kept-alive connection is past fresh_for
        # A review on it, its body on the way (half of it in).
        kept.sendall(head + body[: len(body) // 2])
        assert wait_until(lambda: hook.sample("gate_requests_in_flight") == 1)
        idle.append(_connect(hook.port, context))  # at the cap: someone makes room
        assert wait_until(lambda: hook.sample("gate_connections_evicted_total") == 1)
        kept.sendall(body[len(body) // 2 :])
        kept.settimeout(10)
        assert _read_answer(kept).startswith(b"HTTP/1.1 200")
        assert hook.sample("gate_connections_refused_total") == 0
    finally:
        kept.close()
        for sock in idle:
            sock.close()


def test_a_kept_alive_connection_between_prompt_reviews_is_not_evicted_for_fresh_idle_ones(
    start_webhook: WebhookFactory,
) -> None:
    """An API server connection past `fresh_for` between reviews went before every fresh
    connection, so a client opening idle connections at the cap evicted it, the oldest,
    however briefly it had been idle (a review it writes just then is lost). It goes by how
    long it has kept the server waiting, as before: after the client's own idle ones."""
    limits = ConnectionLimits(
        max_connections=4, min_body_rate=1000, body_grace=120.0, body_timeout=120.0,
        header_timeout=120.0, idle_timeout=120.0, prompt_within=30.0, fresh_for=1.0,
    )  # fmt: skip
    hook = start_webhook(server={"connections": limits})
    context = hook.client_context()
    head, body = _review_request()
    kept = _connect(hook.port, context)
    kept.settimeout(10)
    idle: list[ssl.SSLSocket] = []
    try:
        kept.sendall(head + body)
        assert _read_answer(kept).startswith(b"HTTP/1.1 200")
        idle += [_connect(hook.port, context) for _ in range(3)]
        assert wait_until(lambda: hook.sample("gate_connections_open") == 4)
        time.sleep(limits.fresh_for + 0.5)
        kept.sendall(head + body)  # a review just answered: idle for a moment only
        assert _read_answer(kept).startswith(b"HTTP/1.1 200")
        idle.append(_connect(hook.port, context))  # at the cap: someone makes room
        assert wait_until(lambda: hook.sample("gate_connections_evicted_total") == 1)
        kept.sendall(head + body)
        assert _read_answer(kept).startswith(b"HTTP/1.1 200")
        assert hook.sample("gate_connections_refused_total") == 0
    finally:
        kept.close()
        for sock in idle:
            sock.close()


# -- memory, with `gate serve` in its own process ---------------------------------------------


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _open_connections(url: str, context: ssl.SSLContext) -> float:
    with httpx.Client(verify=context, trust_env=False) as client:
        for line in client.get(f"{url}/metrics").text.splitlines():
            if line.startswith("gate_connections_open "):
                return float(line.split()[1])
    return 0.0


# Slow clients, and the header time limit that cuts them off: every one must be connected and
# padded within it. Setting up 300 took 4.5-6.6 s on a loaded 2-core machine, past the 8 s limit
# once (the server cut the first ones while the last were still connecting: SSLEOFError on
# sendall); 150 took 2.4 s there and still hold some 45 MB.
SLOW_CLIENTS = 150
HEADER_TIMEOUT = 12


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_memory_held_by_slow_clients_returns_once_they_are_cut_off(registry_pki: Pki) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_PROXY": "*"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gate.cli", "serve", "--listen", "127.0.0.1:0",
         "--tls-cert", str(registry_pki.server_cert), "--tls-key", str(registry_pki.server_key),
         "--kube-api", "none", "--judge-workers", "1", "--header-timeout", str(HEADER_TIMEOUT),
         "--max-connections", "1000"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=REPO,
    )  # fmt: skip
    try:
        assert process.stderr is not None
        port = next(
            json.loads(line)["port"]
            for line in process.stderr
            if json.loads(line)["msg"] == "serving"
        )
        url = f"https://127.0.0.1:{port}"
        context = registry_pki.client_context()
        _open_connections(url, context)
        before = _rss_kib(process.pid)
        opened = time.monotonic()
        with _slow_clients(port, context, SLOW_CLIENTS) as socks:
            # The headers each connection may buffer: what a slow-loris makes the server hold.
            for n in range(3):
                for sock in socks:
                    sock.sendall(f"X-Pad-{n}: {'x' * 4000}\r\n".encode())
            during = _rss_kib(process.pid)
            assert time.monotonic() - opened < HEADER_TIMEOUT, "too slow to hold them all at once"
            assert all(_closed_by_server(sock, HEADER_TIMEOUT + 8.0) for sock in socks)
        # Closed on this side does not mean cleaned up on the server's yet.
        assert wait_until(lambda: _open_connections(url, context) == 1)  # only the one asking
        after = _rss_kib(process.pid)
    finally:
        process.terminate()
        process.wait(10)
    grown = during - before
    assert grown > 10_000, (before, during, after)  # 150 held connections show (KiB)
    assert after - before < grown / 2, (before, during, after)


# -- malformed HTTP ---------------------------------------------------------------------------

MALFORMED = REPO / "tests" / "data" / "webhook" / "malformed"


def _answer(port: int, context: ssl.SSLContext, request: bytes) -> bytes:
    """Send `request` on a TLS connection of its own; the server's whole answer."""
    sock = _connect(port, context)
    try:
        # The server may refuse a large request before it has read all of it; its 400 is
        # already on its way and is read below.
        with suppress(ssl.SSLEOFError, BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        sock.settimeout(5)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer
    finally:
        sock.close()


def test_malformed_requests_are_counted_and_logged_as_one_line_without_a_traceback(
    registry_pki: Pki,
) -> None:
    gate = GateProcess(registry_pki)
    try:
        requests = sorted(MALFORMED.glob("*.http"))
        assert len(requests) == 4
        for _ in range(3):  # a client sending many: the log is not flooded
            for path in requests:
                answer = _answer(gate.port, gate.context, path.read_bytes())
                assert answer.split(b"\r\n")[0].endswith(b"400 Bad Request"), path.name
        # A malformed chunk after the headers, then the client leaves: the body read inside the
        # handler fails (before: a 500 and a traceback in the log).
        sock = _connect(gate.port, gate.context)
        sock.sendall(
            b"POST /validate HTTP/1.1\r\nHost: gate\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nabcde\r\nzz\r\n"
        )
        time.sleep(0.2)
        sock.close()
        # Counted when the server reads the chunk: on a loaded machine that may come later.
        wait_until(lambda: gate.metric("gate_malformed_requests_total") >= 13)
        malformed = gate.metric("gate_malformed_requests_total")
    finally:
        gate.close()
    assert malformed == 13
    assert not [line for line in gate.lines if "Traceback" in json.dumps(line)]
    assert not [line for line in gate.lines if line["level"] in ("error", "critical")]
    [logged] = [line for line in gate.lines if line["msg"] == "malformed HTTP request refused"]
    assert logged["level"] == "warning" and logged["client"] == "127.0.0.1"
    assert logged["error"] in {"LineTooLong", "BadHttpMessage", "InvalidHeader"}


def test_a_client_that_leaves_before_its_answer_leaves_no_error_in_the_log(
    registry_pki: Pki,
) -> None:
    """Before, each such request was logged at error level with a traceback (aiohttp's
    "Error handling request": the answer was written to a closing transport)."""
    gate = GateProcess(registry_pki)
    body = (REPO / "tests" / "data" / "webhook" / "pod-create.json").read_bytes()
    try:
        head = (
            b"POST /validate?timeout=5s HTTP/1.1\r\nHost: gate\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        # Gone once the whole request is in, and gone halfway through its body.
        for request in [head + body] * 5 + [head + body[:100]] * 5:
            sock = _connect(gate.port, gate.context)
            sock.sendall(request)
            sock.close()
        # Each one answered (to no one): counted once the server is done with it.
        assert wait_until(lambda: gate.metric("gate_requests_total") >= 10)
    finally:
        gate.close()
    assert not [line for line in gate.lines if line["level"] in ("error", "critical")]
    assert not [line for line in gate.lines if "Traceback" in json.dumps(line)]


def test_requests_whose_clients_leave_while_waiting_for_the_body_pool_end_with_them(
    start_webhook: WebhookFactory,
) -> None:
    """Before, aiohttp left such a request's handler waiting for room in the pool until its
    deadline (here 30 s), no longer counted at the cap: any client could open, send the
    headers of a large body and leave, without bound (300 such held 130 MB)."""
    limits = ConnectionLimits(body_timeout=120.0, body_grace=120.0)
    hook = start_webhook(server={"connections": limits, "body_pool": 1024 * 1024})
    context = hook.client_context()
    head = b"POST /validate?timeout=30s HTTP/1.1\r\nHost: gate\r\nContent-Length: %d\r\n\r\n"
    # A body that never arrives holds the whole pool.
    holder = _connect(hook.port, context)
    try:
        holder.sendall(head % (1024 * 1024))
        assert wait_until(lambda: hook.sample("gate_requests_in_flight") == 1)
        leaving = []
        for n in range(2, 7):
            sock = _connect(hook.port, context)
            leaving.append(sock)
            sock.sendall(head % (2 * 1024 * 1024))
            # Its headers are in: the request waits for the pool.
            assert wait_until(lambda: hook.sample("gate_requests_in_flight") == n)  # noqa: B023
        for sock in leaving:
            sock.close()
        # Well within the requests' deadline (29 s), which ended them before.
        assert wait_until(lambda: hook.sample("gate_requests_in_flight") == 1, seconds=10.0)
        # Each answered as a body cut off (to no one).
        assert hook.sample("gate_requests_total", endpoint="validate", outcome="invalid") == 5
        assert hook.sample("gate_connections_open") == 1
    finally:
        holder.close()
