"""Places shared by tenants (namespaces), none of which may take them all.

Whoever may create a Pod in a namespace names the images the webhook fetches, and a registry
that never answers holds a place until the request's deadline. With one pool of places for
everyone, one namespace naming hanging registries held every place, and every other
namespace's new images waited until their own deadlines (then denied "the gate was busy").

So a tenant holds at most `share` places (by default half), whether or not others wait: a
tenant that took every free place while alone would still hold them, hanging, when another
arrives. A place given back goes to the waiting tenant holding the fewest, the one waiting
longest among equals, so a tenant with one image is not queued behind another's hundred.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

# The tenant the running review is for, where no argument can carry it (the SSRF guard's name
# lookups, lookups.py): set for each image judged (verdicts.Verdicts.judge).
TENANT: ContextVar[str] = ContextVar("gate_tenant", default="")


class TenantSlots:
    """`total` places; one tenant holds at most `share` of them. Used from one event loop."""

    def __init__(self, total: int, share: int | None = None) -> None:
        if total < 1:
            raise ValueError(f"need at least one place, got {total}")
        self.total = total
        self.share = max(1, min(total, share if share is not None else total // 2))
        self._held: Counter[str] = Counter()
        self._in_use = 0
        # Per tenant, its waiters in order: (arrival number, future handed the place).
        self._waiting: dict[str, deque[tuple[int, asyncio.Future[None]]]] = {}
        self._arrivals = itertools.count()

    @asynccontextmanager
    async def place(self, tenant: str) -> AsyncIterator[None]:
        """Hold one place for `tenant` while the block runs."""
        await self._take(tenant)
        try:
            yield
        finally:
            self._give_back(tenant)

    def held(self, tenant: str) -> int:
        """Places `tenant` holds now."""
        return self._held[tenant]

    def waiting(self, tenant: str) -> int:
        """Requests of `tenant` waiting for a place now."""
        return sum(not f.done() for _, f in self._waiting.get(tenant, ()))

    async def _take(self, tenant: str) -> None:
        # Any waiter that could use a free place was handed it when the place was freed: those
        # left wait for their tenant's share, so a free place within this tenant's is its own.
        if self._in_use < self.total and self._held[tenant] < self.share:
            self._hold(tenant)
            return
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(tenant, deque()).append((next(self._arrivals), handed))
        try:
            await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                # Handed a place in the same turn as cancelled: it goes to the next one.
                self._give_back(tenant)
            else:
                self._drop(tenant, handed)
            raise

    def _hold(self, tenant: str) -> None:
        self._held[tenant] += 1
        self._in_use += 1

    def _give_back(self, tenant: str) -> None:
        self._held[tenant] -= 1
        if not self._held[tenant]:
            del self._held[tenant]
        self._in_use -= 1
        self._hand_out()

    def _drop(self, tenant: str, handed: asyncio.Future[None]) -> None:
        queue = self._waiting.get(tenant)
        if queue is None:
            return
        for entry in queue:
            if entry[1] is handed:
                queue.remove(entry)
                break
        if not queue:
            del self._waiting[tenant]

    def _hand_out(self) -> None:
        while self._in_use < self.total:
            tenant = self._next_tenant()
            if tenant is None:
                return
            queue = self._waiting[tenant]
            _, handed = queue.popleft()
            if not queue:
                del self._waiting[tenant]
            if handed.done():  # its caller gave up
                continue
            self._hold(tenant)
            handed.set_result(None)

    def _next_tenant(self) -> str | None:
        """The waiting tenant within its share holding the fewest places; of those, the one
        whose first waiter came first. Waiting tenants are few (one per namespace asking)."""
        best: tuple[int, int] | None = None
        chosen = None
        for tenant, queue in self._waiting.items():
            held = self._held[tenant]
            if held >= self.share:
                continue
            rank = (held, queue[0][0])
            if best is None or rank < best:
                best, chosen = rank, tenant
        return chosen
