"""When a base image's config was read, every format says which image, digest and stage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from gate.cli import main
from gate.model import Report, Target
from gate.report import render
from gate.runner import PolicyOptions, judge, load_policy
from gate.sources.base_env import BaseImage, clear_cache
from gate.sources.dockerfile import read_dockerfile
from tests.support.dockerd import DockerEngine, ImageBuilder

TESTS = Path(__file__).resolve().parents[1]
FLASK = TESTS / "data" / "dockerfile" / "base-env-flask.Dockerfile"
IMAGES = TESTS / "data" / "images"
DIGEST = "sha256:" + "ab" * 32


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def _only_binary_base(ref: str, platform: str | None) -> BaseImage | None:
    if ref != "gate-test/base-env-only-binary:legacy":
        return None
    return BaseImage(
        env={"PIP_ONLY_BINARY": ":all:", "PATH": "/usr/bin"},
        digest=DIGEST,
        read_from="registry",
    )


def _report(base: bool) -> Report:
    source = read_dockerfile(
        str(FLASK),
        build_args={},
        target=None,
        context=None,
        base_env=_only_binary_base if base else None,
    )
    options = PolicyOptions()
    return judge(source, load_policy(options), options)


def test_the_text_report_names_the_base_image_its_digest_and_stage() -> None:
    with_base = render([_report(True)], "text")
    line = (
        "base image env read from gate-test/base-env-only-binary:legacy@"
        f"{DIGEST} for stage 0 (registry): PATH, PIP_ONLY_BINARY"
    )
    assert line in with_base
    # Without the config the verdict differs, and the report says nothing was read.
    without = render([_report(False)], "text")
    assert "base image" not in without
    assert "1 denied" in without and "0 denied" in with_base


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_carry_the_base_image(fmt: str) -> None:
    data = json.loads(render([_report(True)], fmt))
    holder = data if fmt == "json" else data["runs"][0]["properties"]["targets"][0]
    assert holder["base_images"] == [
        {
            "stage": "0",
            "reference": "gate-test/base-env-only-binary:legacy",
            "digest": DIGEST,
            "read_from": "registry",
            "env": ["PATH", "PIP_ONLY_BINARY"],
            "shell": None,
        }
    ]


def test_github_and_junit_carry_the_base_image() -> None:
    report = _report(True)
    assert "::notice title=gate base image::base image env read from" in render([report], "github")
    assert "base image env read from" in render([report], "junit")


def test_a_report_without_base_images_keeps_its_shape() -> None:
    report = Report(Target("dockerfile", "Dockerfile"), ())
    assert "base_images" not in json.loads(render([report], "json"))


@pytest.mark.docker
def test_the_engine_read_is_named_with_the_images_id(
    image_builder: ImageBuilder, docker_engine: DockerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    image_builder.build(IMAGES / "base-env-only-binary.Dockerfile", "legacy")
    argv = ["dockerfile", "--no-config", str(FLASK), "--base-env", "engine"]
    assert main([*argv, "--docker-host", docker_engine.host, "--format", "json"]) == 0
    (read,) = json.loads(capsys.readouterr().out)["base_images"]
    assert read["read_from"] == f"engine {docker_engine.host}"
    assert read["digest"].startswith("sha256:")
    assert "PIP_ONLY_BINARY" in read["env"]
