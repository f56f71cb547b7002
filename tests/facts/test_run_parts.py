"""run-parts' name filters: a hostile --regex stays bounded (gate/facts/run_parts.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.build_files import Files
from gate.facts.run_parts import parts
from gate.model import Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "run_parts"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "hostile_patterns.yaml").read_text())
SCRIPT = "#!/bin/sh\npip install --no-binary :all: evil\n"


@pytest.mark.parametrize("case", CASES, ids=[c["pattern"] for c in CASES])
def test_a_regex_pattern_is_matched_in_bounded_time_or_left_unknown(case: dict[str, Any]) -> None:
    files = Files({f"/d/{case['name']}": SCRIPT})
    argv = (Word("run-parts"), Word("--regex"), Word(case["pattern"]), Word("/d"))
    started = time.process_time()
    got = parts(argv, "/", files, busybox=False)
    assert time.process_time() - started < 1.0  # bounded work, not a speed target
    walked = got is not None and bool(got.text)
    unknown = got is not None and bool(got.unknown)
    assert walked == case["sure"]
    assert (walked or unknown) == case["maybe"]
