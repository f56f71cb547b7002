"""TOML a build wrote (pyproject.toml, uv.toml, poetry.toml, pylock.toml), read within bounds."""

from __future__ import annotations

from typing import Any

MAX_TOML_BYTES = 1_000_000


def parse_toml(text: str | None, limit: int = MAX_TOML_BYTES) -> dict[str, Any] | None:
    """The document, or None when there is none, it is larger than `limit` or it is not TOML.

    Too deep a nesting makes tomllib recurse past Python's limit: that file is unreadable too,
    not an internal error.
    """
    if text is None or len(text) > limit:
        return None
    import tomllib  # only when a build has a TOML file to read

    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None
