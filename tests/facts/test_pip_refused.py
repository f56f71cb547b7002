"""refused_by_pip agrees with pip 23.2 on which command-line words stop it before it installs
anything: a word called refused that pip reads makes the whole pip command silent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gate.facts.pip_refused import refused_by_pip

_DATA = yaml.safe_load(
    (Path(__file__).parent.parent / "data/facts/pip_refused/pip_23_2.yaml").read_text()
)


@pytest.mark.parametrize("word", _DATA["refused"])
def test_words_pip_refuses_are_refused(word: str) -> None:
    assert refused_by_pip(word)


@pytest.mark.parametrize("word", _DATA["accepted"])
def test_words_pip_reads_are_not_refused(word: str) -> None:
    assert not refused_by_pip(word)
