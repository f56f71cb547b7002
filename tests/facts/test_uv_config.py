"""uv configuration discovery, precedence and keys (tests/data/facts/uv/config_cases.yaml)."""

from __future__ import annotations

import pytest

from gate.facts import uv
from gate.facts.uv_config import ConfigRequest, boolish, discover, settings_from_table
from tests.facts.casefile import Case, call_of, check, context, load_cases

CASES = load_cases("uv", "config_cases.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_uv_config_case(case: Case) -> None:
    call = call_of(case.command, case.env)
    ctx = context(case.command, case.env, case.files, case.workdir)
    install = uv.extract(call, ctx)
    expected = dict(case.expected)
    sources = expected.pop("sources", None)
    check(install, expected)
    if sources is not None:
        assert install is not None
        used = [e.source.removeprefix("config:") for e in install.binary.events]
        assert list(dict.fromkeys(u for u in used if u.startswith("/"))) == sources


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("True", True),
        ("yes", True),
        ("YES", True),
        ("on", True),
        ("y", True),
        ("t", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("n", False),
        ("f", False),
        ("", None),
        ("a", None),
        ("2", None),
        (" 1", None),
    ],
)
def test_boolish_matches_clap(value: str, expected: bool | None) -> None:
    assert boolish(value) is expected


def test_settings_read_every_build_key() -> None:
    table = {
        "no-build": True,
        "no-build-package": ["a"],
        "no-binary": False,
        "no-binary-package": ["b"],
        "pip": {"no-build": False, "only-binary": [":all:"], "no-binary": ["c"]},
    }
    settings = settings_from_table("/x/uv.toml", table)
    assert settings.no_build is True
    assert settings.no_build_package == ("a",)
    assert settings.no_binary is False
    assert settings.no_binary_package == ("b",)
    assert settings.pip_no_build is False
    assert settings.pip_only_binary == (":all:",)
    assert settings.pip_no_binary == ("c",)


def test_first_defined_scalar_wins_and_arrays_concatenate() -> None:
    files = {
        "/app/uv.toml": "no-binary-package = ['a']\n",
        "/root/.config/uv/uv.toml": "no-build = false\nno-binary-package = ['b']\n",
        "/etc/uv/uv.toml": "no-build = true\nno-binary-package = ['c']\n",
    }
    ctx = context("uv sync", {}, files)
    config = discover(ctx, {}, ConfigRequest(cwd="/app", project_dir="/app"))
    assert [f.path for f in config.files] == [
        "/app/uv.toml",
        "/root/.config/uv/uv.toml",
        "/etc/uv/uv.toml",
    ]
    assert config.no_build is False
    assert config.no_binary_package == ("a", "b", "c")


def test_unknown_config_file_path_is_an_unknown_and_reads_nothing() -> None:
    ctx = context("uv sync", {}, {"/root/.config/uv/uv.toml": "no-build = true\n"})
    request = ConfigRequest(cwd="/app", project_dir="/app", config_file_unknown=True)
    config = discover(ctx, {}, request)
    assert config.files == ()
    assert [u.reason for u in config.unknowns] == ["uv config file path has no known value"]


def test_huge_config_is_not_parsed() -> None:
    huge = "no-build = true\n" + "# padding\n" * 200_000
    ctx = context("uv sync", {}, {"/app/uv.toml": huge})
    config = discover(ctx, {}, ConfigRequest(cwd="/app", project_dir="/app"))
    assert config.no_build is None
