"""Fixtures: images in the suite's real registry, the real policy engine, the Kubernetes API
stand-in, and a factory for running webhooks."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from gate.policy.engine import PolicyEngine
from gate.policy.judge import load_engine
from gate.webhook.judging import JudgeLimits
from gate.webhook.kube import InClusterAPI, InClusterConfig, KubeAPI
from gate.webhook.server import ServerSettings
from gate.webhook.service import WebhookConfig, build
from tests.support.paths import shared
from tests.support.registry import LocalRegistry, Pki
from tests.webhook.support import DATA, KubeStandIn, RunningWebhook

NONCOMPLIANT = shared("corpus-images", "c-buildkit.json").read_bytes()
COMPLIANT = (DATA / "compliant-config.json").read_bytes()


@dataclass(frozen=True)
class Images:
    host: str
    compliant: str
    noncompliant: str
    multi: str  # index: compliant linux/amd64, non-compliant linux/arm64, an attestation
    compliant_digest: str
    noncompliant_digest: str


def _arm64(config: bytes) -> bytes:
    return config.replace(b'"architecture":"amd64"', b'"architecture":"arm64"')


def push_images(registry: LocalRegistry, repo: str = "gate/webhook") -> Images:
    good = registry.push_image(repo, "compliant", COMPLIANT)
    bad = registry.push_image(repo, "noncompliant", NONCOMPLIANT)
    amd64 = registry.push_image(repo, "amd64-only", COMPLIANT, oci=True)
    arm64 = registry.push_image(repo, "arm64-only", _arm64(NONCOMPLIANT), oci=True)
    registry.push_index(
        repo,
        "multi",
        [
            registry.entry(amd64, "linux/amd64"),
            registry.entry(arm64, "linux/arm64"),
            registry.push_attestation(repo, amd64),
        ],
    )
    host = registry.host
    return Images(
        host, f"{host}/{repo}:compliant", f"{host}/{repo}:noncompliant", f"{host}/{repo}:multi",
        good, bad,
    )  # fmt: skip


@pytest.fixture(scope="session")
def images(registry: LocalRegistry) -> Images:
    return push_images(registry)


@pytest.fixture(scope="session")
def engine() -> PolicyEngine:
    return load_engine((), ())


@pytest.fixture
def kube(registry_pki: Pki, tmp_path: Path) -> Iterator[tuple[KubeStandIn, KubeAPI]]:
    """The API stand-in and an InClusterAPI pointed at it (token file and CA as in a pod)."""
    token = secrets.token_urlsafe(16)
    stand_in = KubeStandIn(registry_pki, token)
    (tmp_path / "sa").mkdir()
    (tmp_path / "sa" / "token").write_text(token + "\n")
    api = InClusterAPI(
        InClusterConfig(stand_in.url, tmp_path / "sa" / "token", registry_pki.ca_cert)
    )
    yield stand_in, api
    stand_in.close()


WebhookFactory = Callable[..., RunningWebhook]


@pytest.fixture
def start_webhook(
    registry: LocalRegistry, registry_pki: Pki, engine: PolicyEngine
) -> Iterator[WebhookFactory]:
    """Start a webhook on 127.0.0.1 that trusts the suite's registry; stopped afterwards.

    Keyword arguments override WebhookConfig fields; `server` takes ServerSettings overrides;
    `engine` another policy engine (one loaded with data files).
    """
    running: list[RunningWebhook] = []

    def start(
        *, kube: KubeAPI | None = None, server: dict[str, Any] | None = None, **overrides: Any
    ) -> RunningWebhook:
        settings = replace(ServerSettings(host="127.0.0.1", port=0), **(server or {}))
        ca = overrides.pop("ca", registry_pki.ca_cert)
        policy_engine = overrides.pop("engine", engine)
        # One judge worker unless a test needs more: each costs a process start.
        judge = overrides.pop("judge", JudgeLimits(workers=1))
        config = WebhookConfig(
            tls_cert=overrides.pop("tls_cert", registry_pki.server_cert),
            tls_key=overrides.pop("tls_key", registry_pki.server_key),
            registry_ca=registry.ca_path,
            allowed_hosts=("127.0.0.1",),
            kube_api="none",
            server=settings,
            judge=judge,
        )
        config = replace(config, **overrides)
        webhook, tls = build(config, kube=kube, engine=policy_engine)
        hook = RunningWebhook(webhook, tls, ca)
        running.append(hook)
        return hook

    yield start
    for hook in running:
        hook.close()
