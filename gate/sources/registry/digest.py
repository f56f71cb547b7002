"""Content digests: validate the text form and check bytes against it."""

from __future__ import annotations

import hashlib
import re

# Only algorithms the gate can verify; a digest it cannot check is refused, never trusted.
_HEX_LENGTH = {"sha256": 64, "sha512": 128}
_DIGEST = re.compile(r"([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([0-9a-f]+)")


def digest_problem(digest: str) -> str | None:
    """Why `digest` is not a digest the gate can verify, or None when it is one."""
    match = _DIGEST.fullmatch(digest)
    if match is None:
        return f"invalid digest {digest[:100]!r}"
    algorithm, hexpart = match.groups()
    length = _HEX_LENGTH.get(algorithm)
    if length is None:
        return f"unsupported digest algorithm {algorithm!r} (sha256 or sha512 only)"
    if len(hexpart) != length:
        return f"invalid {algorithm} digest: {len(hexpart)} hex digits, not {length}"
    return None


def compute_digest(data: bytes, algorithm: str = "sha256") -> str:
    """The digest of `data` in the `algorithm:hex` form registries use."""
    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"


def matches(data: bytes, digest: str) -> bool:
    """True when `data` hashes to `digest` (which must already be a valid, supported digest)."""
    algorithm = digest.partition(":")[0]
    return compute_digest(data, algorithm) == digest
