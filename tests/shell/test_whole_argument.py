"""`pip install "$PKG"`, `uv pip install "$PKG" --index-url U`: one quoted expansion that is
the only word that could name something to install is one word and cannot be an option (pip
and uv would stop with nothing to install), so it is judged as a requirement.
Shell and fact layers together (cases in tests/data/shell/facts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import pip, uv
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Location, Run
from gate.shell.walk import analyse

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "shell" / "facts" / "whole_argument.yaml")
    .read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["script"] for c in CASES])
def test_only_quoted_expansion_argument_is_a_requirement(case: dict[str, Any]) -> None:
    run = Run(Location("Dockerfile", 2), ("/bin/sh", "-c"), False, (), case["script"], {})
    command = analyse(run).commands[-1]  # after the commands of a substitution
    call = identify(command)
    assert call is not None
    tool = uv if call.tool == "uv" else pip
    install = tool.extract(call, FactContext(run, {}))
    assert install is not None
    assert bool(install.unknowns) == case["unknown"], install.unknowns
    if "requirement" in case:
        assert [r.text for r in install.requirements] == [case["requirement"]]
