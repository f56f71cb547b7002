"""A real local registry for the suite: Debian's ``docker-registry`` on 127.0.0.1.

pytest plugin (register with ``pytest_plugins = ["tests.support.registry"]``). Session fixtures:
- ``registry_pki``: a generated CA (``ca.crt``) and a server certificate for 127.0.0.1/localhost;
- ``registry``: TLS, anonymous;  ``registry_basic``: TLS + htpasswd basic auth;
- ``registry_token``: TLS + bearer tokens from a token server in this module (real JWTs signed
  with the openssl CLI, verified by the registry);  ``registry_plain``: plain HTTP, anonymous.
Each yields a ``LocalRegistry`` with ``host``, ``url``, ``ca_path``, the credentials, and push
helpers (``push_image``, ``push_index``, ``push_blob``, ``push_manifest``) that speak the
registry HTTP API directly. Missing tools make the fixtures fail loudly, never skip.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import ssl
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest

from gate.sources.registry.options import Credentials, RegistryOptions
from tests.support.json_http import JsonHandler

REGISTRY_BINARY = os.environ.get("GATE_DOCKER_REGISTRY", "/usr/bin/docker-registry")
SERVICE = "gate-test-registry"
ISSUER = "gate-test-token-issuer"
USERNAME = "gate-tester"

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
IN_TOTO = "application/vnd.in-toto+json"

AuthMode = Literal["none", "basic", "token"]


def _need(tool: str) -> str:
    path = shutil.which(tool) if "/" not in tool else (tool if os.access(tool, os.X_OK) else None)
    if path is None:
        pytest.fail(f"{tool} is not installed (scripts/test.sh installs it)", pytrace=False)
    return path


def _run(*argv: str, cwd: Path, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# Certificates (openssl CLI).


@dataclass(frozen=True)
class Pki:
    """A test CA, a TLS server certificate signed by it, and a token-signing certificate."""

    directory: Path
    ca_cert: Path
    server_cert: Path
    server_key: Path
    token_cert: Path
    token_key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.server_cert, self.server_key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_cert))


def make_pki(directory: Path) -> Pki:
    """Generate the CA and certificates with the openssl CLI."""
    openssl = _need("openssl")
    directory.mkdir(parents=True, exist_ok=True)
    _run(
        openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3",
        "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=gate test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=directory,
    )  # fmt: skip
    leaf_ext = (
        "basicConstraints=CA:FALSE\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
    )
    (directory / "server.ext").write_text(
        leaf_ext + "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
    )
    (directory / "token.ext").write_text(leaf_ext + "keyUsage=critical,digitalSignature\n")
    for name, subject in (("server", "/CN=127.0.0.1"), ("token", "/CN=gate test token signer")):
        _run(
            openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
            "-out", f"{name}.csr", "-subj", subject,
            cwd=directory,
        )  # fmt: skip
        _run(
            openssl, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "3", "-out", f"{name}.crt", "-extfile", f"{name}.ext",
            cwd=directory,
        )  # fmt: skip
    return Pki(
        directory,
        directory / "ca.crt",
        directory / "server.crt",
        directory / "server.key",
        directory / "token.crt",
        directory / "token.key",
    )


# ---------------------------------------------------------------------------------------------
# Token server: the Docker token protocol, JWTs signed RS256 with the openssl CLI.


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class TokenRequest:
    scopes: tuple[str, ...]
    service: str | None
    username: str | None  # None: anonymous


class TokenServer:
    """Issues registry bearer tokens on https://127.0.0.1:PORT/token for one user."""

    def __init__(self, pki: Pki, username: str, password: str, *, expires_in: int = 300) -> None:
        self.pki = pki
        self.username = username
        self.password = password
        self.expires_in = expires_in
        self.requests: list[TokenRequest] = []
        self._lock = threading.Lock()
        der = _run(
            _need("openssl"), "x509", "-in", str(pki.token_cert), "-outform", "DER",
            cwd=pki.directory,
        )  # fmt: skip
        self._x5c = base64.b64encode(der).decode("ascii")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # The handshake in each connection's own thread, under a timeout: done in accept(), one
        # client that never finished it held the serving thread, and shutdown() waited forever.
        self._server.RequestHandlerClass.timeout = 10
        self._server.socket = pki.server_context().wrap_socket(
            self._server.socket, server_side=True, do_handshake_on_connect=False
        )
        self.port = self._server.server_address[1]
        self.realm = f"https://127.0.0.1:{self.port}/token"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def sign(self, claims: Mapping[str, Any]) -> str:
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self._x5c]}
        signing_input = (
            f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}"
        )
        signature = _run(
            _need("openssl"), "dgst", "-sha256", "-sign", str(self.pki.token_key),
            cwd=self.pki.directory, stdin=signing_input.encode(),
        )  # fmt: skip
        return f"{signing_input}.{_b64url(signature)}"

    def _grant(self, scopes: Sequence[str], user: str) -> list[dict[str, Any]]:
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind == "repository" and name:
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        return access

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                scopes = tuple(s for value in query.get("scope", []) for s in value.split(" "))
                user = None
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    name, _, secret = base64.b64decode(header[6:]).decode().partition(":")
                    if (name, secret) != (server.username, server.password):
                        self._send(401, {"details": "wrong credentials"})
                        return
                    user = name
                with server._lock:
                    server.requests.append(
                        TokenRequest(scopes, query.get("service", [None])[0], user)
                    )
                if url.path != "/token" or user is None:
                    self._send(401, {"details": "credentials required"})
                    return
                now = int(time.time())
                token = server.sign(
                    {
                        "iss": ISSUER,
                        "sub": user,
                        "aud": SERVICE,
                        "exp": now + server.expires_in,
                        "nbf": now - 10,
                        "iat": now,
                        "jti": secrets.token_hex(8),
                        "access": server._grant(scopes, user),
                    }
                )
                self._send(200, {"token": token, "expires_in": server.expires_in})

        return Handler


# ---------------------------------------------------------------------------------------------
# The registry process and the push helpers.


@dataclass(frozen=True)
class IndexEntry:
    """One manifest of an index: what push_image returned, with its platform."""

    digest: str
    size: int
    media_type: str
    platform: Mapping[str, str] | None = None
    annotations: Mapping[str, str] | None = None


@dataclass
class LocalRegistry:
    """A running docker-registry and what a test needs to use it."""

    host: str  # "127.0.0.1:PORT"
    url: str  # "https://127.0.0.1:PORT" (http:// for the plain variant)
    ca_path: Path
    auth: AuthMode
    tls: bool
    username: str | None = None
    password: str | None = None
    token_server: TokenServer | None = None
    log_path: Path | None = None
    _pushed: dict[str, int] = field(default_factory=dict)

    # -- what a client needs -------------------------------------------------------------------

    def credentials(self) -> Credentials | None:
        if self.username is None or self.password is None:
            return None
        return Credentials(self.username, self.password)

    def options(self, **overrides: Any) -> RegistryOptions:
        """RegistryOptions that trust this registry (CA, insecure for plain HTTP, credentials)."""
        creds = self.credentials()
        settings: dict[str, Any] = {
            "ca_bundle": self.ca_path,
            "insecure": frozenset() if self.tls else frozenset({self.host}),
            "credentials": {self.host: creds} if creds else {},
            "read_docker_config": False,
            "trust_env": False,
        }
        settings.update(overrides)
        return RegistryOptions(**settings)

    # -- pushing -------------------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=str(self.ca_path)) if self.tls else True
        )
        return httpx.Client(base_url=self.url, verify=verify, timeout=30, trust_env=False)

    def _auth(self, client: httpx.Client, repo: str) -> dict[str, str]:
        if self.auth == "basic":
            assert self.username and self.password
            pair = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            return {"Authorization": f"Basic {pair}"}
        if self.auth == "token":
            assert self.token_server and self.username and self.password
            answer = client.get(
                self.token_server.realm,
                params={"service": SERVICE, "scope": f"repository:{repo}:pull,push"},
                auth=(self.username, self.password),
            )
            answer.raise_for_status()
            return {"Authorization": f"Bearer {answer.json()['token']}"}
        return {}

    def push_blob(self, repo: str, data: bytes) -> str:
        """Upload `data` as a blob of `repo`; its digest."""
        digest = sha256(data)
        with self._client() as client:
            headers = self._auth(client, repo)
            if client.head(f"/v2/{repo}/blobs/{digest}", headers=headers).status_code == 200:
                return digest
            start = client.post(f"/v2/{repo}/blobs/uploads/", headers=headers)
            if start.status_code != 202:
                raise RuntimeError(f"blob upload start: {start.status_code} {start.text}")
            location = httpx.URL(self.url).join(start.headers["Location"])
            done = client.put(
                location.copy_merge_params({"digest": digest}),
                headers={**headers, "Content-Type": "application/octet-stream"},
                content=data,
            )
            if done.status_code != 201:
                raise RuntimeError(f"blob upload: {done.status_code} {done.text}")
        return digest

    def push_manifest(self, repo: str, reference: str, body: bytes, media_type: str) -> str:
        """PUT a manifest under a tag (or its digest); its digest."""
        with self._client() as client:
            headers = {**self._auth(client, repo), "Content-Type": media_type}
            answer = client.put(f"/v2/{repo}/manifests/{reference}", headers=headers, content=body)
            if answer.status_code != 201:
                raise RuntimeError(f"manifest push: {answer.status_code} {answer.text}")
        digest = sha256(body)
        self._pushed[digest] = len(body)
        return digest

    def manifest_exists(self, repo: str, reference: str) -> bool:
        """Whether the registry holds a manifest for `repo` under a tag or digest."""
        with self._client() as client:
            accept = ", ".join((DOCKER_MANIFEST, OCI_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX))
            headers = {**self._auth(client, repo), "Accept": accept}
            answer = client.head(f"/v2/{repo}/manifests/{reference}", headers=headers)
            return answer.status_code == 200

    def push_image(
        self,
        repo: str,
        tag: str,
        config_json: bytes | str | Mapping[str, Any],
        *,
        oci: bool = False,
        layers: Sequence[bytes] = (b"gate test layer\n",),
        annotations: Mapping[str, str] | None = None,
        config_media_type: str | None = None,
    ) -> str:
        """Push config, layers and a schema-2 (or OCI) manifest under `tag`; the manifest digest."""
        if isinstance(config_json, Mapping):
            config_bytes = json.dumps(config_json).encode()
        elif isinstance(config_json, str):
            config_bytes = config_json.encode()
        else:
            config_bytes = config_json
        config_digest = self.push_blob(repo, config_bytes)
        layer_type = OCI_LAYER if oci else DOCKER_LAYER
        manifest: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST if oci else DOCKER_MANIFEST,
            "config": {
                "mediaType": config_media_type or (OCI_CONFIG if oci else DOCKER_CONFIG),
                "digest": config_digest,
                "size": len(config_bytes),
            },
            "layers": [
                {"mediaType": layer_type, "digest": self.push_blob(repo, layer), "size": len(layer)}
                for layer in layers
            ],
        }
        if annotations:
            manifest["annotations"] = dict(annotations)
        body = json.dumps(manifest, indent=3).encode()
        return self.push_manifest(repo, tag, body, manifest["mediaType"])

    def entry(
        self,
        digest: str,
        platform: str | None,
        *,
        oci: bool = True,
        annotations: Mapping[str, str] | None = None,
    ) -> IndexEntry:
        """An index entry for a manifest pushed earlier, ``platform`` as ``os/arch[/variant]``."""
        parsed = None
        if platform is not None:
            parts = platform.split("/")
            parsed = {"os": parts[0], "architecture": parts[1]}
            if len(parts) > 2:
                parsed["variant"] = parts[2]
        media_type = OCI_MANIFEST if oci else DOCKER_MANIFEST
        return IndexEntry(digest, self._pushed[digest], media_type, parsed, annotations)

    def push_attestation(self, repo: str, image_digest: str) -> IndexEntry:
        """Push a BuildKit-style attestation manifest for `image_digest`; its index entry."""
        config = {"architecture": "unknown", "os": "unknown", "config": {}, "rootfs": {}}
        statement = json.dumps({"_type": "https://in-toto.io/Statement/v0.1"}).encode()
        config_bytes = json.dumps(config).encode()
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {
                "mediaType": OCI_CONFIG,
                "digest": self.push_blob(repo, config_bytes),
                "size": len(config_bytes),
            },
            "layers": [
                {
                    "mediaType": IN_TOTO,
                    "digest": self.push_blob(repo, statement),
                    "size": len(statement),
                    "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"},
                }
            ],
        }
        body = json.dumps(manifest).encode()
        digest = self.push_manifest(repo, sha256(body), body, OCI_MANIFEST)
        return IndexEntry(
            digest,
            len(body),
            OCI_MANIFEST,
            {"os": "unknown", "architecture": "unknown"},
            {
                "vnd.docker.reference.digest": image_digest,
                "vnd.docker.reference.type": "attestation-manifest",
            },
        )

    def push_index(
        self,
        repo: str,
        tag: str,
        entries: Sequence[IndexEntry],
        *,
        oci: bool = True,
        annotations: Mapping[str, str] | None = None,
    ) -> str:
        """Push an OCI index (or Docker manifest list) of `entries` under `tag`; its digest."""
        manifests = []
        for e in entries:
            item: dict[str, Any] = {"mediaType": e.media_type, "digest": e.digest, "size": e.size}
            if e.platform is not None:
                item["platform"] = dict(e.platform)
            if e.annotations:
                item["annotations"] = dict(e.annotations)
            manifests.append(item)
        media_type = OCI_INDEX if oci else DOCKER_MANIFEST_LIST
        index: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "manifests": manifests,
        }
        if annotations:
            index["annotations"] = dict(annotations)
        return self.push_manifest(repo, tag, json.dumps(index).encode(), media_type)


def _config_yaml(
    data_dir: Path, pki: Pki, auth: AuthMode, tls: bool, extra: Mapping[str, str]
) -> str:
    lines = [
        "version: 0.1",
        "log:",
        "  level: info",
        "  formatter: text",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {data_dir}",
        "  delete:",
        "    enabled: true",
        "http:",
        "  addr: 127.0.0.1:0",
        f"  secret: {secrets.token_hex(16)}",
    ]
    if tls:
        lines += ["  tls:", f"    certificate: {pki.server_cert}", f"    key: {pki.server_key}"]
    if auth == "basic":
        lines += ["auth:", "  htpasswd:", "    realm: gate-test", f"    path: {extra['htpasswd']}"]
    elif auth == "token":
        lines += [
            "auth:",
            "  token:",
            f"    realm: {extra['realm']}",
            f"    service: {SERVICE}",
            f"    issuer: {ISSUER}",
            f"    rootcertbundle: {pki.ca_cert}",
        ]
    return "\n".join(lines) + "\n"


@contextmanager
def start_registry(
    workdir: Path, pki: Pki, *, auth: AuthMode = "none", tls: bool = True
) -> Iterator[LocalRegistry]:
    """Run docker-registry on 127.0.0.1 (free port) until the block ends."""
    binary = _need(REGISTRY_BINARY)
    workdir.mkdir(parents=True, exist_ok=True)
    username = password = None
    extra: dict[str, str] = {}
    token_server = None
    if auth != "none":
        username, password = USERNAME, secrets.token_urlsafe(12)
    if auth == "basic":
        assert password is not None
        line = _run(_need("htpasswd"), "-nbB", USERNAME, password, cwd=workdir).strip()
        (workdir / "htpasswd").write_bytes(line + b"\n")
        extra["htpasswd"] = str(workdir / "htpasswd")
    if auth == "token":
        assert username is not None and password is not None
        token_server = TokenServer(pki, username, password)
        token_server.start()
        extra["realm"] = token_server.realm
    config = workdir / "config.yml"
    config.write_text(_config_yaml(workdir / "data", pki, auth, tls, extra))
    log_path = workdir / "registry.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [binary, "serve", str(config)], stdout=log, stderr=subprocess.STDOUT, cwd=workdir
        )
    try:
        host = _wait_listening(process, log_path)
        scheme = "https" if tls else "http"
        registry = LocalRegistry(
            host=host,
            url=f"{scheme}://{host}",
            ca_path=pki.ca_cert,
            auth=auth,
            tls=tls,
            username=username,
            password=password,
            token_server=token_server,
            log_path=log_path,
        )
        _wait_ready(registry, process, log_path)
        yield registry
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if token_server is not None:
            token_server.stop()


_LISTENING = re.compile(rb"msg=\"listening on (127\.0\.0\.1:\d+)")


def _wait_listening(process: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        match = _LISTENING.search(log_path.read_bytes())
        if match:
            return match.group(1).decode()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(f"docker-registry did not start:\n{log_path.read_text(errors='replace')}")


def _wait_ready(registry: LocalRegistry, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    with registry._client() as client:
        while time.monotonic() < deadline:
            try:
                if client.get("/v2/").status_code in (200, 401):
                    return
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                break
            time.sleep(0.05)
    raise RuntimeError(f"docker-registry does not answer:\n{log.read_text(errors='replace')}")


# ---------------------------------------------------------------------------------------------
# Fixtures.


@pytest.fixture(scope="session")
def registry_pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """The suite's test CA and certificates."""
    return make_pki(tmp_path_factory.mktemp("registry-pki"))


@pytest.fixture(scope="session")
def registry(
    tmp_path_factory: pytest.TempPathFactory, registry_pki: Pki
) -> Iterator[LocalRegistry]:
    """docker-registry over TLS (the suite's CA), anonymous access."""
    with start_registry(tmp_path_factory.mktemp("registry"), registry_pki) as running:
        yield running


@pytest.fixture(scope="session")
def registry_basic(
    tmp_path_factory: pytest.TempPathFactory, registry_pki: Pki
) -> Iterator[LocalRegistry]:
    """docker-registry over TLS with htpasswd basic auth (``username``/``password``)."""
    workdir = tmp_path_factory.mktemp("registry-basic")
    with start_registry(workdir, registry_pki, auth="basic") as running:
        yield running


@pytest.fixture(scope="session")
def registry_token(
    tmp_path_factory: pytest.TempPathFactory, registry_pki: Pki
) -> Iterator[LocalRegistry]:
    """docker-registry over TLS with bearer-token auth; ``token_server`` records requests."""
    workdir = tmp_path_factory.mktemp("registry-token")
    with start_registry(workdir, registry_pki, auth="token") as running:
        yield running


@pytest.fixture(scope="session")
def registry_plain(
    tmp_path_factory: pytest.TempPathFactory, registry_pki: Pki
) -> Iterator[LocalRegistry]:
    """docker-registry over plain HTTP, anonymous access (an "insecure" registry)."""
    workdir = tmp_path_factory.mktemp("registry-plain")
    with start_registry(workdir, registry_pki, tls=False) as running:
        yield running
