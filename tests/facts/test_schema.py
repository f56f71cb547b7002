"""The facts document keeps its documented, versioned schema (gate/facts/schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gate.facts.document import SCHEMA_VERSION, facts_json
from gate.facts.walker import extract_facts
from gate.sources.config_file import read_config_file
from gate.sources.dockerfile import read_dockerfile
from gate.sources.images import build_sources
from tests.support.paths import shared

SCHEMA: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "gate" / "facts" / "schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(shared("corpus").glob("*.Dockerfile")):
        source = read_dockerfile(str(path), build_args={}, target=None, context=None)
        docs.append((path.name, facts_json(extract_facts(source))))
    for path in sorted(shared("corpus-images").glob("*.json")):
        (source,) = build_sources([read_config_file(path)], "config")
        docs.append((path.name, facts_json(extract_facts(source))))
    return docs


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["version"]["const"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("name", "doc"), _documents(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_facts_of_every_corpus_input_match_the_schema(name: str, doc: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(doc)]
    assert not errors, errors


def test_schema_rejects_a_document_with_an_unknown_install_field() -> None:
    name, doc = next((n, d) for n, d in _documents() if d["installs"])
    doc["installs"][0]["surprise"] = True
    assert not VALIDATOR.is_valid(doc), name
