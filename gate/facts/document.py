"""The facts document: FactsDocument ⇄ the JSON the policies read (see schema.json)."""

from __future__ import annotations

import dataclasses
from typing import Any

from gate.facts import remedy
from gate.model import FactsDocument, Install, Location, Unjudgeable

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def location_json(location: Location) -> dict[str, Any]:
    return dict(_plain(location))


def install_json(install: Install) -> dict[str, Any]:
    return dict(_plain(install))


def _policy_install(install: Install) -> dict[str, Any]:
    # The remedy a finding quotes is decided once, in the facts layer (gate/facts/remedy.py).
    return {**install_json(install), "hint": remedy.hint(install)}


def unjudgeable_json(item: Unjudgeable) -> dict[str, Any]:
    return dict(_plain(item))


def facts_json(doc: FactsDocument) -> dict[str, Any]:
    """The policy input document, as plain JSON-able data."""
    return {
        "version": doc.version,
        "target": _plain(doc.target),
        "installs": [_policy_install(i) for i in doc.installs],
        "opaque": [
            {"location": location_json(loc), "reason": op.reason, "text": op.text, "line": op.line}
            for loc, op in doc.opaque
        ],
        "unjudgeable": [unjudgeable_json(u) for u in doc.unjudgeable],
        "mentions": [
            {
                "location": location_json(m.location),
                "line": m.line,
                "text": m.text,
                "installer": m.installer,
                "outcome": m.outcome,
                "reason": m.reason,
                "installs": list(m.installs),
            }
            for m in doc.mentions
        ],
    }
