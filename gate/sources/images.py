"""Where `gate image` finds images: the local engine, a registry, an archive or a bare config.

Every source yields ImageConfigs; each becomes a BuildSource through the same history reader,
so images and Dockerfiles share one instruction → command → fact path. Which history entries
come from the base image is settled here, by the first of: the engine's parent chain or a
local base image (engine source), the Dockerfile's last FROM (`--dockerfile`), the
`org.opencontainers.image.base.digest`/`.name` annotations or labels (registry lookup).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from gate.model import BuildSource, GateError, InputError
from gate.sources.image_config import ImageConfig

SourceName = Literal["auto", "engine", "registry"]


@dataclass(frozen=True)
class ImageOptions:
    source: SourceName = "auto"
    platform: str | None = None  # os/arch[/variant]; None: every platform of an index
    insecure: tuple[str, ...] = ()  # registries that may be spoken to over plain HTTP
    docker_host: str | None = None
    # The last FROM of the Dockerfile the image was built from (`--dockerfile`, read once for
    # the run by base_from_dockerfile): the local base image whose layers are the base's.
    base: str | None = None
    registry_ca: str | None = None  # extra CA certificates (PEM) to trust for registries


def base_from_dockerfile(path: str) -> str | None:
    """The FROM of the Dockerfile's last stage, when it names an image (not another stage).
    Read for every source, though only an engine image is marked by it: a Dockerfile that
    cannot be read is an input error (exit 2), never an option passed over without a word."""
    from gate.sources.dockerfile import read_dockerfile

    source = read_dockerfile(path, build_args={}, target=None, context=None)
    if not source.stages:
        return None
    last = source.stages[-1]
    while last.parent is not None:
        last = source.stages[last.parent]
    return last.base or None


def _from_registry(ref: str, options: ImageOptions) -> list[ImageConfig]:
    from gate.sources.registry import RegistryOptions, fetch_configs_sync

    registry = RegistryOptions(
        insecure=frozenset(options.insecure),
        ca_bundle=Path(options.registry_ca) if options.registry_ca else None,
    )
    configs = fetch_configs_sync(ref, platform=options.platform, options=registry)
    return [_with_registry_base(c, registry) for c in configs]


def base_reference(config: ImageConfig) -> str | None:
    """The reference to fetch `config`'s base image by, from the base-image annotations or
    labels (name pinned to the base digest when there is one); None when there is nothing to
    look up or the base layers are already known."""
    if config.base_history_len is not None or not config.base_name:
        return None
    name = config.base_name.split("@", 1)[0]
    return f"{name}@{config.base_digest}" if config.base_digest else config.base_name


def with_base_history(config: ImageConfig, bases: Iterable[ImageConfig]) -> ImageConfig:
    """`config` with its base layers marked: the first of `bases` (for its platform) whose whole
    history begins `config`'s; unchanged when none does."""
    from gate.sources.history import base_history_length

    for base in bases:
        if (
            config.platform is not None
            and base.platform is not None
            and not base.platform.matches(config.platform)
        ):
            continue
        length = base_history_length(config.config, base.config)
        if length is not None:
            return replace(config, base_history_len=length)
    return config


def _with_registry_base(config: ImageConfig, registry: object) -> ImageConfig:
    """Mark the base layers from the base-image annotations, when the base can be fetched."""
    from gate.sources.registry import RegistryOptions, fetch_configs_sync

    ref = base_reference(config)
    if ref is None:
        return config
    assert isinstance(registry, RegistryOptions)
    platform = str(config.platform) if config.platform is not None else None
    try:
        bases = fetch_configs_sync(ref, platform=platform, options=registry)
    except GateError:
        return config  # the base is not reachable: every layer is judged as the team's own
    return with_base_history(config, bases)


def _from_engine(ref: str, options: ImageOptions, base: str | None) -> list[ImageConfig]:
    from gate.sources.engine import read_engine_image

    configs = read_engine_image(ref, docker_host=options.docker_host, base=base)
    return _for_platform(ref, configs, options.platform)


def _for_platform(ref: str, configs: list[ImageConfig], platform: str | None) -> list[ImageConfig]:
    """The engine's image, when it is for `platform` (or none was asked for). The engine holds
    one platform of a reference: judging it in place of the one asked for judged another build
    (a Dockerfile may install differently per TARGETARCH) and said nothing of the platform
    asked about. EngineError otherwise, so `auto` reads the registry instead."""
    from gate.sources.engine import EngineError

    if platform is None:
        return configs
    kept = _of_platform(configs, platform, unnamed=False)
    if not kept:
        held = ", ".join(sorted({str(c.platform or "an unknown platform") for c in configs}))
        raise EngineError(f"image {ref} in the local engine is for {held}, not {platform}")
    return kept


def saved_for_platform(
    label: str, configs: list[ImageConfig], platform: str | None
) -> list[ImageConfig]:
    """The configs of an archive or config file that may be for `platform`. A config that names
    no platform stays: it may be the one asked about, and judging too much is the safe error.
    InputError when every config names another platform (the user asked about an image the
    file does not hold)."""
    if platform is None:
        return configs
    kept = _of_platform(configs, platform, unnamed=True)
    if not kept:
        held = ", ".join(sorted({str(c.platform) for c in configs}))
        raise InputError(f"holds an image for {held}, not {platform}", path=label)
    return kept


def _of_platform(configs: list[ImageConfig], platform: str, *, unnamed: bool) -> list[ImageConfig]:
    """The configs for `platform`; `unnamed`: also those that name no platform."""
    from gate.sources.registry.manifest import Platform

    wanted = Platform.parse(platform)
    return [
        c for c in configs
        if (c.platform.matches(wanted) if c.platform is not None else unnamed)
    ]  # fmt: skip


def image_configs(ref: str, options: ImageOptions) -> list[ImageConfig]:
    """The configs `ref` names: the local engine first (auto), then the registry."""
    base = options.base
    if options.source == "engine":
        return _from_engine(ref, options, base)
    if options.source == "registry":
        return _from_registry(ref, options)
    try:
        return _from_engine(ref, options, base)
    except GateError as engine_error:
        try:
            return _from_registry(ref, options)
        except GateError as registry_error:
            raise GateError(
                f"{ref}: not in the local engine ({engine_error.message}); "
                f"registry: {registry_error.message}"
            ) from None


def build_sources(
    configs: Sequence[ImageConfig],
    kind: Literal["image", "archive", "config"],
    name: str = "",
) -> list[BuildSource]:
    """One BuildSource per image config (per platform for an index) of the input `name`;
    InputError when they hold too many history entries together."""
    from gate.sources.history import check_input_history, history_source

    check_input_history([c.config for c in configs], name)

    sources = []
    for config in configs:
        name = config.reference
        if len(configs) > 1 and config.platform is not None:
            name = f"{name} ({config.platform})"
        source = history_source(
            config.config, name=name, base_history_len=config.base_history_len, kind=kind
        )
        target = replace(source.target, digest=config.digest, base_digest=config.base_digest)
        sources.append(replace(source, target=target))
    return sources
