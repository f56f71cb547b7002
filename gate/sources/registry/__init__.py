"""Image configs straight from a registry, without a container engine.

``fetch_configs(ref, platform=..., options=...)`` (async) and ``fetch_configs_sync`` return one
``ImageConfig`` per platform image; ``RegistryClient`` is the reusable client underneath.
The HTTP parts load on first use so that importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import Platform
from gate.sources.registry.options import Credentials, RegistryOptions
from gate.sources.registry.reference import ImageReference, parse_reference

if TYPE_CHECKING:
    from gate.sources.image_config import ImageConfig
    from gate.sources.registry.client import RegistryClient
    from gate.sources.registry.fetch import fetch_configs, fetch_configs_sync

__all__ = [
    "Credentials",
    "ImageConfig",
    "ImageReference",
    "Platform",
    "RegistryClient",
    "RegistryError",
    "RegistryOptions",
    "fetch_configs",
    "fetch_configs_sync",
    "parse_reference",
]

_LAZY = {
    "RegistryClient": "gate.sources.registry.client",
    "ImageConfig": "gate.sources.image_config",
    "fetch_configs": "gate.sources.registry.fetch",
    "fetch_configs_sync": "gate.sources.registry.fetch",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
