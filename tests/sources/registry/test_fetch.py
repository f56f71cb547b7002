"""Image configs through the client from a real docker-registry on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from gate.sources.image_config import BASE_DIGEST, BASE_NAME, ImageConfig
from gate.sources.registry.client import RegistryClient
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.fetch import fetch_configs, fetch_configs_sync
from gate.sources.registry.manifest import (
    DOCKER_MANIFEST,
    OCI_MANIFEST,
    Platform,
)
from gate.sources.registry.options import Credentials
from tests.support.paths import shared
from tests.support.registry import LocalRegistry, sha256

pytestmark = pytest.mark.registry

BUILDKIT = shared("corpus-images", "c-buildkit.json").read_bytes()
LEGACY = shared("corpus-images", "c-legacy.json").read_bytes()
ARM64 = shared("realworld-images", "08-legacy-dockle-apt.json").read_bytes()
REALWORLD = [
    "01-legacy-docker.json",
    "03-buildkit-regclient.json",
    "06-buildah.json",
    "14-legacy-argprefix-fluentd.json",
    "20-buildkit-python-app-pip.json",
    "30-buildkit-runargprefix-pip.json",
]


def _platforms(images: list[ImageConfig]) -> list[str]:
    return [str(image.platform) for image in images]


def _error(ref: str, registry: LocalRegistry, **options: object) -> str:
    with pytest.raises(RegistryError) as raised:
        fetch_configs_sync(ref, options=registry.options(**options))
    message = str(raised.value)
    assert "\n" not in message
    return message


# -- content -----------------------------------------------------------------------------------


def test_schema2_image_gives_its_verified_config(registry: LocalRegistry) -> None:
    digest = registry.push_image("gate/schema2", "bk", BUILDKIT)
    (image,) = fetch_configs_sync(f"{registry.host}/gate/schema2:bk", options=registry.options())
    assert image.config == json.loads(BUILDKIT)
    assert (image.digest, image.config_digest) == (digest, sha256(BUILDKIT))
    assert image.reference == f"{registry.host}/gate/schema2:bk"
    assert image.media_type == DOCKER_MANIFEST
    assert image.platform == Platform("linux", "amd64")
    assert image.index_digest is None


def test_oci_image_carries_its_base_image_annotations(registry: LocalRegistry) -> None:
    base = "sha256:" + "1" * 64
    annotations = {BASE_DIGEST: base, BASE_NAME: "docker.io/library/busybox:1"}
    registry.push_image("gate/oci", "legacy", LEGACY, oci=True, annotations=annotations)
    (image,) = fetch_configs_sync(f"{registry.host}/gate/oci:legacy", options=registry.options())
    assert image.media_type == OCI_MANIFEST
    assert image.config == json.loads(LEGACY)
    assert (image.base_digest, image.base_name) == (base, "docker.io/library/busybox:1")


@pytest.mark.parametrize("name", REALWORLD)
def test_real_world_configs_come_back_byte_for_byte(registry: LocalRegistry, name: str) -> None:
    raw = shared("realworld-images", name).read_bytes()
    registry.push_image("gate/realworld", name.split("-")[0], raw)
    (image,) = fetch_configs_sync(
        f"{registry.host}/gate/realworld:{name.split('-')[0]}", options=registry.options()
    )
    assert image.config_digest == sha256(raw)
    assert image.config == json.loads(raw)


def test_config_platform_is_reported_for_single_manifests(registry: LocalRegistry) -> None:
    registry.push_image(
        "gate/armv6", "t", shared("realworld-images", "03-buildkit-regclient.json").read_bytes()
    )
    (image,) = fetch_configs_sync(f"{registry.host}/gate/armv6:t", options=registry.options())
    assert image.platform == Platform("linux", "arm", "v6")


def test_digest_reference_fetches_without_a_tag(registry: LocalRegistry) -> None:
    digest = registry.push_image("gate/bydigest", "t", LEGACY)
    for ref in (
        f"{registry.host}/gate/bydigest@{digest}",
        f"{registry.host}/gate/bydigest:gone@{digest}",
    ):
        (image,) = fetch_configs_sync(ref, options=registry.options())
        assert image.digest == digest


# -- indexes -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def multi(registry: LocalRegistry) -> tuple[str, str, str, str]:
    """gate/multi:oci (OCI index: amd64, arm64/v8, attestation) and :list (Docker list)."""
    amd64 = registry.push_image("gate/multi", "amd64", BUILDKIT, oci=True)
    arm64 = registry.push_image("gate/multi", "arm64", ARM64, oci=True)
    attestation = registry.push_attestation("gate/multi", amd64)
    index = registry.push_index(
        "gate/multi",
        "oci",
        [
            registry.entry(amd64, "linux/amd64", annotations={BASE_NAME: "from-index"}),
            registry.entry(arm64, "linux/arm64/v8"),
            attestation,
        ],
    )
    d_amd64 = registry.push_image("gate/multi", "d-amd64", BUILDKIT)
    d_arm64 = registry.push_image("gate/multi", "d-arm64", ARM64)
    listing = registry.push_index(
        "gate/multi",
        "list",
        [
            registry.entry(d_amd64, "linux/amd64", oci=False),
            registry.entry(d_arm64, "linux/arm64/v8", oci=False),
        ],
        oci=False,
    )
    return index, amd64, arm64, listing


def test_index_gives_every_platform_and_skips_the_attestation(
    registry: LocalRegistry, multi: tuple[str, str, str, str]
) -> None:
    index, amd64, arm64, _ = multi
    images = fetch_configs_sync(f"{registry.host}/gate/multi:oci", options=registry.options())
    assert _platforms(images) == ["linux/amd64", "linux/arm64/v8"]
    assert [i.digest for i in images] == [amd64, arm64]
    assert [i.index_digest for i in images] == [index, index]
    assert images[0].config == json.loads(BUILDKIT)
    assert images[1].config == json.loads(ARM64)
    assert images[0].base_name == "from-index"  # the index entry's annotations come along


def test_an_entry_that_only_says_it_is_an_attestation_is_judged_by_its_platform(
    registry: LocalRegistry,
) -> None:
    # containerd picks an index entry by platform and never reads the annotation: an amd64
    # entry annotated as an attestation is what an amd64 node runs. A platformless entry is
    # matched by its config's platform, so a real attestation there (unknown/unknown) is not.
    amd64 = registry.push_image("gate/decoy", "amd64", BUILDKIT, oci=True)
    arm64 = registry.push_image("gate/decoy", "arm64", ARM64, oci=True)
    attestation = registry.push_attestation("gate/decoy", arm64)
    annotated = {"vnd.docker.reference.type": "attestation-manifest"}
    registry.push_index(
        "gate/decoy",
        "idx",
        [
            registry.entry(amd64, "linux/amd64", annotations=annotated),
            registry.entry(arm64, "linux/arm64/v8"),
            replace(attestation, platform=None),
        ],
    )
    images = fetch_configs_sync(f"{registry.host}/gate/decoy:idx", options=registry.options())
    assert [i.digest for i in images] == [amd64, arm64]


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux/amd64", ["linux/amd64"]),
        ("linux/arm64", ["linux/arm64/v8"]),
        ("linux/arm64/v8", ["linux/arm64/v8"]),
    ],
)
@pytest.mark.parametrize("tag", ["oci", "list"])
def test_platform_picks_one_image_of_an_index(
    registry: LocalRegistry,
    multi: tuple[str, str, str, str],
    tag: str,
    platform: str,
    expected: list[str],
) -> None:
    images = fetch_configs_sync(
        f"{registry.host}/gate/multi:{tag}", platform=platform, options=registry.options()
    )
    assert _platforms(images) == expected


def test_platform_missing_from_the_index_lists_what_there_is(
    registry: LocalRegistry, multi: tuple[str, str, str, str]
) -> None:
    with pytest.raises(RegistryError) as raised:
        fetch_configs_sync(
            f"{registry.host}/gate/multi:oci", platform="linux/s390x", options=registry.options()
        )
    assert str(raised.value) == (
        f"registry {registry.host}: {registry.host}/gate/multi:oci: no image for platform "
        "linux/s390x (available: linux/amd64, linux/arm64/v8)"
    )


def test_platform_of_a_single_manifest_must_match(registry: LocalRegistry) -> None:
    registry.push_image("gate/single", "t", BUILDKIT)
    with pytest.raises(RegistryError, match=r"the image is for linux/amd64, not linux/arm64$"):
        fetch_configs_sync(
            f"{registry.host}/gate/single:t", platform="linux/arm64", options=registry.options()
        )


def test_artifact_that_is_not_an_image_is_refused(registry: LocalRegistry) -> None:
    registry.push_image(
        "gate/chart",
        "1",
        b"{}",
        oci=True,
        config_media_type="application/vnd.cncf.helm.config.v1+json",
    )
    message = _error(f"{registry.host}/gate/chart:1", registry)
    assert (
        "not a container image (config media type 'application/vnd.cncf.helm.config.v1+json')"
        in message
    )


# -- errors from the real registry ---------------------------------------------------------------


def test_unknown_tag_is_manifest_unknown(registry: LocalRegistry) -> None:
    registry.push_image("gate/known", "t", LEGACY)
    message = _error(f"{registry.host}/gate/known:nope", registry)
    assert message == f"registry {registry.host}: manifest unknown for gate/known:nope (404)"


def test_unknown_digest_names_the_registry_error(registry: LocalRegistry) -> None:
    digest = "sha256:" + "2" * 64
    message = _error(f"{registry.host}/gate/nowhere@{digest}", registry)
    assert message in (
        f"registry {registry.host}: repository unknown for gate/nowhere@{digest} (404)",
        f"registry {registry.host}: manifest unknown for gate/nowhere@{digest} (404)",
    )


def test_config_over_the_cap_is_refused(registry: LocalRegistry) -> None:
    registry.push_image("gate/capped", "t", BUILDKIT)
    message = _error(f"{registry.host}/gate/capped:t", registry, max_config_bytes=512)
    assert message.endswith(f"is {len(BUILDKIT)} bytes, larger than the 512 bytes cap")


def test_an_index_naming_one_large_config_many_times_is_refused_past_the_fetch_budget(
    registry: LocalRegistry,
) -> None:
    # 64 entries of one manifest whose config was 8 MiB: 768 MiB fetched, 900 MB held. Here 40
    # entries of a 2 MiB config pass the 64 MiB budget of one reference; 8 of them do not.
    config = json.loads(BUILDKIT)
    config["config"]["Labels"] = {"pad": "x" * (2 * 1024 * 1024)}
    digest = registry.push_image("gate/wide", "one", json.dumps(config).encode(), oci=True)
    entry = registry.entry(digest, "linux/amd64")
    registry.push_index("gate/wide", "many", [entry] * 40)
    registry.push_index("gate/wide", "few", [entry] * 8)
    message = _error(f"{registry.host}/gate/wide:many", registry)
    assert message == (
        f"registry {registry.host}: {registry.host}/gate/wide:many: its manifests and configs "
        "come to more than 64 MiB"
    )
    few = fetch_configs_sync(f"{registry.host}/gate/wide:few", options=registry.options())
    assert len(few) == 8


def test_untrusted_certificate_fails_verification(registry: LocalRegistry) -> None:
    registry.push_image("gate/tls", "t", LEGACY)
    message = _error(f"{registry.host}/gate/tls:t", registry, ca_bundle=None)
    assert "cannot connect: [SSL: CERTIFICATE_VERIFY_FAILED]" in message


def test_missing_ca_bundle_is_a_clear_error(registry: LocalRegistry, tmp_path: Path) -> None:
    message = _error(f"{registry.host}/gate/tls:t", registry, ca_bundle=tmp_path / "none.pem")
    assert message.startswith(f"CA bundle {tmp_path / 'none.pem'}: cannot load")


def test_a_ca_bundle_that_is_a_fifo_is_a_clear_error_not_a_hang(
    registry: LocalRegistry, tmp_path: Path
) -> None:
    # OpenSSL opened it and waited for a writer without end (hostile round 18).
    os.mkfifo(tmp_path / "ca.pem")
    message = _error(f"{registry.host}/gate/tls:t", registry, ca_bundle=tmp_path / "ca.pem")
    assert message == f"CA bundle {tmp_path / 'ca.pem'}: cannot load: not a regular file"


# -- plain HTTP ----------------------------------------------------------------------------------


def test_plain_http_registry_works_when_marked_insecure(registry_plain: LocalRegistry) -> None:
    digest = registry_plain.push_image("gate/plain", "t", LEGACY)
    (image,) = fetch_configs_sync(
        f"{registry_plain.host}/gate/plain:t", options=registry_plain.options()
    )
    assert image.digest == digest


def test_plain_http_registry_is_not_spoken_to_unless_marked(registry_plain: LocalRegistry) -> None:
    registry_plain.push_image("gate/plain", "t", LEGACY)
    message = _error(f"{registry_plain.host}/gate/plain:t", registry_plain, insecure=frozenset())
    assert "TLS failed; a plain-HTTP registry must be marked insecure" in message


# -- basic auth ----------------------------------------------------------------------------------


def test_basic_auth_registry_with_credentials(registry_basic: LocalRegistry) -> None:
    digest = registry_basic.push_image("gate/basic", "t", BUILDKIT)
    (image,) = fetch_configs_sync(
        f"{registry_basic.host}/gate/basic:t", options=registry_basic.options()
    )
    assert image.digest == digest


def test_basic_auth_registry_without_credentials(registry_basic: LocalRegistry) -> None:
    registry_basic.push_image("gate/basic", "t", BUILDKIT)
    message = _error(f"{registry_basic.host}/gate/basic:t", registry_basic, credentials={})
    assert message == (
        f"registry {registry_basic.host}: unauthorized (401) for manifest gate/basic:t: "
        f"no credentials for {registry_basic.host}"
    )


def test_basic_auth_registry_with_a_wrong_password(registry_basic: LocalRegistry) -> None:
    registry_basic.push_image("gate/basic", "t", BUILDKIT)
    wrong = {registry_basic.host: Credentials(registry_basic.username or "", "wrong")}
    message = _error(f"{registry_basic.host}/gate/basic:t", registry_basic, credentials=wrong)
    assert "unauthorized (401)" in message and message.endswith("check credentials")


def test_basic_credentials_from_the_docker_config_file(
    registry_basic: LocalRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry_basic.push_image("gate/basic", "t", BUILDKIT)
    pair = f"{registry_basic.username}:{registry_basic.password}".encode()
    config = {"auths": {registry_basic.host: {"auth": base64.b64encode(pair).decode()}}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))  # the default path follows DOCKER_CONFIG
    options = registry_basic.options(credentials={}, read_docker_config=True)
    (image,) = fetch_configs_sync(f"{registry_basic.host}/gate/basic:t", options=options)
    assert image.config == json.loads(BUILDKIT)


# -- bearer tokens -------------------------------------------------------------------------------


def test_token_auth_registry_with_credentials(registry_token: LocalRegistry) -> None:
    digest = registry_token.push_image("gate/token", "t", BUILDKIT)
    assert registry_token.token_server is not None
    registry_token.token_server.reset()
    (image,) = fetch_configs_sync(
        f"{registry_token.host}/gate/token:t", options=registry_token.options()
    )
    assert image.digest == digest
    (request,) = registry_token.token_server.requests
    assert request.scopes == ("repository:gate/token:pull",)
    assert request.service == "gate-test-registry"
    assert request.username == registry_token.username


def test_token_is_cached_per_repository_scope(registry_token: LocalRegistry) -> None:
    server = registry_token.token_server
    assert server is not None
    registry_token.push_image("gate/token-a", "t", BUILDKIT)
    registry_token.push_image("gate/token-b", "t", LEGACY)
    server.reset()

    async def fetch_all() -> list[str]:
        async with RegistryClient(registry_token.options()) as client:
            refs = [f"{registry_token.host}/gate/token-{r}:t" for r in "aab"]
            found = []
            for ref in refs:
                (image,) = await fetch_configs(ref, client=client)
                found.append(image.config_digest)
            return found

    assert asyncio.run(fetch_all()) == [sha256(BUILDKIT), sha256(BUILDKIT), sha256(LEGACY)]
    assert [r.scopes for r in server.requests] == [
        ("repository:gate/token-a:pull",),
        ("repository:gate/token-b:pull",),
    ]


def test_one_client_serves_concurrent_fetches(registry_token: LocalRegistry) -> None:
    registry_token.push_image("gate/token-a", "t", BUILDKIT)
    registry_token.push_image("gate/token-b", "t", LEGACY)

    async def fetch_many() -> list[str]:
        async with RegistryClient(registry_token.options()) as client:
            refs = [f"{registry_token.host}/gate/token-{r}:t" for r in "abababab"]
            results = await asyncio.gather(*(fetch_configs(ref, client=client) for ref in refs))
            return [images[0].config_digest for images in results]

    assert asyncio.run(fetch_many()) == [sha256(BUILDKIT), sha256(LEGACY)] * 4


def test_token_auth_registry_without_credentials(registry_token: LocalRegistry) -> None:
    registry_token.push_image("gate/token", "t", BUILDKIT)
    assert registry_token.token_server is not None
    message = _error(f"{registry_token.host}/gate/token:t", registry_token, credentials={})
    port = registry_token.token_server.port
    assert message == (
        f"registry {registry_token.host}: token server 127.0.0.1:{port} "
        "refused anonymous access (401) for repository:gate/token:pull: check credentials"
    )


def test_token_auth_registry_with_wrong_credentials(registry_token: LocalRegistry) -> None:
    registry_token.push_image("gate/token", "t", BUILDKIT)
    wrong = {registry_token.host: Credentials(registry_token.username or "", "wrong")}
    message = _error(f"{registry_token.host}/gate/token:t", registry_token, credentials=wrong)
    assert "refused the credentials (401)" in message
