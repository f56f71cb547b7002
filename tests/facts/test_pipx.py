"""pipx facts (tests/data/facts/pipx) and the `pipx runpip` inner command."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.facts import pipx
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Command, Word
from tests.facts.casefile import Case, call_of, check, context, load_cases
from tests.facts.strategies import VOCABULARY, envs, files

CASES = load_cases("pipx", "cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pipx_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(pipx.extract(call, ctx), case.expected)


def test_tools_cover_pipx() -> None:
    assert pipx.TOOLS == ("pipx",)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("pipx runpip black install rich", [["pip", "install", "rich"]]),
        ("pipx runpip black", []),
        ("pipx install black", []),
    ],
)
def test_inner_commands(text: str, inner: list[list[str]]) -> None:
    got = [[w.value for w in cmd] for cmd in pipx.inner_commands(call_of(text))]
    assert got == inner


WORDS = [
    "install",
    "run",
    "inject",
    "runpip",
    "--pip-args",
    "--pip-args=--only-binary=:all:",
    "--pip-a",
    "--backend",
    "pip",
    "uv",
    "--spec",
    "-e",
    "'--only-binary :all:'",
    "'\"",
]
pipx_words = st.builds(
    Word,
    value=st.one_of(st.sampled_from(VOCABULARY + WORDS), st.text(max_size=12)),
    known=st.booleans(),
    may_be_option=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(args=st.lists(pipx_words, max_size=12).map(tuple), env=envs, files=files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    command = Command((Word("pipx"), *args), env, text="pipx …")
    call = identify(command)
    assert call is not None
    install = pipx.extract(call, FactContext(context("pipx", env, files).run, files))
    assert install is None or install.tool == "pipx"
    for inner in pipx.inner_commands(call):
        assert all(isinstance(w, Word) for w in inner)
