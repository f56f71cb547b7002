"""What one image reference may make the webhook fetch and hold: one config at its cap and a
manifest (12 MiB), not the CLI's 64 MiB. Eight references are fetched at once, so a review
naming eight indexes of large configs held 8 x 64 MiB.

Before, one review naming 8 indexes of 8 configs of 7.9 MiB took the server from 61 MB to
598 MB, answered after 11 s; now 146 MB, in 3.3 s.
"""

from __future__ import annotations

import json

import pytest

from tests.support.fault_http import (
    DOCKER_CONFIG,
    DOCKER_MANIFEST,
    FaultServer,
    Reply,
    fault_server,
    sha256,
)
from tests.webhook.conftest import COMPLIANT, WebhookFactory
from tests.webhook.support import payload, watched

pytestmark = pytest.mark.registry

OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def _serve_index(fault: FaultServer, repo: str, configs: int) -> None:
    """`repo`:v, an index of `configs` images whose configs are 7.9 MiB each (under the cap)."""
    entries = []
    for k in range(configs):
        config = json.loads(COMPLIANT)
        config["config"]["Labels"] = {"pad": "x" * ((79 << 20) // 10), "n": f"{repo}-{k}"}
        blob = json.dumps(config).encode()
        manifest = json.dumps({
            "schemaVersion": 2, "mediaType": DOCKER_MANIFEST, "layers": [],
            "config": {"mediaType": DOCKER_CONFIG, "digest": sha256(blob), "size": len(blob)},
        }).encode()  # fmt: skip
        digest = sha256(manifest)
        fault.route(f"/v2/{repo}/manifests/{digest}", Reply(200, manifest, {
            "Content-Type": DOCKER_MANIFEST, "Docker-Content-Digest": digest}))  # fmt: skip
        fault.route(f"/v2/{repo}/blobs/{sha256(blob)}", Reply(200, blob))
        platform = {"architecture": "amd64", "os": "linux", "variant": f"v{k}"}
        entries.append({"mediaType": DOCKER_MANIFEST, "digest": digest,
                        "size": len(manifest), "platform": platform})  # fmt: skip
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}).encode()
    fault.route(f"/v2/{repo}/manifests/v", Reply(200, index, {
        "Content-Type": OCI_INDEX, "Docker-Content-Digest": sha256(index)}))  # fmt: skip


def test_indexes_of_large_configs_are_denied_within_the_fetch_budget_of_one_reference(
    start_webhook: WebhookFactory,
) -> None:
    with fault_server() as fault:
        for n in range(8):
            _serve_index(fault, f"gate/big{n}", 2)
        hook = start_webhook(insecure_registries=(fault.host,))
        body = payload("pod-create.json", fault.host)
        body["request"]["object"]["spec"] = {
            "containers": [
                {"name": f"c{n}", "image": f"{fault.host}/gate/big{n}:v"} for n in range(8)
            ]
        }
        seen = watched(hook, [lambda: hook.review(body, timeout="10s")])
    (response,) = seen.results
    assert response["allowed"] is False
    assert "manifests and configs come to more than 12 MiB" in response["status"]["message"]
    # Measured +85 MB; before: +180 MB (16 configs of 7.9 MiB held at once).
    assert seen.growth_kib < 130 * 1024
