"""Pull secrets → registry credentials, matched to images the way the kubelet matches them.

A keyring is built from ``.dockerconfigjson`` (``{"auths": {...}}``) or legacy ``.dockercfg``
(the entries at the top level). Keys follow Kubernetes' rules (pkg/credentialprovider): the
scheme is ignored, ``/v1/`` and ``/v2/`` path prefixes are dropped, each dot-separated host
part may be a glob (``*.example.com``), ports must be equal, the key's path must be a prefix of
the repository path, and more specific keys come first. Docker Hub images fall back to an
``index.docker.io`` key. The Pod's pull secrets are tried first, then its ServiceAccount's, then
the global ones the webhook was started with.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from gate.json_object import NotJsonObject, json_object
from gate.model import GateError
from gate.sources.registry.auth import _entry_credentials
from gate.sources.registry.options import Credentials
from gate.sources.registry.reference import ImageReference
from gate.webhook.admission import PodSpec
from gate.webhook.cache import TTLCache
from gate.webhook.kube import KubeAPI, KubeError

log = logging.getLogger("gate.webhook")

DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson"
DOCKER_CFG = "kubernetes.io/dockercfg"
_DEFAULT_REGISTRY = "index.docker.io"
_MAX_SECRET_BYTES = 1024 * 1024


class CredentialsError(GateError):
    """A pull secret or credentials file cannot be read."""


@dataclass(frozen=True)
class KeyringEntry:
    key: str  # host[:port][/path], as Kubernetes indexes it
    credentials: Credentials
    source: str  # "secret ns/name", "file /path": for logs


def _schemeless(key: str) -> tuple[str, str]:
    """(host[:port] lower case, path) of a config key, scheme dropped."""
    text = key.strip()
    for prefix in ("https://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    host, slash, path = text.partition("/")
    return host.lower(), slash + path


def _index_key(key: str) -> str:
    host, path = _schemeless(key)
    if path.startswith(("/v1/", "/v2/")):
        path = path[3:]
    return host + path if path and path != "/" else host


def _split_port(host: str) -> tuple[str, str]:
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        return name, rest[1:] if rest.startswith(":") else ""
    name, sep, port = host.rpartition(":")
    return (name, port) if sep else (host, "")


def key_matches(key: str, target: str) -> bool:
    """Kubernetes' URLsMatch: does index key `key` cover `target` (``host[:port]/repo``)?"""
    key_host, key_path = _schemeless(key)
    target_host, target_path = _schemeless(target)
    key_name, key_port = _split_port(key_host)
    target_name, target_port = _split_port(target_host)
    if key_port != target_port:
        return False
    key_parts, target_parts = key_name.split("."), target_name.split(".")
    if len(key_parts) != len(target_parts):
        return False
    if not target_path.startswith(key_path):
        return False
    return all(fnmatchcase(t, k) for k, t in zip(key_parts, target_parts, strict=True))


def _is_default_registry(target: str) -> bool:
    first, slash, _ = target.partition("/")
    if not first:
        return False
    if not slash or first in ("docker.io", "index.docker.io"):
        return True
    return not any(c in first for c in ".:")


def kube_target(ref: ImageReference) -> str:
    """The image name the kubelet looks credentials up with: Docker Hub is ``docker.io``."""
    host = "docker.io" if ref.is_docker_hub else ref.registry
    return f"{host}/{ref.repository}"


@dataclass(frozen=True)
class Keyring:
    """Credentials by index key, most specific key first (Kubernetes sorts keys in reverse)."""

    entries: tuple[KeyringEntry, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[KeyringEntry]) -> Keyring:
        return cls(tuple(sorted(entries, key=lambda e: e.key, reverse=True)))

    def lookup(self, ref: ImageReference) -> tuple[Credentials, ...]:
        target = kube_target(ref)
        found = [e.credentials for e in self.entries if key_matches(e.key, target)]
        if not found and _is_default_registry(target):
            found = [e.credentials for e in self.entries if e.key == _DEFAULT_REGISTRY]
        return tuple(found)


def parse_docker_config(raw: bytes, source: str, *, legacy: bool | None = None) -> Keyring:
    """A keyring from ``.dockerconfigjson`` bytes, or legacy ``.dockercfg`` bytes.

    `legacy` None: ``.dockerconfigjson`` when the document has an ``auths`` object.
    """
    if len(raw) > _MAX_SECRET_BYTES:
        raise CredentialsError(f"{source}: larger than {_MAX_SECRET_BYTES} bytes")
    try:
        data = json_object(raw)
    except NotJsonObject as exc:
        raise CredentialsError(f"{source}: {exc}") from None
    if legacy is None:
        legacy = not isinstance(data.get("auths"), dict)
    auths = data if legacy else data.get("auths")
    if not isinstance(auths, dict):
        raise CredentialsError(f"{source}: no auths object")
    entries = []
    for key, entry in auths.items():
        if not isinstance(key, str) or not key.strip():
            continue
        try:
            creds = _entry_credentials(Path(source), key, entry)
        except GateError as exc:
            raise CredentialsError(exc.message.removeprefix("docker config ")) from None
        if creds is not None:
            entries.append(KeyringEntry(_index_key(key), creds, source))
    return Keyring.of(entries)


def keyring_of_secret(secret: Mapping[str, Any], source: str) -> Keyring:
    """The keyring of a Secret object, read only for the two pull-secret types (as the kubelet)."""
    kind = secret.get("type")
    data = secret.get("data")
    if not isinstance(data, dict):
        return Keyring()
    field = {DOCKER_CONFIG_JSON: ".dockerconfigjson", DOCKER_CFG: ".dockercfg"}.get(str(kind))
    encoded = data.get(field) if field else None
    if not isinstance(encoded, str) or not encoded:
        return Keyring()
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise CredentialsError(f"{source}: {field} is not base64") from None
    return parse_docker_config(raw, source, legacy=field == ".dockercfg")


@contextmanager
def _file_errors(path: Path) -> Iterator[None]:
    """An OSError on a pull secret file (stat or read) is a CredentialsError naming the file."""
    try:
        yield
    except OSError as exc:
        raise CredentialsError(f"pull secret file {path}: {exc.strerror}") from None


class GlobalCredentials:
    """Credentials files the webhook was started with; read again when one changes."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = tuple(paths)
        self._stamps: tuple[tuple[int, int], ...] | None = None
        self._keyrings: tuple[Keyring, ...] = ()
        self.keyrings()  # a broken file is an error at start-up, not at the first request

    def _stamp(self) -> tuple[tuple[int, int], ...]:
        stamps = []
        for path in self.paths:
            with _file_errors(path):
                stat = path.stat()
            stamps.append((stat.st_mtime_ns, stat.st_size))
        return tuple(stamps)

    def keyrings(self) -> tuple[Keyring, ...]:
        """One keyring per file, in the order given."""
        try:
            stamps = self._stamp()
            if stamps == self._stamps:
                return self._keyrings
            keyrings = []
            for path in self.paths:
                with _file_errors(path):
                    raw = path.read_bytes()
                legacy = True if path.name == ".dockercfg" else None
                keyrings.append(
                    parse_docker_config(raw, f"pull secret file {path}", legacy=legacy)
                )
        except CredentialsError as exc:
            if self._stamps is None:
                raise
            # A file mid-rotation: keep what was read last.
            log.warning("pull secret file kept", extra={"fields": {"reason": str(exc)}})
            return self._keyrings
        self._keyrings, self._stamps = tuple(keyrings), stamps
        return self._keyrings


@dataclass(frozen=True)
class CredentialChain:
    """The keyrings for one pod, in the order they are tried."""

    keyrings: tuple[Keyring, ...]

    def candidates(self, ref: ImageReference) -> tuple[Credentials, ...]:
        """Every matching credential, pod secrets first; anonymous is the caller's last try."""
        found: list[Credentials] = []
        for keyring in self.keyrings:
            for creds in keyring.lookup(ref):
                if creds not in found:
                    found.append(creds)
        return tuple(found)


class PullSecrets:
    """Builds the credential chain of a pod: its pull secrets, its ServiceAccount's, global ones.

    Secrets and ServiceAccounts are cached for `ttl` seconds so a burst of Pods does not become
    a burst of API reads; a secret that cannot be read is logged and skipped, as the kubelet does.
    """

    def __init__(
        self,
        api: KubeAPI,
        global_credentials: GlobalCredentials | None = None,
        *,
        ttl: float = 30.0,
        size: int = 1024,
    ) -> None:
        self.api = api
        self.global_credentials = global_credentials
        self._secrets: TTLCache[tuple[str, str], Keyring] = TTLCache(size, ttl)
        self._accounts: TTLCache[tuple[str, str], tuple[str, ...]] = TTLCache(size, ttl)

    async def _keyring(self, namespace: str, name: str) -> Keyring:
        cached = self._secrets.get((namespace, name))
        if cached is not None:
            return cached
        source = f"secret {namespace}/{name}"
        try:
            secret = await self.api.secret(namespace, name)
            keyring = keyring_of_secret(secret, source) if secret is not None else Keyring()
        except (KubeError, CredentialsError) as exc:
            log.warning("pull secret skipped", extra={"fields": {"reason": str(exc)}})
            return Keyring()  # not cached: the next request asks again
        self._secrets.put((namespace, name), keyring)
        return keyring

    async def _account_secrets(self, namespace: str, name: str) -> tuple[str, ...]:
        cached = self._accounts.get((namespace, name))
        if cached is not None:
            return cached
        try:
            account = await self.api.service_account(namespace, name)
        except KubeError as exc:
            log.warning("service account skipped", extra={"fields": {"reason": str(exc)}})
            return ()
        names: tuple[str, ...] = ()
        listed = account.get("imagePullSecrets") if account is not None else None
        if isinstance(listed, list):
            entries = [e for e in listed if isinstance(e, dict)]
            found = (e["name"] for e in entries if isinstance(e.get("name"), str))
            names = tuple(dict.fromkeys(found))
        self._accounts.put((namespace, name), names)
        return names

    async def chain(self, namespace: str, pod: PodSpec) -> CredentialChain:
        """The keyrings to try for a pod in `namespace`: one per secret, as the kubelet has."""
        keyrings: list[Keyring] = []
        if namespace:
            for name in pod.pull_secrets:
                keyrings.append(await self._keyring(namespace, name))
            for name in await self._account_secrets(namespace, pod.service_account):
                if name not in pod.pull_secrets:
                    keyrings.append(await self._keyring(namespace, name))
        if self.global_credentials is not None:
            keyrings.extend(self.global_credentials.keyrings())
        return CredentialChain(tuple(keyrings))
