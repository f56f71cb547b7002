"""Authentication pieces: WWW-Authenticate challenges, credentials from Docker's config file and
credential helpers, and the bearer token cache. The HTTP exchanges live in client.py.

Docker's own pieces come from the Docker SDK: ``docker.auth.decode_auth`` reads an ``auth`` entry
and ``docker.credentials.Store`` speaks the credential-helper protocol. What the SDK does not do
is kept here: the config file is read under a size cap with one clear error (the SDK's
``load_config`` silently falls back to an empty config), keys are matched by host name as the
docker CLI does (the SDK matches ``credHelpers`` keys exactly and ignores ``username``/
``password`` and ``registrytoken`` entries), and a helper is run with a timeout and an output
cap (the SDK waits for it forever: a helper prompting nobody would stall the webhook).
"""

from __future__ import annotations

import binascii
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker import credentials
from docker.auth import TOKEN_USERNAME, decode_auth

from gate.sources.registry.errors import RegistryError
from gate.sources.registry.options import Credentials
from gate.sources.registry.reference import DOCKER_HUB, DOCKER_HUB_AUTH_KEY

_MAX_HEADER = 8192
_MAX_CONFIG_FILE = 4 * 1024 * 1024
_MAX_HELPER_OUTPUT = 1024 * 1024
# Docker Hub credentials may sit under any of these host names in config.json.
_HUB_HOSTS = ("index.docker.io", "docker.io", DOCKER_HUB)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


@dataclass(frozen=True)
class Challenge:
    """One authentication challenge from a WWW-Authenticate header."""

    scheme: str  # lower case: "bearer", "basic"
    params: Mapping[str, str]  # parameter names in lower case


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_BARE_VALUE = re.compile(r"[^\s,]*")
_SEPARATORS = re.compile(r"[\s,]*")
_EQUALS = re.compile(r"\s*=\s*")
_ESCAPE = re.compile(r"\\(.)")


def _parse_header(text: str) -> list[Challenge]:
    found: list[Challenge] = []
    scheme: str | None = None
    params: dict[str, str] = {}
    pos = 0
    while True:
        separators = _SEPARATORS.match(text, pos)
        assert separators is not None  # matches the empty string at worst
        pos = separators.end()
        token = _TOKEN.match(text, pos)
        if token is None:
            break
        equals = _EQUALS.match(text, token.end())
        if equals is not None and scheme is not None:
            pos = equals.end()
            quoted = _QUOTED.match(text, pos)
            if quoted is not None:
                value = _ESCAPE.sub(r"\1", quoted.group(1))
                pos = quoted.end()
            else:
                bare = _BARE_VALUE.match(text, pos)
                assert bare is not None  # matches the empty string at worst
                value = bare.group()
                pos = bare.end()
            params.setdefault(token.group().lower(), value)
            continue
        if scheme is not None:
            found.append(Challenge(scheme, params))
        scheme, params, pos = token.group().lower(), {}, token.end()
    if scheme is not None:
        found.append(Challenge(scheme, params))
    return found


def parse_challenges(headers: Iterable[str]) -> tuple[Challenge, ...]:
    """Every challenge in the WWW-Authenticate header values, in order."""
    found: list[Challenge] = []
    for value in headers:
        found.extend(_parse_header(value[:_MAX_HEADER]))
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Docker's config file (auths, credHelpers, credsStore).


def _hostname(key: str) -> str:
    """``https://index.docker.io/v1/`` → ``index.docker.io``, as the docker CLI compares keys."""
    for prefix in ("https://", "http://"):
        if key.lower().startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.partition("/")[0].lower()


def _server_url(registry: str) -> str:
    """The name `docker login` stores a registry's credentials under."""
    return DOCKER_HUB_AUTH_KEY if registry == DOCKER_HUB else registry


def host_names(name: str) -> tuple[str, ...]:
    """The host names that stand for registry `name` (a host or a config.json key)."""
    host = _hostname(name)
    return _HUB_HOSTS if host in _HUB_HOSTS else (host,)


def _read_config(path: Path) -> Mapping[str, object] | None:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_CONFIG_FILE + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RegistryError(f"docker config {path}: cannot read: {exc.strerror}") from None
    if len(raw) > _MAX_CONFIG_FILE:
        raise RegistryError(f"docker config {path}: larger than {_MAX_CONFIG_FILE} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        reason = " ".join(str(exc).split())
        raise RegistryError(f"docker config {path}: not valid JSON ({reason})") from None
    if not isinstance(data, dict):
        raise RegistryError(f"docker config {path}: not a JSON object")
    return data


def _entry_credentials(path: Path, key: str, entry: object) -> Credentials | None:
    if not isinstance(entry, dict):
        return None

    def text(name: str) -> str:
        value = entry.get(name)
        return value if isinstance(value, str) else ""

    username, password = text("username"), text("password")
    encoded = text("auth")
    if encoded:
        try:
            if not _BASE64.fullmatch(encoded):  # the SDK drops stray characters; docker refuses
                raise binascii.Error(encoded)
            username, password = decode_auth(encoded)
        except (binascii.Error, UnicodeError):
            raise RegistryError(f"docker config {path}: invalid auth entry for {key}") from None
        except ValueError:  # decoded, but no "user:password" to split
            raise RegistryError(f"docker config {path}: auth entry for {key} lacks a ':'") from None
    creds = Credentials(username, password, text("identitytoken"), text("registrytoken"))
    empty = not (creds.has_basic or creds.identity_token or creds.registry_token)
    return None if empty else creds


class _Helper(credentials.Store):  # type: ignore[misc]
    """The SDK's credential-helper client, run with a timeout and an output cap."""

    def __init__(self, helper: str, timeout: float) -> None:
        super().__init__(helper)
        self.timeout = timeout

    def _execute(self, subcmd: str, data_input: bytes | None) -> bytes:
        try:
            done = subprocess.run(
                [self.exe, subcmd],
                input=data_input,
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise credentials.StoreError(f"{self.program}: {error}") from None
        # The SDK tells "not found" from failures by the message; gate goes on without either.
        if done.returncode != 0:
            raise credentials.CredentialsNotFound(f"{self.program} exited {done.returncode}")
        if len(done.stdout) > _MAX_HELPER_OUTPUT:
            raise credentials.StoreError(f"{self.program}: answer over {_MAX_HELPER_OUTPUT} bytes")
        return done.stdout


def _helper_credentials(helper: str, server_url: str, timeout: float) -> Credentials | None:
    # A helper name is a suffix of an executable name, never a path.
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", helper):
        return None
    if shutil.which(f"{credentials.PROGRAM_PREFIX}{helper}") is None:
        return None  # not installed (checked first: the SDK would warn about it)
    try:
        answer: Any = _Helper(helper, timeout).get(server_url)
        username, secret = answer.get("Username"), answer.get("Secret")
    except (credentials.StoreError, ValueError, RecursionError, LookupError, TypeError):
        return None  # "credentials not found", a failing or hung helper: go on without them
    if not isinstance(username, str) or not isinstance(secret, str) or not secret:
        return None
    if username == TOKEN_USERNAME:
        return Credentials(identity_token=secret)
    return Credentials(username, secret)


def docker_config_credentials(
    path: Path, registry: str, *, helper_timeout: float = 5.0
) -> Credentials | None:
    """Credentials for `registry` from Docker's config file, or None.

    Order as in the docker CLI: the registry's credHelpers entry, else credsStore, else the
    ``auths`` entry. A helper that is not installed, fails or times out gives no credentials.
    """
    config = _read_config(path)
    if config is None:
        return None
    hosts = host_names(registry)
    helpers = config.get("credHelpers")
    helper: object = None
    if isinstance(helpers, dict):
        helper = next((helpers[k] for k in helpers if _hostname(k) in hosts), None)
    if helper is None:
        helper = config.get("credsStore")
    if isinstance(helper, str) and helper:
        found = _helper_credentials(helper, _server_url(registry), helper_timeout)
        if found is not None:
            return found
    auths = config.get("auths")
    if not isinstance(auths, dict):
        return None
    exact = _server_url(registry)
    keys = sorted(auths, key=lambda k: k != exact)  # the exact key wins over a look-alike
    for key in keys:
        if isinstance(key, str) and _hostname(key) in hosts:
            creds = _entry_credentials(path, key, auths[key])
            if creds is not None:
                return creds
    return None


# ---------------------------------------------------------------------------------------------
# Bearer tokens.


def parse_token_response(body: bytes) -> tuple[str, float]:
    """(token, lifetime in seconds) from a token server's JSON answer; ValueError when unusable."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    token = data.get("token") or data.get("access_token")
    if not isinstance(token, str) or not token:
        raise ValueError("no token in the answer")
    if any(ch.isspace() or not ch.isprintable() for ch in token):
        raise ValueError("token contains white space or control characters")
    expires = data.get("expires_in")
    # The token spec: absent or too small means 60 seconds.
    lifetime = float(expires) if isinstance(expires, int | float) and expires >= 60 else 60.0
    return token, min(lifetime, 24 * 3600.0)


class TokenCache:
    """Bearer tokens per (registry, scope), kept until shortly before they expire.

    Thread-safe; a token is dropped a little early so it never expires in flight. Bounded in
    bytes as well as entries: the token server picks a token's size (up to the 1 MiB answer
    cap) and the scope it is keyed by, and 256 images of one hostile registry, each answered
    with a 1 MiB token valid for a day, took the webhook from 64 to 464 MB for good (1,024
    entries per client, a client per registry: tens of GB). A token larger than
    `max_token_bytes` is used for its request but not kept; real ones are JWTs or opaque
    strings of 0.2-4 KB.
    """

    def __init__(
        self,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_bytes: int = 1024 * 1024,
        max_token_bytes: int = 16 * 1024,
    ):
        self._entries: dict[tuple[str, str], tuple[str, float]] = {}
        self._max = max_entries
        self._max_bytes = max_bytes
        self._max_token_bytes = max_token_bytes
        self._bytes = 0
        self._clock = clock
        self._lock = threading.Lock()

    @staticmethod
    def _size(key: tuple[str, str], token: str) -> int:
        return len(key[0]) + len(key[1]) + len(token)

    def _drop(self, key: tuple[str, str]) -> None:
        token, _ = self._entries.pop(key)
        self._bytes -= self._size(key, token)

    def get(self, registry: str, scope: str) -> str | None:
        """The cached token, or None when there is none or it is about to expire."""
        with self._lock:
            entry = self._entries.get((registry, scope))
            if entry is None:
                return None
            if entry[1] <= self._clock():
                self._drop((registry, scope))
                return None
            return entry[0]

    def put(self, registry: str, scope: str, token: str, lifetime: float) -> None:
        """Remember `token` for `lifetime` seconds minus a safety margin."""
        now = self._clock()
        expires = now + lifetime - min(30.0, lifetime / 4)
        key = (registry, scope)
        size = self._size(key, token)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if size > self._max_token_bytes:
                return
            if len(self._entries) >= self._max or self._bytes + size > self._max_bytes:
                for stale in [k for k, (_, at) in self._entries.items() if at <= now]:
                    self._drop(stale)
                while self._entries and (
                    len(self._entries) >= self._max or self._bytes + size > self._max_bytes
                ):
                    self._drop(next(iter(self._entries)))
            self._entries[key] = (token, expires)
            self._bytes += size
