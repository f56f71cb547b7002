"""A document that must be a JSON object: the object, or one of three reasons, never a traceback."""

from __future__ import annotations

import pytest

from gate.json_object import NotJsonObject, json_object


def test_an_object_is_returned_as_read() -> None:
    assert json_object(b'{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe not json", "not valid JSON"),
        ("{", "not valid JSON"),
        (b"[" * 200_000, "nested too deeply"),
        (b"[]", "not a JSON object"),
        (b'"text"', "not a JSON object"),
    ],
)
def test_what_is_not_an_object_says_why(raw: bytes | str, reason: str) -> None:
    with pytest.raises(NotJsonObject) as refused:
        json_object(raw)
    assert str(refused.value) == reason
