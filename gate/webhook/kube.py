"""The two Kubernetes API reads the webhook needs: a Secret and a ServiceAccount.

`InClusterAPI` talks to the API server with the pod's service account token and CA at the
standard paths; `NoKubeAPI` is for a webhook run outside a cluster (only global credentials).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from gate.model import GateError

SERVICE_ACCOUNT_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")
_MAX_BODY = 2 * 1024 * 1024


class KubeError(GateError):
    """The Kubernetes API could not answer a read."""


class KubeAPI(Protocol):
    """Reads of namespaced objects; None when the object does not exist."""

    async def secret(self, namespace: str, name: str) -> Mapping[str, Any] | None: ...

    async def service_account(self, namespace: str, name: str) -> Mapping[str, Any] | None: ...

    async def aclose(self) -> None: ...


class NoKubeAPI:
    """No cluster to ask: every object is absent."""

    async def secret(self, namespace: str, name: str) -> Mapping[str, Any] | None:
        return None

    async def service_account(self, namespace: str, name: str) -> Mapping[str, Any] | None:
        return None

    async def aclose(self) -> None:
        return None


@dataclass(frozen=True)
class InClusterConfig:
    base_url: str
    token_path: Path
    ca_path: Path
    timeout: float = 5.0

    @classmethod
    def from_environment(cls, directory: Path = SERVICE_ACCOUNT_DIR) -> InClusterConfig:
        """Where a pod finds its API server and credentials; KubeError outside a cluster."""
        host = os.environ.get("KUBERNETES_SERVICE_HOST", "")
        port = os.environ.get("KUBERNETES_SERVICE_PORT", "443")
        if not host:
            raise KubeError("not in a cluster: KUBERNETES_SERVICE_HOST is not set")
        shown = f"[{host}]" if ":" in host else host
        return cls(f"https://{shown}:{port}", directory / "token", directory / "ca.crt")


def _valid_name(name: str) -> bool:
    # DNS subdomain names; anything else cannot name an object and must not reach the URL.
    return 0 < len(name) <= 253 and all(c.isalnum() or c in "-." for c in name) and name.isascii()


class InClusterAPI:
    """GET secrets and service accounts from the API server, as the webhook's service account.

    The token file is read again when it changes: projected service account tokens rotate.
    """

    def __init__(self, config: InClusterConfig) -> None:
        self.config = config
        try:
            context = ssl.create_default_context(cafile=str(config.ca_path))
        except (OSError, ssl.SSLError) as exc:
            raise KubeError(f"Kubernetes CA {config.ca_path}: cannot load: {exc}") from None
        self._http = httpx.AsyncClient(
            base_url=config.base_url, verify=context, timeout=config.timeout, trust_env=False
        )
        self._token = ""
        self._token_stamp: tuple[int, int] | None = None

    def _bearer(self) -> str:
        path = self.config.token_path
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._token_stamp:
                self._token = path.read_text(encoding="utf-8").strip()
                self._token_stamp = stamp
        except OSError as exc:
            raise KubeError(f"service account token {path}: {exc.strerror}") from None
        return self._token

    async def _get(self, path: str, what: str) -> Mapping[str, Any] | None:
        headers = {"Authorization": f"Bearer {self._bearer()}", "Accept": "application/json"}
        try:
            answer = await self._http.get(path, headers=headers)
        except httpx.HTTPError as exc:
            raise KubeError(f"Kubernetes API: {what}: {type(exc).__name__}: {exc}") from None
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise KubeError(f"Kubernetes API: {what}: {answer.status_code} {answer.reason_phrase}")
        if len(answer.content) > _MAX_BODY:
            raise KubeError(f"Kubernetes API: {what}: answer larger than {_MAX_BODY} bytes")
        try:
            data = answer.json()
        except ValueError:
            raise KubeError(f"Kubernetes API: {what}: answer is not JSON") from None
        if not isinstance(data, dict):
            raise KubeError(f"Kubernetes API: {what}: answer is not an object")
        return data

    async def secret(self, namespace: str, name: str) -> Mapping[str, Any] | None:
        if not (_valid_name(namespace) and _valid_name(name)):
            return None
        path = f"/api/v1/namespaces/{quote(namespace)}/secrets/{quote(name)}"
        return await self._get(path, f"secret {namespace}/{name}")

    async def service_account(self, namespace: str, name: str) -> Mapping[str, Any] | None:
        if not (_valid_name(namespace) and _valid_name(name)):
            return None
        path = f"/api/v1/namespaces/{quote(namespace)}/serviceaccounts/{quote(name)}"
        return await self._get(path, f"service account {namespace}/{name}")

    async def aclose(self) -> None:
        await self._http.aclose()
