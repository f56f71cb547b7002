"""The webhook's registry clients, one per registry and credential, cost little to make: they
share one TLS context. Each used to load the CA bundle twice (httpx's context and the pinned
transport's): 54 ms of the event loop and 0.7 MB per client, so a review naming 256 registries
(ports of one address, or names under one wildcard domain) took 10 s and 60 MB."""

from __future__ import annotations

import asyncio
import time

from gate.sources.registry.options import RegistryOptions
from gate.sources.registry.reference import ImageReference, parse_reference
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


def test_a_client_pushed_out_is_closed_once_no_fetch_uses_it() -> None:
    """It used to be closed 60 s later whatever it did: reviews naming 256 registries each held
    9.5 MB of such clients for that minute, as fast as they came."""

    def ref(port: int) -> ImageReference:
        return parse_reference(f"r.example:{port}/x:1")

    async def run() -> tuple[bool, bool, bool, bool]:
        pool = ClientPool(RegistryOptions(read_docker_config=False), HostGuard(), 2)
        idle = pool.get(ref(1), None)
        async with pool.using(ref(2), None) as busy:
            pool.get(ref(3), None)  # pushes out the idle one
            pool.get(ref(4), None)  # and the busy one
            await asyncio.sleep(0.01)
            idle_closed, busy_closed_while_used = idle.closed, busy.closed
        await asyncio.sleep(0.01)
        busy_closed = busy.closed
        kept_open = not pool.get(ref(4), None).closed
        await pool.aclose()
        return idle_closed, busy_closed_while_used, busy_closed, kept_open

    assert asyncio.run(run()) == (True, False, True, True)
