"""Registry name lookups under names whose name server never answers: one Pod's names must not
hold every lookup thread, a name is looked up once however many ask, and a registry reached
before keeps its approved addresses while lookups cannot be answered.

getaddrinfo is replaced by a function that blocks like a name server that never answers (the
system resolver cannot be pointed at one without changing the machine's /etc/resolv.conf)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from gate.sources.registry.errors import RegistryError
from gate.webhook.lookups import LookupBusy, Lookups, NoSuchName, domain_of
from gate.webhook.ssrf import HostGuard, RefusedHost

PUBLIC = "93.184.216.34"


class NameServer:
    """getaddrinfo's stand-in: names under blackhole.example never answer (until released),
    missing.example does not exist, every other name answers PUBLIC."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, name: str, port: int, *_: Any, **__: Any) -> list[tuple[Any, ...]]:
        with self._lock:
            self.asked.append(name)
        if name.endswith("blackhole.example"):
            self.released.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        if name.endswith("missing.example"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port))]


@pytest.fixture
def name_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[NameServer]:
    server = NameServer()
    monkeypatch.setattr(socket, "getaddrinfo", server)
    yield server
    server.released.set()


def test_a_pod_of_never_answering_names_leaves_other_registries_resolvable(
    name_server: NameServer,
) -> None:
    async def scenario() -> tuple[str, ...]:
        guard = HostGuard(resolve_timeout=0.5)
        hostile = [asyncio.create_task(guard.check(f"r{i}.blackhole.example")) for i in range(64)]
        await asyncio.sleep(0.1)
        try:
            return await guard.addresses("registry.example", 443)
        finally:
            for outcome in await asyncio.gather(*hostile, return_exceptions=True):
                assert isinstance(outcome, RegistryError)
                assert "does not resolve" in str(outcome)

    assert asyncio.run(scenario()) == (PUBLIC,)


def test_names_under_one_domain_hold_at_most_their_share_of_threads(
    name_server: NameServer,
) -> None:
    lookups = Lookups(threads=8, per_domain=2, slot_wait=0.2)

    async def scenario() -> tuple[list[Any], int]:
        tries = [
            asyncio.wait_for(lookups.resolve(f"r{i}.blackhole.example", 443), 0.5)
            for i in range(10)
        ]
        answers = await asyncio.gather(*tries, return_exceptions=True)
        return answers, lookups.held("blackhole.example")

    answers, held = asyncio.run(scenario())
    # Two asked the name server and still wait on it (their callers gave up); eight found no
    # thread in time, their domain's share held by its own names, and were answered "could
    # not resolve": that domain's name server is not answering.
    assert held == 2
    assert len(name_server.asked) == 2
    assert [type(a) for a in answers].count(TimeoutError) == 2
    assert answers.count([]) == 8


def test_a_registry_whose_lookup_found_no_thread_is_not_a_registry_failure(
    name_server: NameServer,
) -> None:
    # Before, the lookup that found no thread was "name does not resolve", transient, and
    # remembered for the approval's TTL: under --registry-failure open every image of a
    # registry never asked was admitted unjudged while another Pod's names held the threads.
    async def scenario() -> tuple[BaseException, tuple[str, ...]]:
        guard = HostGuard(resolve=Lookups(threads=4, per_domain=4, slot_wait=0.2).resolve)
        hostile = [asyncio.create_task(guard.check(f"r{i}.blackhole.example")) for i in range(4)]
        await asyncio.sleep(0.1)
        with pytest.raises(RegistryError) as busy:
            await guard.addresses("registry.example", 443)
        name_server.released.set()
        await asyncio.gather(*hostile, return_exceptions=True)
        # Not remembered: asked again once a thread is free, the name resolves.
        return busy.value, await guard.addresses("registry.example", 443)

    busy, addresses = asyncio.run(scenario())
    assert isinstance(busy, RegistryError) and not busy.transient
    assert "not looked up in time: the gate was busy resolving other names" in str(busy)
    assert addresses == (PUBLIC,)


def test_one_name_asked_by_many_at_once_is_looked_up_once(name_server: NameServer) -> None:
    lookups = Lookups()

    async def scenario() -> list[Any]:
        return await asyncio.gather(*(lookups.resolve("registry.example", 443) for _ in range(50)))

    assert asyncio.run(scenario()) == [[PUBLIC]] * 50
    assert name_server.asked == ["registry.example"]


def test_a_name_that_does_not_exist_is_an_answer_to_every_caller(name_server: NameServer) -> None:
    lookups = Lookups()

    async def scenario() -> list[Any]:
        tries = (lookups.resolve("x.missing.example", 443) for _ in range(3))
        return await asyncio.gather(*tries, return_exceptions=True)

    assert all(isinstance(a, NoSuchName) for a in asyncio.run(scenario()))


def test_a_registry_approved_before_keeps_its_addresses_while_lookups_go_unanswered() -> None:
    answers: list[list[str]] = [[PUBLIC], []]

    async def resolve(name: str, port: int) -> list[str]:
        return answers.pop(0)

    async def twice(guard: HostGuard) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return await guard.addresses("r.example", 443), await guard.addresses("r.example", 443)

    # ttl 0: every check looks the name up again; the second lookup is not answered.
    assert asyncio.run(twice(HostGuard(ttl=0, resolve=resolve))) == ((PUBLIC,), (PUBLIC,))


def test_stale_addresses_are_not_used_past_their_limit_or_for_a_name_now_missing() -> None:
    async def answered_then(second: BaseException | list[str], stale: float) -> None:
        answers: list[BaseException | list[str]] = [[PUBLIC], second]

        async def resolve(name: str, port: int) -> list[str]:
            answer = answers.pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return answer

        guard = HostGuard(ttl=0, resolve=resolve, stale=stale)
        await guard.addresses("r.example", 443)
        await guard.addresses("r.example", 443)

    with pytest.raises(RegistryError, match="name does not resolve"):
        asyncio.run(answered_then([], stale=0))
    with pytest.raises(RegistryError, match="name does not exist"):
        asyncio.run(answered_then(NoSuchName("r.example"), stale=3600))


@pytest.mark.parametrize("answer", [["10.0.0.7"], "missing"])
def test_addresses_approved_before_an_answer_that_refuses_them_are_not_served_stale(
    answer: list[str] | str,
) -> None:
    # Approved, then answered (the name now resolves to a refused address, or no longer
    # exists), then not answered: the first approval is no longer the name's.
    answers: list[list[str] | str] = [[PUBLIC], answer, []]

    async def resolve(name: str, port: int) -> list[str]:
        got = answers.pop(0)
        if got == "missing":
            raise NoSuchName(name)
        assert isinstance(got, list)
        return got

    async def thrice() -> None:
        guard = HostGuard(ttl=0, resolve=resolve)
        await guard.addresses("r.example", 443)
        with pytest.raises((RefusedHost, RegistryError)):
            await guard.addresses("r.example", 443)
        await guard.addresses("r.example", 443)

    with pytest.raises(RegistryError, match="name does not resolve"):
        asyncio.run(thrice())


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("r1.blackhole.example", "blackhole.example"),
        ("blackhole.example.", "blackhole.example"),
        ("localhost", "localhost"),
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "amazonaws.com"),
    ],
)
def test_names_are_grouped_by_their_last_two_labels(name: str, domain: str) -> None:
    assert domain_of(name) == domain


def test_a_lookup_cancelled_before_a_thread_took_it_gives_its_slot_back(
    name_server: NameServer,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    lookups = Lookups(threads=4, per_domain=4)
    # The pool's one thread is busy with something else: the lookup waits in its queue.
    lookups._pool = ThreadPoolExecutor(1)
    busy = threading.Event()
    lookups._pool.submit(busy.wait, 30)

    async def scenario() -> None:
        task = asyncio.ensure_future(lookups.resolve("registry.example", 443))
        await asyncio.sleep(0.1)
        assert lookups.held("registry.example") == 1
        # asyncio.run cancels the pending lookup when the loop shuts down.
        del task

    asyncio.run(scenario())
    busy.set()
    assert lookups.held("registry.example") == 0
    assert name_server.asked == []  # never ran


def test_one_tenants_names_under_many_silent_domains_leave_threads_for_another(
    name_server: NameServer,
) -> None:
    # Before, 16 domains of 4 silent names each held all 64 threads, and another namespace's
    # new registry was denied "not looked up in time" until glibc gave up on them.
    from gate.webhook.slots import TENANT

    lookups = Lookups(slot_wait=0.3)

    async def flood(name: str) -> list[str] | BaseException:
        TENANT.set("flood")  # this task's context only
        try:
            return list(await asyncio.wait_for(lookups.resolve(name, 443), 0.6))
        except (TimeoutError, LookupBusy) as exc:
            return exc

    async def scenario() -> tuple[int, list[str]]:
        names = [f"r{i}.d{d}-blackhole.example" for d in range(16) for i in range(4)]
        hostile = [asyncio.ensure_future(flood(name)) for name in names]
        await asyncio.sleep(0.1)
        held = sum(lookups.held(f"d{d}-blackhole.example") for d in range(16))
        TENANT.set("team-b")
        try:
            answer: list[str] | str = list(await lookups.resolve("registry.example", 443))
        except LookupBusy as exc:
            answer = repr(exc)
        await asyncio.gather(*hostile)
        return held, answer

    held, answer = asyncio.run(scenario())
    assert answer == [PUBLIC]
    assert held == 32  # half of the 64 threads; before, all of them
