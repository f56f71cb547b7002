"""A registry that answers with a Content-Encoding the webhook did not ask for (it asks for
identity): the body is read as sent, never inflated, so a few hundred kilobytes of gzip cannot
grow the server. Digests are over the bytes sent, so such an answer is refused.

Before, httpx inflated each chunk whole before the size cap saw it: a 1 MB gzip of 1 GiB of
zeros took the server from 61 MB to 313 MB, for one image of one review.
"""

from __future__ import annotations

import zlib

import pytest

from tests.support.fault_http import DOCKER_MANIFEST, Reply, fault_server
from tests.webhook.conftest import WebhookFactory
from tests.webhook.support import payload, watched

pytestmark = pytest.mark.registry


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: the gzip format
    zeros = bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(size >> 20)) + packer.flush()


def test_a_gzip_bomb_from_the_registry_is_denied_without_being_inflated(
    start_webhook: WebhookFactory,
) -> None:
    bomb = _gzip_of_zeros(1 << 30)
    assert len(bomb) < 2 << 20
    headers = {"Content-Type": DOCKER_MANIFEST, "Content-Encoding": "gzip"}
    with fault_server() as fault:
        fault.route("/v2/gate/bomb/manifests/1", Reply(200, bomb, headers))
        hook = start_webhook(insecure_registries=(fault.host,))
        body = payload("pod-create.json", fault.host)
        body["request"]["object"]["spec"] = {
            "containers": [{"name": "app", "image": f"{fault.host}/gate/bomb:1"}]
        }
        seen = watched(hook, [lambda: hook.review(body, timeout="10s")])
    (response,) = seen.results
    assert response["allowed"] is False
    assert "gate/bomb:1" in response["status"]["message"]
    # Measured +2 MB; before: +250 MB, the inflated chunks.
    assert seen.growth_kib < 64 * 1024
