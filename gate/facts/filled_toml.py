"""A TOML config a heredoc wrote with a variable of unknown value (FilledText, kept as written).

BuildKit writes the variable's value into the file, which gate keeps as `$NAME`. Where that
stands on a line of its own (`$EXTRA`, invalid TOML here and so read as no config at all), in a
key, or in a value of a setting that decides builds (uv's `no-binary = ["$X"]`), the file may
hold any such setting: an install it could change is `unknown`. A value of another key (`index-url
= "$MIRROR"`) stays within it.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from gate.facts.toml_text import parse_toml
from gate.model import FilledText

_MAX_NODES = 4096  # a config is small; a hostile one stays cheap


def unknown_setting(text: str | None, relevant: Container[str]) -> str | None:
    """Why the file may hold a setting gate cannot read, or None (no FilledText, or its
    variables stand only in values of keys outside `relevant`)."""
    if not isinstance(text, FilledText):
        return None
    doc = parse_toml(text)
    if doc is None:
        return f"is {text.why}, which may be any setting"[:400]
    if not _holds(doc, relevant, "", [_MAX_NODES]):
        return None
    return f"is {text.why}, which may set a build setting"[:400]


def _holds(node: Any, relevant: Container[str], key: str, left: list[int]) -> bool:
    left[0] -= 1
    if left[0] < 0:
        return True  # past the bound: fail closed
    if isinstance(node, dict):
        return any("$" in k or _holds(v, relevant, k, left) for k, v in node.items())
    if isinstance(node, list):
        return any(_holds(v, relevant, key, left) for v in node)
    return isinstance(node, str) and "$" in node and key in relevant
