"""Challenges, Docker config credentials (helpers run for real), and the token cache."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.sources.registry.auth import (
    Challenge,
    TokenCache,
    docker_config_credentials,
    host_names,
    parse_challenges,
    parse_token_response,
)
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.options import Credentials
from gate.sources.registry.reference import DOCKER_HUB

DATA = Path(__file__).parents[2] / "data" / "registry"
CONFIGS = DATA / "docker-config"


# -- challenges --------------------------------------------------------------------------------


def test_bearer_challenge_parameters_are_read() -> None:
    header = (
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",'
        'scope="repository:library/python:pull"'
    )
    assert parse_challenges([header]) == (
        Challenge(
            "bearer",
            {
                "realm": "https://auth.docker.io/token",
                "service": "registry.docker.io",
                "scope": "repository:library/python:pull",
            },
        ),
    )


def test_several_challenges_in_one_header_and_across_headers() -> None:
    found = parse_challenges(['Basic realm="a b", Bearer realm="https://t/x"', "Negotiate"])
    assert [c.scheme for c in found] == ["basic", "bearer", "negotiate"]
    assert found[0].params == {"realm": "a b"}
    assert found[1].params == {"realm": "https://t/x"}


def test_challenge_quoting_case_and_spacing() -> None:
    (challenge,) = parse_challenges(
        ['BEARER  Realm = "https://t/x?a=1,b" , error="insufficient_scope", x=tok, q="a\\"b"']
    )
    assert challenge.scheme == "bearer"
    assert challenge.params == {
        "realm": "https://t/x?a=1,b",
        "error": "insufficient_scope",
        "x": "tok",
        "q": 'a"b',
    }


def test_garbage_challenge_does_not_raise() -> None:
    assert parse_challenges(['"unterminated', "=,=,", "\x00\x01"]) == ()
    assert parse_challenges(["Bearer realm=" + "x" * 100_000])[0].params["realm"]


# -- Docker config -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registry", "expected"),
    [
        (DOCKER_HUB, Credentials("hubuser", "hub:pass")),  # the password may hold a colon
        ("registry.example.com", Credentials("alice", "s3cret")),
        ("other.example.com:5000", Credentials("bob", "pw")),  # key with scheme and path
        ("token.example.com", Credentials(identity_token="refresh-me")),
        ("rt.example.com", Credentials(registry_token="bearer-me")),
        ("empty.example.com", None),
        ("unknown.example.com", None),
    ],
)
def test_auths_entries_give_credentials(registry: str, expected: Credentials | None) -> None:
    assert docker_config_credentials(CONFIGS / "auths.json", registry) == expected


def test_exact_hub_key_wins_over_a_lookalike() -> None:
    found = docker_config_credentials(CONFIGS / "hub-lookalike.json", DOCKER_HUB)
    assert found == Credentials("exact", "yes")


def test_missing_config_file_means_no_credentials(tmp_path: Path) -> None:
    assert docker_config_credentials(tmp_path / "absent.json", "registry.example.com") is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("invalid.json", "not valid JSON"),
        ("not-object.json", "not a JSON object"),
        ("bad-auth.json", "invalid auth entry for registry.example.com"),
        ("auth-without-colon.json", "lacks a ':'"),
    ],
)
def test_broken_config_file_is_one_clear_error(name: str, message: str) -> None:
    with pytest.raises(RegistryError) as raised:
        docker_config_credentials(CONFIGS / name, "registry.example.com")
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"docker config {CONFIGS / name}: ")
    assert "\n" not in str(raised.value)


def test_secrets_stay_out_of_repr() -> None:
    text = repr(Credentials("alice", "s3cret", "idtok", "regtok"))
    assert "alice" in text
    assert not any(secret in text for secret in ("s3cret", "idtok", "regtok"))


def test_hub_host_names_cover_every_spelling() -> None:
    names = host_names(DOCKER_HUB)
    assert host_names("https://index.docker.io/v1/") == names
    assert host_names("docker.io") == names
    assert host_names("localhost:5000") == ("localhost:5000",)


@pytest.fixture
def helpers_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test credential helpers, executable, first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for helper in (DATA / "helpers").iterdir():
        target = bin_dir / helper.name
        shutil.copy(helper, target)
        target.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return bin_dir


def test_cred_helper_answers_with_an_identity_token(helpers_on_path: Path) -> None:
    found = docker_config_credentials(CONFIGS / "helpers.json", "helper.example:5000")
    assert found == Credentials(identity_token="refresh-token-1")


def test_creds_store_answers_for_docker_hub(helpers_on_path: Path) -> None:
    found = docker_config_credentials(CONFIGS / "store-only.json", DOCKER_HUB)
    assert found == Credentials("hubhelper", "hubsecret")


def test_failing_helper_falls_back_to_auths(helpers_on_path: Path) -> None:
    found = docker_config_credentials(CONFIGS / "helpers.json", "registry.example.com")
    assert found == Credentials("fromauths", "pw")


def test_helper_that_never_answers_is_given_up_quickly(helpers_on_path: Path) -> None:
    started = time.monotonic()
    found = docker_config_credentials(
        CONFIGS / "helpers.json", "slow.example.com", helper_timeout=0.5
    )
    assert found is None
    assert time.monotonic() - started < 5


def test_helper_not_installed_is_ignored_without_error(helpers_on_path: Path) -> None:
    assert docker_config_credentials(CONFIGS / "helpers.json", "gone.example.com") is None
    found = docker_config_credentials(CONFIGS / "missing-helper.json", "registry.example.com")
    assert found == Credentials("alice", "s3cret")


# -- tokens ------------------------------------------------------------------------------------


def test_token_answer_defaults_to_sixty_seconds() -> None:
    assert parse_token_response(b'{"token": "abc"}') == ("abc", 60.0)
    assert parse_token_response(b'{"access_token": "abc", "expires_in": 3600}') == ("abc", 3600.0)
    assert parse_token_response(b'{"token": "abc", "expires_in": 5}') == ("abc", 60.0)


@pytest.mark.parametrize(
    "body", [b"[]", b"{}", b'{"token": ""}', b'{"token": "a b"}', b"not json", b"[" * 100_000]
)
def test_unusable_token_answer_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_token_response(body)


def test_token_cache_keeps_tokens_per_registry_and_scope_until_near_expiry() -> None:
    now = [1000.0]
    cache = TokenCache(clock=lambda: now[0])
    cache.put("r1", "repository:a:pull", "tok-a", 300)
    cache.put("r2", "repository:a:pull", "tok-b", 300)
    assert cache.get("r1", "repository:a:pull") == "tok-a"
    assert cache.get("r2", "repository:a:pull") == "tok-b"
    assert cache.get("r1", "repository:b:pull") is None
    now[0] += 269  # 300 s minus a 30 s margin
    assert cache.get("r1", "repository:a:pull") == "tok-a"
    now[0] += 2
    assert cache.get("r1", "repository:a:pull") is None


def test_token_cache_stays_bounded() -> None:
    cache = TokenCache(max_entries=3)
    for i in range(10):
        cache.put("r", f"repository:{i}:pull", f"t{i}", 300)
    assert [cache.get("r", f"repository:{i}:pull") for i in range(10)].count(None) == 7
    assert cache.get("r", "repository:9:pull") == "t9"



def test_token_cache_does_not_keep_a_token_larger_than_real_ones() -> None:
    # A token server picks its tokens' size (up to the 1 MiB answer cap): 256 images of one
    # registry answered with 1 MiB tokens valid for a day held 400 MB of the webhook for good.
    cache = TokenCache()
    cache.put("r", "repository:a:pull", "t" * (1024 * 1024), 86400)
    assert cache.get("r", "repository:a:pull") is None
    cache.put("r", "repository:a:pull", "t" * 2000, 86400)
    assert cache.get("r", "repository:a:pull") == "t" * 2000


def test_token_cache_is_bounded_in_bytes_dropping_the_oldest() -> None:
    cache = TokenCache()
    token = "t" * (15 * 1024)
    for i in range(100):  # 1.5 MiB of tokens, under the entry cap
        cache.put("r", f"repository:{i}:pull", token, 86400)
    kept = [i for i in range(100) if cache.get("r", f"repository:{i}:pull") is not None]
    assert len(kept) * len(token) <= 1024 * 1024 and kept == list(range(100 - len(kept), 100))
    assert len(kept) >= 60

@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from('Bearer realm="x\\,= \t'), max_size=60)
        | st.text(max_size=30),
        max_size=3,
    )
)
def test_any_header_parses_without_raising(headers: list[str]) -> None:
    for challenge in parse_challenges(headers):
        assert challenge.scheme == challenge.scheme.lower()
