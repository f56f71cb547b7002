"""`while read …` loops: the values `read` gives each pass, as bash and dash give them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.shell.read_loop import passes, read_spec

DATA = Path(__file__).resolve().parents[1] / "data" / "shell" / "read_loop" / "bash_dash.yaml"
RECORDED: dict[str, Any] = yaml.safe_load(DATA.read_text())


@pytest.mark.parametrize(
    "case", RECORDED["cases"], ids=lambda c: f"{c['input']}: {' '.join(c['read'])} IFS={c['ifs']!r}"
)
def test_read_gives_each_pass_what_bash_and_dash_give(case: dict[str, Any]) -> None:
    spec = read_spec(case["read"])
    assert spec is not None
    got = passes(RECORDED["inputs"][case["input"]], spec, case["ifs"])
    assert got is not None
    assert [list(p) for p in got.each] == case["passes"]
    assert list(got.final) == case["final"]


OTHER_OPTIONS = [["-d", "", "p"], ["-n1", "p"], ["-a", "arr"], [], ["-u", "3", "p"]]


@pytest.mark.parametrize("args", OTHER_OPTIONS)
def test_a_read_with_other_options_is_not_modelled(args: list[str]) -> None:
    assert read_spec(args) is None
