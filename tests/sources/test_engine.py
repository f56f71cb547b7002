"""The local Docker engine as a source: images built with both builders on a real dockerd."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from gate.model import BuildSource, FileWrite, Run
from gate.sources.archive import read_archive
from gate.sources.engine import EngineError, read_engine_image
from gate.sources.history import history_source
from tests.support.dockerd import STUB_BASE, Builder, BuiltImage, DockerEngine, ImageBuilder
from tests.support.paths import shared

pytestmark = pytest.mark.docker

DATA = Path(__file__).resolve().parents[1] / "data" / "images"
BUILDERS: tuple[Builder, ...] = ("legacy", "buildkit")
FEATURE_ARGS = {"GREETING": "hello big world"}


@pytest.fixture(scope="module", params=BUILDERS)
def c_image(request: pytest.FixtureRequest, image_builder: ImageBuilder) -> BuiltImage:
    """shared/corpus-images/c.Dockerfile on the stub base, with each builder."""
    return image_builder.build(shared("corpus-images", "c.Dockerfile"), request.param)


@pytest.fixture(scope="module", params=BUILDERS)
def features_image(request: pytest.FixtureRequest, image_builder: ImageBuilder) -> BuiltImage:
    return image_builder.build(
        DATA / "features.Dockerfile",
        request.param,
        files=(DATA / "requirements.txt",),
        build_args=FEATURE_ARGS,
    )


def _runs(source: BuildSource) -> list[Run]:
    return [s for s in source.stages[0].steps if isinstance(s, Run)]


def _projection(source: BuildSource) -> list[tuple[object, ...]]:
    """What the later layers see of each Run: index, form, command and environment."""
    return [
        (r.location.history_index, r.exec_form, r.argv, r.script, dict(r.env), r.workdir)
        for r in _runs(source)
    ]


def _history_pairs(config: Mapping[str, object]) -> list[tuple[object, object]]:
    history = config.get("history")
    assert isinstance(history, list)
    return [(h.get("created_by"), h.get("comment") or "") for h in history]


def test_engine_history_lines_up_with_the_saved_config(
    c_image: BuiltImage, docker_engine: DockerEngine, tmp_path: Path
) -> None:
    [engine] = read_engine_image(c_image.tag, docker_host=docker_engine.host)
    [saved] = read_archive(docker_engine.save(c_image.tag, tmp_path / "c.tar"))
    assert engine.config_digest == saved.config_digest == c_image.id
    assert saved.reference == c_image.tag and engine.reference == c_image.tag
    assert _history_pairs(engine.config) == _history_pairs(saved.config)
    assert engine.config["config"]["Env"] == saved.config["config"]["Env"]  # type: ignore[index]
    assert engine.platform == saved.platform
    name = c_image.tag
    assert _projection(history_source(engine.config, name=name)) == _projection(
        history_source(saved.config, name=name)
    )


def test_engine_runs_match_the_corpus_config_of_the_same_build(
    c_image: BuiltImage, docker_engine: DockerEngine
) -> None:
    [engine] = read_engine_image(c_image.tag, docker_host=docker_engine.host)
    corpus = json.loads(shared("corpus-images", f"c-{c_image.builder}.json").read_text())
    ours = history_source(engine.config, name="x")
    theirs = history_source(corpus, name="x")
    assert _projection(ours) == _projection(theirs)
    assert [s.path for s in ours.stages[0].steps if isinstance(s, FileWrite)] == [
        s.path for s in theirs.stages[0].steps if isinstance(s, FileWrite)
    ]
    assert ours.unjudgeable == ()


def test_engine_runs_carry_the_env_of_their_step(
    c_image: BuiltImage, docker_engine: DockerEngine
) -> None:
    [engine] = read_engine_image(c_image.tag, docker_host=docker_engine.host)
    runs = {r.location.history_index: r for r in _runs(history_source(engine.config, name="c"))}
    assert runs[5].script == "pip install -r /dev/null"
    assert runs[8].script == "uv pip install --system httpx"
    assert "UV_NO_BUILD" not in runs[5].env
    assert runs[7].env["UV_NO_BUILD"] == "1" and runs[8].env["UV_NO_BUILD"] == "1"
    assert "POETRY_INSTALLER_ONLY_BINARY" not in runs[8].env
    assert runs[10].env["POETRY_INSTALLER_ONLY_BINARY"] == ":all:"
    assert runs[11].argv == ("pip", "install", "--only-binary=:all:", "rich")
    assert runs[11].env["POETRY_INSTALLER_ONLY_BINARY"] == ":all:"
    for index, run in runs.items():
        assert run.location.created_by == engine.config["history"][index]["created_by"]  # type: ignore[index]


def test_legacy_parent_chain_marks_the_base_entries(
    image_builder: ImageBuilder, docker_engine: DockerEngine
) -> None:
    image = image_builder.build(shared("corpus-images", "c.Dockerfile"), "legacy")
    [engine] = read_engine_image(image.tag, docker_host=docker_engine.host)
    assert engine.base_history_len == 5
    source = history_source(engine.config, name=image.tag, base_history_len=5)
    assert {r.location.history_index for r in _runs(source) if r.from_base} == {1, 3}


def test_buildkit_image_has_a_base_only_when_one_is_named(
    image_builder: ImageBuilder, docker_engine: DockerEngine
) -> None:
    image = image_builder.build(shared("corpus-images", "c.Dockerfile"), "buildkit")
    host = docker_engine.host
    # BuildKit leaves no parent chain, and the builder switch is no evidence: nothing guessed.
    assert read_engine_image(image.tag, docker_host=host)[0].base_history_len is None
    assert read_engine_image(image.tag, docker_host=host, base=STUB_BASE)[0].base_history_len == 5
    assert (
        read_engine_image(image.tag, docker_host=host, base="gate-test/absent:1")[
            0
        ].base_history_len
        is None
    )
    # A base that is not a prefix of the image's history is not taken.
    assert (
        read_engine_image(STUB_BASE, docker_host=host, base=image.tag)[0].base_history_len is None
    )
    assert (
        read_engine_image(image.tag, docker_host=host, base="Not A Ref!")[0].base_history_len
        is None
    )


def test_features_image_gives_shell_workdir_args_and_onbuild(
    features_image: BuiltImage, docker_engine: DockerEngine
) -> None:
    [engine] = read_engine_image(features_image.tag, docker_host=docker_engine.host)
    # Legacy finds the base through the parent chain, BuildKit through the base-name label.
    assert engine.base_history_len == 5
    source = history_source(engine.config, name=features_image.tag, base_history_len=5)
    runs = {(r.script or " ".join(r.argv)): r for r in _runs(source) if not r.from_base}
    assert set(runs) == {
        "pip install -r requirements.txt",
        "pip install --only-binary :all: flask",
        "pip install --no-deps x",
        "pip install onbuild-pkg",
    }
    build_env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PIP_NO_CACHE_DIR": "1",
        "MOTTO": "two words",
        "PIP_INDEX_URL": "https://pypi.invalid/simple",
        "GREETING": "hello big world",
    }
    first = runs["pip install -r requirements.txt"]
    assert (first.shell, dict(first.env), first.workdir) == (("/bin/sh", "-c"), build_env, "/app")
    second = runs["pip install --only-binary :all: flask"]
    assert second.shell == ("/bin/sh", "-e", "-c") and dict(second.env) == build_env
    exec_form = runs["pip install --no-deps x"]
    assert exec_form.exec_form and exec_form.argv == ("pip", "install", "--no-deps", "x")
    assert dict(exec_form.env) == build_env and exec_form.workdir == "/app/sub"
    onbuild = runs["pip install onbuild-pkg"]
    assert onbuild.onbuild and not onbuild.exec_form
    # The trigger runs in a child build: this build's args are not in its environment.
    assert "GREETING" not in onbuild.env and onbuild.env["MOTTO"] == "two words"
    files = [s.path for s in source.stages[0].steps if isinstance(s, FileWrite)]
    # BuildKit records the source name; legacy only a content hash ("COPY file:<sha> in .").
    assert ("/app/requirements.txt" in files) == (features_image.builder == "buildkit")


def test_docker_host_comes_from_the_environment(
    c_image: BuiltImage, docker_engine: DockerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", docker_engine.host)
    [engine] = read_engine_image(c_image.tag)
    assert engine.config_digest == c_image.id


def test_missing_image_is_one_engine_error(docker_engine: DockerEngine) -> None:
    with pytest.raises(EngineError) as caught:
        read_engine_image("gate-test/absent:1", docker_host=docker_engine.host)
    assert str(caught.value) == "image gate-test/absent:1 not found in the local Docker engine"


def test_unreachable_engine_is_one_engine_error(tmp_path: Path) -> None:
    host = f"unix://{tmp_path}/no-such.sock"
    with pytest.raises(EngineError) as caught:
        read_engine_image("anything", docker_host=host, timeout=5)
    line = str(caught.value)
    assert line.startswith(f"cannot reach the Docker engine at {host}: ") and "\n" not in line
