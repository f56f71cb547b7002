"""The webhook's caches, together: the bounded LRU and TTL kinds, the four registry and verdict
caches built from them (RegistryCaches), and a single-flight for concurrent identical work.

Registry answers are scoped to the credential that obtained them (Scope): an answer fetched
anonymously is served to every request; one fetched with credentials only to a request whose
candidate credentials for that registry include the same credential (compared by fingerprint,
never by secret).

All of them belong to one event loop and are not thread-safe: the server runs on one loop.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from gate.model import Finding
    from gate.sources.image_config import ImageConfig
    from gate.sources.registry.errors import RegistryError
    from gate.sources.registry.options import Credentials
    from gate.sources.registry.reference import ImageReference

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Clock = Callable[[], float]
_ABSENT = object()


class LRU(Generic[K, V]):
    """At most `size` entries; the least recently used one goes first. For immutable values
    (configs by digest; verdicts by config digest, policy hash and UTC day), which never need to
    expire.

    With `max_weight`, the entries' weights (given to `put`: what a value holds in memory,
    estimated) also stay within it, and a value heavier than all of it is not kept: a count
    alone let 60 images of 7 MiB configs take the server from 60 to 500 MB, for good."""

    def __init__(self, size: int, max_weight: int | None = None) -> None:
        if size < 1:
            raise ValueError(f"cache size must be at least 1, got {size}")
        self.size = size
        self.max_weight = max_weight
        self.weight = 0
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._weights: dict[K, int] = {}
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

    def put(self, key: K, value: V, weight: int = 0) -> None:
        self.pop(key)
        if self.max_weight is not None and weight > self.max_weight:
            return
        self._entries[key] = value
        self._weights[key] = weight
        self.weight += weight
        while len(self._entries) > self.size or (
            self.max_weight is not None and self.weight > self.max_weight
        ):
            self.pop(next(iter(self._entries)))

    def pop(self, key: K) -> None:
        """Forget `key`, when it is there."""
        if self._entries.pop(key, _ABSENT) is not _ABSENT:
            self.weight -= self._weights.pop(key)

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
            self._lru.pop(key)
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


# ---------------------------------------------------------------------------------------------
# The registry and verdict caches.

# Whose answer a cached registry answer is: None for anonymous (anyone's), else the registry
# and the fingerprint of the credential that obtained it.
Scope = tuple[str, str] | None
# What a platform's findings depend on besides the policy: the config, the manifest digest and
# base digest (exceptions name them), how many history entries come from the base image, and
# the day in UTC (an exception's `expires` is a day: a verdict it suppressed must not outlive it).
VerdictKey = tuple[str, str, str | None, int | None, str, str]


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
    # Memory the configs and the verdicts kept may hold, each (estimated: ImageConfig.size, the
    # findings as the judge sent them). Real configs weigh 3-25 KB each (shared/realworld-images),
    # so 32 MiB keeps over a thousand; a registry's 7 MiB configs or 2,000 findings per image
    # used to be kept 4,096 and 16,384 times over (each image +7-10 MB of the server, for good).
    config_bytes: int = 32 * 1024 * 1024
    verdict_bytes: int = 32 * 1024 * 1024
    error_ttl: float = 5.0
    clients: int = 64  # registry clients kept for distinct credentials
    registry_fetches: int = 8  # images fetched from registries at once
    # Of those, at most this many for one namespace (None: half); see slots.py.
    registry_fetches_per_tenant: int | None = None
    # At most this long (and half of what is left of the request's budget) spent fetching a
    # base image to mark base layers; past it every layer is judged as the team's own.
    base_timeout: float = 2.0


class RegistryCaches:
    """tag → digest (TTL), digest → configs (LRU), config → findings (LRU), failures (short TTL),
    and the tags seen before (LRU)."""

    def __init__(self, settings: CacheSettings, clock: Clock = time.monotonic) -> None:
        s = self.settings = settings
        configs: LRU[tuple[Scope, str], tuple[ImageConfig, ...]] = LRU(s.configs, s.config_bytes)
        self.configs = configs
        self.verdicts: LRU[VerdictKey, tuple[Finding, ...]] = LRU(s.verdicts, s.verdict_bytes)
        self.tags: TTLCache[tuple[Scope, str], str] = TTLCache(s.tags, s.tag_ttl, clock)
        # Tags looked up before, kept past their TTL: one is revalidated with a HEAD (free on
        # Docker Hub's pull limit, and the configs are likely cached), a new one is fetched
        # with a GET by tag at once (one round trip fewer).
        self.known_tags: LRU[tuple[Scope, str], None] = LRU(s.tags)
        self.errors: TTLCache[tuple[str, Scope], RegistryError] = TTLCache(
            s.errors, s.error_ttl, clock
        )

    def tag(self, scope: Scope, ref: ImageReference) -> str | None:
        """The digest `ref`'s tag pointed to, as seen anonymously or in `scope`."""
        name = f"{ref.name}:{ref.tag}"
        found = self.tags.get((None, name))
        if found is None and scope is not None:
            found = self.tags.get((scope, name))
        return found

    def put_tag(self, scope: Scope, ref: ImageReference, digest: str) -> None:
        """Remember that `ref`'s tag points to `digest` (for the TTL) and that it was seen."""
        name = f"{ref.name}:{ref.tag}"
        self.tags.put((scope, name), digest)
        self.known_tags.put((scope, name), None)

    def known_tag(self, scope: Scope, ref: ImageReference) -> bool:
        """Whether `ref`'s tag was looked up before, anonymously or in `scope`."""
        name = f"{ref.name}:{ref.tag}"
        return (None, name) in self.known_tags or (scope, name) in self.known_tags

    def configs_of(self, scope: Scope, digest: str) -> tuple[ImageConfig, ...] | None:
        """The configs of manifest `digest`, as fetched anonymously or in `scope`."""
        found = self.configs.get((None, digest))
        if found is None and scope is not None:
            found = self.configs.get((scope, digest))
        return found

    def entitled(
        self, ref: ImageReference, candidates: Sequence[Credentials | None]
    ) -> tuple[str, tuple[ImageConfig, ...], bool] | None:
        """(digest, configs, whether the tag was cached) for `ref` in a scope open to these
        candidates: anonymous ones, or ones obtained with one of the candidate credentials."""
        scopes = list(dict.fromkeys(scope_of(ref, c) for c in (None, *candidates)))
        for scope in scopes:
            digest = ref.digest or self.tag(scope, ref)
            if digest is None:
                continue
            configs = self.configs_of(scope, digest)
            if configs is not None:
                return digest, configs, ref.digest is None
        return None
