"""gate.shell.lex: heredocs cut out before parsing, offsets kept; the skip_* scanners."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.shell.lex import (
    cut_heredocs,
    skip_ansi,
    skip_arith,
    skip_backtick,
    skip_brace,
    skip_double,
    skip_subst,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "shell"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "lex_cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_cut_heredocs(case: dict[str, Any]) -> None:
    cut, docs = cut_heredocs(case["script"])
    assert cut == case["cut"]
    got = [[k, d.op, d.delimiter, d.quoted, d.body] for k, d in sorted(docs.items())]
    assert got == case["heredocs"]


def test_operator_offset_is_the_key() -> None:
    script = "echo a; cat <<EOF\nx\nEOF\n"
    _, docs = cut_heredocs(script)
    assert script[next(iter(docs)) :].startswith("<<EOF")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <-'\"$()`{}\\\n\t#EOF;|&")), max_size=200))
def test_cut_keeps_length_and_lines(script: str) -> None:
    cut, _ = cut_heredocs(script)
    assert len(cut) == len(script)
    assert [i for i, c in enumerate(cut) if c == "\n"] == [
        i for i, c in enumerate(script) if c == "\n"
    ]


@pytest.mark.parametrize(
    ("scan", "text", "end"),
    [
        (skip_subst, "a (b) c) d", 8),
        (skip_subst, "echo ')' \")\" $(x)) d", 18),
        (skip_subst, "case x in a) y;; esac) z", 22),
        (lambda s, i: skip_brace(s, i, False), "x:-${y}} z", 8),
        (skip_arith, "1+(2))) z", 7),
        (skip_backtick, "a \\` b` c", 7),
        (skip_double, 'a \\" $(b ")") c" d', 16),
        (skip_ansi, "a\\'b' c", 5),
        (skip_subst, "unterminated (", 14),
    ],
)
def test_skip_scanners(scan: Any, text: str, end: int) -> None:
    assert scan(text, 0) == end


def test_deep_nesting_uses_no_recursion() -> None:
    text = "$(" * 5000 + ")" * 5000
    assert skip_subst(text, 2) == len(text)
