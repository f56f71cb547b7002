"""Fixtures of the policy tests: facts documents from tests/data/policy and the OPA stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.model import (
    BinaryPolicy,
    FactsDocument,
    Install,
    Location,
    Opaque,
    OptionEvent,
    Requirement,
    RequirementFile,
    Target,
    Unjudgeable,
    Unknown,
)
from gate.policy.judge import load_engine
from tests.support.opa_standin import opa_standin  # noqa: F401  (fixture)

DATA = Path(__file__).resolve().parent.parent / "data" / "policy"


def _location(raw: dict[str, Any]) -> Location:
    return Location(**raw)


def _install(raw: dict[str, Any]) -> Install:
    binary = raw.get("binary", {})
    return Install(
        id=raw["id"],
        tool=raw["tool"],
        command=raw["command"],
        argv=tuple(raw.get("argv", ())),
        text=raw.get("text", ""),
        location=_location(raw["location"]),
        binary=BinaryPolicy(
            tuple(binary.get("only_binary", ())),
            tuple(binary.get("no_binary", ())),
            tuple(OptionEvent(**e) for e in binary.get("events", ())),
        ),
        requirements=tuple(Requirement(**r) for r in raw.get("requirements", ())),
        requirement_files=tuple(RequirementFile(**f) for f in raw.get("requirement_files", ())),
        unknowns=tuple(Unknown(**u) for u in raw.get("unknowns", ())),
        resolves=raw.get("resolves", False),
        no_deps=raw.get("no_deps", False),
        backend=raw.get("backend"),
        from_base=raw.get("from_base", False),
        onbuild=raw.get("onbuild", False),
        fix=raw.get("fix"),
    )


def facts_document(name: str) -> FactsDocument:
    """A hand-written facts document (the JSON shape of gate.facts.document.facts_json)."""
    raw = json.loads((DATA / name).read_text(encoding="utf-8"))
    return FactsDocument(
        target=Target(
            raw["target"]["kind"],
            raw["target"]["path"],
            digest=raw["target"].get("digest"),
            base_digest=raw["target"].get("base_digest"),
        ),
        installs=tuple(_install(i) for i in raw["installs"]),
        opaque=tuple(
            (_location(o["location"]), Opaque(o["reason"], o["text"], o.get("line", 0)))
            for o in raw.get("opaque", ())
        ),
        unjudgeable=tuple(
            Unjudgeable(_location(u["location"]), u["reason"]) for u in raw.get("unjudgeable", ())
        ),
        version=raw.get("version", 1),
    )


@pytest.fixture(scope="session")
def builtin_engine() -> Any:
    """The built-in policies, compiled once for the session as gate does once per process."""
    return load_engine((), ())
