"""Registry name lookups that one Pod's names cannot starve.

getaddrinfo blocks its thread until the name server answers or glibc gives up (`timeout` times
`attempts` per server: 10 to 30 s by default), and a blocked thread cannot be taken back. On the
event loop's default pool (min(32, CPUs + 4) threads) one Pod naming many hosts under a name
server that never answers held every thread, and every other review's lookup timed out waiting:
a compliant image was denied, and under `--registry-failure open` a non-compliant one admitted
unjudged.

So lookups run on a pool of their own, a name is looked up once however many reviews ask for it
at once, and the names under one domain (its last two labels: whoever controls a name server
controls everything beneath it) hold at most `per_domain` threads. A lookup that finds no thread
in time is "could not resolve" when its own domain's names hold its share (its name server
does not answer them), else LookupBusy. Either way the guard keeps using the addresses it
approved before (gate/webhook/ssrf.py); without them, LookupBusy is not a registry failure:
names under silent name servers used to make another domain's lookup "could not resolve",
which `--registry-failure open` admits.

The lookups begun for one tenant (the namespace of the review that asked first: slots.TENANT)
hold at most `per_tenant` threads (half): one namespace's Pods naming 16 domains of silent name
servers held all 64, and every other namespace's new registry was denied "not looked up in
time" until glibc gave up.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from gate.webhook.slots import TENANT

# socket.getaddrinfo's signature, as far as the guard calls it.
AddressLookup = Callable[..., list[tuple[Any, ...]]]


class NoSuchName(Exception):
    """The resolver answered that the name does not exist (not that it could not answer)."""


class LookupBusy(Exception):
    """No thread was free for the lookup in time: the resolver was never asked, because names
    under other domains held the threads. Not a resolver that cannot answer."""


# getaddrinfo's answers that a name has no address: the resolver did answer.
_NO_SUCH_NAME = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)


def domain_of(name: str) -> str:
    """The part of a name its lookups are grouped by: the last two labels."""
    return ".".join(name.rstrip(".").rsplit(".", 2)[-2:])


class Lookups:
    """Resolves registry names with getaddrinfo on `threads` threads of its own."""

    def __init__(
        self,
        threads: int = 64,
        per_domain: int = 4,
        lookup: AddressLookup | None = None,
        per_tenant: int | None = None,
        # Shorter than the guard's resolve timeout (2 s), so that a caller learns it was never
        # asked (LookupBusy) before it gives up.
        slot_wait: float = 1.5,
    ) -> None:
        self.threads = threads
        self.per_domain = per_domain
        self.per_tenant = max(1, per_tenant if per_tenant is not None else threads // 2)
        self.slot_wait = slot_wait
        self._lookup = lookup
        self._pool: ThreadPoolExecutor | None = None
        # Counted from the thread itself: a lookup its caller gave up on still holds its thread.
        self._lock = threading.Lock()
        self._busy: dict[str, int] = {}
        self._tenants: dict[str, int] = {}
        self._running = 0
        self._pending: dict[tuple[str, int], asyncio.Task[Sequence[str]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._freed = asyncio.Event()

    async def resolve(self, name: str, port: int) -> Sequence[str]:
        """The addresses `name` resolves to; empty when the resolver could not answer (or
        the names of its domain held that domain's threads); NoSuchName when the resolver says
        the name does not exist; LookupBusy when other domains' names held every thread.
        Callers asking for a name being looked up share that lookup; one giving up (its
        timeout) does not end it for the others."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._freed = loop, asyncio.Event()
        key = (name, port)
        task = self._pending.get(key)
        if task is None:
            task = loop.create_task(self._resolve(name, port))
            self._pending[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        return await asyncio.shield(task)

    def _finished(self, key: tuple[str, int], task: asyncio.Task[Sequence[str]]) -> None:
        if self._pending.get(key) is task:
            del self._pending[key]
        if not task.cancelled():
            task.exception()  # retrieved: every caller may have given up on it

    async def _resolve(self, name: str, port: int) -> Sequence[str]:
        domain = domain_of(name)
        tenant = TENANT.get()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.slot_wait
        while not self._take(domain, tenant):
            # Every thread, or every thread this domain may hold, is busy: wait for one to be
            # freed, as long as a caller could still be waiting.
            left = deadline - loop.time()
            try:
                if left <= 0:
                    raise TimeoutError
                async with asyncio.timeout(left):
                    await self._freed.wait()
            except TimeoutError:
                if self.held(domain) >= self.per_domain:
                    # Its own domain's names hold its share: its name server is not
                    # answering them, which is that domain's failure (an outage), as before.
                    return []
                raise LookupBusy(name) from None
        try:
            done = self._submit(loop, domain, tenant, name, port)
        except BaseException:
            self._give_back(domain, tenant)
            raise
        try:
            infos = await asyncio.wrap_future(done)
        except asyncio.CancelledError:
            # Cancelled (the loop shutting down) before a thread took the lookup: it never runs,
            # so its slot is given back here.
            if done.cancelled():
                self._give_back(domain, tenant)
            raise
        except socket.gaierror as exc:
            if exc.errno in _NO_SUCH_NAME:
                raise NoSuchName(name) from None
            return []
        except OSError:
            return []
        return [str(info[4][0]).partition("%")[0] for info in infos]

    def _take(self, domain: str, tenant: str) -> bool:
        with self._lock:
            if (
                self._running >= self.threads
                or self._busy.get(domain, 0) >= self.per_domain
                or self._tenants.get(tenant, 0) >= self.per_tenant
            ):
                return False
            self._running += 1
            self._busy[domain] = self._busy.get(domain, 0) + 1
            self._tenants[tenant] = self._tenants.get(tenant, 0) + 1
            return True

    def _give_back(self, domain: str, tenant: str) -> None:
        with self._lock:
            self._running -= 1
            for counts, key in ((self._busy, domain), (self._tenants, tenant)):
                left = counts[key] - 1
                if left:
                    counts[key] = left
                else:
                    del counts[key]

    def _wake(self) -> None:
        freed, self._freed = self._freed, asyncio.Event()
        freed.set()

    def _submit(
        self, loop: asyncio.AbstractEventLoop, domain: str, tenant: str, name: str, port: int
    ) -> Future[list[tuple[Any, ...]]]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="gate-dns")

        def run() -> list[tuple[Any, ...]]:
            try:
                lookup = self._lookup or socket.getaddrinfo
                return lookup(name, port, type=socket.SOCK_STREAM)
            finally:
                self._give_back(domain, tenant)
                # A loop closed meanwhile has no one waiting.
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(self._wake)

        return self._pool.submit(run)

    def held(self, domain: str) -> int:
        """Threads the names under `domain` hold now (for the metrics and tests)."""
        with self._lock:
            return self._busy.get(domain, 0)

    def held_for(self, tenant: str) -> int:
        """Threads the lookups begun for `tenant` hold now (for tests)."""
        with self._lock:
            return self._tenants.get(tenant, 0)
