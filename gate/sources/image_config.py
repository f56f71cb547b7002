"""An image config as read from somewhere: a registry, the local engine, an archive or a file.

Every image source hands the history reader one of these. The fields match the registry client's
``ImageConfig`` (gate/sources/registry/fetch.py) so both can become one class; ``base_history_len``
is the one addition: how many history entries a source knows to come from the base image.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from gate.go_json_names import misspelled_field, spelling_problem
from gate.sources.registry.manifest import Platform

BASE_DIGEST = "org.opencontainers.image.base.digest"
BASE_NAME = "org.opencontainers.image.base.name"


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ImageConfig:
    """One image's config (the JSON with ``history`` and ``config.Env``) and where it came from."""

    # What the image is called where it was read: a normalised registry reference, the engine
    # reference as given, a tag inside an archive, or the file path of a bare config.
    reference: str
    # The image manifest's digest when there is a manifest; else (engine, docker save, bare
    # file) the config digest, which is Docker's image ID.
    digest: str
    config_digest: str
    platform: Platform | None
    config: Mapping[str, object]
    annotations: Mapping[str, str] = field(default_factory=_empty)
    index_digest: str | None = None
    media_type: str = ""
    # The first `base_history_len` entries of ``history`` belong to the base image, when a source
    # could tell (the engine's parent chain, a base image found locally); None when unknown.
    base_history_len: int | None = None
    # About the memory `config` holds once parsed (json_object.parsed_size of its document), for
    # a cache that must stay within a budget; 0 when the source did not measure it.
    size: int = field(default=0, compare=False)

    @property
    def labels(self) -> Mapping[str, str]:
        """The config's ``config.Labels`` (string values only)."""
        inner = self.config.get("config")
        labels = inner.get("Labels") if isinstance(inner, Mapping) else None
        if not isinstance(labels, Mapping):
            return {}
        return {k: v for k, v in labels.items() if isinstance(k, str) and isinstance(v, str)}

    @property
    def base_digest(self) -> str | None:
        """The base image's manifest digest, from the manifest annotations or the labels."""
        return self.annotations.get(BASE_DIGEST) or self.labels.get(BASE_DIGEST)

    @property
    def base_name(self) -> str | None:
        """The base image's reference, from the manifest annotations or the labels."""
        return self.annotations.get(BASE_NAME) or self.labels.get(BASE_NAME)


def inspect_config(inspect: Mapping[str, Any]) -> dict[str, object]:
    """``docker inspect`` of an image (the engine's answer or a saved file) → the config shape.

    Platform, creation time, author, ``Config`` and the layer diff IDs; the inspect answer has no
    history (the engine serves it separately, a saved file lacks it).
    """
    config: dict[str, object] = {}
    for key, name in (
        ("Architecture", "architecture"),
        ("Os", "os"),
        ("Variant", "variant"),
        ("Created", "created"),
        ("Author", "author"),
    ):
        value = inspect.get(key)
        if isinstance(value, str) and value:
            config[name] = value
    inner = inspect.get("Config")
    config["config"] = dict(inner) if isinstance(inner, Mapping) else {}
    rootfs = inspect.get("RootFS")
    if isinstance(rootfs, Mapping):
        layers = rootfs.get("Layers")
        config["rootfs"] = {
            "type": rootfs.get("Type", "layers"),
            "diff_ids": list(layers) if isinstance(layers, list) else [],
        }
    return config


# The fields of an image config gate reads, per object Go decodes as a struct (moby's
# image.Image and container.Config, OCI's ImageConfig and History).
_TOP_FIELDS = ("history", "config", "os", "architecture", "variant", "rootfs")
_INNER_FIELDS = ("Env", "OnBuild", "Shell", "WorkingDir", "Labels")
_ROOTFS_FIELDS = ("diff_ids",)
_HISTORY_FIELDS = ("created_by", "comment", "author", "empty_layer")


def config_name_problem(config: Mapping[str, object]) -> str | None:
    """Why `config` cannot be read as Docker reads it: a key Go's JSON decoder takes for a
    field gate reads, spelled otherwise (gate/go_json_names.py); None when there is none."""
    checks: list[tuple[object, tuple[str, ...], str]] = [
        (config, _TOP_FIELDS, "the image config"),
        (config.get("config"), _INNER_FIELDS, "the image config's config"),
        (config.get("rootfs"), _ROOTFS_FIELDS, "the image config's rootfs"),
    ]
    history = config.get("history")
    if isinstance(history, list):
        checks += [(item, _HISTORY_FIELDS, f"history[{i}]") for i, item in enumerate(history)]
    for obj, fields, where in checks:
        if isinstance(obj, Mapping):
            found = misspelled_field(obj, fields)
            if found is not None:
                return spelling_problem(*found, where)
    return None
