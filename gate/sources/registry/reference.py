"""Image references: parse `name[:tag][@digest]` the way Docker does, Docker Hub names included.

``python`` is ``registry-1.docker.io/library/python:latest``; ``docker.io/x/y`` and
``index.docker.io/x/y`` are Docker Hub too. The first path component is a registry host only when it
looks like one (has a dot or a port, is ``localhost``, or has upper case), as in Docker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gate.sources.registry.digest import digest_problem
from gate.sources.registry.errors import RegistryError

# The host Docker Hub serves its registry API on, and the names that mean Docker Hub.
DOCKER_HUB = "registry-1.docker.io"
_HUB_DOMAINS = frozenset({"docker.io", "index.docker.io"})
# The key Docker writes Hub credentials under in config.json.
DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/"

_MAX_REFERENCE = 1024
_MAX_NAME = 255
_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = re.compile(
    rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:.]+\])(?::(?P<port>[0-9]{{1,5}}))?"
)
_TAG = re.compile(r"[\w][\w.-]{0,127}", re.ASCII)


@dataclass(frozen=True)
class ImageReference:
    """A parsed, normalised image reference."""

    registry: str  # API host[:port], lower case; "registry-1.docker.io" for Docker Hub
    repository: str  # "library/python"
    tag: str | None  # None only when a digest is given without a tag
    digest: str | None

    @property
    def is_docker_hub(self) -> bool:
        return self.registry == DOCKER_HUB

    @property
    def name(self) -> str:
        """Registry and repository, without tag or digest."""
        return f"{self.registry}/{self.repository}"

    @property
    def manifest_reference(self) -> str:
        """What goes after ``/manifests/``: the digest when there is one, else the tag."""
        if self.digest is not None:
            return self.digest
        assert self.tag is not None  # parse_reference always sets one of the two
        return self.tag

    def with_digest(self, digest: str) -> ImageReference:
        """The same image pinned to `digest` (the tag is kept for messages)."""
        return ImageReference(self.registry, self.repository, self.tag, digest)

    def __str__(self) -> str:
        text = self.name
        if self.tag is not None:
            text += f":{self.tag}"
        if self.digest is not None:
            text += f"@{self.digest}"
        return text


def _invalid(ref: str, why: str) -> RegistryError:
    shown = ref if len(ref) <= 200 else ref[:200] + "..."
    return RegistryError(f"invalid image reference {shown!r}: {why}")


def _split_domain(name: str) -> tuple[str, str]:
    first, slash, rest = name.partition("/")
    looks_like_host = ":" in first or "." in first or first == "localhost" or first != first.lower()
    if not slash or not looks_like_host:
        return "docker.io", name
    return first, rest


def parse_reference(ref: str) -> ImageReference:
    """Parse and normalise an image reference; RegistryError when it is not one."""
    if not ref or len(ref) > _MAX_REFERENCE:
        raise _invalid(ref, "empty" if not ref else f"longer than {_MAX_REFERENCE} characters")
    if any(ch.isspace() or not ch.isprintable() for ch in ref):
        raise _invalid(ref, "contains white space or control characters")
    rest, at, digest = ref.partition("@")
    if at:
        problem = digest_problem(digest)
        if problem is not None:
            raise _invalid(ref, problem)
    domain, path = _split_domain(rest)
    # A tag colon comes after the last slash; a colon before it belongs to the host's port.
    tag: str | None = None
    last_slash = path.rfind("/")
    colon = path.rfind(":")
    if colon > last_slash:
        path, tag = path[:colon], path[colon + 1 :]
        if not _TAG.fullmatch(tag):
            raise _invalid(ref, f"invalid tag {tag[:130]!r}")
    domain_match = _DOMAIN.fullmatch(domain)
    if domain_match is None:
        raise _invalid(ref, f"invalid registry host {domain!r}")
    port = domain_match.group("port")
    if port is not None and not 0 < int(port) < 65536:
        raise _invalid(ref, f"invalid port {port}")
    # Host names are case-insensitive, but an upper-case letter is what marks a bare first
    # component ("A/x") as a host: keep that spelling so the reference prints back the same.
    if ":" in domain or "." in domain or domain.lower() == "localhost":
        domain = domain.lower()
    if domain in _HUB_DOMAINS:
        domain = DOCKER_HUB
        if "/" not in path:
            path = f"library/{path}"
    if path != path.lower():
        raise _invalid(ref, "repository name must be lowercase")
    if not path or not all(_COMPONENT.fullmatch(part) for part in path.split("/")):
        raise _invalid(ref, f"invalid repository name {path[:130]!r}")
    if len(domain) + 1 + len(path) > _MAX_NAME:
        raise _invalid(ref, f"name longer than {_MAX_NAME} characters")
    if tag is None and not at:
        tag = "latest"
    return ImageReference(domain, path, tag, digest if at else None)
