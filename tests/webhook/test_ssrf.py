"""The SSRF guard: which addresses registry hosts may resolve to, and that connections go only to
the addresses it approved (DNS rebinding), with a resolver injected at the guard's boundary and
real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from gate.policy.engine import PolicyEngine
from gate.runner import PolicyOptions
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.options import RegistryOptions
from gate.webhook.judging import JudgeLimits
from gate.webhook.metrics import Metrics
from gate.webhook.ssrf import HostGuard, RefusedHost, address_problem, split_host
from gate.webhook.verdicts import ImageVerdict, Verdicts
from tests.support.fault_http import Reply, fault_server
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import Images

EMBEDS = "an IPv6 address carrying an IPv4 address (NAT64, 6to4, Teredo, compatible)"
PRIVATE = "a private address (allow the host with --allow-private-registry)"


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("169.254.10.10", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("224.0.0.1", "a multicast address"),
        ("64:ff9b::7f00:1", EMBEDS),
        ("2002:7f00:1::1", EMBEDS),
        ("::7f00:1", EMBEDS),
        ("2001:0:4136:e378::1", EMBEDS),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("10.0.0.5", PRIVATE),
        ("100.64.1.1", PRIVATE),
        ("fd12::1", PRIVATE),
        ("140.82.112.3", None),
        ("2606:4700::1111", None),
    ],
)
def test_refused_addresses(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


@pytest.mark.parametrize(
    ("host", "split"),
    [("r.example:5000", ("r.example", 5000)), ("r.example", ("r.example", None)),
     ("[::1]:5000", ("::1", 5000)), ("[fe80::1]", ("fe80::1", None))],
)  # fmt: skip
def test_host_and_port_are_split(host: str, split: tuple[str, int | None]) -> None:
    assert split_host(host) == split


def test_name_resolving_to_loopback_is_refused_and_says_so() -> None:
    expected = r"localhost:5000: refused: a loopback address \(resolves"
    with pytest.raises(RefusedHost, match=expected):
        asyncio.run(HostGuard().check("localhost:5000"))


def test_literal_metadata_address_is_refused() -> None:
    with pytest.raises(RefusedHost, match="cloud metadata"):
        asyncio.run(HostGuard().check("169.254.169.254"))


@pytest.mark.parametrize("allowed", ["localhost", "localhost:5000", "LOCALHOST"])
def test_allowlisted_host_may_resolve_anywhere(allowed: str) -> None:
    asyncio.run(HostGuard.of([allowed]).check("localhost:5000"))


def test_allowlisting_one_port_does_not_allow_another() -> None:
    with pytest.raises(RefusedHost):
        asyncio.run(HostGuard.of(["127.0.0.1:5000"]).check("127.0.0.1:6000"))


def test_public_hosts_pass_and_a_name_that_does_not_exist_is_no_outage() -> None:
    asyncio.run(HostGuard().check("140.82.112.3:5000"))
    # The resolver answered: under --registry-failure open this must not admit.
    with pytest.raises(RegistryError, match="name does not exist") as caught:
        asyncio.run(HostGuard().check("does-not-exist.invalid"))
    assert not caught.value.transient and not isinstance(caught.value, RefusedHost)


def test_a_resolver_that_cannot_answer_is_a_transient_failure() -> None:
    async def resolve(name: str, port: int) -> list[str]:
        return []  # what the system resolver gives for EAI_AGAIN, a timeout, no network

    with pytest.raises(RegistryError, match="name does not resolve") as caught:
        asyncio.run(HostGuard(resolve=resolve).check("registry.example"))
    assert caught.value.transient


@pytest.mark.parametrize(
    "address", ["10.0.0.5", "172.16.3.4", "192.168.1.1", "fd12::1", "fec0::1"]
)
def test_private_ranges_only_for_configured_private_registries(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address), private_allowed=True) is None

    async def resolve(name: str, port: int) -> list[str]:
        return [address]

    with pytest.raises(RefusedHost, match="private address"):
        asyncio.run(HostGuard(resolve=resolve).check("harbor.internal"))
    guard = HostGuard(private=frozenset({"harbor.internal"}), resolve=resolve)
    assert asyncio.run(guard.addresses("harbor.internal", None)) == (address,)


def test_a_private_registry_may_not_resolve_to_loopback_or_metadata() -> None:
    async def resolve(name: str, port: int) -> list[str]:
        return ["10.0.0.5", "169.254.169.254"]

    guard = HostGuard(private=frozenset({"harbor.internal"}), resolve=resolve)
    with pytest.raises(RefusedHost, match="cloud metadata"):
        asyncio.run(guard.check("harbor.internal"))


def test_one_resolution_is_approved_and_kept_for_the_ttl() -> None:
    answers = [["140.82.112.3"], ["127.0.0.1"]]

    async def resolve(name: str, port: int) -> list[str]:
        return answers.pop(0)

    async def twice() -> tuple[tuple[str, ...], tuple[str, ...]]:
        guard = HostGuard(resolve=resolve)
        return await guard.addresses("r.example", 443), await guard.addresses("r.example", 443)

    # The second lookup does not resolve again (TTL 0 DNS answers notwithstanding).
    assert asyncio.run(twice()) == (("140.82.112.3",), ("140.82.112.3",))


# -- connections go where the guard approved ---------------------------------------------------


def _verdicts(guard: HostGuard, options: RegistryOptions, engine: PolicyEngine) -> Verdicts:
    return Verdicts(
        engine, PolicyOptions(), options, guard, Metrics(), judge_limits=JudgeLimits(workers=1)
    )


def test_a_name_rebound_to_loopback_after_the_check_is_not_connected_to(
    engine: PolicyEngine,
) -> None:
    # "localhost" is what the system resolver maps to 127.0.0.1, where an internal service
    # listens; the guard's resolver says a private address the host is allowed. A client that
    # resolved again for its connection would reach the internal service.
    async def resolve(name: str, port: int) -> list[str]:
        return ["10.255.255.1"] if name == "localhost" else []

    guard = HostGuard(private=frozenset({"localhost"}), resolve=resolve)
    with fault_server() as internal:
        internal.route("*", Reply(200, b"{}"))
        host = f"localhost:{internal.port}"
        options = RegistryOptions(
            insecure=frozenset({host}), connect_timeout=1.0, read_timeout=1.0,
            request_timeout=1.0, read_docker_config=False,
        )  # fmt: skip

        async def main() -> ImageVerdict:
            verdicts = _verdicts(guard, options, engine)
            try:
                return await verdicts.judge(f"{host}/internal/x:1")
            finally:
                await verdicts.aclose()

        verdict = asyncio.run(main())
        assert internal.seen == []
    assert verdict.error == f"registry {host}: cannot be reached"


@pytest.mark.registry
def test_a_pinned_connection_still_verifies_tls_for_the_registry_name(
    registry: LocalRegistry, engine: PolicyEngine, images: Images
) -> None:
    port = registry.host.rpartition(":")[2]
    seen: list[str] = []

    async def resolve(name: str, port: int) -> list[str]:
        seen.append(name)
        return ["127.0.0.1"]

    guard = HostGuard(frozenset({"localhost", "gate-registry.test"}), resolve=resolve)
    repository = images.compliant.partition("/")[2]

    async def main() -> tuple[ImageVerdict, ImageVerdict]:
        verdicts = _verdicts(guard, registry.options(), engine)
        try:
            # The serving certificate names localhost (and 127.0.0.1), not gate-registry.test.
            good = await verdicts.judge(f"localhost:{port}/{repository}")
            wrong = await verdicts.judge(f"gate-registry.test:{port}/{repository}")
            return good, wrong
        finally:
            await verdicts.aclose()

    good, wrong = asyncio.run(main())
    assert good.error is None and good.platforms
    assert wrong.error == f"registry gate-registry.test:{port}: cannot be reached"
    assert "localhost" in seen and "gate-registry.test" in seen
