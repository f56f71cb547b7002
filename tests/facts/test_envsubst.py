"""gate.facts.envsubst and sed_template: config templates filled at build time (cases in
tests/data/facts/envsubst)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import envsubst, sed_template
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


SED: list[dict[str, Any]] = yaml.safe_load((DATA / "sed_cases.yaml").read_text("utf-8"))


def _word(text: str) -> Word:
    # `$…` marks a word gate does not know; its text is kept as the shell layer keeps it.
    return Word(text[1:], known=False) if text.startswith("$") else Word(text)


@pytest.mark.parametrize("case", SED, ids=[c["name"] for c in SED])
def test_what_sed_makes_of_a_template(case: dict[str, Any]) -> None:
    sed = sed_template.read([_word(a) for a in case["args"]])
    filled = None if sed is None else sed_template.fill(sed, case["text"])
    if case["out"] is None:
        assert filled is None
        return
    assert filled is not None
    assert (filled.text, filled.uncertain) == (case["out"], case["uncertain"])
