"""A config blob built to be costly to parse: refused from its structure, before it is parsed,
so the server process (which parses configs) keeps its memory and its event loop.

Before the cap, four such 8 MiB configs reviewed at once took the server from 130 MB to 940 MB
and stalled /healthz for 4 s; the chart's memory limit is 640 MiB.
"""

from __future__ import annotations

import functools
import json
import time

import pytest

from gate.json_object import MAX_VALUES
from tests.support.registry import LocalRegistry
from tests.webhook.conftest import COMPLIANT, WebhookFactory
from tests.webhook.support import watched

pytestmark = pytest.mark.registry



def _wide_config(n: int) -> bytes:
    # A compliant history beside 2.7 million empty lists (8 MiB, the webhook's config cap).
    config = json.loads(COMPLIANT)
    config["config"]["Labels"] = {"test.gate.dev/n": f"{time.time_ns()}-{n}"}
    text = json.dumps(config)
    return (text[:-1] + ', "x": [' + ",".join(["[]"] * 2_700_000) + "]}").encode()


def test_configs_of_millions_of_values_are_denied_without_growing_the_server(
    start_webhook: WebhookFactory, registry: LocalRegistry
) -> None:
    images = []
    for n in range(4):
        registry.push_image("gate/hostile", f"wide-{n}", _wide_config(n))
        images.append(f"{registry.host}/gate/hostile:wide-{n}")
    compliant = registry.push_image("gate/benign", "beside-wide", COMPLIANT)
    assert compliant
    hook = start_webhook()
    calls = [functools.partial(hook.review_image, image, n + 1) for n, image in enumerate(images)]
    seen = watched(hook, calls)
    for response in seen.results:
        assert response["allowed"] is False
        assert f"made of more than {MAX_VALUES:,} JSON values" in response["status"]["message"]
    # Measured +60..80 MB, as for four benign 8 MiB configs (the bodies); before: +810 MB.
    assert seen.growth_kib < 150 * 1024
    # Without the cap /healthz stalled 4 s (10.6 s on a loaded 2-core machine, load average
    # 11, CPU pressure 95%); with it, up to 1.3 s there: the count runs on the event loop,
    # some 35 ms of CPU per config, stretched by the load.
    assert seen.slowest_health < 2.5
    # A compliant image is still admitted by the same server.
    assert hook.review_image(f"{registry.host}/gate/benign:beside-wide", 9)["allowed"] is True
