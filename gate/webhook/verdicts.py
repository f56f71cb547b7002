"""Image reference → findings, through the same pipeline as `gate image`, with the caches.

    reference ─HEAD→ digest (tag cache, TTL) ─GET→ configs of every platform (LRU by digest)
              ─history → facts → policy→ findings (LRU by config digest + policy hash)

Concurrent identical work (the same tag, digest or config) runs once. A failure is remembered
for a few seconds only, so a registry outage does not turn into a storm of retries but is
retried soon. Every registry request first passes the SSRF guard.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

import httpx

from gate.model import Finding, GateError
from gate.sources.image_config import ImageConfig
from gate.sources.registry.client import RegistryClient
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.fetch import fetch_configs
from gate.sources.registry.options import Credentials, RegistryOptions
from gate.sources.registry.reference import ImageReference, parse_reference
from gate.webhook.cache import LRU, SingleFlight, TTLCache
from gate.webhook.credentials import CredentialChain
from gate.webhook.metrics import Metrics
from gate.webhook.ssrf import HostGuard, RefusedHost

if TYPE_CHECKING:
    from gate.policy.engine import PolicyEngine
    from gate.runner import PolicyOptions

log = logging.getLogger("gate.webhook")
T = TypeVar("T")
T2 = TypeVar("T2")

# What makes a registry failure worth trying again soon: the registry could not be reached or
# was overloaded. Every other failure (unknown manifest, not an image, bad reference) stays the
# same on a retry. RegistryError carries only its message, so the message is what is read.
_TRANSIENT = (
    "timed out",
    "cannot connect",
    "server error (",
    "too many requests",
    "connection broke",
    "gave up on",
)
# Answers that may mean "these credentials do not open this repository": try the next ones.
_AUTH = ("unauthorized (401)", "access denied (403)", "refused the credentials",
         "refused anonymous access", "repository unknown")  # fmt: skip


def is_transient(message: str) -> bool:
    """True when a registry failure may go away on its own (unreachable, overloaded)."""
    return any(marker in message for marker in _TRANSIENT)


@dataclass(frozen=True)
class CacheSettings:
    configs: int = 4096  # images (manifest digest → configs of every platform)
    verdicts: int = 16384  # configs (config digest + policy hash → findings)
    tags: int = 4096
    tag_ttl: float = 60.0
    errors: int = 1024
    error_ttl: float = 5.0
    clients: int = 64  # registry clients kept for distinct credentials


@dataclass(frozen=True)
class PlatformVerdict:
    """The findings of one platform image."""

    platform: str | None
    config_digest: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ImageVerdict:
    """What the gate found for one image reference; `error` when it could not judge it."""

    image: str
    reference: str
    digest: str | None = None
    platforms: tuple[PlatformVerdict, ...] = ()
    error: str | None = None
    transient: bool = False  # the error may go away on a retry (registry unreachable)
    refused: bool = False  # the SSRF guard refused the registry host

    def findings(self, severity: str) -> list[tuple[PlatformVerdict, Finding]]:
        """Findings of `severity` that no exception suppressed, with their platform."""
        return [
            (p, f)
            for p in self.platforms
            for f in p.findings
            if f.severity == severity and not f.suppressed
        ]


@dataclass(frozen=True)
class _Fetched:
    digest: str
    configs: tuple[ImageConfig, ...]


class Verdicts:
    """Judges images for the webhook; one per server, used from one event loop."""

    def __init__(
        self,
        engine: PolicyEngine,
        policy: PolicyOptions,
        registry_options: RegistryOptions,
        guard: HostGuard,
        metrics: Metrics,
        caches: CacheSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.registry_options = registry_options
        self.guard = guard
        self.metrics = metrics
        self.settings = caches or CacheSettings()
        s = self.settings
        self.configs: LRU[str, tuple[ImageConfig, ...]] = LRU(s.configs)
        self.verdicts: LRU[tuple[str, str], tuple[Finding, ...]] = LRU(s.verdicts)
        self.tags: TTLCache[str, str] = TTLCache(s.tags, s.tag_ttl, clock)
        self.errors: TTLCache[tuple[str, Credentials | None], RegistryError] = TTLCache(
            s.errors, s.error_ttl, clock
        )
        self._resolving: SingleFlight[tuple[str, Credentials | None], str] = SingleFlight()
        self._fetching: SingleFlight[tuple[str, Credentials | None], _Fetched] = SingleFlight()
        self._judging: SingleFlight[tuple[str, str], tuple[Finding, ...]] = SingleFlight()
        self._clients: dict[tuple[str, Credentials | None], RegistryClient] = {}
        # Judging runs on one worker thread so that it does not stall the event loop (health
        # checks, other requests' fetches). regorus engines are bound to the thread that made
        # them: the worker compiles its own from the same bundle (same policy hash).
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="gate-judge", initializer=self._init_worker
        )

    @property
    def policy_hash(self) -> str:
        return self.engine.policy_hash

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -----------------------------------------------------------------------------------------

    async def judge(self, image: str, chain: CredentialChain | None = None) -> ImageVerdict:
        """The verdict for `image`, trying the chain's matching credentials, then anonymous."""
        try:
            ref = parse_reference(image)
        except RegistryError as exc:
            return self._failed(image, image, exc)
        try:
            await self.guard.check(ref.registry)
        except RefusedHost as exc:
            self.metrics.images.labels("refused").inc()
            return ImageVerdict(image, str(ref), error=exc.message, refused=True)
        candidates: list[Credentials | None] = [*(chain.candidates(ref) if chain else ()), None]
        fetched: _Fetched | None = None
        refused_with_credentials: RegistryError | None = None
        for n, creds in enumerate(candidates):
            try:
                fetched = await self._fetch(ref, creds)
                break
            except RegistryError as exc:
                last = n == len(candidates) - 1
                if isinstance(exc, RefusedHost):
                    self.metrics.images.labels("refused").inc()
                    return ImageVerdict(image, str(ref), error=exc.message, refused=True)
                if not any(marker in exc.message for marker in _AUTH):
                    return self._failed(image, str(ref), exc)
                if last:
                    # "check credentials" says more than the anonymous try's "no credentials".
                    return self._failed(image, str(ref), refused_with_credentials or exc)
                refused_with_credentials = refused_with_credentials or exc
        assert fetched is not None
        platforms = []
        for config in fetched.configs:
            findings = await self._findings(config)
            platform = str(config.platform) if config.platform is not None else None
            platforms.append(PlatformVerdict(platform, config.config_digest, findings))
        verdict = ImageVerdict(image, str(ref), fetched.digest, tuple(platforms))
        result = (
            "denied"
            if verdict.findings("deny")
            else "warned"
            if verdict.findings("warn")
            else "compliant"
        )
        self.metrics.images.labels(result).inc()
        return verdict

    def _failed(self, image: str, reference: str, exc: GateError) -> ImageVerdict:
        self.metrics.images.labels("error").inc()
        return ImageVerdict(
            image, reference, error=exc.message, transient=is_transient(exc.message)
        )

    # -----------------------------------------------------------------------------------------
    # Registry.

    async def _fetch(self, ref: ImageReference, creds: Credentials | None) -> _Fetched:
        # Credentials are frozen and hashable (secrets kept out of repr): they key the caches
        # so that one pod's failed credentials do not answer for another pod's.
        key = (str(ref), creds)
        failed = self.errors.get(key)
        self.metrics.cache_lookup("error", failed is not None)
        if failed is not None:
            raise failed
        try:
            digest = await self._digest(ref, creds)
            configs = self.configs.get(digest)
            self.metrics.cache_lookup("config", configs is not None)
            if configs is not None:
                return _Fetched(digest, configs)
            return await self._shared(
                self._fetching, (digest, key[1]), "configs",
                lambda: self._fetch_configs(ref.with_digest(digest), creds),
            )  # fmt: skip
        except RegistryError as exc:
            if not isinstance(exc, RefusedHost):
                self.errors.put(key, exc)
            raise

    async def _digest(self, ref: ImageReference, creds: Credentials | None) -> str:
        if ref.digest is not None:
            return ref.digest
        name = f"{ref.name}:{ref.tag}"
        cached = self.tags.get(name)
        self.metrics.cache_lookup("tag", cached is not None)
        if cached is not None:
            return cached
        key = (name, creds)
        return await self._shared(self._resolving, key, "digest", lambda: self._resolve(ref, creds))

    async def _resolve(self, ref: ImageReference, creds: Credentials | None) -> str:
        async def work() -> str:
            client = self._client(ref, creds)
            digest = await client.resolve(ref)
            if digest is None:  # HEAD told nothing: the GET of the manifest does
                digest = (await client.fetch_manifest(ref)).digest
            return digest

        digest = await self._timed("digest", work)
        self.tags.put(f"{ref.name}:{ref.tag}", digest)
        return digest

    async def _fetch_configs(self, ref: ImageReference, creds: Credentials | None) -> _Fetched:
        assert ref.digest is not None
        client = self._client(ref, creds)
        configs = tuple(
            await self._timed("configs", lambda: fetch_configs(ref, client=client))
        )
        self.configs.put(ref.digest, configs)
        return _Fetched(ref.digest, configs)

    async def _timed(self, kind: str, work: Callable[[], Awaitable[T]]) -> T:
        started = time.perf_counter()
        try:
            value = await work()
        except BaseException:
            self.metrics.registry_requests.labels(kind, "error").inc()
            raise
        finally:
            self.metrics.registry_latency.labels(kind).observe(time.perf_counter() - started)
        self.metrics.registry_requests.labels(kind, "ok").inc()
        return value

    async def _shared(
        self,
        flight: SingleFlight[tuple[str, T2], T],
        key: tuple[str, T2],
        kind: str,
        work: Callable[[], Awaitable[T]],
    ) -> T:
        before = flight.shared
        try:
            return await flight.do(key, work)
        finally:
            if flight.shared != before:
                self.metrics.shared_fetches.labels(kind).inc()

    def _client(self, ref: ImageReference, creds: Credentials | None) -> RegistryClient:
        key = (ref.registry, creds)
        client = self._clients.get(key)
        if client is not None:
            return client
        options = self.registry_options
        if creds is not None:
            options = replace(options, credentials={ref.registry: creds})
        else:
            options = replace(options, credentials={})
        client = RegistryClient(options)
        _guard_requests(client, self.guard)
        if len(self._clients) >= self.settings.clients:
            # Too many credential sets to keep a pool for each: drop the oldest pool.
            oldest_key = next(iter(self._clients))
            oldest = self._clients.pop(oldest_key)
            asyncio.get_running_loop().create_task(_close_later(oldest))
        self._clients[key] = client
        return client

    # -----------------------------------------------------------------------------------------
    # Policy.

    async def _findings(self, config: ImageConfig) -> tuple[Finding, ...]:
        key = (config.config_digest, self.engine.policy_hash)
        cached = self.verdicts.get(key)
        self.metrics.cache_lookup("verdict", cached is not None)
        if cached is not None:
            return cached

        async def work() -> tuple[Finding, ...]:
            loop = asyncio.get_running_loop()
            findings = await loop.run_in_executor(self._executor, self._judge_sync, config)
            self.verdicts.put(key, findings)
            return findings

        return await self._shared(self._judging, key, "verdict", work)

    def _init_worker(self) -> None:
        from gate.policy.engine import EmbeddedEngine

        engine = self.engine
        if isinstance(engine, EmbeddedEngine):
            engine = EmbeddedEngine(engine.bundle)
        self._local.engine = engine

    def _judge_sync(self, config: ImageConfig) -> tuple[Finding, ...]:
        from gate.runner import judge
        from gate.sources.images import build_sources

        engine: PolicyEngine = self._local.engine
        findings: list[Finding] = []
        for source in build_sources([config], "image"):
            findings.extend(judge(source, engine, self.policy).findings)
        return tuple(findings)


async def _close_later(client: RegistryClient, delay: float = 60.0) -> None:
    # Requests already under way keep using the pool for a while; close it once they are done.
    await asyncio.sleep(delay)
    await client.aclose()


def _guard_requests(client: RegistryClient, guard: HostGuard) -> None:
    """Run the SSRF guard on every request the client sends: token realms and redirects too."""

    async def check(request: httpx.Request) -> None:
        url = request.url
        host = f"[{url.host}]" if ":" in url.host else url.host
        await guard.check(f"{host}:{url.port}" if url.port else host)

    # RegistryClient has no hook of its own; its httpx client's event hooks see every request.
    http: httpx.AsyncClient = client._http
    http.event_hooks = {**http.event_hooks, "request": [*http.event_hooks["request"], check]}
