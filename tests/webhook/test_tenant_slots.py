"""One namespace cannot take every registry slot (gate/webhook/slots.py).

Whoever may create a Pod names the registries the webhook asks, and one that never answers
holds its slot until the request's deadline. Before, one namespace naming hanging registries
held all 8 slots, and another namespace's new image waited until its own deadline and was
denied ("the gate was busy"), compliant or not. Now a namespace holds at most half of them,
and a slot given back goes to the waiting namespace holding the fewest.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from gate.webhook.slots import TenantSlots
from tests.support.fault_http import Reply, fault_server
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import RunningWebhook, payload, wait_until


def _review(hook: RunningWebhook, namespace: str, images: list[str], uid: int) -> dict[str, Any]:
    body = payload("pod-create.json", "unused")
    body["request"]["uid"] = f"00000000-0000-4000-8000-{uid:012d}"
    body["request"]["namespace"] = namespace
    containers = [{"name": f"c{n}", "image": image} for n, image in enumerate(images)]
    body["request"]["object"]["spec"] = {"containers": containers}
    return hook.review(body, timeout="6s" if namespace == "flood" else "3s")


@pytest.mark.registry
def test_a_namespace_flooding_hanging_registries_leaves_slots_for_another(
    start_webhook: WebhookFactory, images: Images
) -> None:
    with fault_server() as fault:
        tags = [str(n) for n in range(12)]
        for tag in tags:
            fault.route(f"/v2/flood/hangs/manifests/{tag}", Reply(hang=True))
        hook = start_webhook(insecure_registries=(fault.host,), registry_timeout=30.0)
        hanging = [f"{fault.host}/flood/hangs:{tag}" for tag in tags]
        with ThreadPoolExecutor(3) as pool:
            floods = [
                pool.submit(_review, hook, "flood", hanging[n : n + 4], n) for n in (0, 4, 8)
            ]
            assert wait_until(lambda: len(fault.requests()) >= 4, 10)
            time.sleep(0.3)  # room for any further fetch to begin
            asked = len(fault.requests())
            started = time.monotonic()
            victim = _review(hook, "team-b", [images.compliant], 99)
            elapsed = time.monotonic() - started
            flooded = [f.result() for f in floods]
    assert victim["allowed"] is True, victim["status"]["message"]
    assert elapsed < 2.5
    assert asked == 4  # half of the 8 slots; before, all 8
    # The flood itself fails as its registry does (fail-closed: denied), as before.
    for answer in flooded:
        assert answer["allowed"] is False


def test_a_tenant_holds_at_most_half_of_the_places_while_alone() -> None:
    async def run() -> tuple[int, int]:
        slots = TenantSlots(8)
        held = asyncio.Event()

        async def take() -> None:
            async with slots.place("a"):
                await held.wait()

        tasks = [asyncio.ensure_future(take()) for _ in range(10)]
        await asyncio.sleep(0.01)
        counts = slots.held("a"), slots.waiting("a")
        held.set()
        await asyncio.gather(*tasks)
        return counts

    assert asyncio.run(run()) == (4, 6)


def test_a_freed_place_goes_to_the_waiting_tenant_holding_the_fewest() -> None:
    async def run() -> list[str]:
        slots = TenantSlots(4)  # 2 per tenant
        events = {n: asyncio.Event() for n in ("a1", "a2", "a3", "b1", "b2", "b3", "c1")}
        got: list[str] = []

        async def take(tenant: str, name: str) -> None:
            async with slots.place(tenant):
                got.append(name)
                await events[name].wait()

        tasks = []
        for name in ("a1", "a2", "b1", "b2", "a3", "b3", "c1"):
            tasks.append(asyncio.ensure_future(take(name[0], name)))
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        assert got == ["a1", "a2", "b1", "b2"]
        # b gives one back: c (holding none) goes before a's and b's earlier waiters.
        events["b1"].set()
        await asyncio.sleep(0.01)
        assert got[4:] == ["c1"]
        events["a1"].set()
        await asyncio.sleep(0.01)
        for event in events.values():
            event.set()
        await asyncio.gather(*tasks)
        return got

    assert asyncio.run(run()) == ["a1", "a2", "b1", "b2", "c1", "a3", "b3"]


def test_a_waiter_that_gives_up_passes_its_place_on() -> None:
    async def run() -> tuple[list[str], int]:
        slots = TenantSlots(2, share=1)
        first, second = asyncio.Event(), asyncio.Event()
        got: list[str] = []

        async def take(tenant: str, name: str, hold: asyncio.Event) -> None:
            async with slots.place(tenant):
                got.append(name)
                await hold.wait()

        holder = asyncio.ensure_future(take("a", "a1", first))
        await asyncio.sleep(0)
        quitter = asyncio.ensure_future(take("a", "a2", second))
        waiter = asyncio.ensure_future(take("a", "a3", second))
        await asyncio.sleep(0.01)
        quitter.cancel()
        first.set()
        await asyncio.sleep(0.01)
        second.set()
        await asyncio.gather(holder, waiter)
        with pytest.raises(asyncio.CancelledError):
            await quitter
        return got, slots.held("a")

    assert asyncio.run(run()) == (["a1", "a3"], 0)
