"""Wiring for `gate serve`: settings in, a running webhook out. The CLI fills WebhookConfig."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gate.model import GateError
from gate.webhook.callers import Callers
from gate.webhook.collector import settle_collector
from gate.webhook.decision import FailureMode, Mode
from gate.webhook.judging import JudgeLimits
from gate.webhook.kube import KubeAPI
from gate.webhook.server import ServerSettings, Webhook, serve
from gate.webhook.tls import ReloadingContext, tls_version
from gate.webhook.verdicts import CacheSettings

if TYPE_CHECKING:
    from gate.policy.engine import PolicyEngine


@dataclass(frozen=True)
class WebhookConfig:
    """Everything `gate serve` is started with."""

    tls_cert: Path
    tls_key: Path
    host: str = "0.0.0.0"
    port: int = 8443
    tls_min_version: str = "1.2"
    # Callers the review endpoints answer (callers.py): a certificate this CA signed, for one
    # of these names (none: any).
    client_ca: Path | None = None
    client_names: tuple[str, ...] = ()
    mode: Mode = "enforce"
    failure: FailureMode = "closed"
    policy_dirs: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    strict: bool = False
    opa_url: str | None = None
    insecure_registries: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()  # SSRF: may resolve to any address
    private_registries: tuple[str, ...] = ()  # SSRF: may resolve to private ranges
    registry_ca: Path | None = None
    global_pull_secrets: tuple[Path, ...] = ()
    kube_api: str = "auto"  # auto | in-cluster | none
    caches: CacheSettings = field(default_factory=CacheSettings)
    secret_ttl: float = 30.0
    registry_timeout: float = 5.0  # one registry request
    max_config_bytes: int = 8 * 1024 * 1024
    max_manifest_bytes: int = 4 * 1024 * 1024
    server: ServerSettings = field(default_factory=ServerSettings)
    judge: JudgeLimits = field(default_factory=JudgeLimits)


def _kube_api(choice: str) -> KubeAPI:
    from gate.webhook.kube import InClusterAPI, InClusterConfig, KubeError, NoKubeAPI

    if choice == "none":
        return NoKubeAPI()
    if choice == "in-cluster":
        return InClusterAPI(InClusterConfig.from_environment())
    if choice == "auto":
        try:
            return InClusterAPI(InClusterConfig.from_environment())
        except KubeError:
            return NoKubeAPI()
    raise GateError(f"--kube-api {choice!r}: want auto, in-cluster or none")


def build(
    config: WebhookConfig, *, kube: KubeAPI | None = None, engine: PolicyEngine | None = None
) -> tuple[Webhook, ReloadingContext]:
    """The webhook and its reloading TLS context; GateError when a setting cannot be used.

    `kube` and `engine` replace what `config` names (another API server, an engine loaded once).
    """
    from gate.policy.bounded import BoundedEngine
    from gate.policy.judge import load_engine
    from gate.runner import PolicyOptions
    from gate.sources.registry.options import RegistryOptions
    from gate.webhook.credentials import GlobalCredentials, PullSecrets
    from gate.webhook.metrics import Metrics
    from gate.webhook.ssrf import HostGuard
    from gate.webhook.verdicts import Verdicts

    tls = ReloadingContext(
        config.tls_cert, config.tls_key, tls_version(config.tls_min_version), config.client_ca
    )
    policy = PolicyOptions(config.policy_dirs, config.data_files, config.strict, config.opa_url)
    if engine is None:
        # Loading decides once (an unknown function fails here, not on the first image): the
        # operator's policies and data do so in a child within limits, as the CLI's do, so a
        # rule that spins or asks for gigabytes on its own ends the start with one line naming
        # it. The server itself never decides (judge workers do, within theirs): the child
        # ends once the policies have loaded.
        engine = load_engine(
            policy.policy_dirs, policy.data_files, opa_url=config.opa_url, bounded=True
        )
        if isinstance(engine, BoundedEngine):
            # Loading decided on an empty input; a rule that crashes regorus (a function that
            # calls itself) or spins once installs are there would pass it, then kill each
            # judge worker as it warms up. Deciding on the workers' warm-up image too makes
            # that one line naming the policy, before anything serves.
            from gate.webhook.judging import prepare_probe, probe

            try:
                engine.probe(partial(probe, policy=policy), prepare_probe)
            finally:
                engine.close()
    t = config.registry_timeout
    registry = RegistryOptions(
        insecure=frozenset(config.insecure_registries),
        connect_timeout=t,
        read_timeout=t,
        request_timeout=t,
        deadline=max(t, config.server.default_timeout),
        max_manifest_bytes=config.max_manifest_bytes,
        max_config_bytes=config.max_config_bytes,
        # One config at the cap and a manifest: 8 references are fetched at once, and 64 MiB
        # each (the CLI's) took the server to 600 MB for one review of 8 indexes of 8 MiB
        # configs; the chart gives the server 200 MiB. Real configs are under 100 KB.
        max_fetch_bytes=config.max_config_bytes + config.max_manifest_bytes,
        # The webhook's own Docker config is no business of the workloads it judges.
        read_docker_config=False,
        ca_bundle=config.registry_ca,
        trust_env=True,
    )
    metrics = Metrics()
    guard = HostGuard.of(config.allowed_hosts, config.private_registries)
    verdicts = Verdicts(
        engine, policy, registry, guard, metrics, config.caches, judge_limits=config.judge
    )
    api = kube if kube is not None else _kube_api(config.kube_api)
    global_credentials = (
        GlobalCredentials(config.global_pull_secrets) if config.global_pull_secrets else None
    )
    pull_secrets = PullSecrets(api, global_credentials, ttl=config.secret_ttl)
    callers = Callers.named(config.client_names) if config.client_ca is not None else None
    return Webhook(config.server, verdicts, pull_secrets, metrics, callers), tls


def run(config: WebhookConfig, *, started: Callable[[int], None] | None = None) -> int:
    """Serve until SIGTERM or SIGINT; the exit status."""
    from gate.webhook import logs

    logs.configure(os.environ.get("GATE_LOG_LEVEL") or "info")
    webhook, tls = build(config)

    def serving(port: int) -> None:
        settle_collector()
        if started is not None:
            started(port)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await serve(webhook, tls, stop=stop, started=serving)

    asyncio.run(main())
    return 0
