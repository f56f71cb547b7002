"""A document that must be a JSON object: the object, or one of four reasons, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.json_object import MAX_VALUES, NotJsonObject, json_object, value_bound
from tests.support.paths import shared


def test_an_object_is_returned_as_read() -> None:
    assert json_object(b'{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe not json", "not valid JSON"),
        ("{", "not valid JSON"),
        (b"[" * 10_000, "nested too deeply"),
        (b"[]", "not a JSON object"),
        (b'"text"', "not a JSON object"),
    ],
)
def test_what_is_not_an_object_says_why(raw: bytes | str, reason: str) -> None:
    with pytest.raises(NotJsonObject) as refused:
        json_object(raw)
    assert str(refused.value) == reason


def test_a_document_of_too_many_values_is_refused_before_it_is_parsed() -> None:
    # 8 MiB of empty lists would be 2.7 million lists (about 250 MB) once parsed.
    raw = b'{"x": [' + b",".join([b"[]"] * (MAX_VALUES + 1)) + b"]}"
    with pytest.raises(NotJsonObject) as refused:
        json_object(raw)
    assert str(refused.value) == f"made of more than {MAX_VALUES:,} JSON values"


def test_commas_and_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"created_by": "a,[{" * MAX_VALUES, "q": 'x\\"y,', "b": "\\"})
    assert value_bound(text) == 4
    assert json_object(text)["b"] == "\\"


@pytest.mark.parametrize("path", sorted(shared("realworld-images").glob("*.json")), ids=str)
def test_the_count_is_never_below_the_values_a_real_config_holds(path: Path) -> None:
    def values(item: object) -> int:
        if isinstance(item, dict):
            return 1 + sum(values(v) for v in item.values())
        if isinstance(item, list):
            return 1 + sum(values(v) for v in item)
        return 1

    text = path.read_text(encoding="utf-8")
    assert values(json.loads(text)) <= value_bound(text) < MAX_VALUES // 100


@pytest.mark.parametrize("shift", range(-3, 4))
def test_an_escaped_quote_across_a_counting_step_stays_inside_its_string(shift: int) -> None:
    # The count goes 64 KiB at a time; `\"` or `\\` on the boundary must not flip a string.
    for escape in ('\\"', "\\\\"):
        text = '["' + "a" * (64 * 1024 - 3 + shift) + escape + ',", "x"]'
        assert value_bound(text) == 3
        assert json.loads(text)[1] == "x"
