"""How the registry client may talk to registries: trust, limits, time and credentials."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gate import __version__

MiB = 1024 * 1024


@dataclass(frozen=True)
class Credentials:
    """Credentials for one registry; the secrets never appear in repr()."""

    username: str = ""
    password: str = field(default="", repr=False)
    # An OAuth2 refresh token (``identitytoken`` in Docker's config.json), traded at the token
    # realm for an access token.
    identity_token: str = field(default="", repr=False)
    # A bearer token to send as it is (``registrytoken`` in Docker's config.json).
    registry_token: str = field(default="", repr=False)

    @property
    def has_basic(self) -> bool:
        return bool(self.username or self.password)

    @property
    def fingerprint(self) -> str:
        """A stable digest of these credentials, to tell them apart without holding the secrets
        (cache keys, logs): sha256 of every field, hex."""
        fields = (self.username, self.password, self.identity_token, self.registry_token)
        text = "\0".join(f"{len(f)}:{f}" for f in fields)
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def default_docker_config() -> Path:
    """``$DOCKER_CONFIG/config.json``, else ``~/.docker/config.json``, as the docker CLI reads."""
    base = os.environ.get("DOCKER_CONFIG")
    return Path(base) / "config.json" if base else Path.home() / ".docker" / "config.json"


@dataclass(frozen=True)
class RegistryOptions:
    """Settings of a RegistryClient. Every network wait is bounded by one of the timeouts.

    Plain HTTP is used only for hosts in `insecure` (``host`` or ``host:port`` exactly as in the
    image reference). Unlike the Docker daemon, loopback registries (``localhost``, 127.0.0.0/8)
    are not insecure by default: list them to reach a plain-HTTP registry on this machine.
    """

    insecure: frozenset[str] = frozenset()
    connect_timeout: float = 10.0  # establishing a connection (TCP and TLS)
    read_timeout: float = 10.0  # silence between two reads
    request_timeout: float = 30.0  # one request, redirects and body included
    deadline: float = 120.0  # one fetch_configs call, every request included
    max_manifest_bytes: int = 4 * MiB
    max_config_bytes: int = 8 * MiB
    # Manifests and config blobs of one reference together (fetch_configs).
    max_fetch_bytes: int = 64 * MiB
    # None: default_docker_config(). Set read_docker_config=False to ignore the file.
    docker_config: Path | None = None
    read_docker_config: bool = True
    credential_helper_timeout: float = 5.0
    # Explicit credentials by registry host; they win over Docker's config file.
    credentials: Mapping[str, Credentials] = field(default_factory=dict)
    # Extra CA certificates (PEM) to trust besides the default bundle.
    ca_bundle: Path | None = None
    user_agent: str = f"gate/{__version__}"
    # Honour HTTP(S)_PROXY / NO_PROXY from the environment, as docker does.
    trust_env: bool = True

    def __post_init__(self) -> None:
        for name in (
            "connect_timeout",
            "read_timeout",
            "request_timeout",
            "deadline",
            "credential_helper_timeout",
        ):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"RegistryOptions.{name} must be positive, got {value!r}")
        if min(self.max_manifest_bytes, self.max_config_bytes, self.max_fetch_bytes) <= 0:
            raise ValueError("RegistryOptions size caps must be positive")

    def docker_config_path(self) -> Path:
        """The Docker config file the client reads credentials from."""
        return self.docker_config if self.docker_config is not None else default_docker_config()

    def is_insecure(self, host: str) -> bool:
        """True when `host` (``name[:port]``) may be spoken to over plain HTTP."""
        return host.lower() in {h.lower() for h in self.insecure}
