"""The caches: LRU by digest, TTL for tags and errors, single-flight for identical work."""

from __future__ import annotations

import asyncio

import pytest

from gate.webhook.cache import LRU, SingleFlight, TTLCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lru_drops_the_least_recently_used_entry() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_lru_counts_hits_and_misses() -> None:
    cache: LRU[str, int] = LRU(1)
    cache.get("x")
    cache.put("x", 1)
    cache.get("x")
    assert (cache.hits, cache.misses) == (1, 1)


def test_lru_with_a_weight_budget_drops_the_oldest_until_the_rest_fit() -> None:
    cache: LRU[str, int] = LRU(100, max_weight=10)
    cache.put("a", 1, 4)
    cache.put("b", 2, 4)
    cache.put("a", 3, 5)  # replaced: its old weight no longer counts
    assert cache.weight == 9 and len(cache) == 2
    cache.put("c", 4, 3)
    assert "b" not in cache and cache.weight == 8
    cache.put("huge", 5, 11)  # heavier than the whole budget: not kept, nothing dropped
    assert "huge" not in cache and len(cache) == 2


def test_lru_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        LRU(0)


def test_ttl_entries_expire() -> None:
    clock = Clock()
    cache: TTLCache[str, str] = TTLCache(10, 5.0, clock)
    cache.put("tag", "sha256:1")
    clock.now = 4.9
    assert cache.get("tag") == "sha256:1"
    clock.now = 5.0
    assert cache.get("tag") is None
    assert (cache.hits, cache.misses) == (1, 1)


def test_ttl_zero_caches_nothing() -> None:
    cache: TTLCache[str, str] = TTLCache(10, 0.0)
    cache.put("k", "v")
    assert cache.get("k") is None


def test_ttl_cache_is_bounded() -> None:
    cache: TTLCache[int, int] = TTLCache(3, 60.0)
    for i in range(10):
        cache.put(i, i)
    assert len(cache) == 3 and cache.get(9) == 9 and cache.get(0) is None


def test_concurrent_calls_for_one_key_share_one_run() -> None:
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.05)
        return "done"

    async def main() -> list[str]:
        flight: SingleFlight[str, str] = SingleFlight()
        results = await asyncio.gather(*(flight.do("k", work) for _ in range(10)))
        assert flight.shared == 9 and len(flight) == 0
        return list(results)

    assert asyncio.run(main()) == ["done"] * 10
    assert runs == 1


def test_a_failure_reaches_every_waiting_caller_and_is_not_kept() -> None:
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.01)
        raise RuntimeError("registry down")

    async def main() -> None:
        flight: SingleFlight[str, str] = SingleFlight()
        results = await asyncio.gather(
            *(flight.do("k", work) for _ in range(3)), return_exceptions=True
        )
        assert all(isinstance(r, RuntimeError) for r in results)
        with pytest.raises(RuntimeError):
            await flight.do("k", work)

    asyncio.run(main())
    assert runs == 2


def test_a_caller_giving_up_does_not_cancel_the_work_for_others() -> None:
    async def work() -> str:
        await asyncio.sleep(0.1)
        return "done"

    async def main() -> str:
        flight: SingleFlight[str, str] = SingleFlight()
        impatient = asyncio.ensure_future(flight.do("k", work))
        patient = asyncio.ensure_future(flight.do("k", work))
        await asyncio.sleep(0.01)
        impatient.cancel()
        return await patient

    assert asyncio.run(main()) == "done"
