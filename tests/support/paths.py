"""Where the suite's shared corpora live: `tests/data/shared/`, an in-repo copy with its provenance.

The copy keeps each corpus as published (labels in `cases.yaml`, `realworld/manifest.tsv` with the
repository, path and commit of every real-world file), so a fresh clone needs nothing beside it.
A `../shared` folder (or `GATE_SHARED`) is optional: when present, the suite also checks that the
in-repo copy has not drifted from it (tests/test_shared_copy.py).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / "tests" / "data" / "shared"
# The upstream folder the copy was taken from, when this checkout has one beside it.
UPSTREAM = Path(os.environ.get("GATE_SHARED", REPO.parent / "shared")).resolve()
# Folders copied from upstream; tools/ holds the corpus grader.
COPIED = ("corpus", "corpus-images", "realworld", "realworld-images", "tools", "SPEC.md")


def shared(*parts: str) -> Path:
    """A path under the in-repo shared data; fails loudly when it is missing, never skips."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"shared test data not found: {path}")
    return path


def upstream() -> Path | None:
    """The optional upstream shared folder, or None when this checkout stands alone."""
    return UPSTREAM if UPSTREAM.is_dir() and UPSTREAM != SHARED else None
