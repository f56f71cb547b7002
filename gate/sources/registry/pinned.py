"""Connections only to the addresses a caller approved, for the registry client.

A caller that must control where connections go (the webhook's SSRF guard) gives a Connector:
each direct connection then goes to one of the addresses it returns for the host, never to what
the system resolver says later (DNS rebinding); TLS still verifies the certificate for the host
name (SNI), since httpcore takes the server name from the URL, not from the address.
"""

from __future__ import annotations

import select
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import httpcore
import httpx

# (host, port) → the addresses a direct connection to host may use, in order; it may raise
# RegistryError to refuse the host.
Connector = Callable[[str, int], Awaitable[Sequence[str]]]
SocketOption = Any  # httpcore's SOCKET_OPTION (tuples for socket.setsockopt)


def _readable(sock: socket.socket) -> bool:
    """Whether a read would not wait: data, or the peer's close, is pending."""
    fd = sock.fileno()
    if fd < 0:
        return True  # closed: the next read returns the end
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class _Stream(httpcore.AsyncNetworkStream):
    """httpcore's stream, answering "is it readable?" from the socket it keeps.

    httpcore asks that of every idle connection in the pool each time it assigns a request; its
    anyio stream answers by building anyio's whole attribute table (a getpeername() call and
    a dict of closures, layered once more under TLS), which under a burst of registry requests
    was a quarter of the event loop's time.
    """

    def __init__(self, inner: httpcore.AsyncNetworkStream, sock: socket.socket) -> None:
        self._inner = inner
        self._sock = sock

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        tls = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _Stream(tls, self._sock)  # TLS runs over the same socket

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return _readable(self._sock)
        if info == "socket":
            return self._sock
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to the addresses the Connector gives."""

    def __init__(self, connector: Connector) -> None:
        self._connector = connector
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: Exception | None = None
        for address in await self._connector(host, port):
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # the next address, as a resolver's list would be tried
                continue
            return _Stream(stream, stream.get_extra_info("socket"))
        raise failure or httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not registries")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool on _PinnedBackend. httpx takes no network backend
    as a parameter; its pool is httpcore's AsyncConnectionPool, which does (public API)."""

    def __init__(
        self, connector: Connector, verify: ssl.SSLContext | bool, limits: httpx.Limits
    ) -> None:
        super().__init__(verify=verify, limits=limits)
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context()
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinnedBackend(connector),
        )
