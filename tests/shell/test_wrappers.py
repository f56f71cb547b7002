"""gate.shell.wrappers: sudo, env, xargs, sh -c … are taken off (cases in tests/data/shell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.shell.expand import Field
from gate.shell.wrappers import _MAX_PEEL, peel, program_name, windows_name

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "wrappers_cases.yaml").read_text("utf-8"))


def _fields(*words: str) -> list[Field]:
    return [Field(w) for w in words]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = peel(_fields(*case["argv"]), {"K": "v"})
    assert len(got) == len(case["peeled"])
    for peeled, want in zip(got, case["peeled"], strict=True):
        assert [f.value for f in peeled.argv] == want["argv"]
        if "env" in want:
            assert peeled.env == want["env"]
        if "wrappers" in want:
            assert list(peeled.wrappers) == want["wrappers"]
        assert peeled.stdin_args == want.get("stdin_args", False)
        assert peeled.stdin_shell == want.get("stdin_shell", False)
        assert (peeled.script.value if peeled.script else None) == want.get("script")
        if peeled.script is not None:
            assert peeled.script.known == want.get("script_known", True)
        if "unknown" in want:
            assert {i for i, f in enumerate(peeled.argv) if not f.known} == set(want["unknown"])
        assert peeled.dialect == want.get("dialect", "posix")


def test_unknown_word_stops_option_parsing() -> None:
    got = peel([Field("sudo"), Field("$OPTS", known=False, may_be_option=True), Field("pip")], {})
    assert [f.value for f in got[0].argv] == ["$OPTS", "pip"]


def test_unknown_program_is_not_peeled() -> None:
    argv = [Field("$WRAP", known=False, may_be_option=True), Field("pip")]
    assert [f.value for f in peel(argv, {})[0].argv] == ["$WRAP", "pip"]


def test_peeling_is_bounded() -> None:
    got = peel(_fields(*(["nohup"] * (_MAX_PEEL * 3)), "pip"), {})
    assert len(got) == 1
    assert len(got[0].wrappers) <= _MAX_PEEL


def test_find_placeholder_is_unknown() -> None:
    got = peel(_fields("find", ".", "-exec", "pip", "install", "{}", ";"), {})
    assert [f.value for f in got[0].argv] == ["find", ".", "-exec", "{}", ";"]
    assert not got[1].argv[2].known


def test_program_names() -> None:
    assert program_name("/usr/bin/sudo") == "sudo"
    assert program_name("C:\\Python\\python.exe") == "python.exe"
    assert windows_name("C:\\Windows\\System32\\CMD.EXE") == "cmd"
