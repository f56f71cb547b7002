"""Project config: .gate.yaml or [tool.gate] sets defaults; unknown keys are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate import config
from gate.config import load_config
from gate.model import InputError

DATA = Path(__file__).parent / "data" / "config"


def test_gate_yaml_sets_paths_relative_to_itself() -> None:
    config = load_config(DATA / "yaml")
    assert config.policy == (str(DATA / "yaml" / "team-policies"),)
    assert config.data == (str(DATA / "yaml" / "gate-data.yaml"),)
    assert config.strict is True and config.format == "json"


def test_pyproject_tool_gate_is_found_from_a_subfolder() -> None:
    config = load_config(DATA / "pyproject" / "sub")
    assert config.path == str(DATA / "pyproject" / "pyproject.toml")
    assert config.data == (str(DATA / "pyproject" / "exceptions.yaml"),)
    assert config.strict is False


def test_unknown_setting_is_an_input_error_naming_the_file() -> None:
    with pytest.raises(InputError) as error:
        load_config(DATA / "bad")
    assert "colour" in str(error.value) and ".gate.yaml" in str(error.value)


def test_a_config_that_is_no_regular_file_is_an_input_error_not_passed_over(
    tmp_path: Path,
) -> None:
    # Was passed over: the search went on upward, to this repository's own pyproject.toml.
    with pytest.raises(InputError, match="cannot read config: is a directory") as raised:
        load_config(DATA / "not-a-file")
    assert raised.value.path == str(DATA / "not-a-file" / ".gate.yaml")
    (tmp_path / ".gate.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        load_config(tmp_path)


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert load_config(tmp_path).path is None


def test_found_config_is_the_repositorys_and_not_trusted_unless_vouched_for() -> None:
    assert load_config(DATA / "yaml").trusted is False
    assert load_config(DATA / "yaml", trust=True).trusted is True


def test_config_file_named_by_the_operator_is_trusted_and_no_other_is_read() -> None:
    config = load_config(DATA / "bad", file=str(DATA / "operator" / "gate.yaml"))
    assert config.trusted is True and config.strict is True


def test_no_discovery_gives_defaults_even_beside_a_config() -> None:
    assert load_config(DATA / "yaml", discover=False).path is None


def test_named_config_that_does_not_exist_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_config(file=str(tmp_path / "missing.yaml"))


def test_a_pyproject_that_does_not_parse_is_an_input_error_naming_its_line() -> None:
    # Was passed over: the search went on upward (here, to this repository's own pyproject.toml),
    # and the broken file's `strict = true` was not in force.
    with pytest.raises(InputError, match="invalid TOML") as raised:
        load_config(DATA / "pyproject-broken" / "sub")
    assert raised.value.path == str(DATA / "pyproject-broken" / "pyproject.toml")
    assert raised.value.line == 3


def test_a_pyproject_past_the_size_cap_is_an_input_error_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The cap lowered from 1 MiB so that the file stays small. An 8 MB pyproject.toml on the
    # search path took 12 s of CPU and 438 MB to parse (hostile round 18).
    monkeypatch.setattr(config, "MAX_PYPROJECT_BYTES", 16)
    with pytest.raises(InputError, match="larger than") as raised:
        load_config(DATA / "pyproject" / "sub")
    assert raised.value.path == str(DATA / "pyproject" / "pyproject.toml")
