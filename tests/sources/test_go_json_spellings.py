"""Keys Go's JSON decoder reads as a field gate reads, spelled otherwise, are refused by every
image reader (data: images/go-spellings.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from gate.go_json_names import go_fold
from gate.model import InputError
from gate.sources.archive import ArchiveError, read_archive
from gate.sources.history import history_source
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import ImageManifest, parse_manifest
from tests.sources.test_archive import (
    OCI_CONFIG,
    oci_layout_with_artifact,
    write_tar,
)

DATA = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "images" / "go-spellings.yaml").read_text()
)


def _said(message: str, case: dict[str, Any]) -> None:
    assert "\n" not in message
    assert f"holds the key {case['key']!r}, which Docker's Go JSON decoder reads as " in message
    assert f"{case['field']!r}" in message


def _docker_save(tmp_path: Path, config: bytes) -> Path:
    manifest = [{"Config": "c.json", "RepoTags": ["x:1"], "Layers": []}]
    return write_tar(
        tmp_path / "saved.tar", {"manifest.json": json.dumps(manifest).encode(), "c.json": config}
    )


@pytest.mark.parametrize("case", DATA["configs"], ids=[c["id"] for c in DATA["configs"]])
def test_a_config_key_go_reads_as_another_field_is_refused_by_the_history_reader(
    case: dict[str, Any],
) -> None:
    with pytest.raises(InputError) as caught:
        history_source(case["config"], name="img")
    _said(str(caught.value), case)


@pytest.mark.parametrize("case", DATA["configs"], ids=[c["id"] for c in DATA["configs"]])
def test_a_config_key_go_reads_as_another_field_is_refused_in_an_archive(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _docker_save(tmp_path, json.dumps(case["config"]).encode())
    with pytest.raises(ArchiveError) as caught:
        read_archive(path)
    _said(str(caught.value), case)
    assert main(["image", "--no-config", "--archive", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Go JSON decoder" in err


@pytest.mark.parametrize("case", DATA["manifests"], ids=[c["id"] for c in DATA["manifests"]])
def test_a_manifest_key_go_reads_as_another_field_is_refused(case: dict[str, Any]) -> None:
    with pytest.raises(RegistryError) as caught:
        parse_manifest(json.dumps(case["document"]).encode(), None, "registry r: x")
    _said(caught.value.message, case)


@pytest.mark.parametrize("case", DATA["saved"], ids=[c["id"] for c in DATA["saved"]])
def test_a_docker_save_entry_key_go_reads_as_another_field_is_refused(
    case: dict[str, Any], tmp_path: Path
) -> None:
    config = json.dumps(DATA["accepted"]["config"]).encode()
    files = {"manifest.json": json.dumps([case["entry"]]).encode(), "a.json": config}
    files["b.json"] = json.dumps(DATA["configs"][0]["config"]["config"]).encode()
    with pytest.raises(ArchiveError) as caught:
        read_archive(write_tar(tmp_path / "saved.tar", files))
    _said(str(caught.value), case)


def test_an_artifact_whose_config_go_reads_as_a_platform_is_refused(tmp_path: Path) -> None:
    # containerd matches an entry without a platform by its config's os/architecture, read
    # without case: `OS`/`Architecture` make it a linux/amd64 image gate passed over.
    files, _ = oci_layout_with_artifact(
        b'{"OS": "linux", "Architecture": "amd64"}', media_type="application/x.other"
    )
    with pytest.raises(ArchiveError) as caught:
        read_archive(write_tar(tmp_path / "artifact.tar", files))
    assert "holds the key 'OS', which Docker's Go JSON decoder reads as 'os'" in str(caught.value)


def test_keys_that_differ_in_case_inside_maps_are_read(tmp_path: Path) -> None:
    accepted = DATA["accepted"]
    history_source(accepted["config"], name="img")
    [image] = read_archive(_docker_save(tmp_path, json.dumps(accepted["config"]).encode()))
    assert image.labels == {"maintainer": "a", "Maintainer": "b", "MAINTAINER": "c"}
    document = parse_manifest(json.dumps(accepted["manifest"]).encode(), None, "x")
    assert isinstance(document, ImageManifest) and document.config.media_type == OCI_CONFIG


def test_go_folds_the_runes_whose_case_mapping_reaches_ascii() -> None:
    assert go_fold("hi\u017ftory") == go_fold("history") == "HISTORY"
    assert go_fold("\u212aey") == "KEY"
    assert go_fold("\u0131d") == go_fold("\u0130D") == "ID"
    assert go_fold("\u00e9nv") != go_fold("env")
