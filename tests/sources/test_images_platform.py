"""`gate image REF --platform P`: the engine's image is judged only when it is for P.

The engine and the registry are stood in for (no dockerd): the engine answers with the corpus
config of one platform, the registry with whatever the test sets.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

import pytest

from gate.model import GateError, InputError
from gate.runner import ImageInputs, image_sources
from gate.sources import images
from gate.sources.engine import EngineError
from gate.sources.image_config import ImageConfig
from gate.sources.images import ImageOptions, image_configs
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import Platform
from tests.sources.test_archive import oci_layout, write_tar
from tests.support.paths import shared

CONFIG = json.loads(shared("corpus-images", "c-buildkit.json").read_text())


def _image(platform: Platform | None, where: str) -> ImageConfig:
    return ImageConfig(
        reference=f"app:1 ({where})",
        digest="sha256:" + "0" * 64,
        config_digest="sha256:" + "0" * 64,
        platform=platform,
        config=MappingProxyType(CONFIG),
    )


@pytest.fixture
def engine_amd64(monkeypatch: pytest.MonkeyPatch) -> None:
    from gate.sources import engine

    def read(ref: str, **_: object) -> list[ImageConfig]:
        return [_image(Platform("linux", "amd64"), "engine")]

    monkeypatch.setattr(engine, "read_engine_image", read)


def _registry(monkeypatch: pytest.MonkeyPatch, answer: list[ImageConfig] | None) -> None:
    def fetch(ref: str, options: ImageOptions) -> list[ImageConfig]:
        if answer is None:
            raise RegistryError("registry r: no such image")
        return answer

    monkeypatch.setattr(images, "_from_registry", fetch)


@pytest.mark.usefixtures("engine_amd64")
@pytest.mark.parametrize("asked", ["linux/arm64", "linux/arm64/v8", "windows/amd64"])
def test_auto_reads_the_registry_when_the_engine_holds_another_platform(
    monkeypatch: pytest.MonkeyPatch, asked: str
) -> None:
    # The engine's amd64 image was judged for `--platform linux/arm64`, the arm64 one never.
    _registry(monkeypatch, [_image(Platform.parse(asked), "registry")])
    [config] = image_configs("app:1", ImageOptions(platform=asked))
    assert config.reference == "app:1 (registry)"


@pytest.mark.usefixtures("engine_amd64")
def test_auto_says_both_why_nots_when_the_registry_fails_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _registry(monkeypatch, None)
    with pytest.raises(GateError) as caught:
        image_configs("app:1", ImageOptions(platform="linux/arm64"))
    assert caught.value.message == (
        "app:1: not in the local engine (image app:1 in the local engine is for linux/amd64, "
        "not linux/arm64); registry: registry r: no such image"
    )


@pytest.mark.usefixtures("engine_amd64")
def test_engine_source_refuses_an_image_of_another_platform() -> None:
    with pytest.raises(EngineError) as caught:
        image_configs("app:1", ImageOptions(source="engine", platform="linux/arm64"))
    assert "is for linux/amd64, not linux/arm64" in caught.value.message


@pytest.mark.usefixtures("engine_amd64")
@pytest.mark.parametrize("asked", [None, "linux/amd64", "linux/x86_64", "LINUX/AMD64"])
def test_the_engine_image_of_the_platform_asked_for_is_judged(
    monkeypatch: pytest.MonkeyPatch, asked: str | None
) -> None:
    _registry(monkeypatch, None)
    [config] = image_configs("app:1", ImageOptions(platform=asked))
    assert config.reference == "app:1 (engine)"


def test_an_archive_judges_only_the_platform_asked_for(tmp_path: Path) -> None:
    # Every platform of a saved index was judged whatever --platform said, and the report did
    # not say so: `--platform linux/arm64` reported the amd64 image's findings too.
    archive = write_tar(tmp_path / "oci.tar", oci_layout())
    sources, errors = image_sources(
        ImageInputs(archives=(str(archive),)), ImageOptions(platform="linux/arm64")
    )
    assert errors == [] and [s.target.path for s in sources] == ["registry.test/app:1"]
    every, _ = image_sources(ImageInputs(archives=(str(archive),)), ImageOptions())
    assert [s.target.path for s in every] == [
        "registry.test/app:1 (linux/amd64)", "registry.test/app:1 (linux/arm64)"]  # fmt: skip


def test_a_config_file_of_another_platform_is_an_input_error_naming_it() -> None:
    path = shared("corpus-images", "c-buildkit.json")
    sources, [error] = image_sources(
        ImageInputs(config_files=(str(path),)), ImageOptions(platform="linux/arm64")
    )
    assert sources == [] and isinstance(error, InputError)
    assert error.path == str(path) and error.message == (
        "holds an image for linux/amd64, not linux/arm64"
    )
    kept, none = image_sources(
        ImageInputs(config_files=(str(path),)), ImageOptions(platform="linux/amd64")
    )
    assert none == [] and len(kept) == 1
