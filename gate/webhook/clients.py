"""Registry clients of the webhook, one connection pool per credential, every request guarded.

A client is kept per (registry, credential fingerprint): the secrets stay out of every key. Every
request a client sends, token realms and redirect hops included, first passes the SSRF guard.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from gate.sources.registry.client import RegistryClient, ssl_context
from gate.sources.registry.options import Credentials, RegistryOptions
from gate.sources.registry.reference import ImageReference
from gate.webhook.cache import Scope, scope_of
from gate.webhook.ssrf import HostGuard


class ClientPool:
    """At most `size` registry clients; the oldest is closed (later) to make room."""

    def __init__(self, options: RegistryOptions, guard: HostGuard, size: int) -> None:
        self.options = options
        self.guard = guard
        self.size = size
        self.clients: dict[Scope | tuple[str, None], RegistryClient] = {}
        # One TLS context for every client: each making its own cost 54 ms of the event loop
        # and 0.7 MB, and a review naming 256 registries (ports of one address, names under
        # one wildcard domain) held the loop for seconds and the memory until their pools closed.
        self.tls = ssl_context(options.ca_bundle, options.trust_env)

    def get(self, ref: ImageReference, creds: Credentials | None) -> RegistryClient:
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
            asyncio.get_running_loop().create_task(_close_later(oldest))
        self.clients[key] = client
        return client

    async def check_request(self, method: str, url: httpx.URL) -> None:
        """The SSRF guard on every request a client sends: token realms and redirects too."""
        host = f"[{url.host}]" if ":" in url.host else url.host
        await self.guard.check(f"{host}:{url.port}" if url.port else host)

    async def addresses(self, host: str, port: int) -> tuple[str, ...]:
        """Where a connection to `host` may go: the addresses the guard approved."""
        name = f"[{host}]" if ":" in host else host
        return await self.guard.addresses(f"{name}:{port}", port)

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()
        self.clients.clear()


async def _close_later(client: RegistryClient, delay: float = 60.0) -> None:
    # Requests already under way keep using the pool for a while; close it once they are done.
    await asyncio.sleep(delay)
    await client.aclose()
