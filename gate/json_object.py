"""A JSON document that must be an object (a config blob, a manifest, a docker config.json).

Every reader of such a document refuses the same three ways; each names the document its own
way (`registry r: repo@sha256:…: manifest is not valid JSON`). `NotJsonObject` carries the
reason, the caller the name and its own error type.
"""

from __future__ import annotations

import json
from typing import Any


class NotJsonObject(ValueError):
    """Why a document is not a JSON object: "not valid JSON", "nested too deeply" or "not a
    JSON object" (str() of the error)."""


def json_object(raw: bytes | str) -> dict[str, Any]:
    """The object `raw` holds; NotJsonObject when it holds none (never a RecursionError)."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise NotJsonObject("nested too deeply") from None
    except ValueError:
        raise NotJsonObject("not valid JSON") from None
    if not isinstance(data, dict):
        raise NotJsonObject("not a JSON object")
    return data
