"""Shell features that used to hide the program a command runs (cases in tests/data/shell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate import model
from gate.shell.walk import analyse

DATA = Path(__file__).resolve().parents[1] / "data" / "shell" / "hidden_programs.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text("utf-8"))


def _analyse(script: str, shell: tuple[str, ...] = ("/bin/bash", "-c")) -> model.Script:
    return analyse(model.Run(model.Location("D", 1), shell, False, (), script, {}))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_program_a_command_runs_is_found_or_reported_unknown(case: dict[str, Any]) -> None:
    got = _analyse(case["script"], tuple(case.get("shell") or ("/bin/bash", "-c")))
    if "runs" in case:
        runs = [[w.value for w in c.argv] for c in got.commands if all(w.known for w in c.argv)]
        assert case["runs"] in runs, runs
        if case.get("no_opaque"):
            assert got.opaque == (), got.opaque
    else:
        assert case["opaque"] in [o.reason for o in got.opaque], got
