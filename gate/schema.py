"""A small JSON Schema checker for gate's own schemas (config.schema.json, decision.schema.json).

Why not the `jsonschema` library at run time: importing it (with `referencing`, `attrs`,
`rpds`) costs about as much as the rest of a one-file `gate dockerfile` call spends in policy
work, and every call validates the decision. The schemas stay standard JSON Schema (2020-12),
the contract a reader or another tool can use; this module implements only the keywords they use
(`type`, `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `minLength`,
`pattern`) and fails on any other, so a schema can never use a keyword that is silently ignored.
The test suite checks it against `jsonschema` on valid and invalid documents (tests/test_schema.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

_SUPPORTED = {
    "$schema", "$id", "title", "description", "type", "properties", "required",
    "additionalProperties", "items", "enum", "minLength", "pattern",
}  # fmt: skip
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


class SchemaProblem(ValueError):
    """A document that does not match its schema; `where` is the path to the bad value."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


@cache
def load_schema(path: Path) -> Mapping[str, Any]:
    schema: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    _check_keywords(schema)
    return schema


def _check_keywords(schema: Mapping[str, Any]) -> None:
    unknown = set(schema) - _SUPPORTED
    if unknown:
        raise ValueError(f"schema keyword(s) not supported here: {', '.join(sorted(unknown))}")
    for child in (schema.get("properties") or {}).values():
        _check_keywords(child)
    if isinstance(schema.get("items"), Mapping):
        _check_keywords(schema["items"])


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False  # JSON's true is not a number, though Python's bool is an int
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES[kind])


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def check(value: Any, schema: Mapping[str, Any], where: str = "") -> None:
    """Raise SchemaProblem at the first place `value` does not match `schema`."""
    kinds = schema.get("type")
    # One kind (most keywords) is asked without a generator: every decision is checked.
    if kinds is not None and not (
        _is(value, kinds) if isinstance(kinds, str) else any(_is(value, kind) for kind in kinds)
    ):
        allowed = [kinds] if isinstance(kinds, str) else list(kinds)
        raise SchemaProblem(where, f"must be {' or '.join(allowed)}")
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(json.dumps(v) for v in schema["enum"])
        raise SchemaProblem(where, f"must be one of {choices}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            raise SchemaProblem(where, "must not be empty")
        pattern = schema.get("pattern")
        if pattern is not None and re.search(pattern, value) is None:
            raise SchemaProblem(where, f"must match {pattern}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                raise SchemaProblem(where, f"needs {key!r}")
        properties: Mapping[str, Any] = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                check(item, properties[key], _join(where, key))
            elif schema.get("additionalProperties") is False:
                raise SchemaProblem(where, f"unknown key {key!r}")
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            check(item, schema["items"], _join(where, index))
