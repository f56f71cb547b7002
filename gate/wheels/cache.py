"""Check results kept per (requirement set, platform, Python version, index) under the user cache.

One JSON file per key in `$XDG_CACHE_HOME/gate/wheels` (default `~/.cache/gate/wheels`). Only
answers are kept; "cannot check" is not, so a later run with the network asks again. A file
that cannot be read or parsed is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

_VERSION = 1


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gate" / "wheels"


def cache_key(requirements: tuple[str, ...], platform: str, python: str, index_url: str) -> str:
    material = json.dumps([_VERSION, sorted(requirements), platform, python, index_url.rstrip("/")])
    return hashlib.sha256(material.encode()).hexdigest()


def load(cache_dir: Path, key: str) -> dict[str, Any] | None:
    path = cache_dir / f"{key}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def store(cache_dir: Path, key: str, doc: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written only costs the next run time."""
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        tmp.replace(cache_dir / f"{key}.json")
