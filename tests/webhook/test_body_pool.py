"""The pool that bounds the bytes of large request bodies the server holds at once."""

from __future__ import annotations

import asyncio

from gate.webhook.bodies import SMALL, BodyPool

LARGE = SMALL + 1


def test_a_small_body_never_waits_for_room_even_when_the_pool_is_full() -> None:
    async def scenario() -> int:
        pool = BodyPool(size=2 * LARGE)
        await pool.acquire(LARGE)
        await pool.acquire(LARGE)  # full
        async with asyncio.timeout(1):
            return await pool.acquire(SMALL)

    assert asyncio.run(scenario()) == 0  # nothing taken, nothing to give back


def test_a_large_body_waits_until_an_earlier_one_is_released() -> None:
    async def scenario() -> list[str]:
        pool = BodyPool(size=LARGE)
        order: list[str] = []
        first = await pool.acquire(LARGE)

        async def second() -> None:
            taken = await pool.acquire(LARGE)
            order.append("second read")
            pool.release(taken)

        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.05)
        order.append("first released")
        pool.release(first)
        await asyncio.wait_for(waiting, 1)
        return order

    assert asyncio.run(scenario()) == ["first released", "second read"]


def test_a_waiter_past_its_deadline_times_out_and_takes_no_room() -> None:
    """The server answers 503 when no room is found before the request's deadline: the waiter
    gives up and the pool's count is as it was, so later bodies are not kept out by it."""

    async def scenario() -> tuple[bool, int, int]:
        pool = BodyPool(size=LARGE)
        first = await pool.acquire(LARGE)
        timed_out = False
        try:
            async with asyncio.timeout(0.05):
                await pool.acquire(LARGE)
        except TimeoutError:
            timed_out = True
        held = pool.used
        pool.release(first)
        async with asyncio.timeout(1):
            again = await pool.acquire(LARGE)
        return timed_out, held, again

    assert asyncio.run(scenario()) == (True, LARGE, LARGE)


def test_one_body_larger_than_the_pool_goes_when_the_pool_is_empty() -> None:
    async def scenario() -> int:
        pool = BodyPool(size=LARGE)
        async with asyncio.timeout(1):
            return await pool.acquire(4 * LARGE)

    assert asyncio.run(scenario()) == 4 * LARGE
