"""Image configs from a registry: reference → manifest (or index → manifests) → config blobs."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

import anyio

from gate.json_object import NotJsonObject, json_object, parsed_size
from gate.sources.image_config import ImageConfig, config_name_problem
from gate.sources.registry.client import Fetched, RegistryClient
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import (
    CONFIG_TYPES,
    Descriptor,
    ImageIndex,
    ImageManifest,
    Platform,
    config_platform,
    is_attestation,
    parse_manifest,
    select_manifests,
)
from gate.sources.registry.options import RegistryOptions
from gate.sources.registry.reference import ImageReference, parse_reference

# Bounds on what one reference may make the gate fetch.
MAX_IMAGES = 64
MAX_MANIFESTS = 256
MAX_INDEX_DEPTH = 4
# Manifests and config blobs of one reference together, as an archive's reads (archive.py): an
# index may list one 8 MiB config's manifest 64 times, and each copy was fetched, parsed and
# kept (900 MB). Real indexes of a dozen platforms come to well under a megabyte.
# RegistryOptions.max_fetch_bytes holds the budget (the webhook's is smaller).
MAX_FETCH_BYTES = RegistryOptions.max_fetch_bytes


async def fetch_configs(
    ref: str | ImageReference,
    *,
    platform: str | Platform | None = None,
    options: RegistryOptions | None = None,
    client: RegistryClient | None = None,
    top: Fetched | None = None,
) -> list[ImageConfig]:
    """The configs of every platform image `ref` names (or of the one `platform` picks).

    Attestation manifests are skipped. Pass `client` to reuse its pool and tokens; otherwise
    one is made from `options` (defaults when None) and closed afterwards. `top`: the manifest
    `ref` names, already fetched (and verified) by the caller.
    """
    reference = parse_reference(ref) if isinstance(ref, str) else ref
    wanted = Platform.parse(platform) if isinstance(platform, str) else platform
    if client is None:
        async with RegistryClient(options) as own:
            return await fetch_configs(reference, platform=wanted, client=own, top=top)
    deadline = client.options.deadline
    try:
        with anyio.fail_after(deadline):
            return await _Fetcher(client, reference, wanted).run(top)
    except TimeoutError:
        raise RegistryError(
            f"registry {reference.registry}: gave up on {reference} after {deadline:g} s",
            transient=True,
        ) from None


def fetch_configs_sync(
    ref: str | ImageReference,
    *,
    platform: str | Platform | None = None,
    options: RegistryOptions | None = None,
) -> list[ImageConfig]:
    """fetch_configs for callers without an event loop (the CLI)."""
    return asyncio.run(fetch_configs(ref, platform=platform, options=options))


class _Fetcher:
    """One fetch_configs call: walks the index tree, fetches each config."""

    def __init__(
        self, client: RegistryClient, ref: ImageReference, platform: Platform | None
    ) -> None:
        self.client = client
        self.ref = ref
        self.platform = platform
        self.found: list[ImageConfig] = []
        self.manifests = 0
        self.fetched = 0  # bytes of manifests and configs so far
        self.where = f"registry {ref.registry}: {ref}"

    def _spend(self, size: int) -> None:
        """Count `size` more bytes (a descriptor's, before the fetch); refuse past the budget."""
        self.fetched += size
        budget = self.client.options.max_fetch_bytes
        if self.fetched > budget:
            raise RegistryError(
                f"{self.where}: its manifests and configs come to more than "
                f"{budget // (1024 * 1024)} MiB"
            )

    async def run(self, top: Fetched | None = None) -> list[ImageConfig]:
        if top is None:
            top = await self.client.fetch_manifest(self.ref)
        self._spend(len(top.body))
        document = parse_manifest(top.body, top.content_type, self.where)
        if isinstance(document, ImageManifest):
            image = await self._image(top.digest, document, None, {}, None)
            if self.platform is not None and not (
                image.platform is not None and image.platform.matches(self.platform)
            ):
                raise RegistryError(
                    f"{self.where}: the image is for {image.platform or 'an unknown platform'}, "
                    f"not {self.platform}"
                )
            return [image]
        await self._index(top.digest, document, top.digest, depth=1)
        if not self.found:
            raise RegistryError(f"{self.where}: {self._nothing_matches(document)}")
        return self.found

    async def _index(self, digest: str, index: ImageIndex, top: str, depth: int) -> None:
        if depth > MAX_INDEX_DEPTH:
            raise RegistryError(f"{self.where}: indexes nested deeper than {MAX_INDEX_DEPTH}")
        for entry in select_manifests(index, self.platform):
            self.manifests += 1
            if self.manifests > MAX_MANIFESTS:
                raise RegistryError(f"{self.where}: more than {MAX_MANIFESTS} manifests to read")
            self._spend(entry.size)  # the fetch checks the body is that size
            fetched = await self.client.fetch_manifest(self.ref, entry)
            where = f"registry {self.ref.registry}: {self.ref.repository}@{entry.digest}"
            document = parse_manifest(fetched.body, fetched.content_type, where)
            if isinstance(document, ImageIndex):
                await self._index(entry.digest, document, top, depth + 1)
                continue
            if len(self.found) >= MAX_IMAGES:
                raise RegistryError(f"{self.where}: more than {MAX_IMAGES} images in the index")
            image = await self._image(
                entry.digest, document, entry.platform, entry.annotations, top
            )
            if entry.platform is None and image.platform is not None and is_attestation(
                replace(entry, platform=image.platform)
            ):
                # An entry with no platform is matched by its config's, as containerd does: an
                # unknown/unknown one (an attestation) is no node's.
                continue
            self.found.append(image)

    async def _image(
        self,
        digest: str,
        manifest: ImageManifest,
        platform: Platform | None,
        entry_annotations: Mapping[str, str],
        index_digest: str | None,
    ) -> ImageConfig:
        descriptor: Descriptor = manifest.config
        where = f"registry {self.ref.registry}: {self.ref.repository}@{digest}"
        if descriptor.media_type not in CONFIG_TYPES:
            raise RegistryError(
                f"{where}: not a container image (config media type "
                f"{descriptor.media_type[:100]!r})"
            )
        if descriptor.size <= self.client.options.max_config_bytes:
            self._spend(descriptor.size)  # over the cap, fetch_blob says so without fetching
        body = await self.client.fetch_blob(
            self.ref, descriptor, cap=self.client.options.max_config_bytes, what="config blob"
        )
        try:
            config = json_object(body)
        except NotJsonObject as exc:
            raise RegistryError(f"{where}: config blob is {exc}") from None
        spelling = config_name_problem(config)
        if spelling is not None:
            raise RegistryError(f"{where}: config blob: {spelling}")
        annotations = MappingProxyType({**entry_annotations, **manifest.annotations})
        return ImageConfig(
            reference=str(self.ref),
            digest=digest,
            config_digest=descriptor.digest,
            platform=platform or config_platform(config),
            config=MappingProxyType(config),
            annotations=annotations,
            index_digest=index_digest,
            media_type=manifest.media_type,
            size=parsed_size(body),
        )

    def _nothing_matches(self, index: ImageIndex) -> str:
        images = select_manifests(index, None)
        if self.platform is None:
            return "the index lists no image (only attestations or nothing)"
        available = ", ".join(sorted({str(d.platform) for d in images if d.platform})) or "none"
        return f"no image for platform {self.platform} (available: {available})"
