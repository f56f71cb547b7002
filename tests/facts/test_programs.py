"""identify: which packaging tool a command runs, however spelled. Cases live in
tests/data/facts/programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts.programs import identify
from tests.facts.casefile import command

DATA = Path(__file__).resolve().parent.parent / "data" / "facts" / "programs"


def _cases() -> list[Any]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / "names.yaml").read_text())
    return [pytest.param(case, id=case["line"]) for case in cases]


@pytest.mark.parametrize("case", _cases())
def test_a_spelling_asked_again_names_the_same_tool_with_the_new_commands_words(
    case: dict[str, Any],
) -> None:
    first, again = command(case["line"]), command(case["line"] + " extra")
    for asked in (first, again):
        call = identify(asked)
        assert (None if call is None else call.tool) == case["tool"]
        if call is not None:
            assert call.command is asked
            assert call.args[-1].value == asked.argv[-1].value
