"""Which registry hosts, and which of their addresses, the webhook may connect to.

Image references come from whoever may create a Pod; without a guard, `image: 169.254.169.254/x`
makes the webhook fetch from the cloud metadata service, from its own loopback or from any
service inside the cluster. The guard resolves a host once and approves addresses; the registry
client then connects to exactly those addresses (gate/sources/registry/client.py, `Connector`),
so a name that resolves to a public address for the check and to 127.0.0.1 for the connection
(DNS rebinding, TTL 0) never reaches 127.0.0.1.

Refused by default: loopback, link-local, unspecified, multicast, broadcast and reserved
addresses, cloud metadata addresses, and IPv6 forms that carry an IPv4 address (IPv4-mapped and
-compatible, NAT64, 6to4, Teredo), which could reach any of those. Private ranges (RFC 1918, CGNAT,
unique local IPv6) only for hosts configured with --allow-private-registry; any address only for
hosts configured with --allow-registry-host.

What the Pod author is told names neither the address nor why it was refused (that is in the
log): the answer must not let anyone map the cluster's network through the webhook.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence

from gate.sources.registry.errors import RegistryError
from gate.webhook.cache import LRU, TTLCache
from gate.webhook.lookups import LookupBusy, Lookups, NoSuchName

log = logging.getLogger("gate.webhook")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# name, port → the addresses the name resolves to (empty when it does not resolve).
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

# Cloud metadata services that are not inside the link-local ranges.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (classic)
    )
)
# IPv6 prefixes that embed an IPv4 address a gateway would connect to.
_EMBEDDING = tuple(
    ipaddress.ip_network(n)
    for n in (
        "64:ff9b::/96",  # NAT64, well-known prefix
        "64:ff9b:1::/48",  # NAT64, local-use
        "2002::/16",  # 6to4
        "2001::/32",  # Teredo
        "::/96",  # IPv4-compatible (deprecated)
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")  # not is_private in Python, private in practice
# IPv6 site-local (RFC 3879 deprecated it, existing networks may still use it): Python counts it
# neither private nor reserved, so it passed as a public address.
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
# Pod author's reasons: one for every refusal, one for every connection failure.
REFUSED = "not a registry the gate may reach"
UNREACHABLE = "cannot be reached"


class RefusedHost(RegistryError):
    """The registry host is one the webhook must not reach; the message (for the log) says why."""


def address_problem(address: IPAddress, *, private_allowed: bool = False) -> str | None:
    """Why the webhook must not connect to `address`, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv6Address) and any(address in n for n in _EMBEDDING):
        return "an IPv6 address carrying an IPv4 address (NAT64, 6to4, Teredo, compatible)"
    if address.is_reserved or address == ipaddress.IPv4Address("255.255.255.255"):
        return "a reserved address"
    private = address.is_private or address in _CGNAT or address in _SITE_LOCAL
    if private and not private_allowed:
        return "a private address (allow the host with --allow-private-registry)"
    if private or address.is_global:
        return None
    return "an address that is not globally routable"


def split_host(host: str) -> tuple[str, int | None]:
    """``name[:port]`` or ``[v6]:port`` → (name, port)."""
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return name, int(port) if port.isdigit() else None
    name, sep, port = host.rpartition(":")
    if sep and port.isdigit() and ":" not in name:
        return name, int(port)
    return host, None


# What the approval cache holds for a name that does not exist (no address is empty).
_NO_SUCH_NAME_MARK = ("",)
# What _approve answers when no lookup thread was free in time (never cached).
_BUSY_MARK = ("busy",)


class HostGuard:
    """Approves the addresses the webhook may connect to for a registry host.

    `allow`: hosts (``name`` or ``name:port``, as in image references) that may resolve anywhere,
    e.g. a registry on a node's loopback. `private`: hosts that may resolve to private ranges (an
    in-cluster registry). `resolve` is the one place names are resolved. An approval is kept for
    `ttl` seconds: every registry request is checked, and a DNS query each time would cost more
    than the cached admission it guards; the connection uses the approved addresses either way.
    """

    def __init__(
        self,
        allow: frozenset[str] = frozenset(),
        resolve_timeout: float = 2.0,
        ttl: float = 30.0,
        *,
        private: frozenset[str] = frozenset(),
        resolve: Resolver | None = None,
        stale: float = 3600.0,
    ) -> None:
        self.allow = frozenset(h.lower() for h in allow)
        self.private = frozenset(h.lower() for h in private)
        self.resolve_timeout = resolve_timeout
        self.resolve = resolve or Lookups().resolve
        self.stale = stale
        # host:port → (refusal, addresses): a refusal, or the approved addresses.
        self._checked: TTLCache[str, tuple[str | None, tuple[str, ...]]] = TTLCache(4096, ttl)
        # host:port → (when, addresses): the last addresses approved, for when a later lookup
        # cannot be answered (RFC 8767's serve-stale): a name server that stops answering, or
        # lookups held up by someone else's names (gate/webhook/lookups.py), must not turn a
        # registry the webhook reached a minute ago into one it cannot reach.
        self._approved: LRU[str, tuple[float, tuple[str, ...]]] = LRU(4096)

    @classmethod
    def of(cls, allow: Iterable[str], private: Iterable[str] = ()) -> HostGuard:
        return cls(frozenset(allow), private=frozenset(private))

    @staticmethod
    def _listed(host: str, names: frozenset[str]) -> bool:
        return host in names or split_host(host)[0] in names

    def allowed(self, host: str) -> bool:
        """True when `host` may resolve anywhere (--allow-registry-host)."""
        return self._listed(host.lower(), self.allow)

    async def check(self, host: str) -> None:
        """RefusedHost when `host` resolves to an address the webhook must not reach."""
        await self.addresses(host, None)

    async def addresses(self, host: str, port: int | None) -> tuple[str, ...]:
        """The addresses of `host` (``name[:port]``) the webhook may connect to, resolved once per
        TTL; RefusedHost when any is refused, RegistryError when the name does not resolve."""
        host = host.lower()
        name, named_port = split_host(host)
        port = port or named_port or 443
        key = f"{name}:{port}" if named_port is None else host
        checked = self._checked.get(key)
        if checked is None:
            checked = await self._approve(host, name, port)
            checked = self._or_stale(key, checked)
            if checked[1] != _BUSY_MARK:
                self._checked.put(key, checked)
        refusal, approved = checked
        if refusal is not None:
            raise RefusedHost(refusal)
        if approved == _NO_SUCH_NAME_MARK:
            # An answer, not an outage: under --registry-failure open a name the webhook's
            # resolver says does not exist (but a node's may know: split DNS, a mirror) would
            # otherwise admit every image from it unjudged.
            raise RegistryError(f"registry {host}: name does not exist (the resolver says so)")
        if approved == _BUSY_MARK:
            # Not transient: the resolver was never asked, as other names held every lookup
            # thread (anyone may name hosts under silent name servers in a Pod), and
            # --registry-failure open admits only what a registry or resolver failed to answer.
            raise RegistryError(
                f"registry {host}: not looked up in time: the gate was busy resolving other "
                "names; try again"
            )
        if not approved:
            raise RegistryError(f"registry {host}: name does not resolve", transient=True)
        return approved

    def _or_stale(
        self, key: str, checked: tuple[str | None, tuple[str, ...]]
    ) -> tuple[str | None, tuple[str, ...]]:
        refusal, approved = checked
        now = time.monotonic()
        if refusal is None and approved and approved not in (_NO_SUCH_NAME_MARK, _BUSY_MARK):
            self._approved.put(key, (now, approved))
            return checked
        if refusal is not None or approved == _NO_SUCH_NAME_MARK:
            # An answer: refused, or the name does not exist. What was approved before is no
            # longer the name's: a later unanswered lookup must not bring it back (a deleted
            # name's old address may be someone else's by now).
            self._approved.pop(key)
            return checked
        kept = self._approved.get(key)
        if kept is None or now - kept[0] > self.stale:
            return checked
        log.warning("registry %s: lookup not answered; using the addresses approved before", key)
        return None, kept[1]

    async def _approve(self, host: str, name: str, port: int) -> tuple[str | None, tuple[str, ...]]:
        try:
            literal: IPAddress | None = ipaddress.ip_address(name)
        except ValueError:
            literal = None
        if literal is not None:
            texts: Sequence[str] = [str(literal)]
        else:
            try:
                async with asyncio.timeout(self.resolve_timeout):
                    texts = await self.resolve(name, port)
            except TimeoutError:
                texts = []
            except NoSuchName:
                return None, _NO_SUCH_NAME_MARK
            except LookupBusy:
                return None, _BUSY_MARK
        anywhere = self._listed(host, self.allow)
        private = self._listed(host, self.private)
        approved: list[str] = []
        for text in dict.fromkeys(texts):
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            problem = None if anywhere else address_problem(address, private_allowed=private)
            if problem is not None:
                shown = "" if literal is not None else f" (resolves to {address})"
                return f"registry {host}: refused: {problem}{shown}", ()
            approved.append(str(address))
        return None, tuple(approved)
