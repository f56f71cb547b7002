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
retries but is retried soon. Every registry request first passes the SSRF guard (clients.py).
The caches are in cache.py, the judging of a config in judging.py.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from gate.model import Finding, GateError
from gate.sources.image_config import ImageConfig
from gate.sources.images import base_reference, with_base_history
from gate.sources.registry.client import Fetched
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.fetch import fetch_configs
from gate.sources.registry.options import Credentials, RegistryOptions
from gate.sources.registry.reference import ImageReference, parse_reference
from gate.webhook.cache import (
    CacheSettings,
    RegistryCaches,
    Scope,
    SingleFlight,
    VerdictKey,
    scope_of,
)
from gate.webhook.clients import ClientPool
from gate.webhook.credentials import CredentialChain
from gate.webhook.judging import Judge, JudgeFailed, JudgeLimits
from gate.webhook.metrics import Metrics
from gate.webhook.slots import TENANT, TenantSlots
from gate.webhook.ssrf import REFUSED, UNREACHABLE, HostGuard, RefusedHost

__all__ = ["CacheSettings", "ImageVerdict", "PlatformVerdict", "Verdicts"]

if TYPE_CHECKING:
    from gate.policy.engine import PolicyEngine
    from gate.runner import PolicyOptions

log = logging.getLogger("gate.webhook")
T = TypeVar("T")
# The Pod author's reason when the policy engine failed on an image's facts (the log says why).
UNREADABLE = "the gate could not evaluate its history (its content is not what the gate reads)"
K = TypeVar("K", bound=Hashable)

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


@dataclass
class _Asked:
    """When a fetch began waiting for a registry slot (Verdicts._registry_slots), and when it
    got one: its registry was asked from then on."""

    queued: float | None = None
    at: float | None = None

    def late(self, deadline: float) -> bool:
        """Whether the wait for a slot took more than half of the time the fetch had left when
        it began waiting: then a deadline passing is not its registry's failure to answer."""
        if self.queued is None:
            return False
        return self.at is None or deadline - self.at < (deadline - self.queued) / 2


def _busy(ref: ImageReference) -> RegistryError:
    """The deadline passed while fetches from other registries held the registry slots:
    `ref`'s registry was asked late or never. Not transient: --registry-failure open admits
    what a registry failed to answer. Slots held by registries that never answer (anyone may
    name one in a Pod) admitted a non-compliant image from a healthy registry, asked 0.05 s
    before the deadline."""
    return RegistryError(
        f"registry {ref.registry}: not asked in time: the gate was busy fetching other images "
        "until the API server's deadline; try again"
    )


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
        judge_limits: JudgeLimits | None = None,
        today: Callable[[], str] = lambda: time.strftime("%Y-%m-%d", time.gmtime()),
    ) -> None:
        self.engine = engine
        self.policy = policy
        self.registry_options = registry_options
        self.guard = guard
        self.metrics = metrics
        self.settings = caches or CacheSettings()
        self.caches = RegistryCaches(self.settings, clock)
        self._resolving: SingleFlight[tuple[str, Scope], str] = SingleFlight()
        self._fetching: SingleFlight[tuple[str, Scope], _Fetched] = SingleFlight()
        self._fetching_new: SingleFlight[tuple[str, Scope], _Fetched] = SingleFlight()
        self._judging: SingleFlight[VerdictKey, tuple[Finding, ...]] = SingleFlight()
        self.clients = ClientPool(registry_options, guard, self.settings.clients)
        # Images fetched from registries at once. More only queue inside the connection pools,
        # where each waiting request costs the event loop time on every wake-up; in a burst of
        # admissions the loop is what is short. Shared by namespaces, none taking them all
        # (slots.py): one naming hanging registries held every place until its deadlines.
        self._registry_slots = TenantSlots(
            self.settings.registry_fetches, self.settings.registry_fetches_per_tenant
        )
        # Slots held, by registry: whether a wait was for the image's own registry.
        self._holding: Counter[str] = Counter()
        self.judge_pool = Judge(engine, policy, judge_limits)
        # The policies read the day (`time.now_ns()` for exception expiry): part of every key.
        self._today = today

    @property
    def policy_hash(self) -> str:
        return self.engine.policy_hash

    async def aclose(self) -> None:
        await self.clients.aclose()
        self.judge_pool.close()

    async def start(self) -> None:
        """Start the judge workers (the first judgement would, later and slower)."""
        await self.judge_pool.start()

    # -----------------------------------------------------------------------------------------

    async def judge(
        self,
        image: str,
        chain: CredentialChain | None = None,
        *,
        deadline: float | None = None,
        tenant: str = "",
    ) -> ImageVerdict:
        """The verdict for `image`, trying the chain's matching credentials, then anonymous.
        `tenant` (the namespace asking) shares the registry slots with the others.

        `deadline` (event loop time) bounds the registry's part (a transient failure past it)
        and the judging (a lasting one: see judging.py); None: the judge's own maximum.
        """
        # The guard's name lookups share their threads by tenant too (lookups.py).
        token = TENANT.set(tenant)
        try:
            return await self._judge(image, chain, deadline, tenant)
        finally:
            TENANT.reset(token)

    async def _judge(
        self, image: str, chain: CredentialChain | None, deadline: float | None, tenant: str
    ) -> ImageVerdict:
        loop = asyncio.get_running_loop()
        if deadline is None:
            deadline = loop.time() + self.judge_pool.limits.max_seconds
        try:
            ref = parse_reference(image)
        except RegistryError as exc:
            return self._failed(image, image, exc)
        asked = _Asked()
        try:
            async with asyncio.timeout_at(deadline):
                fetched = await self._fetch_any(ref, chain, asked, tenant)
        except RefusedHost as exc:
            self.metrics.images.labels("refused").inc()
            fields = {"image": image, "reason": exc.message}
            log.warning("registry refused", extra={"fields": fields})
            error = f"registry {ref.registry}: {REFUSED}"
            return ImageVerdict(image, str(ref), error=error, refused=True)
        except RegistryError as exc:
            return self._failed(image, str(ref), exc)
        except TimeoutError:
            self.metrics.deadline_exceeded.inc()
            if asked.late(deadline) and not self._mostly_held_by(ref.registry):
                return self._failed(image, str(ref), _busy(ref))
            late = RegistryError(
                f"registry {ref.registry}: no answer before the API server's deadline",
                transient=True,
            )
            return self._failed(image, str(ref), late)
        configs = await self._with_bases(fetched.configs, chain, deadline, tenant)
        platforms = []
        for config in configs:
            try:
                findings = await self._findings(config, deadline)
            except GateError as exc:
                return self._unjudged(image, str(ref), fetched.digest, config, exc)
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
        message = exc.message
        if exc.unreachable:
            # Refused, timed out, reset or TLS failed: the difference would map the network for
            # whoever names hosts in images. The log has it.
            fields = {"image": image, "reason": message}
            log.warning("registry unreachable", extra={"fields": fields})
            message = f"registry {parse_reference(reference).registry}: {UNREACHABLE}"
        return ImageVerdict(image, reference, error=message, transient=exc.transient)

    def _unjudged(
        self, image: str, reference: str, digest: str, config: ImageConfig, exc: GateError
    ) -> ImageVerdict:
        """The registry answered but the gate could not judge what it sent: never transient,
        so --registry-failure open does not admit it. The Pod author reads what went wrong in
        general terms; the log has the detail."""
        detail = exc.detail if isinstance(exc, JudgeFailed) else exc.message
        log.warning(
            "image not judged",
            extra={"fields": {"image": image, "config": config.config_digest, "reason": detail}},
        )
        self.metrics.images.labels("error").inc()
        message = exc.message if isinstance(exc, JudgeFailed) else UNREADABLE
        return ImageVerdict(image, reference, digest, error=message)

    # -----------------------------------------------------------------------------------------
    # Registry.

    async def _fetch_any(
        self,
        ref: ImageReference,
        chain: CredentialChain | None,
        asked: _Asked | None = None,
        tenant: str = "",
    ) -> _Fetched:
        """The configs of `ref`: from the caches the request is entitled to, else fetched with
        the first candidate credentials the registry accepts (anonymous last). `asked` records
        the wait for a registry slot."""
        await self.guard.check(ref.registry)
        candidates: list[Credentials | None] = [*(chain.candidates(ref) if chain else ()), None]
        cached = self.caches.entitled(ref, candidates)
        if cached is not None:
            digest, configs, by_tag = cached
            if by_tag:
                self.metrics.cache_lookup("tag", True)
            self.metrics.cache_lookup("config", True)
            return _Fetched(digest, configs)
        asked = asked or _Asked()
        loop = asyncio.get_running_loop()
        asked.queued = loop.time()
        async with self._registry_slots.place(tenant):
            asked.at = loop.time()
            self._holding[ref.registry] += 1
            try:
                return await self._fetch_with(ref, candidates)
            finally:
                self._holding[ref.registry] -= 1
                if not self._holding[ref.registry]:
                    del self._holding[ref.registry]

    def _mostly_held_by(self, registry: str) -> bool:
        """Whether `registry`'s own fetches hold at least half of the registry slots: an image
        that waited behind them waited for its registry (a registry failure, as an outage is),
        not for others."""
        return 2 * self._holding[registry] >= self.settings.registry_fetches

    async def _fetch_with(
        self, ref: ImageReference, candidates: list[Credentials | None]
    ) -> _Fetched:
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

    async def _fetch(self, ref: ImageReference, creds: Credentials | None) -> _Fetched:
        scope = scope_of(ref, creds)
        key = (str(ref), scope)
        failed = self.caches.errors.get(key)
        self.metrics.cache_lookup("error", failed is not None)
        if failed is not None:
            raise copy.copy(failed)  # raising the kept one would attach this request's frames
        try:
            digest = await self._digest(ref, creds, scope)
            if digest is None:
                return await self._shared(
                    self._fetching_new, (f"{ref.name}:{ref.tag}", scope), "configs",
                    lambda: self._fetch_new_tag(ref, creds, scope),
                )  # fmt: skip
            configs = self.caches.configs_of(scope, digest)
            self.metrics.cache_lookup("config", configs is not None)
            if configs is not None:
                return _Fetched(digest, configs)
            return await self._shared(
                self._fetching, (digest, scope), "configs",
                lambda: self._fetch_configs(ref.with_digest(digest), creds, scope),
            )  # fmt: skip
        except RegistryError as exc:
            if not isinstance(exc, RefusedHost):
                # A copy, without the traceback and the exception it was raised from: those
                # hold the frames of the failed fetch, and through them its registry client's
                # connection pool, alive as long as the error is kept (1,024 of them).
                self.caches.errors.put(key, copy.copy(exc))
            raise

    async def _digest(
        self, ref: ImageReference, creds: Credentials | None, scope: Scope
    ) -> str | None:
        """The digest `ref` names; None for a tag never seen (fetched by tag at once)."""
        if ref.digest is not None:
            return ref.digest
        cached = self.caches.tag(scope, ref)
        self.metrics.cache_lookup("tag", cached is not None)
        if cached is not None:
            return cached
        if not self.caches.known_tag(scope, ref):
            return None
        key = (f"{ref.name}:{ref.tag}", scope)
        return await self._shared(
            self._resolving, key, "digest", lambda: self._resolve(ref, creds, scope)
        )

    async def _resolve(self, ref: ImageReference, creds: Credentials | None, scope: Scope) -> str:
        async def work() -> str:
            async with self.clients.using(ref, creds) as client:
                digest = await client.resolve(ref)
                if digest is None:  # HEAD told nothing: the GET of the manifest does
                    digest = (await client.fetch_manifest(ref)).digest
                return digest

        digest = await self._timed("digest", work)
        self.caches.put_tag(scope, ref, digest)
        return digest

    async def _fetch_new_tag(
        self, ref: ImageReference, creds: Credentials | None, scope: Scope
    ) -> _Fetched:
        """A tag never seen: its manifest by tag (no HEAD first), then its configs."""
        async with self.clients.using(ref, creds) as client:
            top = await self._timed("digest", lambda: client.fetch_manifest(ref, by_tag=True))
        self.caches.put_tag(scope, ref, top.digest)
        configs = self.caches.configs_of(scope, top.digest)
        self.metrics.cache_lookup("config", configs is not None)
        if configs is not None:
            return _Fetched(top.digest, configs)
        return await self._shared(
            self._fetching, (top.digest, scope), "configs",
            lambda: self._fetch_configs(ref.with_digest(top.digest), creds, scope, top),
        )  # fmt: skip

    async def _fetch_configs(
        self,
        ref: ImageReference,
        creds: Credentials | None,
        scope: Scope,
        top: Fetched | None = None,
    ) -> _Fetched:
        assert ref.digest is not None
        async with self.clients.using(ref, creds) as client:
            configs = tuple(
                await self._timed("configs", lambda: fetch_configs(ref, client=client, top=top))
            )
        self.caches.configs.put((scope, ref.digest), configs, sum(c.size for c in configs))
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

    # -----------------------------------------------------------------------------------------
    # Base images.

    async def _with_bases(
        self,
        configs: tuple[ImageConfig, ...],
        chain: CredentialChain | None,
        deadline: float | None,
        tenant: str = "",
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
                    base = await self._fetch_any(parse_reference(text), chain, None, tenant)
                    bases[text] = base.configs
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

    async def _findings(self, config: ImageConfig, deadline: float) -> tuple[Finding, ...]:
        key: VerdictKey = (
            config.config_digest, config.digest, config.base_digest, config.base_history_len,
            self.engine.policy_hash, self._today(),
        )  # fmt: skip
        cached = self.caches.verdicts.get(key)
        self.metrics.cache_lookup("verdict", cached is not None)
        if cached is not None:
            return cached

        async def work() -> tuple[Finding, ...]:
            findings, size = await self.judge_pool.judged(config, deadline)
            self.caches.verdicts.put(key, findings, size)
            return findings

        return await self._shared(self._judging, key, "verdict", work)
