"""--config-file: image config blobs, `docker inspect` output, and one clear line for the rest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import InputError
from gate.sources.config_file import MAX_CONFIG_FILE, parse_config, read_config_file
from gate.sources.file_name import file_name
from gate.sources.history import history_source
from gate.sources.registry.digest import compute_digest
from gate.sources.registry.manifest import Platform
from tests.support.paths import shared

DATA = Path(__file__).resolve().parents[1] / "data" / "images"
NOT_CONFIG = "not an image config JSON"


def test_config_blob_is_read_with_its_digest_and_platform() -> None:
    path = shared("corpus-images", "c-buildkit.json")
    image = read_config_file(path)
    assert image.reference == file_name(str(path))  # its one name, as a Dockerfile's
    assert image.digest == image.config_digest == compute_digest(path.read_bytes())
    assert image.platform == Platform("linux", "amd64")
    assert image.base_history_len is None
    assert len(image.config["history"]) == 12  # type: ignore[arg-type]


def test_oci_config_with_variant_and_labels() -> None:
    image = read_config_file(shared("realworld-images", "03-buildkit-regclient.json"))
    assert image.platform == Platform("linux", "arm", "v6")
    assert image.labels == {"arg_label": "arg_for_label", "version": "3"}


def test_docker_inspect_object_becomes_a_config_without_history(tmp_path: Path) -> None:
    image = read_config_file(DATA / "inspect-c-legacy.json")
    config = image.config
    assert "history" not in config
    assert config["config"]["Env"] == ["PATH=/usr/local/bin:/usr/bin:/bin", "UV_NO_BUILD=1"]  # type: ignore[index]
    assert image.platform == Platform("linux", "amd64")
    [problem] = history_source(config, name="inspect.json").unjudgeable
    assert problem.reason.startswith("image has no history")


def test_docker_inspect_array_of_one_image(tmp_path: Path) -> None:
    inspect = json.loads((DATA / "inspect-c-legacy.json").read_text())
    one = tmp_path / "one.json"
    one.write_text(json.dumps([inspect]))
    assert read_config_file(one).config["config"]["Env"][1] == "UV_NO_BUILD=1"  # type: ignore[index]
    two = tmp_path / "two.json"
    two.write_text(json.dumps([inspect, inspect]))
    with pytest.raises(InputError, match=r"`docker inspect` output for 2 images; give one"):
        read_config_file(two)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2]", "a JSON array, not an object"),
        (b'"history"', "not a JSON object"),
        (b'{"name": "x"}', "it has none of history, rootfs, config"),
        (b'{"schemaVersion": 2, "config": {}, "layers": []}', "this is an image manifest"),
        (b'{"manifests": []}', "this is an image manifest"),
        (b"[" * 10_000, "JSON nested too deeply"),
        (b"IMAGE  CREATED  CREATED BY  SIZE\n\n", "no table header with rows"),
        (b"<missing>  1 day  /bin/sh -c x  0B\n", "docker history"),
    ],
)
def test_not_a_config_is_one_line_naming_the_file(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_config_file(path)
    line = str(caught.value)
    assert line.startswith(f"{path}: {NOT_CONFIG}: ")
    assert why in line and "\n" not in line


def test_docker_history_table_is_read_as_a_config(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.write_bytes(
        b"IMAGE          CREATED  CREATED BY     SIZE\nabcdef123456   1 day    /bin/sh -c x   0B\n"
    )
    image = read_config_file(path)
    assert image.config["history"] == [
        {"created_by": "/bin/sh -c x", "comment": "", "empty_layer": True}
    ]
    assert image.digest == compute_digest(path.read_bytes())


def test_missing_directory_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_config_file(tmp_path / "absent.json")
    with pytest.raises(InputError, match="is a directory"):
        read_config_file(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_CONFIG_FILE + 1))
    with pytest.raises(InputError, match="larger than 16 MiB"):
        read_config_file(big)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "config.json"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_config_file(fifo)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_give_a_config_or_input_error(data: bytes) -> None:
    try:
        config = parse_config(data, "fuzz.json")
    except InputError as error:
        assert error.path == "fuzz.json" and error.message.startswith(NOT_CONFIG)
        return
    assert isinstance(config, dict)
