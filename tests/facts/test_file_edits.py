"""Files a command may change in ways the gate does not work out, and what `find` does to them."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts import file_edits, find_expr
from gate.model import Command, Redirect, Word

DATA = Path(__file__).parent.parent / "data" / "facts" / "file_edits"
EDITS: list[dict[str, Any]] = yaml.safe_load((DATA / "edits.yaml").read_text())
FINDS: list[dict[str, Any]] = yaml.safe_load((DATA / "find.yaml").read_text())


def _command(argv: str, here: str | None = None) -> Command:
    words = tuple(Word(w, known=not w.startswith("$")) for w in shlex.split(argv))
    redirects = (Redirect("<<", None, here),) if here is not None else ()
    return Command(words, {}, redirects=redirects)


def _argv(case: dict[str, Any]) -> str:
    repeat = case.get("repeat")
    if repeat is None:
        return str(case["argv"])
    return str(case["argv"]).replace("@REPEAT@", " ".join([repeat["text"]] * repeat["times"]))


@pytest.mark.parametrize("case", EDITS, ids=[c["name"] for c in EDITS])
def test_the_files_a_command_may_change(case: dict[str, Any]) -> None:
    fed = [find_expr.Reached(path, sure) for path, sure in case.get("fed") or []]
    got = file_edits.edits(_command(case["argv"], case.get("here")), "/app", set(case["held"]), fed)
    assert sorted(got.changed) == sorted(case.get("changed") or [])
    assert sorted(got.removed) == sorted(case.get("removed") or [])


@pytest.mark.parametrize("case", FINDS, ids=[c["name"] for c in FINDS])
def test_what_find_does_to_the_held_files(case: dict[str, Any]) -> None:
    held = [(path, "") for path in case["held"]]
    got = find_expr.effects(_command(_argv(case)).argv, "/app", held, case.get("budget"))
    assert got.over == case.get("over", False)
    for kind in ("deleted", "passed", "printed"):
        want = sorted((path, sure) for path, sure in case.get(kind) or [])
        assert sorted((r.path, r.sure) for r in getattr(got, kind)) == want, kind
    assert got.written == (case.get("written") or [])
