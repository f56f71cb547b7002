"""pipenv facts (tests/data/facts/pipenv) and the `pipenv run` inner command."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.facts import pipenv
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Command, Word
from tests.facts.casefile import Case, call_of, check, context, load_cases
from tests.facts.strategies import VOCABULARY, envs, files

CASES = load_cases("pipenv", "cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pipenv_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(pipenv.extract(call, ctx), case.expected)


def test_tools_cover_pipenv() -> None:
    assert pipenv.TOOLS == ("pipenv",)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("pipenv run pip install x", [["pip", "install", "x"]]),
        (
            "pipenv --python 3.12 run python -m pip install x",
            [["python", "-m", "pip", "install", "x"]],
        ),
        ("pipenv run", []),
        ("pipenv install x", []),
    ],
)
def test_inner_commands(text: str, inner: list[list[str]]) -> None:
    got = [[w.value for w in cmd] for cmd in pipenv.inner_commands(call_of(text))]
    assert got == inner


WORDS = ["install", "sync", "lock", "update", "run", "--extra-pip-args", "--extra-pip-args=-q"]
pipenv_words = st.builds(
    Word,
    value=st.one_of(st.sampled_from(VOCABULARY + WORDS), st.text(max_size=12)),
    known=st.booleans(),
    may_be_option=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(args=st.lists(pipenv_words, max_size=12).map(tuple), env=envs, files=files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    command = Command((Word("pipenv"), *args), env, text="pipenv …")
    call = identify(command)
    assert call is not None
    install = pipenv.extract(call, FactContext(context("pipenv", env, files).run, files))
    assert install is None or install.tool == "pipenv"
    for inner in pipenv.inner_commands(call):
        assert all(isinstance(w, Word) for w in inner)
