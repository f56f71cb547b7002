"""Image reference → findings, through the same pipeline as `gate image`, with the caches.

    reference ─HEAD→ digest (tag cache, TTL) ─GET→ configs of every platform (LRU by digest)
              ─base image (annotations) → base layers marked, best effort, bounded in time
              ─history → facts → policy→ findings (LRU by config digest + policy hash)

Registry answers are scoped to the credential that obtained them: an answer fetched anonymously
is served to every request; one fetched with credentials only to a request whose candidate
credentials for that registry include the same credential (compared by fingerprint, never by
secret). So a namespace without the pull secret cannot read a private image's history (its RUN
lines, quoted in denials) from the caches. Verdicts are shared by config digest: a request only
gets to them once it is entitled to the config.

Concurrent identical work (the same tag, digest or config, in the same scope) runs once. A
failure is remembered for a few seconds only, so a registry outage does not turn into a storm of
retries but is retried soon. Every registry request first passes the SSRF guard.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

import httpx

from gate.model import Finding, GateError
from gate.sources.image_config import ImageConfig
from gate.sources.images import base_reference, with_base_history
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
K = TypeVar("K", bound=Hashable)

# Whose answer a cached registry answer is: None for anonymous (anyone's), else the registry
# and the fingerprint of the credential that obtained it.
Scope = tuple[str, str] | None
# What a platform's findings depend on besides the policy: the config, the manifest digest and
# base digest (exceptions name them) and how many history entries come from the base image.
VerdictKey = tuple[str, str, str | None, int | None, str]


def scope_of(ref: ImageReference, creds: Credentials | None) -> Scope:
    """The cache scope of an answer fetched for `ref` with `creds`."""
    return None if creds is None else (ref.registry, creds.fingerprint)


@dataclass(frozen=True)
class CacheSettings:
    configs: int = 4096  # images (scope + manifest digest → configs of every platform)
    verdicts: int = 16384  # configs (config digest + policy hash → findings)
    tags: int = 4096
    tag_ttl: float = 60.0
    errors: int = 1024
    error_ttl: float = 5.0
    clients: int = 64  # registry clients kept for distinct credentials
    # At most this long (and half of what is left of the request's budget) spent fetching a
    # base image to mark base layers; past it every layer is judged as the team's own.
    base_timeout: float = 2.0


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
        self.configs: LRU[tuple[Scope, str], tuple[ImageConfig, ...]] = LRU(s.configs)
        self.verdicts: LRU[VerdictKey, tuple[Finding, ...]] = LRU(s.verdicts)
        self.tags: TTLCache[tuple[Scope, str], str] = TTLCache(s.tags, s.tag_ttl, clock)
        self.errors: TTLCache[tuple[str, Scope], RegistryError] = TTLCache(
            s.errors, s.error_ttl, clock
        )
        self._resolving: SingleFlight[tuple[str, Scope], str] = SingleFlight()
        self._fetching: SingleFlight[tuple[str, Scope], _Fetched] = SingleFlight()
        self._judging: SingleFlight[VerdictKey, tuple[Finding, ...]] = SingleFlight()
        self._clients: dict[Scope | tuple[str, None], RegistryClient] = {}
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

    async def judge(
        self,
        image: str,
        chain: CredentialChain | None = None,
        *,
        deadline: float | None = None,
    ) -> ImageVerdict:
        """The verdict for `image`, trying the chain's matching credentials, then anonymous.

        `deadline` (event loop time) bounds the best-effort base image lookup.
        """
        try:
            ref = parse_reference(image)
        except RegistryError as exc:
            return self._failed(image, image, exc)
        try:
            fetched = await self._fetch_any(ref, chain)
        except RefusedHost as exc:
            self.metrics.images.labels("refused").inc()
            return ImageVerdict(image, str(ref), error=exc.message, refused=True)
        except RegistryError as exc:
            return self._failed(image, str(ref), exc)
        configs = await self._with_bases(fetched.configs, chain, deadline)
        platforms = []
        for config in configs:
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

    def _failed(self, image: str, reference: str, exc: RegistryError) -> ImageVerdict:
        self.metrics.images.labels("error").inc()
        return ImageVerdict(image, reference, error=exc.message, transient=exc.transient)

    # -----------------------------------------------------------------------------------------
    # Registry.

    async def _fetch_any(self, ref: ImageReference, chain: CredentialChain | None) -> _Fetched:
        """The configs of `ref`: from the caches the request is entitled to, else fetched with
        the first candidate credentials the registry accepts (anonymous last)."""
        await self.guard.check(ref.registry)
        candidates: list[Credentials | None] = [*(chain.candidates(ref) if chain else ()), None]
        cached = self._cached(ref, candidates)
        if cached is not None:
            return cached
        refused_with_credentials: RegistryError | None = None
        for n, creds in enumerate(candidates):
            try:
                return await self._fetch(ref, creds)
            except RefusedHost:
                raise
            except RegistryError as exc:
                if not exc.access_denied:
                    raise
                if n == len(candidates) - 1:
                    # "check credentials" says more than the anonymous try's "no credentials".
                    raise (refused_with_credentials or exc) from None
                refused_with_credentials = refused_with_credentials or exc
        raise AssertionError("the anonymous try always ends the loop")  # pragma: no cover

    def _cached(
        self, ref: ImageReference, candidates: Sequence[Credentials | None]
    ) -> _Fetched | None:
        """A cached answer for `ref` in a scope open to these candidates: anonymous ones, or
        ones obtained with one of the candidate credentials for this registry."""
        scopes = list(dict.fromkeys(scope_of(ref, c) for c in (None, *candidates)))
        for scope in scopes:
            digest = ref.digest or self._tag(scope, ref)
            if digest is None:
                continue
            configs = self._configs(scope, digest)
            if configs is not None:
                if ref.digest is None:
                    self.metrics.cache_lookup("tag", True)
                self.metrics.cache_lookup("config", True)
                return _Fetched(digest, configs)
        return None

    def _tag(self, scope: Scope, ref: ImageReference) -> str | None:
        name = f"{ref.name}:{ref.tag}"
        found = self.tags.get((None, name))
        if found is None and scope is not None:
            found = self.tags.get((scope, name))
        return found

    def _configs(self, scope: Scope, digest: str) -> tuple[ImageConfig, ...] | None:
        found = self.configs.get((None, digest))
        if found is None and scope is not None:
            found = self.configs.get((scope, digest))
        return found

    async def _fetch(self, ref: ImageReference, creds: Credentials | None) -> _Fetched:
        scope = scope_of(ref, creds)
        key = (str(ref), scope)
        failed = self.errors.get(key)
        self.metrics.cache_lookup("error", failed is not None)
        if failed is not None:
            raise failed
        try:
            digest = await self._digest(ref, creds, scope)
            configs = self._configs(scope, digest)
            self.metrics.cache_lookup("config", configs is not None)
            if configs is not None:
                return _Fetched(digest, configs)
            return await self._shared(
                self._fetching, (digest, scope), "configs",
                lambda: self._fetch_configs(ref.with_digest(digest), creds, scope),
            )  # fmt: skip
        except RegistryError as exc:
            if not isinstance(exc, RefusedHost):
                self.errors.put(key, exc)
            raise

    async def _digest(self, ref: ImageReference, creds: Credentials | None, scope: Scope) -> str:
        if ref.digest is not None:
            return ref.digest
        cached = self._tag(scope, ref)
        self.metrics.cache_lookup("tag", cached is not None)
        if cached is not None:
            return cached
        key = (f"{ref.name}:{ref.tag}", scope)
        return await self._shared(
            self._resolving, key, "digest", lambda: self._resolve(ref, creds, scope)
        )

    async def _resolve(self, ref: ImageReference, creds: Credentials | None, scope: Scope) -> str:
        async def work() -> str:
            client = self._client(ref, creds)
            digest = await client.resolve(ref)
            if digest is None:  # HEAD told nothing: the GET of the manifest does
                digest = (await client.fetch_manifest(ref)).digest
            return digest

        digest = await self._timed("digest", work)
        self.tags.put((scope, f"{ref.name}:{ref.tag}"), digest)
        return digest

    async def _fetch_configs(
        self, ref: ImageReference, creds: Credentials | None, scope: Scope
    ) -> _Fetched:
        assert ref.digest is not None
        client = self._client(ref, creds)
        configs = tuple(
            await self._timed("configs", lambda: fetch_configs(ref, client=client))
        )
        self.configs.put((scope, ref.digest), configs)
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
        self, flight: SingleFlight[K, T], key: K, kind: str, work: Callable[[], Awaitable[T]]
    ) -> T:
        before = flight.shared
        try:
            return await flight.do(key, work)
        finally:
            if flight.shared != before:
                self.metrics.shared_fetches.labels(kind).inc()

    def _client(self, ref: ImageReference, creds: Credentials | None) -> RegistryClient:
        # Keyed by fingerprint: the secrets stay out of every key.
        key = scope_of(ref, creds) or (ref.registry, None)
        client = self._clients.get(key)
        if client is not None:
            return client
        options = self.registry_options
        if creds is not None:
            options = replace(options, credentials={ref.registry: creds})
        else:
            options = replace(options, credentials={})
        client = RegistryClient(options, before_request=self._check_request)
        if len(self._clients) >= self.settings.clients:
            # Too many credential sets to keep a pool for each: drop the oldest pool.
            oldest_key = next(iter(self._clients))
            oldest = self._clients.pop(oldest_key)
            asyncio.get_running_loop().create_task(_close_later(oldest))
        self._clients[key] = client
        return client

    async def _check_request(self, method: str, url: httpx.URL) -> None:
        """The SSRF guard on every request a client sends: token realms and redirects too."""
        host = f"[{url.host}]" if ":" in url.host else url.host
        await self.guard.check(f"{host}:{url.port}" if url.port else host)

    # -----------------------------------------------------------------------------------------
    # Base images.

    async def _with_bases(
        self,
        configs: tuple[ImageConfig, ...],
        chain: CredentialChain | None,
        deadline: float | None,
    ) -> tuple[ImageConfig, ...]:
        """`configs` with their base layers marked, as `gate image` marks them: from the base
        image their annotations or labels name, fetched with the request's credentials. Best
        effort and bounded in time: a base that cannot be fetched leaves every layer the
        team's own."""
        wanted = {r for r in (base_reference(c) for c in configs) if r is not None}
        if not wanted:
            return configs
        loop = asyncio.get_running_loop()
        budget = self.settings.base_timeout
        if deadline is not None:
            budget = min(budget, (deadline - loop.time()) / 2)
        bases: dict[str, tuple[ImageConfig, ...]] = {}

        async def one(text: str) -> None:
            try:
                async with asyncio.timeout(budget):
                    bases[text] = (await self._fetch_any(parse_reference(text), chain)).configs
            except (GateError, TimeoutError) as exc:
                reason = exc.message if isinstance(exc, GateError) else "timed out"
                log.info(
                    "base image not fetched",
                    extra={"fields": {"base": text, "reason": reason}},
                )

        if budget > 0:
            await asyncio.gather(*(one(text) for text in sorted(wanted)))
        return tuple(
            with_base_history(c, bases.get(base_reference(c) or "", ())) for c in configs
        )

    # -----------------------------------------------------------------------------------------
    # Policy.

    async def _findings(self, config: ImageConfig) -> tuple[Finding, ...]:
        key: VerdictKey = (
            config.config_digest, config.digest, config.base_digest, config.base_history_len,
            self.engine.policy_hash,
        )  # fmt: skip
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

