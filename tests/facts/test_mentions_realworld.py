"""Over the 261 real-world Dockerfiles, no step that names an installer is left unaccounted for.

The steps are found with the corpus README's own loose match (independent of gate's), so a step
gate's mention search overlooked would fail here too. Reads ../shared when present, else the
in-repo copy; fails (never skips) when neither exists.
"""

from __future__ import annotations

import re
from pathlib import Path

from gate.model import Run
from gate.runner import facts_of
from gate.sources.dockerfile import read_dockerfile
from tests.support.paths import REPO, SHARED

# README of the corpus: "mention pip, poetry, uv, uvx, pipx, pipenv, pdm, setup.py or
# easy_install (a loose, case-insensitive match)"; `pipefail` and `npipe` name no installer, nor
# does /dev/pipes/, where BuildKit puts a `#!` heredoc it runs (dockerfile_text.shebang_script).
_LOOSE = re.compile(
    r"(?<![a-z])(pip(?!efail|es/)|poetry|uvx?\b|pdm|setup\.py|easy_install)|ensurepip",
    re.IGNORECASE,
)


def _realworld() -> list[Path]:
    for root in (
        SHARED / "realworld" / "files",
        REPO / "tests" / "data" / "shared" / "realworld" / "files",
        REPO / "tests" / "data" / "shared" / "realworld",
    ):
        files = sorted(p for p in root.glob("*.Dockerfile")) if root.is_dir() else []
        if files:
            return files
    raise FileNotFoundError("the real-world Dockerfiles are in neither ../shared nor tests/data")


def test_every_step_naming_an_installer_has_an_outcome() -> None:
    files = _realworld()
    assert len(files) == 261
    unaccounted: list[str] = []
    steps = 0
    for path in files:
        source = read_dockerfile(str(path), build_args={}, target=None, context=None)
        doc = facts_of(source)
        accounted = {m.location for m in doc.mentions}
        opaque = {(loc, item.line, item.text) for loc, item in doc.opaque}
        ids = {i.id for i in doc.installs}
        for stage in source.stages:
            for step in stage.steps:
                if not isinstance(step, Run):
                    continue
                text = " ".join(step.argv) if step.exec_form else step.script
                if not _LOOSE.search(text):
                    continue
                steps += 1
                if step.location not in accounted:
                    unaccounted.append(f"{path.name}:{step.location.line}")
        for m in doc.mentions:
            assert m.reason, m
            if m.outcome == "install":
                assert m.installs and set(m.installs) <= ids, m
            elif m.outcome == "unknown" and m.text:
                assert any(loc == m.location for loc, _, _ in opaque), m
    assert not unaccounted, unaccounted
    assert steps > 600  # the README counts 673 such steps
