"""Latency and throughput of `gate serve` over real HTTPS on loopback, against a local registry.

Starts Debian's docker-registry (tests/support/registry.py, TLS with a generated CA), pushes
`--images` distinct images (each its own config digest: a non-compliant history plus a label),
starts `gate serve` as its own process, then drives /validate with concurrent AdmissionReviews:

- uncached: every request names an image the webhook has not seen (HEAD, manifest, config
  fetch, history → facts → policy);
- cached: the same requests again (tag → digest, config and verdict all from the caches).

Prints p50/p99 latency and requests/s for each. Needs docker-registry, openssl and pytest (the
test support code is reused).

    python benchmarks/bench_webhook.py [--images 200] [--cached-rounds 5] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.registry import make_pki, start_registry  # noqa: E402

CONFIG = REPO / "tests" / "data" / "shared" / "corpus-images" / "c-buildkit.json"
REVIEW = REPO / "tests" / "data" / "webhook" / "deployment-create.json"


def _config(i: int) -> bytes:
    config = json.loads(CONFIG.read_bytes())
    config.setdefault("config", {})["Labels"] = {"bench.gate.dev/n": str(i)}
    return json.dumps(config).encode()


def _review(image: str, n: int) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(REVIEW.read_text())
    body["request"]["uid"] = f"00000000-0000-4000-8000-{n:012d}"
    spec = body["request"]["object"]["spec"]["template"]["spec"]
    spec["containers"][0]["image"] = image
    return body


def _start_gate(pki: Any, ca: Path, workdir: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_PROXY": "*"}
    log = (workdir / "gate.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gate.cli", "serve", "--listen", "127.0.0.1:0",
         "--tls-cert", str(pki.server_cert), "--tls-key", str(pki.server_key),
         "--kube-api", "none", "--allow-registry-host", "127.0.0.1", "--registry-ca", str(ca),
         "--cache-size", "100000"],
        stderr=subprocess.PIPE, stdout=log, text=True, env=env, cwd=REPO,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        entry = json.loads(line)
        if entry["msg"] == "serving":
            # Keep draining the log so the server never blocks on a full pipe.
            drain = subprocess.Popen(["cat"], stdin=process.stderr, stdout=log)
            del drain
            return process, f"https://127.0.0.1:{entry['port']}"
    raise RuntimeError("gate serve did not start")


async def _drive(
    url: str, ca: Path, bodies: list[dict[str, Any]], concurrency: int
) -> tuple[list[float], float, int]:
    # aiohttp's client: httpx's AsyncClient itself tops out near 40 requests/s at this
    # concurrency, which would measure the client instead of the webhook.
    import ssl

    import aiohttp

    context = ssl.create_default_context(cafile=str(ca))
    latencies: list[float] = []
    denied = 0
    gate = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(ssl=context, limit=concurrency)
    async with aiohttp.ClientSession(base_url=url, connector=connector) as client:

        async def one(body: dict[str, Any]) -> None:
            nonlocal denied
            async with gate:
                started = time.perf_counter()
                async with client.post("/validate?timeout=30s", json=body) as answer:
                    document = await answer.json()
                latencies.append(time.perf_counter() - started)
                response = document["response"]
                if not response["allowed"]:
                    if "history[5]" not in response["status"]["message"]:
                        raise RuntimeError(f"unexpected answer: {response}")
                    denied += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(b) for b in bodies))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, denied


def _report(name: str, latencies: list[float], elapsed: float, denied: int) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(
        f"{name:9} {len(ordered):6d} requests  p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  "
        f"{len(ordered) / elapsed:8.1f} req/s  ({denied} denied)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--cached-rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gate-bench-") as tmp:
        workdir = Path(tmp)
        pki = make_pki(workdir / "pki")
        with start_registry(workdir / "registry", pki) as registry:
            started = time.perf_counter()
            images = []
            for i in range(args.images):
                registry.push_image("bench/app", f"v{i}", _config(i))
                images.append(f"{registry.host}/bench/app:v{i}")
            print(f"pushed {len(images)} images in {time.perf_counter() - started:.1f} s")
            process, url = _start_gate(pki, pki.ca_cert, workdir)
            try:
                bodies = [_review(image, n) for n, image in enumerate(images)]
                uncached = asyncio.run(_drive(url, pki.ca_cert, bodies, args.concurrency))
                _report("uncached", *uncached)
                cached = bodies * args.cached_rounds
                _report("cached", *asyncio.run(_drive(url, pki.ca_cert, cached, args.concurrency)))
            finally:
                process.terminate()
                process.wait(timeout=20)
    print(f"concurrency {args.concurrency}; client and server on one machine (loopback, TLS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
