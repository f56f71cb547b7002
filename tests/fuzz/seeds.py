"""The real files the fuzzer mutates: the shared corpora, wherever this checkout has them.

In order: the copy inside the repository (tests/data/shared/), the shared directory beside it
(``../shared`` or ``$GATE_SHARED``), then the suite's own test data, so the fuzzer always has
seeds (fewer and less varied in the last case).
"""

from __future__ import annotations

import functools
from pathlib import Path

from tests.support.paths import REPO, SHARED

DATA = REPO / "tests" / "data"
_SHARED_COPIES = (DATA / "shared", SHARED)


def _first(relative: str, pattern: str) -> list[Path]:
    for root in _SHARED_COPIES:
        found = sorted((root / relative).glob(pattern))
        if found:
            return found
    return []


@functools.cache
def dockerfiles() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of the real Dockerfiles; the suite's own when no shared copy is here."""
    files = _first("realworld/files", "*.Dockerfile") or sorted(DATA.rglob("*Dockerfile"))
    return tuple((p.name, p.read_bytes()) for p in files)


@functools.cache
def image_configs() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of the real image configs (JSON and rendered `docker history` tables)."""
    files = _first("realworld-images", "*.json") + _first("realworld-images", "*.txt")
    if not files:
        files = sorted((DATA / "images").glob("*.json"))
    return tuple((p.name, p.read_bytes()) for p in files)
