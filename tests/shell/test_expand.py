"""gate.shell.expand: POSIX word expansion with known and unknown values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.shell.expand import (
    Flag,
    Value,
    ansi_c,
    expand_heredoc,
    expand_single,
    expand_word,
    from_text,
    resolve_program,
    to_text,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "expand_cases.yaml").read_text("utf-8"))


class _Vars:
    def __init__(self) -> None:
        self.values: dict[str, Value] = {
            "A": "a b",
            "E": "",
            "U": Flag.UNSET,
            "N": None,
            "P": "/usr/lib/python3.12/site.py",
            "L": "Hello",
        }

    def get(self, name: str) -> Value:
        return self.values.get(name, Flag.ABSENT)

    def assign(self, name: str, value: str | None) -> None:
        self.values[name] = value


@pytest.mark.parametrize("case", CASES, ids=[c["word"] for c in CASES])
def test_expand_word(case: dict[str, Any]) -> None:
    fields = expand_word(case["word"], _Vars())
    assert [[f.value, f.known, f.may_be_option] for f in fields] == case["fields"]


def test_assign_default_sets_the_variable() -> None:
    vars_ = _Vars()
    assert [f.value for f in expand_word("${U:=q}", vars_)] == ["q"]
    assert vars_.get("U") == "q"


def test_single_expansion_is_not_split() -> None:
    assert expand_single("$A", _Vars()).value == "a b"


def test_single_unknown_expansion_is_marked_single() -> None:
    assert expand_single('"$Z"', _Vars()).single
    assert not expand_single('"x$Z"', _Vars()).single


def test_heredoc_expansion_keeps_quotes() -> None:
    got = expand_heredoc('x=$A "q" \\$A\n', _Vars())
    assert (got.value, got.known) == ('x=a b "q" $A\n', True)


def test_heredoc_with_substitution_is_unknown_and_reports_it() -> None:
    seen: list[str] = []
    got = expand_heredoc("v=$(pip freeze)\n", _Vars(), lambda inner, _offset: seen.append(inner))
    assert not got.known
    assert seen == ["pip freeze"]


def test_substitutions_are_reported() -> None:
    seen: list[str] = []
    expand_word('"$(a)"`b`$((1 + $(c)))', _Vars(), lambda inner, _offset: seen.append(inner))
    assert seen == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("inner", "program"),
    [
        ("which pip3", "pip3"),
        (' command -v "uv" ', "uv"),
        ("type -P x", "x"),
        ("which pip | head", None),
    ],
)
def test_resolve_program(inner: str, program: str | None) -> None:
    assert resolve_program(inner) == program


def test_ansi_c_escapes() -> None:
    assert to_text(ansi_c("\\x41\\101\\u00e9\\n\\c[")) == "AAé\n\x1b"


def test_text_round_trip() -> None:
    for text in ["plain", "héllo wörld", "emoji 🐍"]:
        assert to_text(from_text(text)) == text
    assert len(from_text("é")) == 2  # one char per UTF-8 byte, as tree-sitter counts


def test_non_ascii_values_expand() -> None:
    vars_ = _Vars()
    vars_.assign("W", from_text("wörld"))
    assert [to_text(f.value) for f in expand_word(from_text("hé$W"), vars_)] == ["héwörld"]


def test_deep_nesting_does_not_hang() -> None:
    word = "${X:-" * 200 + "d" + "}" * 200
    assert expand_word(word, _Vars())


def test_echo_literal_matches_as_before_and_a_long_word_is_linear() -> None:
    import re

    from gate.shell.expand import _ECHO_LITERAL

    old = re.compile(r"\s*echo\s+((?:[A-Za-z0-9_.,:=/+@%][A-Za-z0-9_.,:=/+@%-]*\s*)+)")
    for inner in ["echo pip", " echo pip install flask\n", "echo a-b c", "echo -n pip", "echo a -b",
                  "echo 'pip'", "echo $X", "echo", "echo a  b\t", "echoa", "echo a!"]:
        ours, oracle = _ECHO_LITERAL.fullmatch(inner), old.fullmatch(inner)
        # the words echoed (a trailing newline is no longer in the group)
        assert (ours and ours.group(1).split()) == (oracle and oracle.group(1).split()), inner
    # every split of a word into words was tried: 30 letters and a `!` took minutes
    assert _ECHO_LITERAL.fullmatch("echo " + "a" * 50_000 + "!") is None
    assert _ECHO_LITERAL.fullmatch("echo " + "a-" * 25_000 + " -") is None


def test_echo_of_patterns_is_linear_on_a_long_word() -> None:
    from gate.shell.expand import _ECHO_PATTERNS

    assert _ECHO_PATTERNS.fullmatch("echo " + "a*" * 50_000 + "!") is None
    assert _ECHO_PATTERNS.fullmatch("echo " + "a- " * 30_000 + " -") is None
