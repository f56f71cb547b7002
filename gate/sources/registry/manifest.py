"""Manifest documents: media types, parsing, platform selection and attestation skipping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from gate.go_json_names import misspelled_field, spelling_problem
from gate.json_object import NotJsonObject, json_object
from gate.sources.registry.digest import digest_problem
from gate.sources.registry.errors import RegistryError

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json"
DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"

MANIFEST_TYPES = frozenset({DOCKER_MANIFEST, OCI_MANIFEST})
INDEX_TYPES = frozenset({DOCKER_MANIFEST_LIST, OCI_INDEX})
CONFIG_TYPES = frozenset({DOCKER_CONFIG, OCI_CONFIG})
_SCHEMA1_TYPES = frozenset({DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED})

# Every manifest type the client reads, for the Accept header; schema 1 is left out so a
# registry that can convert gives a newer form.
ACCEPT = ", ".join((OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST))

# How BuildKit marks the attestation (SBOM, provenance) manifests it puts in an index.
_REFERENCE_TYPE = "vnd.docker.reference.type"
_ATTESTATION = "attestation-manifest"

# The fields gate reads of the objects containerd decodes as OCI structs (Index and Manifest,
# Descriptor, Platform): a key Go matches to one without case is refused (go_json_names).
_DOCUMENT_FIELDS = ("mediaType", "manifests", "config", "schemaVersion", "annotations")
_DESCRIPTOR_FIELDS = ("mediaType", "digest", "size", "platform", "annotations")
_PLATFORM_FIELDS = ("os", "architecture", "variant")

# An index this long is not a multi-platform image.
MAX_INDEX_ENTRIES = 1024

_ARCH_ALIASES = {"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm"}
# The variant a bare architecture name stands for, as containerd normalises platforms.
_DEFAULT_VARIANT = {"arm64": "v8", "arm": "v7", "amd64": "v1"}


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Platform:
    """An image platform: ``linux/amd64``, ``linux/arm64/v8``."""

    os: str
    architecture: str
    variant: str | None = None

    @classmethod
    def parse(cls, text: str) -> Platform:
        """``os/arch[/variant]``; RegistryError when `text` is not of that form."""
        parts = text.strip().split("/")
        if not 2 <= len(parts) <= 3 or not all(parts):
            raise RegistryError(f"invalid platform {text[:100]!r}: want os/arch[/variant]")
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None)

    def normalized(self) -> Platform:
        """Lower case, architecture aliases resolved, the implied default variant filled in."""
        arch = self.architecture.lower()
        arch = _ARCH_ALIASES.get(arch, arch)
        variant = (self.variant or "").lower() or _DEFAULT_VARIANT.get(arch)
        if arch == "arm64" and variant == "8":
            variant = "v8"
        return Platform(self.os.lower(), arch, variant)

    def matches(self, other: Platform) -> bool:
        """Same platform once both are normalised (``linux/arm64`` is ``linux/arm64/v8``)."""
        return self.normalized() == other.normalized()

    def __str__(self) -> str:
        base = f"{self.os}/{self.architecture}"
        return f"{base}/{self.variant}" if self.variant else base


@dataclass(frozen=True)
class Descriptor:
    """A pointer to content by digest, as manifests and indexes hold them."""

    media_type: str
    digest: str
    size: int
    platform: Platform | None = None
    annotations: Mapping[str, str] = field(default_factory=lambda: _frozen({}))


@dataclass(frozen=True)
class ImageManifest:
    """A single-platform image manifest (Docker schema 2 or OCI)."""

    media_type: str
    config: Descriptor
    annotations: Mapping[str, str] = field(default_factory=lambda: _frozen({}))


@dataclass(frozen=True)
class ImageIndex:
    """A manifest list or OCI index: one manifest per platform (plus attestations)."""

    media_type: str
    manifests: tuple[Descriptor, ...]
    annotations: Mapping[str, str] = field(default_factory=lambda: _frozen({}))


def _strings(value: object, where: str, what: str) -> Mapping[str, str]:
    if value is None:
        return _frozen({})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise RegistryError(f"{where}: {what} must map strings to strings")
    return _frozen(value)


def _check_names(obj: Mapping[str, object], fields: tuple[str, ...], what: str, where: str) -> None:
    found = misspelled_field(obj, fields)
    if found is not None:
        raise RegistryError(f"{where}: {spelling_problem(*found, what)}")


def _platform(value: object, where: str) -> Platform | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: descriptor platform is not an object")
    _check_names(value, _PLATFORM_FIELDS, "a descriptor's platform", where)
    os_name, arch, variant = value.get("os"), value.get("architecture"), value.get("variant")
    if not isinstance(os_name, str) or not isinstance(arch, str):
        raise RegistryError(f"{where}: descriptor platform lacks os or architecture")
    return Platform(os_name, arch, variant if isinstance(variant, str) and variant else None)


def _descriptor(value: object, where: str) -> Descriptor:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: descriptor is not an object")
    _check_names(value, _DESCRIPTOR_FIELDS, "a descriptor", where)
    media_type, digest, size = value.get("mediaType"), value.get("digest"), value.get("size")
    if not isinstance(media_type, str) or not isinstance(digest, str):
        raise RegistryError(f"{where}: descriptor lacks mediaType or digest")
    problem = digest_problem(digest)
    if problem is not None:
        raise RegistryError(f"{where}: descriptor has {problem}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise RegistryError(f"{where}: descriptor {digest} has no valid size")
    return Descriptor(
        media_type,
        digest,
        size,
        _platform(value.get("platform"), where),
        _strings(value.get("annotations"), where, "descriptor annotations"),
    )


def _media_type(data: Mapping[str, object], content_type: str | None) -> str:
    declared = data.get("mediaType")
    if isinstance(declared, str) and declared:
        return declared
    header = (content_type or "").partition(";")[0].strip().lower()
    if header in MANIFEST_TYPES | INDEX_TYPES | _SCHEMA1_TYPES:
        return header
    # OCI lets mediaType be absent; the shape tells an index from a manifest.
    if data.get("schemaVersion") == 1:
        return DOCKER_SCHEMA1
    if "manifests" in data:
        return OCI_INDEX
    if "config" in data:
        return OCI_MANIFEST
    return header or "(none)"


def parse_manifest(body: bytes, content_type: str | None, where: str) -> ImageManifest | ImageIndex:
    """Parse a manifest or index document; RegistryError (prefixed with `where`) when unusable."""
    try:
        data = json_object(body)
    except NotJsonObject as exc:
        raise RegistryError(f"{where}: manifest is {exc}") from None
    _check_names(data, _DOCUMENT_FIELDS, "the manifest", where)
    media_type = _media_type(data, content_type)
    if media_type in _SCHEMA1_TYPES or data.get("schemaVersion") == 1:
        raise RegistryError(
            f"{where}: Docker schema 1 manifests are not supported (re-push the image with a "
            "current docker or buildah)"
        )
    annotations = _strings(data.get("annotations"), where, "manifest annotations")
    if media_type in INDEX_TYPES:
        entries = data.get("manifests")
        if not isinstance(entries, list):
            raise RegistryError(f"{where}: index has no manifests list")
        if len(entries) > MAX_INDEX_ENTRIES:
            raise RegistryError(f"{where}: index lists {len(entries)} manifests, over the cap")
        return ImageIndex(media_type, tuple(_descriptor(e, where) for e in entries), annotations)
    if media_type in MANIFEST_TYPES:
        config = _descriptor(data.get("config"), where)
        return ImageManifest(media_type, config, annotations)
    raise RegistryError(f"{where}: unsupported manifest media type {media_type[:100]!r}")


def is_attestation(descriptor: Descriptor) -> bool:
    """True for BuildKit's attestation manifests (SBOM, provenance), which are not images.

    Told by their platform, unknown/unknown, which no node matches: containerd picks an index
    entry by platform alone and never reads the annotation, so an entry that only says it is an
    attestation (`vnd.docker.reference.type`) while naming a real platform, or none, may be the
    image a node runs, and is judged."""
    platform = descriptor.platform
    return platform is not None and (platform.os, platform.architecture) == ("unknown", "unknown")


def select_manifests(index: ImageIndex, platform: Platform | None) -> tuple[Descriptor, ...]:
    """The image entries of `index` to judge: every platform, or the ones matching `platform`."""
    images = tuple(d for d in index.manifests if not is_attestation(d))
    if platform is None:
        return images
    # A nested index is kept: its own entries are matched when it is read.
    return tuple(
        d
        for d in images
        if d.media_type in INDEX_TYPES or (d.platform is not None and d.platform.matches(platform))
    )


def config_platform(config: Mapping[str, object]) -> Platform | None:
    """The platform an image config declares (``os``/``architecture``/``variant``), if any."""
    os_name, arch, variant = config.get("os"), config.get("architecture"), config.get("variant")
    if not isinstance(os_name, str) or not isinstance(arch, str) or not os_name or not arch:
        return None
    return Platform(os_name, arch, variant if isinstance(variant, str) and variant else None)
