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
from tests.webhook.support import RunningWebhook, payload

pytestmark = pytest.mark.registry


def _review(hook: RunningWebhook, image: str, uid: int) -> dict[str, object]:
    body = payload("pod-create.json", "unused")
    body["request"]["uid"] = f"00000000-0000-4000-8000-{uid:012d}"
    body["request"]["object"]["spec"] = {"containers": [{"name": "app", "image": image}]}
    return hook.review(body, timeout="30s")


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
    images = []
    for n in range(8):
        registry.push_image("gate/padded", f"p{n}", _padded_config(n))
        images.append(f"{registry.host}/gate/padded:p{n}")
    hook = start_webhook()
    for n, image in enumerate(images):
        assert _review(hook, image, n + 1)["allowed"] is True
    caches = hook.webhook.verdicts.caches
    budget = CacheSettings().config_bytes
    # 32 MiB keeps four 7 MiB configs; all eight were kept before.
    assert len(caches.configs) <= budget // (7 << 20)
    assert len(caches.configs) >= 1 and caches.configs.weight <= budget


def test_verdicts_kept_stay_within_their_memory_budget(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    images = []
    for n in range(3):
        registry.push_image("gate/many-runs", f"r{n}", _many_runs_config(n))
        images.append(f"{registry.host}/gate/many-runs:r{n}")
    hook = start_webhook()
    for n, image in enumerate(images):
        response = _review(hook, image, n + 1)
        assert response["allowed"] is False
        assert "1990 problems" in str(response["status"])
    caches = hook.webhook.verdicts.caches
    # Each verdict weighs about 21 MB (1,990 findings); 32 MiB keeps one. All three were kept.
    assert len(caches.verdicts) == 1
    assert caches.verdicts.weight <= CacheSettings().verdict_bytes
