"""gate.shell.startup: which start-up files a shell start reads (cases in tests/data/shell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.shell.startup import startup_files

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "shell" / "startup_cases.yaml").read_text()
)
ENV = {"HOME": "/root", "BASH_ENV": "/be", "ENV": "/e"}


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["argv"]) for c in CASES])
def test_a_shell_start_reads_the_start_up_files_bash_and_dash_read(case: dict[str, Any]) -> None:
    held = frozenset(case["held"]) if "held" in case else None
    got = startup_files(case["argv"], ENV, held)
    assert list(got.files) == case["files"]
    assert list(got.maybe) == case.get("maybe", [])


def test_bash_env_of_a_value_gate_does_not_know_is_unplaced() -> None:
    assert startup_files(["bash", "-c", "x"], {"BASH_ENV": None}, None).unplaced == "$BASH_ENV"
