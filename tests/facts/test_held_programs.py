"""walker._held_programs: which modelled programs (folder_vars.MODELLED_PROGRAMS) a step may
run from a file the build holds or the step writes, over tests/data/facts/held_programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate import model
from gate.build_files import Files
from gate.facts.walker import _held_programs
from gate.shell.walk import analyse

CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "facts" / "held_programs" / "cases.yaml")
    .read_text("utf-8")
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_held_programs_names_the_last_part_of_held_paths_and_step_words(name: str) -> None:
    case = CASES[name]
    run = model.Run(model.Location("D", 1), ("/bin/sh", "-c"), False, (), case["script"], {}, "/w")
    files = Files(dict.fromkeys(case["files"], "x\n"))
    assert _held_programs(analyse(run), files) == frozenset(case["names"])
