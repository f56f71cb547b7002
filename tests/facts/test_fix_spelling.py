"""A finding's `fix` is the user's command with the flag added, not a re-quoted expansion:
pasted back, it must do what the step did (same prefixes, wrappers, globs and variables)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile

FOLDER = Path(__file__).resolve().parents[1] / "data" / "facts" / "fix_spelling"
EXPECTED: dict[str, dict[int, str]] = yaml.safe_load((FOLDER / "expected.yaml").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_fix_keeps_the_commands_own_spelling(name: str) -> None:
    path: Path = FOLDER / f"{name}.Dockerfile"
    source = read_dockerfile(str(path), build_args={}, target=None, context=None)
    fixes = {i.location.line: i.fix for i in facts_of(source).installs}
    assert fixes == EXPECTED[name]
