"""TOML a build wrote (pyproject.toml, uv.toml, poetry.toml, pylock.toml), read within bounds."""

from __future__ import annotations

import functools
from typing import Any

MAX_TOML_BYTES = 1_000_000
# A lock is parsed by each install that reads it (its direct sources, its export, its
# workspace): 25 `uv sync`/`uv export` steps over one 1 MB uv.lock took 6.4 s, over a 4 MB one
# 21.6 s. A large text is parsed once and its document shared; callers only read it.
_SHARED_FROM = 64 * 1024


def parse_toml(text: str | None, limit: int = MAX_TOML_BYTES) -> dict[str, Any] | None:
    """The document, or None when there is none, it is larger than `limit` or it is not TOML.
    Not to be changed: a large text's document is shared by every caller.

    Too deep a nesting makes tomllib recurse past Python's limit: that file is unreadable too,
    not an internal error.
    """
    if text is None or len(text) > limit:
        return None
    if len(text) >= _SHARED_FROM:
        return _shared(text)
    return _parse(text)


@functools.lru_cache(maxsize=2)  # a build reads one or two large locks; each doc is kept
def _shared(text: str) -> dict[str, Any] | None:
    return _parse(text)


def _parse(text: str) -> dict[str, Any] | None:
    import tomllib  # only when a build has a TOML file to read

    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None
