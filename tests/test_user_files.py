"""Files a repository names for gate to read: regular, bounded, YAML without aliases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from gate import user_files
from gate.cli import main

DATA = Path(__file__).parent / "data"


def test_a_yaml_alias_is_refused_with_its_line() -> None:
    text = (DATA / "user_files" / "alias_bomb.yaml").read_text()
    with pytest.raises(yaml.YAMLError) as raised:
        user_files.load_yaml(text)
    assert "aliases" in str(raised.value) and "line 2" in str(raised.value)


def test_yaml_without_aliases_loads_as_safe_load_does() -> None:
    text = "a: [1, 2]\nb: {c: x}\n"
    assert user_files.load_yaml(text) == yaml.safe_load(text)


def test_a_link_to_a_device_and_a_fifo_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.yaml")
    for name in ("zero.yaml", "fifo.yaml"):
        with pytest.raises(user_files.UnreadableFile, match="not a regular file"):
            user_files.read_text(tmp_path / name)


def test_a_file_past_the_cap_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(user_files.UnreadableFile, match="larger than"):
        user_files.read_text(big, limit=1024)


def test_hostile_data_and_policy_files_are_one_line_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dockerfile = DATA / "cli" / "compliant.Dockerfile"
    (tmp_path / "pol").mkdir()
    (tmp_path / "pol" / "x.rego").symlink_to("/dev/zero")
    bomb = str(DATA / "user_files" / "alias_bomb.yaml")
    for extra in (["--data", bomb], ["--policy", str(tmp_path / "pol")]):
        status = main(["dockerfile", "--no-config", *extra, str(dockerfile)])
        err = capsys.readouterr().err.strip()
        assert status == 2 and len(err.splitlines()) == 1 and err.startswith("gate: "), err
        assert "Traceback" not in err and "internal error" not in err


def test_yaml_and_json_nested_past_the_recursion_limit_are_parse_errors() -> None:
    with pytest.raises(yaml.YAMLError, match="nested too deeply"):
        user_files.load_yaml((DATA / "user_files" / "nested_deep.yaml").read_text())
    with pytest.raises(ValueError, match="nested too deeply"):
        user_files.load_json((DATA / "user_files" / "nested_deep.json").read_text())


def test_a_directory_is_not_read() -> None:
    with pytest.raises(user_files.UnreadableFile, match="is a directory"):
        user_files.read_text(DATA / "user_files")


@pytest.mark.parametrize(
    ("option", "name", "says"),
    [
        # Each was `gate: internal error: …` naming no file (RecursionError, IsADirectoryError).
        ("--data", "nested_deep.yaml", "nested too deeply"),
        ("--data", "nested_deep.json", "nested too deeply"),
        ("--data", ".", "is a directory"),
        # Each was a message over two or three lines (PyYAML quotes the text under it).
        ("--data", "nul_byte.yaml", "unacceptable character"),
        ("--policy", "metadata_flow_error", "invalid METADATA block"),
    ],
)
def test_a_data_or_policy_file_gate_cannot_read_is_one_line_naming_it(
    option: str, name: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dockerfile = DATA / "cli" / "compliant.Dockerfile"
    path = DATA / "user_files" / name
    status = main(["dockerfile", "--no-config", option, str(path), str(dockerfile)])
    err = capsys.readouterr().err.strip()
    assert status == 2 and len(err.splitlines()) == 1, err
    named = err.removeprefix("gate: ").split(":")[0]
    assert Path(named).resolve().is_relative_to(path.resolve()), err
    assert says in err and "internal error" not in err


def test_yaml_nested_past_the_depth_cap_is_refused_before_it_is_built() -> None:
    # libyaml's composer recurses in C: nesting is counted on the parse events first.
    with pytest.raises(yaml.YAMLError, match="nested too deeply") as raised:
        user_files.load_yaml((DATA / "user_files" / "nested_65.yaml").read_text())
    assert "line 2" in str(raised.value)


def test_yaml_of_more_nodes_than_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # The cap lowered from 100,000 so the file stays small: 12 exceptions are 65 nodes. A 3.3 MB
    # `.gate.yaml` of 300,000 keys took 31 s, a `--data` of 100,000 exceptions 41 s and 410 MB
    # (hostile round 18); both are now refused in 0.4 s.
    text = (DATA / "user_files" / "nodes_65.yaml").read_text()
    monkeypatch.setattr(user_files, "MAX_YAML_NODES", 64)
    with pytest.raises(yaml.YAMLError, match="more than 64 YAML nodes"):
        user_files.load_yaml(text)
    monkeypatch.setattr(user_files, "MAX_YAML_NODES", 65)
    assert len(user_files.load_yaml(text)["gate"]["exceptions"]) == 12


def test_a_config_naming_more_data_files_than_the_cap_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = DATA / "config" / "many_data" / ".gate.yaml"
    dockerfile = DATA / "cli" / "compliant.Dockerfile"
    status = main(["dockerfile", "--config", str(config), str(dockerfile)])
    err = capsys.readouterr().err.strip()
    assert status == 2 and len(err.splitlines()) == 1, err
    assert "more than 64 data files" in err and "many_data" in err
