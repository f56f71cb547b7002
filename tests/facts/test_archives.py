"""Where a command unpacks an archive (gate/facts/archives.py), as the real tools do it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.facts.archives import STDIN, extraction
from gate.model import Command, Word

DATA = Path(__file__).resolve().parents[1] / "data" / "facts" / "archives"
CASES: dict[str, dict[str, Any] | None] = yaml.safe_load((DATA / "extractions.yaml").read_text())


def _command(text: str) -> Command:
    words = tuple(Word(w[1:], known=False) if w.startswith("?") else Word(w) for w in text.split())
    return Command(argv=words, env={})


@pytest.mark.parametrize("text", sorted(CASES))
def test_an_extraction_is_placed_as_the_tool_places_it(text: str) -> None:
    found = extraction(_command(text), "/w")
    expected = CASES[text]
    if expected is None:
        assert found is None
        return
    assert found is not None
    archive = "-" if found.archive == STDIN else found.archive
    assert (found.folder, archive, found.whole, found.fresh, found.renamed) == (
        expected["folder"],
        expected["archive"],
        expected.get("whole", False),
        expected.get("fresh", False),
        expected.get("renamed", False),
    )
