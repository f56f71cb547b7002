"""PDM facts (tests/data/facts/pdm)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from gate.facts import pdm
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Command, Word
from tests.facts.casefile import Case, call_of, check, compliant, context, load_cases
from tests.facts.strategies import arg_lists, envs, files

CASES = load_cases("pdm", "cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pdm_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(pdm.extract(call, ctx), case.expected)


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("pdm run pip install x", [["pip", "install", "x"]]),
        ("pdm run -- pip install x", [["pip", "install", "x"]]),
        ("pdm -v run --venv in-project pip install x", [["pip", "install", "x"]]),
        ("pdm run --venv pip install x", [["install", "x"]]),
        ("pdm run -p /app python -m pip install x", [["python", "-m", "pip", "install", "x"]]),
        ("pdm run", []),
        ("pdm install", []),
    ],
)
def test_inner_commands(text: str, inner: list[list[str]]) -> None:
    got = [[w.value for w in cmd] for cmd in pdm.inner_commands(call_of(text))]
    assert got == inner


@settings(max_examples=300, deadline=None)
@given(args=arg_lists, env=envs, files=files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    call = identify(Command((Word("pdm"), *args), env, text="pdm …"))
    assert call is not None
    ctx = FactContext(context("pdm", env, files).run, files)
    install = pdm.extract(call, ctx)
    assert install is None or install.tool in pdm.TOOLS
    for inner in pdm.inner_commands(call):
        assert all(isinstance(w, Word) for w in inner)


@settings(max_examples=300, deadline=None)
@given(args=arg_lists)
def test_never_compliant_without_env_or_config(args: tuple[Word, ...]) -> None:
    call = identify(Command((Word("pdm"), *args), {}, text="pdm …"))
    assert call is not None
    install = pdm.extract(call, context("pdm"))
    assert install is None or not compliant(install)
