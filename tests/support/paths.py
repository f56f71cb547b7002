"""Where the shared, read-only corpora live: `../shared` beside the repository (also in CI)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("GATE_SHARED", REPO.parent / "shared")).resolve()


def shared(*parts: str) -> Path:
    """A path under shared/; fails loudly when the corpus is missing, never skips."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"shared corpus not found: {path} (set GATE_SHARED)")
    return path
