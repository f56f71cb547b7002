"""Registries are asked a few images at a time (CacheSettings.registry_fetches), and a registry
that never answers holds its slot until the request's deadline. Anyone who may create a Pod
can name such a registry, so another review may wait for a slot until its own deadline: its
registry was never asked, and that is not a registry failure.

Before, such a wait ended as "no answer before the API server's deadline", which
`--registry-failure open` admits: a non-compliant image from a registry that answers was
admitted with a warning while another tenant's reviews named hanging registries (measured
with the default 8 slots and a review of 8 hanging images each second: the victim's image got
its slot 0.05 s before its deadline). An image that waited behind its own registry's fetches
(an outage, with a burst of images from it) still fails as that registry does.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from gate.webhook.cache import CacheSettings
from tests.support.fault_http import Reply, fault_server
from tests.webhook.conftest import Images, WebhookFactory
from tests.webhook.support import wait_until

pytestmark = pytest.mark.registry


def test_an_image_whose_registry_was_never_asked_is_denied_under_fail_open(
    start_webhook: WebhookFactory, images: Images
) -> None:
    with fault_server() as fault:
        for tag in ("1", "2"):
            fault.route(f"/v2/tenant/hangs/manifests/{tag}", Reply(hang=True))
        hook = start_webhook(
            insecure_registries=(fault.host,),
            registry_timeout=30.0,
            caches=CacheSettings(registry_fetches=1),
            failure="open",
            server={"failure": "open"},
        )

        def hanging(tag: str, uid: int, timeout: str) -> dict[str, Any]:
            return hook.review_image(f"{fault.host}/tenant/hangs:{tag}", uid, timeout=timeout)

        with ThreadPoolExecutor(2) as pool:
            # Holds the one slot until its deadline, some 5 s from now.
            first = pool.submit(hanging, "1", 1, "6s")
            assert wait_until(lambda: bool(fault.requests()), 10)
            # Waits behind its own registry: that registry's failure, as before.
            second = pool.submit(hanging, "2", 2, "3s")
            started = time.monotonic()
            victim = hook.review_image(images.noncompliant, 3, timeout="3s")
            elapsed = time.monotonic() - started
            answers = first.result(), second.result()
    # The hanging registry itself is a registry failure: admitted with a warning, as before.
    for answer in answers:
        assert answer["allowed"] is True
        assert "admitted unjudged (registry failure: open)" in answer["warnings"][0]
    assert victim["allowed"] is False
    message = victim["status"]["message"]
    assert "gate/webhook:noncompliant could not be judged" in message
    assert "not asked in time: the gate was busy fetching other images" in message
    assert elapsed < 3.0
