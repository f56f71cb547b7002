"""Bounded in-memory caches for the webhook and a single-flight for concurrent identical work.

All of them belong to one event loop and are not thread-safe: the server runs on one loop.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Clock = Callable[[], float]


class LRU(Generic[K, V]):
    """At most `size` entries; the least recently used one goes first. For immutable values
    (configs by digest, verdicts by config digest + policy hash), which never need to expire."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"cache size must be at least 1, got {size}")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: K) -> V | None:
        """The value, marked as recently used; None when absent."""
        try:
            value = self._entries[key]
        except KeyError:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return value

    def put(self, key: K, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


class TTLCache(Generic[K, V]):
    """An LRU whose entries also expire `ttl` seconds after they were put. For what can change
    under the gate (tag → digest, pull secrets) or should be retried soon (errors)."""

    def __init__(self, size: int, ttl: float, clock: Clock = time.monotonic) -> None:
        if ttl < 0:
            raise ValueError(f"cache TTL must not be negative, got {ttl}")
        self.ttl = ttl
        self._clock = clock
        self._lru: LRU[K, tuple[float, V]] = LRU(size)

    def get(self, key: K) -> V | None:
        entry = self._lru.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires <= self._clock():
            # Counted as a miss: the caller has to do the work again.
            self._lru.hits -= 1
            self._lru.misses += 1
            self._lru._entries.pop(key, None)
            return None
        return value

    def put(self, key: K, value: V) -> None:
        if self.ttl == 0:
            return
        self._lru.put(key, (self._clock() + self.ttl, value))

    @property
    def hits(self) -> int:
        return self._lru.hits

    @property
    def misses(self) -> int:
        return self._lru.misses

    def __len__(self) -> int:
        return len(self._lru)


class SingleFlight(Generic[K, V]):
    """Concurrent calls for the same key share one run of the work and its result (or error).

    The work runs in its own task, so one caller giving up (its deadline passed) does not cancel
    it for the others; it finishes and its result can still be cached.
    """

    def __init__(self) -> None:
        self._running: dict[K, asyncio.Future[V]] = {}
        self.shared = 0  # calls that joined a run already under way

    async def do(self, key: K, work: Callable[[], Awaitable[V]]) -> V:
        running = self._running.get(key)
        if running is not None:
            self.shared += 1
            return await asyncio.shield(running)

        async def run() -> V:
            return await work()

        task: asyncio.Future[V] = asyncio.ensure_future(run())
        self._running[key] = task
        task.add_done_callback(lambda t: self._forget(key, t))
        # A failure nobody awaits any more must not be logged as "never retrieved".
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return await asyncio.shield(task)

    def _forget(self, key: K, task: asyncio.Future[V]) -> None:
        if self._running.get(key) is task:
            del self._running[key]

    def __len__(self) -> int:
        return len(self._running)
