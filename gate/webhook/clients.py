"""Registry clients of the webhook, one connection pool per credential, every request guarded.

A client is kept per (registry, credential fingerprint): the secrets stay out of every key. Every
request a client sends, token realms and redirect hops included, first passes the SSRF guard.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx

from gate.sources.registry.client import RegistryClient, ssl_context
from gate.sources.registry.options import Credentials, RegistryOptions
from gate.sources.registry.reference import ImageReference
from gate.webhook.cache import Scope, scope_of
from gate.webhook.ssrf import HostGuard


class ClientPool:
    """At most `size` registry clients; the oldest is closed to make room, once no fetch uses
    it. A client pushed out used to be closed 60 s later whatever it did: reviews naming 256
    registries each held 9.5 MB of such clients for that minute, as fast as they were sent."""

    def __init__(self, options: RegistryOptions, guard: HostGuard, size: int) -> None:
        self.options = options
        self.guard = guard
        self.size = size
        self.clients: dict[Scope | tuple[str, None], RegistryClient] = {}
        # One TLS context for every client: each making its own cost 54 ms of the event loop
        # and 0.7 MB, and a review naming 256 registries (ports of one address, names under
        # one wildcard domain) held the loop for seconds and the memory until their pools closed.
        self.tls = ssl_context(options.ca_bundle, options.trust_env)
        self._users: Counter[RegistryClient] = Counter()
        self._pushed_out: set[RegistryClient] = set()
        self._closing: set[asyncio.Task[None]] = set()

    def get(self, ref: ImageReference, creds: Credentials | None) -> RegistryClient:
        """The client for `ref` with `creds`; a fetch holds it with using()."""
        key = scope_of(ref, creds) or (ref.registry, None)
        client = self.clients.get(key)
        if client is not None:
            return client
        options = replace(self.options, credentials={ref.registry: creds} if creds else {})
        client = RegistryClient(
            options, before_request=self.check_request, connect=self.addresses, tls=self.tls
        )
        if len(self.clients) >= self.size:
            # Too many credential sets to keep a pool for each: drop the oldest pool.
            oldest = self.clients.pop(next(iter(self.clients)))
            if self._users[oldest]:
                self._pushed_out.add(oldest)
            else:
                self._close(oldest)
        self.clients[key] = client
        return client

    @asynccontextmanager
    async def using(
        self, ref: ImageReference, creds: Credentials | None
    ) -> AsyncIterator[RegistryClient]:
        """The client for `ref` with `creds`, not closed while the block runs."""
        client = self.get(ref, creds)
        self._users[client] += 1
        try:
            yield client
        finally:
            self._users[client] -= 1
            if not self._users[client]:
                del self._users[client]
                if client in self._pushed_out:
                    self._pushed_out.discard(client)
                    self._close(client)

    def _close(self, client: RegistryClient) -> None:
        task = asyncio.get_running_loop().create_task(client.aclose())
        self._closing.add(task)  # a task nobody holds may be collected before it runs
        task.add_done_callback(self._closing.discard)

    async def check_request(self, method: str, url: httpx.URL) -> None:
        """The SSRF guard on every request a client sends: token realms and redirects too."""
        host = f"[{url.host}]" if ":" in url.host else url.host
        await self.guard.check(f"{host}:{url.port}" if url.port else host)

    async def addresses(self, host: str, port: int) -> tuple[str, ...]:
        """Where a connection to `host` may go: the addresses the guard approved."""
        name = f"[{host}]" if ":" in host else host
        return await self.guard.addresses(f"{name}:{port}", port)

    async def aclose(self) -> None:
        for client in [*self.clients.values(), *self._pushed_out]:
            await client.aclose()
        self.clients.clear()
        self._pushed_out.clear()
