"""--archive: `docker save` tarballs from a real dockerd, and OCI layouts (tar and directory)."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.model import InputError, Run
from gate.sources.archive import MAX_IMAGES, MAX_INDEX_BYTES, ArchiveError, read_archive
from gate.sources.engine import read_engine_image
from gate.sources.history import history_source
from gate.sources.registry.manifest import Platform
from tests.support.dockerd import DOCKER_CLI, Builder, BuiltImage, DockerEngine, ImageBuilder
from tests.support.paths import shared

BUILDERS: tuple[Builder, ...] = ("legacy", "buildkit")
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
IN_TOTO = "application/vnd.in-toto+json"
CONFIG = shared("corpus-images", "c-buildkit.json").read_bytes()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _runs(config: Mapping[str, object]) -> list[tuple[object, ...]]:
    source = history_source(config, name="x")
    return [
        (s.location.history_index, s.exec_form, s.argv, s.script, dict(s.env))
        for s in source.stages[0].steps
        if isinstance(s, Run)
    ]


# ---------------------------------------------------------------------------------------------
# docker save archives from the real engine.


@pytest.fixture(scope="module", params=BUILDERS)
def c_image(request: pytest.FixtureRequest, image_builder: ImageBuilder) -> BuiltImage:
    return image_builder.build(shared("corpus-images", "c.Dockerfile"), request.param)


@pytest.mark.docker
def test_docker_save_gives_the_engine_history_at_the_same_indexes(
    c_image: BuiltImage, docker_engine: DockerEngine, tmp_path: Path
) -> None:
    [saved] = read_archive(docker_engine.save(c_image.tag, tmp_path / "c.tar"))
    [engine] = read_engine_image(c_image.tag, docker_host=docker_engine.host)
    assert saved.reference == c_image.tag
    assert saved.digest == saved.config_digest == c_image.id
    assert saved.platform == Platform("linux", "amd64")
    assert _runs(saved.config) == _runs(engine.config)
    indexes = {r[0] for r in _runs(saved.config)}
    assert {5, 8} <= indexes
    history = saved.config["history"]
    assert isinstance(history, list)
    assert history[5]["created_by"].endswith(
        "pip install -r /dev/null" + ("" if c_image.builder == "legacy" else " # buildkit")
    )


@pytest.mark.docker
def test_docker_save_of_several_images_gzipped_and_unpacked(
    image_builder: ImageBuilder, docker_engine: DockerEngine, tmp_path: Path
) -> None:
    dockerfile = shared("corpus-images", "c.Dockerfile")
    tags = [image_builder.build(dockerfile, b).tag for b in BUILDERS]
    archive = tmp_path / "both.tar"
    done = subprocess.run(
        [DOCKER_CLI, "save", "-o", str(archive), *tags],
        env=docker_engine.cli_env(buildkit=False),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    images = read_archive(archive)
    assert sorted(i.reference for i in images) == sorted(tags)
    packed = tmp_path / "both.tar.gz"
    packed.write_bytes(gzip.compress(archive.read_bytes(), compresslevel=1))
    assert [i.config_digest for i in read_archive(packed)] == [i.config_digest for i in images]
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    assert [i.config_digest for i in read_archive(unpacked)] == [i.config_digest for i in images]


# ---------------------------------------------------------------------------------------------
# OCI layouts, written here from a real config blob.


def _blob(files: dict[str, bytes], data: bytes) -> str:
    digest = _digest(data)
    files[f"blobs/sha256/{digest.split(':')[1]}"] = data
    return digest


def _manifest(
    files: dict[str, bytes], config: bytes, annotations: Mapping[str, str] = {}
) -> dict[str, Any]:
    body = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {
                "mediaType": OCI_CONFIG,
                "digest": _blob(files, config),
                "size": len(config),
            },
            "layers": [],
            "annotations": dict(annotations),
        }
    ).encode()
    return {"mediaType": OCI_MANIFEST, "digest": _blob(files, body), "size": len(body)}


def oci_layout(name: str = "registry.test/app:1") -> dict[str, bytes]:
    """An OCI layout: index.json → a two-platform index (+ an attestation) → configs."""
    files: dict[str, bytes] = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'}
    arm = json.loads(CONFIG)
    arm["architecture"] = "arm64"
    amd = _manifest(files, CONFIG, {"org.opencontainers.image.base.name": "gate-stub:base"})
    arm64 = _manifest(files, json.dumps(arm).encode())
    attestation_body = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": IN_TOTO, "digest": _blob(files, b"{}"), "size": 2},
            "layers": [],
        }
    ).encode()
    attestation = {
        "mediaType": OCI_MANIFEST,
        "digest": _blob(files, attestation_body),
        "size": len(attestation_body),
        "annotations": {"vnd.docker.reference.type": "attestation-manifest"},
        "platform": {"os": "unknown", "architecture": "unknown"},
    }
    nested = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [
                {**amd, "platform": {"os": "linux", "architecture": "amd64"}},
                {**arm64, "platform": {"os": "linux", "architecture": "arm64"}},
                attestation,
            ],
        }
    ).encode()
    files["index.json"] = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [
                {
                    "mediaType": OCI_INDEX,
                    "digest": _blob(files, nested),
                    "size": len(nested),
                    "annotations": {"io.containerd.image.name": name},
                }
            ],
        }
    ).encode()
    return files


def oci_layout_with_artifact(
    config: bytes,
    platform: dict[str, str] | None = None,
    media_type: str = "application/vnd.example.config+json",
) -> tuple[dict[str, bytes], str]:
    """oci_layout() plus one more top-level entry: a manifest whose config media type is not a
    container image's; the files, and that manifest's digest."""
    files = oci_layout()
    config_digest = _blob(files, config)
    body = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": media_type, "digest": config_digest, "size": len(config)},
            "layers": [],
        }
    ).encode()
    digest = _blob(files, body)
    index = json.loads(files["index.json"])
    entry: dict[str, object] = {"mediaType": OCI_MANIFEST, "digest": digest, "size": len(body)}
    if platform is not None:
        entry["platform"] = platform
    index["manifests"].append(entry)
    files["index.json"] = json.dumps(index).encode()
    return files, digest


def write_tar(path: Path, files: Mapping[str, bytes], links: Mapping[str, str] = {}) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in links.items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return path


def write_dir(root: Path, files: Mapping[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_oci_layout_gives_every_platform_and_skips_attestations(tmp_path: Path) -> None:
    images = read_archive(write_tar(tmp_path / "oci.tar", oci_layout()))
    assert [i.platform for i in images] == [Platform("linux", "amd64"), Platform("linux", "arm64")]
    assert all(i.reference == "registry.test/app:1" for i in images)
    assert images[0].base_name == "gate-stub:base" and images[1].base_name is None
    assert images[0].config_digest == _digest(CONFIG)
    assert images[0].digest != images[0].config_digest  # the manifest's digest
    assert _runs(images[0].config) == _runs(json.loads(CONFIG))


def test_oci_layout_directory_reads_like_the_tar(tmp_path: Path) -> None:
    files = oci_layout()
    from_tar = read_archive(write_tar(tmp_path / "oci.tar", files))
    from_dir = read_archive(write_dir(tmp_path / "layout", files))
    assert [(i.digest, i.config_digest) for i in from_dir] == [
        (i.digest, i.config_digest) for i in from_tar
    ]


def test_docker_save_shape_written_by_hand(tmp_path: Path) -> None:
    hexdigest = _digest(CONFIG).split(":")[1]
    manifest = [{"Config": f"{hexdigest}.json", "RepoTags": ["app:1"], "Layers": []}]
    files = {"manifest.json": json.dumps(manifest).encode(), f"{hexdigest}.json": CONFIG}
    [image] = read_archive(write_tar(tmp_path / "save.tar", files))
    assert (image.reference, image.config_digest) == ("app:1", _digest(CONFIG))
    untagged = [{"Config": f"./{hexdigest}.json", "Layers": []}]
    files["manifest.json"] = json.dumps(untagged).encode()
    [image] = read_archive(write_tar(tmp_path / "untagged.tar", files))
    assert image.reference == f"{tmp_path / 'untagged.tar'}@{_digest(CONFIG)}"


def _refused(path: Path) -> str:
    with pytest.raises(ArchiveError) as caught:
        read_archive(path)
    assert isinstance(caught.value, InputError)
    line = str(caught.value)
    assert line.startswith(f"{path}: ") and "\n" not in line
    return line


def test_blob_that_does_not_match_its_digest_is_refused(tmp_path: Path) -> None:
    files = oci_layout()
    config_name = f"blobs/sha256/{_digest(CONFIG).split(':')[1]}"
    files[config_name] = CONFIG.replace(b"uv sync", b"uv SYNC")
    assert "content does not match its digest" in _refused(write_tar(tmp_path / "bad.tar", files))


def test_blob_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    files = oci_layout()
    config_name = f"blobs/sha256/{_digest(CONFIG).split(':')[1]}"
    files[config_name] = CONFIG + b" "
    assert "the descriptor says" in _refused(write_tar(tmp_path / "bad.tar", files))


def test_missing_config_blob_is_refused(tmp_path: Path) -> None:
    files = oci_layout()
    del files[f"blobs/sha256/{_digest(CONFIG).split(':')[1]}"]
    assert "is missing" in _refused(write_tar(tmp_path / "bad.tar", files))


def test_docker_save_config_that_does_not_match_its_name_is_refused(tmp_path: Path) -> None:
    hexdigest = _digest(CONFIG).split(":")[1]
    manifest = [{"Config": f"{hexdigest}.json", "RepoTags": ["app:1"]}]
    files = {"manifest.json": json.dumps(manifest).encode(), f"{hexdigest}.json": CONFIG + b"\n"}
    assert "does not match its digest" in _refused(write_tar(tmp_path / "bad.tar", files))


def test_member_names_that_climb_out_are_refused(tmp_path: Path) -> None:
    files = {f"../{name}": data for name, data in oci_layout().items()}
    assert "climbs out of the archive" in _refused(write_tar(tmp_path / "escape.tar", files))


def test_links_are_followed_inside_the_archive_only(tmp_path: Path) -> None:
    files = oci_layout()
    index = files.pop("index.json")
    files["real/index.json"] = index
    ok = write_tar(tmp_path / "link.tar", files, links={"index.json": "real/index.json"})
    assert len(read_archive(ok)) == 2
    loop = write_tar(tmp_path / "loop.tar", files, links={"index.json": "a", "a": "index.json"})
    assert "links nested deeper" in _refused(loop)
    outside = write_tar(tmp_path / "out.tar", files, links={"index.json": "../../etc/passwd"})
    assert "neither an OCI layout" in _refused(outside)


def test_layout_directory_symlink_out_of_it_is_refused(tmp_path: Path) -> None:
    root = write_dir(tmp_path / "layout", oci_layout())
    (root / "index.json").unlink()
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    os.symlink(secret, root / "index.json")
    assert "points outside the layout directory" in _refused(root)


def test_oversized_index_is_refused(tmp_path: Path) -> None:
    files = {"index.json": b" " * (MAX_INDEX_BYTES + 1)}
    assert "index.json is larger than 4 MiB" in _refused(write_tar(tmp_path / "big.tar", files))


def test_too_many_images_are_refused(tmp_path: Path) -> None:
    files: dict[str, bytes] = {}
    manifests = []
    for i in range(MAX_IMAGES + 1):
        config = json.loads(CONFIG)
        config["created"] = f"2026-01-01T00:00:{i % 60:02d}.{i}Z"
        manifests.append(_manifest(files, json.dumps(config).encode()))
    files["index.json"] = json.dumps({"schemaVersion": 2, "manifests": manifests}).encode()
    assert f"more than {MAX_IMAGES} images" in _refused(write_tar(tmp_path / "many.tar", files))


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "not a tar archive"),
        (b"not a tar at all" * 100, "not a tar archive"),
        (gzip.compress(b"still not a tar" * 100), "not a tar archive"),
    ],
)
def test_not_an_archive_is_one_line(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "input.tar"
    path.write_bytes(content)
    assert why in _refused(path)


def test_truncated_and_absent_archives(tmp_path: Path) -> None:
    whole = write_tar(tmp_path / "whole.tar", oci_layout()).read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole[: len(whole) // 2])
    _refused(cut)
    assert "no such file" in _refused(tmp_path / "absent.tar")
    assert "neither an OCI layout" in _refused(tmp_path)


def test_fifos_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "image.tar"
    os.mkfifo(fifo)
    assert "not a regular file or directory" in _refused(fifo)
    layout = write_dir(tmp_path / "layout", oci_layout())
    (layout / "index.json").unlink()
    os.mkfifo(layout / "index.json")
    assert "index.json is not a regular file" in _refused(layout)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_raise_only_archive_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "fuzz.tar"
        path.write_bytes(data)
        with contextlib.suppress(ArchiveError):
            read_archive(path)


@settings(max_examples=60, deadline=None)
@given(
    index=st.recursive(
        st.none() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
        ),
        max_leaves=12,
    ),
    which=st.sampled_from(["index.json", "manifest.json"]),
)
def test_arbitrary_index_documents_raise_only_archive_errors(index: object, which: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = write_tar(Path(scratch) / "fuzz.tar", {which: json.dumps(index).encode()})
        with contextlib.suppress(ArchiveError):
            read_archive(path)


def test_an_image_only_manifest_json_names_is_judged_beside_the_oci_index() -> None:
    # index.json names a config whose history is `echo hi`; manifest.json, which `docker load`
    # alone reads, names another that runs pip install.
    path = Path(__file__).parent.parent / "data" / "sources" / "archive"
    images = read_archive(path / "index_and_manifest_name_different_images.tar")
    histories = [
        " ".join(str(h.get("created_by", "")) for h in image.config.get("history", []))
        for image in images
    ]
    assert len(images) == 2
    assert any("pip install flask" in h for h in histories)
    assert len({image.config_digest for image in images}) == 2
