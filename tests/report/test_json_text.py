"""The JSON reports' encoder writes exactly what json.dumps(indent=2, ensure_ascii=True) writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gate.report.json_text import dumps_indented

REPORT = Path(__file__).resolve().parents[1] / "data" / "report" / "json-text-values.json"

VALUES: list[Any] = [
    {},
    [],
    "",
    None,
    True,
    0,
    -7,
    2**70,
    1.5,
    1e300,
    -0.0,
    float("nan"),
    float("inf"),
    -float("inf"),
    "ascii \"quoted\" \\ back\nline\ttab \x00 \x1f",
    "é ü 漢字 \U0001f600 \ud800 lone surrogate",
    {"a": {}, "b": [], "c": [{}], "d": [[], [[]]], "e": {"f": {"g": None}}},
    {7: "int key", 2.5: "float key", True: "bool key", False: "f", None: "none key"},
    ("a", ("tuple", 1), {"x": ("y",)}),
    [1, "two", 3.0, None, False, {"k": [True]}],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=True)


def test_a_whole_report_is_written_as_json_dumps_writes_it() -> None:
    reports = json.loads(REPORT.read_text(encoding="utf-8"))
    assert dumps_indented(reports) == json.dumps(reports, indent=2, ensure_ascii=True)


class _Other:
    pass


def test_what_json_cannot_write_fails_as_json_dumps_fails() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": [_Other()]})
    with pytest.raises(TypeError, match="keys must be"):
        dumps_indented({(1, 2): "tuple key"})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented({"loop": loop})


def test_nesting_deeper_than_the_recursion_is_left_to_json_dumps() -> None:
    deep: Any = "leaf"
    for _ in range(300):
        deep = [deep]
    assert dumps_indented(deep) == json.dumps(deep, indent=2, ensure_ascii=True)
