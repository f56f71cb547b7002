"""Digests: only verifiable ones are accepted, and bytes are checked against them."""

from __future__ import annotations

import hashlib

import pytest

from gate.sources.registry.digest import compute_digest, digest_problem, matches


def test_sha256_and_sha512_digests_verify_bytes() -> None:
    data = b"config"
    for algorithm in ("sha256", "sha512"):
        digest = f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"
        assert digest_problem(digest) is None
        assert compute_digest(data, algorithm) == digest
        assert matches(data, digest)
        assert not matches(data + b" ", digest)


@pytest.mark.parametrize(
    ("digest", "problem"),
    [
        ("sha256:" + "A" * 64, "invalid digest"),  # upper-case hex is not canonical
        ("sha256:" + "a" * 63, "63 hex digits, not 64"),
        ("sha512:" + "a" * 64, "64 hex digits, not 128"),
        ("md5:" + "a" * 32, "unsupported digest algorithm 'md5'"),
        ("sha256", "invalid digest"),
        ("", "invalid digest"),
    ],
)
def test_unverifiable_digest_is_named(digest: str, problem: str) -> None:
    found = digest_problem(digest)
    assert found is not None and problem in found
