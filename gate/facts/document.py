"""The facts document: FactsDocument ⇄ the JSON the policies read (see schema.json).

The json module walks the model itself (C speed), with one hook that hands it a dataclass's
fields; measured on the 261 real-world files that is a quarter of the time
`dataclasses.asdict` takes (which deep-copies every leaf), and gives real JSON: arrays as
lists, as the engine and the schema see them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from gate.facts import remedy
from gate.model import FactsDocument, Install, Location, Unjudgeable

SCHEMA_VERSION = 1


def _fields(value: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # gate.model's dataclasses are frozen without slots: vars() is exactly their fields.
        return vars(value)
    raise TypeError(f"not part of the facts document: {type(value).__name__}")


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_fields))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _data(value: Any) -> Any:
    """`_plain(value)`, built directly: a dataclass becomes its fields, a tuple or list a list,
    a dict of str keys a dict, a str, int, float, bool or None itself, each as the JSON round
    trip gives it back. Anything else (another type, a dict with other keys) takes the round
    trip itself, so its result and errors are the json module's."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [_data(item) for item in value]
    if kind is dict:
        if all(type(key) is str for key in value):
            return {key: _data(item) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: _data(item) for key, item in vars(value).items()}
    return _plain(value)


def location_json(location: Location) -> dict[str, Any]:
    return dict(_plain(location))


def install_json(install: Install) -> dict[str, Any]:
    # Every finding of the JSON report has one: without the round trip through JSON text.
    return dict(_data(install))


def _policy_install(install: Install) -> dict[str, Any]:
    # The remedy a finding quotes is decided once, in the facts layer (gate/facts/remedy.py).
    return {**install_json(install), "hint": remedy.hint(install)}


def unjudgeable_json(item: Unjudgeable) -> dict[str, Any]:
    return dict(_plain(item))


def _document(doc: FactsDocument, install: Callable[[Install], dict[str, Any]]) -> dict[str, Any]:
    opaque = [
        {"location": loc, "reason": op.reason, "text": op.text, "line": op.line}
        for loc, op in doc.opaque
    ]
    return {
        "version": doc.version,
        "target": doc.target,
        "installs": [install(i) for i in doc.installs],
        "opaque": opaque,
        "unjudgeable": doc.unjudgeable,
        "mentions": doc.mentions,
    }


def facts_json(doc: FactsDocument) -> dict[str, Any]:
    """The policy input document, as plain JSON data."""
    return dict(_plain(_document(doc, _policy_install)))


def facts_text(doc: FactsDocument) -> str:
    """`json.dumps(facts_json(doc), ensure_ascii=False)` without the round trip through data:
    the text an engine is given to judge (every key of the document is a string, so the text
    is the same)."""
    def install(item: Install) -> dict[str, Any]:
        # Its fields as they are: the one encoding below writes them as _plain would.
        return {**_fields(item), "hint": remedy.hint(item)}

    return json.dumps(_document(doc, install), default=_fields, ensure_ascii=False)
