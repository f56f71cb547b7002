"""Image → verdict with the caches, against the suite's real registry and the real policies."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest

from gate.policy.engine import PolicyEngine
from gate.runner import PolicyOptions
from gate.webhook.judging import JudgeLimits
from gate.webhook.metrics import Metrics
from gate.webhook.ssrf import HostGuard
from gate.webhook.verdicts import CacheSettings, Verdicts
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import COMPLIANT, NONCOMPLIANT

pytestmark = pytest.mark.registry
T = TypeVar("T")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _run(
    registry: LocalRegistry,
    engine: PolicyEngine,
    clock: Clock,
    test: Callable[[Verdicts], Coroutine[Any, Any, T]],
    today: Callable[[], str] = lambda: "2026-12-07",
) -> T:
    async def main() -> T:
        verdicts = Verdicts(
            engine,
            PolicyOptions(),
            registry.options(),
            HostGuard.of(["127.0.0.1"]),
            Metrics(),
            CacheSettings(tag_ttl=60.0, error_ttl=5.0),
            clock=clock,
            judge_limits=JudgeLimits(workers=1),
            today=today,
        )
        try:
            return await test(verdicts)
        finally:
            await verdicts.aclose()

    return asyncio.run(main())


def test_a_failure_is_remembered_for_seconds_only(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    clock = Clock()
    image = f"{registry.host}/gate/late:1"

    async def test(verdicts: Verdicts) -> None:
        first = await verdicts.judge(image)
        assert first.error is not None and "manifest unknown" in first.error
        assert not first.transient
        registry.push_image("gate/late", "1", COMPLIANT)
        assert (await verdicts.judge(image)).error == first.error  # still remembered
        clock.now += 5.0
        assert (await verdicts.judge(image)).error is None

    _run(registry, engine, clock, test)


def test_a_moved_tag_is_followed_after_its_ttl(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    clock = Clock()
    image = f"{registry.host}/gate/moving:latest"
    registry.push_image("gate/moving", "latest", COMPLIANT)

    async def test(verdicts: Verdicts) -> None:
        assert not (await verdicts.judge(image)).findings("deny")
        registry.push_image("gate/moving", "latest", NONCOMPLIANT)
        assert not (await verdicts.judge(image)).findings("deny")  # digest from the tag cache
        clock.now += 60.0
        assert len((await verdicts.judge(image)).findings("deny")) == 2

    _run(registry, engine, clock, test)


def test_verdicts_are_cached_by_config_digest_across_references(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    registry.push_image("gate/copy-a", "1", NONCOMPLIANT)
    registry.push_image("gate/copy-b", "1", NONCOMPLIANT)

    async def test(verdicts: Verdicts) -> tuple[int, int]:
        await verdicts.judge(f"{registry.host}/gate/copy-a:1")
        await verdicts.judge(f"{registry.host}/gate/copy-b:1")
        return verdicts.caches.verdicts.hits, verdicts.caches.verdicts.misses

    assert _run(registry, engine, Clock(), test) == (1, 1)


def test_a_verdict_is_judged_again_on_a_new_day(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    # An exception's expiry is a day the policies read from the clock: a verdict it
    # suppressed on its last day must not admit the image the day after.
    registry.push_image("gate/expiring", "1", NONCOMPLIANT)
    day = ["2026-12-07"]

    async def test(verdicts: Verdicts) -> tuple[int, int]:
        image = f"{registry.host}/gate/expiring:1"
        await verdicts.judge(image)
        await verdicts.judge(image)
        day[0] = "2026-12-08"
        await verdicts.judge(image)
        return verdicts.caches.verdicts.hits, verdicts.caches.verdicts.misses

    assert _run(registry, engine, Clock(), test, today=lambda: day[0]) == (1, 2)


def test_digest_references_skip_the_tag_lookup(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    digest = registry.push_image("gate/pinned", "1", COMPLIANT)

    async def test(verdicts: Verdicts) -> int:
        verdict = await verdicts.judge(f"{registry.host}/gate/pinned@{digest}")
        assert verdict.digest == digest and verdict.error is None
        return len(verdicts.caches.tags)

    assert _run(registry, engine, Clock(), test) == 0


def test_an_unreachable_registry_is_a_transient_failure(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def test(verdicts: Verdicts) -> None:
        verdict = await verdicts.judge(f"127.0.0.1:{port}/gate/x:1")
        assert verdict.error is not None and "cannot be reached" in verdict.error
        assert verdict.transient
        invalid = await verdicts.judge("UPPER/Case:bad")
        assert invalid.error is not None and not invalid.transient

    _run(registry, engine, Clock(), test)


def test_a_remembered_failure_holds_no_frames_of_the_fetch_that_failed(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    """A kept error used to hold its traceback and the exception it was raised from, and so
    the failed fetch's frames and registry client: 1,024 connection pools for the errors kept
    (reviews naming 5,120 unreachable registries took gate serve from 65 to 248 MB)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    image = f"127.0.0.1:{port}/gate/x:1"

    async def test(verdicts: Verdicts) -> None:
        for _ in range(2):  # fetched, then answered from the errors kept
            verdict = await verdicts.judge(image)
            assert verdict.error is not None and "cannot be reached" in verdict.error
        (key,) = list(verdicts.caches.errors._lru._entries)
        kept = verdicts.caches.errors.get(key)
        assert kept is not None and kept.transient
        assert (kept.__traceback__, kept.__context__, kept.__cause__) == (None, None, None)

    _run(registry, engine, Clock(), test)

def _requests_for(registry: LocalRegistry, repository: str, since: int) -> list[str]:
    """The registry's access log since byte `since`: "METHOD what" for `repository`."""
    assert registry.log_path is not None
    text = registry.log_path.read_bytes()[since:].decode()
    found = re.findall(rf'"(HEAD|GET) /v2/{re.escape(repository)}/(manifests|blobs)/', text)
    return [f"{method} {kind}" for method, kind in found]


def test_a_new_tag_is_read_in_two_requests_and_a_known_one_revalidated_with_head(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    # A tag never seen: its manifest by tag and its config (no HEAD first: one round trip
    # fewer in a burst of new images). A known tag past its TTL: a HEAD, which Docker Hub does
    # not count as a pull, and nothing more while the digest is unchanged.
    clock = Clock()
    registry.push_image("gate/by-tag", "1", NONCOMPLIANT)
    assert registry.log_path is not None
    since = registry.log_path.stat().st_size
    image = f"{registry.host}/gate/by-tag:1"

    async def test(verdicts: Verdicts) -> None:
        first = await verdicts.judge(image)
        assert first.error is None and len(first.findings("deny")) == 2
        assert _requests_for(registry, "gate/by-tag", since) == ["GET manifests", "GET blobs"]
        clock.now += 60.0
        again = await verdicts.judge(image)
        assert again.digest == first.digest and len(again.findings("deny")) == 2
        assert _requests_for(registry, "gate/by-tag", since)[2:] == ["HEAD manifests"]

    _run(registry, engine, clock, test)


def test_concurrent_reviews_of_a_new_tag_share_one_fetch(
    registry: LocalRegistry, engine: PolicyEngine
) -> None:
    registry.push_image("gate/by-tag-burst", "1", COMPLIANT)
    assert registry.log_path is not None
    since = registry.log_path.stat().st_size
    image = f"{registry.host}/gate/by-tag-burst:1"

    async def test(verdicts: Verdicts) -> None:
        answers = await asyncio.gather(*(verdicts.judge(image) for _ in range(10)))
        assert {a.digest for a in answers} == {answers[0].digest}
        assert all(a.error is None for a in answers)

    _run(registry, engine, Clock(), test)
    assert _requests_for(registry, "gate/by-tag-burst", since) == ["GET manifests", "GET blobs"]
