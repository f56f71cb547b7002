"""`gate image` and `gate push` end to end, on images a real dockerd built with both builders.

Every case of shared/corpus-images is rebuilt from its Dockerfile on the stub base and judged
through each source the gate reads: the local engine, a registry (anonymous and with basic
auth, over TLS with the suite's CA), a `docker save` archive and the bare config blob.
"""

from __future__ import annotations

import base64
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from gate.cli import main
from tests.support.dockerd import Builder, BuiltImage, DockerEngine, ImageBuilder
from tests.support.paths import shared
from tests.support.registry import LocalRegistry

pytestmark = [pytest.mark.docker, pytest.mark.registry]

DATA = Path(__file__).resolve().parent / "data" / "images"
BUILDERS: tuple[Builder, ...] = ("legacy", "buildkit")
CASE = next(
    c
    for c in yaml.safe_load(shared("corpus-images", "cases.yaml").read_text())
    if c["id"] == "img-c-buildkit"
)
DENIED = set(CASE["deny"])


@pytest.fixture(scope="module", params=BUILDERS)
def c_image(request: pytest.FixtureRequest, image_builder: ImageBuilder) -> BuiltImage:
    return image_builder.build(shared("corpus-images", "c.Dockerfile"), request.param)


@pytest.fixture(scope="module")
def compliant_image(image_builder: ImageBuilder) -> BuiltImage:
    return image_builder.build(DATA / "compliant.Dockerfile", "buildkit")


def _gate(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    status = main([*argv, "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    return status, json.loads(out.out)


def _denied(doc: dict[str, Any]) -> set[int]:
    return {
        f["location"]["history_index"]
        for f in doc["findings"]
        if f["severity"] == "deny" and not f.get("suppressed")
    }


def _config_blob(engine: DockerEngine, ref: str, tmp_path: Path) -> bytes:
    """The image's config JSON exactly as `docker save` writes it."""
    archive = engine.save(ref, tmp_path / "image.tar")
    with tarfile.open(archive) as tar:
        manifest = tar.extractfile("manifest.json")
        assert manifest is not None
        config_name = json.load(manifest)[0]["Config"]
        member = tar.extractfile(config_name)
        assert member is not None
        return member.read()


def test_engine_image_is_judged_like_the_corpus_config(
    c_image: BuiltImage, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["image", c_image.tag, "--source", "engine", "--docker-host", docker_engine.host]
    status, doc = _gate(argv, capsys)
    assert _denied(doc) == DENIED
    assert status == 1
    assert all(f["location"]["created_by"] for f in doc["findings"])


def test_docker_save_archive_is_judged_like_the_engine(
    c_image: BuiltImage,
    docker_engine: DockerEngine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = docker_engine.save(c_image.tag, tmp_path / "c.tar")
    status, doc = _gate(["image", "--archive", str(archive)], capsys)
    assert _denied(doc) == DENIED
    assert status == 1


def test_bare_config_is_judged_like_the_engine(
    c_image: BuiltImage,
    docker_engine: DockerEngine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.json"
    config.write_bytes(_config_blob(docker_engine, c_image.tag, tmp_path))
    status, doc = _gate(["image", "--config-file", str(config)], capsys)
    assert _denied(doc) == DENIED
    assert status == 1
    assert doc["target"] == {"kind": "config", "path": str(config)}


@pytest.mark.parametrize("auth", ["anonymous", "basic"])
def test_registry_image_is_judged_without_an_engine(
    auth: str,
    c_image: BuiltImage,
    docker_engine: DockerEngine,
    registry: LocalRegistry,
    registry_basic: LocalRegistry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = registry if auth == "anonymous" else registry_basic
    repo = f"gate-e2e/c-{c_image.builder}"
    target.push_image(repo, "v1", _config_blob(docker_engine, c_image.tag, tmp_path))
    docker_config = tmp_path / "docker-config"
    docker_config.mkdir()
    auths: dict[str, Any] = {}
    if target.username and target.password:
        token = base64.b64encode(f"{target.username}:{target.password}".encode()).decode()
        auths[target.host] = {"auth": token}
    (docker_config / "config.json").write_text(json.dumps({"auths": auths}))
    monkeypatch.setenv("DOCKER_CONFIG", str(docker_config))
    ref = f"{target.host}/{repo}:v1"
    argv = ["image", ref, "--source", "registry", "--registry-ca", str(target.ca_path)]
    status, doc = _gate(argv, capsys)
    assert _denied(doc) == DENIED
    assert status == 1


def test_registry_with_basic_auth_refuses_without_credentials(
    c_image: BuiltImage,
    docker_engine: DockerEngine,
    registry_basic: LocalRegistry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = "gate-e2e/private"
    registry_basic.push_image(repo, "v1", _config_blob(docker_engine, c_image.tag, tmp_path))
    empty = tmp_path / "empty-config"
    empty.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(empty))
    ref = f"{registry_basic.host}/{repo}:v1"
    ca = str(registry_basic.ca_path)
    status = main(["image", ref, "--source", "registry", "--registry-ca", ca])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert registry_basic.host in err


def test_push_refuses_a_noncompliant_image(
    c_image: BuiltImage,
    docker_engine: DockerEngine,
    registry_plain: LocalRegistry,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ref = f"{registry_plain.host}/gate-e2e/refused:{c_image.builder}"
    client = docker_engine.api()
    try:
        client.tag(c_image.tag, ref)
    finally:
        client.close()
    status = main(["push", ref, "--docker-host", docker_engine.host])
    captured = capsys.readouterr()
    assert status == 1
    assert "not pushed" in captured.err
    assert registry_plain.manifest_exists("gate-e2e/refused", c_image.builder) is False


def test_push_sends_a_compliant_image_to_the_registry(
    compliant_image: BuiltImage,
    docker_engine: DockerEngine,
    registry_plain: LocalRegistry,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ref = f"{registry_plain.host}/gate-e2e/accepted:v1"
    client = docker_engine.api()
    try:
        client.tag(compliant_image.tag, ref)
    finally:
        client.close()
    for name, value in docker_engine.cli_env(buildkit=False).items():
        monkeypatch.setenv(name, value)
    status = main(["push", ref, "--docker-host", docker_engine.host])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert registry_plain.manifest_exists("gate-e2e/accepted", "v1") is True
