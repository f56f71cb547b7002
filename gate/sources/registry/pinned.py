"""Connections only to the addresses a caller approved, for the registry client.

A caller that must control where connections go (the webhook's SSRF guard) gives a Connector:
each direct connection then goes to one of the addresses it returns for the host, never to what
the system resolver says later (DNS rebinding); TLS still verifies the certificate for the host
name (SNI), since httpcore takes the server name from the URL, not from the address.
"""

from __future__ import annotations

import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import httpcore
import httpx

# (host, port) → the addresses a direct connection to host may use, in order; it may raise
# RegistryError to refuse the host.
Connector = Callable[[str, int], Awaitable[Sequence[str]]]
SocketOption = Any  # httpcore's SOCKET_OPTION (tuples for socket.setsockopt)


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
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # the next address, as a resolver's list would be tried
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
