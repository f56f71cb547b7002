"""Modules moved under a bundle's own root for a shared OPA: code only, lines unchanged."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from gate.policy.rego_place import placed
from tests.policy.conftest import DATA

CASES: list[dict[str, Any]] = yaml.safe_load(
    (DATA / "rego_place" / "cases.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_a_module_moves_under_the_root_in_code_only(case: dict[str, Any]) -> None:
    moved = placed(case["text"], "gate_r")
    assert moved == case["placed"]
    assert moved.count("\n") == case["text"].count("\n")  # OPA's error rows stay the file's
