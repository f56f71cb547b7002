"""What the caches keep is bounded by the memory it holds, not only by how many entries: a Pod
author who names images of a registry they control chooses how large each config and each
verdict is.

Before the bound, each image of a 7 MiB config added 7 MB to the server for good (60 such
Pods, one after the other, took it from 60 MB to 500 MB; the cache kept 4,096 images), and each
image of 1,990 pip RUNs added 10 MB of findings (16,384 kept).
"""

from __future__ import annotations

import json

import pytest

from gate.webhook.cache import CacheSettings
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import COMPLIANT, WebhookFactory

pytestmark = pytest.mark.registry


def _pushed(registry: LocalRegistry, repository: str, configs: list[bytes]) -> list[str]:
    """Push one image per config; their references."""
    for n, config in enumerate(configs):
        registry.push_image(repository, f"t{n}", config)
    return [f"{registry.host}/{repository}:t{n}" for n in range(len(configs))]


def _padded_config(n: int) -> bytes:
    # A compliant history and a 7 MiB label: under every cap on one config.
    config = json.loads(COMPLIANT)
    config["config"]["Labels"] = {"pad": "x" * (7 << 20), "n": str(n)}
    return json.dumps(config).encode()


def _many_runs_config(n: int) -> bytes:
    # 1,990 installs that may build, each recorded as BuildKit does: 1,990 findings.
    config = json.loads(COMPLIANT)
    config["config"] = {"Cmd": ["app"], "Labels": {"n": str(n)}}
    config["history"] = [
        {
            "created_by": f"RUN /bin/sh -c pip install p{j} {'y' * 440} # buildkit",
            "comment": "buildkit.dockerfile.v0",
        }
        for j in range(1990)
    ]
    config["rootfs"] = {"type": "layers", "diff_ids": []}
    return json.dumps(config).encode()


def test_configs_kept_stay_within_their_memory_budget(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    images = _pushed(registry, "gate/padded", [_padded_config(n) for n in range(8)])
    hook = start_webhook()
    for n, image in enumerate(images):
        assert hook.review_image(image, n + 1, timeout="30s")["allowed"] is True
    caches = hook.webhook.verdicts.caches
    budget = CacheSettings().config_bytes
    # 32 MiB keeps four 7 MiB configs; all eight were kept before.
    assert len(caches.configs) <= budget // (7 << 20)
    assert len(caches.configs) >= 1 and caches.configs.weight <= budget


def test_verdicts_kept_stay_within_their_memory_budget(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    images = _pushed(registry, "gate/many-runs", [_many_runs_config(n) for n in range(3)])
    hook = start_webhook()
    for n, image in enumerate(images):
        response = hook.review_image(image, n + 1, timeout="30s")
        assert response["allowed"] is False
        assert "1990 problems" in str(response["status"])
    caches = hook.webhook.verdicts.caches
    # Each verdict weighs about 21 MB (1,990 findings); 32 MiB keeps one. All three were kept.
    assert len(caches.verdicts) == 1
    assert caches.verdicts.weight <= CacheSettings().verdict_bytes
