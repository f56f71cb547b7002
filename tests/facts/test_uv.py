"""uv and uvx facts: every row of the research and SPEC tables, as data (tests/data/facts/uv)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.facts import uv, uv_req_lines
from gate.facts.context import FactContext
from gate.facts.programs import identify
from gate.model import Command, Word
from tests.facts.casefile import Case, call_of, check, compliant, context, load_cases
from tests.facts.strategies import arg_lists, envs, files

CASES = load_cases("uv", "cases.yaml")
REQUIREMENT_CASES = load_cases("uv", "requirements_cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_uv_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(uv.extract(call, ctx), case.expected)


@pytest.mark.parametrize("case", REQUIREMENT_CASES, ids=[c.name for c in REQUIREMENT_CASES])
def test_uv_requirements_file_case(case: Case) -> None:
    """Requirements files go through pip_requirements.parse_requirements (the pip helper's)."""
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(uv.extract(call, ctx), case.expected)


def test_tools_cover_uv_and_uvx() -> None:
    assert uv.TOOLS == ("uv", "uvx")


def test_install_fact_carries_the_command_and_location() -> None:
    text = "uv pip install flask"
    install = uv.extract(call_of(text), context(text))
    assert install is not None
    assert install.tool == "uv"
    assert install.argv == ("uv", "pip", "install", "flask")
    assert install.text == text
    assert install.location.path == "Dockerfile"
    assert install.resolves is False


def test_xargs_fed_arguments_are_an_unknown_requirement() -> None:
    base = call_of("uv pip install --no-build")
    command = Command(
        base.command.argv, {}, text="xargs uv pip install --no-build", stdin_args=True
    )
    call = call_of("uv pip install --no-build")
    call = type(call)(call.tool, call.args, command, call.spelling)
    install = uv.extract(call, context(command.text))
    assert install is not None
    assert [(r.kind, r.text) for r in install.requirements] == [("unknown", "<stdin>")]
    assert install.unknowns == ()


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("uv run python -m pip install x", [["python", "-m", "pip", "install", "x"]]),
        ("uv run -m pip install x", [["python", "-m", "pip", "install", "x"]]),
        ("uv run --module pip install x", [["python", "-m", "pip", "install", "x"]]),
        ("uv run -- pip install x", [["pip", "install", "x"]]),
        ("uv run --no-sync --with rich pip install x", [["pip", "install", "x"]]),
        ("uv -q run --python 3.12 pip install x", [["pip", "install", "x"]]),
        ("uv run app.py install x", []),
        ("uv run --script tool install", []),
        ("uv run", []),
        ("uvx pip install x", [["pip", "install", "x"]]),
        ("uvx --from poetry poetry install", [["poetry", "install"]]),
        ("uv tool run --with x pipx install y", [["pipx", "install", "y"]]),
        ("uv sync", []),
        ("uv pip install x", []),
    ],
)
def test_inner_commands(text: str, inner: list[list[str]]) -> None:
    got = [[w.value for w in cmd] for cmd in uv.inner_commands(call_of(text))]
    assert got == inner


def test_inner_command_keeps_unresolved_words() -> None:
    (inner,) = uv.inner_commands(call_of("uv run pip install $PKG"))
    assert inner[-1] == Word("$PKG", known=False, may_be_option=True)


@settings(max_examples=300, deadline=None)
@given(args=arg_lists, env=envs, files=files, uvx=st.booleans())
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None], uvx: bool
) -> None:
    command = Command((Word("uvx" if uvx else "uv"), *args), env, text="uv …")
    call = identify(command)
    assert call is not None
    ctx = FactContext(context("uv", env, files).run, files)
    install = uv.extract(call, ctx)
    assert install is None or install.tool == "uv"
    for inner in uv.inner_commands(call):
        assert all(isinstance(w, Word) for w in inner)


@settings(max_examples=300, deadline=None)
@given(args=arg_lists)
def test_compliance_needs_a_no_build_signal(args: tuple[Word, ...]) -> None:
    call = identify(Command((Word("uv"), *args), {}, text="uv …"))
    assert call is not None
    install = uv.extract(call, context("uv"))
    if install is not None and compliant(install):
        assert any("--no-build" in w.value or ":all:" in w.value for w in args)


@pytest.mark.parametrize(
    ("text", "unquoted"),
    [
        ("foobar", "foobar"),
        ("foo'bar'", "foobar"),
        ('foo"bar"', "foobar"),
        ("\\foobar\\", "foobar"),
        ("\\'foobar\\'", "'foobar'"),
        ('"a\\$b\\x"', "a$b\\x"),
        ("'s b.txt", "'s b.txt"),  # unterminated: the text as written
    ],
)
def test_uv_requirement_values_are_unquoted_as_r_shquote_does(text: str, unquoted: str) -> None:
    assert uv_req_lines.unquote(text) == unquoted
