"""pip.conf discovery and `pip config set/unset` effects (gate/facts/pip_config.py, pip.py)."""

from __future__ import annotations

import configparser

import pytest

from gate.facts import pip, pip_config
from gate.model import Install
from tests.facts.casefile import call_of, compliant, context, stage

USER = "/root/.config/pip/pip.conf"


def _stage(
    *commands: str,
    files: dict[str, str | None] | None = None,
    env: dict[str, str | None] | None = None,
) -> tuple[dict[str, str | None], list[Install | None]]:
    return stage(pip, *commands, files=files, env=env)


def _sections(text: str | None) -> dict[str, dict[str, str]]:
    parser = configparser.RawConfigParser()
    parser.read_string(text or "")
    return {s: dict(parser.items(s)) for s in parser.sections()}


def test_config_set_writes_the_user_file_and_later_installs_are_compliant() -> None:
    state, installs = _stage("pip config set global.only-binary :all:", "pip install evil")
    assert installs[0] is None
    assert _sections(state[USER]) == {"global": {"only-binary": ":all:"}}
    assert installs[1] is not None and compliant(installs[1])


def test_config_set_normalises_the_key() -> None:
    state, _ = _stage("pip config set global.ONLY_BINARY :all:")
    assert _sections(state[USER]) == {"global": {"only-binary": ":all:"}}


def test_config_set_install_section_does_not_cover_download() -> None:
    _, installs = _stage("pip config set install.only-binary :all:", "pip download evil")
    assert installs[1] is not None and not compliant(installs[1])


@pytest.mark.parametrize(
    ("flag", "path"),
    [("--global", "/etc/pip.conf"), ("--user", USER), ("--site", "/usr/local/pip.conf")],
)
def test_config_file_flags_choose_the_file(flag: str, path: str) -> None:
    state, installs = _stage(f"pip config {flag} set global.only-binary :all:", "pip install x")
    assert list(state) == [path]
    assert installs[1] is not None and compliant(installs[1])


def test_site_file_is_the_venvs() -> None:
    state, _ = _stage(
        "pip config --site set global.only-binary :all:", env={"VIRTUAL_ENV": "/opt/venv"}
    )
    assert list(state) == ["/opt/venv/pip.conf"]


def test_existing_site_file_is_the_default_target() -> None:
    state, _ = _stage(
        "/opt/venv/bin/pip config set global.only-binary :all:",
        files={"/opt/venv/pip.conf": "[global]\nindex-url = https://x\n"},
    )
    assert _sections(state["/opt/venv/pip.conf"]) == {
        "global": {"index-url": "https://x", "only-binary": ":all:"}
    }


def test_xdg_config_home_moves_the_user_file() -> None:
    state, _ = _stage("pip config set global.only-binary :all:", env={"XDG_CONFIG_HOME": "/cfg"})
    assert list(state) == ["/cfg/pip/pip.conf"]


def test_two_file_flags_write_nothing() -> None:
    state, _ = _stage("pip config --user --global set global.only-binary :all:")
    assert state == {}


def test_isolated_config_set_writes_nothing() -> None:
    state, _ = _stage("pip --isolated config set global.only-binary :all:")
    assert state == {}


def test_key_without_section_writes_nothing() -> None:
    state, _ = _stage("pip config set only-binary :all:")
    assert state == {}


def test_unset_removes_the_key_and_re_enables_builds() -> None:
    state, installs = _stage(
        "pip config unset global.only-binary",
        "pip install evil",
        files={USER: "[global]\nonly-binary = :all:\n"},
    )
    assert _sections(state[USER]) == {}
    assert installs[1] is not None and not compliant(installs[1])


def test_unset_of_a_missing_key_writes_nothing() -> None:
    state, _ = _stage("pip config unset global.only-binary")
    assert state == {}


def test_unknown_value_makes_the_file_unknown() -> None:
    state, _ = _stage("pip config set global.only-binary $MODE")
    assert state == {USER: None}


def test_unreadable_existing_file_becomes_unknown() -> None:
    state, _ = _stage("pip config set global.only-binary :all:", files={USER: None})
    assert state == {USER: None}


def test_get_list_edit_do_not_write() -> None:
    for text in ("pip config get global.only-binary", "pip config list", "pip config edit"):
        state, _ = _stage(text)
        assert state == {}


def test_non_config_commands_have_no_effects() -> None:
    call = call_of("pip install x")
    assert pip.file_effects(call, context("pip install x")) == {}


def test_locate_lists_files_in_pip_order() -> None:
    ctx = context("pip")
    where = pip_config.locate(ctx, {"XDG_CONFIG_DIRS": "/a:/b"}, "/usr/local")
    assert where.global_files == ("/a/pip/pip.conf", "/b/pip/pip.conf", "/etc/pip.conf")
    assert where.user_files == ("/root/.pip/pip.conf", "/root/.config/pip/pip.conf")
    assert where.site_file == "/usr/local/pip.conf"


@pytest.mark.parametrize(
    "text", [None, "[global", "x = 1\n", "[a]\nb\n", "[a]\n[a]\n", "\x00", "[a]\nb = %(x)s\n"]
)
def test_broken_files_contribute_nothing(text: str | None) -> None:
    ctx = context("pip", files={"/etc/pip.conf": text})
    loaded = pip_config.load(ctx, {}, "install", isolated=False, prefix="/usr/local")
    assert loaded.unknowns == []
    assert all(e.option in pip_config.FORMAT_KEYS for e in loaded.events)


def test_write_refuses_broken_and_keeps_other_sections() -> None:
    assert pip_config.write("[global", True, "global.only-binary", ":all:") is False
    written = pip_config.write("[x]\na = 1\n", True, "global.only-binary", ":all:")
    assert isinstance(written, str)
    assert _sections(written) == {"x": {"a": "1"}, "global": {"only-binary": ":all:"}}
