"""Registry faults against a misbehaving server on 127.0.0.1: one clear error, never a hang."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gate.sources.image_config import ImageConfig
from gate.sources.registry.client import RegistryClient
from gate.sources.registry.errors import RegistryError
from gate.sources.registry.fetch import fetch_configs
from gate.sources.registry.fetch import fetch_configs_sync as _fetch_direct
from gate.sources.registry.manifest import ACCEPT
from gate.sources.registry.options import Credentials, MiB, RegistryOptions
from tests.support.fault_http import FaultServer, Reply, Seen, registry_error, sha256
from tests.support.paths import shared

CONFIG = shared("corpus-images", "c-legacy.json").read_bytes()
REPO = "gate/app"
BASIC = "Basic " + base64.b64encode(b"alice:s3cret").decode()


# Every case runs twice: over httpx's own connections (the CLI's) and over the pinned transport
# the webhook uses (aiohttp, connecting where a Connector says: here always 127.0.0.1).
_VIA = {"pinned": False}


@pytest.fixture(autouse=True, params=["direct", "pinned"])
def _connections(request: pytest.FixtureRequest) -> Iterator[None]:
    _VIA["pinned"] = request.param == "pinned"
    yield
    _VIA["pinned"] = False


async def _loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def fetch_configs_sync(ref: str, *, options: RegistryOptions) -> list[ImageConfig]:
    if not _VIA["pinned"]:
        return _fetch_direct(ref, options=options)

    async def run() -> list[ImageConfig]:
        async with RegistryClient(options, connect=_loopback) as client:
            return await fetch_configs(ref, client=client)

    return asyncio.run(run())


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture
def other() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def _options(*insecure: str, **overrides: Any) -> RegistryOptions:
    settings: dict[str, Any] = {
        "insecure": frozenset(insecure),
        "read_docker_config": False,
        "trust_env": False,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "request_timeout": 5.0,
        "deadline": 10.0,
    }
    settings.update(overrides)
    return RegistryOptions(**settings)


def _error(ref: str, options: RegistryOptions, *, within: float = 4.0) -> str:
    """The one-line message fetch_configs fails with, checked to come quickly."""
    started = time.monotonic()
    with pytest.raises(RegistryError) as raised:
        fetch_configs_sync(ref, options=options)
    assert time.monotonic() - started < within
    message = str(raised.value)
    assert "\n" not in message and message.strip() == message
    return message


def _paths(server: FaultServer) -> list[tuple[str, str]]:
    return [(s.method, s.path) for s in server.requests()]


def _needs_basic(reply: Reply) -> Callable[[Seen], Reply]:
    """A responder that challenges for basic auth unless alice's credentials come along."""

    def respond(seen: Seen) -> Reply:
        if seen.headers.get("authorization") != BASIC:
            return registry_error(
                401,
                "UNAUTHORIZED",
                "authentication required",
                **{"WWW-Authenticate": 'Basic realm="t"'},
            )
        return reply

    return respond


# -- the happy paths the faults are measured against -------------------------------------------


def test_tag_is_resolved_with_head_then_content_fetched_by_digest(server: FaultServer) -> None:
    digest, config_digest = server.serve_image(REPO, "v1", CONFIG)
    (image,) = fetch_configs_sync(f"{server.host}/{REPO}:v1", options=_options(server.host))
    assert (image.digest, image.config_digest) == (digest, config_digest)
    assert image.config == json.loads(CONFIG)
    assert _paths(server) == [
        ("HEAD", f"/v2/{REPO}/manifests/v1"),
        ("GET", f"/v2/{REPO}/manifests/{digest}"),
        ("GET", f"/v2/{REPO}/blobs/{config_digest}"),
    ]
    assert server.requests("HEAD")[0].headers["accept"] == ACCEPT


def test_head_without_digest_falls_back_to_get_by_tag(server: FaultServer) -> None:
    digest, _ = server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/manifests/v1", Reply(200), method="HEAD")
    (image,) = fetch_configs_sync(f"{server.host}/{REPO}:v1", options=_options(server.host))
    assert image.digest == digest
    assert ("GET", f"/v2/{REPO}/manifests/v1") in _paths(server)


def test_digest_reference_skips_the_head(server: FaultServer) -> None:
    digest, _ = server.serve_image(REPO, "v1", CONFIG)
    fetch_configs_sync(f"{server.host}/{REPO}@{digest}", options=_options(server.host))
    assert not server.requests("HEAD")


# -- HTTP status faults --------------------------------------------------------------------------


def test_401_without_credentials(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/manifests/v1", _needs_basic(Reply(200)))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message == (
        f"registry {server.host}: unauthorized (401) for manifest {REPO}:v1: "
        f"no credentials for {server.host}"
    )


def test_401_with_wrong_credentials_is_retried_once(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/manifests/v1", _needs_basic(Reply(200)))
    wrong = {server.host: Credentials("alice", "wrong")}
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host, credentials=wrong))
    assert "unauthorized (401)" in message and "check credentials" in message
    sent = [s.headers.get("authorization") for s in server.requests("HEAD")]
    assert sent[0] is None and sent[1] is not None and sent[1].startswith("Basic ")
    assert len(sent) == 2


def test_basic_credentials_answer_the_challenge(server: FaultServer) -> None:
    digest, config_digest = server.serve_image(REPO, "v1", CONFIG)
    headers = {"Docker-Content-Digest": digest}
    server.route(f"/v2/{REPO}/manifests/v1", _needs_basic(Reply(200, headers=headers)), "HEAD")
    creds = {server.host: Credentials("alice", "s3cret")}
    (image,) = fetch_configs_sync(
        f"{server.host}/{REPO}:v1", options=_options(server.host, credentials=creds)
    )
    assert image.config_digest == config_digest
    # Once the registry asked for basic auth, later requests carry it from the start.
    later = [s for s in server.requests() if s.method == "GET"]
    assert all(s.headers.get("authorization") == BASIC for s in later)


def test_404_names_the_manifest(server: FaultServer) -> None:
    server.route(
        f"/v2/{REPO}/manifests/nope", registry_error(404, "MANIFEST_UNKNOWN", "manifest unknown")
    )
    message = _error(f"{server.host}/{REPO}:nope", _options(server.host))
    assert message == f"registry {server.host}: manifest unknown for {REPO}:nope (404)"


def test_404_of_a_head_without_body_still_says_manifest_unknown(server: FaultServer) -> None:
    server.route(f"/v2/{REPO}/manifests/nope", Reply(404))
    message = _error(f"{server.host}/{REPO}:nope", _options(server.host))
    assert message == f"registry {server.host}: manifest unknown for {REPO}:nope (404)"


def test_500_is_a_server_error(server: FaultServer) -> None:
    server.route(f"/v2/{REPO}/manifests/v1", Reply(500, b"boom"))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message == (
        f"registry {server.host}: server error (500 Internal Server Error) for manifest {REPO}:v1"
    )


def test_429_says_try_again_later(server: FaultServer) -> None:
    server.route(f"/v2/{REPO}/manifests/v1", registry_error(429, "TOOMANYREQUESTS", "slow down"))
    assert "too many requests (429)" in _error(f"{server.host}/{REPO}:v1", _options(server.host))


def test_missing_config_blob_is_blob_unknown(server: FaultServer) -> None:
    _, config_digest = server.serve_image(
        REPO, "v1", CONFIG, blob=registry_error(404, "BLOB_UNKNOWN", "blob unknown to registry")
    )
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message == f"registry {server.host}: blob unknown for {REPO}@{config_digest} (404)"


# -- time ------------------------------------------------------------------------------------------


def test_server_that_never_answers_times_out_quickly(server: FaultServer) -> None:
    server.route(f"/v2/{REPO}/manifests/v1", Reply(hang=True))
    options = _options(server.host, read_timeout=0.5)
    message = _error(f"{server.host}/{REPO}:v1", options, within=3)
    assert message == (
        f"registry {server.host}: manifest {REPO}:v1: timed out after 0.5 s without an answer"
    )


def test_body_that_trickles_forever_hits_the_request_timeout(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(trickle=True))
    options = _options(server.host, request_timeout=0.7)
    message = _error(f"{server.host}/{REPO}:v1", options, within=3)
    assert message.endswith(": timed out after 0.7 s")
    assert "config blob" in message


def test_overall_deadline_bounds_the_whole_fetch(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(trickle=True))
    options = _options(server.host, request_timeout=30, deadline=0.7)
    message = _error(f"{server.host}/{REPO}:v1", options, within=3)
    assert message == f"registry {server.host}: gave up on {server.host}/{REPO}:v1 after 0.7 s"


def test_closed_port_cannot_connect() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    host = f"127.0.0.1:{port}"
    message = _error(f"{host}/{REPO}:v1", _options(host))
    assert message.startswith(f"registry {host}: manifest {REPO}:v1: cannot connect:")


def test_tls_to_a_plain_http_registry_fails_with_a_hint(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG)
    message = _error(f"{server.host}/{REPO}:v1", _options())  # not marked insecure
    assert "cannot connect" in message
    assert "a plain-HTTP registry must be marked insecure" in message
    # The message names the option that marks it, with this registry as its value.
    assert message.endswith(f": --insecure-registry {server.host})")
    assert not server.requests()  # no request went out in clear text


# -- bodies ----------------------------------------------------------------------------------------


def test_truncated_blob_is_reported(server: FaultServer) -> None:
    server.serve_image(
        REPO, "v1", CONFIG, blob=Reply(200, CONFIG[:100], content_length=len(CONFIG))
    )
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert "config blob" in message
    assert "the connection broke mid-answer (truncated or malformed)" in message


def test_blob_announced_over_the_cap_is_refused_unread(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(200, b"", content_length=10 << 30))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message.endswith(": 10737418240 bytes, larger than the 8 MiB cap")


def test_chunked_blob_over_the_cap_is_cut_off_while_streaming(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(200, stream=64 * MiB))
    started = time.monotonic()
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host, max_config_bytes=MiB))
    assert message.endswith(": larger than the 1 MiB cap")
    assert time.monotonic() - started < 2


def test_descriptor_size_over_the_cap_is_refused_before_fetching(server: FaultServer) -> None:
    _, config_digest = server.serve_image(REPO, "v1", CONFIG)
    options = _options(server.host, max_config_bytes=1024)
    message = _error(f"{server.host}/{REPO}:v1", options)
    assert message == (
        f"registry {server.host}: config blob {REPO}@{config_digest} is {len(CONFIG)} bytes, "
        "larger than the 1024 bytes cap"
    )
    assert ("GET", f"/v2/{REPO}/blobs/{config_digest}") not in _paths(server)


def test_config_blob_digest_mismatch(server: FaultServer) -> None:
    tampered = CONFIG.replace(b"UV_NO_BUILD", b"UV_NO_BUIL_")
    assert len(tampered) == len(CONFIG) and tampered != CONFIG
    _, config_digest = server.serve_image(REPO, "v1", CONFIG, blob=Reply(200, tampered))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message == (
        f"registry {server.host}: config blob digest mismatch for {REPO}@{config_digest}: "
        f"content is {sha256(tampered)}"
    )


def test_manifest_digest_mismatch(server: FaultServer) -> None:
    digest, _ = server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/manifests/{digest}", Reply(200, b'{"schemaVersion": 2}'))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message.startswith(f"registry {server.host}: manifest digest mismatch for {REPO}@")


def test_invalid_digest_header_is_refused(server: FaultServer) -> None:
    server.route(
        f"/v2/{REPO}/manifests/v1", Reply(200, headers={"Docker-Content-Digest": "md5:abc"})
    )
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert "unsupported digest algorithm 'md5'" in message


def test_schema1_manifest_is_unsupported(server: FaultServer) -> None:
    body = (Path(__file__).parents[2] / "data/registry/manifests/schema1-signed.json").read_bytes()
    digest = sha256(body)
    server.route(f"/v2/{REPO}/manifests/old", Reply(200, headers={"Docker-Content-Digest": digest}))
    server.route(f"/v2/{REPO}/manifests/{digest}", Reply(200, body))
    message = _error(f"{server.host}/{REPO}:old", _options(server.host))
    assert "Docker schema 1 manifests are not supported" in message


def test_config_that_is_not_json_is_refused(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", b"\xff\xfe not json")
    assert "config blob is not valid JSON" in _error(
        f"{server.host}/{REPO}:v1", _options(server.host)
    )


# -- redirects -------------------------------------------------------------------------------------


def test_redirect_to_another_host_does_not_carry_authorization(
    server: FaultServer, other: FaultServer
) -> None:
    _, config_digest = server.serve_image(REPO, "v1", CONFIG, guard=_needs_basic)
    storage = f"localhost:{other.port}"
    blob_path = f"/v2/{REPO}/blobs/{config_digest}"
    location = f"http://{storage}/bucket/blob?sig=1"
    server.route(blob_path, _needs_basic(Reply(307, headers={"Location": location})))
    other.route("/bucket/blob?sig=1", Reply(200, CONFIG))
    creds = {server.host: Credentials("alice", "s3cret")}
    (image,) = fetch_configs_sync(
        f"{server.host}/{REPO}:v1", options=_options(server.host, storage, credentials=creds)
    )
    assert image.config == json.loads(CONFIG)
    (at_storage,) = other.requests()
    assert "authorization" not in at_storage.headers
    blob_requests = [s for s in server.requests() if s.path == blob_path]
    assert blob_requests[-1].headers.get("authorization") == BASIC


def test_redirect_within_the_registry_keeps_authorization(server: FaultServer) -> None:
    # The manifest is challenged first, so basic auth is known before the blob is asked for.
    _, config_digest = server.serve_image(REPO, "v1", CONFIG, guard=_needs_basic)
    server.route(f"/v2/{REPO}/blobs/{config_digest}", Reply(302, headers={"Location": "/store/1"}))
    server.route("/store/1", _needs_basic(Reply(200, CONFIG)))
    creds = {server.host: Credentials("alice", "s3cret")}
    fetch_configs_sync(f"{server.host}/{REPO}:v1", options=_options(server.host, credentials=creds))
    assert [s.headers.get("authorization") for s in server.requests() if s.path == "/store/1"] == [
        BASIC
    ]


def test_endless_redirects_stop_after_five(server: FaultServer) -> None:
    _, config_digest = server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/blobs/{config_digest}", Reply(302, headers={"Location": "/loop"}))
    server.route("/loop", Reply(302, headers={"Location": "/loop"}))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message.endswith(": more than 5 redirects")
    assert len([s for s in server.requests() if s.path == "/loop"]) == 5


def test_redirect_to_plain_http_of_a_secure_host_is_refused(
    server: FaultServer, other: FaultServer
) -> None:
    _, config_digest = server.serve_image(REPO, "v1", CONFIG)
    location = f"http://localhost:{other.port}/blob"
    server.route(f"/v2/{REPO}/blobs/{config_digest}", Reply(307, headers={"Location": location}))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert message.endswith(
        f": redirect to plain HTTP localhost:{other.port} refused (not an insecure registry)"
    )
    assert not other.requests()


# -- bearer challenges -------------------------------------------------------------------------


def test_plain_http_token_realm_is_refused_unless_insecure(
    server: FaultServer, other: FaultServer
) -> None:
    realm = f"http://localhost:{other.port}/token"
    challenge = f'Bearer realm="{realm}",service="s",scope="repository:{REPO}:pull"'
    server.route(f"/v2/{REPO}/manifests/v1", Reply(401, headers={"WWW-Authenticate": challenge}))
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host))
    assert f"token realm {realm} is plain HTTP" in message
    assert not other.requests()


def test_token_server_refusal_is_reported(server: FaultServer, other: FaultServer) -> None:
    realm = f"http://localhost:{other.port}/token"
    challenge = f'Bearer realm="{realm}",service="s",scope="repository:{REPO}:pull"'
    server.route(f"/v2/{REPO}/manifests/v1", Reply(401, headers={"WWW-Authenticate": challenge}))
    other.route(
        f"/token?scope=repository%3A{REPO.replace('/', '%2F')}%3Apull&service=s", Reply(401)
    )
    options = _options(server.host, f"localhost:{other.port}")
    message = _error(f"{server.host}/{REPO}:v1", options)
    assert message == (
        f"registry {server.host}: token server localhost:{other.port} refused anonymous access "
        f"(401) for repository:{REPO}:pull: check credentials"
    )
    assert len(other.requests()) == 1


def _needs_bearer(token: str) -> Callable[[Reply], Callable[[Seen], Reply]]:
    challenge = 'Bearer realm="https://127.0.0.1:1/token",service="s"'

    def guard(reply: Reply) -> Callable[[Seen], Reply]:
        def respond(seen: Seen) -> Reply:
            if seen.headers.get("authorization") != f"Bearer {token}":
                return Reply(401, headers={"WWW-Authenticate": challenge})
            return reply

        return respond

    return guard


def test_registry_token_from_the_config_is_sent_as_it_is(server: FaultServer) -> None:
    _, config_digest = server.serve_image(REPO, "v1", CONFIG, guard=_needs_bearer("regtok"))
    creds = {server.host: Credentials(registry_token="regtok")}
    (image,) = fetch_configs_sync(
        f"{server.host}/{REPO}:v1", options=_options(server.host, credentials=creds)
    )
    assert image.config_digest == config_digest


def test_token_that_cannot_be_sent_is_a_clear_error(server: FaultServer) -> None:
    server.serve_image(REPO, "v1", CONFIG, guard=_needs_bearer("regtok"))
    creds = {server.host: Credentials(registry_token="t\u00f6ken")}
    message = _error(f"{server.host}/{REPO}:v1", _options(server.host, credentials=creds))
    assert ": cannot send the request: " in message


# -- transient or lasting, and the per-request hook ---------------------------------------------


def _failure(ref: str, options: RegistryOptions) -> RegistryError:
    with pytest.raises(RegistryError) as raised:
        fetch_configs_sync(ref, options=options)
    return raised.value


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


_FAULTS: dict[str, Callable[[FaultServer], RegistryOptions]] = {}


def _fault(name: str) -> Callable[[Callable[[FaultServer], RegistryOptions]], None]:
    def register(setup: Callable[[FaultServer], RegistryOptions]) -> None:
        _FAULTS[name] = setup

    return register


@_fault("503")
def _(server: FaultServer) -> RegistryOptions:
    server.route(f"/v2/{REPO}/manifests/v1", Reply(503, b"down"))
    return _options(server.host)


@_fault("429")
def _(server: FaultServer) -> RegistryOptions:
    server.route(f"/v2/{REPO}/manifests/v1", registry_error(429, "TOOMANYREQUESTS", "slow down"))
    return _options(server.host)


@_fault("hang")
def _(server: FaultServer) -> RegistryOptions:
    server.route(f"/v2/{REPO}/manifests/v1", Reply(hang=True))
    return _options(server.host, read_timeout=0.3)


@_fault("deadline")
def _(server: FaultServer) -> RegistryOptions:
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(trickle=True))
    return _options(server.host, request_timeout=30, deadline=0.5)


@_fault("truncated")
def _(server: FaultServer) -> RegistryOptions:
    short = Reply(200, CONFIG[:100], content_length=len(CONFIG))
    server.serve_image(REPO, "v1", CONFIG, blob=short)
    return _options(server.host)


@_fault("401")
def _(server: FaultServer) -> RegistryOptions:
    server.serve_image(REPO, "v1", CONFIG)
    server.route(f"/v2/{REPO}/manifests/v1", _needs_basic(Reply(200)))
    return _options(server.host)


@_fault("403")
def _(server: FaultServer) -> RegistryOptions:
    server.route(f"/v2/{REPO}/manifests/v1", registry_error(403, "DENIED", "no"))
    return _options(server.host)


@_fault("404 name unknown")
def _(server: FaultServer) -> RegistryOptions:
    # A HEAD answer has no body to name the code: HEAD not allowed, so the GET tells.
    server.route(f"/v2/{REPO}/manifests/v1", Reply(405), "HEAD")
    server.route(f"/v2/{REPO}/manifests/v1", registry_error(404, "NAME_UNKNOWN", "no repo"), "GET")
    return _options(server.host)


@_fault("404 manifest unknown")
def _(server: FaultServer) -> RegistryOptions:
    server.route(f"/v2/{REPO}/manifests/v1", registry_error(404, "MANIFEST_UNKNOWN", "no"))
    return _options(server.host)


@_fault("size cap")
def _(server: FaultServer) -> RegistryOptions:
    server.serve_image(REPO, "v1", CONFIG)
    return _options(server.host, max_config_bytes=1024)


@_fault("digest mismatch")
def _(server: FaultServer) -> RegistryOptions:
    tampered = CONFIG.replace(b"UV_NO_BUILD", b"UV_NO_BUIL_")
    server.serve_image(REPO, "v1", CONFIG, blob=Reply(200, tampered))
    return _options(server.host)


@_fault("tls to plain http")
def _(server: FaultServer) -> RegistryOptions:
    server.serve_image(REPO, "v1", CONFIG)
    return _options()


@pytest.mark.parametrize(
    ("fault", "transient", "access_denied"),
    [
        ("503", True, False),
        ("429", True, False),
        ("hang", True, False),
        ("deadline", True, False),
        ("truncated", True, False),
        ("401", False, True),
        ("403", False, True),
        ("404 name unknown", False, True),
        ("404 manifest unknown", False, False),
        ("size cap", False, False),
        ("digest mismatch", False, False),
        ("tls to plain http", False, False),
    ],
)
def test_registry_errors_say_whether_a_retry_may_help(
    server: FaultServer, fault: str, transient: bool, access_denied: bool
) -> None:
    error = _failure(f"{server.host}/{REPO}:v1", _FAULTS[fault](server))
    assert (error.transient, error.access_denied) == (transient, access_denied), error.message


def test_refused_connection_is_transient() -> None:
    host = f"127.0.0.1:{_closed_port()}"
    error = _failure(f"{host}/{REPO}:v1", _options(host))
    assert "cannot connect" in error.message and error.transient


def test_invalid_reference_is_not_transient() -> None:
    error = _failure("UPPER/Case:bad", _options())
    assert "invalid image reference" in error.message and not error.transient


def test_before_request_hook_sees_every_request_redirects_included(
    server: FaultServer, other: FaultServer
) -> None:

    _, config_digest = server.serve_image(REPO, "v1", CONFIG)
    location = f"http://{other.host}/bucket/blob"
    server.route(f"/v2/{REPO}/blobs/{config_digest}", Reply(307, headers={"Location": location}))
    other.route("/bucket/blob", Reply(200, CONFIG))
    seen: list[tuple[str, str]] = []

    async def hook(method: str, url: httpx.URL) -> None:
        seen.append((method, str(url)))

    async def fetch() -> None:
        options = _options(server.host, other.host)
        async with RegistryClient(options, before_request=hook) as client:
            await fetch_configs(f"{server.host}/{REPO}:v1", client=client)

    asyncio.run(fetch())
    assert [m for m, _ in seen] == ["HEAD", "GET", "GET", "GET"]
    assert seen[-2][1].endswith(f"/blobs/{config_digest}") and seen[-1][1] == location


def test_before_request_hook_can_stop_a_request_from_going_out(server: FaultServer) -> None:

    server.serve_image(REPO, "v1", CONFIG)

    async def refuse(method: str, url: httpx.URL) -> None:
        raise RegistryError(f"refused {url.host}")

    async def fetch() -> None:
        async with RegistryClient(_options(server.host), before_request=refuse) as client:
            await fetch_configs(f"{server.host}/{REPO}:v1", client=client)

    with pytest.raises(RegistryError, match=r"refused 127\.0\.0\.1"):
        asyncio.run(fetch())
    assert not server.requests()


def _by_tag(server: FaultServer) -> str:
    from gate.sources.registry.reference import parse_reference

    async def fetch() -> str:
        async with RegistryClient(_options(server.host)) as client:
            ref = parse_reference(f"{server.host}/{REPO}:v1")
            return (await client.fetch_manifest(ref, by_tag=True)).digest

    return asyncio.run(fetch())


def test_a_manifest_fetched_by_tag_takes_one_get_and_its_verified_digest(
    server: FaultServer,
) -> None:
    digest, _ = server.serve_image(REPO, "v1", CONFIG)
    assert _by_tag(server) == digest
    assert _paths(server) == [("GET", f"/v2/{REPO}/manifests/v1")]


def test_a_manifest_fetched_by_tag_whose_digest_header_lies_is_refused(
    server: FaultServer,
) -> None:
    server.serve_image(REPO, "v1", CONFIG)
    lie = Reply(200, b'{"schemaVersion": 2}', {"Docker-Content-Digest": sha256(b"other")})
    server.route(f"/v2/{REPO}/manifests/v1", lie, "GET")
    with pytest.raises(RegistryError, match="manifest digest mismatch"):
        _by_tag(server)
