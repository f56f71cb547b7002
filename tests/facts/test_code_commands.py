"""The command texts awk, Perl, Ruby, Node, PHP and Lua code hands `sh -c` (code_commands)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts.code_commands import VALUE, command_texts

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "code_commands"


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text())
    return cases


@pytest.mark.parametrize("case", _cases("texts.yaml"), ids=lambda c: f"{c['lang']}: {c['code']}")
def test_code_hands_its_command_texts_to_a_shell(case: dict[str, Any]) -> None:
    texts = command_texts(case["lang"], case["code"])
    assert [t.replace("${" + VALUE + "}", "value") for t in texts] == case["texts"]


@pytest.mark.parametrize("case", _cases("hostile.yaml"), ids=lambda c: str(c["piece"]))
def test_hostile_code_is_searched_in_bounded_time(case: dict[str, Any]) -> None:
    code = case["piece"] * case["times"]
    for lang in ("awk", "perl", "ruby", "php", "node", "lua"):
        start = time.process_time()
        command_texts(lang, code)
        assert time.process_time() - start < 1.5, lang


def test_command_texts_past_the_builds_cap_are_unknown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gate.cli import main
    from gate.facts import walker

    monkeypatch.setattr(walker, "MAX_CODE_TEXTS", 4)
    path = DATA / "many_texts.Dockerfile"
    main(["dockerfile", str(path), "--format", "json", "--base-env", "none", "--no-config"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["location"]["line"], f["verdict"]) for f in findings] == [(5, "unknown")]
