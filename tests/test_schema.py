"""gate's small schema checker agrees with the jsonschema library on gate's own schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gate.config import SCHEMA as CONFIG_SCHEMA
from gate.policy.judge import DECISION_SCHEMA
from gate.schema import SchemaProblem, check, load_schema

DOCUMENTS = json.loads(
    (Path(__file__).parent / "data" / "schema" / "documents.json").read_text(encoding="utf-8")
)
SCHEMAS = {"config": CONFIG_SCHEMA, "decision": DECISION_SCHEMA}
CASES = [(name, doc) for name, docs in DOCUMENTS.items() for doc in docs]


@pytest.mark.parametrize("path", SCHEMAS.values(), ids=SCHEMAS.keys())
def test_schemas_are_valid_json_schema(path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def _ours(doc: Any, schema: Path) -> bool:
    try:
        check(doc, load_schema(schema))
    except SchemaProblem:
        return False
    return True


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[json.dumps(d)[:60] for _, d in CASES])
def test_checker_accepts_exactly_what_jsonschema_accepts(name: str, doc: Any) -> None:
    schema = SCHEMAS[name]
    theirs = jsonschema.Draft202012Validator(json.loads(schema.read_text())).is_valid(doc)
    assert _ours(doc, schema) == theirs


def test_problem_names_the_path_to_the_bad_value() -> None:
    with pytest.raises(SchemaProblem) as caught:
        check({"policy": ["team", 3]}, load_schema(CONFIG_SCHEMA))
    assert str(caught.value) == "policy[1]: must be string"


def test_schema_with_a_keyword_the_checker_lacks_is_refused(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object", "anyOf": [{"required": ["a"]}]}')
    with pytest.raises(ValueError, match="anyOf"):
        load_schema(schema)
