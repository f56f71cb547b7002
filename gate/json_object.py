"""A JSON document that must be an object (a config blob, a manifest, a docker config.json).

Every reader of such a document refuses the same ways; each names the document its own
way (`registry r: repo@sha256:…: manifest is not valid JSON`). `NotJsonObject` carries the
reason, the caller the name and its own error type.

Size caps on the bytes do not bound the memory a parse takes: 8 MiB of `[[],[],…]` is 2.8
million lists, about 250 MB once parsed (and as much again when the webhook hands it to a judge
worker). So before parsing, the values a document holds are counted from its structure (commas,
brackets and braces outside strings, an upper bound) and a document over `MAX_VALUES` is refused
without being parsed. Real image configs hold a few hundred values; 2,000 history entries with
4,096 variables stay under 20,000.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_VALUES = 100_000
# Text scanned per step when counting: each step splits its piece at quotes, so a piece of
# quotes alone costs a bounded list, not one as long as the document.
_CHUNK = 64 * 1024
_BACKSLASHES = re.compile(r"\\*")


class NotJsonObject(ValueError):
    """Why a document is not a JSON object: "not valid JSON", "nested too deeply", "made of more
    than N JSON values" or "not a JSON object" (str() of the error)."""


class TooManyValues(NotJsonObject):
    """The document holds more values than the reader parses (counted, not parsed)."""


def _text(raw: bytes | bytearray | str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        # As json.loads decodes bytes (UTF-8, -16 or -32), so the count sees what it parses.
        return raw.decode(json.detect_encoding(raw), "surrogatepass")
    except (UnicodeDecodeError, LookupError):
        raise NotJsonObject("not valid JSON") from None


def value_bound(text: str) -> int:
    """At least as many as the values `text` holds (each value but the first follows a comma or
    opens a container). Commas, brackets and braces inside strings are not counted."""
    count, inside, start = 1, False, 0
    while start < len(text):
        end = start + _CHUNK
        if end < len(text) and text[end - 1] == "\\":
            # A piece never ends inside a run of backslashes nor before the character the
            # run's last one may escape, so every escape stays whole.
            end = _BACKSLASHES.match(text, end).end() + 1  # type: ignore[union-attr]
        # Escapes first, as JSON pairs them left to right: an escaped backslash, then an
        # escaped quote. The quotes left then alternate between opening and closing a string.
        piece = text[start:end].replace("\\\\", "").replace('\\"', "")
        parts = piece.split('"')
        outside = "".join(parts[1::2] if inside else parts[0::2])
        count += outside.count(",") + outside.count("[") + outside.count("{")
        if len(parts) % 2 == 0:  # an odd number of quotes: the next piece starts on the other side
            inside = not inside
        start = end
    return count


# Bytes a parsed value may take beyond its text: an object of short keys holds about 93 bytes per
# value, a list of numbers 8 (CPython 3.12, measured with tracemalloc).
_VALUE_BYTES = 96


def parsed_size(raw: bytes | bytearray) -> int:
    """About as many bytes as the document `raw` holds once parsed, or more: its text and each
    value it may hold (commas, brackets and braces anywhere, an upper bound)."""
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{") + 1
    return len(raw) + _VALUE_BYTES * values


def load_json(raw: bytes | bytearray | str, max_values: int = MAX_VALUES) -> Any:
    """The document `raw` holds, whatever its type; NotJsonObject when it is not valid JSON,
    nested too deeply or made of more than `max_values` values (never a RecursionError)."""
    text = _text(raw)
    # Commas, brackets and braces anywhere bound the values too, and cost far less to count.
    rough = text.count(",") + text.count("[") + text.count("{") + 1
    if rough > max_values and value_bound(text) > max_values:
        raise TooManyValues(f"made of more than {max_values:,} JSON values")
    try:
        return json.loads(text)
    except RecursionError:
        raise NotJsonObject("nested too deeply") from None
    except ValueError:
        raise NotJsonObject("not valid JSON") from None


def json_object(raw: bytes | bytearray | str, max_values: int = MAX_VALUES) -> dict[str, Any]:
    """The object `raw` holds; NotJsonObject when it holds none (never a RecursionError)."""
    data = load_json(raw, max_values)
    if not isinstance(data, dict):
        raise NotJsonObject("not a JSON object")
    return data
