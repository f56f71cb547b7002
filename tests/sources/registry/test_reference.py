"""Image references parse and normalise the way Docker does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.sources.registry.errors import RegistryError
from gate.sources.registry.reference import parse_reference

SHA = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("ref", "registry", "repository", "tag", "digest"),
    [
        ("python", "registry-1.docker.io", "library/python", "latest", None),
        ("python:3.12-slim", "registry-1.docker.io", "library/python", "3.12-slim", None),
        ("docker.io/python", "registry-1.docker.io", "library/python", "latest", None),
        ("docker.io/library/python:3", "registry-1.docker.io", "library/python", "3", None),
        ("index.docker.io/x/y", "registry-1.docker.io", "x/y", "latest", None),
        ("bitnami/redis:7", "registry-1.docker.io", "bitnami/redis", "7", None),
        ("localhost/x", "localhost", "x", "latest", None),
        ("localhost:5000/x", "localhost:5000", "x", "latest", None),
        ("localhost:5000/a/b/c:v1", "localhost:5000", "a/b/c", "v1", None),
        ("127.0.0.1:5000/team/app:1.0", "127.0.0.1:5000", "team/app", "1.0", None),
        ("ghcr.io/org/app", "ghcr.io", "org/app", "latest", None),
        ("Registry.Example.COM/app", "registry.example.com", "app", "latest", None),
        ("[::1]:5000/app:t", "[::1]:5000", "app", "t", None),
        (f"python@{SHA}", "registry-1.docker.io", "library/python", None, SHA),
        (f"python:3.12@{SHA}", "registry-1.docker.io", "library/python", "3.12", SHA),
        (f"host:5000/a@{SHA}", "host:5000", "a", None, SHA),
        ("a__b/c-d.e_f:T.1-x", "registry-1.docker.io", "a__b/c-d.e_f", "T.1-x", None),
    ],
)
def test_reference_is_normalised_like_docker(
    ref: str, registry: str, repository: str, tag: str | None, digest: str | None
) -> None:
    parsed = parse_reference(ref)
    assert (parsed.registry, parsed.repository, parsed.tag, parsed.digest) == (
        registry,
        repository,
        tag,
        digest,
    )


def test_bare_name_prints_as_full_docker_hub_reference() -> None:
    assert str(parse_reference("python")) == "registry-1.docker.io/library/python:latest"
    assert parse_reference("python").is_docker_hub


def test_digest_wins_over_tag_for_the_manifest_request() -> None:
    assert parse_reference(f"app:1@{SHA}").manifest_reference == SHA
    assert parse_reference("app:1").manifest_reference == "1"


def test_registry_1_host_is_not_given_a_library_prefix() -> None:
    # As in Docker: only docker.io and index.docker.io mean "Docker Hub name".
    assert parse_reference("registry-1.docker.io/python").repository == "python"


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("", "empty"),
        ("Python", "lowercase"),
        ("ghcr.io/Org/app", "lowercase"),
        ("app:", "invalid tag"),
        ("app:-bad", "invalid tag"),
        ("app:" + "t" * 129, "invalid tag"),
        ("app@sha256:abc", "invalid sha256 digest"),
        ("app@md5:" + "a" * 32, "unsupported digest algorithm"),
        ("app@" + "x", "invalid digest"),
        ("a b", "white space"),
        ("app\n", "white space"),
        ("a//b", "invalid repository name"),
        ("host:5000/", "invalid repository name"),
        ("-host.io/app", "invalid registry host"),
        ("host:99999/app", "invalid port"),
        ("a/" * 200 + "b", "longer than 255"),
        ("x" * 2000, "longer than 1024"),
    ],
)
def test_invalid_reference_is_one_clear_error(ref: str, why: str) -> None:
    with pytest.raises(RegistryError) as raised:
        parse_reference(ref)
    message = str(raised.value)
    assert message.startswith("invalid image reference")
    assert why in message
    assert "\n" not in message


_REF_ALPHABET = "abcxyz019._-/:@AZ [];" + "sha256:" + "0f"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_REF_ALPHABET), max_size=80) | st.text(max_size=40))
def test_any_text_parses_or_fails_with_registry_error(text: str) -> None:
    try:
        parsed = parse_reference(text)
    except RegistryError as exc:
        assert "\n" not in str(exc)
        return
    # A reference the parser accepts prints as one it reads back identically.
    assert parse_reference(str(parsed)) == parsed
