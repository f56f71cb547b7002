"""A script named partly by a value gate cannot know: the word's known parts matched in bounded
time however it is spelled (scripts.unknown_named)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.build_files import Files
from gate.facts.scripts import unknown_named

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "unknown_named"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "hostile_words.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[f"{c['unit']}x{c['times']}" for c in CASES])
def test_a_hostile_partly_unknown_name_is_matched_in_bounded_time(case: dict[str, Any]) -> None:
    files = Files({"/d/10.sh": "pip install --no-binary :all: evil\n"})
    word = case["head"] + case["unit"] * case["times"] + case["tail"]
    started = time.process_time()
    got = unknown_named(word, "/", files)
    assert time.process_time() - started < 1.0  # bounded work, not a speed target
    assert (got is not None) == case["fits"]
