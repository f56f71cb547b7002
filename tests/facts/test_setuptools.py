"""Direct build scripts: setup.py commands and easy_install (tests/data/facts/setuptools)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from gate.facts import setuptools
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Command, Word
from tests.facts.casefile import Case, call_of, check, compliant, context, load_cases
from tests.facts.strategies import arg_lists, envs, files

CASES = load_cases("setuptools", "cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_setuptools_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(setuptools.extract(call, ctx), case.expected)


def test_tools() -> None:
    assert setuptools.TOOLS == ("setuptools", "easy_install")


@settings(max_examples=300, deadline=None)
@given(args=arg_lists, env=envs, files=files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    call = identify(Command((Word("setup.py"), *args), env, text="setup.py …"))
    assert call is not None
    ctx = FactContext(context("setup.py", env, files).run, files)
    install = setuptools.extract(call, ctx)
    # A display run that fetches setup_requires is the `pip wheel` setuptools runs.
    assert install is None or install.tool in (*setuptools.TOOLS, "pip")


@settings(max_examples=300, deadline=None)
@given(args=arg_lists)
def test_never_compliant_without_env_or_config(args: tuple[Word, ...]) -> None:
    call = identify(Command((Word("setup.py"), *args), {}, text="setup.py …"))
    assert call is not None
    install = setuptools.extract(call, context("setup.py"))
    assert install is None or not compliant(install)


def test_a_setup_py_past_the_search_bound_may_name_setup_requires() -> None:
    # setup_requires after a megabyte of padding was not searched, and the run passed.
    text = "#" * (setuptools._MAX_SETUP + 1) + "\nsetup(setup_requires=['evil'])\n"
    files: dict[str, str | None] = {"/app/setup.py": text}
    call = call_of("python setup.py --version", {})
    install = setuptools.extract(call, context("python setup.py --version", {}, files))
    assert install is not None and install.tool == "pip" and not compliant(install)
