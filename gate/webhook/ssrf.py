"""Which registry hosts the webhook may connect to.

Image references come from whoever may create a Pod; without a guard, `image: 169.254.169.254/x`
makes the webhook fetch from the cloud metadata service or from its own loopback. A host that
resolves to loopback, link-local, unspecified, multicast or a known metadata address is refused
unless it is allowlisted by name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

from gate.sources.registry.errors import RegistryError
from gate.webhook.cache import TTLCache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

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


class RefusedHost(RegistryError):
    """The registry host is one the webhook must not reach."""


def address_problem(address: IPAddress) -> str | None:
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
    return None


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


class HostGuard:
    """Checks registry hosts before the webhook connects to them.

    `allow` holds host names (``name`` or ``name:port``, as in image references) that may
    resolve anywhere, e.g. an in-cluster registry on a node's loopback. A verdict on a name is
    kept for `ttl` seconds: every registry request is checked, and a DNS query each time would
    cost more than the cached admission it guards.
    """

    def __init__(
        self, allow: frozenset[str] = frozenset(), resolve_timeout: float = 2.0, ttl: float = 30.0
    ) -> None:
        self.allow = frozenset(h.lower() for h in allow)
        self.resolve_timeout = resolve_timeout
        # (refusal or None,): a miss is None, an allowed host is (None,).
        self._checked: TTLCache[str, tuple[str | None]] = TTLCache(4096, ttl)

    @classmethod
    def of(cls, allow: Iterable[str]) -> HostGuard:
        return cls(frozenset(allow))

    def allowed(self, host: str) -> bool:
        host = host.lower()
        return host in self.allow or split_host(host)[0] in self.allow

    async def check(self, host: str) -> None:
        """RefusedHost when `host` is not allowlisted and resolves to a refused address."""
        if self.allowed(host):
            return
        host = host.lower()
        checked = self._checked.get(host)
        if checked is None:
            checked = (await self._refusal(host),)
            self._checked.put(host, checked)
        if checked[0] is not None:
            raise RefusedHost(checked[0])

    async def _refusal(self, host: str) -> str | None:
        name, port = split_host(host)
        try:
            literal: IPAddress | None = ipaddress.ip_address(name)
        except ValueError:
            literal = None
        addresses = [literal] if literal is not None else await self._resolve(name, port)
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                shown = "" if literal is not None else f" (resolves to {address})"
                return (
                    f"registry {host}: refused: {problem}{shown}; allowlist the host with "
                    "--allow-registry-host to reach it"
                )
        return None

    async def _resolve(self, name: str, port: int | None) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.resolve_timeout):
                infos = await loop.getaddrinfo(name, port or 443, type=socket.SOCK_STREAM)
        except (OSError, TimeoutError):
            # Unresolvable here means unreachable for the client too: it reports the error.
            return []
        found: list[IPAddress] = []
        for info in infos:
            text = str(info[4][0]).partition("%")[0]
            try:
                found.append(ipaddress.ip_address(text))
            except ValueError:
                continue
        return found
