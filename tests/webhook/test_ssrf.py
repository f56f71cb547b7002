"""The SSRF guard: registry hosts that resolve to loopback, link-local or metadata addresses."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from gate.webhook.ssrf import HostGuard, RefusedHost, address_problem, split_host


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
        ("10.0.0.5", None),  # in-cluster registries live on private addresses
        ("140.82.112.3", None),
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


def test_public_and_unresolvable_hosts_pass_to_the_client() -> None:
    asyncio.run(HostGuard().check("10.1.2.3:5000"))
    # The client reports a name that does not resolve; the guard has nothing to refuse.
    asyncio.run(HostGuard().check("does-not-exist.invalid"))
