"""gate.facts.envsubst: the config templates envsubst fills (cases in tests/data/facts/envsubst)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import envsubst
from gate.model import Command, Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "envsubst"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_what_envsubst_prints(case: dict[str, Any]) -> None:
    command = Command(tuple(Word(w) for w in case["argv"]), case["env"])
    filled = envsubst.fill(command, case["template"])
    if case["text"] is None:
        assert filled is None
        return
    assert filled is not None
    assert filled.text == case["text"]
    assert filled.uncertain == case["uncertain"]
