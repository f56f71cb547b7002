"""The base image's config Env for Dockerfiles: from a real engine; silent when there is none."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gate import runner
from gate.cli import main
from gate.model import Run
from gate.sources.base_env import (
    BaseEnvOptions,
    BaseImage,
    agreed_env,
    agreed_image,
    base_env_lookup,
    base_image_of_config,
    clear_cache,
    env_of_config,
)
from tests.support.dockerd import DockerEngine, ImageBuilder

DOCKERFILES = Path(__file__).resolve().parents[1] / "data" / "dockerfile"
IMAGES = Path(__file__).resolve().parents[1] / "data" / "images"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def _denied(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[int]]:
    status = main([*argv, "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1), out.err
    doc = json.loads(out.out)
    return status, [f["location"]["line"] for f in doc["findings"] if f["severity"] == "deny"]


@pytest.mark.docker
def test_base_image_only_binary_env_in_the_engine_makes_pip_install_compliant(
    image_builder: ImageBuilder, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    image_builder.build(IMAGES / "base-env-only-binary.Dockerfile", "legacy")
    path = str(DOCKERFILES / "base-env-flask.Dockerfile")
    host = ["--docker-host", docker_engine.host]
    assert _denied(["dockerfile", path, "--base-env", "engine", *host], capsys) == (0, [])
    assert _denied(["dockerfile", path, "--base-env", "auto", *host], capsys) == (0, [])
    assert _denied(["dockerfile", path, "--base-env", "none", *host], capsys) == (1, [2])


@pytest.mark.docker
def test_base_image_no_binary_env_in_the_engine_reenables_sources(
    image_builder: ImageBuilder, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    image_builder.build(IMAGES / "base-env-no-binary.Dockerfile", "legacy")
    path = str(DOCKERFILES / "base-env-no-binary.Dockerfile")
    argv = ["dockerfile", path, "--base-env", "engine", "--docker-host", docker_engine.host]
    assert _denied(argv, capsys) == (1, [2])


@pytest.mark.docker
def test_facts_dockerfile_shows_the_base_image_env_from_the_engine(
    image_builder: ImageBuilder, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    image_builder.build(IMAGES / "base-env-only-binary.Dockerfile", "legacy")
    path = str(DOCKERFILES / "base-env-flask.Dockerfile")
    argv = ["facts", "dockerfile", path, "--base-env", "engine"]
    argv += ["--docker-host", docker_engine.host]
    assert main(argv) == 0
    assert "PIP_ONLY_BINARY" in capsys.readouterr().out


@pytest.mark.docker
def test_an_engine_image_of_another_platform_than_from_platform_is_not_the_stages_base(
    image_builder: ImageBuilder, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    # The engine holds the amd64 image (this machine's); its Env made `FROM --platform=
    # linux/s390x …` pass, though the s390x image's config may set anything.
    image_builder.build(IMAGES / "base-env-only-binary.Dockerfile", "legacy")
    other = str(DOCKERFILES / "base-env-other-platform.Dockerfile")
    host = ["--docker-host", docker_engine.host]
    assert _denied(["dockerfile", other, "--base-env", "auto", *host], capsys) == (1, [2])
    assert main(["dockerfile", other, "--base-env", "engine", *host, "--format", "json"]) == 1
    [read] = json.loads(capsys.readouterr().out)["base_images"]
    assert read["error"] == "the engine's image is for linux/amd64, not linux/s390x"
    same = str(DOCKERFILES / "base-env-same-platform.Dockerfile")
    assert _denied(["dockerfile", same, "--base-env", "engine", *host], capsys) == (0, [])


@pytest.mark.docker
def test_base_image_the_engine_does_not_have_is_not_pulled_said_only_when_engine_was_asked_for(
    docker_engine: DockerEngine,
) -> None:
    auto = base_env_lookup(BaseEnvOptions(source="auto", docker_host=docker_engine.host))
    assert auto is not None
    assert auto("gate-test/never-built-here:1", None) is None  # the engine is a cache: silent
    lookup = base_env_lookup(BaseEnvOptions(source="engine", docker_host=docker_engine.host))
    assert lookup is not None
    missing = lookup("gate-test/never-built-here:1", None)
    assert missing is not None and missing.env == {}
    assert missing.failure == "the engine does not have the image"
    client = docker_engine.api()
    try:
        assert not client.images(name="gate-test/never-built-here")
    finally:
        client.close()


def test_unreachable_engine_under_auto_changes_nothing_and_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-such.sock'}")
    path = str(DOCKERFILES / "base-env-flask.Dockerfile")
    started = time.monotonic()
    assert _denied(["dockerfile", path], capsys) == (1, [2])
    assert _denied(["dockerfile", path, "--base-env", "engine"], capsys) == (1, [2])
    assert time.monotonic() - started < 10
    assert base_env_lookup(BaseEnvOptions(source="auto")) is None


def test_engine_that_does_not_answer_is_said_and_asked_once(tmp_path: Path) -> None:
    import socket

    # A unix socket that accepts connections but never answers: the lookup gives up in time.
    sock_path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(sock_path))
    server.listen(8)
    try:
        lookup = base_env_lookup(BaseEnvOptions(source="auto", docker_host=f"unix://{sock_path}"))
        assert lookup is not None
        started = time.monotonic()
        first = lookup("python:3.12", None)
        again = lookup("python:3.13", None)  # the dead engine is not asked again
        assert time.monotonic() - started < 8
        for image in (first, again):
            assert image is not None and image.env == {} and image.shell is None
            assert image.failure and image.read_from == f"engine unix://{sock_path}"
    finally:
        server.close()


def test_registry_base_env_failure_is_judged_as_nothing_set_and_said() -> None:
    source = runner.dockerfile_source(
        str(DOCKERFILES / "base-env-unreachable.Dockerfile"),
        runner.DockerfileOptions(base_env="registry", insecure_registries=("127.0.0.1:9",)),
    )
    assert dict(source.stages[0].start_env) == {}
    (read,) = source.base_images
    assert read.read_from == "registry" and read.env == () and read.error
    assert "127.0.0.1:9" in read.error


def test_failed_base_lookup_is_named_in_every_report_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(DOCKERFILES / "base-env-unreachable.Dockerfile")
    argv = ["dockerfile", path, "--no-config", "--base-env", "registry"]
    argv += ["--insecure-registry", "127.0.0.1:9"]
    for fmt in ("text", "json", "junit", "github", "sarif"):
        assert main([*argv, "--format", fmt]) == 1
        out = capsys.readouterr().out
        if fmt in ("json", "sarif"):
            assert '"error": "registry 127.0.0.1:9' in out, fmt
        else:
            assert "base image env not read from 127.0.0.1:9" in out, fmt
            assert "judged as if the base sets nothing" in out, fmt


def test_base_env_none_makes_no_lookup() -> None:
    assert base_env_lookup(BaseEnvOptions(source="none")) is None


def test_config_env_entries_become_a_mapping() -> None:
    config = {"config": {"Env": ["A=1", "B==x", "bad", "=v", 3, "C="]}}
    assert env_of_config(config) == {"A": "1", "B": "=x", "C": ""}
    assert env_of_config({"Config": {"Env": ["PIP_ONLY_BINARY=:all:"]}}) == {
        "PIP_ONLY_BINARY": ":all:"
    }
    assert env_of_config({"config": None}) == {}


def test_platforms_that_disagree_on_a_variable_leave_it_unknown() -> None:
    amd = {"PIP_ONLY_BINARY": ":all:", "PATH": "/bin"}
    arm = {"PATH": "/bin"}
    assert agreed_env([amd, arm]) == {"PIP_ONLY_BINARY": None, "PATH": "/bin"}
    assert agreed_env([amd, dict(amd)]) == amd
    assert agreed_env([]) == {}


@pytest.mark.docker
def test_base_image_config_shell_in_the_engine_is_the_stages_shell(
    image_builder: ImageBuilder, docker_engine: DockerEngine
) -> None:
    image_builder.build(IMAGES / "base-shell-bash.Dockerfile", "legacy")
    options = runner.DockerfileOptions(base_env="engine", docker_host=docker_engine.host)
    source = runner.dockerfile_source(str(DOCKERFILES / "base-shell.Dockerfile"), options)
    (run,) = [s for s in source.stages[0].steps if isinstance(s, Run)]
    assert run.shell == ("/bin/bash", "-o", "pipefail", "-c")
    assert run.alternative_shells == ()


def test_config_shell_and_os_are_read_beside_env() -> None:
    config = {"os": "windows", "config": {"Env": ["A=1"], "Shell": ["powershell", "-Command"]}}
    assert base_image_of_config(config) == BaseImage(
        {"A": "1"}, ("powershell", "-Command"), "windows"
    )
    inspect = {"Os": "linux", "Config": {"Shell": None}}
    assert base_image_of_config(inspect) == BaseImage({}, None, "linux")
    assert base_image_of_config({"config": {"Shell": [1, 2]}}).shell is None


def test_platforms_that_disagree_on_shell_or_os_leave_them_unknown() -> None:
    ps = BaseImage({}, ("powershell", "-Command"), "windows")
    sh = BaseImage({}, None, "linux")
    assert agreed_image([ps, sh]) == BaseImage({}, None, None)
    assert agreed_image([ps, ps]) == ps
