"""Manifest parsing, platform matching and attestation skipping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.sources.registry.errors import RegistryError
from gate.sources.registry.manifest import (
    ACCEPT,
    DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST,
    OCI_INDEX,
    OCI_MANIFEST,
    ImageIndex,
    ImageManifest,
    Platform,
    config_platform,
    is_attestation,
    parse_manifest,
    select_manifests,
)

MANIFESTS = Path(__file__).parents[2] / "data" / "registry" / "manifests"


def _parse(name: str, content_type: str | None = None) -> ImageManifest | ImageIndex:
    return parse_manifest((MANIFESTS / name).read_bytes(), content_type, "test")


def _index(name: str) -> ImageIndex:
    parsed = _parse(name)
    assert isinstance(parsed, ImageIndex)
    return parsed


def test_accept_header_names_every_supported_manifest_type() -> None:
    for media_type in (OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST):
        assert media_type in ACCEPT


def test_docker_schema2_manifest_gives_its_config_descriptor() -> None:
    parsed = _parse("docker-manifest.json")
    assert isinstance(parsed, ImageManifest)
    assert parsed.media_type == DOCKER_MANIFEST
    assert parsed.config.media_type == "application/vnd.docker.container.image.v1+json"
    assert parsed.config.size == 7023


def test_oci_manifest_without_media_type_is_recognised_with_its_annotations() -> None:
    parsed = _parse("oci-manifest-no-media-type.json")
    assert isinstance(parsed, ImageManifest)
    assert parsed.media_type == OCI_MANIFEST
    assert parsed.annotations["org.opencontainers.image.base.name"].endswith("python:3.12-slim")


def test_content_type_decides_when_the_document_does_not_say() -> None:
    body = b'{"schemaVersion": 2, "manifests": []}'
    assert parse_manifest(body, f"{DOCKER_MANIFEST_LIST}; charset=utf-8", "t").media_type == (
        DOCKER_MANIFEST_LIST
    )
    assert parse_manifest(body, None, "t").media_type == OCI_INDEX


def test_schema1_manifest_is_refused_clearly() -> None:
    with pytest.raises(RegistryError, match="schema 1 manifests are not supported"):
        _parse("schema1-signed.json", "application/vnd.docker.distribution.manifest.v1+prettyjws")
    with pytest.raises(RegistryError, match="schema 1"):
        _parse("schema1-signed.json", "application/json")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{", "not valid JSON"),
        (b"[" * 10_000, "nested too deeply"),
        (b"[]", "not a JSON object"),
        (b'{"mediaType": "text/html"}', "unsupported manifest media type"),
        (b'{"mediaType": "' + OCI_INDEX.encode() + b'", "manifests": 3}', "no manifests list"),
        (b'{"mediaType": "' + OCI_MANIFEST.encode() + b'"}', "descriptor is not an object"),
        (b'{"config": {"mediaType": "x", "digest": "sha256:1", "size": 1}}', "invalid sha256"),
        (b'{"config": {"digest": "x"}, "annotations": {"a": 1}}', "map strings to strings"),
    ],
)
def test_malformed_manifest_is_one_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(RegistryError) as raised:
        parse_manifest(body, None, "registry r: repo:tag")
    assert message in str(raised.value)
    assert str(raised.value).startswith("registry r: repo:tag: ")


def test_negative_descriptor_size_is_refused() -> None:
    with pytest.raises(RegistryError, match="no valid size"):
        _parse("bad-descriptor.json")


def test_artifact_manifest_is_not_taken_for_an_image() -> None:
    with pytest.raises(RegistryError, match="unsupported manifest media type"):
        _parse("artifact-manifest.json")


def test_every_platform_is_judged_and_attestations_are_skipped_by_platform() -> None:
    index = _index("oci-index-attestation.json")
    assert len(index.manifests) == 5
    chosen = select_manifests(index, None)
    # The last entry says it is an attestation but names no platform: containerd matches it by
    # its config's platform, so it is read (and skipped there when that is unknown/unknown).
    assert [str(d.platform) for d in chosen] == [
        "linux/amd64", "linux/arm64/v8", "linux/arm/v7", "None"
    ]
    assert sum(is_attestation(d) for d in index.manifests) == 1


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("linux/amd64", ["linux/amd64"]),
        ("linux/arm64", ["linux/arm64/v8"]),
        ("linux/arm64/v8", ["linux/arm64/v8"]),
        ("linux/aarch64", ["linux/arm64/v8"]),
        ("linux/arm", ["linux/arm/v7"]),
        ("linux/arm/v6", []),
        ("windows/amd64", []),
        ("unknown/unknown", []),
    ],
)
def test_platform_selection(wanted: str, found: list[str]) -> None:
    chosen = select_manifests(_index("oci-index-attestation.json"), Platform.parse(wanted))
    assert [str(d.platform) for d in chosen] == found


def test_windows_entry_of_a_manifest_list_is_told_apart() -> None:
    index = _index("docker-manifest-list.json")
    chosen = select_manifests(index, Platform.parse("windows/amd64"))
    assert [str(d.platform) for d in chosen] == ["windows/amd64"]


@pytest.mark.parametrize("text", ["linux", "linux/", "/amd64", "a/b/c/d", ""])
def test_invalid_platform_text_is_refused(text: str) -> None:
    with pytest.raises(RegistryError, match="invalid platform"):
        Platform.parse(text)


def test_config_declares_its_platform() -> None:
    config = {"os": "linux", "architecture": "arm", "variant": "v6"}
    assert config_platform(config) == Platform("linux", "arm", "v6")
    assert config_platform({"os": "linux"}) is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_KEYS = st.sampled_from(
    [
        "mediaType",
        "schemaVersion",
        "config",
        "manifests",
        "annotations",
        "digest",
        "size",
        "platform",
    ]
)
_SHAPED = st.dictionaries(
    _KEYS, _JSON | st.sampled_from([OCI_INDEX, OCI_MANIFEST, 1, 2]), max_size=5
)


@settings(max_examples=300, deadline=None)
@given(_SHAPED | _JSON)
def test_any_json_document_parses_or_fails_with_registry_error(document: object) -> None:
    try:
        parse_manifest(json.dumps(document).encode(), None, "t")
    except RegistryError as exc:
        assert "\n" not in str(exc)
