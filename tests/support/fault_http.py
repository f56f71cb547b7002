"""A misbehaving registry on 127.0.0.1: scripted answers per path, for the registry client's faults.

``FaultServer`` answers each (method, path) with a ``Reply``: any status and headers, a body whose
Content-Length lies (truncated), an endless chunked body (oversized), a trickle that never ends,
or no answer at all (hang). It records every request it saw, headers included, so tests can check
what the client sent (an Authorization header after a cross-host redirect, HEAD before GET).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Seen:
    """A request the server received."""

    method: str
    path: str
    headers: Mapping[str, str]  # names in lower case


@dataclass(frozen=True)
class Reply:
    """What to answer. Only one of the misbehaviours (hang, trickle, stream) applies at a time."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_length: int | None = None  # announced instead of len(body); larger → truncated body
    stream: int = 0  # send this many filler bytes, chunked and without Content-Length
    trickle: bool = False  # announce 1 MiB, then send one byte every 0.1 s, forever
    hang: bool = False  # read the request, never answer


Responder = Reply | Callable[[Seen], Reply]


def registry_error(status: int, code: str, message: str, **headers: str) -> Reply:
    """A reply in the registry API's JSON error shape."""
    body = json.dumps({"errors": [{"code": code, "message": message}]}).encode()
    return Reply(status, body, {"Content-Type": "application/json", **headers})


class FaultServer:
    """Plain-HTTP server on 127.0.0.1 with scripted replies; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Responder] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.host = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.host}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def route(self, path: str, reply: Responder, method: str = "*") -> None:
        """Answer `method` (``*``: any) requests for `path` with `reply`."""
        self.routes[(method, path)] = reply

    def requests(self, method: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if method is None or s.method == method]

    def serve_image(
        self,
        repo: str,
        tag: str,
        config: bytes,
        *,
        blob: Responder | None = None,
        guard: Callable[[Reply], Responder] | None = None,
    ) -> tuple[str, str]:
        """Serve a schema-2 image (HEAD+GET by tag and digest, config blob); (manifest, config)
        digests. `blob` replaces the config blob's answer; `guard` wraps the manifest answers."""
        config_digest = sha256(config)
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": DOCKER_MANIFEST,
                "config": {
                    "mediaType": DOCKER_CONFIG,
                    "digest": config_digest,
                    "size": len(config),
                },
                "layers": [],
            }
        ).encode()
        digest = sha256(manifest)
        headers = {"Content-Type": DOCKER_MANIFEST, "Docker-Content-Digest": digest}
        answer = Reply(200, manifest, headers)
        for reference in (tag, digest):
            self.route(f"/v2/{repo}/manifests/{reference}", guard(answer) if guard else answer)
        self.route(f"/v2/{repo}/blobs/{config_digest}", blob or Reply(200, config))
        return digest, config_digest

    def _answer(self, seen: Seen) -> Reply:
        responder = self.routes.get((seen.method, seen.path)) or self.routes.get(("*", seen.path))
        if responder is None:
            return registry_error(404, "NAME_UNKNOWN", "no route in the fault server")
        return responder(seen) if callable(responder) else responder

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                seen = Seen(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}
                )
                with server._lock:
                    server.seen.append(seen)
                reply = server._answer(seen)
                try:
                    self._reply(reply)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _reply(self, reply: Reply) -> None:
                if reply.hang:
                    server._stopping.wait(60)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.stream:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self._stream(reply.stream)
                    return
                if reply.trickle:
                    self.send_header("Content-Length", str(1 << 20))
                    self.end_headers()
                    while not server._stopping.wait(0.1):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    self.close_connection = True
                    return
                announced = (
                    len(reply.body) if reply.content_length is None else reply.content_length
                )
                self.send_header("Content-Length", str(announced))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)
                if announced != len(reply.body):
                    self.close_connection = True

            def _stream(self, total: int) -> None:
                chunk = b"x" * 65536
                sent = 0
                while sent < total and not server._stopping.is_set():
                    part = chunk[: min(len(chunk), total - sent)]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    sent += len(part)
                self.wfile.write(b"0\r\n\r\n")

            do_GET = do_HEAD = do_POST = do_PUT = _handle

        return Handler


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    """A started FaultServer, stopped when the block ends."""
    with FaultServer() as server:
        yield server
