"""The one option scanner: tokens as each program's option table reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.argscan import Spec, Table, Token, argument, tokens, value_of
from gate.model import Word

_CASES = yaml.safe_load((Path(__file__).parent / "data/argscan/cases.yaml").read_text())


def _words(texts: list[str]) -> list[Word]:
    return [
        Word(t, known=False, may_be_option=True) if t.startswith("$") else Word(t) for t in texts
    ]


def _table(fields: dict[str, Any]) -> Table:
    sets = {"long_value", "long_attached"}
    return Table(**{k: frozenset(v) if k in sets else v for k, v in fields.items()})


def _row(token: Token) -> list[object]:
    row: list[object] = [token.kind, token.index, token.end]
    if token.name:
        row.append(token.name)
    if token.attached is not None:
        row.append(token.attached)
    return row


@pytest.mark.parametrize("case", _CASES, ids=[c["name"] for c in _CASES])
def test_tokens_follow_the_table(case: dict[str, Any]) -> None:
    got = [_row(t) for t in tokens(_words(case["words"]), 0, _table(case["table"]))]
    assert got == case["tokens"]


def test_value_of_gives_attached_text_as_a_word_known_as_its_own() -> None:
    words = [Word("-r$V", known=False), Word("x")]
    token = next(tokens(words, 0, Table(short_value="r")))
    assert value_of(token, words, lambda text, known: Word(text, known=known)) == Word(
        "$V", known=False
    )


def test_value_of_gives_the_next_word_when_the_option_took_it() -> None:
    words = [Word("--index-url"), Word("https://i")]
    token = next(tokens(words, 0, Table(long_value=frozenset({"--index-url"}))))
    assert value_of(token, words, Word) is words[1]


def test_argument_stops_after_the_word_at_its_index() -> None:
    words = [Word("-lc"), Word("pip install x"), Word("bob")]
    got = [_row(t) for t in argument(words, 0, Table(short_value="c"))]
    assert got == [["option", 0, 0, "-l"], ["option", 0, 2, "-c"]]


def test_resolve_replaces_the_sets_and_names_the_option() -> None:
    def resolve(name: str) -> Spec | None:
        return Spec("--index-url", "value") if "--index-url".startswith(name) else None

    words = [Word("--ind"), Word("https://i")]
    assert [_row(t) for t in tokens(words, 0, Table(resolve=resolve))] == [
        ["option", 0, 2, "--index-url"]
    ]
