"""Poetry facts and `poetry config` file effects (tests/data/facts/poetry)."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings

from gate.facts import poetry
from gate.facts.context import FactContext
from gate.facts.poetry_config import normalize, valid
from gate.facts.programs import identify
from gate.model import Command, Install, Word
from tests.facts.casefile import Case, call_of, check, compliant, context, load_cases, stage
from tests.facts.strategies import arg_lists, envs, files

CASES = load_cases("poetry", "cases.yaml")
GLOBAL = "/root/.config/pypoetry/config.toml"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_poetry_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    check(poetry.extract(call, ctx), case.expected)


def _stage(
    *commands: str,
    files: dict[str, str | None] | None = None,
    env: dict[str, str | None] | None = None,
) -> tuple[dict[str, str | None], list[Install | None]]:
    return stage(poetry, *commands, files=files, env=env)


@pytest.mark.parametrize("first", ["poetry lock", "poetry install", "poetry add flask"])
def test_export_after_a_command_that_wrote_the_lock_reads_it(first: str) -> None:
    project = {"/app/pyproject.toml": "[tool.poetry]\nname = 'p'\n"}
    state, installs = _stage(first, "poetry export -o requirements.txt", files=project)
    assert "/app/poetry.lock" in state
    assert installs[0] is not None and installs[0].resolves
    assert installs[1] is None


def test_config_set_then_install_is_compliant() -> None:
    state, installs = _stage("poetry config installer.only-binary :all:", "poetry install")
    assert installs[0] is None
    assert tomllib.loads(state[GLOBAL] or "") == {"installer": {"only-binary": [":all:"]}}
    assert installs[1] is not None and compliant(installs[1])


@pytest.mark.parametrize("value", ["true", "1", ":all:"])
def test_config_values_that_mean_all(value: str) -> None:
    _, installs = _stage(f"poetry config installer.only-binary {value}", "poetry install")
    assert installs[1] is not None and compliant(installs[1])


def test_config_capital_true_stores_a_package_name() -> None:
    state, installs = _stage("poetry config installer.only-binary True", "poetry install")
    assert tomllib.loads(state[GLOBAL] or "")["installer"]["only-binary"] == ["true"]
    assert installs[1] is not None and not compliant(installs[1])


def test_config_invalid_value_writes_nothing() -> None:
    state, _ = _stage("poetry config installer.only-binary :ALL:")
    assert state == {}


def test_config_two_values_write_nothing() -> None:
    state, _ = _stage("poetry config installer.only-binary :all: x")
    assert state == {}


def test_config_local_writes_poetry_toml_of_the_project() -> None:
    state, installs = _stage(
        "poetry config --local installer.only-binary :all:",
        "poetry install",
        files={"/app/pyproject.toml": "[tool.poetry]\nname = 'p'\n"},
    )
    assert tomllib.loads(state["/app/poetry.toml"] or "") == {
        "installer": {"only-binary": [":all:"]}
    }
    assert GLOBAL not in state
    assert installs[1] is not None and compliant(installs[1])


def test_config_local_follows_directory_option() -> None:
    state, _ = _stage("poetry -C /srv config --local installer.only-binary :all:")
    assert "/srv/poetry.toml" in state


def test_config_follows_poetry_config_dir() -> None:
    state, _ = _stage(
        "poetry config installer.only-binary :all:", env={"POETRY_CONFIG_DIR": "/etc/poetry"}
    )
    assert "/etc/poetry/config.toml" in state


def test_config_unset_removes_the_setting() -> None:
    state, installs = _stage(
        "poetry config installer.only-binary :all:",
        "poetry config --unset installer.only-binary",
        "poetry install",
    )
    assert tomllib.loads(state[GLOBAL] or "") == {"installer": {}}
    assert installs[2] is not None and not compliant(installs[2])


def test_config_no_binary_set_reenables_named_package() -> None:
    _, installs = _stage(
        "poetry config installer.only-binary :all:",
        "poetry config installer.no-binary sdonly",
        "poetry install",
    )
    assert installs[2] is not None
    assert installs[2].binary.no_binary == ("sdonly",)


def test_config_keeps_other_settings() -> None:
    existing = "[virtualenvs]\ncreate = false\n\n[installer]\nparallel = false\n"
    state, _ = _stage("poetry config installer.only-binary :all:", files={GLOBAL: existing})
    assert tomllib.loads(state[GLOBAL] or "") == {
        "virtualenvs": {"create": False},
        "installer": {"parallel": False, "only-binary": [":all:"]},
    }


def test_config_over_unreadable_file_is_unknown_content() -> None:
    state, _ = _stage("poetry config installer.only-binary :all:", files={GLOBAL: None})
    assert state == {GLOBAL: None}


def test_config_unknown_value_is_unknown_content() -> None:
    state, _ = _stage("poetry config installer.only-binary $V")
    assert state == {GLOBAL: None}


@pytest.mark.parametrize(
    "text",
    [
        "poetry config virtualenvs.create false",
        "poetry config --list",
        "poetry config installer.only-binary",
        "poetry config --unset installer.only-binary :all:",
        "poetry install",
        "poetry config $KEY :all:",
    ],
)
def test_commands_without_binary_config_effects(text: str) -> None:
    assert poetry.file_effects(call_of(text), context(text)) == {}


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("poetry run pip install x", [["pip", "install", "x"]]),
        ("poetry run -- pip install x", [["pip", "install", "x"]]),
        ("poetry -C /app run python -m pip install x", [["python", "-m", "pip", "install", "x"]]),
        ("poetry run -v pip install x", [["pip", "install", "x"]]),
        ("poetry run", []),
        ("poetry install", []),
    ],
)
def test_inner_commands(text: str, inner: list[list[str]]) -> None:
    got = [[w.value for w in cmd] for cmd in poetry.inner_commands(call_of(text))]
    assert got == inner


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (":all:", (":all:",)),
        ("true", (":all:",)),
        ("1", (":all:",)),
        ("false", (":none:",)),
        ("0", (":none:",)),
        ("True", ("true",)),
        ("A_b.c, d", ("a-b-c", "d")),
        ("", ()),
        (":ALL:", (":all:",)),
    ],
)
def test_normalize_matches_package_filter_policy(value: str, expected: tuple[str, ...]) -> None:
    assert normalize(value) == expected


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (":all:", True),
        ("true", True),
        ("True", True),
        ("a,b", True),
        (":ALL:", False),
        (":all:,x", False),
        ("a b", False),
    ],
)
def test_validator_matches_poetry_config(value: str, ok: bool) -> None:
    assert valid(value) is ok


@settings(max_examples=300, deadline=None)
@given(args=arg_lists, env=envs, files=files)
def test_no_crash_on_any_arguments(
    args: tuple[Word, ...], env: dict[str, str | None], files: dict[str, str | None]
) -> None:
    call = identify(Command((Word("poetry"), *args), env, text="poetry …"))
    assert call is not None
    ctx = FactContext(context("poetry", env, files).run, files)
    install = poetry.extract(call, ctx)
    assert install is None or install.tool in poetry.TOOLS
    for inner in poetry.inner_commands(call):
        assert all(isinstance(w, Word) for w in inner)
    dict(poetry.file_effects(call, ctx))


@settings(max_examples=300, deadline=None)
@given(args=arg_lists)
def test_never_compliant_without_env_or_config(args: tuple[Word, ...]) -> None:
    call = identify(Command((Word("poetry"), *args), {}, text="poetry …"))
    assert call is not None
    install = poetry.extract(call, context("poetry"))
    assert install is None or not compliant(install)
