"""The webhook's registry clients, one per registry and credential, cost little to make: they
share one TLS context. Each used to load the CA bundle twice (httpx's context and the pinned
transport's): 54 ms of the event loop and 0.7 MB per client, so a review naming 256 registries
(ports of one address, or names under one wildcard domain) took 10 s and 60 MB."""

from __future__ import annotations

import asyncio
import time

from gate.sources.registry.options import RegistryOptions
from gate.sources.registry.reference import parse_reference
from gate.webhook.clients import ClientPool
from gate.webhook.ssrf import HostGuard


def test_clients_for_many_registries_share_one_tls_context_and_are_made_at_once() -> None:
    async def make() -> tuple[ClientPool, list[object], float]:
        pool = ClientPool(RegistryOptions(read_docker_config=False), HostGuard(), 256)
        started = time.perf_counter()
        made = [pool.get(parse_reference(f"r.example:{1000 + i}/x:1"), None) for i in range(256)]
        seconds = time.perf_counter() - started
        contexts = [client.tls for client in made]
        await pool.aclose()
        return pool, contexts, seconds

    pool, contexts, seconds = asyncio.run(make())
    assert all(context is pool.tls for context in contexts)
    assert seconds < 2.0  # 14 s before
