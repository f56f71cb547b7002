"""Files Python code writes: literal text, else unknown (gate/facts/code_writes)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts.code_writes import code_writes
from gate.model import Command, Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "code_writes"


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text())
    return cases


def _python(code: str) -> Command:
    return Command(argv=(Word("python3"), Word("-c"), Word(code)), env={}, text="python3 -c")


@pytest.mark.parametrize("case", _cases("python.yaml"), ids=lambda c: c["code"][:60])
def test_python_code_writes_literal_text_or_unknown_text(case: dict[str, Any]) -> None:
    assert code_writes(_python(case["code"]), "/w") == case["writes"]


@pytest.mark.parametrize("case", _cases("hostile.yaml"), ids=lambda c: c["piece"][:20])
def test_hostile_python_code_is_read_in_bounded_time(case: dict[str, Any]) -> None:
    start = time.process_time()
    code_writes(_python(case["piece"] * case["times"]), "/")
    assert time.process_time() - start < 1.5
