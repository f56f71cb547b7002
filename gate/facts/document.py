"""The facts document: FactsDocument ⇄ the JSON the policies read (see schema.json)."""

from __future__ import annotations

import dataclasses
from typing import Any

from gate.model import FactsDocument, Install, Location, Unjudgeable

SCHEMA_VERSION = 1


def location_json(location: Location) -> dict[str, Any]:
    return dataclasses.asdict(location)


def install_json(install: Install) -> dict[str, Any]:
    # asdict keeps tuples as tuples: the same JSON arrays once serialised for the engine.
    return dataclasses.asdict(install)


def unjudgeable_json(item: Unjudgeable) -> dict[str, Any]:
    return dataclasses.asdict(item)


def facts_json(doc: FactsDocument) -> dict[str, Any]:
    """The policy input document, as plain JSON-able data."""
    return {
        "version": doc.version,
        "target": dataclasses.asdict(doc.target),
        "installs": [install_json(i) for i in doc.installs],
        "opaque": [
            {"location": location_json(loc), "reason": op.reason, "text": op.text, "line": op.line}
            for loc, op in doc.opaque
        ],
        "unjudgeable": [unjudgeable_json(u) for u in doc.unjudgeable],
    }
