"""Quoted strings in Dockerfile words: '…' is literal, "…" expands `$` and honours the escape
character; an unterminated quote is an error naming the quote, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.sources.docker_words import LexOptions, expand

DATA = Path(__file__).resolve().parents[1] / "data" / "sources" / "docker_words"
CASES = yaml.safe_load((DATA / "words.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["word"] for c in CASES])
def test_a_quoted_string_expands_as_buildkit_reads_it(case: dict[str, Any]) -> None:
    got = expand(case["word"], case["env"], LexOptions(**case.get("options", {})))
    assert (got.value, got.known, got.error) == (case["value"], case["known"], case["error"])
